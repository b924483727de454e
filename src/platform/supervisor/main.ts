/**
 * The `warranted supervise` process: takes the data directory's lock, starts every role, keeps them
 * running until SIGTERM (or SIGINT/SIGHUP), then stops them in reverse order and releases the lock.
 * The CLI action is `process.exit(await runSupervisor({ dataDir, roles }))`.
 */
import { acquireLock } from './lock.ts';
import { stopOrphans } from './orphans.ts';
import { jsonLineLog, Supervisor, type SupervisorOptions } from './supervisor.ts';

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/**
 * Runs the supervisor until a stop signal; resolves to the exit code (0 after a clean stop).
 * Throws SupervisorError SUPERVISOR_ALREADY_RUNNING if a live supervisor holds the data dir's lock.
 */
export async function runSupervisor(opts: SupervisorOptions): Promise<number> {
  const log = opts.log ?? jsonLineLog;
  const supervisor = new Supervisor({ ...opts, log }); // validates the roles before taking the lock
  const lock = await acquireLock(opts.dataDir);
  if (lock.tookOver) log('warn', 'stale-lock-taken-over', { deadPid: lock.tookOver.pid });
  try {
    // roles a killed supervisor left behind hold the ports (and maybe an older config): stop them first
    for (const o of await stopOrphans(opts.dataDir, opts.drainTimeoutMs ?? 10_000)) log('warn', 'orphan-stopped', { ...o });
  } catch (e) {
    lock.release();
    throw e;
  }
  log('info', 'supervisor-started', { pid: process.pid, dataDir: opts.dataDir, roles: opts.roles.map((r) => `${r.role}/${r.id}`) });
  let stopSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const signalled = new Promise<NodeJS.Signals>((resolve) => (stopSignal = resolve));
  const onSignal = (signal: NodeJS.Signals): void => stopSignal(signal);
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  try {
    // a signal during start stops at once: start() sees the stop and returns
    const started = supervisor.start().then(
      () => ({ failed: false as const }),
      (error: unknown) => ({ failed: true as const, error }),
    );
    const first = await Promise.race([started, signalled]);
    if (typeof first !== 'string' && first.failed) throw first.error instanceof Error ? first.error : new Error(String(first.error));
    const signal = await signalled;
    log('info', 'stopping', { signal });
    await supervisor.stop();
    await started;
  } catch (e) {
    log('error', 'supervisor-failed', { error: e instanceof Error ? e.message : String(e) });
    await supervisor.stop();
    throw e;
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
    lock.release();
  }
  log('info', 'supervisor-exit', { code: 0 });
  return 0;
}
