/** Bounded fuzz: random bytes and mutations of valid PS-PDUs never crash or hang the decoders. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { WarrantedError } from '../../platform/errors.ts';
import { decodeEncryptedPayload, decodePsPdu, encodePsPdu, PsPduStreamReader } from './index.ts';
import { samples } from './test-fixtures.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

const valid = samples.map((s) => encodePsPdu(s.pdu));

function mutate(r: () => number, src: Uint8Array): Uint8Array {
  const b = Array.from(src);
  const n = 1 + (r() % 4);
  for (let k = 0; k < n; k++) {
    const op = r() % 5;
    const i = r() % Math.max(1, b.length);
    if (op === 0) b[i] = r() & 0xff; // overwrite
    else if (op === 1) b[i] = (b[i] ?? 0) ^ (1 << (r() % 8)); // bit flip
    else if (op === 2) b.splice(i, 1 + (r() % 3)); // delete
    else if (op === 3) b.splice(i, 0, r() & 0xff); // insert
    else b.length = i; // truncate
  }
  return Uint8Array.from(b);
}

/** Only typed errors may escape; anything decoded must re-encode without throwing an untyped error. */
function attempt(bytes: Uint8Array): 'ok' | 'typed' {
  try {
    const pdu = decodePsPdu(bytes);
    try {
      encodePsPdu(pdu);
    } catch (e) {
      if (!(e instanceof WarrantedError)) throw e;
    }
    return 'ok';
  } catch (e) {
    if (e instanceof WarrantedError && e.code.startsWith('HI2HI3_')) return 'typed';
    throw e;
  }
}

describe('fuzz (fixed seed, bounded)', () => {
  test('3000 mutations of valid PDUs', () => {
    const r = rng(0x5eed);
    const counts = { ok: 0, typed: 0 };
    for (let i = 0; i < 3000; i++) counts[attempt(mutate(r, valid[r() % valid.length]!))]++;
    assert.ok(counts.typed > 1000, `typed errors: ${counts.typed}`);
    assert.ok(counts.ok > 0, 'some mutations still decode');
  });

  test('2000 random byte strings, some with a plausible SEQUENCE header', () => {
    const r = rng(42);
    for (let i = 0; i < 2000; i++) {
      const len = r() % 200;
      const b = Uint8Array.from({ length: len }, () => r() & 0xff);
      if (i % 2 === 0 && len > 2) {
        b[0] = 0x30;
        b[1] = len - 2;
      }
      assert.doesNotThrow(() => attempt(b));
      try {
        decodeEncryptedPayload(b);
      } catch (e) {
        assert.ok(e instanceof WarrantedError, String(e));
      }
    }
  });

  test('the stream reader survives mutated streams fed in random chunks', () => {
    const r = rng(99);
    for (let round = 0; round < 200; round++) {
      const stream = mutate(r, Buffer.concat(valid.slice(0, 8)));
      const reader = new PsPduStreamReader({ maxPduSize: 4096 });
      try {
        for (let p = 0; p < stream.length; ) {
          const n = 1 + (r() % 64);
          for (const item of reader.push(stream.subarray(p, p + n))) assert.ok(item.pdu !== undefined || item.error.code.startsWith('HI2HI3_'));
          p += n;
        }
      } catch (e) {
        assert.ok(e instanceof WarrantedError && e.code.startsWith('HI2HI3_'), String(e));
      }
    }
  });
});
