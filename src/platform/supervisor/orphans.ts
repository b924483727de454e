/**
 * Roles a killed supervisor left running. The state file names every role's pid and its kernel start
 * time; a pid still alive with the same start time is that role (never a recycled pid), and it is
 * stopped the way the supervisor would have stopped it: SIGTERM in reverse start order, SIGKILL
 * after the drain timeout. Used by `down`, and by a new supervisor taking over a stale lock (the
 * orphans hold the ports the new roles need).
 */
import { isAlive, isSameProcess, readState } from './files.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `pid` is gone (or a zombie); false if it is still there after `ms`. */
export async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

/** SIGTERM, then SIGKILL if it is still there after `drainMs`. */
export async function terminate(pid: number, drainMs: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  if (await waitGone(pid, drainMs)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  await waitGone(pid, 5000);
}

export interface Orphan {
  role: string;
  id: string;
  pid: number;
}

/** Stops every role the state file names as still alive; returns them in start order. */
export async function stopOrphans(dataDir: string, drainMs: number): Promise<Orphan[]> {
  const state = readState(dataDir);
  const orphans = (state?.roles ?? []).flatMap((r) => (r.pid !== null && isSameProcess(r.pid, r.procStart) ? [{ role: r.role, id: r.id, pid: r.pid }] : []));
  for (const o of [...orphans].reverse()) await terminate(o.pid, drainMs);
  return orphans;
}
