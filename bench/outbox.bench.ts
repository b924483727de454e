/**
 * Scenario: the MDF's durable outbox on the hot path (issue 8 item 6: 160 k PDU/s of 260-octet
 * PS-PDUs). 1,000,000 records of 260 octets go through the whole life of a record: append, group
 * commit every 320 records (2 ms worth at 160 k/s; commits called while one is being written share
 * the next write), release once durable, take by the sender, confirm by the LEMF. Every commit is
 * one AES-256-GCM chunk, written and fsync'd; the sender takes from the tail cache.
 *
 * Baseline, measured in the same run on the same disk: the same octets appended to a plain file
 * with one fs.writeSync per batch of 320 records (no encryption, no fsync, no cursors). Prints
 * records/s of both and the ratio outbox / baseline.
 *
 *   node --import tsx bench/outbox.bench.ts        (BENCH_RECORDS=200000 for a shorter run)
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import { DurableOutbox } from '../src/mediation/outbox/index.ts';
import { machine } from './helpers.ts';

const N = Math.min(Number(process.env.BENCH_RECORDS ?? 1_000_000), 10_000_000);
const SIZE = 260;
const BATCH = 320;
const root = mkdtempSync(join(tmpdir(), 'warranted-bench-outbox-'));
// 1024 distinct records, reused (the MDF hands over freshly encoded PDUs; allocation is not measured here).
const pool = Array.from({ length: 1024 }, (_, i) => Buffer.alloc(SIZE, i & 0xff));

function baseline(): number {
  const fd = openSync(join(root, 'plain.log'), 'w', 0o600);
  const batch = Buffer.allocUnsafe(BATCH * (SIZE + 4));
  const start = process.hrtime.bigint();
  for (let p = 0; p < N; ) {
    let o = 0;
    for (let i = 0; i < BATCH && p < N; i++, p++) {
      batch.writeUInt32BE(SIZE, o);
      pool[p & 1023]!.copy(batch, o + 4);
      o += SIZE + 4;
    }
    writeSync(fd, batch, 0, o);
  }
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  closeSync(fd);
  return N / s;
}

async function outbox(): Promise<{ rate: number; chunks: number; peakBacklog: number }> {
  const ob = DurableOutbox.open({ dir: join(root, 'outbox'), key: new Uint8Array(32).fill(1), quotaBytes: 2 * 2 ** 30 });
  let chunks = 0;
  let lastDurable = 0;
  let taken = 0;
  let peakBacklog = 0;
  const drain = (): void => {
    for (;;) {
      const t = ob.take(4096);
      if (t.records.length === 0) break;
      taken += t.records.length;
      ob.confirm(t.next); // a LEMF acknowledging at once
    }
  };
  const start = process.hrtime.bigint();
  let last: Promise<number> = Promise.resolve(0);
  for (let p = 0; p < N; ) {
    for (let i = 0; i < BATCH && p < N; i++, p++) ob.append(pool[p & 1023]!, 0);
    last = ob.commit();
    last.then(
      (d) => {
        if (d !== lastDurable) chunks++; // calls that shared a write resolve with the same end
        lastDurable = d;
        ob.release(d);
        drain();
      },
      () => undefined,
    );
    peakBacklog = Math.max(peakBacklog, ob.end - ob.durable);
    // Backpressure, as the MDF pauses its X2/X3 sockets when the outbox is behind.
    if (ob.end - ob.durable > 16 * BATCH) await last;
    else await turn();
  }
  await last;
  drain();
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  if (taken !== N || ob.confirmed !== N) throw new Error(`took ${taken}, confirmed ${ob.confirmed} of ${N}`);
  await ob.close();
  return { rate: N / s, chunks, peakBacklog };
}

console.log('bench: outbox (append → group commit: AES-256-GCM chunk + write + fsync → release → take → confirm)');
console.log(`machine: ${machine()}`);
console.log(`records: ${N} x ${SIZE} octets, commit every ${BATCH} records`);
try {
  const base = baseline();
  const ours = await outbox();
  console.log(`baseline  plain file, one writeSync per ${BATCH} records, no fsync   ${(base / 1e3).toFixed(1).padStart(8)} k records/s`);
  console.log(`outbox    encrypted at rest, fsync per commit, cursors            ${(ours.rate / 1e3).toFixed(1).padStart(8)} k records/s`);
  console.log(`          ${ours.chunks} chunks written and fsync'd (${(N / ours.chunks).toFixed(0)} records each on average), at most ${ours.peakBacklog} records not yet durable`);
  console.log(`ratio: ${(ours.rate / base).toFixed(2)}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
