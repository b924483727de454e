/**
 * Shared by the deployment scenarios (deployment-up, mdf-recovery): a fresh deployment written by
 * `init` into a tmp dir (every role its own OS process on 127.0.0.1 once `up`), torn down with
 * `down` and removed whatever happens — a failure, the watchdog, Ctrl-C — so that no role outlives
 * the scenario and no port stays bound.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initDeployment } from '../src/cli/init/init.ts';
import { loadDeployment } from '../src/platform/config/load.ts';
import type { Deployment } from '../src/platform/config/types.ts';
import { down } from '../src/platform/supervisor/control.ts';

/** The command every supervised role runs (src/cli/deploy/command.ts supervisedRoles). */
export const BIN = join(import.meta.dirname, '..', 'bin', 'warranted.mjs');

export interface Fresh {
  tmp: string;
  file: string;
  d: Deployment;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
export const msSince = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
/** `n` from the environment, clamped to [1, max]: every scenario stays bounded whatever is asked. */
export const bounded = (name: string, dflt: number, max: number): number => Math.min(max, Math.max(1, Math.floor(Number(process.env[name] ?? dflt) || dflt)));

/** `warranted init` (fast timers: the demo's TIME_P1, reconciliation and keepalives) into a new tmp dir. */
export async function freshDeployment(prefix: string, subscribers: number, seed: number): Promise<Fresh> {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  try {
    const file = await initDeployment({ dir: tmp, subscribers, seed, fastTimers: true });
    return { tmp, file, d: loadDeployment(file) };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** `down` (a no-op when nothing runs) and remove the dir; never throws. */
export async function cleanup(f: Fresh | undefined): Promise<void> {
  if (!f) return;
  await down({ dataDir: f.d.dataDir, timeoutMs: 60_000 }).catch((e: unknown) => console.error(`down failed on ${f.d.dataDir}: ${String(e)}`));
  rmSync(f.tmp, { recursive: true, force: true });
}

/**
 * Ends the scenario with exit 1 after `timeoutS`, or on SIGINT/SIGTERM, but first runs `onAbort`
 * (stop what it started, `down` the deployment, remove the dir). Returns a stop for the normal end.
 */
export function watchdog(name: string, timeoutS: number, onAbort: () => Promise<void>): () => void {
  const abort = (why: string): void => {
    console.error(`${name}: ${why}; cleaning up`);
    const hard = setTimeout(() => process.exit(1), 90_000);
    hard.unref();
    void onAbort().finally(() => process.exit(1));
  };
  const timer = setTimeout(() => abort(`not finished after ${timeoutS} s`), timeoutS * 1000);
  timer.unref();
  const onSignal = (s: NodeJS.Signals): void => abort(`got ${s}`);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    clearTimeout(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
