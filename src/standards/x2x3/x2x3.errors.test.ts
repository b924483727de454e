import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  decodeProprietaryPayload,
  decodeX2X3Pdu,
  decodeX2X3Pdus,
  encodeProprietaryPayload,
  encodeX2X3Pdu,
  encodeX2X3PduInto,
  ERROR_CODES,
  keepalivePdu,
  X2X3DecodeError,
  X2X3EncodeError,
  X2X3Error,
  X2X3Framer,
  type X2X3Attribute,
  type X2X3ErrorCode,
  type X2X3Pdu,
} from './index.ts';
import { WarrantedError } from '../../platform/errors.ts';
import { basePdu, concat, x2SipPdu } from './x2x3.fixtures.ts';

const raised = new Set<string>();

function expectCode(fn: () => unknown, code: X2X3ErrorCode, klass: typeof X2X3Error = X2X3DecodeError): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof klass, `expected ${klass.name}, got ${String(e)}`);
    assert.ok(e instanceof WarrantedError);
    assert.equal(e.code, code);
    raised.add(e.code);
    return true;
  });
}

/** Encodes a valid PDU, then lets `edit` corrupt it through a DataView. */
function corrupt(pdu: X2X3Pdu, edit: (v: DataView, b: Uint8Array) => void): Uint8Array {
  const b = encodeX2X3Pdu(pdu);
  edit(new DataView(b.buffer, b.byteOffset, b.byteLength), b);
  return b;
}

/** A PDU whose header holds exactly the given raw attribute octets. */
function withRawAttributes(attrs: number[]): Uint8Array {
  const head = encodeX2X3Pdu(basePdu({}));
  const b = concat([head, Uint8Array.from(attrs)]);
  new DataView(b.buffer, b.byteOffset, b.byteLength).setUint32(4, 40 + attrs.length);
  return b;
}

/** Runs each malformed input through decodeX2X3Pdu and through the framer (whole and byte by byte). */
function expectDecodeCode(bytes: Uint8Array, code: X2X3ErrorCode, viaFramer = true): void {
  expectCode(() => decodeX2X3Pdu(bytes), code);
  if (!viaFramer) return;
  expectCode(() => new X2X3Framer().push(bytes), code);
  expectCode(() => {
    const f = new X2X3Framer();
    for (let i = 0; i < bytes.length; i++) f.push(bytes.subarray(i, i + 1));
  }, code);
}

describe('X2/X3 typed errors for malformed input', () => {
  test('truncated and trailing input', () => {
    const good = encodeX2X3Pdu(x2SipPdu());
    expectDecodeCode(good.subarray(0, 5), 'X2X3_TRUNCATED', false);
    expectDecodeCode(good.subarray(0, 39), 'X2X3_TRUNCATED', false);
    expectDecodeCode(good.subarray(0, good.length - 1), 'X2X3_TRUNCATED', false);
    expectCode(() => decodeX2X3Pdus(good.subarray(0, good.length - 1)), 'X2X3_TRUNCATED');
    expectCode(() => decodeX2X3Pdus(concat([good, good.subarray(0, 3)])), 'X2X3_TRUNCATED');
    expectCode(() => decodeX2X3Pdu(concat([good, Uint8Array.of(0)])), 'X2X3_TRAILING_BYTES');
    expectCode(() => decodeX2X3Pdu(new Uint8Array(0)), 'X2X3_TRUNCATED');
  });

  test('major version other than 0 (§5.2.1)', () => {
    expectDecodeCode(corrupt(x2SipPdu(), (v) => v.setUint16(0, 0x0105)), 'X2X3_BAD_VERSION');
    // a minor version other than 5 is accepted (backwards-compatible additions)
    assert.equal(decodeX2X3Pdu(corrupt(x2SipPdu(), (v) => v.setUint16(0, 0x0009))).version, 9);
  });

  test('PDU Type outside Table 2 (§5.2.2)', () => {
    for (const t of [0, 5, 0xffff]) expectDecodeCode(corrupt(x2SipPdu(), (v) => v.setUint16(2, t)), 'X2X3_BAD_PDU_TYPE');
  });

  test('Header Length below 40 (§5.2.3)', () => {
    for (const hl of [0, 12, 39]) expectDecodeCode(corrupt(x2SipPdu(), (v) => v.setUint32(4, hl)), 'X2X3_BAD_LENGTH');
  });

  test('Header/Payload Length larger than the data', () => {
    expectDecodeCode(corrupt(x2SipPdu(), (v) => v.setUint32(8, 0xffffffff)), 'X2X3_TRUNCATED', false);
    expectDecodeCode(corrupt(x2SipPdu(), (v) => v.setUint32(4, 0x7fffffff)), 'X2X3_TRUNCATED', false);
    // in a stream these just wait for more data, up to maxPduSize
    expectCode(() => new X2X3Framer().push(corrupt(x2SipPdu(), (v) => v.setUint32(8, 0xffffffff))), 'X2X3_PDU_TOO_LARGE');
  });

  test('Payload Direction outside Table 3 (§5.2.6)', () => {
    expectDecodeCode(corrupt(x2SipPdu(), (v) => v.setUint16(14, 6)), 'X2X3_BAD_DIRECTION');
  });

  test('keepalive with a payload (§5.2.4)', () => {
    const ka = concat([encodeX2X3Pdu(keepalivePdu(1)), Uint8Array.of(1)]);
    new DataView(ka.buffer, ka.byteOffset, ka.byteLength).setUint32(8, 1);
    expectDecodeCode(ka, 'X2X3_BAD_KEEPALIVE');
  });

  test('attribute TLV overruns (§5.3.1 Table 4)', () => {
    expectDecodeCode(withRawAttributes([0, 8, 0]), 'X2X3_ATTRIBUTE_OVERRUN'); // 3 octets: no room for Type+Length
    expectDecodeCode(withRawAttributes([0, 8, 0, 5, 0, 0, 0, 1]), 'X2X3_ATTRIBUTE_OVERRUN'); // length 5, 4 present
    expectDecodeCode(withRawAttributes([0, 8, 0, 4, 0, 0, 0, 1, 0]), 'X2X3_ATTRIBUTE_OVERRUN'); // stray octet
    expectDecodeCode(withRawAttributes([0, 6, 0xff, 0xff]), 'X2X3_ATTRIBUTE_OVERRUN');
  });

  test('attribute contents that their clause forbids (§5.3.5-§5.3.23)', () => {
    const cases: [string, number[]][] = [
      ['sequence number of 3 octets', [0, 8, 0, 3, 1, 2, 3]],
      ['timestamp of 4 octets', [0, 9, 0, 4, 1, 2, 3, 4]],
      ['timestamp nanoseconds 10^9', [0, 9, 0, 8, 0, 0, 0, 1, 0x3b, 0x9a, 0xca, 0x00]],
      ['IPv4 of 16 octets', [0, 10, 0, 16, ...new Array<number>(16).fill(1)]],
      ['IPv4 of 3 octets', [0, 11, 0, 3, 1, 2, 3]],
      ['IPv6 of 4 octets', [0, 12, 0, 4, 1, 2, 3, 4]],
      ['IPv6 of 15 octets', [0, 13, 0, 15, ...new Array<number>(15).fill(1)]],
      ['port of 1 octet', [0, 14, 0, 1, 1]],
      ['port of 4 octets', [0, 15, 0, 4, 1, 2, 3, 4]],
      ['IP protocol of 2 octets', [0, 16, 0, 2, 0, 6]],
      ['target identifier not UTF-8', [0, 17, 0, 2, 0xc3, 0x28]],
      ['other target identifier not UTF-8', [0, 18, 0, 1, 0xff]],
      ['MIME type not UTF-8', [0, 19, 0, 1, 0x80]],
      ['MIME encoding not UTF-8', [0, 20, 0, 1, 0xfe]],
      ['SDP not UTF-8', [0, 22, 0, 3, 0xe2, 0x82, 0x28]],
      ['additional XID of 16 octets', [0, 21, 0, 16, ...new Array<number>(16).fill(1)]],
      ['additional XID of 27 octets', [0, 21, 0, 27, ...new Array<number>(27).fill(1)]],
      ['proprietary empty', [0, 4, 0, 0]],
      ['proprietary owner length 0', [0, 4, 0, 2, 0, 1]],
      ['proprietary owner overruns', [0, 4, 0, 3, 5, 0x61, 0x62]],
      ['proprietary owner not ASCII', [0, 4, 0, 3, 2, 0x61, 0xe9]],
    ];
    for (const [name, attrs] of cases) {
      assert.doesNotThrow(() => new X2X3Framer().push(withRawAttributes([])), name);
      expectDecodeCode(withRawAttributes(attrs), 'X2X3_BAD_ATTRIBUTE');
    }
  });

  test('malformed proprietary payload (§5.4.5 Table 8)', () => {
    for (const p of [[], [0], [3, 0x61], [1, 0x80]]) {
      expectCode(() => decodeProprietaryPayload(Uint8Array.from(p)), 'X2X3_BAD_PROPRIETARY_PAYLOAD');
    }
  });
});

describe('X2/X3 encoder refuses non-conformant PDUs', () => {
  const bad = (o: Partial<X2X3Pdu>): (() => unknown) => () => encodeX2X3Pdu(basePdu(o));
  const badAttr = (a: X2X3Attribute): (() => unknown) => bad({ attributes: [a] });

  test('header fields', () => {
    const cases: [string, () => unknown][] = [
      ['major version 1', bad({ version: 0x100 })],
      ['negative version', bad({ version: -1 })],
      ['PDU type 5', bad({ pduType: 5 as never })],
      ['format 70000', bad({ payloadFormat: 70000 })],
      ['direction 6', bad({ payloadDirection: 6 as never })],
      ['direction 0 outside keepalive', bad({ payloadDirection: 0 })],
      ['RTP in X2 (Table 7)', bad({ payloadFormat: 8 })],
      ['SIP in X3 (Table 7)', bad({ pduType: 2, payloadFormat: 9 })],
      ['negative correlation ID', bad({ correlationId: -1n })],
      ['65-bit correlation ID', bad({ correlationId: 1n << 64n })],
      ['XID not a UUID', bad({ xid: 'not-a-uuid' })],
      ['keepalive with payload', () => encodeX2X3Pdu({ ...keepalivePdu(1), payload: Uint8Array.of(1) })],
      ['keepalive with XID', () => encodeX2X3Pdu({ ...keepalivePdu(1), xid: basePdu({}).xid })],
      ['keepalive with format', () => encodeX2X3Pdu({ ...keepalivePdu(1), payloadFormat: 5 })],
      ['target buffer too small', () => encodeX2X3PduInto(basePdu({}), new Uint8Array(39))],
      ['target offset past end', () => encodeX2X3PduInto(basePdu({}), new Uint8Array(50), 20)],
    ];
    for (const [name, fn] of cases) {
      assert.throws(fn, (e: unknown) => e instanceof X2X3EncodeError && e.code === 'X2X3_INVALID_PDU', name);
      expectCode(fn, 'X2X3_INVALID_PDU', X2X3EncodeError);
    }
  });

  test('attribute values', () => {
    const cases: X2X3Attribute[] = [
      { kind: 'sequenceNumber', value: -1 },
      { kind: 'sequenceNumber', value: 2 ** 32 },
      { kind: 'sequenceNumber', value: 1.5 },
      { kind: 'timestamp', value: { seconds: 1, nanoseconds: 1e9 } },
      { kind: 'timestamp', value: { seconds: 2 ** 32, nanoseconds: 0 } },
      { kind: 'sourceIpv4Address', value: '1.2.3.256' },
      { kind: 'destinationIpv4Address', value: '2001:db8::1' },
      { kind: 'sourceIpv6Address', value: '1.2.3.4' },
      { kind: 'destinationIpv6Address', value: '::g' },
      { kind: 'sourcePort', value: 65536 },
      { kind: 'destinationPort', value: -1 },
      { kind: 'ipProtocol', value: 256 },
      { kind: 'proprietary', owner: '', value: new Uint8Array(0) },
      { kind: 'proprietary', owner: 'é.example', value: new Uint8Array(0) },
      { kind: 'proprietary', owner: 'a'.repeat(256), value: new Uint8Array(0) },
      { kind: 'additionalXidRelatedInformation', value: { xid: 'x', correlationId: 0n } },
      { kind: 'additionalXidRelatedInformation', value: { xid: basePdu({}).xid, correlationId: -1n } },
      { kind: 'additionalXidRelatedInformation', value: { xid: basePdu({}).xid, correlationId: 0n, sequenceNumber: -1 } },
      { kind: 'unknown', type: 8, value: new Uint8Array(0) },
      { kind: 'unknown', type: 0x10000, value: new Uint8Array(0) },
      { kind: 'ts33128', value: new Uint8Array(0x10000) },
      { kind: 'sdpSessionDescription', value: 'é'.repeat(0x8000) },
    ];
    for (const a of cases) expectCode(badAttr(a), 'X2X3_INVALID_PDU', X2X3EncodeError);
    expectCode(() => encodeProprietaryPayload({ owner: '', value: new Uint8Array(0) }), 'X2X3_INVALID_PDU', X2X3EncodeError);
  });
});

describe('X2/X3 error catalogue', () => {
  test('every ERROR_CODES entry is documented in docs/errors/x2x3.md', () => {
    const doc = readFileSync(resolve(import.meta.dirname, '../../../docs/errors/x2x3.md'), 'utf8');
    for (const { code } of ERROR_CODES) assert.match(doc, new RegExp(`\\|\\s*\`?${code}\`?\\s*\\|`), code);
  });

  test('every ERROR_CODES entry is raised by some malformed input (framer codes included)', () => {
    const f = new X2X3Framer();
    f.push(Uint8Array.of(0, 5));
    expectCode(() => f.finish(), 'X2X3_TRUNCATED');
    expectCode(() => f.push(Uint8Array.of(0)), 'X2X3_FRAMER_FAILED');
    expectCode(() => new X2X3Framer({ maxPduSize: 100 }).push(encodeX2X3Pdu(basePdu({ payload: new Uint8Array(100) }))), 'X2X3_PDU_TOO_LARGE');
    const missing = ERROR_CODES.map((e) => e.code).filter((c) => !raised.has(c));
    assert.deepEqual(missing, []);
  });
});
