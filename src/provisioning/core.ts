/**
 * What reconciliation and keepalives (reconcile.ts, keepalive.ts) need of the ADMF: its registry,
 * the warranted tasks, audited X1 requests, activation on one element, the destination cache and
 * the elements' reachability. Kept as an interface so those files do not import admf.ts.
 */
import type { X1Client, X1RequestBody } from '../wires/x1/index.ts';
import type { ElementRef, EndedTask, ProvisionTask, Registry } from './registry.ts';

export interface AdmfCore {
  /** The current registry (a reload may replace it). */
  registry(): Registry;
  /** The tasks the warrants require now (read anew at every reconciliation). */
  warrantedTasks(): Promise<ProvisionTask[]>;
  /**
   * Which of `xids` belong to a warrant that has stopped, read from the store like warrantedTasks:
   * a task left running because its deactivation was lost (a restart) is deactivated as ended, not
   * taken for a rogue one. Without an answer every such XID stays rogue (fail closed).
   */
  endedTasks(xids: readonly string[]): Promise<EndedTask[]>;
  alarm(code: string, detail: string): void;
  /** Appends to the audit log; throws ProvisioningError PROVISIONING_AUDIT_UNAVAILABLE when it cannot. */
  audit(type: string, subject: string | undefined, details: Record<string, unknown>): Promise<void>;
  /**
   * Appends like audit() and waits until the entry is in a checkpoint the witness quorum cosigned
   * (issue 9); throws PROVISIONING_NOT_WITNESSED when the quorum did not cosign in time.
   */
  auditWitnessed(type: string, subject: string | undefined, details: Record<string, unknown>): Promise<void>;
  /** XIDs whose activation this process announced (witnessed) and has not deactivated since. */
  readonly announced: Set<string>;
  /** Announcements waiting for the witnesses, by XID (shared by concurrent activations). */
  readonly announcing: Map<string, Promise<void>>;
  /** The salted commitment the log records for a task's target (never the identity); absent: none. */
  commitTarget?: ((warrantId: string, target: ProvisionTask['target']) => string) | undefined;
  client(el: ElementRef): X1Client;
  /** One request; true when done ("already exists"/"does not exist" count as done). */
  send(el: ElementRef, body: X1RequestBody, subject: string): Promise<boolean>;
  /** Creates the task's destinations on the element, those not known to exist there. */
  ensureDestinations(el: ElementRef, task: ProvisionTask): Promise<boolean>;
  /** ensureDestinations, then ActivateTask. */
  activateOn(el: ElementRef, task: ProvisionTask): Promise<boolean>;
  /** True while apply() is changing this XID, or when it changed it after `since` (reconciliation leaves it to the next run). */
  inFlight(xid: string, since?: number): boolean;
  /**
   * A counter that apply() advances whenever it starts or finishes changing an XID: a reconciliation
   * notes it before listing, then leaves alone every XID changed since (`inFlight(xid, since)`), so
   * a listing taken just before a deactivation is not read against the warrants after it.
   */
  epoch(): number;
  readonly destinations: DestinationCache;
  readonly reachability: Reachability;
}

/**
 * DIDs the ADMF believes exist on each element, so a warrant change does not re-send
 * CreateDestination every time. Only a cache: an element that restarts loses its destinations, so
 * the entries of an element are dropped when it is unreachable, a keepalive fails, or its
 * ListAllDetails lacks the DID.
 */
export class DestinationCache {
  private readonly byElement = new Map<string, Set<string>>();

  has(element: string, did: string): boolean {
    return this.byElement.get(element)?.has(did) ?? false;
  }

  add(element: string, did: string): void {
    let s = this.byElement.get(element);
    if (!s) this.byElement.set(element, (s = new Set()));
    s.add(did);
  }

  drop(element: string, did: string): void {
    this.byElement.get(element)?.delete(did);
  }

  /** DIDs believed to exist on the element. */
  list(element: string): string[] {
    return [...(this.byElement.get(element) ?? [])];
  }

  forget(element: string): void {
    this.byElement.delete(element);
  }
}

/**
 * Which elements are unreachable, so an outage is alarmed and audited once (not at every keepalive)
 * and its end is audited too. Losing an element also forgets its destinations.
 */
export class Reachability {
  private readonly down = new Map<string, { since: string; reason: string }>();

  constructor(
    private readonly o: {
      alarm: AdmfCore['alarm'];
      audit: AdmfCore['audit'];
      destinations: DestinationCache;
      now: () => Date;
    },
  ) {}

  isDown(element: string): boolean {
    return this.down.has(element);
  }

  /** Elements currently unreachable, with since when and why. */
  list(): { element: string; since: string; reason: string }[] {
    return [...this.down].map(([element, d]) => ({ element, ...d }));
  }

  /** Records a failed exchange; alarms and audits only the first of an outage. True when newly down. */
  async lost(element: string, reason: string): Promise<boolean> {
    this.o.destinations.forget(element);
    if (this.down.has(element)) return false;
    this.down.set(element, { since: this.o.now().toISOString(), reason });
    this.o.alarm('PROVISIONING_NE_UNREACHABLE', `${element} does not answer X1 (${reason}); its tasks are restored when it answers again`);
    await this.o.audit('provisioning.ne-unreachable', element, { element, reason });
    return true;
  }

  /** Records a successful exchange. True when the element was down (its outage is over). */
  async regained(element: string): Promise<boolean> {
    const d = this.down.get(element);
    if (!d) return false;
    this.down.delete(element);
    await this.o.audit('provisioning.ne-reachable', element, { element, downSince: d.since });
    return true;
  }
}
