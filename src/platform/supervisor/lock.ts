/**
 * One supervisor per data directory: `<dataDir>/supervisor/lock` holds the running supervisor's
 * pid, created with O_EXCL so two supervisors cannot both create it. A lock whose pid is dead (the
 * supervisor was killed) is stale and is taken over; a live one refuses with
 * SUPERVISOR_ALREADY_RUNNING naming the pid.
 */
import { closeSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { SupervisorError } from './errors.ts';
import { ensureDirs, isAlive, isSameProcess, readIfExists, readState, supervisorPaths } from './files.ts';

/** The pid in a lock file; undefined if there is no such file, NaN if it holds no pid (yet). */
function readPidFile(path: string): number | undefined {
  const text = readIfExists(path);
  if (text === undefined) return undefined;
  return /^\d+\n?$/.test(text) ? Number(text.trim()) : NaN;
}

/** The pid in the lock, waiting out the instant between another supervisor's O_EXCL open and its write. */
async function readLockPid(path: string): Promise<number | undefined> {
  for (let i = 0; ; i++) {
    const pid = readPidFile(path);
    if (pid === undefined || !Number.isNaN(pid) || i >= 20) return pid;
    await sleep(100);
  }
}

/** Is `pid` the live supervisor of this data dir? Its recorded command line guards against pid reuse. */
export function supervisorAlive(dataDir: string, pid: number): boolean {
  if (!isAlive(pid)) return false;
  let procStart: string | null = null;
  try {
    const s = readState(dataDir);
    if (s?.supervisor.pid === pid) procStart = s.supervisor.procStart;
  } catch {
    // an unreadable state file tells us nothing about the pid
  }
  return isSameProcess(pid, procStart);
}

/** The pid of the live supervisor holding the lock, or undefined if none (no lock, or a stale one). */
export async function runningSupervisor(dataDir: string): Promise<number | undefined> {
  const pid = await readLockPid(supervisorPaths(dataDir).lock);
  return pid !== undefined && !Number.isNaN(pid) && supervisorAlive(dataDir, pid) ? pid : undefined;
}

export function alreadyRunning(pid: number, dataDir: string): SupervisorError {
  return new SupervisorError('SUPERVISOR_ALREADY_RUNNING', `a supervisor (pid ${pid}) is already running on ${dataDir}; run \`warranted down\` first`, { details: { pid } });
}

export interface SupervisorLock {
  /** Set when a stale lock was taken over: the dead supervisor's pid (null if the file held none). */
  tookOver: { pid: number | null } | undefined;
  /** Removes the lock if it is still ours. */
  release(): void;
}

export async function acquireLock(dataDir: string, pid = process.pid): Promise<SupervisorLock> {
  const path = ensureDirs(dataDir).lock;
  let tookOver: { pid: number | null } | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new SupervisorError('SUPERVISOR_LOCK_FAILED', `cannot create ${path}`, { cause: e });
    }
    if (fd !== undefined) {
      try {
        writeSync(fd, `${pid}\n`);
      } finally {
        closeSync(fd);
      }
      return { tookOver, release: () => releaseLock(path, pid) };
    }
    const holder = await readLockPid(path);
    if (holder === undefined) continue; // removed meanwhile: try again
    if (!Number.isNaN(holder) && supervisorAlive(dataDir, holder)) throw alreadyRunning(holder, dataDir);
    // Stale. Move it aside with rename(2): of several supervisors taking it over at once only one
    // gets this file; a loser may instead move the winner's fresh lock, which it then puts back.
    const aside = `${path}.stale.${pid}`;
    try {
      renameSync(path, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new SupervisorError('SUPERVISOR_LOCK_FAILED', `cannot take over stale ${path}`, { cause: e });
    }
    const moved = readPidFile(aside);
    if (moved !== undefined && moved !== holder && !Number.isNaN(moved) && isAlive(moved)) {
      try {
        linkSync(aside, path);
      } catch {
        // someone else holds the path now; either way a live supervisor runs
      }
      unlinkSync(aside);
      throw alreadyRunning(moved, dataDir);
    }
    unlinkSync(aside);
    tookOver = { pid: Number.isNaN(holder) ? null : holder };
  }
  throw new SupervisorError('SUPERVISOR_LOCK_FAILED', `could not take ${path} after 5 attempts`);
}

/** Removes a lock whose supervisor is dead (after `down` cleaned up behind a killed supervisor). */
export function removeStaleLock(dataDir: string): boolean {
  const path = supervisorPaths(dataDir).lock;
  const pid = readPidFile(path);
  if (pid === undefined || (!Number.isNaN(pid) && supervisorAlive(dataDir, pid))) return false;
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}

function releaseLock(path: string, pid: number): void {
  try {
    if (readPidFile(path) === pid) unlinkSync(path);
  } catch {
    // already gone, or unreadable: nothing of ours to remove
  }
}
