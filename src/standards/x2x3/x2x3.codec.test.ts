import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  ATTRIBUTE_KIND_TYPES,
  ATTRIBUTE_TYPES,
  attributesOf,
  decodeProprietaryPayload,
  decodeX2X3Pdu,
  decodeX2X3Pdus,
  encodedX2X3PduLength,
  encodeProprietaryPayload,
  encodeX2X3Pdu,
  encodeX2X3PduInto,
  firstAttribute,
  formatIpv6,
  isPayloadFormatPermitted,
  keepaliveAcknowledgementPdu,
  keepalivePdu,
  PAYLOAD_FORMATS,
  PayloadFormat,
  PduType,
  parseIpv4,
  parseIpv6,
  parseUuid,
  formatUuid,
  timestampFromMillis,
  timestampToMillis,
  ZERO_XID,
  type DecodedX2X3Pdu,
  type X2X3Pdu,
} from './index.ts';
import { basePdu, concat, everyAttribute, everyPduTypeAndFormat, x2SipPdu, x3RtpPdu, XID_A } from './x2x3.fixtures.ts';

/** The model part of a decoded PDU (drops lengths, raw and xidBytes) for deepEqual with the input. */
function model(p: DecodedX2X3Pdu): X2X3Pdu {
  const { headerLength: _h, payloadLength: _p, raw: _r, xidBytes: _x, ...rest } = p;
  return rest;
}

describe('X2/X3 codec round trip (TS 103 221-2 §5)', () => {
  test('every Table 5 attribute kind survives encode → decode, in order, with duplicates', () => {
    const pdu = basePdu({ attributes: everyAttribute(), payload: new TextEncoder().encode('SIP') });
    const bytes = encodeX2X3Pdu(pdu);
    const back = decodeX2X3Pdu(bytes);
    assert.deepEqual(model(back), pdu);
    // every kind of Table 5 is exercised by the fixture
    const kinds = new Set(back.attributes.map((a) => a.kind));
    for (const kind of Object.keys(ATTRIBUTE_KIND_TYPES)) assert.ok(kinds.has(kind as never), kind);
    assert.equal(Object.keys(ATTRIBUTE_KIND_TYPES).length, Object.keys(ATTRIBUTE_TYPES).length);
    // re-encoding the decoded PDU gives the same octets
    assert.deepEqual(encodeX2X3Pdu(back), bytes);
  });

  test('attribute wire encodings follow §5.3.9-§5.3.22', () => {
    const pdu = basePdu({
      attributes: [
        { kind: 'sequenceNumber', value: 0x01020304 },
        { kind: 'timestamp', value: { seconds: 0x65920000, nanoseconds: 5 } },
        { kind: 'sourceIpv4Address', value: '10.1.2.3' },
        { kind: 'destinationIpv6Address', value: '2001:db8::ff00:42:8329' },
        { kind: 'sourcePort', value: 0x1234 },
        { kind: 'ipProtocol', value: 6 },
        { kind: 'proprietary', owner: 'a.b', value: Uint8Array.of(0xee) },
        { kind: 'additionalXidRelatedInformation', value: { xid: XID_A, correlationId: 2n, sequenceNumber: 9 } },
        { kind: 'matchedTargetIdentifier', value: '<imsi>1</imsi>' },
      ],
    });
    const b = encodeX2X3Pdu(pdu);
    const hex = Buffer.from(b.subarray(40, encodedX2X3PduLength(pdu))).toString('hex');
    assert.equal(
      hex,
      '0008000401020304' +
        '000900086592000000000005' +
        '000a00040a010203' +
        '000d001020010db8000000000000ff0000428329' +
        '000e00021234' +
        '0010000106' +
        '0004000503612e62ee' +
        '0015001c2b36a78bb628416dbd22404e68a0cd36000000000000000200000009' +
        '0011000e' + Buffer.from('<imsi>1</imsi>').toString('hex'),
    );
  });

  test('every PDU type (Table 2) and every permitted payload format (Table 7) round-trips', () => {
    const pdus = everyPduTypeAndFormat();
    const types = new Set(pdus.map((p) => p.pduType));
    assert.deepEqual([...types].sort(), [1, 2, 3, 4]);
    const formats = new Set(pdus.map((p) => p.payloadFormat));
    for (const f of Object.keys(PAYLOAD_FORMATS)) assert.ok(formats.has(Number(f)), `format ${f}`);
    for (const pdu of pdus) {
      const bytes = encodeX2X3Pdu(pdu);
      assert.equal(bytes.length, encodedX2X3PduLength(pdu));
      assert.deepEqual(model(decodeX2X3Pdu(bytes)), pdu);
    }
  });

  test('header fields sit where Table 1 puts them', () => {
    const pdu = basePdu({ correlationId: 0xfedcba9876543210n, payload: Uint8Array.of(1, 2, 3) });
    const b = encodeX2X3Pdu(pdu);
    const hex = Buffer.from(b).toString('hex');
    assert.equal(hex.slice(0, 80), '0005' + '0001' + '00000028' + '00000003' + '0009' + '0003' + XID_A.replaceAll('-', '') + 'fedcba9876543210');
    const d = decodeX2X3Pdu(b);
    assert.equal(d.headerLength, 40);
    assert.equal(d.payloadLength, 3);
    assert.deepEqual(d.xidBytes, parseUuid(XID_A));
    assert.equal(d.raw.length, 43);
  });

  test('decode does not copy: payload and raw are views of the input', () => {
    const b = encodeX2X3Pdu(x3RtpPdu(5));
    const d = decodeX2X3Pdu(b);
    assert.equal(d.payload.buffer, b.buffer);
    assert.equal(d.raw.buffer, b.buffer);
    assert.equal(d.payload.byteOffset, b.byteOffset + d.headerLength);
    b[d.headerLength] = 0x99; // a write to the input shows through the view
    assert.equal(d.payload[0], 0x99);
  });

  test('encoder outputs never alias each other (pooled allocation)', () => {
    const outs = Array.from({ length: 600 }, (_, i) => encodeX2X3Pdu(x3RtpPdu(i)));
    const copies = outs.map((o) => o.slice());
    for (const o of outs) o.fill(0xee);
    outs.forEach((o, i) => {
      assert.ok(o.every((x) => x === 0xee));
      assert.deepEqual(decodeX2X3Pdu(copies[i]!).attributes[0], { kind: 'sequenceNumber', value: i });
    });
    const big = encodeX2X3Pdu(basePdu({ payload: new Uint8Array(10_000) }));
    assert.equal(big.byteOffset, 0);
  });

  test('keepalive and acknowledgement carry only the sequence number (§5.1, §6.2.4)', () => {
    const ka = encodeX2X3Pdu(keepalivePdu(42));
    assert.equal(Buffer.from(ka).toString('hex'), '0005000300000030' + '0'.repeat(64) + '000800040000002a');
    const ack = decodeX2X3Pdu(encodeX2X3Pdu(keepaliveAcknowledgementPdu(42)));
    assert.equal(ack.pduType, PduType.KeepaliveAcknowledgement);
    assert.equal(ack.xid, ZERO_XID);
    assert.equal(firstAttribute(ack, 'sequenceNumber')?.value, 42);
  });

  test('encodeX2X3PduInto writes several PDUs into one buffer', () => {
    const pdus = [x3RtpPdu(1), x2SipPdu(2), keepalivePdu(3)];
    const total = pdus.reduce((n, p) => n + encodedX2X3PduLength(p), 0);
    const buf = new Uint8Array(total + 5);
    let o = 5;
    for (const p of pdus) o += encodeX2X3PduInto(p, buf, o);
    assert.equal(o, total + 5);
    assert.deepEqual(buf.subarray(5), concat(pdus.map((p) => encodeX2X3Pdu(p))));
    assert.deepEqual(decodeX2X3Pdus(buf.subarray(5)).map(model), pdus);
  });

  test('firstAttribute honours first-occurrence; attributesOf returns all (§5.3.1)', () => {
    const pdu = decodeX2X3Pdu(encodeX2X3Pdu(basePdu({ attributes: everyAttribute() })));
    assert.equal(firstAttribute(pdu, 'otherTargetIdentifier')?.value, '<sipURI>sip:zoë@example.com</sipURI>');
    assert.equal(attributesOf(pdu, 'otherTargetIdentifier').length, 2);
    assert.equal(firstAttribute(pdu, 'sdpSessionDescription')?.value.startsWith('v=0'), true);
    assert.equal(firstAttribute(basePdu({}), 'timestamp'), undefined);
    const unknown = attributesOf(pdu, 'unknown');
    assert.deepEqual(unknown.map((u) => u.type), [0x7fff, 0]);
  });

  test('unknown attribute types are preserved and re-encoded unchanged', () => {
    const head = encodeX2X3Pdu(basePdu({ payload: Uint8Array.of(0x41) }));
    // splice a type-999 attribute into the header by hand
    const attr = Uint8Array.of(0x03, 0xe7, 0x00, 0x02, 0xab, 0xcd);
    const bytes = concat([head.subarray(0, 40), attr, head.subarray(40)]);
    new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(4, 46);
    const d = decodeX2X3Pdu(bytes);
    assert.deepEqual(d.attributes, [{ kind: 'unknown', type: 999, value: Uint8Array.of(0xab, 0xcd) }]);
    assert.deepEqual(encodeX2X3Pdu(d), bytes);
  });

  test('payload formats newer than Table 7 pass through; Table 7 X2/X3 permissions hold', () => {
    const d = decodeX2X3Pdu(encodeX2X3Pdu(basePdu({ payloadFormat: 200 })));
    assert.equal(d.payloadFormat, 200);
    assert.equal(isPayloadFormatPermitted(PduType.X2, PayloadFormat.RtpPacket), false);
    assert.equal(isPayloadFormatPermitted(PduType.X3, PayloadFormat.RtpPacket), true);
    assert.equal(isPayloadFormatPermitted(PduType.X3, PayloadFormat.SipMessage), false);
    assert.equal(isPayloadFormatPermitted(PduType.X2, PayloadFormat.Ts33108EpsIriContent), true);
    assert.equal(isPayloadFormatPermitted(PduType.Keepalive, PayloadFormat.Ipv4Packet), false);
    assert.equal(PAYLOAD_FORMATS[16].name, '3GPP Unstructured PDU');
  });

  test('large attribute (65535 octets) and large payload', () => {
    const big = new Uint8Array(0xffff).fill(7);
    const pdu = basePdu({ attributes: [{ kind: 'ts33128', value: big }], payload: new Uint8Array(200_000).fill(3) });
    assert.deepEqual(model(decodeX2X3Pdu(encodeX2X3Pdu(pdu))), pdu);
  });
});

describe('X2/X3 helpers', () => {
  test('UUID text ⇄ octets (§5.2.7)', () => {
    const b = parseUuid(XID_A.toUpperCase());
    assert.ok(b);
    assert.equal(formatUuid(b), XID_A);
    assert.equal(parseUuid('2b36a78b-b628-416d-bd22-404e68a0cd3'), undefined);
    assert.equal(parseUuid('2b36a78bxb628-416d-bd22-404e68a0cd36'), undefined);
    assert.equal(parseUuid('zb36a78b-b628-416d-bd22-404e68a0cd36'), undefined);
  });

  test('IPv4/IPv6 text ⇄ octets', () => {
    assert.deepEqual(parseIpv4('255.0.10.1'), Uint8Array.of(255, 0, 10, 1));
    for (const bad of ['256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4.5', 'a.b.c.d', '']) assert.equal(parseIpv4(bad), undefined, bad);
    const cases: [string, string][] = [
      ['::', '::'],
      ['::1', '::1'],
      ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
      ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
      ['::ffff:192.0.2.1', '::ffff:c000:201'],
      ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ];
    for (const [input, canonical] of cases) {
      const b = parseIpv6(input);
      assert.ok(b, input);
      assert.equal(formatIpv6(b), canonical, input);
    }
    for (const bad of ['1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', ':::', '1:2:3:4:5:6:7', 'g::1', '::1.2.3']) {
      assert.equal(parseIpv6(bad), undefined, bad);
    }
  });

  test('timestamps ⇄ milliseconds (§5.3.10)', () => {
    assert.deepEqual(timestampFromMillis(1704110400123), { seconds: 1704110400, nanoseconds: 123_000_000 });
    assert.equal(timestampToMillis({ seconds: 1704110400, nanoseconds: 123_999_999 }), 1704110400123);
  });

  test('proprietary payload (§5.4.5 Table 8)', () => {
    const p = encodeProprietaryPayload({ owner: 'example.org', value: Uint8Array.of(1, 2) });
    assert.deepEqual(p, Uint8Array.of(11, ...new TextEncoder().encode('example.org'), 1, 2));
    assert.deepEqual(decodeProprietaryPayload(p), { owner: 'example.org', value: Uint8Array.of(1, 2) });
  });
});
