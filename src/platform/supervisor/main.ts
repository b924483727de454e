/**
 * The `warranted supervise` process: takes the data directory's lock, stops whatever roles a killed
 * predecessor left, starts every role, keeps them running until SIGTERM or SIGINT, then stops them in
 * reverse order and releases the lock. SIGHUP is passed on to every role (reload, as
 * docs/observability.md gives it to a role). The CLI action is
 * `process.exit(await runSupervisor({ dataDir, roles }))`.
 */
import { acquireLock } from './lock.ts';
import { stopOrphans } from './orphans.ts';
import { DEFAULT_DRAIN_MS, Supervisor, supervisorLogger, type SupervisorOptions } from './supervisor.ts';

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * Runs the supervisor until a stop signal; resolves to the exit code (0 after a clean stop).
 * Throws SupervisorError SUPERVISOR_ALREADY_RUNNING if a live supervisor holds the data dir's lock.
 */
export async function runSupervisor(opts: SupervisorOptions): Promise<number> {
  const log = opts.logger ?? supervisorLogger();
  const supervisor = new Supervisor({ ...opts, logger: log }); // validates the roles before taking the lock
  const lock = await acquireLock(opts.dataDir);
  if (lock.tookOver) log.warn('stale lock taken over', { deadPid: lock.tookOver.pid });
  try {
    // roles a killed supervisor left behind hold the ports (and maybe an older config): stop them first
    for (const o of await stopOrphans(opts.dataDir, opts.drainTimeoutMs ?? DEFAULT_DRAIN_MS)) log.warn('orphan stopped', { roleName: o.role, roleId: o.id, pid: o.pid });
  } catch (e) {
    lock.release();
    throw e;
  }
  log.info('supervisor started', { pid: process.pid, dataDir: opts.dataDir, roles: opts.roles.map((r) => `${r.role}/${r.id}`) });
  let stopSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const signalled = new Promise<NodeJS.Signals>((resolve) => (stopSignal = resolve));
  const onSignal = (signal: NodeJS.Signals): void => stopSignal(signal);
  const onHup = (): void => log.info('SIGHUP passed on to every role', { roles: supervisor.signalAll('SIGHUP') });
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  process.on('SIGHUP', onHup);
  try {
    // a signal during start stops at once: start() sees the stop and returns
    const started = supervisor.start().then(
      () => ({ failed: false as const }),
      (error: unknown) => ({ failed: true as const, error }),
    );
    const first = await Promise.race([started, signalled]);
    if (typeof first !== 'string' && first.failed) throw first.error instanceof Error ? first.error : new Error(String(first.error));
    log.info('stopping', { signal: await signalled });
    await supervisor.stop();
    await started;
  } catch (e) {
    log.error('supervisor failed, stopping every role', { err: e });
    await supervisor.stop();
    throw e;
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
    process.off('SIGHUP', onHup);
    lock.release();
  }
  log.info('stopped', { code: 0 });
  await log.flush();
  return 0;
}
