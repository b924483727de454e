import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decodeX1Request, decodeX1Response, encodeX1Request, encodeX1Response } from './index.ts';
import { requestContainers, responseContainers, topLevelError, requests, fullTask, header, XID } from './test-samples.ts';
import { X1_NS, WARRANT_BINDING_NS } from './constants.ts';

describe('X1 round trip (encode → decode)', () => {
  test('every request type, alone and all in one container', () => {
    const seen = new Set<string>();
    for (const c of requestContainers) {
      const xml = encodeX1Request(c);
      assert.deepEqual(decodeX1Request(xml), c);
      assert.deepEqual(decodeX1Request(new TextEncoder().encode(xml)), c, 'Uint8Array input decodes the same');
      for (const m of c.x1RequestMessage) seen.add(m.messageType);
    }
    assert.equal(seen.size, 20, 'all 20 request types covered');
  });

  test('every response type, alone and all in one container', () => {
    const seen = new Set<string>();
    for (const c of responseContainers) {
      const xml = encodeX1Response(c);
      assert.deepEqual(decodeX1Response(xml), c);
      for (const m of c.x1ResponseMessage) seen.add(m.messageType);
    }
    assert.equal(seen.size, 21, 'all 21 response types covered (20 + ErrorResponse)');
  });

  test('TopLevelErrorResponse has no x1TransactionId', () => {
    const xml = encodeX1Response(topLevelError);
    assert.ok(xml.includes('<X1TopLevelErrorResponse'));
    assert.ok(!xml.includes('x1TransactionId'));
    assert.deepEqual(decodeX1Response(xml), topLevelError);
  });

  test('encoding uses explicit namespaces and xsi:type', () => {
    const xml = encodeX1Request({ x1RequestMessage: [requests[0]!] });
    assert.ok(xml.includes(`xmlns="${X1_NS}"`));
    assert.ok(xml.includes('xsi:type="ActivateTaskRequest"'));
    assert.ok(xml.includes(`xmlns:wb="${WARRANT_BINDING_NS}"`));
    assert.match(xml, /<taskDetailsExtensions><Owner>[^<]+<\/Owner><wb:warrantBinding><wb:warrantId>W-2024-000123<\/wb:warrantId><wb:warrantHash>[0-9a-f]{64}<\/wb:warrantHash><\/wb:warrantBinding><\/taskDetailsExtensions>/);
  });

  test('warrant binding survives a round trip on every task-carrying message', () => {
    const decoded = decodeX1Request(encodeX1Request({ x1RequestMessage: [{ ...header, messageType: 'ModifyTaskRequest', taskDetails: fullTask }] }));
    const m = decoded.x1RequestMessage[0]!;
    assert.equal(m.messageType, 'ModifyTaskRequest');
    assert.deepEqual(m.messageType === 'ModifyTaskRequest' && m.taskDetails.warrantBinding, fullTask.warrantBinding);
  });

  test('compressed IPv6 input is written in the TS 103 280 full form', () => {
    const xml = encodeX1Request({
      x1RequestMessage: [{ ...header, messageType: 'ActivateTaskRequest', taskDetails: { ...fullTask, targetIdentifiers: [{ kind: 'ipv6Address', value: '2001:DB8::1' }, { kind: 'ipv6Cidr', value: '2001:db8::/32' }, { kind: 'ipv6Address', value: '::ffff:192.0.2.1' }] } }],
    });
    const t = decodeX1Request(xml).x1RequestMessage[0]!;
    assert.ok(t.messageType === 'ActivateTaskRequest');
    assert.deepEqual(t.taskDetails.targetIdentifiers, [
      { kind: 'ipv6Address', value: '2001:0db8:0000:0000:0000:0000:0000:0001' },
      { kind: 'ipv6Cidr', value: '2001:0db8:0000:0000:0000:0000:0000:0000/32' },
      { kind: 'ipv6Address', value: '0000:0000:0000:0000:0000:ffff:c000:0201' },
    ]);
  });

  test('decoder maps the 5G choices onto the identity kinds', () => {
    const xml = encodeX1Request({ x1RequestMessage: [requests[1]!] })
      .replace('<e164Number>447700900000</e164Number>', '<gpsiMsisdn>447700900000</gpsiMsisdn></targetIdentifier><targetIdentifier><supiimsi>234150999999999</supiimsi></targetIdentifier><targetIdentifier><peiImei>35209900176148</peiImei>');
    const t = decodeX1Request(xml).x1RequestMessage[0]!;
    assert.ok(t.messageType === 'ActivateTaskRequest');
    assert.deepEqual(t.taskDetails.targetIdentifiers, [
      { kind: 'e164Number', value: '447700900000' },
      { kind: 'imsi', value: '234150999999999' },
      { kind: 'imei', value: '35209900176148' },
    ]);
  });

  test('XSD white-space rules: tokens collapse; comments and processing instructions are ignored', () => {
    const xml = encodeX1Request({ x1RequestMessage: [{ ...header, messageType: 'DeactivateTaskRequest', xId: XID }] })
      .replace(`<xId>${XID}</xId>`, `<?pi before?><xId>\n   <!-- c --><?pi inside?>${XID}  </xId>`);
    const m = decodeX1Request(xml).x1RequestMessage[0]!;
    assert.ok(m.messageType === 'DeactivateTaskRequest');
    assert.equal(m.xId, XID);
  });
});
