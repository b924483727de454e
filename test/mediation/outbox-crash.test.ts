/**
 * The outbox under real process death and a real write failure, in child processes
 * (outbox-child.ts): kill -9 at a random moment while it appends and commits — every position it
 * reported durable is there with exactly its bytes, nothing after is garbage, positions continue;
 * and a write that fails (the file-size limit, EFBIG, as a full disk would give ENOSPC) stops the
 * outbox with MDF_OUTBOX_FAILED without losing what was durable.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { DurableOutbox } from '../../src/mediation/outbox/index.ts';
import { atFor, isRecordOf, KEY, segmentFiles, tempDir } from './outbox-fixtures.ts';

const child = join(import.meta.dirname, 'outbox-child.ts');

/** Checks every record the outbox holds from its confirmed cursor; returns its end. */
async function checkAll(dir: string, reportedDurable: number): Promise<{ end: number; confirmed: number }> {
  const ob = DurableOutbox.open({ dir, key: KEY, quotaBytes: 1 << 30, cacheBytes: 0 });
  try {
    assert.ok(ob.end >= reportedDurable, `end ${ob.end} < reported durable ${reportedDurable}`);
    let expect = ob.confirmed;
    for (const r of ob.read(ob.confirmed, ob.durable)) {
      assert.equal(r.position, expect++);
      assert.ok(isRecordOf(r.position, r.bytes), `record ${r.position} differs`);
      assert.equal(r.at, atFor(r.position));
    }
    assert.equal(expect, ob.end);
    return { end: ob.end, confirmed: ob.confirmed };
  } finally {
    await ob.close();
  }
}

test('outbox: kill -9 mid-write, 5 times — every reported durable position is there with its bytes, nothing after is garbage, positions continue', async () => {
  const t = tempDir('warranted-outbox-kill-');
  try {
    let lastEnd = 0;
    for (let round = 0; round < 5; round++) {
      const proc = spawn(process.execPath, ['--import', 'tsx', child, 'crash', t.dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
      let reported = -1;
      let first = -1;
      let lines = 0;
      const killAfter = 30 + Math.floor(Math.random() * 300);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the child reported no commits within 60 s')), 60_000);
        createInterface({ input: proc.stdout }).on('line', (line) => {
          const m = /^durable (\d+)$/.exec(line);
          if (!m) return;
          reported = Number(m[1]);
          if (first < 0) first = reported;
          if (++lines === killAfter) {
            clearTimeout(timer);
            proc.kill('SIGKILL'); // mid-loop: a commit is usually in flight
            resolve();
          }
        });
      });
      await exited;
      assert.ok(first > lastEnd, 'the child continued after the previous end');
      const { end, confirmed } = await checkAll(t.dir, reported);
      assert.ok(confirmed <= reported);
      lastEnd = end;
    }
    assert.ok(segmentFiles(t.dir).length >= 1);
  } finally {
    t.done();
  }
});

test('outbox: a write that fails (file-size limit) is MDF_OUTBOX_FAILED, onFailure is called, later appends are refused; the durable records survive', async () => {
  const t = tempDir('warranted-outbox-full-');
  try {
    // bash's ulimit -f counts 1024-octet blocks (40 KiB < the 64 KiB segments); node ignores SIGXFSZ, so the write gets EFBIG.
    const proc = spawn('bash', ['-c', `ulimit -f 40 && exec "${process.execPath}" --import tsx "${child}" fill "${t.dir}"`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => proc.on('exit', r));
    assert.equal(code, 0, out.slice(-500));
    const last = out.trim().split('\n').at(-1)!;
    const m = /^failed (\S+) (\d+) (\S+) (true|false)$/.exec(last);
    assert.ok(m, last);
    assert.equal(m[1], 'MDF_OUTBOX_FAILED', 'the commit');
    assert.equal(m[3], 'MDF_OUTBOX_FAILED', 'an append after it');
    assert.equal(m[4], 'true', 'onFailure was called');
    const durable = Number(m[2]);
    assert.ok(durable > 100);
    const { end } = await checkAll(t.dir, durable);
    assert.equal(end, durable, 'the failed chunk was cut off as a torn write');
  } finally {
    t.done();
  }
});
