/**
 * Runs every role of a deployment as its own OS process on one machine (`warranted up`): starts
 * them in order, each once the previous one answers `GET /healthz` (later roles connect to earlier
 * ones: audit first), restarts one that exits unexpectedly with exponential backoff, polls health,
 * and keeps <dataDir>/supervisor/state.json current. stop() stops them in reverse order.
 * See docs/deployment.md "One machine: warranted up".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, writeSync } from 'node:fs';
import { formatAddress, type RoleInstance } from '../config/types.ts';
import { createLogger, type Logger, type LogStream } from '../log.ts';
import { checkHealth } from './health.ts';
import { ensureDirs, openLog, processStartTime, roleLogPath, writeState, type RoleState, type SupervisorStateFile } from './files.ts';

export const DEFAULT_DRAIN_MS = 25_000;

/** Set in every role's environment: the role runner exits when this process is gone (role-watch.ts). */
export const SUPERVISOR_PID_ENV = 'WARRANTED_SUPERVISOR_PID';

export interface SupervisedRole extends RoleInstance {
  /** The full command, e.g. [process.execPath, 'bin/warranted.mjs', 'serve', role, '--config', file, '--id', id]. */
  argv: string[];
  /**
   * Start wave (default: its position, one role at a time): the roles of a wave start together and
   * the next wave starts once they are healthy (or their start timeout passed).
   */
  wave?: number;
}

export interface SupervisorOptions {
  dataDir: string;
  roles: SupervisedRole[];
  /** Restart delay: initialMs doubled per consecutive crash up to maxMs; back to initialMs once a role stayed healthy resetAfterMs. */
  backoff?: { initialMs?: number; maxMs?: number; resetAfterMs?: number };
  /** How often every role's /healthz is probed (default 1000). */
  healthPollMs?: number;
  /** How long start() waits for a role to be healthy before starting the next one anyway (default 30000). */
  startTimeoutMs?: number;
  /** How long a role may take to exit after SIGTERM before SIGKILL (default 25000: a role bounds its own drain at 20 s, src/platform/service.ts). */
  drainTimeoutMs?: number;
  /** The roles' base environment (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** The supervisor's own log (default supervisorLogger(): JSON lines on stdout, role `supervisor`). */
  logger?: Logger;
}

/**
 * The supervisor logs like every role (docs/observability.md "Logs"): one JSON object per line on
 * stdout, which `up` points at <dataDir>/logs/supervisor.log. The role it speaks of is in the
 * fields `roleName` and `roleId` (`role` and `id` name the supervisor itself).
 */
export function supervisorLogger(stream?: LogStream): Logger {
  return createLogger({ role: 'supervisor', id: 'supervisor', ...(stream ? { stream } : {}) });
}

interface Slot {
  spec: SupervisedRole;
  state: RoleState;
  child: ChildProcess | undefined;
  exited: Promise<void>;
  healthySince: number | undefined;
  /** Unexpected exits since the role last stayed healthy resetAfterMs: the backoff exponent. */
  failures: number;
  restartTimer: NodeJS.Timeout | undefined;
  probing: boolean;
}

/** Resolves true if `p` settled within `ms`, false otherwise; leaves no timer behind. */
async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([p.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const names = (slot: Slot) => ({ roleName: slot.spec.role, roleId: slot.spec.id });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class Supervisor {
  private readonly slots: Slot[];
  private readonly file: SupervisorStateFile;
  private readonly log: Logger;
  private readonly backoff: { initialMs: number; maxMs: number; resetAfterMs: number };
  private readonly healthPollMs: number;
  private readonly probeTimeoutMs: number;
  private pollTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private stopped: Promise<void> | undefined;

  constructor(private readonly opts: SupervisorOptions) {
    this.log = opts.logger ?? supervisorLogger();
    for (const r of opts.roles) if (r.argv.length === 0) throw new TypeError(`role ${r.role} ${r.id}: empty argv`);
    this.backoff = { initialMs: opts.backoff?.initialMs ?? 250, maxMs: opts.backoff?.maxMs ?? 10_000, resetAfterMs: opts.backoff?.resetAfterMs ?? 10_000 };
    this.healthPollMs = opts.healthPollMs ?? 1000;
    this.probeTimeoutMs = Math.min(2000, Math.max(200, this.healthPollMs));
    this.slots = opts.roles.map((spec) => ({
      spec,
      state: { role: spec.role, id: spec.id, admin: formatAddress(spec.admin), pid: null, procStart: null, startedAt: null, healthy: false, restarts: 0, lastExit: null, log: roleLogPath(opts.dataDir, spec.role, spec.id), argv: [...spec.argv] },
      child: undefined,
      exited: Promise.resolve(),
      healthySince: undefined,
      failures: 0,
      restartTimer: undefined,
      probing: false,
    }));
    const now = new Date().toISOString();
    this.file = {
      version: 1,
      supervisor: { pid: process.pid, startedAt: now, procStart: processStartTime(process.pid), status: 'starting', stoppedAt: null },
      updatedAt: now,
      roles: this.slots.map((s) => s.state),
    };
  }

  /** Starts every role in order; resolves once each is healthy or its start timeout passed. */
  async start(): Promise<void> {
    ensureDirs(this.opts.dataDir);
    this.save();
    this.pollTimer = setInterval(() => this.poll(), this.healthPollMs);
    const waves = new Map<number, typeof this.slots>();
    this.opts.roles.forEach((r, i) => {
      const w = r.wave ?? i;
      waves.set(w, [...(waves.get(w) ?? []), this.slots[i]!]);
    });
    for (const w of [...waves.keys()].sort((a, b) => a - b)) {
      if (this.stopping) return;
      const wave = waves.get(w)!;
      for (const slot of wave) this.trySpawn(slot);
      await Promise.all(
        wave.map(async (slot) => {
          if (!(await this.waitHealthy(slot))) this.log.warn('role not healthy within its start timeout, starting the next wave', { ...names(slot), waitedMs: this.opts.startTimeoutMs ?? 30_000 });
        }),
      );
    }
    if (this.stopping) return;
    this.file.supervisor.status = 'running';
    this.save();
    this.log.info('all roles started', { roles: this.slots.length, healthy: this.slots.filter((s) => s.state.healthy).length });
  }

  /** Stops every role in reverse start order (SIGTERM, SIGKILL after the drain timeout); idempotent. */
  stop(): Promise<void> {
    this.stopped ??= this.doStop();
    return this.stopped;
  }

  /** Sends `signal` to every running role (SIGHUP: reload, docs/observability.md); returns how many. */
  signalAll(signal: NodeJS.Signals): number {
    let n = 0;
    for (const slot of this.slots) if (slot.child?.kill(signal)) n++;
    return n;
  }

  /** A copy of what the state file says. */
  snapshot(): SupervisorStateFile {
    return structuredClone(this.file);
  }

  private spawn(slot: Slot): void {
    const { argv } = slot.spec;
    const fd = openLog(slot.state.log);
    let child: ChildProcess;
    try {
      // a line in the role's own log format marks each start (docs/observability.md "Logs")
      supervisorLogger({ write: (line: string) => writeSync(fd, line) }).info('starting role', { ...names(slot), supervisorPid: process.pid, restarts: slot.state.restarts });
      // the child gets its own copy of fd (dup2 at spawn), so ours is closed right after
      child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', fd, fd], env: { ...(this.opts.env ?? process.env), [SUPERVISOR_PID_ENV]: String(process.pid), WARRANTED_RESTARTS: String(slot.state.restarts) } });
    } finally {
      closeSync(fd);
    }
    let gone: () => void = () => undefined;
    slot.exited = new Promise((resolve) => (gone = resolve));
    let settled = false;
    const onGone = (code: number | null, signal: string | null): void => {
      if (settled) return;
      settled = true;
      this.onExit(slot, child, code, signal);
      gone();
    };
    child.once('exit', onGone);
    child.on('error', (err) => {
      this.log.error('role could not be started', { ...names(slot), err });
      if (child.pid === undefined) onGone(null, null); // never started: no 'exit' will come
    });
    slot.child = child;
    Object.assign(slot.state, { pid: child.pid ?? null, procStart: child.pid === undefined ? null : processStartTime(child.pid), startedAt: new Date().toISOString(), healthy: false });
    slot.healthySince = undefined;
    this.log.info('role started', { ...names(slot), pid: child.pid ?? null, restarts: slot.state.restarts });
    this.save();
  }

  private onExit(slot: Slot, child: ChildProcess, code: number | null, signal: string | null): void {
    if (slot.child !== child) return;
    const stable = slot.healthySince !== undefined && Date.now() - slot.healthySince >= this.backoff.resetAfterMs;
    slot.child = undefined;
    slot.healthySince = undefined;
    Object.assign(slot.state, { pid: null, procStart: null, healthy: false, lastExit: { code, signal, at: new Date().toISOString() } });
    if (this.stopping) {
      this.log.info('role stopped', { ...names(slot), pid: child.pid ?? null, code, signal });
      this.save();
      return;
    }
    if (stable) slot.failures = 0;
    const restartInMs = this.scheduleRestart(slot);
    this.log.warn('role exited', { ...names(slot), pid: child.pid ?? null, code, signal, restartInMs });
    this.save();
  }

  /** Exponential backoff: initialMs × 2^(consecutive failures), at most maxMs. */
  private scheduleRestart(slot: Slot): number {
    const delayMs = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** Math.min(slot.failures, 30));
    slot.failures++;
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = undefined;
      if (this.stopping) return;
      slot.state.restarts++;
      this.trySpawn(slot);
    }, delayMs);
    return delayMs;
  }

  /** spawn(), but a failure to even start the process (log file, fork) is retried like a crash, never thrown. */
  private trySpawn(slot: Slot): void {
    try {
      this.spawn(slot);
    } catch (err) {
      const restartInMs = this.scheduleRestart(slot);
      this.log.error('role could not be started', { ...names(slot), err, restartInMs });
      this.save();
    }
  }

  private async waitHealthy(slot: Slot): Promise<boolean> {
    const deadline = Date.now() + (this.opts.startTimeoutMs ?? 30_000);
    while (!this.stopping && Date.now() < deadline) {
      if (slot.state.healthy) return true;
      const child = slot.child;
      if (child && (await checkHealth(slot.spec.admin, this.probeTimeoutMs, child.pid)) && slot.child === child && !this.stopping) {
        this.setHealth(slot, true);
        return true;
      }
      await sleep(100);
    }
    return slot.state.healthy;
  }

  private poll(): void {
    for (const slot of this.slots) {
      const child = slot.child;
      if (!child || slot.probing) continue;
      slot.probing = true;
      void checkHealth(slot.spec.admin, this.probeTimeoutMs, child.pid).then((ok) => {
        slot.probing = false;
        if (slot.child === child && !this.stopping) this.setHealth(slot, ok);
      });
    }
  }

  private setHealth(slot: Slot, healthy: boolean): void {
    if (slot.state.healthy === healthy) return;
    slot.state.healthy = healthy;
    slot.healthySince = healthy ? Date.now() : undefined;
    if (healthy) this.log.info('role healthy', { ...names(slot), pid: slot.state.pid });
    else this.log.warn('role unhealthy', { ...names(slot), pid: slot.state.pid });
    this.save();
  }

  private async doStop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.pollTimer);
    for (const slot of this.slots) clearTimeout(slot.restartTimer);
    this.file.supervisor.status = 'stopping';
    this.save();
    const drainMs = this.opts.drainTimeoutMs ?? DEFAULT_DRAIN_MS;
    for (const slot of [...this.slots].reverse()) {
      const child = slot.child;
      if (!child) continue;
      child.kill('SIGTERM');
      if (await within(slot.exited, drainMs)) continue;
      this.log.warn('role did not exit within the drain timeout, killing it', { ...names(slot), pid: child.pid ?? null, drainMs });
      child.kill('SIGKILL');
      await within(slot.exited, 5000);
    }
    Object.assign(this.file.supervisor, { status: 'stopped', stoppedAt: new Date().toISOString() });
    this.save();
  }

  private save(): void {
    this.file.updatedAt = new Date().toISOString();
    try {
      writeState(this.opts.dataDir, this.file);
    } catch (e) {
      this.log.error('state file write failed', { err: e });
    }
  }
}
