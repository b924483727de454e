/**
 * The MDF's durable outbox (src/mediation/outbox/) through its public API: positions, release,
 * take/confirm/rewind (DeliveryQueue), segments rolling and going once confirmed, restart, the
 * quota, encryption at rest and file modes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DurableOutbox } from '../../src/mediation/outbox/index.ts';
import { MediationRefusal } from '../../src/mediation/errors.ts';
import { atFor, isRecordOf, KEY, recordFor, segmentFiles, tempDir } from './outbox-fixtures.ts';

const opts = (dir: string, more: Partial<Parameters<typeof DurableOutbox.open>[0]> = {}) => ({ dir, key: KEY, quotaBytes: 64 << 20, ...more });

async function fill(ob: DurableOutbox, from: number, to: number, perCommit: number): Promise<void> {
  for (let p = from; p < to; p++) {
    assert.equal(ob.append(recordFor(p), atFor(p)), p);
    if ((p + 1) % perCommit === 0 || p === to - 1) await ob.commit();
  }
}

test('outbox: positions, durable after commit, only released records are taken, confirm and rewind', async () => {
  const t = tempDir('warranted-outbox-');
  try {
    const ob = DurableOutbox.open(opts(t.dir));
    assert.deepEqual([ob.end, ob.durable, ob.released, ob.confirmed, ob.length], [0, 0, 0, 0, 0]);
    ob.append(recordFor(0), atFor(0));
    ob.append(recordFor(1), atFor(1));
    assert.equal(ob.durable, 0, 'appended is not durable');
    assert.throws(() => ob.release(1), RangeError, 'nothing is released before it is durable');
    assert.equal(await ob.commit(), 2);
    assert.deepEqual(ob.take(10), { records: [], next: 0 }, 'durable but not released: nothing to take');
    let ready = false;
    const waiting = ob.whenReady().then(() => (ready = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(ready, false);
    ob.release(1);
    await waiting;
    const a = ob.take(10);
    assert.equal(a.next, 1);
    assert.ok(isRecordOf(0, a.records[0]!));
    ob.release(2);
    assert.equal(ob.take(10).next, 2);
    ob.rewind();
    assert.equal(ob.take(10).records.length, 2, 'rewind starts again at the oldest unconfirmed');
    ob.confirm(1);
    assert.deepEqual([ob.confirmed, ob.length], [1, 1]);
    ob.rewind();
    const b = ob.take(10);
    assert.ok(b.records.length === 1 && isRecordOf(1, b.records[0]!));
    ob.confirm(99);
    assert.equal(ob.confirmed, 2, 'confirm does not pass what was released');
    await ob.close();
  } finally {
    t.done();
  }
});

test('outbox: concurrent commits queue in order and share writes; the records and their at survive a restart', async () => {
  const t = tempDir('warranted-outbox-');
  try {
    let ob = DurableOutbox.open(opts(t.dir));
    const commits: Promise<number>[] = [];
    for (let p = 0; p < 50; p++) {
      ob.append(recordFor(p), atFor(p));
      commits.push(ob.commit());
    }
    const ends = await Promise.all(commits);
    assert.deepEqual([...ends].sort((x, y) => x - y), ends, 'durable ends only grow');
    assert.equal(ends.at(-1), 50);
    ob.release(30);
    ob.take(20);
    ob.confirm(10);
    await ob.close();
    ob = DurableOutbox.open(opts(t.dir, { cacheBytes: 0 }));
    assert.deepEqual([ob.end, ob.durable, ob.released, ob.confirmed], [50, 50, 30, 10], 'cursors as left at close');
    const got = [...ob.read(30, 50)];
    assert.deepEqual(got.map((r) => r.position), Array.from({ length: 20 }, (_, i) => 30 + i));
    assert.ok(got.every((r) => isRecordOf(r.position, r.bytes) && r.at === atFor(r.position)), 'read() gives the bytes and at of [released, durable)');
    assert.equal(ob.stats().oldestAt, atFor(10));
    ob.release(50);
    const taken = ob.take(100);
    assert.equal(taken.next, 50);
    assert.ok(taken.records.every((r, i) => isRecordOf(10 + i, r)), 'taken from disk after restart, in order');
    assert.equal(ob.append(recordFor(50), atFor(50)), 50, 'positions continue');
    await ob.close();
  } finally {
    t.done();
  }
});

test('outbox: segments roll over and are deleted once confirmed; taking crosses segments from disk', async () => {
  const t = tempDir('warranted-outbox-');
  try {
    let ob = DurableOutbox.open(opts(t.dir, { segmentBytes: 8192, cacheBytes: 0, cursorSyncMs: 10 }));
    await fill(ob, 0, 2000, 25);
    const before = segmentFiles(t.dir);
    assert.ok(before.length > 10, `${before.length} segments`);
    ob.release(2000);
    let next = 0;
    for (let n = 0; n < 2000; ) {
      const got = ob.take(97);
      assert.ok(got.records.every((r, i) => isRecordOf(n + i, r)));
      n += got.records.length;
      next = got.next;
    }
    assert.equal(next, 2000);
    ob.confirm(1500);
    await new Promise((r) => setTimeout(r, 100)); // the cursor timer persists, then deletes
    const after = segmentFiles(t.dir);
    assert.ok(after.length < before.length / 2, `${after.length} of ${before.length} segments left`);
    assert.ok(Number(after[0]!.slice(0, 16)) <= 1500);
    await ob.close();
    ob = DurableOutbox.open(opts(t.dir));
    assert.equal(ob.confirmed, 1500);
    ob.rewind();
    const rest = ob.take(1000);
    assert.equal(rest.records.length, 500);
    assert.ok(rest.records.every((r, i) => isRecordOf(1500 + i, r)));
    await ob.close();
  } finally {
    t.done();
  }
});

test('outbox: the quota refuses with MDF_OUTBOX_QUOTA, nothing half-applied; appends succeed again once confirms free space', async () => {
  const t = tempDir('warranted-outbox-');
  try {
    const ob = DurableOutbox.open(opts(t.dir, { quotaBytes: 64 * 1024, cursorSyncMs: 10 }));
    let p = 0;
    let refused: unknown;
    for (; p < 10_000; p++) {
      try {
        ob.append(recordFor(p, 300), atFor(p));
      } catch (e) {
        refused = e;
        break;
      }
      if (p % 10 === 9) await ob.commit();
    }
    assert.ok(refused instanceof MediationRefusal && refused.code === 'MDF_OUTBOX_QUOTA', String(refused));
    assert.ok(p > 150 && p < 220, `${p} records of 300 octets fit in 64 KiB`);
    assert.equal(ob.end, p, 'the refused record took no position');
    await ob.commit();
    assert.ok(ob.stats().bytesOnDisk <= 64 * 1024, `${ob.stats().bytesOnDisk} octets on disk`);
    assert.throws(() => ob.append(recordFor(p, 300), atFor(p)), { code: 'MDF_OUTBOX_QUOTA' });
    ob.release(ob.durable);
    ob.take(p);
    ob.confirm(p);
    assert.equal(ob.append(recordFor(p, 300), atFor(p)), p, 'space of confirmed segments counts as free');
    await ob.commit();
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(ob.stats().bytesOnDisk < 32 * 1024, `confirmed segments deleted (${ob.stats().bytesOnDisk} octets left)`);
    await ob.close();
  } finally {
    t.done();
  }
});

test('outbox: encrypted at rest (no file holds a known plaintext), directory 0700, files 0600', async () => {
  const t = tempDir('warranted-outbox-');
  try {
    const marker = Buffer.from('MSISDN=491701234567;TOP-SECRET-CONTENT-MARKER');
    const ob = DurableOutbox.open(opts(t.dir, { segmentBytes: 4096 }));
    for (let p = 0; p < 200; p++) {
      ob.append(Buffer.concat([marker, recordFor(p)]), atFor(p));
      if (p % 20 === 19) await ob.commit();
    }
    ob.release(150);
    ob.confirm(100);
    await ob.close();
    const files = readdirSync(t.dir);
    assert.ok(files.length > 3, files.join(', '));
    for (const f of files) {
      const bytes = readFileSync(join(t.dir, f));
      assert.equal(bytes.indexOf(marker.subarray(0, 20)), -1, `${f} holds the plaintext`);
      assert.equal(statSync(join(t.dir, f)).mode & 0o777, 0o600, `${f} mode`);
    }
    assert.equal(statSync(t.dir).mode & 0o777, 0o700);
  } finally {
    t.done();
  }
});
