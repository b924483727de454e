/**
 * Report fields a profile requires to be recorded with each warrant (e.g. 18 U.S.C. §2519(1)(a)-(g)).
 * Fields that follow from the warrant itself are derived (and cannot be overridden: a report must
 * not contradict the warrant); the others must be given in `warrant.reportFields`.
 */
import type { Profile } from './profiles.ts';
import type { Categories, Warrant } from './model.ts';

function interceptionType(c: Categories): string {
  if (!c.content) return `IRI only (${c.services.join(', ')})`;
  // 18 U.S.C. §2510(1),(12): voice is a wire communication; SMS and data are electronic.
  const kinds = new Set<string>();
  for (const s of c.services) kinds.add(s === 'voice' ? 'wire' : s === 'location' ? 'location' : 'electronic');
  return `content: ${[...kinds].join(', ')}`;
}

/** Fields derived from the warrant (name → value). */
export function derivedReportFields(w: Warrant, profile: Profile): Record<string, string> {
  const days = Math.ceil((Date.parse(w.end) - Date.parse(w.start)) / 86_400_000);
  const kind = w.renews ? profile.renewal.term : w.emergency ? 'emergency order' : 'order';
  return {
    offence: w.offence,
    legalBasis: w.legalBasis,
    applyingOfficer: w.officer,
    agency: `${w.agency.name} (${w.agency.id})`,
    periodAuthorized: `${w.start}/${w.end}`,
    durationDays: String(days),
    orderKind: kind,
    extensionOf: w.renews ?? 'none',
    interceptionType: interceptionType(w.categories),
    targetCount: String(w.targets.length),
    operators: w.operators.join(', '),
  };
}

/** The report record: required fields only, derived first, then given. */
export function reportRecord(w: Warrant, profile: Profile): Record<string, string> {
  const derived = derivedReportFields(w, profile);
  const out: Record<string, string> = {};
  for (const f of profile.requiredReportFields) {
    const v = derived[f] ?? w.reportFields?.[f];
    if (v !== undefined) out[f] = v;
  }
  return out;
}

/** Required fields that are neither derivable nor given (non-empty). */
export function missingReportFields(w: Warrant, profile: Profile): string[] {
  const derived = derivedReportFields(w, profile);
  return profile.requiredReportFields.filter((f) => derived[f] === undefined && !(w.reportFields?.[f] ?? '').trim());
}
