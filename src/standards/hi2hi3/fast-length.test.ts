/**
 * The template's BER length octets (fast-length.ts) against ber/tag.ts's: every length up to 2^17,
 * each octet-count boundary ±2, and seeded lengths up to 2^53; the same count, the same octets at the
 * same offset, nothing else written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lengthLength as berLengthLength, writeLength as berWriteLength } from '../ber/index.ts';
import { lengthLength, writeLength } from './fast-length.ts';

function lengths(): number[] {
  const out: number[] = [];
  for (let n = 0; n <= 1 << 17; n++) out.push(n);
  for (let k = 1; k <= 7; k++) for (let d = -2; d <= 2; d++) out.push(2 ** (8 * k) + d);
  let a = 12345;
  const rnd = () => ((a = (a + 0x6d2b79f5) >>> 0), (Math.imul(a ^ (a >>> 15), a | 1) >>> 0) / 2 ** 32);
  for (let i = 0; i < 20_000; i++) out.push(Math.floor(rnd() * 2 ** Math.floor(rnd() * 54)));
  out.push(Number.MAX_SAFE_INTEGER);
  return out.filter((n) => n >= 0 && Number.isSafeInteger(n));
}

test('lengthLength and writeLength give ber/tag.ts octets for every length', () => {
  const a = new Uint8Array(16);
  const b = new Uint8Array(16);
  for (const n of lengths()) {
    assert.equal(lengthLength(n), berLengthLength(n), `lengthLength(${n})`);
    const at = n % 5;
    a.fill(0xee);
    b.fill(0xee);
    const pa = writeLength(a, at, n);
    const pb = berWriteLength(b, at, n);
    if (pa !== pb || !a.every((v, i) => v === b[i])) assert.fail(`writeLength(${n}) at ${at}: ${pa} ${a.join(',')} vs ${pb} ${b.join(',')}`);
  }
});
