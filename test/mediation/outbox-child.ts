/**
 * Child process of the outbox tests (run with `node --import tsx`), so a kill -9, a file-size limit
 * or a memory measurement hits a real, separate process. argv: mode dir.
 *  - crash: appends and commits in a loop, printing `durable <n>` after every commit, until killed;
 *    releases what is durable and confirms with a lag, like the MDF and a LEMF would.
 *  - fill: the same until a commit fails (run under `ulimit -f`): prints `failed <code> <durable>`
 *    and the code an append gets afterwards, then exits.
 *  - write-backlog N SIZE: appends N records of SIZE octets, commits every 1000, releases, never
 *    confirms; prints peak memory as JSON.
 *  - take-all: reopens, takes everything in batches, checks every record; prints JSON with memory.
 */
import { DurableOutbox } from '../../src/mediation/outbox/index.ts';
import { atFor, isRecordOf, KEY, recordFor } from './outbox-fixtures.ts';

const [mode, dir, arg1, arg2] = process.argv.slice(2) as [string, string, string?, string?];
const say = (line: string): void => void process.stdout.write(`${line}\n`); // a pipe: synchronous on Linux

const mem = { rss: 0, heap: 0 };
const sample = (): void => {
  const m = process.memoryUsage();
  mem.rss = Math.max(mem.rss, m.rss);
  mem.heap = Math.max(mem.heap, m.heapUsed + m.external);
};

async function loop(stopOnFailure: boolean): Promise<void> {
  let failure: unknown;
  const ob = DurableOutbox.open({ dir, key: KEY, quotaBytes: 1 << 30, segmentBytes: 64 * 1024, cursorSyncMs: 20, onFailure: (e) => (failure = e) });
  let p = ob.end;
  for (let round = 0; ; round++) {
    const n = 1 + ((round * 37) % 150);
    for (let i = 0; i < n; i++, p++) ob.append(recordFor(p), atFor(p));
    let d: number;
    try {
      d = await ob.commit();
    } catch (e) {
      if (!stopOnFailure) throw e;
      let after = 'accepted';
      try {
        ob.append(recordFor(p), atFor(p));
      } catch (e2) {
        after = (e2 as { code?: string }).code ?? String(e2);
      }
      say(`failed ${(e as { code?: string }).code ?? String(e)} ${ob.durable} ${after} ${failure !== undefined}`);
      return;
    }
    say(`durable ${d}`);
    ob.release(d);
    ob.take(n);
    if (!stopOnFailure) ob.confirm(Math.max(ob.confirmed, d - 400)); // filling: the LEMF confirms nothing
  }
}

if (mode === 'crash') await loop(false);
else if (mode === 'fill') await loop(true);
else if (mode === 'write-backlog') {
  const n = Number(arg1);
  const size = Number(arg2);
  const ob = DurableOutbox.open({ dir, key: KEY, quotaBytes: 4 * 2 ** 30 });
  for (let p = 0; p < n; p++) {
    ob.append(recordFor(p, size), atFor(p));
    if (p % 1000 === 999) {
      ob.release(await ob.commit());
      sample();
    }
  }
  ob.release(await ob.commit());
  await ob.close();
  say(JSON.stringify({ end: n, peakRss: mem.rss, peakHeap: mem.heap }));
} else if (mode === 'take-all') {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage();
  const ob = DurableOutbox.open({ dir, key: KEY, quotaBytes: 4 * 2 ** 30 });
  sample();
  const afterOpen = { ...mem };
  let bad = 0;
  let n = 0;
  const lives: number[] = [];
  for (;;) {
    const { records } = ob.take(1000);
    if (records.length === 0) break;
    for (const r of records) if (!isRecordOf(n++, r)) bad++;
    sample();
    if (n % 30_000 === 0) {
      // What is live, not garbage waiting for the collector: the retained memory of the outbox.
      (globalThis as { gc?: () => void }).gc?.();
      const m = process.memoryUsage();
      lives.push(m.heapUsed + m.external); // external includes array buffers
    }
  }
  say(JSON.stringify({ taken: n, bad, end: ob.end, confirmed: ob.confirmed, baseRss: base.rss, baseHeap: base.heapUsed + base.external, afterOpen, peakRss: mem.rss, peakHeap: mem.heap, lives }));
  await ob.close();
} else throw new Error(`unknown mode ${mode}`);
