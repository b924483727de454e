/**
 * BER definite length octets (tag.ts, X.690 §8.1.3.3–8.1.3.5) against the rule written out plainly
 * (the oracle below: short form below 128, else the minimal big-endian octets after 0x80 | n): every
 * length up to 2^17, each octet-count boundary ±2, and seeded lengths up to 2^53; the same count, the
 * same octets at the same offset, nothing else written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prng } from '../../../test/helpers/random.ts';
import { lengthLength, writeLength } from './index.ts';

function oracle(len: number): number[] {
  if (len < 0x80) return [len];
  const octets: number[] = [];
  for (let v = len; v > 0; v = Math.floor(v / 256)) octets.unshift(v % 256);
  return [0x80 | octets.length, ...octets];
}

function lengths(): number[] {
  const out: number[] = [];
  for (let n = 0; n <= 1 << 17; n++) out.push(n);
  for (let k = 1; k <= 7; k++) for (let d = -2; d <= 2; d++) out.push(2 ** (8 * k) + d);
  const rnd = prng(12345);
  for (let i = 0; i < 20_000; i++) out.push(Math.floor(rnd() * 2 ** Math.floor(rnd() * 54)));
  out.push(Number.MAX_SAFE_INTEGER);
  return out.filter((n) => n >= 0 && Number.isSafeInteger(n));
}

test('lengthLength and writeLength give the minimal definite-length octets for every length', () => {
  const a = new Uint8Array(16);
  for (const n of lengths()) {
    const want = oracle(n);
    assert.equal(lengthLength(n), want.length, `lengthLength(${n})`);
    const at = n % 5;
    a.fill(0xee);
    const end = writeLength(a, at, n);
    const expected = new Uint8Array(16).fill(0xee);
    expected.set(want, at);
    if (end !== at + want.length || !a.every((v, i) => v === expected[i])) assert.fail(`writeLength(${n}) at ${at}: ${end} ${a.join(',')} vs ${at + want.length} ${expected.join(',')}`);
  }
});
