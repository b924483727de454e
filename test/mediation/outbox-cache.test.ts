/**
 * The outbox's tail cache (src/mediation/outbox/tail-cache.ts) under a backlog larger than its bound:
 * the records a sender needs next stay in memory (take returns the very arrays appended, no disk
 * read) and only the newest committed chunks are dropped and read back; over seeded runs of appends,
 * commits, releases, takes of any size, confirms and rewinds with a small bound, every record taken
 * is the one appended at its position, and the cache never holds more than its bound of committed
 * records. And the chunk plaintext's record layout (u32 length, f64 time, octets) as written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DurableOutbox } from '../../src/mediation/outbox/index.ts';
import { heldBytes } from '../../src/mediation/outbox/tail-cache.ts';
import { decodeRecords, encodeRecords, RECORD_OVERHEAD } from '../../src/mediation/outbox/chunk-codec.ts';
import { atFor, isRecordOf, KEY, recordFor, tempDir } from './outbox-fixtures.ts';
import { prng } from '../helpers/random.ts';

const opts = (dir: string, cacheBytes: number) => ({ dir, key: KEY, quotaBytes: 64 << 20, segmentBytes: 64 * 1024, cacheBytes });
const cacheSize = (ob: DurableOutbox): number => (ob as unknown as { cache: { size: number } }).cache.size;

test('outbox cache: a sender behind by more than the bound takes the oldest records from memory; the newest come back from disk', async () => {
  const t = tempDir('warranted-outbox-cache-');
  try {
    const ob = DurableOutbox.open(opts(t.dir, 32 * 1024));
    const appended: Buffer[] = [];
    // 20 commits of 100 records (~17 KiB each): far past the 32 KiB bound, nothing confirmed.
    for (let c = 0; c < 20; c++) {
      for (let i = 0; i < 100; i++) {
        const p = c * 100 + i;
        appended.push(recordFor(p));
        ob.append(appended[p]!, atFor(p));
      }
      await ob.commit();
      assert.ok(cacheSize(ob) <= 32 * 1024, `cache holds ${cacheSize(ob)} octets`);
    }
    ob.release(ob.durable);
    const head = ob.take(100);
    assert.equal(head.records.length, 100);
    head.records.forEach((r, i) => assert.equal(r, appended[i], `record ${i} is the appended array (from memory), not a copy read back`));
    const rest = ob.take(10_000);
    assert.equal(rest.next, 2000);
    rest.records.forEach((r, i) => assert.ok(isRecordOf(100 + i, r), `record ${100 + i}`));
    assert.ok(rest.records.slice(-100).every((r, i) => r !== appended[1900 + i]), 'the newest chunk was dropped and read back from disk');
    await ob.close();
  } finally {
    t.done();
  }
});

test('outbox cache: seeded appends, commits, releases, takes, confirms and rewinds under a small bound — every record taken is the one appended', async () => {
  for (const seed of [1, 2, 3, 4]) {
    const t = tempDir('warranted-outbox-cache-');
    const r = prng(seed);
    const bound = [0, 4096, 20_000, 1 << 20][seed - 1]!;
    try {
      const ob = DurableOutbox.open(opts(t.dir, bound));
      let next = 0;
      let expect = 0; // position of the next record take() must return
      for (let step = 0; step < 400; step++) {
        const op = r();
        if (op < 0.35) {
          for (let n = Math.floor(r() * 60); n > 0; n--, next++) ob.append(recordFor(next), atFor(next));
        } else if (op < 0.55) {
          await ob.commit();
          assert.ok(cacheSize(ob) <= bound, `seed ${seed}: cache holds ${cacheSize(ob)} > ${bound}`);
        } else if (op < 0.65) {
          ob.release(ob.released + Math.floor(r() * (ob.durable - ob.released + 1)));
        } else if (op < 0.85) {
          const got = ob.take(1 + Math.floor(r() * 150));
          got.records.forEach((b, i) => assert.ok(isRecordOf(expect + i, b), `seed ${seed} step ${step}: record ${expect + i}`));
          expect += got.records.length;
          assert.equal(got.next, expect);
        } else if (op < 0.95) {
          ob.confirm(ob.confirmed + Math.floor(r() * (expect - ob.confirmed + 1)));
        } else {
          ob.rewind();
          expect = ob.confirmed;
        }
      }
      await ob.close();
    } finally {
      t.done();
    }
  }
});

test('outbox chunk records: encodeRecords writes u32 LE length, f64 LE time and the octets, as decodeRecords reads them', () => {
  const r = prng(9);
  const records = Array.from({ length: 50 }, (_, i) => recordFor(i, Math.floor(r() * 600)));
  const ats = records.map((_, i) => [1.76e12 + i, 0, -1.5, 2 ** 53, 1e-300][i % 5]!);
  const into = Buffer.alloc(records.reduce((n, x) => n + x.length + RECORD_OVERHEAD, 0));
  assert.equal(encodeRecords(into, records, ats, 0, records.length), into.length);
  let p = 0;
  records.forEach((rec, i) => {
    assert.equal(into.readUInt32LE(p), rec.length);
    assert.equal(into.readDoubleLE(p + 4), ats[i]);
    assert.ok(into.subarray(p + RECORD_OVERHEAD, p + RECORD_OVERHEAD + rec.length).equals(rec));
    p += RECORD_OVERHEAD + rec.length;
  });
  const back = decodeRecords(into, { count: records.length, plainBytes: into.length, first: 7, released: 0, confirmed: 0 });
  assert.deepStrictEqual(back.ats, ats);
  back.records.forEach((b, i) => assert.ok(b.equals(records[i]!)));
});

test('outbox cache: records that are views into shared slabs count the whole slab they pin, so two outboxes whose records interleave in the same slabs keep no more than their bounds', async () => {
  const a = tempDir('warranted-outbox-cache-a-');
  const b = tempDir('warranted-outbox-cache-b-');
  try {
    const bound = 256 * 1024;
    // Destination 0's LEMF keeps up (its cache holds its newest records), destination 1's is away
    // (its cache holds its oldest): without counting the slabs, each pins its records' slabs, half of
    // which is the other's records — about twice the bound between them.
    const obs = [DurableOutbox.open(opts(a.dir, bound)), DurableOutbox.open(opts(b.dir, bound))] as const;
    // As the PS-PDU template writes them: 64 KiB slabs, records side by side, the two destinations' alternating.
    let slab = Buffer.allocUnsafe(64 * 1024);
    let used = 0;
    for (let c = 0; c < 40; c++) {
      for (let i = 0; i < 200; i++) {
        const rec = recordFor(c * 200 + i, 300);
        if (used + rec.length > slab.length) [slab, used] = [Buffer.allocUnsafe(64 * 1024), 0];
        const view = slab.subarray(used, used + rec.length);
        rec.copy(view);
        used += rec.length;
        obs[i % 2]!.append(view, atFor(c * 200 + i));
      }
      await Promise.all(obs.map((ob) => ob.commit()));
      obs[0].release(obs[0].durable);
      obs[0].take(1_000_000);
      obs[0].confirm(Math.max(0, obs[0].durable - 800));
    }
    // The slabs the caches still hold (a record read back from disk is in its own chunk's buffer).
    const slabs = new Set<ArrayBufferLike>();
    for (const ob of obs) {
      ob.release(ob.durable);
      ob.rewind();
      for (const r of ob.take(1_000_000).records) if (r.buffer.byteLength === 64 * 1024) slabs.add(r.buffer);
    }
    assert.ok(slabs.size > 0, 'the caches still hold records from memory');
    assert.ok(slabs.size * 64 * 1024 <= 2 * bound, `the caches pin ${slabs.size} slabs of 64 KiB; their bounds allow ${(2 * bound) / 65536}`);
    for (const ob of obs) await ob.close();
  } finally {
    a.done();
    b.done();
  }
});

test('outbox cache: an integrity PDU in its own buffer between a slab\'s records does not count the slab again; a slab is still counted whole, never less than the plaintext', () => {
  const slabs = [new Uint8Array(64 * 1024), new Uint8Array(64 * 1024)];
  const records: Uint8Array[] = [];
  let own = 0;
  for (const slab of slabs) {
    for (let i = 0; i < 200; i++) {
      records.push(slab.subarray(i * 300, i * 300 + 300));
      // An Annex J Hash PDU every 100 data PDUs, encoded into a buffer of its own.
      if (i % 100 === 99) {
        records.push(new Uint8Array(180));
        own += 180;
      }
    }
  }
  assert.equal(heldBytes(records, 1000), 2 * 64 * 1024 + own);
  // A pooled view (not its whole buffer) still counts its buffer, and the plaintext is the floor.
  const pool = new Uint8Array(8192);
  assert.equal(heldBytes([pool.subarray(0, 10), records[0]!, pool.subarray(10, 20)], 0), 2 * 8192 + 64 * 1024);
  assert.equal(heldBytes([new Uint8Array(5)], 1_000_000), 1_000_000);
});
