/**
 * X2/X3 codec against material nobody here wrote: the shared test vectors (hand-built per
 * TS 103 221-2, sipgate's captured X2 PDU) and Wireshark's 5gli dissector via decode-x2x3.sh.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatorsDir, validatorsSkipReason, validateBytes, vectorsDir } from './helpers/validators.ts';
import {
  decodeX2X3Pdu,
  decodeX2X3Pdus,
  encodeX2X3Pdu,
  firstAttribute,
  PayloadFormat,
  PduType,
  X2X3Framer,
  type DecodedX2X3Pdu,
} from '../src/standards/x2x3/index.ts';
import { tcpSegments } from '../src/standards/pcap/pcap.ts';
import { basePdu, everyAttribute, everyPduTypeAndFormat, samplePayload, x2SipPdu, x3RtpPdu } from '../src/standards/x2x3/x2x3.fixtures.ts';

const skip = validatorsSkipReason;
const testdata = (name: string): Uint8Array => new Uint8Array(readFileSync(join(validatorsDir, 'testdata', name)));
const thirdParty = (name: string): Uint8Array => new Uint8Array(readFileSync(join(vectorsDir, 'x2x3', name)));

function byteByByte(bytes: Uint8Array): DecodedX2X3Pdu[] {
  const f = new X2X3Framer();
  const out: DecodedX2X3Pdu[] = [];
  for (let i = 0; i < bytes.length; i++) out.push(...f.push(bytes.subarray(i, i + 1)));
  f.finish();
  return out;
}

/** Decodes whole and byte by byte, checks both agree and that re-encoding gives the same octets. */
function decodeAllWays(bytes: Uint8Array): DecodedX2X3Pdu[] {
  const whole = decodeX2X3Pdus(bytes);
  const streamed = byteByByte(bytes);
  assert.equal(streamed.length, whole.length);
  whole.forEach((p, i) => {
    assert.deepEqual(streamed[i]!.raw, p.raw);
    assert.deepEqual(encodeX2X3Pdu(p), p.raw, 'encoder reproduces the received octets');
  });
  return whole;
}

describe('X2/X3 shared vectors decode', () => {
  test('x2-xiri-ts33128.bin: X2 xIRI with NFID, sequence number, timestamp, target', { skip }, () => {
    const [p] = decodeAllWays(testdata('x2-xiri-ts33128.bin'));
    assert.ok(p);
    assert.equal(p.version, 5);
    assert.equal(p.pduType, PduType.X2);
    assert.equal(p.payloadFormat, PayloadFormat.Ts33128DefinedPayload);
    assert.equal(p.xid, '2b36a78b-b628-416d-bd22-404e68a0cd36');
    assert.equal(p.correlationId, 1n);
    assert.equal(new TextDecoder().decode(firstAttribute(p, 'networkFunctionId')?.value), 'amf-1');
    assert.equal(firstAttribute(p, 'sequenceNumber')?.value, 1);
    assert.deepEqual(firstAttribute(p, 'timestamp')?.value, { seconds: 1704110400, nanoseconds: 123456000 });
    assert.equal(firstAttribute(p, 'matchedTargetIdentifier')?.value, 'imsi-001010123456789');
    assert.equal(p.payload.length, 38);
    assert.equal(p.payload[0], 0x30);
  });

  test('x3-ipv4.bin: X3 IPv4 packet', { skip }, () => {
    const [p] = decodeAllWays(testdata('x3-ipv4.bin'));
    assert.ok(p);
    assert.equal(p.pduType, PduType.X3);
    assert.equal(p.payloadFormat, PayloadFormat.Ipv4Packet);
    assert.equal(p.payloadDirection, 3);
    assert.equal(firstAttribute(p, 'sequenceNumber')?.value, 2);
    assert.equal(p.payload[0], 0x45);
    assert.equal(p.payload.length, 32);
  });

  test('x2x3-keepalive.bin: keepalive with sequence number 7', { skip }, () => {
    const [p] = decodeAllWays(testdata('x2x3-keepalive.bin'));
    assert.ok(p);
    assert.equal(p.pduType, PduType.Keepalive);
    assert.equal(p.payload.length, 0);
    assert.equal(firstAttribute(p, 'sequenceNumber')?.value, 7);
  });

  test('x2x3-two-pdus.bin: two PDUs back to back', { skip }, () => {
    const pdus = decodeAllWays(testdata('x2x3-two-pdus.bin'));
    assert.deepEqual(pdus.map((p) => p.pduType), [PduType.X2, PduType.X3]);
    assert.deepEqual(pdus[0]!.raw, testdata('x2-xiri-ts33128.bin'));
    assert.deepEqual(pdus[1]!.raw, testdata('x3-ipv4.bin'));
  });

  test('sipgate-x2-demo-01.bin: third-party X2 SIP REGISTER', { skip }, () => {
    const [p] = decodeAllWays(thirdParty('sipgate-x2-demo-01.bin'));
    assert.ok(p);
    assert.equal(p.pduType, PduType.X2);
    assert.equal(p.payloadFormat, PayloadFormat.SipMessage);
    assert.equal(p.xid, '8c292fa1-5831-46ec-86be-bd85f2083299');
    assert.equal(firstAttribute(p, 'matchedTargetIdentifier')?.value, '<E164Number>494012345678</E164Number>');
    assert.ok(new TextDecoder().decode(p.payload).startsWith('REGISTER sip:'));
  });

  test('x2x3-samples.pcap: the TCP payloads are the four .bin vectors, framed the same', { skip }, () => {
    const segs = tcpSegments(testdata('x2x3-samples.pcap'));
    assert.equal(segs.length, 4);
    const names = ['x2-xiri-ts33128.bin', 'x3-ipv4.bin', 'x2x3-two-pdus.bin', 'x2x3-keepalive.bin'];
    segs.forEach((s, i) => assert.deepEqual(s.payload, testdata(names[i]!)));
    const f = new X2X3Framer();
    const pdus = segs.flatMap((s) => f.push(s.payload));
    assert.deepEqual(pdus.map((p) => p.pduType), [1, 2, 1, 2, 3]);
  });

  test('sipgate-x2-demo-01.pcap: TCP payload equals the .bin and decodes', { skip }, () => {
    const segs = tcpSegments(thirdParty('sipgate-x2-demo-01.pcap'));
    assert.equal(segs.length, 1);
    assert.equal(segs[0]!.destinationPort, 9999);
    assert.deepEqual(segs[0]!.payload, thirdParty('sipgate-x2-demo-01.bin'));
    assert.equal(decodeX2X3Pdu(segs[0]!.payload).xid, '8c292fa1-5831-46ec-86be-bd85f2083299');
  });
});

describe("X2/X3 encoder output passes decode-x2x3.sh (framing check + Wireshark's 5gli)", () => {
  test('every PDU type, payload format and attribute kind', { skip }, () => {
    const pdus = [
      ...everyPduTypeAndFormat(),
      x3RtpPdu(1),
      x2SipPdu(2),
      basePdu({ attributes: everyAttribute(), payload: samplePayload(PayloadFormat.SipMessage) }),
    ];
    const files = pdus.map((p, i) => ({ name: `pdu-${String(i).padStart(2, '0')}.bin`, bytes: encodeX2X3Pdu(p) }));
    // one multi-PDU stream too (what a sender writes on one connection)
    files.push({ name: 'stream.bin', bytes: Buffer.concat(files.slice(0, 5).map((f) => f.bytes)) });
    const r = validateBytes('decode-x2x3.sh', files, ['-P']);
    assert.equal(r.ok, true, `${r.stderr}\n${r.stdout.slice(-3000)}`);
    assert.doesNotMatch(r.stdout, /malformed/i);
    assert.doesNotMatch(r.stdout, /Expert Info/);
    assert.doesNotMatch(r.stderr, /FAILED|flagged/);
    // tshark saw every PDU as 5gli, with our XIDs
    assert.equal(r.stdout.match(/^5G Lawful Interception$/gm)?.length, pdus.length + 5);
    for (const xid of new Set(pdus.map((p) => p.xid))) assert.ok(r.stdout.includes(`XID: ${xid}`), xid);
    assert.ok(r.stdout.includes('Sequence Number: 4294967294'));
    assert.ok(r.stdout.includes('Source IPv6 address: 2001:db8::1'));
    assert.ok(r.stdout.includes('Timestamp: Jan  1, 2024 12:00:00.999999999 UTC'));
    // -P: the TS 33.128 payloads decoded as XIRIPayload with the asn1c codec as well
    assert.match(r.stdout, /=== input \d+ PDU at offset \d+: X2 TS 33.128 payload/);
    assert.match(r.stdout, /<iMSI>001010123456789<\/iMSI>/);
  });

  test('the validator does reject a malformed PDU (the check above can fail)', { skip }, () => {
    const bad = encodeX2X3Pdu(x2SipPdu(1));
    new DataView(bad.buffer, bad.byteOffset, bad.byteLength).setUint32(4, 45); // header length 45: attribute TLVs no longer fit
    const r = validateBytes('decode-x2x3.sh', [{ name: 'bad.bin', bytes: bad }]);
    assert.equal(r.ok, false);
  });
});
