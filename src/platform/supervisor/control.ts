/**
 * The command-line side of the supervisor: `warranted up` (start it in the background and wait for
 * every role), `status` (what runs, health checked live) and `down` (stop it, and clean up behind
 * one that was killed). The CLI wires these to commander; see docs/deployment.md.
 */
import { spawn } from 'node:child_process';
import { closeSync } from 'node:fs';
import type { RoleInstance } from '../config/types.ts';
import { SupervisorError } from './errors.ts';
import { ensureDirs, isSameProcess, openLog, parseAddress, readState, supervisorPaths, tailFile, writeState, type RoleExit, type SupervisorStateFile } from './files.ts';
import { checkHealth } from './health.ts';
import { alreadyRunning, removeStaleLock, runningSupervisor } from './lock.ts';
import { stopOrphans, terminate, waitGone, type Orphan } from './orphans.ts';

export interface StatusRow {
  role: string;
  id: string;
  /** Live pid, or null if the role is not running. */
  pid: number | null;
  healthy: boolean;
  restarts: number;
  /** `host:port` of the admin listener. */
  admin: string;
}

export interface FailingRole extends StatusRow {
  lastExit: RoleExit | null;
  log: string;
  /** The last lines of the role's log. */
  logTail: string;
}

export interface UpResult {
  /** Every role healthy within timeoutMs. When false the supervisor keeps running (and restarting). */
  ok: boolean;
  supervisorPid: number;
  rows: StatusRow[];
  failing: FailingRole[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function rowOf(r: SupervisorStateFile['roles'][number]): StatusRow {
  return { role: r.role, id: r.id, pid: r.pid, healthy: r.healthy, restarts: r.restarts, admin: r.admin };
}

/**
 * Starts the supervisor (`supervisorArgv`, e.g. [node, bin/warranted.mjs, 'supervise', '--config', f])
 * as a detached background process writing to <dataDir>/logs/supervisor.log, and waits until its
 * state file says every role in `roles` is healthy. Throws SUPERVISOR_ALREADY_RUNNING if a live
 * supervisor holds the lock, SUPERVISOR_START_FAILED if the supervisor exits meanwhile.
 */
export async function up(opts: { dataDir: string; roles: readonly Pick<RoleInstance, 'role' | 'id'>[]; supervisorArgv: string[]; timeoutMs: number; env?: NodeJS.ProcessEnv; cwd?: string }): Promise<UpResult> {
  const running = await runningSupervisor(opts.dataDir);
  if (running !== undefined) throw alreadyRunning(running, opts.dataDir);
  const paths = ensureDirs(opts.dataDir);
  const fd = openLog(paths.supervisorLog);
  let child;
  try {
    // detached: its own session, so it outlives this command and the terminal it ran in
    child = spawn(opts.supervisorArgv[0]!, opts.supervisorArgv.slice(1), { detached: true, stdio: ['ignore', fd, fd], env: opts.env ?? process.env, cwd: opts.cwd });
  } finally {
    closeSync(fd);
  }
  let ended: { code: number | null; signal: string | null; error?: string } | undefined;
  child.once('exit', (code, signal) => (ended ??= { code, signal }));
  child.once('error', (e) => (ended ??= { code: null, signal: null, error: e.message }));
  child.unref();
  const pid = child.pid ?? -1;
  const want = (s: SupervisorStateFile, r: Pick<RoleInstance, 'role' | 'id'>) => s.roles.find((x) => x.role === r.role && x.id === r.id);
  const deadline = Date.now() + opts.timeoutMs;
  let state: SupervisorStateFile | undefined;
  for (;;) {
    await sleep(200);
    if (ended) {
      const logTail = tailFile(paths.supervisorLog);
      throw new SupervisorError('SUPERVISOR_START_FAILED', `the supervisor exited (${ended.error ?? `code ${ended.code}, signal ${ended.signal}`}) before every role was up:\n${logTail}`, { details: { ...ended, logTail } });
    }
    const s = readState(opts.dataDir);
    if (s?.supervisor.pid === pid) state = s;
    if (state && opts.roles.every((r) => want(state!, r)?.healthy === true)) return { ok: true, supervisorPid: pid, rows: state.roles.map(rowOf), failing: [] };
    if (Date.now() >= deadline) break;
  }
  const failing = opts.roles
    .filter((r) => state === undefined || want(state, r)?.healthy !== true)
    .map((r): FailingRole => {
      const s = state && want(state, r);
      const log = s?.log ?? '';
      return { role: r.role, id: r.id, pid: s?.pid ?? null, healthy: false, restarts: s?.restarts ?? 0, admin: s?.admin ?? '', lastExit: s?.lastExit ?? null, log, logTail: log ? tailFile(log) : '' };
    });
  return { ok: false, supervisorPid: pid, rows: state?.roles.map(rowOf) ?? [], failing };
}

export interface StatusReport {
  /** From the state file; `running` is checked live. Undefined if `up` never ran on this data dir. */
  supervisor: { pid: number; running: boolean; status: SupervisorStateFile['supervisor']['status']; startedAt: string } | undefined;
  rows: StatusRow[];
}

/** What runs on this data dir: pids checked alive, health by a live GET /healthz (timeoutMs each, default 1000). */
export async function status(opts: { dataDir: string; timeoutMs?: number }): Promise<StatusReport> {
  const state = readState(opts.dataDir);
  if (!state) return { supervisor: undefined, rows: [] };
  const running = (await runningSupervisor(opts.dataDir)) === state.supervisor.pid;
  const rows = await Promise.all(
    state.roles.map(async (r): Promise<StatusRow> => {
      const alive = r.pid !== null && isSameProcess(r.pid, r.procStart);
      const healthy = alive && (await checkHealth(parseAddress(r.admin), opts.timeoutMs ?? 1000, r.pid!));
      return { ...rowOf(r), pid: alive ? r.pid : null, healthy };
    }),
  );
  const { pid, status: st, startedAt } = state.supervisor;
  return { supervisor: { pid, running, status: st, startedAt }, rows };
}

export interface DownResult {
  /** The supervisor that was asked to stop, if one was running. */
  supervisorPid: number | null;
  /** The supervisor did not exit within timeoutMs and was killed. */
  forced: boolean;
  /** Roles still alive once the supervisor was gone (it had been killed), stopped by `down` itself. */
  orphans: Orphan[];
}

/**
 * Stops the supervisor (SIGTERM to the pid in the lock; it stops every role in reverse order and
 * exits), waiting at most timeoutMs before SIGKILL. Then stops any role the state file still names
 * as alive, which is what a supervisor killed with SIGKILL leaves behind, and marks the state stopped.
 */
export async function down(opts: { dataDir: string; timeoutMs: number; drainTimeoutMs?: number }): Promise<DownResult> {
  const pid = (await runningSupervisor(opts.dataDir)) ?? null;
  let forced = false;
  if (pid !== null) {
    process.kill(pid, 'SIGTERM');
    if (!(await waitGone(pid, opts.timeoutMs))) {
      forced = true;
      await terminate(pid, 0);
    }
  }
  const orphans = await stopOrphans(opts.dataDir, opts.drainTimeoutMs ?? 5000);
  const state = readState(opts.dataDir);
  if (state && (state.supervisor.status !== 'stopped' || orphans.length > 0)) {
    const now = new Date().toISOString();
    Object.assign(state.supervisor, { status: 'stopped', stoppedAt: now });
    for (const r of state.roles) Object.assign(r, { pid: null, procStart: null, healthy: false });
    state.updatedAt = now;
    writeState(opts.dataDir, state);
  }
  removeStaleLock(opts.dataDir);
  return { supervisorPid: pid, forced, orphans };
}

/** The human form of `warranted status`. */
export function formatStatusTable(rows: readonly StatusRow[]): string {
  const table = [['ROLE', 'ID', 'PID', 'HEALTHY', 'RESTARTS', 'ADMIN'], ...rows.map((r) => [r.role, r.id, r.pid === null ? '-' : String(r.pid), r.healthy ? 'yes' : 'no', String(r.restarts), r.admin])];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return table.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

export { supervisorPaths };
