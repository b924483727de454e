/**
 * The MDF's X1 fail-safe (TS 103 221-1 §6.6.2, keepalives): the MDF is an NE at /X1/NE like the
 * POIs, so "if the NE has not seen a Keepalive message for TIME_P2 … the NE shall perform a
 * DeactivateAllTasks command". An MDF whose ADMF went silent stops delivering rather than run
 * tasks nobody supervises any more — a rogue or crashed ADMF cannot leave interception running.
 *
 * On expiry every task ends exactly as a DeactivateAllTasks would end it (the guard refuses the
 * XID's records from that instant, `mdf.task-ended` is audited with reason FAIL_SAFE_REASON), the
 * empty task table is written to the state file so a restart does not bring the tasks back, an
 * alarm is raised and the ADMF is told with ReportNEIssue FaultReport (§6.5.4) at /X1/ADMF. The
 * report is retried a few times with a growing delay and then given up (alarm): it never holds up
 * delivery or stop(). The MDF never re-activates by itself: the ADMF's reconciliation, once it is
 * heard again, restores the tasks its warrants still cover.
 */
import type { Credentials } from '../platform/pki.ts';
import type { Endpoint } from '../wires/transport.ts';
import { DEFAULT_TIME_P2_MS, X1Client, X1FailSafe } from '../wires/x1/index.ts';

/** The reason `mdf.task-ended` carries for tasks the fail-safe ended. */
export const FAIL_SAFE_REASON = 'TS 103 221-1 §6.6 fail-safe';
const REPORT_ATTEMPTS = 5;

export interface MdfFailSafeOptions {
  identifier: string;
  admfIdentifier: string;
  creds: Credentials;
  /** TIME_P2 in ms (default DEFAULT_TIME_P2_MS, one hour); 0 disables the fail-safe (§6.6.2 "prior agreement"). */
  timeP2Ms?: number;
  /** The ADMF's /X1/ADMF address for ReportNEIssue; without it the trip is only alarmed and audited. */
  admfEndpoint?: Endpoint;
  hasTasks(): boolean;
  /** Ends every task as DeactivateAllTasks does, with `reason`; returns the XIDs ended. */
  deactivateAll(reason: string): string[];
  /** Writes the X1 state durably; throws when it cannot. */
  persist(): void;
  audit(type: string, subject: string | undefined, details: Record<string, unknown>): void;
  alarm(code: string, detail: string): void;
}

export interface MdfFailSafeStats {
  timeP2Ms: number;
  trips: number;
  tasksDeactivated: number;
  lastAt: string | null;
  /** The ADMF acknowledged the ReportNEIssue of the last trip. */
  reported: boolean;
}

export class MdfFailSafe {
  private readonly timer: X1FailSafe;
  private readonly client: X1Client | undefined;
  private readonly timeP2Ms: number;
  private readonly counters: Omit<MdfFailSafeStats, 'timeP2Ms'> = { trips: 0, tasksDeactivated: 0, lastAt: null, reported: false };
  private retry: NodeJS.Timeout | undefined;
  /** Bumped per trip and by stop(): a follow-up of an older trip gives way to the newer one. */
  private generation = 0;

  constructor(private readonly o: MdfFailSafeOptions) {
    this.timeP2Ms = o.timeP2Ms ?? DEFAULT_TIME_P2_MS;
    this.timer = new X1FailSafe({ timeP2Ms: this.timeP2Ms, hasTasks: () => o.hasTasks(), onExpire: (silentMs) => this.expired(silentMs) });
    this.client = o.admfEndpoint
      ? new X1Client({ creds: o.creds, endpoint: o.admfEndpoint, path: '/X1/ADMF', admfIdentifier: o.admfIdentifier, neIdentifier: o.identifier, timeoutMs: 5000 })
      : undefined;
  }

  /** Any X1 request container from the ADMF resets TIME_P2 (§6.6.2). */
  heard(): void {
    this.timer.heard();
  }

  start(): void {
    this.timer.start();
  }

  stats(): MdfFailSafeStats {
    return { timeP2Ms: this.timeP2Ms, ...this.counters };
  }

  /** Stops the timer and abandons a report still being retried (never waits for the ADMF). */
  stop(): void {
    this.generation++;
    this.timer.stop();
    clearTimeout(this.retry);
    this.client?.close();
  }

  private expired(silentMs: number): void {
    const xids = this.o.deactivateAll(FAIL_SAFE_REASON);
    const c = this.counters;
    c.trips++;
    c.tasksDeactivated += xids.length;
    c.lastAt = new Date().toISOString();
    c.reported = false;
    const description = `no X1 request from the ADMF for ${silentMs} ms (TIME_P2 ${this.timeP2Ms} ms): ${xids.length} task(s) deactivated (TS 103 221-1 §6.6.2)`;
    this.o.alarm('MDF_X1_FAIL_SAFE', description);
    this.o.audit('mdf.x1-fail-safe', undefined, { silentMs, timeP2Ms: this.timeP2Ms, xids });
    const generation = ++this.generation;
    void this.followUp(generation, description, true, 1);
  }

  /**
   * Makes the trip durable and reported: the state write (normally done at once) and the
   * ReportNEIssue are tried up to REPORT_ATTEMPTS times, TIME_P2/4 (0.1 s to 5 s) apart and doubling.
   */
  private async followUp(generation: number, description: string, unsaved: boolean, attempt: number): Promise<void> {
    if (unsaved) {
      try {
        this.o.persist();
        unsaved = false;
      } catch (e) {
        // Delivery has stopped all the same; only a restart before a later write would bring the tasks back.
        if (attempt === 1) this.o.alarm('MDF_STATE_WRITE_FAILED', `the fail-safe's deactivation could not be written yet (${String(e)}): a restart now would reload the tasks`);
      }
    }
    let reportError: unknown;
    if (this.client && !this.counters.reported) {
      try {
        await this.client.request({ messageType: 'ReportNEIssueRequest', typeOfNeIssueMessage: 'FaultReport', description });
        if (generation === this.generation) this.counters.reported = true;
      } catch (e) {
        reportError = e;
      }
    }
    if (generation !== this.generation) return;
    const pending = unsaved || reportError !== undefined;
    if (!pending) return;
    if (attempt >= REPORT_ATTEMPTS) {
      if (reportError !== undefined) this.o.alarm('MDF_ADMF_REPORT_FAILED', `ReportNEIssue for the fail-safe not acknowledged after ${attempt} attempts: ${reportError instanceof Error ? reportError.message : 'error'}`);
      return;
    }
    const delay = Math.min(5000, Math.max(100, Math.floor(this.timeP2Ms / 4))) * 2 ** (attempt - 1);
    this.retry = setTimeout(() => void this.followUp(generation, description, unsaved, attempt + 1), delay);
    this.retry.unref();
  }
}
