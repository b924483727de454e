/**
 * Parent-death check for a role run by the supervisor. Node cannot ask the kernel to signal a child
 * when its parent dies (no prctl(PR_SET_PDEATHSIG)), so a role started by `warranted up` would
 * outlive a supervisor killed with SIGKILL. The supervisor puts its pid in WARRANTED_SUPERVISOR_PID;
 * the role runner (`warranted serve`) calls watchSupervisor() and shuts down when its parent changes
 * (the orphan is re-parented to init or a subreaper: a pid comparison immune to pid reuse).
 */
import { SUPERVISOR_PID_ENV } from './supervisor.ts';

/**
 * Calls `onGone` once when the supervisor that started this process is gone. No-op (returns a no-op
 * stop) when not started by a supervisor. The timer is unref'd: it never keeps the role alive.
 */
export function watchSupervisor(onGone: () => void, opts: { intervalMs?: number; env?: NodeJS.ProcessEnv } = {}): () => void {
  const raw = (opts.env ?? process.env)[SUPERVISOR_PID_ENV];
  const pid = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
  if (pid === undefined) return () => undefined;
  const check = (): boolean => {
    if (process.ppid === pid) return false;
    clearInterval(timer);
    onGone();
    return true;
  };
  const timer = setInterval(check, opts.intervalMs ?? 1000);
  timer.unref();
  check();
  return () => clearInterval(timer);
}
