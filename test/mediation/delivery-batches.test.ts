/**
 * The audit summaries of what the MDF delivers (src/mediation/delivery-batches.ts): over seeded runs
 * of records of several LIIDs and channels — records of their own and views back to back in shared
 * slabs, windows small and past the 1 MiB flush — each batch's count, time span and SHA-256 equal
 * those of one hash update per record, in order, per LIID and channel; a refused cut comes back first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { BatchWindow, type DeliveryBatch } from '../../src/mediation/delivery-batches.ts';
import { prng, randomBytes } from '../helpers/random.ts';

const KEYS = [
  ['LIID-A', 'HI3'],
  ['LIID-A', 'HI2'],
  ['LIID-B', 'HI3'],
] as const;

test('delivery batches: count, span and SHA-256 per LIID and channel equal one update per record, across flushes and cuts', () => {
  const r = prng(0xba7c);
  const w = new BatchWindow('did-1');
  const slab = randomBytes(r, 8 * 1024 * 1024);
  let at = 0;
  for (let cut = 0; cut < 12; cut++) {
    const want = new Map<string, { liid: string; channel: 'HI2' | 'HI3'; count: number; firstAt: number; lastAt: number; hash: ReturnType<typeof createHash> }>();
    const n = cut % 4 === 3 ? 6000 : Math.floor(r() * 400); // some windows pass the 1 MiB flush
    for (let i = 0; i < n; i++) {
      const [liid, channel] = KEYS[r() < 0.8 ? cut % KEYS.length : Math.floor(r() * KEYS.length)]!;
      const len = 1 + Math.floor(r() * 400);
      if (at + len > slab.length) at = 0;
      const bytes = r() < 0.7 ? slab.subarray(at, (at += len)) : randomBytes(r, len);
      const t = 1_760_000_000_000 + cut * 10_000 + i;
      w.add(liid, channel, t, bytes);
      const k = `${liid}/${channel}`;
      const e = want.get(k) ?? { liid, channel, count: 0, firstAt: t, lastAt: t, hash: createHash('sha256') };
      e.count++;
      e.lastAt = t;
      e.hash.update(bytes);
      want.set(k, e);
    }
    const got = w.cut();
    const expected: DeliveryBatch[] = [...want.values()].map((e) => ({ did: 'did-1', liid: e.liid, channel: e.channel, count: e.count, firstAt: e.firstAt, lastAt: e.lastAt, sha256: e.hash.digest('hex') }));
    assert.deepStrictEqual(got, expected, `cut ${cut}`);
    if (cut === 5) {
      // The audit log refused this cut: it goes again, before the next window's batches.
      w.restore(got);
      w.add('LIID-C', 'HI3', 1, Uint8Array.of(1, 2, 3));
      const again = w.cut();
      assert.deepStrictEqual(again.slice(0, got.length), got);
      assert.equal(again.at(-1)!.sha256, createHash('sha256').update(Uint8Array.of(1, 2, 3)).digest('hex'));
    }
  }
  assert.ok(w.empty);
});
