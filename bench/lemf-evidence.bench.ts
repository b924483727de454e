/**
 * Scenario: the LEMF's evidence at rest on the hot path (issue 8 item 3). 1,000,000 PS-PDUs of 260
 * octets (the relay bench's X3 RTP frames) appended to one LIID's `hi3.ber` through EvidenceFiles:
 * 320 per event-loop turn (one sealed AES-256-GCM chunk of ≤64 KiB each, one writev), an fsync every
 * 2000 PDUs (as a pDUAcknowledgementRequest every 2000 PDUs asks, TS 102 232-1 §6.3.6).
 *
 * Baseline, in the same run on the same disk: what the LEMF did before sealing — the same octets,
 * one writev per turn to a plain file, the same fsync cadence. Prints PDUs/s of both and the ratio
 * sealed / plain; then random single-PDU reads (evidenceOf) against plain preads, for information.
 *
 *   node --import tsx bench/lemf-evidence.bench.ts        (BENCH_PDUS=200000 for a shorter run)
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, readSync, rmSync, statSync, writevSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvidenceFiles } from '../src/monitoring/evidence.ts';
import { machine } from './helpers.ts';

const N = Math.min(Number(process.env.BENCH_PDUS ?? 1_000_000), 10_000_000);
const SIZE = 260;
const TURN = 320;
const SYNC_EVERY = 2000;
const READS = 100_000;
const root = mkdtempSync(join(tmpdir(), 'warranted-bench-evidence-'));
const pool = Array.from({ length: 1024 }, (_, i) => Buffer.alloc(SIZE, i & 0xff));
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

async function plain(): Promise<{ rate: number; readRate: number }> {
  const path = join(root, 'hi3.ber');
  const fd = openSync(path, 'a', 0o600);
  const start = process.hrtime.bigint();
  for (let p = 0; p < N; ) {
    const batch: Buffer[] = [];
    for (let i = 0; i < TURN && p < N; i++, p++) batch.push(pool[p & 1023]!);
    writevSync(fd, batch);
    if (p % SYNC_EVERY < TURN) fsyncSync(fd);
    await turn();
  }
  fsyncSync(fd);
  const rate = N / (Number(process.hrtime.bigint() - start) / 1e9);
  closeSync(fd);
  const rfd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(SIZE);
  let x = 0x1234567;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < READS; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    readSync(rfd, buf, 0, SIZE, (x % N) * SIZE);
  }
  const readRate = READS / (Number(process.hrtime.bigint() - t0) / 1e9);
  closeSync(rfd);
  return { rate, readRate };
}

async function sealed(): Promise<{ rate: number; readRate: number; diskOverhead: number }> {
  const files = new EvidenceFiles(join(root, 'lemf'), { key: new Uint8Array(32).fill(7) });
  const start = process.hrtime.bigint();
  for (let p = 0; p < N; ) {
    for (let i = 0; i < TURN && p < N; i++, p++) files.appendPdu('LIID-BENCH', 'hi3.ber', pool[p & 1023]!);
    if (p % SYNC_EVERY < TURN) await files.sync();
    else await turn();
  }
  await files.sync();
  const rate = N / (Number(process.hrtime.bigint() - start) / 1e9);
  let x = 0x1234567;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < READS; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const got = files.read('LIID-BENCH', { file: 'hi3.ber', offset: (x % N) * SIZE, length: SIZE });
    if (got.length !== SIZE) throw new Error('short read');
  }
  const readRate = READS / (Number(process.hrtime.bigint() - t0) / 1e9);
  const disk = statSync(join(root, 'lemf', 'LIID-BENCH', 'hi3.ber.sealed')).size;
  files.close();
  return { rate, readRate, diskOverhead: disk / (N * SIZE) - 1 };
}

console.log('bench: LEMF evidence appends (one sealed AES-256-GCM chunk per turn, fsync every 2000 PDUs) vs plain appends');
console.log(`machine: ${machine()}`);
console.log(`PDUs: ${N} x ${SIZE} octets, ${TURN} per turn`);
try {
  const base = await plain();
  const ours = await sealed();
  console.log(`baseline  plain file, one writev per turn, same fsyncs     ${(base.rate / 1e3).toFixed(1).padStart(8)} k PDU/s`);
  console.log(`sealed    AES-256-GCM chunks, per-LIID key, same fsyncs    ${(ours.rate / 1e3).toFixed(1).padStart(8)} k PDU/s  (disk overhead ${(ours.diskOverhead * 100).toFixed(2)} %)`);
  console.log(`random single-PDU reads: plain pread ${(base.readRate / 1e3).toFixed(1)} k/s, sealed (decrypt its chunk) ${(ours.readRate / 1e3).toFixed(1)} k/s`);
  console.log(`ratio: ${(ours.rate / base.rate).toFixed(2)}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
