import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeHI1Message, decodeHI1Message, withoutReceivedBytes, Hi1Error, HI1_ACTION_ERROR_CODES, targetIdentifierFromHi1, targetIdentifierToHi1 } from './index.ts';
import { allVerbsRequest, allVerbsResponse, liTask, objects, requestWith, topLevelError, header } from './test-fixtures.ts';
import type { HI1Message } from './types.ts';

function roundTrip(m: HI1Message): HI1Message {
  const xml = encodeHI1Message(m);
  const back = withoutReceivedBytes(decodeHI1Message(xml));
  assert.deepEqual(back, m);
  assert.equal(encodeHI1Message(back), xml, 'encoding is deterministic');
  return back;
}

function assertHi1Code(fn: () => unknown, code: string, standardCode?: number): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof Hi1Error, `expected Hi1Error, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (standardCode !== undefined) assert.equal(e.standardCode, standardCode);
    return true;
  });
}

describe('HI-1 round trips', () => {
  test('every object type in CREATE', () => {
    roundTrip(requestWith(...objects));
  });
  test('every request verb', () => {
    roundTrip(allVerbsRequest);
  });
  test('every response verb', () => {
    roundTrip(allVerbsResponse);
  });
  test('top-level ErrorInformation', () => {
    roundTrip(topLevelError);
  });
  test('workflow identifier and message signature', () => {
    roundTrip({
    ...requestWith(liTask),
    header: { ...header, workflowIdentifier: 'wf-1' },
    signatures: [{ namespace: 'http://www.w3.org/2000/09/xmldsig#', name: 'Signature', children: [{ namespace: 'http://www.w3.org/2000/09/xmldsig#', name: 'SignatureValue', text: 'AAAA' }] }],
    });
  });
  test('LDTask (TS 103 120 §8.3): RequestValues kept as received — what an order may name is the Receiver\'s to judge', () => {
    const ld = objects.find((o) => o.objectType === 'LDTask')!;
    const xml = encodeHI1Message(requestWith({ ...ld, requestDetails: { requestValues: [{ formatOwner: 'ETSI', formatName: 'InternationalE164', value: '4477*' }] } }));
    assert.match(xml, /<task:Value>4477\*<\/task:Value>/u);
    const d = decodeHI1Message(xml);
    const act = d.payload.kind === 'request' ? d.payload.actionRequests[0] : undefined;
    assert.ok(act?.verb === 'CREATE' && act.object.objectType === 'LDTask');
    assert.equal(act.object.requestDetails?.requestValues?.[0]?.value, '4477*');
  });
  test('document contents survive as bytes (base64 on the wire)', () => {
    const xml = encodeHI1Message(requestWith(objects[2]!));
    assert.match(xml, /<doc:Contents>AAEC\/f7\/<\/doc:Contents>/u);
    const d = decodeHI1Message(xml);
    const act = d.payload.kind === 'request' ? d.payload.actionRequests[0] : undefined;
    assert.ok(act?.verb === 'CREATE' && act.object.objectType === 'Document');
    assert.deepEqual(act.object.documentBody?.contents, new Uint8Array([0, 1, 2, 253, 254, 255]));
  });
});

describe('received bytes', () => {
  test('each object and each signature keeps its exact received bytes', () => {
    const xml = encodeHI1Message(requestWith(...objects.slice(0, 2)));
    const bytes = new TextEncoder().encode(xml);
    const m = decodeHI1Message(bytes);
    assert.equal(m.received, bytes);
    assert.ok(m.payload.kind === 'request');
    const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);
    for (const a of m.payload.actionRequests) {
      assert.ok(a.verb === 'CREATE');
      const raw = text(a.object.received);
      assert.ok(raw.startsWith('<HI1Object xsi:type=') && raw.endsWith('</HI1Object>'), raw.slice(0, 40));
      assert.ok(raw.includes(a.object.objectIdentifier));
      assert.ok(xml.includes(raw));
    }
    const auth = m.payload.actionRequests[0];
    assert.ok(auth?.verb === 'CREATE' && auth.object.objectType === 'Authorisation');
    const sig = auth.object.authorisationApprovalDetails?.[0]?.approvalDigitalSignature?.received;
    assert.match(text(sig), /^<common:NationalDigitalSignature [^>]*>[\s\S]*judge-key-1[\s\S]*<\/common:NationalDigitalSignature>$/u);
  });
  test('bytes are sliced from the input, multi-byte UTF-8 included', () => {
    const m0 = requestWith({ ...objects[0]!, objectType: 'Authorisation', authorisationManualInformation: 'Ünïcödé ✓ 📄' } as never);
    const bytes = new TextEncoder().encode(encodeHI1Message(m0));
    const m = decodeHI1Message(bytes);
    assert.ok(m.payload.kind === 'request' && m.payload.actionRequests[0]?.verb === 'CREATE');
    const raw = m.payload.actionRequests[0].object.received!;
    assert.equal(raw.buffer, bytes.buffer, 'a view on the received buffer, not a re-serialisation');
    assert.match(new TextDecoder().decode(raw), /Ünïcödé ✓ 📄/u);
  });
});

describe('HI-1 refusals (typed errors)', () => {
  const xml = encodeHI1Message(requestWith(liTask));
  const cases: [string, string, string, number?][] = [
    ['lowercase country code', xml.replace('<CountryCode>XX</CountryCode>', '<CountryCode>xx</CountryCode>'), 'HI1_BAD_VALUE', 3007],
    ['uppercase UUID', xml.replace('c02358b2-76cf', 'C02358B2-76CF'), 'HI1_BAD_VALUE'],
    ['timestamp without microseconds', xml.replace('05.123456Z', '05Z'), 'HI1_BAD_VALUE'],
    ['impossible date', xml.replace('2025-01-02T03', '2025-02-30T03'), 'HI1_BAD_VALUE'],
    ['elements out of order', xml.replace(/(<TransactionIdentifier>.*<\/TransactionIdentifier>)(\s*)(<Timestamp>.*<\/Timestamp>)/u, '$3$2$1'), 'HI1_SCHEMA_VIOLATION'],
    ['unknown element', xml.replace('<Payload>', '<Payload><Extra/>'), 'HI1_SCHEMA_VIOLATION'],
    ['wrong root', xml.replace(/HI1Message/gu, 'HI2Message'), 'HI1_SCHEMA_VIOLATION'],
    ['DOCTYPE', xml.replace('?>', '?><!DOCTYPE HI1Message [<!ENTITY x "y">]>'), 'HI1_XML_FORBIDDEN'],
    ['external entity', xml.replace('LIID1', '&xxe;'), 'HI1_XML_FORBIDDEN'],
    ['processing instruction', xml.replace('<Header>', '<?evil x?><Header>'), 'HI1_XML_FORBIDDEN'],
    ['not well-formed', xml.replace('</Header>', ''), 'HI1_XML_MALFORMED'],
    ['UTF-16 declared', xml.replace('UTF-8', 'UTF-16'), 'HI1_XML_MALFORMED'],
    ['action identifiers out of sequence', xml.replace('<ActionIdentifier>0<', '<ActionIdentifier>1<'), 'HI1_ACTION_SEQUENCE', 3002],
    ['undeclared xsi:type prefix', xml.replace('xsi:type="task:LITaskObject"', 'xsi:type="nope:LITaskObject"'), 'HI1_UNKNOWN_OBJECT_TYPE'],
    ['wildcard target', xml.replace('447700900123', '4477009001*'), 'HI1_BAD_TARGET_IDENTIFIER', 3007],
    ['range target', xml.replace('447700900123', '447700900100..199'), 'HI1_BAD_TARGET_IDENTIFIER'],
    ['compressed IPv6 target (TS 103 280 §6.13 wants it expanded)', xml.replace('2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'), 'HI1_BAD_TARGET_IDENTIFIER'],
    ['bad LIID', xml.replace('<task:Reference>LIID1<', '<task:Reference>LI ID<'), 'HI1_BAD_VALUE'],
    ['mixed content', xml.replace('<Header>', '<Header>text'), 'HI1_SCHEMA_VIOLATION'],
  ];
  for (const [name, input, code, std] of cases) test(name, () => assertHi1Code(() => decodeHI1Message(input), code, std));
  test('empty input and non-XML', () => {
    assertHi1Code(() => decodeHI1Message(''), 'HI1_XML_MALFORMED');
    assertHi1Code(() => decodeHI1Message(new Uint8Array([0xff, 0xfe, 0x00])), 'HI1_XML_MALFORMED');
  });
  test('size and depth limits', () => {
    assertHi1Code(() => decodeHI1Message(xml, { limits: { maxBytes: 100, maxDepth: 48 } }), 'HI1_TOO_LARGE');
    assertHi1Code(() => decodeHI1Message(`${'<a>'.repeat(60)}${'</a>'.repeat(60)}`), 'HI1_TOO_LARGE');
  });
  test('the target-identifier error says where, never what', () => {
    try {
      decodeHI1Message(xml.replace('447700900123', '4477009001*'));
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof Hi1Error);
      assert.equal(e.details?.['objectIdentifier'], liTask.objectIdentifier);
      assert.ok(!e.message.includes('4477009001') && !JSON.stringify(e.details).includes('4477009001'));
    }
  });
});

describe('HI-1 encoder refuses invalid messages', () => {
  const cases: [string, HI1Message][] = [
    ['lowercase country code', { ...requestWith(liTask), header: { ...header, senderIdentifier: { countryCode: 'xx', uniqueIdentifier: 'A' } } }],
    ['wildcard target', requestWith({ ...liTask, targetIdentifier: { targetIdentifierValues: [{ formatOwner: 'ETSI', formatName: 'IMSI', value: '23415*' }] } })],
    ['bad action sequence', { header, payload: { kind: 'request', actionRequests: [{ actionIdentifier: 1, verb: 'GETCSPCONFIG' }] } }],
    ['no actions', { header, payload: { kind: 'request', actionRequests: [] } }],
    ['TCP port 1 (XSD minExclusive 1)', requestWith({ ...liTask, deliveryDetails: [{ deliveryAddress: { kind: 'IPAddressPort', address: { version: 4, value: '192.0.2.1' }, port: { protocol: 'TCP', port: 1 } } }] })],
  ];
  for (const [name, m] of cases) test(name, () => assertHi1Code(() => encodeHI1Message(m), 'HI1_ENCODE_INVALID'));
});

describe('Annex C target identifiers and Annex D codes', () => {
  test('targetIdentifierFromHi1 / targetIdentifierToHi1', () => {
    assert.deepEqual(targetIdentifierFromHi1({ formatOwner: 'ETSI', formatName: 'Ipv4Address', value: '192.0.2.1' }), { kind: 'ipv4Address', value: '192.0.2.1' });
    assert.deepEqual(targetIdentifierToHi1({ kind: 'ipv6Address', value: '2001:db8::1' }), { formatOwner: 'ETSI', formatName: 'IPv6Address', value: '2001:0db8:0000:0000:0000:0000:0000:0001' });
    assert.deepEqual(targetIdentifierToHi1({ kind: 'imei', value: '490154203237518' }).formatName, 'IMEICheckDigit');
    assertHi1Code(() => targetIdentifierFromHi1({ formatOwner: 'XX', formatName: 'Foo', value: 'x' }), 'HI1_BAD_TARGET_IDENTIFIER');
    assertHi1Code(() => targetIdentifierFromHi1({ formatOwner: 'ETSI', formatName: 'IMEI', value: '490154203237518' }), 'HI1_BAD_TARGET_IDENTIFIER');
  });
  test('action error code table', () => {
    assert.equal(HI1_ACTION_ERROR_CODES[3014], 'Attempt to Get an Object that cannot be found.');
    assert.equal(Object.keys(HI1_ACTION_ERROR_CODES).length, 19);
  });
});
