/**
 * The outbox fails closed on files it cannot trust (MDF_STATE_CORRUPT, MDF_OUTBOX_WRONG_KEY) and
 * never starts empty over them; only a torn final chunk — the one write in flight at a crash — is
 * cut off at open.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { DurableOutbox } from '../../src/mediation/outbox/index.ts';
import { atFor, isRecordOf, KEY, recordFor, segmentFiles, tempDir } from './outbox-fixtures.ts';

const open = (dir: string, key: Uint8Array = KEY, onFailure?: (e: unknown) => void) => DurableOutbox.open({ dir, key, quotaBytes: 64 << 20, segmentBytes: 16 * 1024, cacheBytes: 0, onFailure });

/** 600 records of 100 octets in commits of 10 (1,184-octet chunks), `released` of them released; 300 confirmed. */
async function written(dir: string, released = 600): Promise<void> {
  const ob = open(dir);
  for (let p = 0; p < 600; p++) {
    ob.append(recordFor(p, 100), atFor(p));
    if (p % 10 === 9) await ob.commit();
  }
  ob.release(released);
  ob.confirm(300);
  await ob.close();
}
const CHUNK = 48 + 10 * 112 + 16;

function flipByte(path: string, at: number): void {
  const b = readFileSync(path);
  b[at]! ^= 0x40;
  writeFileSync(path, b);
}

test('outbox: a torn final chunk (cut short, or whole-sized with a hole) is cut off at open; positions continue from there', async () => {
  const t = tempDir('warranted-outbox-torn-');
  try {
    await written(t.dir, 580);
    const last = join(t.dir, segmentFiles(t.dir).at(-1)!);
    const size = statSync(last).size;
    truncateSync(last, size - 100); // the final write reached the disk only in part
    let ob = open(t.dir);
    assert.equal(ob.end, 590, 'the torn chunk of 10 records is gone');
    assert.equal(statSync(last).size, size - CHUNK);
    for (let p = 590; p < 600; p++) ob.append(recordFor(p, 100), atFor(p));
    assert.equal(await ob.commit(), 600);
    await ob.close();
    // A power loss can leave the final chunk at its full length but with a block of zeros in it.
    const fd = openSync(last, 'r+');
    writeSync(fd, Buffer.alloc(512), 0, 512, statSync(last).size - 600);
    closeSync(fd);
    ob = open(t.dir);
    assert.equal(ob.end, 590);
    ob.release(590);
    ob.rewind();
    const all = ob.take(1000);
    assert.equal(all.records.length, 290);
    assert.ok(all.records.every((r, i) => isRecordOf(300 + i, r)));
    await ob.close();
    // Released records were durable: a final chunk holding some of them is corruption, not a torn write.
    truncateSync(last, statSync(last).size - 100);
    assert.throws(() => open(t.dir), { code: 'MDF_STATE_CORRUPT' });
  } finally {
    t.done();
  }
});

test('outbox: a chunk that fails authentication before the end is MDF_STATE_CORRUPT — at open where delivery starts, else when taken (onFailure, refuses after)', async () => {
  const t = tempDir('warranted-outbox-corrupt-');
  try {
    await written(t.dir);
    const segs = segmentFiles(t.dir);
    const firstPos = (f: string): number => Number(f.slice(0, 16));
    // A chunk in the middle of the backlog, far from where delivery starts.
    const mid = segs.find((f) => firstPos(f) > 400)!;
    flipByte(join(t.dir, mid), CHUNK + 48 + 5);
    let failure: unknown;
    const ob = open(t.dir, KEY, (e) => (failure = e));
    ob.release(600);
    assert.throws(() => {
      for (;;) if (ob.take(50).records.length === 0) break;
    }, { code: 'MDF_STATE_CORRUPT' });
    assert.ok(failure, 'onFailure was called');
    assert.throws(() => ob.append(recordFor(600, 100), atFor(600)), { code: 'MDF_OUTBOX_FAILED' });
    await ob.close();
    // The chunk where delivery starts (confirmed = 300) is authenticated at open.
    const start = segs.filter((f) => firstPos(f) <= 300).at(-1)!;
    flipByte(join(t.dir, start), (300 - firstPos(start)) / 10 * CHUNK + 48 + 5);
    assert.throws(() => open(t.dir), { code: 'MDF_STATE_CORRUPT' });
    flipByte(join(t.dir, start), (300 - firstPos(start)) / 10 * CHUNK + 48 + 5);
    // A segment file replaced by an older one (replayed) fails: positions and AAD name segment and offset.
    const a = readFileSync(join(t.dir, segs[1]!));
    writeFileSync(join(t.dir, segs.at(-2)!), a);
    const ob2 = open(t.dir);
    ob2.release(600);
    assert.throws(() => {
      for (;;) if (ob2.take(50).records.length === 0) break;
    }, { code: 'MDF_STATE_CORRUPT' });
    await ob2.close();
  } finally {
    t.done();
  }
});

test('outbox: a bad or missing cursors file, or a missing segment, is MDF_STATE_CORRUPT; another key is MDF_OUTBOX_WRONG_KEY', async () => {
  const t = tempDir('warranted-outbox-cursors-');
  try {
    await written(t.dir);
    const cursors = join(t.dir, 'cursors');
    const good = readFileSync(cursors);
    assert.throws(() => open(t.dir, new Uint8Array(32).fill(9)), { code: 'MDF_OUTBOX_WRONG_KEY' });
    flipByte(cursors, 44);
    assert.throws(() => open(t.dir), { code: 'MDF_STATE_CORRUPT' }, 'a cursor altered');
    writeFileSync(cursors, good.subarray(0, 50));
    assert.throws(() => open(t.dir), { code: 'MDF_STATE_CORRUPT' }, 'cut short');
    rmSync(cursors);
    assert.throws(() => open(t.dir), { code: 'MDF_STATE_CORRUPT' }, 'segments but no cursors: never start empty over them');
    writeFileSync(cursors, good);
    const segs = segmentFiles(t.dir);
    rmSync(join(t.dir, segs.filter((f) => Number(f.slice(0, 16)) <= 300).at(-1)!));
    assert.throws(() => open(t.dir), { code: 'MDF_STATE_CORRUPT' }, 'the segment holding the confirmed cursor is gone');
    for (const f of segs) rmSync(join(t.dir, f), { force: true });
    assert.throws(() => open(t.dir), { code: 'MDF_STATE_CORRUPT' }, 'released records but no segment');
  } finally {
    t.done();
  }
});
