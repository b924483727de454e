/**
 * The supervisor's files under the deployment's data directory, and the process checks shared by
 * the supervisor and its CLI side (control.ts):
 *
 *   <dataDir>/supervisor/lock        the running supervisor's pid (created O_EXCL)
 *   <dataDir>/supervisor/state.json  what the supervisor runs, rewritten atomically on every change
 *   <dataDir>/logs/<role>-<id>.log   each role's stdout and stderr (0600)
 *   <dataDir>/logs/supervisor.log    the supervisor's own output (JSON lines)
 */
import { closeSync, fchmodSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Address } from '../config/types.ts';
import { SupervisorError } from './errors.ts';

export interface SupervisorPaths {
  dir: string;
  lock: string;
  state: string;
  logs: string;
  supervisorLog: string;
}

export function supervisorPaths(dataDir: string): SupervisorPaths {
  const dir = join(dataDir, 'supervisor');
  const logs = join(dataDir, 'logs');
  return { dir, lock: join(dir, 'lock'), state: join(dir, 'state.json'), logs, supervisorLog: join(logs, 'supervisor.log') };
}

/** A role's log file; the id is a certificate name, but keep the file name safe whatever it is. */
export function roleLogPath(dataDir: string, role: string, id: string): string {
  return join(supervisorPaths(dataDir).logs, `${role}-${id}.log`.replace(/[^A-Za-z0-9._-]/g, '_'));
}

export function ensureDirs(dataDir: string): SupervisorPaths {
  const p = supervisorPaths(dataDir);
  // 0700: state names pids and commands, logs may name targets in a lab setup
  mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  mkdirSync(p.logs, { recursive: true, mode: 0o700 });
  return p;
}

/** Opens a log file for appending, 0600 even if it existed with a wider mode. */
export function openLog(path: string): number {
  const fd = openSync(path, 'a', 0o600);
  fchmodSync(fd, 0o600);
  return fd;
}

export interface RoleExit {
  code: number | null;
  signal: string | null;
  at: string;
}

export interface RoleState {
  role: string;
  id: string;
  /** `host:port` of the role's admin listener (GET /healthz). */
  admin: string;
  /** Running process, or null between a crash and its restart and after stop. */
  pid: number | null;
  /** processStartTime(pid): `down` never signals a recycled pid. */
  procStart: string | null;
  startedAt: string | null;
  healthy: boolean;
  restarts: number;
  lastExit: RoleExit | null;
  log: string;
  argv: string[];
}

export interface SupervisorStateFile {
  version: 1;
  supervisor: {
    pid: number;
    startedAt: string;
    /** processStartTime(pid): a recycled pid is not mistaken for the supervisor. */
    procStart: string | null;
    status: 'starting' | 'running' | 'stopping' | 'stopped';
    stoppedAt: string | null;
  };
  updatedAt: string;
  roles: RoleState[];
}

/** Write-then-rename, so a reader never sees half a file (rename(2) is atomic within a directory). */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, path);
}

export function writeState(dataDir: string, state: SupervisorStateFile): void {
  writeFileAtomic(supervisorPaths(dataDir).state, `${JSON.stringify(state, null, 2)}\n`);
}

/** A supervisor file's text, or undefined if there is none; any other read error is SUPERVISOR_BAD_STATE. */
export function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SupervisorError('SUPERVISOR_BAD_STATE', `cannot read ${path}`, { cause: e });
  }
}

/** The state file, or undefined if there is none yet. */
export function readState(dataDir: string): SupervisorStateFile | undefined {
  const path = supervisorPaths(dataDir).state;
  const text = readIfExists(path);
  if (text === undefined) return undefined;
  try {
    const s = JSON.parse(text) as SupervisorStateFile;
    if (s.version !== 1 || !Array.isArray(s.roles) || typeof s.supervisor.pid !== 'number') throw new Error('not a version 1 state file');
    return s;
  } catch (e) {
    throw new SupervisorError('SUPERVISOR_BAD_STATE', `${path} is not a supervisor state file`, { cause: e });
  }
}

/** Fields of /proc/<pid>/stat after the command name (which may itself hold spaces and parentheses). */
function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * When the kernel started `pid` (/proc/<pid>/stat field 22, clock ticks since boot), or null where
 * there is no /proc. pid + start time names one process for good: a recycled pid has another start
 * time. Set at fork, so it is readable right after spawn() returns and survives exec and process.title.
 */
export function processStartTime(pid: number): string | null {
  return procStat(pid)?.[19] ?? null;
}

/** Live and not a zombie (an orphan whose parent is gone may wait unreaped if init does not reap). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = procStat(pid);
  return stat === null || stat[0] !== 'Z'; // no /proc: kill(0) is all we know
}

/** `pid` is alive and, where the kernel tells us, is still the process started at `startTime`. */
export function isSameProcess(pid: number, startTime: string | null): boolean {
  if (!isAlive(pid)) return false;
  if (startTime === null) return true;
  const now = processStartTime(pid);
  return now === null || now === startTime;
}

/** `host:port` or `[v6]:port` (formatAddress's output) back to an Address. */
export function parseAddress(text: string): Address {
  const m = /^\[(.+)\]:(\d+)$/.exec(text) ?? /^([^:]+):(\d+)$/.exec(text);
  if (!m) throw new SupervisorError('SUPERVISOR_BAD_STATE', `not a host:port address: ${text}`);
  return { host: m[1]!, port: Number(m[2]) };
}

/** The last `maxLines` lines of a log file (reads at most 16 KiB from its end). */
export function tailFile(path: string, maxLines = 20): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(size, 16384));
    readSync(fd, buf, 0, buf.length, size - buf.length);
    return buf.toString('utf8').replace(/\n$/, '').split('\n').slice(-maxLines).join('\n');
  } finally {
    closeSync(fd);
  }
}
