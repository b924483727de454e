/**
 * Memory of the outbox does not grow with its backlog (issue 8 item 3): a child process appends
 * 300,000 records of 1 KiB (≈ 310 MB on disk) that the sender never confirms; another child
 * process reopens the outbox and takes everything in batches of 1,000, checking every record.
 * Bounds, measured with process.memoryUsage() in those children:
 *  - reopening and taking the whole backlog (≈ 310 MB): RSS grows by less than 64 MiB over the
 *    process at start; live memory (heap + external right after a forced GC, every 30,000 records)
 *    stays under 48 MiB over the start and is flat — its peak over the second half of the backlog
 *    is within 8 MiB of its peak over the first half. (What it holds: one decoded chunk of ≈ 1 MiB;
 *    the rest is buffers of decrypted chunks the collector frees in a later pass.)
 *  - writing it: peak RSS under 256 MiB (the tail cache is bounded at 32 MiB).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './outbox-fixtures.ts';

const run = promisify(execFile);
const child = join(import.meta.dirname, 'outbox-child.ts');
const MiB = 1024 * 1024;
const N = 300_000;
/** Peak of the first half of the samples, peak of the second. */
const half = (xs: number[]): [number, number] => [Math.max(...xs.slice(0, xs.length >> 1)), Math.max(...xs.slice(xs.length >> 1))];

test('outbox: a 300k x 1 KiB backlog is streamed from disk, not loaded — memory stays bounded while taking all of it', async () => {
  const t = tempDir('warranted-outbox-mem-');
  try {
    const w = await run(process.execPath, ['--import', 'tsx', child, 'write-backlog', t.dir, String(N), '1024'], { maxBuffer: 1 << 20 });
    const written = JSON.parse(w.stdout) as { end: number; peakRss: number };
    assert.equal(written.end, N);
    assert.ok(written.peakRss < 256 * MiB, `writer peak RSS ${(written.peakRss / MiB).toFixed(0)} MiB`);
    const r = await run(process.execPath, ['--expose-gc', '--import', 'tsx', child, 'take-all', t.dir], { maxBuffer: 1 << 20 });
    const m = JSON.parse(r.stdout) as { taken: number; bad: number; end: number; baseRss: number; peakRss: number; peakHeap: number; lives: number[]; baseHeap: number; afterOpen: { rss: number } };
    assert.equal(m.taken, N, 'every record taken');
    assert.equal(m.bad, 0, 'every record exactly as written');
    const growth = m.peakRss - m.baseRss;
    console.log(`# backlog ${N} x 1 KiB: reader RSS at start ${(m.baseRss / MiB).toFixed(1)} MiB, after open +${((m.afterOpen.rss - m.baseRss) / MiB).toFixed(1)} MiB, peak +${(growth / MiB).toFixed(1)} MiB; live heap+external after GC +${((Math.max(...m.lives) - m.baseHeap) / MiB).toFixed(1)} MiB over the start, second half's peak ${((half(m.lives)[1] - half(m.lives)[0]) / MiB).toFixed(1)} MiB over the first's (peak without GC ${(m.peakHeap / MiB).toFixed(1)} MiB); writer peak RSS ${(written.peakRss / MiB).toFixed(1)} MiB`);
    assert.ok(growth < 64 * MiB, `RSS grew by ${(growth / MiB).toFixed(1)} MiB`);
    assert.equal(m.lives.length, N / 30_000, 'live memory was sampled');
    assert.ok(Math.max(...m.lives) - m.baseHeap < 48 * MiB, `live heap + external grew by ${((Math.max(...m.lives) - m.baseHeap) / MiB).toFixed(1)} MiB`);
    assert.ok(half(m.lives)[1] - half(m.lives)[0] < 8 * MiB, `live memory grew with the records taken: ${m.lives.map((x) => (x / MiB).toFixed(1)).join(', ')} MiB`);
  } finally {
    t.done();
  }
});
