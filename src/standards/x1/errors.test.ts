/** Each error the X1 codec raises, with its stable code and §6.7 code; and the error catalogue. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decodeX1Request, decodeX1Response, encodeX1Request, encodeX1Response, ERROR_CODES, X1_ERROR_CODE_MEANINGS, X1_MAX_DOCUMENT_SIZE,
  X1Error, X1ErrorCode, isX1ErrorCode,
} from './index.ts';
import { fullTask, header, minimalTask, requests } from './test-samples.ts';
import type { AnyX1Request } from './types.ts';

const activate = encodeX1Request({ x1RequestMessage: [{ ...header, messageType: 'ActivateTaskRequest', taskDetails: fullTask }] });
const ping = encodeX1Request({ x1RequestMessage: [{ ...header, messageType: 'PingRequest' }] });

function rejects(f: () => unknown, code: string, standardCode: number): void {
  assert.throws(f, (e) => {
    assert.ok(e instanceof X1Error, `expected X1Error, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.standardCode, standardCode);
    return true;
  });
}

describe('X1 decode errors (§6.7 codes)', () => {
  test('not well-formed → X1_XML_MALFORMED / 1010', () => {
    rejects(() => decodeX1Request('<X1Request'), 'X1_XML_MALFORMED', 1010);
    rejects(() => decodeX1Request(new Uint8Array([0xff, 0xfe, 0x00])), 'X1_XML_MALFORMED', 1010);
    rejects(() => decodeX1Request(''), 'X1_XML_MALFORMED', 1010);
    rejects(() => decodeX1Request(ping.replace('admf.example', '&undefinedEntity;')), 'X1_XML_MALFORMED', 1010);
  });
  test('DTD / entities → X1_DTD_FORBIDDEN / 1010 (also the billion-laughs shape)', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE X1Request [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>${ping.slice(ping.indexOf('<X1Request'))}`;
    rejects(() => decodeX1Request(lol), 'X1_DTD_FORBIDDEN', 1010);
  });
  test('too large → X1_INPUT_TOO_LARGE / 1000', () => {
    rejects(() => decodeX1Request(' '.repeat(X1_MAX_DOCUMENT_SIZE + 1)), 'X1_INPUT_TOO_LARGE', 1000);
  });
  test('wrong namespace → X1_WRONG_NAMESPACE / 1010', () => {
    rejects(() => decodeX1Request(ping.replace('http://uri.etsi.org/03221/X1/2017/10', 'urn:not-x1')), 'X1_WRONG_NAMESPACE', 1010);
    rejects(() => decodeX1Request(ping.replace('xsi:type="PingRequest"', 'xsi:type="etsi:PingRequest"')), 'X1_WRONG_NAMESPACE', 1010);
  });
  test('structure → X1_SCHEMA_VIOLATION / 1010', () => {
    rejects(() => decodeX1Response(ping), 'X1_SCHEMA_VIOLATION', 1010); // a request is not a response
    rejects(() => decodeX1Request(ping.replace('<neIdentifier>ne-01.operator.example</neIdentifier>', '')), 'X1_SCHEMA_VIOLATION', 1010);
    rejects(() => decodeX1Request(ping.replace('</x1TransactionId>', '</x1TransactionId><xId>x</xId>')), 'X1_SCHEMA_VIOLATION', 1010);
    rejects(() => decodeX1Request(ping.replace(' xsi:type="PingRequest"', '')), 'X1_SCHEMA_VIOLATION', 1010);
    rejects(() => decodeX1Request(ping.replace('xsi:type="PingRequest"', 'xsi:type="PingResponse"')), 'X1_SCHEMA_VIOLATION', 1010);
    rejects(() => decodeX1Request(ping.replace('<admfIdentifier>', 'text<admfIdentifier>')), 'X1_SCHEMA_VIOLATION', 1010);
    rejects(() => decodeX1Request(activate.replace('<deliveryType>X2andX3</deliveryType>', '<deliveryType>X2AndX3</deliveryType>')), 'X1_SCHEMA_VIOLATION', 1010);
    rejects(() => decodeX1Request(activate.replace('<e164Number>447700900123</e164Number>', '<e164Number>+447700900123</e164Number>')), 'X1_SCHEMA_VIOLATION', 1010);
  });
  test('UUIDs → X1_BAD_UUID / 1010 (upper case is not a TS 103 280 UUID)', () => {
    rejects(() => decodeX1Request(activate.replace(`<xId>${fullTask.xId}</xId>`, `<xId>${fullTask.xId.toUpperCase()}</xId>`)), 'X1_BAD_UUID', 1010);
    rejects(() => decodeX1Request(ping.replace(header.x1TransactionId, 'not-a-uuid')), 'X1_BAD_UUID', 1010);
  });
  test('timestamps → X1_BAD_TIMESTAMP / 1010', () => {
    for (const bad of ['2024-05-01T12:34:56Z', '2024-02-30T00:00:00.000000Z', '2024-05-01T24:00:00.000000Z', '2024-05-01T12:34:56.123456+15:00']) {
      rejects(() => decodeX1Request(ping.replace(header.messageTimestamp, bad)), 'X1_BAD_TIMESTAMP', 1010);
    }
  });
  test('version → X1_UNSUPPORTED_VERSION / 1020', () => {
    rejects(() => decodeX1Request(ping.replace('v1.22.1', 'v2.0.0')), 'X1_UNSUPPORTED_VERSION', 1020);
    rejects(() => decodeX1Response(encodeX1Response({ kind: 'X1TopLevelErrorResponse', ...header }).replace('v1.22.1', '1.22')), 'X1_UNSUPPORTED_VERSION', 1020);
  });
  test('generic objects → X1_UNSUPPORTED_MESSAGE / 1000', () => {
    rejects(() => decodeX1Request(ping.replace('xsi:type="PingRequest"', 'xsi:type="DeleteAllObjectsRequest"')), 'X1_UNSUPPORTED_MESSAGE', 1000);
  });
  test('TargetIdentifier outside the exact kinds → X1_UNSUPPORTED_TARGET_IDENTIFIER / 3010', () => {
    for (const choice of ['<macAddress>00:00:5e:00:53:01</macAddress>', '<tcpPortRange><start>1</start><end>65535</end></tcpPortRange>', '<impu>sip:x@y</impu>']) {
      rejects(() => decodeX1Request(activate.replace('<e164Number>447700900123</e164Number>', choice)), 'X1_UNSUPPORTED_TARGET_IDENTIFIER', 3010);
    }
  });
  test('error carries the message index and request type, never the value', () => {
    const two = encodeX1Request({ x1RequestMessage: [requests[23]!, { ...header, messageType: 'DeactivateTaskRequest', xId: minimalTask.xId }] })
      .replace(`<xId>${minimalTask.xId}</xId>`, '<xId>447700900123</xId>');
    try {
      decodeX1Request(two);
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof X1Error);
      assert.equal(e.details?.messageIndex, 1);
      assert.equal(e.details?.requestMessageType, 'DeactivateTask');
      assert.ok(!e.message.includes('447700900123') && !JSON.stringify(e.details).includes('447700900123'));
    }
  });
  test('warrant binding malformed → X1_WARRANT_BINDING_INVALID / 1010', () => {
    rejects(() => decodeX1Request(activate.replace(/<wb:warrantHash>[0-9a-f]+</, '<wb:warrantHash>ABC<')), 'X1_WARRANT_BINDING_INVALID', 1010);
    const twice = activate.replace(/(<wb:warrantBinding>.*<\/wb:warrantBinding>)/, '$1$1');
    rejects(() => decodeX1Request(twice), 'X1_WARRANT_BINDING_INVALID', 1010);
    rejects(() => decodeX1Request(activate.replace('<wb:warrantId>', '<wb:other/><wb:warrantId>')), 'X1_WARRANT_BINDING_INVALID', 1010);
  });
  test('other owners\' extensions are skipped', () => {
    const other = activate.replace('<taskDetailsExtensions>', '<taskDetailsExtensions><Owner>someone</Owner><o:x xmlns:o="urn:other">1</o:x></taskDetailsExtensions><taskDetailsExtensions>');
    const m = decodeX1Request(other).x1RequestMessage[0]!;
    assert.ok(m.messageType === 'ActivateTaskRequest');
    assert.deepEqual(m.taskDetails.warrantBinding, fullTask.warrantBinding);
  });
});

describe('X1 encode errors', () => {
  const bad: [string, AnyX1Request][] = [
    ['bad UUID', { ...header, messageType: 'DeactivateTaskRequest', xId: 'nope' }],
    ['bad timestamp', { ...header, messageTimestamp: '2024-05-01T12:34:56Z', messageType: 'PingRequest' }],
    ['bad version', { ...header, version: '2.0', messageType: 'PingRequest' }],
    ['no targets', { ...header, messageType: 'ActivateTaskRequest', taskDetails: { ...minimalTask, targetIdentifiers: [] } }],
    ['IMSI too short', { ...header, messageType: 'ActivateTaskRequest', taskDetails: { ...minimalTask, targetIdentifiers: [{ kind: 'imsi', value: '123' }] } }],
    ['bad hash', { ...header, messageType: 'ActivateTaskRequest', taskDetails: { ...minimalTask, warrantBinding: { warrantId: 'W', warrantHash: 'xyz' } } }],
    ['control char', { ...header, messageType: 'ReportNEIssueRequest', typeOfNeIssueMessage: 'Alert', description: 'a\u0001b' }],
    ['token with spaces', { ...header, admfIdentifier: ' admf ', messageType: 'PingRequest' }],
  ];
  for (const [what, m] of bad) {
    test(`${what} → X1_ENCODE_INVALID`, () => rejects(() => encodeX1Request({ x1RequestMessage: [m] }), 'X1_ENCODE_INVALID', 1000));
  }
  test('empty container → X1_ENCODE_INVALID', () => {
    rejects(() => encodeX1Request({ x1RequestMessage: [] }), 'X1_ENCODE_INVALID', 1000);
    rejects(() => encodeX1Response({ kind: 'X1Response', x1ResponseMessage: [] }), 'X1_ENCODE_INVALID', 1000);
  });
});

describe('X1 error catalogue', () => {
  test('§6.7 Table 46 is complete: every code in the spec text is in X1ErrorCode', () => {
    const codes = Object.values(X1ErrorCode);
    assert.equal(codes.length, 42);
    assert.ok(codes.every((c) => isX1ErrorCode(c) && X1_ERROR_CODE_MEANINGS[c].description.length > 0));
    assert.equal(isX1ErrorCode(1234), false);
  });
  test('docs/errors/x1.md documents every ERROR_CODES entry', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../../docs/errors/x1.md'), 'utf8');
    for (const e of ERROR_CODES) {
      assert.match(doc, new RegExp(`\\|\\s*${e.code}\\s*\\|\\s*${String(e.standardCode)}\\s*\\|`), e.code);
    }
  });
});
