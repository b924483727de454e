/**
 * Intake steps shared by the HI-1 desk and the CLI, built on WarrantService so that one request is
 * applied whole or not at all: several approval signatures, and the activation they make possible,
 * are checked against the profile and the key registry BEFORE the first one is written. A refusal
 * found here is audited as `warrant.refused` (as the service does for its own refusals).
 *
 * Activation rule (docs/hi1-intake.md): a warrant that reaches Approved (or EmergencyApproval) while
 * inside its time window is activated at once; one approved before its start stays Approved until
 * `activateDue` (the desk's tick) or an explicit request activates it.
 */
import { WarrantError } from '../errors.ts';
import type { AuditSink } from '../events.ts';
import type { KeyRegistry } from '../keys.ts';
import type { Clock, Signature, WarrantDraft, WarrantRecord } from '../model.ts';
import { approvalStatus, checkNewSignature, evaluateWarrant } from '../policy.ts';
import { checkContent, type PolicyContext } from '../policy-scope.ts';
import type { Profile } from '../profiles.ts';
import type { WarrantService } from '../service.ts';
import { canonicalText } from '../canonical.ts';
import { validateWarrant } from '../validate.ts';
import type { Warrant } from '../model.ts';

export interface IntakeDeps {
  service: WarrantService;
  keys: KeyRegistry;
  /** The same sink the service writes to. */
  audit: AuditSink;
  clock: Clock;
}

async function policyContext(service: WarrantService, w: Warrant): Promise<PolicyContext> {
  const ctx: PolicyContext = {
    active: (await service.list({ states: ['Active'], profileId: w.profileId })).filter((r) => r.warrant.id !== w.id),
    related: (await service.list({ agencyId: w.agency.id, profileId: w.profileId })).filter((r) => r.warrant.id !== w.id),
  };
  if (w.renews) {
    const prev = await service.get(w.renews);
    if (prev) ctx.previous = prev;
  }
  return ctx;
}

function profileOf(service: WarrantService, id: string): Profile {
  const p = service.profile(id);
  if (!p) throw new WarrantError('WARRANT_PROFILE_UNKNOWN', `profile ${id} is not loaded`, { details: { profileId: id } });
  return p;
}

async function refused(deps: IntakeDeps, operation: string, e: WarrantError, w?: Warrant, hash?: string): Promise<never> {
  await deps.audit.append({
    type: 'warrant.refused',
    at: deps.clock.now().toISOString(),
    operation,
    code: e.code,
    message: e.message,
    ...(w ? { warrantId: w.id, profileId: w.profileId, agencyId: w.agency.id } : {}),
    ...(hash ? { warrantHash: hash } : {}),
  });
  throw e;
}

/**
 * Checks that `added` signatures can be appended to `existing` in order, and whether the result is
 * a complete (or emergency) approval that would be activated now. Throws the WarrantError the
 * service would throw.
 */
async function precheck(deps: IntakeDeps, w: Warrant, canonical: string, existing: readonly Signature[], added: readonly Signature[], now: Date, activate: boolean): Promise<boolean> {
  const profile = profileOf(deps.service, w.profileId);
  const accepted = [...existing];
  for (let i = 0; i < added.length; i++) {
    const s = added[i]!;
    checkNewSignature(canonical, w, accepted, s, profile, deps.keys, now);
    accepted.push(s);
    const status = approvalStatus(canonical, w, accepted, profile, deps.keys, now);
    if (status.complete && i < added.length - 1) {
      throw new WarrantError('WARRANT_BAD_STATE', 'approval is complete before the last signature of the request: nothing to add it to');
    }
  }
  if (!activate || accepted.length === 0) return false;
  const status = approvalStatus(canonical, w, accepted, profile, deps.keys, now);
  if (!status.complete && !status.emergency) return false;
  if (Date.parse(w.start) > now.getTime()) return false;
  const decision = evaluateWarrant(w, accepted, profile, deps.keys, now, await policyContext(deps.service, w));
  if (!decision.ok) throw decision.error;
  return true;
}

/** Submits a draft with its approval signatures (all verified first); activates when in force. */
export async function submitWithSignatures(deps: IntakeDeps, draft: WarrantDraft, signatures: readonly Signature[], opts: { activate?: boolean } = {}): Promise<WarrantRecord> {
  const now = deps.clock.now();
  let w: Warrant | undefined;
  let canonical: string | undefined;
  let willActivate = false;
  try {
    w = validateWarrant(draft);
    canonical = canonicalText(w);
    if (signatures.length > 0) {
      checkContent(w, profileOf(deps.service, w.profileId), await policyContext(deps.service, w));
      if (now.getTime() >= Date.parse(w.end)) throw new WarrantError('WARRANT_EXPIRED', `ended at ${w.end}`);
      willActivate = await precheck(deps, w, canonical, [], signatures, now, opts.activate ?? true);
    }
  } catch (e) {
    if (e instanceof WarrantError) return refused(deps, 'submit', e, w);
    throw e;
  }
  let rec = await deps.service.submit({ ...draft, id: w.id });
  for (const s of signatures) rec = await deps.service.addSignature(rec.warrant.id, s);
  if (willActivate) rec = await deps.service.activate(rec.warrant.id);
  return rec;
}

/** Adds approval signatures to a stored warrant (all verified first); activates when in force. */
export async function addApprovals(deps: IntakeDeps, id: string, signatures: readonly Signature[], opts: { activate?: boolean } = {}): Promise<WarrantRecord> {
  const rec0 = await deps.service.get(id);
  if (!rec0) throw new WarrantError('WARRANT_NOT_FOUND', `no warrant ${id}`, { details: { warrantId: id } });
  const now = deps.clock.now();
  let willActivate = false;
  try {
    const open = rec0.state === 'AwaitingApproval' || rec0.state === 'EmergencyApproval' || rec0.emergencyConfirmBy !== undefined;
    if (signatures.length > 0 && !open) throw new WarrantError('WARRANT_BAD_STATE', `warrant is ${rec0.state}: no signature can be added`, { details: { state: rec0.state } });
    if (signatures.length > 0) {
      const activate = (opts.activate ?? true) && (rec0.state === 'AwaitingApproval' || rec0.state === 'EmergencyApproval');
      willActivate = await precheck(deps, rec0.warrant, rec0.canonical, rec0.signatures, signatures, now, activate);
    }
  } catch (e) {
    if (e instanceof WarrantError) return refused(deps, 'addSignature', e, rec0.warrant, rec0.hash);
    throw e;
  }
  let rec = rec0;
  for (const s of signatures) rec = await deps.service.addSignature(id, s);
  if (willActivate && (rec.state === 'Approved' || rec.state === 'EmergencyApproval')) rec = await deps.service.activate(id);
  return rec;
}

/** Activates every Approved / EmergencyApproval warrant whose start has come (the desk's tick). */
export async function activateDue(deps: IntakeDeps): Promise<WarrantRecord[]> {
  const now = deps.clock.now();
  const out: WarrantRecord[] = [];
  for (const rec of await deps.service.list({ states: ['Approved', 'EmergencyApproval'] })) {
    if (Date.parse(rec.warrant.start) > now.getTime() || Date.parse(rec.warrant.end) <= now.getTime()) continue;
    try {
      out.push(await deps.service.activate(rec.warrant.id));
    } catch (e) {
      if (!(e instanceof WarrantError)) throw e; // refused and audited by the service; stays Approved
    }
  }
  return out;
}
