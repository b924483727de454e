/**
 * The ADMF/LIPF (TS 33.127): turns warrant changes into X1 exchanges (TS 103 221-1) with every
 * operator's network elements and the MDF, in the order docs/profile.md fixes (the MDF first, on
 * activation and on deactivation), audits every exchange, and reconciles what the elements
 * report against what the warrants require now (reconcile.ts). It keeps the elements' §6.6
 * fail-safe from firing with Keepalives, and notices elements that went away (keepalive.ts).
 *
 * Nothing lawful depends on this process's memory (DESIGN.md): the tasks that must run come from
 * `warrantedTasks` at every reconciliation, and the destinations each element holds are a cache
 * that is dropped whenever the element may have lost them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Credentials } from '../platform/pki.ts';
import { X1Client, X1ErrorResponseError, type X1RequestBody, type X1Server } from '../wires/x1/index.ts';
import { X1ErrorCode } from '../standards/x1/index.ts';
import type { Endpoint } from '../wires/transport.ts';
import { startAdmfResponder } from './admf-responder.ts';
import { AUDIT_DOWN, AuditTrail, X1_JOURNAL_FILE, type AuditSink } from './audit-trail.ts';
import { DestinationCache, Reachability, type AdmfCore } from './core.ts';
import { ProvisioningError } from './errors.ts';
import { activateTask, deactivateTasks, type ElementState, type TaskOrder } from './apply.ts';
import { KeepaliveLoop } from './keepalive.ts';
import { reconcile, type ReconcileReport } from './reconcile.ts';
import { activate, createDestination, destination, hi2Did, hi3Did, ingestDid, mdfTask, neTask, taskedElementsOf } from './x1-messages.ts';
import { allElements, type ElementRef, type EndedTask, type Registry, type ProvisionTask } from './registry.ts';

export type { ReconcileReport } from './reconcile.ts';
export type { AuditSink } from './audit-trail.ts';
export type { ElementState, TaskOrder } from './apply.ts';
export type { EndedTask } from './registry.ts';

export interface ProvisioningOptions {
  identifier: string;
  creds: Credentials;
  registry: Registry;
  audit: AuditSink;
  /** Where verbatim X1 exchanges are journaled (their SHA-256 goes into the audit log). */
  dataDir: string;
  /** Seals each line of the X1 journal at rest (audit-trail.ts journalKeyFrom(control.identityKey)). */
  journalKey: Uint8Array;
  /** What must run now — the control role passes `() => warrantService.activeTasks()`. Read at every reconciliation. */
  warrantedTasks: () => Promise<ProvisionTask[]>;
  /**
   * Which of the given XIDs are tasks of warrants that have stopped — the control role passes
   * `(xids) => warrantService.endedTasks(xids)`. Reconciliation deactivates those as ended
   * (`provisioning.task-deactivated`); absent, every XID no active warrant covers is rogue.
   */
  endedTasks?: (xids: readonly string[]) => Promise<EndedTask[]>;
  now?: () => Date;
  onAlarm?: (code: string, detail: string) => void;
  timeoutMs?: number;
  /** Sees each X1 exchange's element and outcome (metrics). */
  onExchange?: (element: string, ok: boolean, durationMs?: number) => void;
  /**
   * Waits until log entry `index` is in a checkpoint cosigned by the witness quorum (the audit
   * service's anchor, bounded by its maxWaitMs) and rejects otherwise. Given: no task is activated
   * before the witnesses have seen its announcement (issue 9).
   */
  witnessed?: (index: number) => Promise<unknown>;
  /** The salted commitment the log records for a task's target instead of the identity (src/audit/commitment.ts). */
  commitTarget?: (warrantId: string, target: ProvisionTask['target']) => string;
}

export class Provisioning {
  private readonly clients = new Map<string, X1Client>();
  private readonly destinations = new DestinationCache();
  private readonly reachability: Reachability;
  /** apply()'s bookkeeping (expectedTasks(), states()); reconciliation never reads it. */
  private readonly applied = new Map<string, ProvisionTask>();
  private readonly inFlight = new Map<string, number>();
  /** When apply() last started or finished changing each XID (core.epoch()). */
  private readonly touched = new Map<string, number>();
  private epochCounter = 0;
  private readonly state = new Map<string, ElementState>();
  private readonly trail: AuditTrail;
  private readonly now: () => Date;
  private readonly core: AdmfCore;
  private readonly keepalives: KeepaliveLoop;
  private registry: Registry;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private admfServer: X1Server | undefined;
  private reconciling: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private onReport: ((r: ReconcileReport) => void) | undefined;

  constructor(private readonly o: ProvisioningOptions) {
    this.now = o.now ?? (() => new Date());
    this.registry = o.registry;
    mkdirSync(o.dataDir, { recursive: true });
    this.trail = new AuditTrail({ identifier: o.identifier, audit: o.audit, journalPath: join(o.dataDir, X1_JOURNAL_FILE), journalKey: o.journalKey, now: this.now, onAlarm: o.onAlarm, onExchange: o.onExchange, witnessed: o.witnessed });
    const alarm = (code: string, detail: string) => o.onAlarm?.(code, detail);
    const audit = async (type: string, subject: string | undefined, details: Record<string, unknown>): Promise<void> => {
      await this.trail.append(type, subject, details);
    };
    this.reachability = new Reachability({ alarm, audit, destinations: this.destinations, now: this.now });
    this.core = {
      registry: () => this.registry,
      warrantedTasks: () => o.warrantedTasks(),
      endedTasks: (xids) => (o.endedTasks ? o.endedTasks(xids) : Promise.resolve([])),
      alarm,
      audit,
      auditWitnessed: (type, subject, details) => this.trail.appendWitnessed(type, subject, details),
      commitTarget: o.commitTarget,
      announced: new Set<string>(),
      announcing: new Map<string, Promise<void>>(),
      client: (el) => this.client(el),
      send: (el, body, subject) => this.send(el, body, subject),
      ensureDestinations: (el, t) => this.ensureDestinations(el, t),
      activateOn: (el, t) => this.activateOn(el, t),
      inFlight: (xid, since) => this.inFlight.has(xid) || (since !== undefined && (this.touched.get(xid) ?? -1) > since),
      epoch: () => this.epochCounter,
      destinations: this.destinations,
      reachability: this.reachability,
    };
    this.keepalives = new KeepaliveLoop(this.core, (element) => this.reconcileInBackground([element]));
  }

  private client(el: ElementRef): X1Client {
    let c = this.clients.get(el.id);
    if (!c) {
      c = new X1Client({ creds: this.o.creds, endpoint: el.x1, admfIdentifier: this.o.identifier, neIdentifier: el.id, now: this.now, timeoutMs: this.o.timeoutMs ?? 5000, onExchange: (ex) => this.trail.exchange(ex), beforeSend: (req) => this.trail.sending(req) });
      this.clients.set(el.id, c);
    }
    return c;
  }

  /** Sends one request; "already exists"/"does not exist" answers count as done (idempotent retries). */
  private async send(el: ElementRef, body: X1RequestBody, subject: string): Promise<boolean> {
    try {
      await this.client(el).request(body);
      return true;
    } catch (e) {
      if (e instanceof ProvisioningError) throw e;
      const code = (e as { code?: string }).code ?? 'error';
      if (e instanceof X1ErrorResponseError) {
        const t = body.messageType;
        const benign =
          (t === 'ActivateTaskRequest' && e.errorCode === X1ErrorCode.XidAlreadyExists) ||
          (t === 'DeactivateTaskRequest' && e.errorCode === X1ErrorCode.XidDoesNotExist) ||
          (t === 'CreateDestinationRequest' && e.errorCode === X1ErrorCode.DidAlreadyExists);
        if (benign) return true;
        // The element lost a destination we thought it had: create it again next time.
        if (e.errorCode === X1ErrorCode.DidDoesNotExist) this.destinations.forget(el.id);
      } else if (code === 'X1_UNREACHABLE' || code === 'X1_TIMEOUT') {
        await this.reachability.lost(el.id, code);
      }
      const msg = e instanceof Error ? e.message : String(e);
      this.o.onAlarm?.('PROVISIONING_NE_FAILED', `${el.id}: ${body.messageType} for ${subject}: ${msg}`);
      await this.trail.append('provisioning.ne-failed', subject, { element: el.id, request: body.messageType, error: code });
      return false;
    }
  }

  private async ensureDestination(el: ElementRef, did: string, make: () => X1RequestBody): Promise<boolean> {
    if (this.destinations.has(el.id, did)) return true;
    const ok = await this.send(el, make(), did);
    if (ok) this.destinations.add(el.id, did);
    return ok;
  }

  private async ensureDestinations(el: ElementRef, t: ProvisionTask): Promise<boolean> {
    const med = this.registry.mediation;
    if (!el.mdf) return this.ensureDestination(el, ingestDid(med.id), () => createDestination(destination(ingestDid(med.id), `${med.id} X2/X3`, 'X2andX3', med.x2x3)));
    const dest = this.registry.destinations.find((d) => d.id === t.destinationId)!;
    return (
      (await this.ensureDestination(el, hi2Did(dest), () => createDestination(destination(hi2Did(dest), `${dest.id} HI2`, 'X2Only', dest.hi2)))) &&
      (await this.ensureDestination(el, hi3Did(dest), () => createDestination(destination(hi3Did(dest), `${dest.id} HI3`, 'X3Only', dest.hi3))))
    );
  }

  private async activateOn(el: ElementRef, t: ProvisionTask): Promise<boolean> {
    if (!(await this.ensureDestinations(el, t))) return false;
    const dest = this.registry.destinations.find((d) => d.id === t.destinationId)!;
    return this.send(el, activate(el.mdf ? mdfTask(t, dest, taskedElementsOf(this.registry, t)) : neTask(t, this.registry.mediation.id)), t.xid);
  }

  private mark(element: string, xid: string, state: ElementState['state'], error?: string): ElementState {
    const s = { element, xid, state, ...(error ? { error } : {}) };
    this.state.set(`${element}\u0000${xid}`, s);
    return s;
  }

  /**
   * Applies one warrant change: deactivations first (the MDF, then the NEs), then activations (the
   * MDF first). Resolves to one state per element and task; never swallows an error. When the audit
   * log is unavailable it throws ProvisioningError PROVISIONING_AUDIT_UNAVAILABLE (details.results:
   * the states so far) — after every deactivation was still sent, and before any activation is.
   */
  /**
   * An order is waiting to be applied (a queue holds it behind an earlier order of its warrant):
   * reconciliation leaves its XIDs alone until `settled`, as while apply() runs — otherwise it
   * would find them "missing" and race the order. Returns `settled`, to call once it is done.
   */
  pending(order: TaskOrder): () => void {
    const xids = [...order.deactivate, ...order.activate].map((t) => t.xid);
    for (const x of xids) {
      this.inFlight.set(x, (this.inFlight.get(x) ?? 0) + 1);
      this.touched.set(x, ++this.epochCounter);
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      for (const x of xids) {
        this.touched.set(x, ++this.epochCounter);
        const n = (this.inFlight.get(x) ?? 1) - 1;
        if (n > 0) this.inFlight.set(x, n);
        else this.inFlight.delete(x);
      }
    };
  }

  async apply(order: TaskOrder): Promise<ElementState[]> {
    const results: ElementState[] = [];
    const settled = this.pending(order);
    try {
      const record = (element: string, xid: string, state: ElementState['state'], error?: string) => void results.push(this.mark(element, xid, state, error));
      for (const t of order.deactivate) this.applied.delete(t.xid);
      await deactivateTasks(this.core, order.deactivate, record, order.reason);
      for (const t of order.activate) if (await activateTask(this.core, t, record)) this.applied.set(t.xid, t);
      return results;
    } catch (e) {
      if (e instanceof ProvisioningError && e.code === AUDIT_DOWN) throw new ProvisioningError(AUDIT_DOWN, e.message, { cause: e, details: { results } });
      throw e;
    } finally {
      settled();
    }
  }

  /** One reconciliation (reconcile.ts) of `elements` (default all); runs are serialized. */
  async reconcile(o?: { elements?: readonly string[] }): Promise<ReconcileReport> {
    this.queued++;
    const run = this.reconciling.catch(() => undefined).then(() => reconcile(this.core, o?.elements ? new Set(o.elements) : undefined));
    this.reconciling = run;
    try {
      return await run;
    } finally {
      this.queued--;
    }
  }

  private reconcileInBackground(elements?: readonly string[]): void {
    this.reconcile(elements ? { elements } : undefined)
      .then((r) => this.onReport?.(r))
      // A ProvisioningError has raised its own alarm (audit log or warrants unavailable).
      .catch((e: unknown) => (e instanceof ProvisioningError ? undefined : this.o.onAlarm?.('PROVISIONING_NE_FAILED', `reconciliation failed: ${String(e)}`)));
  }

  /**
   * Reconciles every `intervalMs` until close() (a run is skipped while another is pending): the
   * continuous check DESIGN.md asks for. `onReport` also sees keepalive-triggered runs.
   */
  startReconciliation(intervalMs: number, onReport?: (r: ReconcileReport) => void): void {
    this.onReport = onReport;
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    this.reconcileTimer = setInterval(() => {
      if (this.queued === 0) this.reconcileInBackground();
    }, intervalMs);
    this.reconcileTimer.unref();
  }

  /** TS 103 221-1 §6.6.2: a Keepalive to every element and the MDF every `intervalMs` (TIME_P1). */
  startKeepalives(intervalMs: number): void {
    this.keepalives.start(intervalMs);
  }

  stopKeepalives(): void {
    this.keepalives.stop();
  }

  /** Keepalive rounds completed (tests, metrics). */
  get keepaliveRounds(): number {
    return this.keepalives.rounds;
  }

  stopReconciliation(): void {
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    this.reconcileTimer = undefined;
  }

  /** The ADMF's /X1/ADMF responder (admf-responder.ts), where elements report issues (TS 103 221-1 §6.5). */
  async listen(bind: Endpoint, peers?: readonly string[]): Promise<Endpoint> {
    const reg = this.registry;
    this.admfServer = await startAdmfResponder({
      creds: this.o.creds,
      bind,
      identifier: this.o.identifier,
      peers: peers ?? [reg.mediation.id, ...reg.operators.flatMap((op) => op.networkElements.map((ne) => ne.id))],
      now: this.now,
      alarm: (code, detail) => this.o.onAlarm?.(code, detail),
      audit: async (type, subject, details) => {
        await this.trail.append(type, subject, details);
      },
    });
    return this.admfServer.endpoint;
  }

  /**
   * A new registry (configuration reload): clients of elements whose X1 address changed are
   * replaced and their destinations forgotten; the next reconciliation applies the rest.
   */
  setRegistry(next: Registry): void {
    const before = new Map(allElements(this.registry).map((el) => [el.id, el.x1]));
    for (const el of allElements(next)) {
      const old = before.get(el.id);
      if (old && old.host === el.x1.host && old.port === el.x1.port) continue;
      this.clients.get(el.id)?.close();
      this.clients.delete(el.id);
      this.destinations.forget(el.id);
    }
    this.registry = next;
  }

  /** X1 exchanges sent so far. */
  get exchanges(): number {
    return this.trail.exchanges;
  }

  states(): ElementState[] {
    return [...this.state.values()];
  }

  /** Tasks this instance's apply() activated and has not deactivated (bookkeeping; reconciliation reads `warrantedTasks`). */
  expectedTasks(): ProvisionTask[] {
    return [...this.applied.values()];
  }

  /** Elements that do not answer X1 now, since when and why. */
  unreachable(): { element: string; since: string; reason: string }[] {
    return this.reachability.list();
  }

  close(): void {
    this.stopReconciliation();
    this.keepalives.stop();
    void this.admfServer?.close();
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
