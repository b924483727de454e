/**
 * The network element's side of X1 keepalives (TS 103 221-1 §6.6.2): "if the NE has not seen a
 * Keepalive message for TIME_P2 (by default TIME_P2 is 1 hour) then the NE shall perform a
 * DeactivateAllTasks command i.e. deactivate all XIDs on the NE. The NE implementation shall reset
 * the timer whenever any X1 Request is received from the ADMF (including a Keepalive Request)."
 * Keepalives exist "to assert that the ADMF application is still operational, and remove all
 * tasking information as a security measure if it is not": an element whose ADMF went silent
 * stops intercepting rather than running tasks nobody supervises any more.
 *
 * The timer knows nothing of tasks: the element says whether it has any and what deactivating all
 * of them means (a POI stops emitting, the MDF stops delivering). Used by the POIs and meant for
 * the MDF (an NE at /X1/NE as well).
 */

/** TS 103 221-1 §6.6.2 default TIME_P2. */
export const DEFAULT_TIME_P2_MS = 3_600_000;

export interface X1FailSafeOptions {
  /** TIME_P2 in ms; 0 disables the fail-safe ("prior agreement" that keepalives are disabled, §6.6.2). */
  timeP2Ms: number;
  /** Whether the element holds any task (with none there is nothing to deactivate). */
  hasTasks: () => boolean;
  /** Deactivate every task now; `silentMs` is how long the ADMF has been silent. */
  onExpire: (silentMs: number) => void;
  /** How often the silence is looked at (default TIME_P2 / 5, at least 20 ms). */
  checkEveryMs?: number;
  /** Clock in ms (default Date.now). */
  now?: () => number;
}

export class X1FailSafe {
  private lastHeard: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly o: X1FailSafeOptions) {
    this.now = o.now ?? Date.now;
    this.lastHeard = this.now();
  }

  /** Any X1 request from the ADMF resets the timer (§6.6.2). */
  heard(): void {
    this.lastHeard = this.now();
  }

  /** Milliseconds since the ADMF was last heard. */
  get silentMs(): number {
    return this.now() - this.lastHeard;
  }

  start(): void {
    if (this.o.timeP2Ms <= 0 || this.timer) return;
    this.lastHeard = this.now();
    this.timer = setInterval(() => this.check(), this.o.checkEveryMs ?? Math.max(20, Math.floor(this.o.timeP2Ms / 5)));
    this.timer.unref();
  }

  /** Looks at the silence once (the interval calls it; callers may too). */
  check(): void {
    const silent = this.silentMs;
    if (this.o.timeP2Ms > 0 && silent >= this.o.timeP2Ms && this.o.hasTasks()) this.o.onExpire(silent);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
