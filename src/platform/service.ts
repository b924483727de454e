/**
 * The process around one role (`warranted serve ROLE`): start it, then own the signals.
 *
 *  - SIGTERM / SIGINT: drain — call stop(), exit 0. A second signal, a drain longer than
 *    `drainTimeoutMs` (default 20 s) or a failing stop() exits 1 with a log line.
 *  - SIGHUP: reload() and log what changed; a failed reload is logged and the role keeps running
 *    on the configuration it had.
 *  - uncaughtException / unhandledRejection: the role's state is unknown, so no drain: log fatal and
 *    exit 70 (EX_SOFTWARE, sysexits.h) so the supervisor restarts it; whatever must survive is on
 *    disk or in the store (DESIGN "nothing lawful depends on a process's memory").
 *  - start() failing exits 1 (a configuration or environment problem a restart will not cure).
 */
import type { Logger } from './log.ts';

/** Exit codes of a role process (docs/observability.md). */
export const EXIT = { drained: 0, failed: 1, crashed: 70 } as const;

export interface RunningService {
  stop(reason: string): Promise<void>;
  /** Applies what can change without a restart; returns what changed (for the log). */
  reload?(): Promise<string[]>;
}

export interface ServiceOptions {
  role: string;
  id: string;
  logger: Logger;
  start: () => Promise<RunningService>;
  /** Longest drain before exit 1 (default 20000 ms). */
  drainTimeoutMs?: number;
}

type State = 'starting' | 'running' | 'reloading' | 'stopping' | 'exiting';

/** Starts the role and takes over the process; resolves once the role has started. */
export async function runService(o: ServiceOptions): Promise<void> {
  const log = o.logger.child({ pid: process.pid });
  const drainTimeoutMs = o.drainTimeoutMs ?? 20_000;
  let state: State = 'starting';
  let running: RunningService | undefined;
  let pendingStop: string | undefined;

  const exit = async (code: number): Promise<void> => {
    if (state === 'exiting') return;
    state = 'exiting';
    // Lines written before exit must reach the supervisor's log (bounded wait).
    await log.flush(1000);
    process.exit(code);
  };

  const drain = async (reason: string): Promise<void> => {
    const t0 = Date.now();
    log.info('stopping', { reason, drainTimeoutMs });
    const timer = setTimeout(() => {
      log.error('drain timed out, exiting', { reason, drainTimeoutMs });
      void exit(EXIT.failed);
    }, drainTimeoutMs);
    try {
      await running!.stop(reason);
      clearTimeout(timer);
      if (state === 'exiting') return;
      log.info('stopped', { reason, drainMs: Date.now() - t0 });
      await exit(EXIT.drained);
    } catch (e) {
      clearTimeout(timer);
      log.error('stop failed', { reason, err: e });
      await exit(EXIT.failed);
    }
  };

  const onStopSignal = (signal: NodeJS.Signals): void => {
    if (state === 'exiting') return;
    if (state === 'stopping') {
      log.error('second signal during drain, exiting now', { signal });
      void exit(EXIT.failed);
      return;
    }
    // A reload in progress is abandoned: stopping wins.
    const wasStarting = state === 'starting';
    state = 'stopping';
    if (wasStarting) pendingStop = signal;
    else void drain(signal);
  };

  const onHangup = (): void => {
    if (state !== 'running') {
      log.warn('reload ignored', { state });
      return;
    }
    if (!running?.reload) {
      log.warn('reload not supported by this role');
      return;
    }
    state = 'reloading';
    log.info('reloading');
    running.reload().then(
      (changed) => {
        if (state === 'reloading') state = 'running';
        log.info('reloaded', { changed });
      },
      (e: unknown) => {
        if (state === 'reloading') state = 'running';
        log.error('reload failed, keeping the running configuration', { err: e });
      },
    );
  };

  const onFatal = (kind: 'uncaughtException' | 'unhandledRejection') => (e: unknown) => {
    log.fatal(kind === 'uncaughtException' ? 'uncaught exception' : 'unhandled rejection', { kind, err: e });
    if (state === 'exiting') process.exit(EXIT.crashed);
    void exit(EXIT.crashed);
  };

  process.on('SIGTERM', onStopSignal);
  process.on('SIGINT', onStopSignal);
  process.on('SIGHUP', onHangup);
  process.on('uncaughtException', onFatal('uncaughtException'));
  process.on('unhandledRejection', onFatal('unhandledRejection'));

  // `ps` shows which role a process serves (Linux truncates to the original argv length).
  process.title = `warranted ${o.role} ${o.id}`;
  log.info('starting', { node: process.version });
  try {
    running = await o.start();
  } catch (e) {
    log.fatal('start failed', { err: e });
    await exit(EXIT.failed);
    return;
  }
  // `state` may have changed in a signal handler while start() ran.
  if ((state as State) === 'exiting') return;
  log.info('started');
  if (pendingStop !== undefined) {
    void drain(pendingStop);
    return;
  }
  state = 'running';
}
