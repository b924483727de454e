import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { encodePsPdu, PsPduDecodeError, PsPduStreamReader, type ReceivedPsPdu } from './index.ts';
import { samples } from './test-fixtures.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const encoded = samples.map((s) => encodePsPdu(s.pdu));
const stream = Buffer.concat(encoded);

function feed(reader: PsPduStreamReader, chunks: Uint8Array[]): ReceivedPsPdu[] {
  return chunks.flatMap((c) => reader.push(c));
}

describe('PsPduStreamReader (TS 102 232-1 §6.4: PDUs back to back on one TCP connection)', () => {
  test('whole stream in one chunk', () => {
    const out = feed(new PsPduStreamReader(), [stream]);
    assert.equal(out.length, samples.length);
    out.forEach((r, i) => {
      assert.deepEqual(r.pdu, samples[i]!.pdu);
      assert.equal(hex(r.bytes), hex(encoded[i]!));
    });
  });

  test('fed one byte at a time', () => {
    const reader = new PsPduStreamReader();
    const out: ReceivedPsPdu[] = [];
    for (let i = 0; i < stream.length; i++) {
      out.push(...reader.push(stream.subarray(i, i + 1)));
      assert.ok(reader.pending <= Math.max(...encoded.map((e) => e.length)));
    }
    assert.equal(reader.pending, 0);
    assert.deepEqual(out.map((r) => r.pdu), samples.map((s) => s.pdu));
  });

  test('random chunk sizes give the same PDUs', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed);
    const chunks: Uint8Array[] = [];
    for (let p = 0; p < stream.length; ) {
      const n = 1 + (rnd() % 300);
      chunks.push(stream.subarray(p, p + n));
      p += n;
    }
    assert.deepEqual(feed(new PsPduStreamReader(), chunks).map((r) => hex(r.bytes)), encoded.map(hex));
  });

  test('a well-framed PDU with a bad inside yields an error item and the stream goes on', () => {
    const bad = Uint8Array.of(0x30, 0x03, 0x04, 0x01, 0x00); // SEQUENCE { OCTET STRING }
    const out = feed(new PsPduStreamReader(), [Buffer.concat([encoded[0]!, bad, encoded[1]!])]);
    assert.equal(out.length, 3);
    assert.ok(out[0]!.pdu && out[2]!.pdu);
    assert.ok(out[1]!.error instanceof PsPduDecodeError);
    assert.equal(out[1]!.error.code, 'HI2HI3_UNEXPECTED_TAG');
  });

  test('broken framing and oversize PDUs are fatal typed errors', () => {
    assert.throws(() => new PsPduStreamReader().push(Uint8Array.of(0x30, 0xff)), { code: 'HI2HI3_BAD_BER' });
    assert.throws(() => new PsPduStreamReader({ maxPduSize: 100 }).push(encoded.find((e) => e.length > 100)!), { code: 'HI2HI3_TOO_LARGE' });
    const r = new PsPduStreamReader({ maxPduSize: 100 });
    assert.deepEqual(r.push(Uint8Array.of(0x30, 0x83, 0x10, 0, 0)), []); // declared 1 MiB: held until it passes the bound
    assert.throws(() => r.push(new Uint8Array(200)), { code: 'HI2HI3_TOO_LARGE' });
  });
});
