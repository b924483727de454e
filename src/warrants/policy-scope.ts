/**
 * Profile checks on a warrant's content that do not involve signatures: designation, scope
 * (operators, categories, identifier kinds), duration, emergency limits, renewal rules, report
 * fields, time window and caps. Each check throws a WarrantError with a precise code.
 */
import type { TargetIdentifier } from '../standards/identifiers/types.ts';
import { addDuration, describeDuration } from './durations.ts';
import { WarrantError } from './errors.ts';
import type { Categories, Warrant, WarrantRecord, WarrantState } from './model.ts';
import type { Profile, SignerRule } from './profiles.ts';
import { missingReportFields } from './report.ts';
import { targetKey } from './targets.ts';

/** What the policy needs to know about the rest of the world (supplied by the service/store). */
export interface PolicyContext {
  /** Other warrants currently Active (any agency), for the caps. */
  active?: readonly Pick<WarrantRecord, 'warrant' | 'state'>[];
  /** The warrant named in `renews`, when there is one (absent = unknown). */
  previous?: WarrantRecord;
  /** Other warrants of the same agency and profile (for "renewal without reference"). */
  related?: readonly WarrantRecord[];
}

/** Signer rule that applies: renewals may have their own. */
export function signerRuleFor(w: Warrant, profile: Profile): SignerRule {
  return w.renews ? (profile.renewal.signers ?? profile.signers) : profile.signers;
}

export function checkProfileScope(w: Warrant, profile: Profile): void {
  if (w.profileId !== profile.id) {
    throw new WarrantError('WARRANT_PROFILE_MISMATCH', `warrant names profile ${w.profileId}, evaluated against ${profile.id}`);
  }
  if (!profile.designatedAgencies.some((a) => a.id === w.agency.id)) {
    throw new WarrantError('WARRANT_AGENCY_NOT_DESIGNATED', `agency ${w.agency.id} is not designated under ${profile.id}`, {
      details: { agencyId: w.agency.id },
    });
  }
  for (const op of w.operators) {
    if (!profile.operators.includes(op)) {
      throw new WarrantError('WARRANT_SCOPE_OPERATOR', `operator ${op} is not within ${profile.id}`, { details: { operatorId: op } });
    }
  }
  const checkCats = (c: Categories, where: string): void => {
    if (c.content && !profile.categories.contentAllowed) {
      throw new WarrantError('WARRANT_SCOPE_CATEGORY', `${where}: content interception not allowed by ${profile.id}`, { details: { where } });
    }
    if (!c.content && !profile.categories.iriOnlyAllowed) {
      throw new WarrantError('WARRANT_SCOPE_CATEGORY', `${where}: IRI-only interception is not within ${profile.id}`, { details: { where } });
    }
    for (const s of c.services) {
      if (!profile.categories.services.includes(s)) {
        throw new WarrantError('WARRANT_SCOPE_CATEGORY', `${where}: service ${s} not allowed by ${profile.id}`, { details: { where, service: s } });
      }
    }
  };
  checkCats(w.categories, 'categories');
  (w.targetCategories ?? []).forEach((tc, i) => checkCats(tc.categories, `targetCategories[${i}]`));
  w.targets.forEach((t, index) => {
    if (!profile.allowedIdentifierKinds.includes(t.kind)) {
      throw new WarrantError('WARRANT_TARGET_KIND_NOT_ALLOWED', `target ${index}: kind ${t.kind} not allowed by ${profile.id}`, {
        details: { index, kind: t.kind },
      });
    }
  });
  if (w.targets.length > profile.maxTargetsPerWarrant) {
    throw new WarrantError('WARRANT_TARGET_TOO_BROAD', `${w.targets.length} targets: ${profile.id} allows at most ${profile.maxTargetsPerWarrant} per warrant`);
  }
  const missing = missingReportFields(w, profile);
  if (missing.length > 0) {
    throw new WarrantError('WARRANT_REPORT_FIELD_MISSING', `report fields missing: ${missing.join(', ')}`, { details: { fields: missing } });
  }
}

export function checkDuration(w: Warrant, profile: Profile): void {
  const start = new Date(w.start);
  const end = Date.parse(w.end);
  const max = w.renews ? profile.renewal.maxDuration : profile.maxDuration;
  if (end > addDuration(start, max, profile.calendar).getTime()) {
    throw new WarrantError('WARRANT_TOO_LONG', `lasts longer than ${describeDuration(max)} (${profile.id})`, { details: { max } });
  }
  if (w.emergency) {
    if (!profile.emergency) {
      throw new WarrantError('WARRANT_EMERGENCY_NOT_ALLOWED', `${profile.id} has no emergency procedure`);
    }
    if (end > addDuration(start, profile.emergency.maxDuration, profile.calendar).getTime()) {
      throw new WarrantError('WARRANT_TOO_LONG', `emergency warrant lasts longer than ${describeDuration(profile.emergency.maxDuration)}`, {
        details: { max: profile.emergency.maxDuration },
      });
    }
  }
}

const RENEWABLE: readonly WarrantState[] = ['Active', 'Approved', 'Suspended', 'Expired', 'EmergencyApproval'];
/** States of earlier warrants that a fresh warrant on the same target must reference. */
const CONTINUABLE: readonly WarrantState[] = ['Active', 'Approved', 'Suspended', 'Expired', 'EmergencyApproval', 'AwaitingApproval'];

function overlaps(a: readonly TargetIdentifier[], b: readonly TargetIdentifier[]): boolean {
  const keys = new Set(b.map(targetKey));
  return a.some((t) => keys.has(targetKey(t)));
}

export function checkRenewal(w: Warrant, profile: Profile, ctx: PolicyContext): void {
  const rule = profile.renewal;
  if (w.renews === undefined) {
    if (!rule.requiresReference) return;
    // A fresh warrant on a target an earlier (recent or running) warrant of the same agency covers
    // is a renewal in disguise: it must reference the earlier one and follow the renewal rules.
    const horizon = Date.parse(w.start) - (addDuration(new Date(w.start), rule.maxDuration).getTime() - Date.parse(w.start));
    const earlier = (ctx.related ?? []).find(
      (r) =>
        r.warrant.id !== w.id &&
        r.warrant.agency.id === w.agency.id &&
        r.warrant.profileId === w.profileId &&
        CONTINUABLE.includes(r.state) &&
        Date.parse(r.warrant.end) >= horizon &&
        overlaps(w.targets, r.warrant.targets),
    );
    if (earlier) {
      throw new WarrantError('WARRANT_RENEWAL_REFERENCE_MISSING', `a target is covered by earlier warrant ${earlier.warrant.id}: reference it as a ${rule.term}`, {
        details: { earlierWarrantId: earlier.warrant.id },
      });
    }
    return;
  }
  if (!rule.allowed) throw new WarrantError('WARRANT_RENEWAL_NOT_ALLOWED', `${profile.id} does not allow ${rule.term}`);
  const prev = ctx.previous;
  const invalid = (why: string): WarrantError =>
    new WarrantError('WARRANT_RENEWAL_REFERENCE_INVALID', `renews ${w.renews}: ${why}`, { details: { renews: w.renews } });
  if (!prev || prev.warrant.id !== w.renews) throw invalid('unknown warrant');
  if (prev.warrant.agency.id !== w.agency.id) throw invalid('belongs to another agency');
  if (prev.warrant.profileId !== w.profileId) throw invalid('was issued under another profile');
  if (!RENEWABLE.includes(prev.state)) throw invalid(`is ${prev.state}`);
  const prevKeys = new Set(prev.warrant.targets.map(targetKey));
  if (!w.targets.every((t) => prevKeys.has(targetKey(t)))) throw invalid(`a ${rule.term} cannot add targets (issue a new warrant)`);
  if (Date.parse(w.start) < Date.parse(prev.warrant.start)) throw invalid('starts before the earlier warrant');
  if (rule.requiresProgressReport && !(w.progressReport ?? '').trim()) {
    throw new WarrantError('WARRANT_RENEWAL_PROGRESS_REPORT_MISSING', `${profile.id} requires a progress report with a ${rule.term}`);
  }
  if (rule.window) {
    const prevEnd = Date.parse(prev.warrant.end);
    const windowOpens = prevEnd - (addDuration(new Date(prev.warrant.end), rule.window).getTime() - prevEnd);
    const start = Date.parse(w.start);
    if (start < windowOpens || start > prevEnd) {
      throw new WarrantError('WARRANT_RENEWAL_NOT_ALLOWED', `a ${rule.term} must take effect within ${describeDuration(rule.window)} before the earlier warrant ends`);
    }
  }
}

export function checkTime(w: Warrant, now: Date): void {
  if (now.getTime() >= Date.parse(w.end)) throw new WarrantError('WARRANT_EXPIRED', `ended at ${w.end}`);
  if (now.getTime() < Date.parse(w.start)) throw new WarrantError('WARRANT_NOT_YET_VALID', `starts at ${w.start}`);
}

/** Caps on simultaneously active targets (per agency and overall, within one profile). */
export function checkCaps(w: Warrant, profile: Profile, ctx: PolicyContext): void {
  const others = (ctx.active ?? []).filter((r) => r.state === 'Active' && r.warrant.id !== w.id && r.warrant.profileId === profile.id);
  const overall = new Set<string>();
  const agency = new Set<string>();
  for (const r of others) {
    for (const t of r.warrant.targets) {
      overall.add(targetKey(t));
      if (r.warrant.agency.id === w.agency.id) agency.add(targetKey(t));
    }
  }
  for (const t of w.targets) {
    overall.add(targetKey(t));
    agency.add(targetKey(t));
  }
  if (agency.size > profile.caps.activeTargetsPerAgency) {
    throw new WarrantError('WARRANT_OVER_CAP', `agency ${w.agency.id} would have ${agency.size} active targets (cap ${profile.caps.activeTargetsPerAgency})`, {
      details: { scope: 'agency', cap: profile.caps.activeTargetsPerAgency, wouldBe: agency.size },
    });
  }
  if (overall.size > profile.caps.activeTargetsOverall) {
    throw new WarrantError('WARRANT_OVER_CAP', `${overall.size} active targets under ${profile.id} (cap ${profile.caps.activeTargetsOverall})`, {
      details: { scope: 'overall', cap: profile.caps.activeTargetsOverall, wouldBe: overall.size },
    });
  }
}

/** All content checks a warrant must pass at submission (signature-independent). */
export function checkContent(w: Warrant, profile: Profile, ctx: PolicyContext): void {
  checkProfileScope(w, profile);
  checkDuration(w, profile);
  checkRenewal(w, profile, ctx);
}
