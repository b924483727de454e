/**
 * The decoder's per-type cache of the last text attribute (TS 103 221-2 §5.3.18–5.3.23: equal octets
 * give back the string already built) and the framer's plain views of Buffer chunks. Differential
 * test, seeded: PDUs whose text attributes repeat, differ in one octet at the same length, carry
 * multi-byte or invalid UTF-8; their mutants and truncations. Each decodes
 *  - "warm" (cache primed with the unmutated original) and "cold" (primed with texts of other
 *    lengths, so nothing can hit): the same PDU or the same error code;
 *  - through an X2X3Framer fed Buffer chunks split at random, and from a Buffer that is overwritten
 *    afterwards: the same PDU as decodeX2X3Pdu;
 * and every text attribute decoded equals a strict TextDecoder's reading of its octets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prng } from '../../../test/helpers/random.ts';
import { decodeX2X3Pdu, encodeX2X3Pdu, X2X3Error, X2X3Framer, type DecodedX2X3Pdu, type X2X3Attribute } from './index.ts';
import { basePdu } from './x2x3.fixtures.ts';

const TEXT_TYPES: Record<string, number> = { matchedTargetIdentifier: 17, otherTargetIdentifier: 18, mimeContentType: 19, mimeContentTransferEncoding: 20, sdpSessionDescription: 22 };
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

type Outcome = { ok: true; pdu: DecodedX2X3Pdu } | { ok: false; code: string };
function decode(bytes: Uint8Array): Outcome {
  try {
    return { ok: true, pdu: decodeX2X3Pdu(bytes) };
  } catch (e) {
    if (!(e instanceof X2X3Error)) throw e;
    return { ok: false, code: e.code };
  }
}

/** Texts of lengths no seeded PDU uses: after this, no cached text can match. */
const primer = encodeX2X3Pdu(
  basePdu({ attributes: Object.keys(TEXT_TYPES).map((kind) => ({ kind, value: 'p'.repeat(300 + TEXT_TYPES[kind]!) }) as X2X3Attribute) }),
);
function cold(bytes: Uint8Array): Outcome {
  assert.equal(decode(primer).ok, true);
  return decode(bytes.slice());
}

/** Every text attribute of a decoded PDU, against a strict decode of its own octets (TLV walk, Table 4). */
function textsMatchOctets(pdu: DecodedX2X3Pdu): void {
  const v = new DataView(pdu.raw.buffer, pdu.raw.byteOffset, pdu.raw.byteLength);
  let o = 40;
  let i = 0;
  while (o < pdu.headerLength) {
    const type = v.getUint16(o);
    const len = v.getUint16(o + 2);
    const a = pdu.attributes[i++]!;
    if (TEXT_TYPES[a.kind] !== undefined) {
      assert.equal(TEXT_TYPES[a.kind], type);
      assert.equal((a as { value: string }).value, strict.decode(pdu.raw.subarray(o + 4, o + 4 + len)));
    }
    o += 4 + len;
  }
}

const TARGETS = ['<e164Number>447700900123</e164Number>', '<e164Number>447700900124</e164Number>', '<imsi>234150999999999</imsi>', '<sipUri>sip:zoë@example.org</sipUri>'];

function seeded(rand: () => number, i: number): Uint8Array {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const attributes: X2X3Attribute[] = [
    { kind: 'sequenceNumber', value: i },
    { kind: 'matchedTargetIdentifier', value: rand() < 0.8 ? TARGETS[0]! : pick(TARGETS) },
  ];
  if (rand() < 0.5) attributes.push({ kind: 'mimeContentType', value: pick(['application/sdp', 'application/sdq', 'text/plain; charset=ü']) });
  if (rand() < 0.3) attributes.push({ kind: 'otherTargetIdentifier', value: pick(TARGETS) });
  if (rand() < 0.2) attributes.push({ kind: 'sdpSessionDescription', value: `v=0\r\no=- ${Math.floor(rand() * 3)} 0 IN IP4 192.0.2.1\r\n` });
  if (rand() < 0.2) attributes.push({ kind: 'mimeContentTransferEncoding', value: pick(['binary', '8bit']) });
  return encodeX2X3Pdu(basePdu({ correlationId: BigInt(i % 3), attributes, payload: Uint8Array.of(i & 0xff, 1, 2, 3) }));
}

/** One to three octets changed (often inside the attributes, sometimes to invalid UTF-8), or cut short. */
function mutate(rand: () => number, src: Uint8Array): Uint8Array {
  const b = src.slice();
  if (rand() < 0.15) return b.subarray(0, Math.floor(rand() * b.length));
  const n = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < n; k++) {
    const at = 40 + Math.floor(rand() * (b.length - 40));
    const r = rand();
    b[at] = r < 0.3 ? 0xff : r < 0.5 ? 0xc3 : r < 0.7 ? (b[at]! ^ 1) : Math.floor(rand() * 256);
  }
  return b;
}

test('text cache: warm and cold decodes agree on seeded PDUs, mutants and truncations', () => {
  const rand = prng(0xdec0de);
  let hits = 0;
  let errors = 0;
  for (let i = 0; i < 4000; i++) {
    const original = seeded(rand, i);
    for (const input of [original, mutate(rand, original), mutate(rand, original)]) {
      const expected = cold(input);
      decode(original);
      const warm = decode(input.slice());
      if (expected.ok) {
        assert.ok(warm.ok, `PDU ${i}: warm decode failed with ${warm.ok ? '' : warm.code}`);
        assert.deepEqual(warm.pdu, expected.pdu, `PDU ${i}`);
        textsMatchOctets(warm.pdu);
        hits++;
      } else {
        assert.deepEqual(warm, expected, `PDU ${i}: same error code`);
        errors++;
      }
    }
  }
  assert.ok(hits > 4000 && errors > 1000, `${hits} decoded, ${errors} refused: both paths exercised`);
});

test('framer over Buffer chunks, and a Buffer overwritten after decoding: the PDUs of decodeX2X3Pdu', () => {
  const rand = prng(0xf4a3e);
  const pdus = Array.from({ length: 2000 }, (_, i) => seeded(rand, i));
  const stream = Buffer.concat(pdus);
  const framer = new X2X3Framer();
  const got: DecodedX2X3Pdu[] = [];
  for (let o = 0; o < stream.length; ) {
    const n = 1 + Math.floor(rand() * 700);
    // A fresh Buffer per chunk, as a socket hands them.
    got.push(...framer.push(Buffer.from(stream.subarray(o, o + n))));
    o += n;
  }
  assert.equal(got.length, pdus.length);
  for (const [i, p] of got.entries()) {
    assert.equal(p.payload.constructor, Uint8Array);
    assert.deepEqual(p, decodeX2X3Pdu(pdus[i]!.slice()), `PDU ${i}`);
    // raw and xidBytes are getters (not own properties, so deepEqual does not see them): checked here.
    assert.deepEqual(Buffer.from(p.raw), Buffer.from(pdus[i]!), `PDU ${i}: raw`);
    assert.deepEqual(Buffer.from(p.xidBytes), Buffer.from(pdus[i]!.subarray(16, 32)), `PDU ${i}: xidBytes`);
    textsMatchOctets(p);
  }
  // One Buffer reused for every PDU (a caller's receive buffer): a cached text is a copy, not a view.
  const texts = (p: DecodedX2X3Pdu) => p.attributes.filter((a) => TEXT_TYPES[a.kind] !== undefined).map((a) => (a as { value: string }).value);
  const expected = pdus.map((bytes) => texts(decodeX2X3Pdu(bytes.slice())));
  const scratch = Buffer.alloc(4096);
  for (const [i, bytes] of pdus.entries()) {
    scratch.set(bytes);
    assert.deepEqual(texts(decodeX2X3Pdu(scratch.subarray(0, bytes.length))), expected[i], `PDU ${i}`);
  }
});

test('texts of the same length that differ in one octet, at every position (word-aligned or in the last 1-3 octets), each decode to their own string', () => {
  for (let len = 1; len <= 41; len++) {
    const base = 'a'.repeat(len);
    for (let at = 0; at < len; at++) {
      const other = `${base.slice(0, at)}b${base.slice(at + 1)}`;
      for (const value of [base, other, other, base]) {
        const r = decode(encodeX2X3Pdu(basePdu({ attributes: [{ kind: 'matchedTargetIdentifier', value }] })));
        assert.ok(r.ok);
        assert.deepEqual(r.pdu.attributes, [{ kind: 'matchedTargetIdentifier', value }], `length ${len}, octet ${at}`);
      }
    }
  }
});

test('XID cache: 2,000 XIDs interleaved at random (slots shared and replaced) decode to the text of their own octets', () => {
  const rand = prng(0x51d5);
  const hex = (n: number) => Math.floor(rand() * 16 ** n).toString(16).padStart(n, '0');
  // A third of them differ from one base in the last word only (2^8 slots: many share one), another
  // third in the first word only: the cache must compare every word, not trust the slot.
  const base = `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
  const xids = [...new Set(Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? `${base.slice(0, 28)}${hex(8)}` : i % 3 === 1 ? `${hex(8)}${base.slice(8)}` : `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`)))];
  const encoded = xids.map((xid) => encodeX2X3Pdu(basePdu({ xid })));
  for (let i = 0; i < 40_000; i++) {
    const k = Math.floor(rand() * (i < 20_000 ? 300 : xids.length)); // first a working set near the cache's size, then all
    assert.equal(decodeX2X3Pdu(encoded[k]!).xid, xids[k], `PDU ${i}: XID ${k}`);
  }
});
