/**
 * The decisions behind each WarrantService operation, run inside the store transaction. Each one
 * reads the current record, applies the profile's rules (throwing a WarrantError = refusal, nothing
 * written) and returns the new record, its audit events and the change notification.
 */
import type { TargetIdentifier } from '../standards/identifiers/types.ts';
import { deriveTasks } from './derive.ts';
import { WarrantError } from './errors.ts';
import type { KeyRegistry } from './keys.ts';
import type { OperatorPolicy, Signature, SignedStatement, StatementPurpose, WarrantDraft, WarrantRecord, WarrantState } from './model.ts';
import { approvalStatus, checkNewSignature, evaluateWarrant } from './policy.ts';
import { checkContent, type PolicyContext } from './policy-scope.ts';
import type { Profile } from './profiles.ts';
import type { Mutation } from './service.ts';
import {
  applyTransition,
  confirmedOperators,
  confirmingOfficers,
  eventBase,
  newRecord,
  nextVersion,
  requireState,
  runningTasks,
  warrantTerms,
  type WarrantChange,
} from './service-core.ts';
import { verifyStatement } from './signatures.ts';
import type { WarrantStoreTx } from './store.ts';
import { validateWarrant } from './validate.ts';

export interface OpsContext {
  keys: KeyRegistry;
  /** Throws WARRANT_PROFILE_UNKNOWN. */
  profile: (id: string) => Profile;
  policyOf: (operatorId: string) => OperatorPolicy | undefined;
  commitTarget?: (warrantId: string, target: TargetIdentifier) => string;
}

async function load(tx: WarrantStoreTx, id: string): Promise<WarrantRecord> {
  const rec = await tx.get(id);
  if (!rec) throw new WarrantError('WARRANT_NOT_FOUND', `no warrant ${id}`, { details: { warrantId: id } });
  return rec;
}

async function policyContext(tx: WarrantStoreTx, rec: Pick<WarrantRecord, 'warrant'>): Promise<PolicyContext> {
  const w = rec.warrant;
  const ctx: PolicyContext = {
    active: await tx.list({ states: ['Active'], profileId: w.profileId }),
    related: await tx.list({ agencyId: w.agency.id, profileId: w.profileId }),
  };
  if (w.renews) {
    const prev = await tx.get(w.renews);
    if (prev) ctx.previous = prev;
  }
  return ctx;
}

function change(rec: WarrantRecord, from: WarrantState, reason: string, now: Date, parts: Partial<Pick<WarrantChange, 'activate' | 'deactivate'>>): WarrantChange {
  return {
    warrantId: rec.warrant.id,
    warrantHash: rec.hash,
    liid: rec.liid,
    from,
    to: rec.state,
    at: now.toISOString(),
    reason,
    activate: parts.activate ?? [],
    deactivate: parts.deactivate ?? [],
  };
}

export async function submit(ctx: OpsContext, tx: WarrantStoreTx, draft: WarrantDraft, now: Date): Promise<Mutation> {
  const w = validateWarrant(draft);
  const profile = ctx.profile(w.profileId);
  if (await tx.get(w.id)) throw new WarrantError('WARRANT_DUPLICATE', `warrant ${w.id} exists`, { details: { warrantId: w.id } });
  checkContent(w, profile, await policyContext(tx, { warrant: w }));
  if (now.getTime() >= Date.parse(w.end)) throw new WarrantError('WARRANT_EXPIRED', `ended at ${w.end}`);
  const record = newRecord(w, now);
  const base = eventBase(record, now);
  const event = { type: 'warrant.submitted' as const, ...base, state: record.state, emergency: w.emergency, terms: warrantTerms(w, ctx.commitTarget) };
  return { record, update: false, events: [w.renews ? { ...event, renews: w.renews } : event] };
}

export async function addSignature(ctx: OpsContext, tx: WarrantStoreTx, id: string, s: Signature, now: Date): Promise<Mutation> {
  const rec = await load(tx, id);
  const profile = ctx.profile(rec.warrant.profileId);
  const pendingEmergency = rec.emergencyConfirmBy !== undefined;
  if (!(rec.state === 'AwaitingApproval' || rec.state === 'EmergencyApproval' || (pendingEmergency && (rec.state === 'Active' || rec.state === 'Suspended')))) {
    requireState(rec, ['AwaitingApproval', 'EmergencyApproval'], 'addSignature');
  }
  if (pendingEmergency && now.getTime() >= Date.parse(rec.emergencyConfirmBy!)) {
    throw new WarrantError('WARRANT_EMERGENCY_LAPSED', `confirmation deadline ${rec.emergencyConfirmBy!} has passed`);
  }
  checkNewSignature(rec.canonical, rec.warrant, rec.signatures, s, profile, ctx.keys, now);
  const next = nextVersion(rec, now);
  next.signatures.push({ authorityId: s.authorityId, keyId: s.keyId, role: s.role, signedAt: s.signedAt, signature: s.signature });
  const status = approvalStatus(next.canonical, next.warrant, next.signatures, profile, ctx.keys, now);
  const events: Mutation['events'] = [
    { type: 'warrant.signature-added', ...eventBase(next, now), authorityId: s.authorityId, keyId: s.keyId, role: s.role, signedAt: s.signedAt },
  ];
  const from = rec.state;
  let to: WarrantState = from;
  if (status.complete) {
    delete next.emergencyConfirmBy;
    if (from === 'AwaitingApproval' || from === 'EmergencyApproval') to = 'Approved';
  } else if (status.emergency && from === 'AwaitingApproval') {
    if (now.getTime() >= Date.parse(status.emergencyConfirmBy!)) {
      throw new WarrantError('WARRANT_EMERGENCY_LAPSED', `confirmation deadline ${status.emergencyConfirmBy!} has already passed`);
    }
    next.emergencyConfirmBy = status.emergencyConfirmBy!;
    to = 'EmergencyApproval';
  }
  let notice: WarrantChange | undefined;
  if (to !== from) {
    const reason = to === 'Approved' ? 'all required signatures verified' : `emergency approval; confirm by ${next.emergencyConfirmBy!}`;
    applyTransition(next, to, reason, now, s.authorityId);
    events.push({ type: 'warrant.transition', ...eventBase(next, now), from, to, reason, actor: s.authorityId });
    notice = change(next, from, reason, now, {});
  }
  return notice ? { record: next, update: true, events, change: notice } : { record: next, update: true, events };
}

export async function confirmByOperator(ctx: OpsContext, tx: WarrantStoreTx, id: string, st: SignedStatement, now: Date): Promise<Mutation> {
  const rec = await load(tx, id);
  requireState(rec, ['Approved', 'EmergencyApproval', 'Active', 'Suspended'], 'confirmByOperator');
  const operatorId = st.subject;
  if (!rec.warrant.operators.includes(operatorId)) {
    throw new WarrantError('WARRANT_OPERATOR_NOT_ON_WARRANT', `operator ${operatorId} is not named on the warrant`, { details: { operatorId } });
  }
  const policy = ctx.policyOf(operatorId);
  if (!policy || !policy.officers.includes(st.authorityId)) {
    throw new WarrantError('WARRANT_OPERATOR_OFFICER_UNKNOWN', `${st.authorityId} is not a named compliance officer of ${operatorId}`, {
      details: { operatorId, authorityId: st.authorityId },
    });
  }
  verifyStatement(st, 'operator-confirmation', rec.hash, ctx.keys, now);
  if (st.role !== 'compliance-officer') {
    throw new WarrantError('WARRANT_SIGNATURE_WRONG_ROLE', `operator confirmations are signed by compliance officers, not ${st.role}`);
  }
  if (confirmingOfficers(rec, operatorId).includes(st.authorityId)) {
    throw new WarrantError('WARRANT_OPERATOR_CONFIRMATION_DUPLICATE', `${st.authorityId} already confirmed for ${operatorId}`, { details: { operatorId } });
  }
  const wasConfirmed = confirmedOperators(rec, ctx.policyOf).includes(operatorId);
  const next = nextVersion(rec, now);
  next.confirmations.push(st);
  const nowConfirmed = confirmedOperators(next, ctx.policyOf).includes(operatorId);
  const events: Mutation['events'] = [
    { type: 'warrant.statement', ...eventBase(next, now), purpose: 'operator-confirmation', authorityId: st.authorityId, keyId: st.keyId, role: st.role, operatorId },
  ];
  if (!wasConfirmed && nowConfirmed && next.state === 'Active') {
    const tasks = deriveTasks(next, [operatorId]);
    return { record: next, update: true, events, change: change(next, rec.state, `operator ${operatorId} confirmed`, now, { activate: tasks }) };
  }
  return { record: next, update: true, events };
}

export async function activate(ctx: OpsContext, tx: WarrantStoreTx, id: string, now: Date): Promise<Mutation> {
  const rec = await load(tx, id);
  // AwaitingApproval is evaluated too, so the refusal says precisely what is missing (unsigned,
  // missing signer); it can never pass, since a complete approval moves it to Approved first.
  requireState(rec, ['AwaitingApproval', 'Approved', 'EmergencyApproval'], 'activate');
  return toActive(ctx, tx, rec, now, 'activated', undefined);
}

async function toActive(ctx: OpsContext, tx: WarrantStoreTx, rec: WarrantRecord, now: Date, reason: string, extra: SignedStatement | undefined): Promise<Mutation> {
  const profile = ctx.profile(rec.warrant.profileId);
  const decision = evaluateWarrant(rec.warrant, rec.signatures, profile, ctx.keys, now, await policyContext(tx, rec));
  if (!decision.ok) throw decision.error;
  if (decision.warrantHash !== rec.hash) {
    // The stored canonical bytes must still be what the warrant normalises to.
    throw new WarrantError('WARRANT_SIGNATURE_INVALID', 'stored hash differs from the recomputed canonical hash');
  }
  const next = nextVersion(rec, now);
  if (extra) next.statements.push(extra);
  const events: Mutation['events'] = [];
  if (extra) {
    events.push({ type: 'warrant.statement', ...eventBase(next, now), purpose: extra.purpose, authorityId: extra.authorityId, keyId: extra.keyId, role: extra.role });
  }
  const from = applyTransition(next, 'Active', decision.approval === 'emergency' ? `${reason} (emergency approval)` : reason, now, extra?.authorityId);
  const last = next.history[next.history.length - 1]!;
  events.push({ type: 'warrant.transition', ...eventBase(next, now), from, to: 'Active', reason: last.reason, ...(extra ? { actor: extra.authorityId } : {}) });
  const tasks = runningTasks(next, ctx.policyOf);
  return { record: next, update: true, events, change: change(next, from, last.reason, now, { activate: tasks }) };
}

const STATEMENT_FROM: Record<'revocation' | 'rejection' | 'suspension', readonly WarrantState[]> = {
  revocation: ['AwaitingApproval', 'EmergencyApproval', 'Approved', 'Active', 'Suspended'],
  rejection: ['AwaitingApproval', 'EmergencyApproval'],
  suspension: ['Approved', 'Active'],
};

function checkStatementSigner(st: SignedStatement, purpose: StatementPurpose, rec: WarrantRecord, profile: Profile, ctx: OpsContext, now: Date): void {
  verifyStatement(st, purpose, rec.hash, ctx.keys, now);
  const roles = purpose === 'rejection' ? profile.rejectionRoles : profile.revocationRoles;
  if (!roles.includes(st.role)) {
    throw new WarrantError('WARRANT_SIGNATURE_WRONG_ROLE', `a ${purpose} under ${profile.id} is signed by ${roles.join(' or ')}, not ${st.role}`, {
      details: { role: st.role },
    });
  }
}

/** Revocation (→ Cancelled), rejection (→ Rejected), suspension (→ Suspended): signed statements. */
export async function endBySignedStatement(
  ctx: OpsContext,
  tx: WarrantStoreTx,
  id: string,
  st: SignedStatement,
  purpose: 'revocation' | 'rejection' | 'suspension',
  to: WarrantState,
  now: Date,
): Promise<Mutation> {
  const rec = await load(tx, id);
  requireState(rec, STATEMENT_FROM[purpose], purpose);
  checkStatementSigner(st, purpose, rec, ctx.profile(rec.warrant.profileId), ctx, now);
  const stopping = runningTasks(rec, ctx.policyOf);
  const next = nextVersion(rec, now);
  next.statements.push(st);
  const reason = `${purpose}: ${st.subject}`;
  const from = applyTransition(next, to, reason, now, st.authorityId);
  const events: Mutation['events'] = [
    { type: 'warrant.statement', ...eventBase(next, now), purpose, authorityId: st.authorityId, keyId: st.keyId, role: st.role },
    { type: 'warrant.transition', ...eventBase(next, now), from, to, reason, actor: st.authorityId },
  ];
  return { record: next, update: true, events, change: change(next, from, reason, now, { deactivate: stopping }) };
}

export async function resume(ctx: OpsContext, tx: WarrantStoreTx, id: string, st: SignedStatement, now: Date): Promise<Mutation> {
  const rec = await load(tx, id);
  requireState(rec, ['Suspended'], 'resume');
  checkStatementSigner(st, 'resumption', rec, ctx.profile(rec.warrant.profileId), ctx, now);
  return toActive(ctx, tx, rec, now, `resumed: ${st.subject}`, st);
}

/** When (if at all) a live record must expire or lapse at `now`: the earlier of the two instants. */
export function dueAt(rec: WarrantRecord, now: Date): { to: 'Expired' | 'Lapsed'; reason: string } | undefined {
  const end = Date.parse(rec.warrant.end);
  const lapse = rec.emergencyConfirmBy === undefined ? Infinity : Date.parse(rec.emergencyConfirmBy);
  const t = now.getTime();
  if (lapse <= t && lapse <= end) return { to: 'Lapsed', reason: `emergency approval not confirmed by ${rec.emergencyConfirmBy!}` };
  if (end <= t) return { to: 'Expired', reason: `end time ${rec.warrant.end} reached` };
  return undefined;
}

export async function expireOrLapse(ctx: OpsContext, tx: WarrantStoreTx, id: string, now: Date): Promise<Mutation> {
  const rec = await load(tx, id);
  const due = dueAt(rec, now);
  if (!due) throw new WarrantError('WARRANT_BAD_STATE', `warrant ${id} is not due to expire or lapse`);
  const stopping = runningTasks(rec, ctx.policyOf);
  const next = nextVersion(rec, now);
  const from = applyTransition(next, due.to, due.reason, now);
  const events: Mutation['events'] = [{ type: 'warrant.transition', ...eventBase(next, now), from, to: due.to, reason: due.reason }];
  return { record: next, update: true, events, change: change(next, from, due.reason, now, { deactivate: stopping }) };
}
