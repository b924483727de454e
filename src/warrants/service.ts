/**
 * WarrantService: the warrant lifecycle (TS 103 120 statuses) over an injected store, audit sink,
 * key registry, profiles and clock.
 *
 * Fail closed: a change is written in a store transaction, its audit event(s) appended INSIDE that
 * transaction, and only then committed. If the audit sink rejects, the transaction rolls back and
 * nothing changed. (If the commit itself fails after the audit append, a `warrant.aborted` event
 * is appended so the log does not claim a change that never happened.) Refusals change nothing
 * and are audited as `warrant.refused`. Change notifications go out after the commit.
 */
import type { TargetIdentifier } from '../standards/identifiers/types.ts';
import type { DerivedTask } from './derive.ts';
import { WarrantError } from './errors.ts';
import type { AuditSink, WarrantAuditEvent } from './events.ts';
import type { KeyRegistry } from './keys.ts';
import { TERMINAL_STATES, type Clock, type OperatorPolicy, type Signature, type SignedStatement, type WarrantDraft, type WarrantRecord, type WarrantState } from './model.ts';
import type { Profile } from './profiles.ts';
import type { WarrantFilter, WarrantStore, WarrantStoreTx } from './store.ts';
import { confirmedOperators, runningTasks, type EndedTask, type TickTransition, type WarrantChange, type WarrantChangeListener } from './service-core.ts';
import { deriveTasks } from './derive.ts';
import * as ops from './service-ops.ts';

export type { EndedTask, WarrantChange, WarrantChangeListener, TickTransition } from './service-core.ts';

/** States a warrant leaves Active for: its tasks must stop (TRANSITIONS in model.ts). */
const STOPPED_STATES: readonly WarrantState[] = ['Suspended', 'Cancelled', 'Expired', 'Lapsed'];

export interface WarrantServiceDeps {
  store: WarrantStore;
  audit: AuditSink;
  keys: KeyRegistry;
  profiles: ReadonlyMap<string, Profile> | readonly Profile[];
  clock: Clock;
  /** Operator compliance policies (an operator without one can never confirm: fail closed). */
  operatorPolicies?: readonly OperatorPolicy[];
  /**
   * The salted commitment the log records for a target instead of the identity (src/audit/
   * commitment.ts, keyed by the deployment's identity key). Absent: targets are logged by kind only.
   */
  commitTarget?: (warrantId: string, target: TargetIdentifier) => string;
}

/** What an operation decided inside its transaction. */
export interface Mutation {
  record: WarrantRecord;
  /** false: insert a new record; true: update (expecting record.version - 1). */
  update: boolean;
  events: WarrantAuditEvent[];
  change?: WarrantChange;
}

export class WarrantService {
  readonly #deps: WarrantServiceDeps;
  readonly #profiles: ReadonlyMap<string, Profile>;
  #policies: ReadonlyMap<string, OperatorPolicy>;
  readonly #listeners = new Set<WarrantChangeListener>();

  constructor(deps: WarrantServiceDeps) {
    this.#deps = deps;
    this.#profiles = Array.isArray(deps.profiles)
      ? new Map((deps.profiles as readonly Profile[]).map((p) => [p.id, p]))
      : (deps.profiles as ReadonlyMap<string, Profile>);
    this.#policies = new Map((deps.operatorPolicies ?? []).map((p) => [p.operatorId, p]));
  }

  /** Subscribes to committed changes; returns the unsubscribe function. */
  onChange(listener: WarrantChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get(id: string): Promise<WarrantRecord | undefined> {
    return this.#deps.store.get(id);
  }
  list(filter?: WarrantFilter): Promise<WarrantRecord[]> {
    return this.#deps.store.list(filter);
  }
  profile(id: string): Profile | undefined {
    return this.#profiles.get(id);
  }
  /** Replaces the operator compliance policies (a deployment reload); confirmations already given stay. */
  setOperatorPolicies(policies: readonly OperatorPolicy[]): void {
    this.#policies = new Map(policies.map((p) => [p.operatorId, p]));
  }
  operatorPolicy(operatorId: string): OperatorPolicy | undefined {
    return this.#policies.get(operatorId);
  }

  /** Every task that must be running now (reconciliation source for provisioning). */
  async activeTasks(): Promise<DerivedTask[]> {
    const active = await this.#deps.store.list({ states: ['Active'] });
    return active.flatMap((r) => runningTasks(r, (op) => this.#policies.get(op)));
  }

  /**
   * Which of `xids` are tasks of a warrant that was Active and has stopped since (expired, lapsed,
   * revoked, suspended), with the transition that stopped it. Reconciliation asks this for XIDs
   * no active warrant covers: the durable store, not a process's memory, tells a task whose
   * deactivation was lost with a restart from a rogue one (DESIGN.md). Only operators that had
   * confirmed count: a task never warranted stays rogue.
   */
  async endedTasks(xids: readonly string[]): Promise<EndedTask[]> {
    if (xids.length === 0) return [];
    const wanted = new Set(xids);
    const out: EndedTask[] = [];
    for (const r of await this.#deps.store.list({ states: [...STOPPED_STATES] })) {
      if (!r.history.some((h) => h.to === 'Active')) continue;
      const last = r.history[r.history.length - 1]!;
      for (const task of deriveTasks(r, confirmedOperators(r, (op) => this.#policies.get(op)))) {
        if (wanted.has(task.xid)) out.push({ task, state: r.state, reason: last.reason, at: last.at });
      }
    }
    return out;
  }

  /** Submits a warrant: content checked against its profile, stored as AwaitingApproval. */
  async submit(draft: WarrantDraft): Promise<WarrantRecord> {
    return this.#run('submit', draft, (tx, now) => ops.submit(this.#ctx(), tx, draft, now));
  }

  /** Submits a renewal/extension of `previousId` (the draft's `renews` is set to it). */
  async renew(previousId: string, draft: WarrantDraft): Promise<WarrantRecord> {
    const d = { ...draft, renews: previousId };
    return this.#run('renew', d, (tx, now) => ops.submit(this.#ctx(), tx, d, now));
  }

  /** Adds an approval signature (verified now); may move the warrant to Approved / EmergencyApproval. */
  async addSignature(id: string, signature: Signature): Promise<WarrantRecord> {
    return this.#run('addSignature', { id }, (tx, now) => ops.addSignature(this.#ctx(), tx, id, signature, now));
  }
  /** Alias of addSignature. */
  approve(id: string, signature: Signature): Promise<WarrantRecord> {
    return this.addSignature(id, signature);
  }

  /** Operator compliance officer confirmation (statement purpose 'operator-confirmation', subject = operator id). */
  async confirmByOperator(id: string, statement: SignedStatement): Promise<WarrantRecord> {
    return this.#run('confirmByOperator', { id }, (tx, now) => ops.confirmByOperator(this.#ctx(), tx, id, statement, now));
  }

  /** Re-evaluates the warrant in full (signatures, time, caps) and makes it Active. */
  async activate(id: string): Promise<WarrantRecord> {
    return this.#run('activate', { id }, (tx, now) => ops.activate(this.#ctx(), tx, id, now));
  }

  /** Signed revocation (purpose 'revocation'): Cancelled; every task deactivated at once. */
  async revoke(id: string, statement: SignedStatement): Promise<WarrantRecord> {
    return this.#run('revoke', { id }, (tx, now) => ops.endBySignedStatement(this.#ctx(), tx, id, statement, 'revocation', 'Cancelled', now));
  }
  /** Signed rejection (purpose 'rejection') of a warrant awaiting approval. */
  async reject(id: string, statement: SignedStatement): Promise<WarrantRecord> {
    return this.#run('reject', { id }, (tx, now) => ops.endBySignedStatement(this.#ctx(), tx, id, statement, 'rejection', 'Rejected', now));
  }
  /** Signed suspension (purpose 'suspension'): tasks deactivated until resumed. */
  async suspend(id: string, statement: SignedStatement): Promise<WarrantRecord> {
    return this.#run('suspend', { id }, (tx, now) => ops.endBySignedStatement(this.#ctx(), tx, id, statement, 'suspension', 'Suspended', now));
  }
  /** Signed resumption (purpose 'resumption'): full re-evaluation, then Active again. */
  async resume(id: string, statement: SignedStatement): Promise<WarrantRecord> {
    return this.#run('resume', { id }, (tx, now) => ops.resume(this.#ctx(), tx, id, statement, now));
  }

  /**
   * Expiry sweep: every non-terminal warrant past its end becomes Expired; every emergency warrant
   * past its confirmation deadline becomes Lapsed. Each is its own transaction + audit event; the
   * deactivation notifications go out as each commits. Throws WARRANT_AUDIT_FAILED after the sweep
   * if any could not be recorded (those stay unchanged; their tasks still carry the end time).
   */
  async tick(now: Date = this.#deps.clock.now()): Promise<TickTransition[]> {
    const live = await this.#deps.store.list({ states: ['AwaitingApproval', 'EmergencyApproval', 'Approved', 'Active', 'Suspended'] });
    const out: TickTransition[] = [];
    const failed: string[] = [];
    let firstError: unknown;
    for (const candidate of live) {
      if (!ops.dueAt(candidate, now)) continue;
      try {
        const rec = await this.#run('tick', { id: candidate.warrant.id }, (tx) => ops.expireOrLapse(this.#ctx(), tx, candidate.warrant.id, now), now);
        const last = rec.history[rec.history.length - 1];
        if (last && (rec.state === 'Expired' || rec.state === 'Lapsed') && last.at === now.toISOString()) {
          out.push({ warrantId: rec.warrant.id, warrantHash: rec.hash, from: last.from!, to: rec.state, at: last.at, reason: last.reason });
        }
      } catch (e) {
        failed.push(candidate.warrant.id);
        firstError ??= e;
      }
    }
    if (failed.length > 0) {
      throw new WarrantError('WARRANT_AUDIT_FAILED', `expiry sweep could not record ${failed.length} transition(s)`, { cause: firstError, details: { failed } });
    }
    return out;
  }

  #ctx(): ops.OpsContext {
    return {
      keys: this.#deps.keys,
      profile: (id) => {
        const p = this.#profiles.get(id);
        if (!p) throw new WarrantError('WARRANT_PROFILE_UNKNOWN', `profile ${id} is not loaded`, { details: { profileId: id } });
        return p;
      },
      policyOf: (op) => this.#policies.get(op),
      ...(this.#deps.commitTarget ? { commitTarget: this.#deps.commitTarget } : {}),
    };
  }

  /**
   * Runs one operation: decide inside a store transaction, append audit events inside it, commit,
   * then notify. A WarrantError before the audit append is a refusal: audited, nothing written.
   */
  async #run(
    operation: string,
    input: { id?: unknown },
    decide: (tx: WarrantStoreTx, now: Date) => Promise<Mutation>,
    at?: Date,
  ): Promise<WarrantRecord> {
    const now = at ?? this.#deps.clock.now();
    let audited: Mutation | undefined;
    let mutation: Mutation;
    try {
      mutation = await this.#deps.store.transaction(async (tx) => {
        const m = await decide(tx, now);
        if (m.update) await tx.update(m.record, m.record.version - 1);
        else await tx.insert(m.record);
        for (const e of m.events) {
          try {
            await this.#deps.audit.append(e);
          } catch (cause) {
            throw new AuditFailure(cause);
          }
          audited = m;
        }
        return m;
      });
    } catch (e) {
      if (e instanceof AuditFailure) {
        throw new WarrantError('WARRANT_AUDIT_FAILED', `${operation}: audit sink refused the event; nothing was changed`, { cause: e.cause });
      }
      if (audited) {
        // The audit log already holds the event(s) of a change that did not commit: say so.
        await this.#deps.audit
          .append({ type: 'warrant.aborted', ...eventBaseOf(audited.record, now), operation, reason: errorText(e) })
          .catch(() => undefined);
        throw e;
      }
      if (e instanceof WarrantError) await this.#refused(operation, input, e, now);
      throw e;
    }
    if (mutation.change) this.#notify(mutation.change);
    return mutation.record;
  }

  async #refused(operation: string, input: { id?: unknown }, error: WarrantError, now: Date): Promise<never> {
    const event: WarrantAuditEvent = { type: 'warrant.refused', at: now.toISOString(), operation, code: error.code, message: error.message };
    const id = typeof input.id === 'string' ? input.id : undefined;
    if (id !== undefined) {
      event.warrantId = id;
      const rec = await this.#deps.store.get(id).catch(() => undefined);
      if (rec) {
        event.warrantHash = rec.hash;
        event.profileId = rec.warrant.profileId;
        event.agencyId = rec.warrant.agency.id;
      }
    }
    try {
      await this.#deps.audit.append(event);
    } catch (cause) {
      throw new WarrantError('WARRANT_AUDIT_FAILED', `${operation} refused (${error.code}) and the refusal could not be audited`, {
        cause,
        details: { refusedCode: error.code },
      });
    }
    throw error;
  }

  #notify(change: WarrantChange): void {
    for (const l of this.#listeners) {
      try {
        // Listeners must not break the service; an async listener's rejection is swallowed here
        // (provisioning reconciles against activeTasks() anyway).
        void Promise.resolve(l(change)).catch(() => undefined);
      } catch {
        /* a throwing listener is ignored for the same reason */
      }
    }
  }
}

class AuditFailure extends Error {
  constructor(cause: unknown) {
    super('audit append failed', { cause });
  }
}

function eventBaseOf(rec: WarrantRecord, now: Date) {
  return { at: now.toISOString(), warrantId: rec.warrant.id, warrantHash: rec.hash, profileId: rec.warrant.profileId, agencyId: rec.warrant.agency.id };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function isTerminal(state: WarrantState): boolean {
  return TERMINAL_STATES.includes(state);
}
