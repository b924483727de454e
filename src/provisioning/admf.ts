/**
 * The ADMF/LIPF (TS 33.127): turns warrant changes into X1 exchanges (TS 103 221-1) with every
 * operator's network elements and the MDF, in the order docs/profile.md fixes (the MDF first, on
 * activation and on deactivation), audits every exchange, and reconciles what the elements
 * report against what the warrants allow: a task no warrant covers is an alarm and is removed.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Credentials } from '../platform/pki.ts';
import { X1Client, X1ErrorResponseError, startX1Server, type X1ClientExchange, type X1RequestBody, type X1Server } from '../wires/x1/index.ts';
import { X1ErrorCode } from '../standards/x1/index.ts';
import type { Endpoint } from '../wires/transport.ts';
import { ProvisioningError } from './errors.ts';
import { activate, createDestination, deactivate, destination, hi2Did, hi3Did, ingestDid, mdfTask, neTask } from './x1-messages.ts';
import { elementsFor, type Registry, type ProvisionTask } from './registry.ts';

export interface AuditSink {
  append(event: { type: string; at: string; actor: string; subject?: string; details: Record<string, unknown> }): Promise<unknown>;
}

export interface ProvisioningOptions {
  identifier: string;
  creds: Credentials;
  registry: Registry;
  audit: AuditSink;
  /** Where verbatim X1 exchanges are journaled (their SHA-256 goes into the audit log). */
  dataDir: string;
  now?: () => Date;
  onAlarm?: (code: string, detail: string) => void;
  timeoutMs?: number;
}

export interface TaskOrder {
  activate: ProvisionTask[];
  deactivate: ProvisionTask[];
}

export interface ElementState {
  element: string;
  xid: string;
  state: 'active' | 'failed' | 'deactivated';
  error?: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class Provisioning {
  private readonly clients = new Map<string, X1Client>();
  private readonly createdDestinations = new Set<string>();
  /** XIDs that warrants currently require, and where each is active. */
  private readonly expected = new Map<string, ProvisionTask>();
  private readonly state = new Map<string, ElementState>();
  private readonly journal: string;
  private readonly now: () => Date;
  exchanges = 0;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private admfServer: X1Server | undefined;

  constructor(private readonly o: ProvisioningOptions) {
    this.now = o.now ?? (() => new Date());
    mkdirSync(o.dataDir, { recursive: true });
    this.journal = join(o.dataDir, 'x1-exchanges.jsonl');
  }

  private client(id: string, endpoint: Endpoint): X1Client {
    let c = this.clients.get(id);
    if (!c) {
      c = new X1Client({ creds: this.o.creds, endpoint, admfIdentifier: this.o.identifier, neIdentifier: id, now: this.now, timeoutMs: this.o.timeoutMs ?? 5000, onExchange: (ex) => this.journalExchange(ex) });
      this.clients.set(id, c);
    }
    return c;
  }

  /** Every X1 exchange: verbatim in the journal, its hashes in the audit log (identities stay out of it). */
  private journalExchange(ex: X1ClientExchange): void {
    this.exchanges++;
    const at = this.now().toISOString();
    appendFileSync(this.journal, `${JSON.stringify({ at, ne: ex.neIdentifier, request: ex.requestXml, response: ex.responseXml ?? null, error: ex.error?.message ?? null })}\n`);
    void this.audit('x1.exchange', ex.neIdentifier, {
      ne: ex.neIdentifier,
      path: ex.path,
      requestSha256: sha256(ex.requestXml),
      responseSha256: ex.responseXml === undefined ? null : sha256(ex.responseXml),
      // The optional prefix must be matched as a whole: a greedy `[^":]*` would eat all but one letter of the name.
      requestTypes: [...ex.requestXml.matchAll(/xsi:type="(?:[^":]*:)?([A-Za-z]+Request)"/g)].map((m) => m[1]),
      error: ex.error ? ((ex.error as { code?: string }).code ?? ex.error.name) : null,
    }).catch(() => undefined);
  }

  private async audit(type: string, subject: string | undefined, details: Record<string, unknown>): Promise<void> {
    try {
      await this.o.audit.append({ type, at: this.now().toISOString(), actor: this.o.identifier, ...(subject ? { subject } : {}), details });
    } catch (cause) {
      this.o.onAlarm?.('PROVISIONING_AUDIT_UNAVAILABLE', 'audit log refused an event');
      throw new ProvisioningError('PROVISIONING_AUDIT_UNAVAILABLE', 'audit log unavailable: provisioning stops', { cause });
    }
  }

  /** Sends one request; "already exists"/"does not exist" answers count as done (idempotent retries). */
  private async send(id: string, ep: Endpoint, body: X1RequestBody, xid: string): Promise<boolean> {
    try {
      await this.client(id, ep).request(body);
      return true;
    } catch (e) {
      if (e instanceof X1ErrorResponseError) {
        const benign =
          (body.messageType === 'ActivateTaskRequest' && e.errorCode === X1ErrorCode.XidAlreadyExists) ||
          (body.messageType === 'DeactivateTaskRequest' && e.errorCode === X1ErrorCode.XidDoesNotExist) ||
          (body.messageType === 'CreateDestinationRequest' && e.errorCode === X1ErrorCode.DidAlreadyExists);
        if (benign) return true;
      }
      const msg = e instanceof Error ? e.message : String(e);
      this.o.onAlarm?.('PROVISIONING_NE_FAILED', `${id}: ${body.messageType} for ${xid}: ${msg}`);
      await this.audit('provisioning.ne-failed', xid, { element: id, request: body.messageType, error: (e as { code?: string }).code ?? 'error' });
      return false;
    }
  }

  private async ensureDestination(id: string, ep: Endpoint, key: string, make: () => X1RequestBody): Promise<boolean> {
    const k = `${id}\u0000${key}`;
    if (this.createdDestinations.has(k)) return true;
    const ok = await this.send(id, ep, make(), key);
    if (ok) this.createdDestinations.add(k);
    return ok;
  }

  private mark(element: string, xid: string, state: ElementState['state'], error?: string): void {
    this.state.set(`${element}\u0000${xid}`, { element, xid, state, ...(error ? { error } : {}) });
  }

  /** Applies one warrant change: deactivations first (NEs, then the MDF), then activations (MDF first). */
  async apply(order: TaskOrder): Promise<ElementState[]> {
    const reg = this.o.registry;
    const med = reg.mediation;
    const touched: ElementState[] = [];
    // Deactivation: the MDF first, for every task of the order at once — delivery stops at this
    // instant even if an operator's element is slow or unreachable (TS 103 221-1 gives no bound on
    // an NE's answer) — then every element of every task in parallel.
    for (const t of order.deactivate) this.expected.delete(t.xid);
    await Promise.all(
      order.deactivate.map(async (t) => {
        await this.send(med.id, med.x1, deactivate(t.xid), t.xid);
        this.mark(med.id, t.xid, 'deactivated');
      }),
    );
    await Promise.all(
      order.deactivate.flatMap((t) =>
        elementsFor(reg, t).map(async (ne) => {
          const ok = await this.send(ne.id, ne.x1, deactivate(t.xid), t.xid);
          this.mark(ne.id, t.xid, ok ? 'deactivated' : 'failed', ok ? undefined : 'DeactivateTask not acknowledged');
        }),
      ),
    );
    for (const t of order.deactivate) {
      // Stopping interception never waits on the audit log: a failed append is alarmed, not fatal.
      await this.audit('provisioning.task-deactivated', t.xid, { warrantId: t.warrantId, warrantHash: t.warrantHash, liid: t.liid, operator: t.operatorId }).catch(() => undefined);
    }
    for (const t of order.activate) {
      const dest = reg.destinations.find((d) => d.id === t.destinationId);
      if (!dest) {
        this.o.onAlarm?.('PROVISIONING_UNKNOWN_DESTINATION', `warrant ${t.warrantId} names unregistered destination ${t.destinationId}`);
        await this.audit('provisioning.refused', t.xid, { code: 'PROVISIONING_UNKNOWN_DESTINATION', warrantId: t.warrantId });
        continue;
      }
      const elements = elementsFor(reg, t);
      if (!reg.operators.some((op) => op.id === t.operatorId)) {
        this.o.onAlarm?.('PROVISIONING_UNKNOWN_OPERATOR', `warrant ${t.warrantId} names unregistered operator ${t.operatorId}`);
        await this.audit('provisioning.refused', t.xid, { code: 'PROVISIONING_UNKNOWN_OPERATOR', warrantId: t.warrantId });
        continue;
      }
      // The audit event precedes the first X1 activation: if the log is down nothing is sent.
      await this.audit('provisioning.task-activating', t.xid, { warrantId: t.warrantId, warrantHash: t.warrantHash, liid: t.liid, operator: t.operatorId, elements: elements.map((e) => e.id) });
      this.expected.set(t.xid, t);
      const mdfOk =
        (await this.ensureDestination(med.id, med.x1, hi2Did(dest), () => createDestination(destination(hi2Did(dest), `${dest.id} HI2`, 'X2Only', dest.hi2)))) &&
        (await this.ensureDestination(med.id, med.x1, hi3Did(dest), () => createDestination(destination(hi3Did(dest), `${dest.id} HI3`, 'X3Only', dest.hi3)))) &&
        (await this.send(med.id, med.x1, activate(mdfTask(t, dest)), t.xid));
      this.mark(med.id, t.xid, mdfOk ? 'active' : 'failed');
      touched.push(this.state.get(`${med.id}\u0000${t.xid}`)!);
      // No POI is tasked before the MDF knows the XID: records would only be refused there.
      if (!mdfOk) continue;
      for (const ne of elements) {
        const ok =
          (await this.ensureDestination(ne.id, ne.x1, ingestDid(med.id), () => createDestination(destination(ingestDid(med.id), `${med.id} X2/X3`, 'X2andX3', med.x2x3)))) &&
          (await this.send(ne.id, ne.x1, activate(neTask(t, med.id)), t.xid));
        this.mark(ne.id, t.xid, ok ? 'active' : 'failed');
        touched.push(this.state.get(`${ne.id}\u0000${t.xid}`)!);
      }
    }
    return touched;
  }

  /**
   * Compares every element's ListAllDetails with the warranted tasks: missing ones are activated
   * again, unknown ones (no warrant covers them) raise PROVISIONING_ROGUE_TASK and are deactivated.
   */
  async reconcile(): Promise<{ rogue: { element: string; xid: string }[]; missing: { element: string; xid: string }[]; unreachable: string[] }> {
    const reg = this.o.registry;
    const rogue: { element: string; xid: string }[] = [];
    const missing: { element: string; xid: string }[] = [];
    const unreachable: string[] = [];
    const elements = [{ id: reg.mediation.id, x1: reg.mediation.x1, mdf: true }, ...reg.operators.flatMap((op) => op.networkElements.map((ne) => ({ id: ne.id, x1: ne.x1, mdf: false, op: op.id, ne })))];
    for (const el of elements) {
      let listed: string[];
      try {
        const r = await this.client(el.id, el.x1).request({ messageType: 'ListAllDetailsRequest' });
        listed = r.listOfXIDs;
      } catch {
        unreachable.push(el.id);
        continue;
      }
      const should = [...this.expected.values()].filter((t) => (el.mdf ? true : 'ne' in el && el.ne && t.operatorId === el.op && elementsFor(reg, t).some((n) => n.id === el.id)));
      for (const xid of listed) {
        if (this.expected.has(xid) && should.some((t) => t.xid === xid)) continue;
        rogue.push({ element: el.id, xid });
        this.o.onAlarm?.('PROVISIONING_ROGUE_TASK', `${el.id} runs XID ${xid} that no warrant covers`);
        await this.audit('provisioning.rogue-task', xid, { element: el.id });
        await this.send(el.id, el.x1, deactivate(xid), xid);
      }
      for (const t of should) if (!listed.includes(t.xid)) missing.push({ element: el.id, xid: t.xid });
    }
    if (missing.length > 0) {
      for (const m of missing) {
        this.o.onAlarm?.('PROVISIONING_MISSING_TASK', `${m.element} lacks warranted XID ${m.xid}; activating it again`);
        await this.audit('provisioning.missing-task', m.xid, { element: m.element });
      }
      const again = [...new Set(missing.map((m) => m.xid))].map((x) => this.expected.get(x)!).filter(Boolean);
      await this.apply({ activate: again, deactivate: [] });
    }
    return { rogue, missing, unreachable };
  }

  /**
   * Reconciles every `intervalMs` (one run at a time) until close(): the continuous check DESIGN.md
   * asks for, so a task added on an element behind the ADMF's back is found within one interval.
   */
  startReconciliation(intervalMs: number, onReport?: (r: Awaited<ReturnType<Provisioning['reconcile']>>) => void): void {
    let running = false;
    this.reconcileTimer = setInterval(() => {
      if (running) return;
      running = true;
      this.reconcile()
        .then((r) => onReport?.(r))
        .catch((e: unknown) => this.o.onAlarm?.('PROVISIONING_NE_FAILED', `reconciliation failed: ${String(e)}`))
        .finally(() => (running = false));
    }, intervalMs);
    this.reconcileTimer.unref();
  }

  /**
   * The ADMF's own X1 responder at /X1/ADMF (TS 103 221-1 §6.5): network elements report task,
   * destination and NE issues here; each report is audited and raised as an alarm.
   */
  async listen(bind: Endpoint, peers?: readonly string[]): Promise<Endpoint> {
    const reg = this.o.registry;
    const report = (kind: string) => async (req: { neIdentifier: string }, ctx: { peer: string }, subject: string, details: Record<string, unknown>) => {
      this.o.onAlarm?.('PROVISIONING_NE_REPORT', `${ctx.peer} reports a ${kind} issue for ${subject}`);
      await this.audit(`x1.report-${kind}`, subject, { element: ctx.peer, neIdentifier: req.neIdentifier, ...details });
    };
    this.admfServer = await startX1Server({
      creds: this.o.creds,
      bind,
      path: '/X1/ADMF',
      identifier: this.o.identifier,
      allowedPeers: peers ?? [reg.mediation.id, ...reg.operators.flatMap((op) => op.networkElements.map((ne) => ne.id))],
      now: this.now,
      handler: {
        onReportTaskIssue: (req, ctx) => report('task')(req, ctx, req.xId, { issue: req.taskReportType, errors: req.taskIssueErrorCode ?? null }),
        onReportDestinationIssue: (req, ctx) => report('destination')(req, ctx, req.dId, { issue: req.destinationReportType }),
        onReportNEIssue: (req, ctx) => report('ne')(req, ctx, ctx.peer, { issue: req.typeOfNeIssueMessage }),
        onPing: () => undefined,
        onKeepalive: () => undefined,
      },
    });
    return this.admfServer.endpoint;
  }

  states(): ElementState[] {
    return [...this.state.values()];
  }

  expectedTasks(): ProvisionTask[] {
    return [...this.expected.values()];
  }

  close(): void {
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    void this.admfServer?.close();
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
