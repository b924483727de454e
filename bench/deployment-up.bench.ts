/**
 * Scenario: how long `warranted up` takes to bring a whole deployment to healthy. Per run a fresh
 * `warranted init` (200 subscribers per operator, fast timers) in a tmp dir, then `up` (the
 * supervisor in the background, every role its own OS process, started in waves: audit, then the
 * LEMFs, the MDF and the networks, then control — src/cli/deploy/command.ts), timed until every
 * role is healthy, then `down` (timed too). BENCH_RUNS runs (default 3, at most 10).
 *
 * Baseline, measured in the same run on the same deployment file: ONE role process started alone
 * (`node bin/warranted.mjs serve lemf --config … --id …`, the very argv the supervisor runs) until
 * its /healthz answers (polled every 20 ms), then SIGTERM. The ratio up / one role is what the
 * supervisor's waves cost over a single process start.
 *
 *   node --import tsx bench/deployment-up.bench.ts
 *
 * Binds 127.0.0.1 only; stops by itself (BENCH_TIMEOUT_S, default 600 s, ends it with exit 1 after
 * `down` and removing the tmp dir).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { upDeployment } from '../src/cli/deploy/command.ts';
import { roleInstances } from '../src/platform/config/types.ts';
import { down } from '../src/platform/supervisor/control.ts';
import { readState } from '../src/platform/supervisor/files.ts';
import { checkHealth } from '../src/platform/supervisor/health.ts';
import { machine } from './helpers.ts';
import { BIN, bounded, cleanup, freshDeployment, median, msSince, sleep, watchdog, type Fresh } from './deployment.ts';

const RUNS = bounded('BENCH_RUNS', 3, 10);
const TIMEOUT_S = bounded('BENCH_TIMEOUT_S', 600, 3600);
const SUBSCRIBERS = 200;

let current: Fresh | undefined;
let alone: ChildProcess | undefined;
const stopWatchdog = watchdog('deployment-up', TIMEOUT_S, async () => {
  alone?.kill('SIGKILL');
  await cleanup(current);
});

const exited = (c: ChildProcess): Promise<void> => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', () => r())));

/** One LEMF process started alone, as the supervisor would start it: ms until its /healthz answers. */
async function oneRoleAlone(f: Fresh): Promise<number> {
  const lemf = f.d.agencies[0]!.lemf;
  const log = join(f.tmp, 'lemf-alone.log');
  const fd = openSync(log, 'a', 0o600);
  const t0 = process.hrtime.bigint();
  try {
    alone = spawn(process.execPath, [BIN, 'serve', 'lemf', '--config', f.file, '--id', lemf.id], { stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  const child = alone;
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      // expectPid: an answer from anything else holding the port is not this process being healthy
      if (await checkHealth(lemf.admin, 200, child.pid)) return msSince(t0);
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`serve lemf exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${readFileSync(log, 'utf8').slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`serve lemf not healthy within 60 s:\n${readFileSync(log, 'utf8').slice(-2000)}`);
      await sleep(20);
    }
  } finally {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited(child);
    clearTimeout(killer);
    alone = undefined;
  }
}

interface UpRun {
  /** Every role healthy in the supervisor's state file (polled every 20 ms). */
  healthyMs: number;
  /** `up` returned (it polls that file every 200 ms). */
  returnedMs: number;
  downMs: number;
  roles: number;
}

async function upAndDown(f: Fresh): Promise<UpRun> {
  const want = roleInstances(f.d).length;
  let healthyMs: number | undefined;
  const t0 = process.hrtime.bigint();
  const poll = setInterval(() => {
    if (healthyMs !== undefined) return;
    try {
      const s = readState(f.d.dataDir);
      if (s && s.roles.length === want && s.roles.every((r) => r.healthy)) healthyMs = msSince(t0);
    } catch {
      // the state file being replaced under us: read it on the next tick
    }
  }, 20);
  let r;
  try {
    r = await upDeployment(f.file, 120_000);
  } finally {
    clearInterval(poll);
  }
  const returnedMs = msSince(t0);
  if (!r.ok) throw new Error(`warranted up: roles not healthy within 120 s: ${r.failing.map((x) => `${x.role} ${x.id} (last exit ${JSON.stringify(x.lastExit)})\n${x.logTail}`).join('\n')}`);
  const t1 = process.hrtime.bigint();
  await down({ dataDir: f.d.dataDir, timeoutMs: 60_000 });
  return { healthyMs: healthyMs ?? returnedMs, returnedMs, downMs: msSince(t1), roles: r.rows.length };
}

console.log('bench: deployment-up (`warranted up` → every role healthy, fresh deployment, each role its own OS process)');
console.log(`machine: ${machine()}, ${RUNS} runs, ${SUBSCRIBERS} subscribers per operator`);

const singles: number[] = [];
const ups: UpRun[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    current = await freshDeployment('warranted-bench-up-', SUBSCRIBERS, 1 + i);
    singles.push(await oneRoleAlone(current));
    ups.push(await upAndDown(current));
    await cleanup(current);
    current = undefined;
  }
} finally {
  alone?.kill('SIGKILL');
  await cleanup(current);
  stopWatchdog();
}

const one = median(singles);
const healthy = median(ups.map((u) => u.healthyMs));
const returned = median(ups.map((u) => u.returnedMs));
const f = (x: number): string => x.toFixed(0).padStart(7);
console.log(`\n  baseline: one role (lemf) alone → /healthz     median ${f(one)} ms  (${singles.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`  warranted up → all ${ups[0]?.roles ?? 0} roles healthy           median ${f(healthy)} ms  ratio vs one role ${(healthy / one).toFixed(2)}  (${ups.map((u) => u.healthyMs.toFixed(0)).join(', ')})`);
console.log(`  warranted up returned (polls every 200 ms)     median ${f(returned)} ms  ratio vs one role ${(returned / one).toFixed(2)}`);
console.log(`  warranted down (SIGTERM, drained, in reverse)  median ${f(median(ups.map((u) => u.downMs)))} ms`);
