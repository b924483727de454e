import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bytesToIpv6,
  CC_PAYLOAD_OID,
  decodeCCPayload,
  decodeIRIPayload,
  decodeLINotificationPayload,
  decodeXIRIPayload,
  encodeCCPayload,
  encodeIRIPayload,
  encodeLINotificationPayload,
  encodeXIRIPayload,
  ERROR_CODES,
  eventTag,
  IRI_PAYLOAD_OID,
  IRI_TYPE_CODES,
  iriTypeOf,
  ipv6ToBytes,
  targetIdentifierFromIdentity,
  XIRI_PAYLOAD_OID,
  xiriToIri,
  type IRIPayload,
  type XIRIEvent,
  type XIRIPayload,
} from './index.ts';
import { sampleCCPayloads, sampleLINotificationPayloads, sampleMDFCellSiteReport, sampleSUPI, sampleXIRIPayloads } from './fixtures.ts';
import { children, ctxAscii, ctxCons, ctxInteger, ctxNull, ctxRelativeOid, decodeBer, encodeBer, sequence, type BerNode } from '../ber/index.ts';
import { validatorsDir, validatorsSkipReason } from '../../../test/helpers/validators.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const testdata = join(validatorsDir, 'testdata');
const imsiTarget = [{ identifier: { kind: 'iMSI' as const, value: '001010123456789' }, provenance: 'lEAProvided' as const }];

describe('TS 33.128 round trips (encode → decode → encode)', () => {
  test('every sample XIRIPayload, one per modelled event, survives a round trip byte for byte', () => {
    const kinds = new Set<string>();
    for (const p of sampleXIRIPayloads) {
      const bytes = encodeXIRIPayload(p);
      const back = decodeXIRIPayload(bytes);
      assert.deepStrictEqual(back, p, p.event.kind);
      assert.equal(hex(encodeXIRIPayload(back)), hex(bytes));
      kinds.add(p.event.kind);
    }
    for (const k of ['registration', 'deregistration', 'locationUpdate', 'startOfInterceptionWithRegisteredUE', 'unsuccessfulAMProcedure', 'pDUSessionEstablishment',
      'pDUSessionModification', 'pDUSessionRelease', 'startOfInterceptionWithEstablishedPDUSession', 'unsuccessfulSMProcedure', 'sMSMessage', 'lALSReport',
      'pDHeaderReport', 'pDSummaryReport', 'sMSReport', 'aMFIdentifierAssocation', 'unknown'])
      assert.ok(kinds.has(k), `sample for ${k}`);
  });
  test('IRIPayloads (with targetIdentifiers) and the IRI-only mDFCellSiteReport', () => {
    const iris: IRIPayload[] = [
      ...sampleXIRIPayloads.map((x) => xiriToIri(x, imsiTarget)),
      { iRIPayloadOID: IRI_PAYLOAD_OID, event: { kind: 'mDFCellSiteReport', value: sampleMDFCellSiteReport } },
      xiriToIri(sampleXIRIPayloads[0]!, [
        { identifier: { kind: 'sUPI', value: sampleSUPI } },
        { identifier: { kind: 'pEI', value: { kind: 'iMEISV', value: '3520990017614801' } }, provenance: 'observed' },
        { identifier: { kind: 'gPSI', value: { kind: 'nAI', value: 'user@example.org' } } },
        { identifier: { kind: 'iPv6Address', value: '2001:db8::2' }, provenance: 'matchedOn' },
        { identifier: { kind: 'ethernetAddress', value: '00:11:22:aa:bb:cc' } },
      ]),
    ];
    for (const p of iris) {
      const bytes = encodeIRIPayload(p);
      assert.deepStrictEqual(decodeIRIPayload(bytes), p, p.event.kind);
      assert.equal(hex(encodeIRIPayload(decodeIRIPayload(bytes))), hex(bytes));
    }
  });
  test('CCPayload (UPFCCPDU, ExtendedUPFCCPDU) and LINotificationPayload', () => {
    for (const p of sampleCCPayloads) assert.deepStrictEqual(decodeCCPayload(encodeCCPayload(p)), p);
    for (const p of sampleLINotificationPayloads) assert.deepStrictEqual(decodeLINotificationPayload(encodeLINotificationPayload(p)), p);
    // UPFCCPDU ::= OCTET STRING: [2] EXPLICIT wraps the [1] primitive holding the packet
    const b = encodeCCPayload({ cCPayloadOID: CC_PAYLOAD_OID, pDU: { kind: 'uPFCCPDU', value: Uint8Array.of(0x45, 0) } });
    assert.equal(hex(b), '300d' + '8105041310050' + '4' + 'a204' + '81024500');
  });
  test('BER leniency: indefinite lengths decode to the same value', () => {
    // XIRIPayload with the outer SEQUENCE and the [2] event wrapper in indefinite form
    const der = readTestVector('ts33128-xiri-deregistration.ber') ?? encodeXIRIPayload(sampleXIRIPayloads[1]!);
    const inner = der.subarray(2);
    const oid = inner.subarray(0, 7);
    const ev = inner.subarray(7 + 2);
    const ber = Uint8Array.from([0x30, 0x80, ...oid, 0xa2, 0x80, ...ev, 0, 0, 0, 0]);
    assert.deepStrictEqual(decodeXIRIPayload(ber), decodeXIRIPayload(der));
  });
});

function readTestVector(name: string): Uint8Array | undefined {
  const p = join(testdata, name);
  return existsSync(p) ? readFileSync(p) : undefined;
}
/** The text of each `<tag>…</tag>` (or the identifier of `<tag><value/></tag>`) in an XER document, in order. */
function xerValues(xer: string, tag: string): string[] {
  const re = new RegExp(`<${tag}>\\s*(?:<([A-Za-z0-9-]+)/>|([^<]*))\\s*</${tag}>`, 'g');
  return [...xer.matchAll(re)].map((m) => m[1] ?? m[2] ?? '');
}
function assertDeregistrationMatchesXer(p: XIRIPayload | IRIPayload, xer: string, oidTag: string) {
  assert.equal(p.event.kind, 'deregistration');
  if (p.event.kind !== 'deregistration') return;
  assert.deepEqual([Object.values(p)[0]], xerValues(xer, oidTag));
  assert.deepEqual([p.event.value.deregistrationDirection], xerValues(xer, 'deregistrationDirection'));
  assert.deepEqual([p.event.value.accessType], xerValues(xer, 'accessType'));
  assert.equal(p.event.value.sUPI?.kind, 'iMSI');
  assert.deepEqual([p.event.value.sUPI?.value], xerValues(xer, 'iMSI'));
}

describe('third-party vectors (validators/testdata) decode to the values in their .xer', { skip: validatorsSkipReason }, () => {
  test('ts33128-xiri-deregistration.ber', () => {
    const p = decodeXIRIPayload(readFileSync(join(testdata, 'ts33128-xiri-deregistration.ber')));
    assert.equal(p.xIRIPayloadOID, XIRI_PAYLOAD_OID);
    assertDeregistrationMatchesXer(p, readFileSync(join(testdata, 'ts33128-xiri-deregistration.xer'), 'utf8'), 'xIRIPayloadOID');
  });
  test('ts33128-iri-deregistration.ber, and xiriToIri of the X2 vector gives the same bytes', () => {
    const bytes = readFileSync(join(testdata, 'ts33128-iri-deregistration.ber'));
    const p = decodeIRIPayload(bytes);
    assertDeregistrationMatchesXer(p, readFileSync(join(testdata, 'ts33128-iri-deregistration.xer'), 'utf8'), 'iRIPayloadOID');
    const x = decodeXIRIPayload(readFileSync(join(testdata, 'ts33128-xiri-deregistration.ber')));
    assert.equal(hex(encodeIRIPayload(xiriToIri(x))), hex(bytes));
  });
  test('the IRIPayload inside ps-pdu-ts33128-iri (threeGPP33128DefinedIRI) decodes', () => {
    const xer = readFileSync(join(testdata, 'ps-pdu-ts33128-iri.xer'), 'utf8');
    const [h] = xerValues(xer, 'threeGPP33128DefinedIRI');
    assert.ok(h);
    const p = decodeIRIPayload(Buffer.from(h, 'hex'));
    assert.equal(p.event.kind, 'deregistration');
    assert.equal(xerValues(xer, 'iRIType')[0], 'iRI-Begin'); // the vector's choice; 33.128 would use REPORT
    assert.equal(iriTypeOf(p.event), 'REPORT');
  });
  test('x2-xiri-ts33128.bin: the XIRIPayload after the TS 103 221-2 header', () => {
    const pdu = readFileSync(join(testdata, 'x2-xiri-ts33128.bin'));
    const view = new DataView(pdu.buffer, pdu.byteOffset, pdu.byteLength);
    // TS 103 221-2 §5.1 Table 1: Version(2) PDU Type(2) Header Length(4) Payload Length(4) Payload Format(2) ...
    assert.equal(view.getUint16(2), 1, 'X2 PDU');
    const headerLength = view.getUint32(4);
    const payloadLength = view.getUint32(8);
    assert.equal(view.getUint16(12), 2, 'payload format 2: TS 33.128 xIRI (§5.4 Table 7)');
    assert.equal(headerLength + payloadLength, pdu.length);
    const p = decodeXIRIPayload(pdu.subarray(headerLength, headerLength + payloadLength));
    assertDeregistrationMatchesXer(p, readFileSync(join(testdata, 'ts33128-xiri-deregistration.xer'), 'utf8'), 'xIRIPayloadOID');
  });
});

describe('typed decode errors', () => {
  const good = encodeXIRIPayload(sampleXIRIPayloads[1]!);
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as { code?: string }).code;
    }
    return 'no error';
  };
  test('not a SEQUENCE, truncated, trailing bytes', () => {
    assert.equal(code(() => decodeXIRIPayload(Uint8Array.of(0x31, 0x00))), 'TS33128_UNEXPECTED_TAG');
    assert.equal(code(() => decodeXIRIPayload(good.subarray(0, good.length - 1))), 'TS33128_BAD_BER');
    assert.equal(code(() => decodeXIRIPayload(Uint8Array.from([...good, 0]))), 'TS33128_BAD_BER');
    assert.equal(code(() => decodeXIRIPayload(new Uint8Array(0))), 'TS33128_BAD_BER');
  });
  test('missing mandatory field, duplicate field, wrong OID, wrong enum value, primitive where constructed', () => {
    // XIRIPayload with only the OID
    assert.equal(code(() => decodeXIRIPayload(Uint8Array.of(0x30, 0x07, 0x81, 0x05, 4, 19, 16, 5, 1))), 'TS33128_MISSING_FIELD');
    assert.equal(code(() => decodeXIRIPayload(Uint8Array.of(0x30, 0x0e, 0x81, 0x05, 4, 19, 16, 5, 1, 0x81, 0x05, 4, 19, 16, 5, 1))), 'TS33128_DUPLICATE_FIELD');
    // the IRI OID in an XIRIPayload
    const wrongOid = Uint8Array.from(good);
    wrongOid[8] = 3;
    assert.equal(code(() => decodeXIRIPayload(wrongOid)), 'TS33128_BAD_OID');
    // AMFDeregistration without deregistrationDirection [1]
    const noDir = encodeXIRIPayload(sampleXIRIPayloads[1]!);
    assert.ok(hex(noDir).includes('810102'));
    const patched = Buffer.from(hex(noDir).replace('810102', '810109'), 'hex'); // uEInitiated(2) → 9: not an AMFDirection
    assert.equal(code(() => decodeXIRIPayload(patched)), 'TS33128_BAD_VALUE');
    assert.equal(code(() => decodeXIRIPayload(Uint8Array.of(0x30, 0x09, 0x81, 0x05, 4, 19, 16, 5, 1, 0x82, 0x00))), 'TS33128_UNEXPECTED_TAG');
    // built with the generic BER builders: AMFDeregistration without the OPTIONAL sUPI is fine,
    // AMFLocationUpdate without its mandatory location [6] is not
    const xiri = (event: BerNode) => encodeBer(sequence([ctxRelativeOid(1, XIRI_PAYLOAD_OID), ctxCons(2, [event])]));
    assert.equal(code(() => decodeXIRIPayload(xiri(ctxCons(2, [ctxInteger(1, 2), ctxInteger(2, 1)])))), 'no error');
    const locationUpdateWithoutLocation = xiri(ctxCons(3, [ctxCons(1, [ctxAscii(1, '001010123456789')])]));
    assert.equal(code(() => decodeXIRIPayload(locationUpdateWithoutLocation)), 'TS33128_MISSING_FIELD');
    // a CHOICE (sUPI [1] EXPLICIT) given as a primitive
    assert.equal(code(() => decodeXIRIPayload(xiri(ctxCons(3, [ctxAscii(1, '001010123456789'), ctxCons(6, [])])))), 'TS33128_UNEXPECTED_TAG');
  });
  test('an unknown event alternative is kept raw, named when Release 16 knows the tag, and re-encoded unchanged', () => {
    const mms = Uint8Array.from([0x30, 0x0f, 0x81, 0x05, 4, 19, 16, 5, 1, 0xa2, 0x06, 0xb1, 0x04, 0x81, 0x02, 0x41, 0x42]);
    const p = decodeXIRIPayload(mms);
    assert.deepStrictEqual(p.event, { kind: 'unknown', tag: 17, name: 'mMSSend', raw: { constructed: true, contents: Uint8Array.of(0x81, 0x02, 0x41, 0x42) } });
    assert.equal(hex(encodeXIRIPayload(p)), hex(mms));
    const future = Uint8Array.from([0x30, 0x0e, 0x81, 0x05, 4, 19, 16, 5, 1, 0xa2, 0x05, 0xbf, 0x64, 0x02, 0x05, 0x00]);
    assert.deepStrictEqual(decodeXIRIPayload(future).event, { kind: 'unknown', tag: 100, raw: { constructed: true, contents: Uint8Array.of(5, 0) } });
    // a constructed unknown alternative whose contents are not BER is refused, not kept
    const broken = Uint8Array.from([0x30, 0x0d, 0x81, 0x05, 4, 19, 16, 5, 1, 0xa2, 0x04, 0xbf, 0x64, 0x01, 0x00]);
    assert.equal(code(() => decodeXIRIPayload(broken)), 'TS33128_BAD_BER');
  });
  test('components added by later releases are skipped (EXTENSIBILITY IMPLIED)', () => {
    const dereg = (extra: BerNode[]) =>
      encodeBer(sequence([ctxRelativeOid(1, XIRI_PAYLOAD_OID), ctxCons(2, [ctxCons(2, [ctxInteger(1, 2), ctxInteger(2, 1), ...extra])])]));
    assert.deepStrictEqual(decodeXIRIPayload(dereg([ctxInteger(50, 7), ctxCons(51, [ctxNull(1)])])), decodeXIRIPayload(dereg([])));
  });
  test('ERROR_CODES lists every code and is documented', () => {
    const doc = readFileSync(new URL('../../../docs/errors/ts33128.md', import.meta.url), 'utf8');
    for (const e of ERROR_CODES) assert.ok(doc.includes(`| ${e.code} |`), e.code);
  });
});

describe('encoder constraint checks (Ts33128EncodeError)', () => {
  const base = sampleXIRIPayloads[1]!;
  const bad = (event: XIRIEvent) => () => encodeXIRIPayload({ ...base, event });
  test('NumericString charset and SIZE, INTEGER ranges, enum names, OIDs', () => {
    assert.throws(bad({ kind: 'deregistration', value: { deregistrationDirection: 'uEInitiated', accessType: 'threeGPPAccess', sUPI: { kind: 'iMSI', value: '00101ABC' } } }), { code: 'TS33128_ENCODE' });
    assert.throws(bad({ kind: 'deregistration', value: { deregistrationDirection: 'uEInitiated', accessType: 'threeGPPAccess', pEI: { kind: 'iMEI', value: '123' } } }), { code: 'TS33128_ENCODE' });
    assert.throws(bad({ kind: 'deregistration', value: { deregistrationDirection: 'uEInitiated', accessType: 'threeGPPAccess', cause: 256 } }), { code: 'TS33128_ENCODE' });
    assert.throws(bad({ kind: 'deregistration', value: { deregistrationDirection: 'sideways' as never, accessType: 'threeGPPAccess' } }), { code: 'TS33128_ENCODE' });
    assert.throws(bad({ kind: 'pDUSessionRelease', value: { sUPI: sampleSUPI, pDUSessionID: 300 } }), { code: 'TS33128_ENCODE' });
    assert.throws(() => encodeXIRIPayload({ ...base, xIRIPayloadOID: 'x.y' }), { code: 'TS33128_ENCODE' });
    assert.throws(bad({ kind: 'pDUSessionModification', value: { requestType: 'modificationRequest', non3GPPAccessEndpoint: { kind: 'iPv4Address', value: '10.0.0.256' } } }), { code: 'TS33128_ENCODE' });
  });
});

describe('IRI type mapping and xiriToIri (MDF2)', () => {
  test('record type per event (TS 33.128 clause 6.2.x.3 conventions)', () => {
    const byKind = Object.fromEntries(sampleXIRIPayloads.map((p) => [p.event.kind, iriTypeOf(p.event)]));
    assert.equal(byKind.registration, 'REPORT');
    assert.equal(byKind.deregistration, 'REPORT');
    assert.equal(byKind.locationUpdate, 'REPORT');
    assert.equal(byKind.pDUSessionEstablishment, 'BEGIN');
    assert.equal(byKind.startOfInterceptionWithEstablishedPDUSession, 'BEGIN');
    assert.equal(byKind.pDUSessionModification, 'CONTINUE');
    assert.equal(byKind.pDUSessionRelease, 'END');
    assert.equal(byKind.unsuccessfulSMProcedure, 'REPORT');
    assert.equal(byKind.sMSMessage, 'REPORT');
    assert.equal(iriTypeOf({ kind: 'unknown', tag: 57, name: 'sMFMAPDUSessionEstablishment', raw: { constructed: true, contents: new Uint8Array(0) } }), 'BEGIN');
    assert.equal(iriTypeOf({ kind: 'mDFCellSiteReport', value: [] }), 'REPORT');
    assert.deepEqual(IRI_TYPE_CODES, { BEGIN: 1, END: 2, CONTINUE: 3, REPORT: 4 });
  });
  test('xiriToIri keeps the record, sets the IRI OID, renames [5] and [10], adds targets', () => {
    const am = sampleXIRIPayloads.find((p) => p.event.kind === 'unsuccessfulAMProcedure')!;
    const iri = xiriToIri(am, imsiTarget);
    assert.equal(iri.iRIPayloadOID, IRI_PAYLOAD_OID);
    assert.equal(iri.event.kind, 'unsuccessfulRegistrationProcedure');
    assert.equal(eventTag(iri.event), 5);
    assert.deepStrictEqual(iri.targetIdentifiers, imsiTarget);
    const sm = sampleXIRIPayloads.find((p) => p.event.kind === 'unsuccessfulSMProcedure')!;
    assert.equal(xiriToIri(sm).event.kind, 'unsuccessfulSessionProcedure');
    assert.equal(xiriToIri(sm).targetIdentifiers, undefined);
    // same event bytes on X2 and HI2: only the OID arc and the targetIdentifiers differ
    const eventElement = (b: Uint8Array) => hex(children(decodeBer(b))[1]!.raw);
    assert.equal(eventElement(encodeIRIPayload(xiriToIri(sampleXIRIPayloads[0]!))), eventElement(encodeXIRIPayload(sampleXIRIPayloads[0]!)));
  });
  test('targetIdentifierFromIdentity maps the TS 103 280 identities', () => {
    assert.deepEqual(targetIdentifierFromIdentity({ kind: 'imsi', value: '001010123456789' }), { kind: 'iMSI', value: '001010123456789' });
    assert.deepEqual(targetIdentifierFromIdentity({ kind: 'e164Number', value: '447700900123' }), { kind: 'mSISDN', value: '447700900123' });
    assert.deepEqual(targetIdentifierFromIdentity({ kind: 'imei', value: '352099001761481' }), { kind: 'iMEI', value: '35209900176148' });
    assert.equal(targetIdentifierFromIdentity({ kind: 'sipUri', value: 'sip:a@b' }), undefined);
  });
});

describe('address text forms', () => {
  test('IPv6 parse/format (RFC 5952)', () => {
    for (const [text, canon] of [
      ['2001:db8::1', '2001:db8::1'],
      ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['::', '::'],
      ['::ffff:192.0.2.1', '::ffff:c000:201'],
      ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
      ['fe80::', 'fe80::'],
    ] as const) {
      const b = ipv6ToBytes(text);
      assert.ok(b, text);
      assert.equal(bytesToIpv6(b), canon);
    }
    for (const badText of ['1::2::3', '12345::', '1:2:3:4:5:6:7:8:9', 'g::1', '1:2:3:4:5:6:7']) assert.equal(ipv6ToBytes(badText), undefined, badText);
  });
});
