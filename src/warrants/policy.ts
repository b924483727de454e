/**
 * The policy engine: decides whether a warrant may be Active now, or refuses it with a precise,
 * typed reason. Issue #4: "Active only when all signatures required by its profile verify over its
 * canonical bytes. Signatures from revoked or unknown keys are refused."
 */
import { canonicalText, sha256Hex } from './canonical.ts';
import { addDuration } from './durations.ts';
import { WarrantError } from './errors.ts';
import type { KeyRegistry } from './keys.ts';
import type { AuthorityRole, Signature, Warrant } from './model.ts';
import { checkCaps, checkContent, checkTime, signerRuleFor, type PolicyContext } from './policy-scope.ts';
import type { Profile } from './profiles.ts';
import { verifyApproval } from './signatures.ts';
import { validateWarrant } from './validate.ts';

export type { PolicyContext } from './policy-scope.ts';

export interface ApprovalStatus {
  /** Every role of the profile's signer rule has a valid signature. */
  complete: boolean;
  /** An emergency warrant whose emergency signers have all signed. */
  emergency: boolean;
  /** Emergency warrants: the instant they lapse unless `complete` first. */
  emergencyConfirmBy?: string;
  signedRoles: AuthorityRole[];
  missingRoles: AuthorityRole[];
}

export type PolicyDecision =
  | { ok: true; state: 'Active'; approval: 'full' | 'emergency'; warrantHash: string; emergencyConfirmBy?: string }
  | { ok: false; error: WarrantError };

/** Roles whose signature is meaningful on this warrant. */
export function allowedSignerRoles(w: Warrant, profile: Profile): AuthorityRole[] {
  const roles = new Set<AuthorityRole>(signerRuleFor(w, profile).roles);
  if (w.emergency && profile.emergency) {
    for (const r of profile.emergency.signers) roles.add(r);
    for (const r of profile.emergency.confirmBy) roles.add(r);
  }
  return [...roles];
}

function sigError(code: 'WARRANT_SIGNATURE_WRONG_ROLE' | 'WARRANT_SIGNATURE_DUPLICATE' | 'WARRANT_SIGNATURE_OUT_OF_ORDER', s: Signature, why: string): WarrantError {
  return new WarrantError(code, `signature by ${s.authorityId} (${s.role}): ${why}`, { details: { authorityId: s.authorityId, role: s.role } });
}

/**
 * Checks a signature about to be added next to `accepted` ones (which are assumed valid): it must
 * verify, come from a role the profile asks for, not repeat a signer or role, and respect the order.
 */
export function checkNewSignature(
  canonical: string,
  w: Warrant,
  accepted: readonly Signature[],
  s: Signature,
  profile: Profile,
  registry: KeyRegistry,
  now: Date,
): void {
  verifyApproval(canonical, s, registry, now);
  if (!allowedSignerRoles(w, profile).includes(s.role)) {
    throw sigError('WARRANT_SIGNATURE_WRONG_ROLE', s, `role not required by ${profile.id}`);
  }
  if (accepted.some((a) => a.authorityId === s.authorityId || a.role === s.role)) {
    throw sigError('WARRANT_SIGNATURE_DUPLICATE', s, 'this signer or role has already signed');
  }
  const rule = signerRuleFor(w, profile);
  const idx = rule.roles.indexOf(s.role);
  if (rule.ordered && idx > 0) {
    const have = new Set(accepted.map((a) => a.role));
    const emergencyFirst = w.emergency && profile.emergency ? profile.emergency.signers : [];
    const before = rule.roles.slice(0, idx).filter((r) => !have.has(r) && !emergencyFirst.some((e) => have.has(e)));
    if (before.length > 0) throw sigError('WARRANT_SIGNATURE_OUT_OF_ORDER', s, `must come after ${before.join(', ')}`);
  }
}

/** Verifies every signature (throws on the first bad one) and says how far approval has got. */
export function approvalStatus(
  canonical: string,
  w: Warrant,
  signatures: readonly Signature[],
  profile: Profile,
  registry: KeyRegistry,
  now: Date,
): ApprovalStatus {
  const accepted: Signature[] = [];
  for (const s of signatures) {
    checkNewSignature(canonical, w, accepted, s, profile, registry, now);
    accepted.push(s);
  }
  const rule = signerRuleFor(w, profile);
  const byRole = new Map(accepted.map((s) => [s.role, s]));
  if (rule.ordered) {
    // The recorded signing times must follow the order too.
    let last = -Infinity;
    for (const r of rule.roles) {
      const s = byRole.get(r);
      if (!s) continue;
      const t = Date.parse(s.signedAt);
      if (t < last) throw sigError('WARRANT_SIGNATURE_OUT_OF_ORDER', s, 'signed before an earlier signer');
      last = t;
    }
  }
  const signedRoles = accepted.map((s) => s.role);
  const missingRoles = rule.roles.filter((r) => !byRole.has(r));
  const status: ApprovalStatus = { complete: missingRoles.length === 0, emergency: false, signedRoles, missingRoles };
  const em = profile.emergency;
  if (w.emergency && em && em.signers.every((r) => byRole.has(r))) {
    status.emergency = true;
    // The confirmation period runs from the emergency issue (the last emergency signature).
    const issued = Math.max(...em.signers.map((r) => Date.parse(byRole.get(r)!.signedAt)));
    status.emergencyConfirmBy = addDuration(new Date(issued), em.confirmWithin, profile.calendar).toISOString();
    if (!em.confirmBy.every((r) => byRole.has(r))) status.complete = false;
  }
  return status;
}

/**
 * Decides whether `warrant` may be Active at `now`. Refusal codes: the WARRANT_* content codes
 * (scope, designation, duration, renewal, report fields, targets), WARRANT_UNSIGNED, the
 * WARRANT_SIGNATURE_* codes, WARRANT_MISSING_SIGNER, WARRANT_EMERGENCY_LAPSED, WARRANT_EXPIRED,
 * WARRANT_NOT_YET_VALID and WARRANT_OVER_CAP.
 */
export function evaluateWarrant(
  warrant: Warrant,
  signatures: readonly Signature[],
  profile: Profile,
  keyRegistry: KeyRegistry,
  now: Date,
  context: PolicyContext = {},
): PolicyDecision {
  try {
    const w = validateWarrant(warrant);
    const canonical = canonicalText(w);
    checkContent(w, profile, context);
    if (signatures.length === 0) throw new WarrantError('WARRANT_UNSIGNED', 'the warrant carries no approval signature');
    const status = approvalStatus(canonical, w, signatures, profile, keyRegistry, now);
    if (!status.complete) {
      if (!status.emergency) {
        throw new WarrantError('WARRANT_MISSING_SIGNER', `missing signature of: ${status.missingRoles.join(', ')}`, {
          details: { missingRoles: status.missingRoles },
        });
      }
      if (now.getTime() >= Date.parse(status.emergencyConfirmBy!)) {
        throw new WarrantError('WARRANT_EMERGENCY_LAPSED', `not confirmed by ${status.emergencyConfirmBy!}`);
      }
    }
    checkTime(w, now);
    checkCaps(w, profile, context);
    const decision: PolicyDecision = {
      ok: true,
      state: 'Active',
      approval: status.complete ? 'full' : 'emergency',
      warrantHash: sha256Hex(canonical),
    };
    if (!status.complete && status.emergencyConfirmBy) decision.emergencyConfirmBy = status.emergencyConfirmBy;
    return decision;
  } catch (e) {
    if (e instanceof WarrantError) return { ok: false, error: e };
    throw e;
  }
}
