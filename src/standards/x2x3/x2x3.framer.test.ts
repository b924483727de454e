import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { encodeX2X3Pdu, keepalivePdu, X2X3DecodeError, X2X3Framer, type DecodedX2X3Pdu } from './index.ts';
import { basePdu, concat, everyAttribute, everyPduTypeAndFormat, x2SipPdu, x3RtpPdu } from './x2x3.fixtures.ts';
import { prng } from '../../../test/helpers/random.ts';

const pdus = [...everyPduTypeAndFormat(), x3RtpPdu(1), x2SipPdu(2), basePdu({ attributes: everyAttribute() }), keepalivePdu(9)];
const encoded = pdus.map((p) => encodeX2X3Pdu(p));
const stream = concat(encoded);

function feed(framer: X2X3Framer, chunks: Uint8Array[]): DecodedX2X3Pdu[] {
  const out: DecodedX2X3Pdu[] = [];
  for (const c of chunks) out.push(...framer.push(c));
  return out;
}

function assertAllDecoded(got: DecodedX2X3Pdu[]): void {
  assert.equal(got.length, pdus.length);
  got.forEach((d, i) => {
    assert.deepEqual(d.raw, encoded[i], `raw octets of PDU ${i}`);
    assert.deepEqual(encodeX2X3Pdu(d), encoded[i], `re-encoding of PDU ${i}`);
  });
}

/** Copies each chunk so no test relies on views of the original stream buffer. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...cuts, bytes.length]) {
    out.push(bytes.slice(prev, c));
    prev = c;
  }
  return out;
}

describe('X2X3Framer (TS 103 221-2 §5.1 stream of PDUs)', () => {
  test('whole stream in one push', () => {
    const f = new X2X3Framer();
    assertAllDecoded(f.push(stream));
    assert.equal(f.pendingBytes, 0);
    f.finish();
  });

  test('one byte at a time', () => {
    const f = new X2X3Framer();
    const out: DecodedX2X3Pdu[] = [];
    for (let i = 0; i < stream.length; i++) {
      const got = f.push(stream.subarray(i, i + 1));
      out.push(...got);
      if (i < stream.length - 1) assert.ok(got.length <= 1);
    }
    assertAllDecoded(out);
    f.finish();
  });

  test('random splits (seeded), including empty chunks', () => {
    const rand = prng(0x5eed);
    for (let round = 0; round < 200; round++) {
      const n = Math.floor(rand() * 12);
      const cuts = Array.from({ length: n }, () => Math.floor(rand() * (stream.length + 1))).sort((a, b) => a - b);
      const f = new X2X3Framer();
      assertAllDecoded(feed(f, split(stream, cuts)));
      assert.equal(f.pendingBytes, 0);
    }
  });

  test('split at every offset of a two-PDU stream', () => {
    const two = concat([encoded[0]!, encodeX2X3Pdu(x2SipPdu(5))]);
    for (let cut = 0; cut <= two.length; cut++) {
      const got = feed(new X2X3Framer(), split(two, [cut]));
      assert.equal(got.length, 2, `cut ${cut}`);
      assert.deepEqual(got[1]!.raw, two.subarray(encoded[0]!.length));
    }
  });

  test('PDUs already returned stay intact after later pushes', () => {
    const f = new X2X3Framer();
    const a = encodeX2X3Pdu(x3RtpPdu(1));
    const b = encodeX2X3Pdu(x3RtpPdu(2));
    const first = f.push(a.slice(0, 50));
    assert.deepEqual(first, []);
    const [pa] = f.push(concat([a.slice(50), b.slice(0, 30)]));
    assert.ok(pa);
    const snapshot = pa.raw.slice();
    const [pb] = f.push(b.slice(30));
    assert.ok(pb);
    assert.deepEqual(pa.raw, snapshot);
    assert.deepEqual(pb.raw, b);
  });

  test('pendingBytes reports a partial PDU; finish() raises X2X3_TRUNCATED', () => {
    const f = new X2X3Framer();
    f.push(encoded[3]!.subarray(0, 7));
    assert.equal(f.pendingBytes, 7);
    f.push(encoded[3]!.subarray(7, 20));
    assert.equal(f.pendingBytes, 20);
    assert.throws(() => f.finish(), (e: unknown) => e instanceof X2X3DecodeError && e.code === 'X2X3_TRUNCATED');
  });

  test('maxPduSize is enforced from the length prefix, before buffering', () => {
    const big = encodeX2X3Pdu(basePdu({ payload: new Uint8Array(5000) }));
    const f = new X2X3Framer({ maxPduSize: 4096 });
    assert.throws(() => f.push(big.subarray(0, 12)), (e: unknown) => e instanceof X2X3DecodeError && e.code === 'X2X3_PDU_TOO_LARGE');
    const ok = new X2X3Framer({ maxPduSize: big.length });
    assert.equal(ok.push(big).length, 1);
    assert.throws(() => new X2X3Framer({ maxPduSize: 10 }), RangeError);
  });

  test('an error is fatal: later pushes raise X2X3_FRAMER_FAILED', () => {
    const f = new X2X3Framer();
    const bad = encoded[2]!.slice();
    bad[0] = 1; // major version 1
    assert.throws(() => f.push(concat([encoded[3]!, bad])), (e: unknown) => e instanceof X2X3DecodeError && e.code === 'X2X3_BAD_VERSION');
    assert.equal(f.failed, true);
    assert.throws(() => f.push(encoded[3]!), (e: unknown) => e instanceof X2X3DecodeError && e.code === 'X2X3_FRAMER_FAILED');
  });

  test('errors report the stream offset of the bad PDU', () => {
    const f = new X2X3Framer();
    const bad = encoded[4]!.slice();
    new DataView(bad.buffer, bad.byteOffset, bad.byteLength).setUint16(14, 9); // direction 9
    const s = concat([encoded[3]!, bad]);
    try {
      for (let i = 0; i < s.length; i += 10) f.push(s.subarray(i, i + 10));
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(e instanceof X2X3DecodeError);
      assert.equal(e.code, 'X2X3_BAD_DIRECTION');
      assert.equal(e.details?.pduStreamOffset, encoded[3]!.length);
    }
  });
});
