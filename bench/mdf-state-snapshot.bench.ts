/**
 * Scenario: the MDF's durable X1 state (src/mediation/state.ts) at seed scale — a sealed snapshot of
 * BENCH_TASKS (1,000,000) MDF tasks written and read back. Before snapshots were written in parts a
 * state of about 700,000 tasks could not be saved at all (its JSON passed V8's longest string).
 * Baseline in the same run: the same number of octets written with one write + fsync and read back
 * into one Buffer (what the disk alone costs). Prints both, octets per task and `ratio: X.XX`
 * (baseline time / store time, save + load).
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MdfStateStore, stateKeyFrom, type MdfX1State } from '../src/mediation/state.ts';
import { machine } from './helpers.ts';
import { mdfDestinations, mdfTaskOf } from './seed-scale-tasks.ts';

const N = Number(process.env.BENCH_TASKS ?? '1000000');
console.log('bench: mdf-state-snapshot (sealed X1 state file, save + load)');
console.log(`machine: ${machine()}; ${N} tasks`);

const dir = mkdtempSync(join(tmpdir(), 'warranted-bench-state-'));
try {
  const state: MdfX1State = { destinations: mdfDestinations(), tasks: Array.from({ length: N }, (_, i) => mdfTaskOf(i)) };
  const store = new MdfStateStore(dir, { key: stateKeyFrom(new Uint8Array(32).fill(7)) });
  let t = performance.now();
  store.save(state);
  const saveS = (performance.now() - t) / 1000;
  const bytes = statSync(store.path).size;
  t = performance.now();
  const loaded = store.load();
  const loadS = (performance.now() - t) / 1000;
  if (loaded.tasks.length !== N) throw new Error(`loaded ${loaded.tasks.length} tasks, saved ${N}`);

  // Baseline: the same octets, one write + fsync, one read.
  const raw = Buffer.alloc(Math.min(bytes, 2 ** 31 - 1), 0x61);
  const rawPath = join(dir, 'raw');
  t = performance.now();
  const fd = openSync(rawPath, 'w', 0o600);
  for (let off = 0; off < raw.length; ) off += writeSync(fd, raw, off, raw.length - off);
  fsyncSync(fd);
  closeSync(fd);
  const rawWriteS = (performance.now() - t) / 1000;
  t = performance.now();
  if (readFileSync(rawPath).length !== raw.length) throw new Error('short read');
  const rawReadS = (performance.now() - t) / 1000;

  const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  console.log(`  state file            ${mib(bytes)}, ${(bytes / N).toFixed(0)} octets per task (sealed, AES-256-GCM per line)`);
  console.log(`  store save            ${saveS.toFixed(2)} s (${(N / saveS / 1e3).toFixed(0)} k tasks/s)`);
  console.log(`  store load            ${loadS.toFixed(2)} s (${(N / loadS / 1e3).toFixed(0)} k tasks/s, checked and unsealed)`);
  console.log(`  baseline write+fsync  ${rawWriteS.toFixed(2)} s; read ${rawReadS.toFixed(2)} s (${mib(raw.length)} raw octets)`);
  console.log(`ratio: ${((rawWriteS + rawReadS) / (saveS + loadS)).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
