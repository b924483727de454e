import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProprietaryPayload, decodeX2X3Pdu, encodeX2X3Pdu, X2X3Error, X2X3Framer } from './index.ts';
import { basePdu, everyAttribute, everyPduTypeAndFormat, x2SipPdu, x3RtpPdu } from './x2x3.fixtures.ts';
import { prng, randomBytes } from '../../../test/helpers/random.ts';

const seeds = [...everyPduTypeAndFormat(), x3RtpPdu(1), x2SipPdu(2), basePdu({ attributes: everyAttribute() })].map((p) =>
  encodeX2X3Pdu(p),
);

/** Runs `fn`; only X2X3Error may escape. Returns true when it decoded without error. */
function onlyTypedErrors(fn: () => unknown, input: Uint8Array): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (!(e instanceof X2X3Error)) {
      assert.fail(`untyped error ${String(e)} for input ${Buffer.from(input).toString('hex')}`);
    }
    return false;
  }
}

function mutate(rand: () => number, src: Uint8Array): Uint8Array {
  const b = src.slice();
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const pick = rand();
    const at = Math.floor(rand() * b.length);
    if (pick < 0.5) b[at] = Math.floor(rand() * 256);
    else if (pick < 0.7) b[at] = (b[at] ?? 0) ^ (1 << Math.floor(rand() * 8));
    else if (pick < 0.85) {
      // hit the length fields and attribute headers more often
      const hot = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 40, 41, 42, 43];
      const h = hot[Math.floor(rand() * hot.length)]!;
      if (h < b.length) b[h] = Math.floor(rand() * 256);
    } else return b.subarray(0, at); // truncation
  }
  return b;
}

test('fuzz: random bytes and mutations of valid PDUs yield only typed errors (bounded, seeded)', () => {
  const rand = prng(20240101);
  let decoded = 0;
  let rejected = 0;
  for (let i = 0; i < 4000; i++) {
    const input =
      i % 4 === 0
        ? randomBytes(rand, Math.floor(rand() * 120))
        : mutate(rand, seeds[Math.floor(rand() * seeds.length)]!);
    if (onlyTypedErrors(() => decodeX2X3Pdu(input), input)) decoded++;
    else rejected++;
    onlyTypedErrors(() => decodeProprietaryPayload(input), input);
    // the framer, fed in random pieces, must finish every push() (no hang) and only throw typed errors
    const f = new X2X3Framer({ maxPduSize: 1 << 20 });
    onlyTypedErrors(() => {
      for (let o = 0; o < input.length; ) {
        const n = 1 + Math.floor(rand() * 40);
        f.push(input.subarray(o, o + n));
        o += n;
      }
      f.finish();
    }, input);
  }
  // the mutations are close enough to valid PDUs that both outcomes occur
  assert.ok(decoded > 50, `decoded ${decoded}`);
  assert.ok(rejected > 1000, `rejected ${rejected}`);
});

test('fuzz: a decoded mutant re-encodes to a PDU that decodes the same', () => {
  const rand = prng(7);
  let checked = 0;
  for (let i = 0; i < 3000; i++) {
    const input = mutate(rand, seeds[Math.floor(rand() * seeds.length)]!);
    let pdu;
    try {
      pdu = decodeX2X3Pdu(input);
    } catch (e) {
      assert.ok(e instanceof X2X3Error);
      continue;
    }
    let again: Uint8Array;
    try {
      again = encodeX2X3Pdu(pdu);
    } catch (e) {
      // decodable but not conformant for the encoder (e.g. format not permitted for the type)
      assert.ok(e instanceof X2X3Error);
      continue;
    }
    const back = decodeX2X3Pdu(again);
    assert.deepEqual(back.attributes, pdu.attributes);
    assert.deepEqual(back.payload, pdu.payload);
    checked++;
  }
  assert.ok(checked > 20, `checked ${checked}`);
});
