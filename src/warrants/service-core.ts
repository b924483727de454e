/**
 * Building blocks of the warrant service: record construction, transitions, operator confirmation
 * accounting, change notifications. Pure functions over records (no I/O).
 */
import type { TargetIdentifier } from '../standards/identifiers/types.ts';
import { canonicalText, sha256Hex } from './canonical.ts';
import { deriveLiid, deriveTasks, type DerivedTask } from './derive.ts';
import { WarrantError } from './errors.ts';
import { categoriesFor } from './validate.ts';
import type { WarrantEventBase, WarrantTerms } from './events.ts';
import { canTransition, SERVICE_CATEGORIES, type OperatorPolicy, type Warrant, type WarrantRecord, type WarrantState } from './model.ts';

/** What listeners (provisioning) receive after every committed change. */
export interface WarrantChange {
  warrantId: string;
  warrantHash: string;
  liid: string;
  from: WarrantState;
  to: WarrantState;
  at: string;
  reason: string;
  /** X1 tasks to activate now (warrant became Active, or an operator confirmed while Active). */
  activate: DerivedTask[];
  /** X1 tasks to deactivate now on every operator (expiry, lapse, revocation, suspension). */
  deactivate: DerivedTask[];
}

export type WarrantChangeListener = (change: WarrantChange) => void | Promise<void>;

/** A task of a warrant that was Active and has stopped: the state it went to, why and when. */
export interface EndedTask {
  task: DerivedTask;
  state: WarrantState;
  reason: string;
  at: string;
}

export interface TickTransition {
  warrantId: string;
  warrantHash: string;
  from: WarrantState;
  to: 'Expired' | 'Lapsed';
  at: string;
  reason: string;
}

export function newRecord(w: Warrant, now: Date): WarrantRecord {
  const canonical = canonicalText(w);
  const hash = sha256Hex(canonical);
  const at = now.toISOString();
  return {
    warrant: JSON.parse(canonical) as Warrant,
    canonical,
    hash,
    liid: deriveLiid(w),
    state: 'AwaitingApproval',
    signatures: [],
    confirmations: [],
    statements: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
    history: [{ seq: 1, from: null, to: 'AwaitingApproval', at, reason: 'submitted', warrantHash: hash }],
  };
}

/** A copy of `rec` with one more version (the caller changes fields on it). */
export function nextVersion(rec: WarrantRecord, now: Date): WarrantRecord {
  return {
    ...rec,
    signatures: [...rec.signatures],
    confirmations: [...rec.confirmations],
    statements: [...rec.statements],
    history: [...rec.history],
    updatedAt: now.toISOString(),
    version: rec.version + 1,
  };
}

/** Moves `rec` (already a next version) to `to`, recording the history entry. */
export function applyTransition(rec: WarrantRecord, to: WarrantState, reason: string, now: Date, actor?: string): WarrantState {
  const from = rec.state;
  if (!canTransition(from, to)) {
    throw new WarrantError('WARRANT_BAD_STATE', `warrant ${rec.warrant.id} cannot go from ${from} to ${to}`, { details: { from, to } });
  }
  rec.state = to;
  const entry = { seq: rec.history.length + 1, from, to, at: now.toISOString(), reason, warrantHash: rec.hash };
  rec.history.push(actor === undefined ? entry : { ...entry, actor });
  return from;
}

export function requireState(rec: WarrantRecord, allowed: readonly WarrantState[], operation: string): void {
  if (!allowed.includes(rec.state)) {
    throw new WarrantError('WARRANT_BAD_STATE', `${operation} is not allowed while the warrant is ${rec.state}`, {
      details: { state: rec.state, operation },
    });
  }
}

/** The warrant's terms as the log records them (events.ts WarrantTerms): no identity in clear. */
export function warrantTerms(w: Warrant, commit?: (warrantId: string, target: TargetIdentifier) => string): WarrantTerms {
  const per = w.targets.map((t) => categoriesFor(w, t));
  const services = SERVICE_CATEGORIES.filter((s) => per.some((c) => c.services.includes(s)));
  return {
    start: new Date(w.start).toISOString(),
    end: new Date(w.end).toISOString(),
    offence: w.offence,
    legalBasis: w.legalBasis,
    content: per.some((c) => c.content),
    services,
    targets: w.targets.map((t, i) => ({ kind: t.kind, ...(commit ? { commitment: commit(w.id, t) } : {}), content: per[i]!.content, services: [...per[i]!.services] })),
    operators: [...w.operators],
    retentionDays: w.retentionDays,
  };
}

export function eventBase(rec: WarrantRecord, now: Date): WarrantEventBase {
  return { at: now.toISOString(), warrantId: rec.warrant.id, warrantHash: rec.hash, profileId: rec.warrant.profileId, agencyId: rec.warrant.agency.id };
}

/** Officers (distinct authority ids) who confirmed for an operator. */
export function confirmingOfficers(rec: WarrantRecord, operatorId: string): string[] {
  return [...new Set(rec.confirmations.filter((c) => c.subject === operatorId).map((c) => c.authorityId))];
}

/** Operators whose compliance confirmation is complete (two officers where four-eyes applies). */
export function confirmedOperators(rec: WarrantRecord, policyOf: (operatorId: string) => OperatorPolicy | undefined): string[] {
  return rec.warrant.operators.filter((op) => {
    const policy = policyOf(op);
    if (!policy) return false;
    const officers = confirmingOfficers(rec, op).filter((o) => policy.officers.includes(o));
    return officers.length >= (policy.fourEyes ? 2 : 1);
  });
}

/** Tasks that run while the record is Active. */
export function runningTasks(rec: WarrantRecord, policyOf: (operatorId: string) => OperatorPolicy | undefined): DerivedTask[] {
  if (rec.state !== 'Active') return [];
  return deriveTasks(rec, confirmedOperators(rec, policyOf));
}
