/** Bounded fuzz (fixed seed): random bytes and mutations of valid RetainedDataMessages never crash the decoder or the request parser. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { WarrantedError } from '../../platform/errors.ts';
import { decodeRdMessage, encodeRdMessage, parseExactRequest } from './index.ts';
import { sampleMessages } from './test-fixtures.ts';

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

const valid = sampleMessages().map(([, m]) => encodeRdMessage(m));

function mutate(r: () => number, src: Uint8Array): Uint8Array {
  const b = Array.from(src);
  const n = 1 + (r() % 4);
  for (let k = 0; k < n; k++) {
    const op = r() % 5;
    const i = r() % Math.max(1, b.length);
    if (op === 0) b[i] = r() & 0xff;
    else if (op === 1) b[i] = (b[i] ?? 0) ^ (1 << (r() % 8));
    else if (op === 2) b.splice(i, 1 + (r() % 3));
    else if (op === 3) b.splice(i, 0, r() & 0xff);
    else b.length = i;
  }
  return Uint8Array.from(b);
}

/** Only typed RD_* errors may escape; what decodes re-encodes, and a request either parses or is refused with a typed error. */
function attempt(bytes: Uint8Array): 'ok' | 'typed' {
  try {
    const msg = decodeRdMessage(bytes);
    encodeRdMessage(msg);
    if ('requestMessage' in msg.retainedDataPayload)
      try {
        parseExactRequest(msg);
      } catch (e) {
        if (!(e instanceof WarrantedError && e.code.startsWith('RD_'))) throw e;
      }
    return 'ok';
  } catch (e) {
    if (e instanceof WarrantedError && e.code.startsWith('RD_')) return 'typed';
    throw e;
  }
}

describe('fuzz (fixed seed, bounded)', () => {
  test('3000 mutations of valid messages', () => {
    const r = rng(0x2657);
    const counts = { ok: 0, typed: 0 };
    for (let i = 0; i < 3000; i++) counts[attempt(mutate(r, valid[r() % valid.length]!))]++;
    assert.ok(counts.typed > 1000, `typed errors: ${counts.typed}`);
    assert.ok(counts.ok > 0, 'some mutations still decode');
  });
  test('1000 random byte strings', () => {
    const r = rng(0xbeef);
    let typed = 0;
    for (let i = 0; i < 1000; i++) {
      const b = new Uint8Array(r() % 64);
      for (let k = 0; k < b.length; k++) b[k] = r() & 0xff;
      if (attempt(b) === 'typed') typed++;
    }
    assert.ok(typed > 990, `typed: ${typed}`);
  });
});
