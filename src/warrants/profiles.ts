/**
 * Jurisdiction profiles: the legal rules a warrant is checked against, kept as data files in
 * profiles/*.json (one per statute) and validated on load. A bad file is a ProfileError
 * (PROFILE_INVALID, details.path = the offending field), never a half-loaded profile.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TargetIdentifierKind } from '../standards/identifiers/types.ts';
import { ProfileError } from './errors.ts';
import type { Duration } from './durations.ts';
import { AUTHORITY_ROLES, SERVICE_CATEGORIES, type Agency, type AuthorityRole, type ServiceCategory } from './model.ts';
import { TARGET_KINDS } from './targets.ts';

export interface SignerRule {
  /** Every role listed must sign (one signature each). */
  roles: AuthorityRole[];
  /** Whether the roles must sign in the listed order (e.g. IFTA: minister, then judge). */
  ordered: boolean;
}

export interface RenewalRule {
  allowed: boolean;
  /** What the statute calls it ("renewal", "extension"). */
  term: string;
  /** A warrant continuing an earlier one on the same target must reference it. */
  requiresReference: boolean;
  requiresProgressReport: boolean;
  maxDuration: Duration;
  /** Signers for a renewal (defaults to the profile's signers). */
  signers?: SignerRule;
  /** A renewal may start at most this long before the earlier warrant ends (absent: any time). */
  window?: Duration;
}

export interface EmergencyRule {
  /** Roles whose signatures alone put the warrant in EmergencyApproval. */
  signers: AuthorityRole[];
  /** Roles that must confirm (sign) within `confirmWithin`, else the warrant lapses. */
  confirmBy: AuthorityRole[];
  confirmWithin: Duration;
  /** Longest an emergency warrant may run at all. */
  maxDuration: Duration;
}

export interface Profile {
  id: string;
  title: string;
  jurisdiction: string;
  /** Citations of the provisions the rules come from. */
  legalBasis: string[];
  signers: SignerRule;
  maxDuration: Duration;
  renewal: RenewalRule;
  emergency: EmergencyRule | null;
  /** Roles that may sign a revocation, suspension or resumption. */
  revocationRoles: AuthorityRole[];
  /** Roles that may sign a rejection. */
  rejectionRoles: AuthorityRole[];
  designatedAgencies: Agency[];
  operators: string[];
  caps: { activeTargetsPerAgency: number; activeTargetsOverall: number };
  maxTargetsPerWarrant: number;
  allowedIdentifierKinds: TargetIdentifierKind[];
  categories: { contentAllowed: boolean; iriOnlyAllowed: boolean; services: ServiceCategory[] };
  /** Report fields that must be recorded (derived from the warrant or given in reportFields). */
  requiredReportFields: string[];
  /** Working-day calendar (time zone, public holidays) for emergency deadlines. */
  calendar: { timeZone: string; holidays: string[] };
  notes?: string;
}

/** The repository's profiles/ folder. */
export const defaultProfilesDir = resolve(import.meta.dirname, '../../profiles');

type Obj = Record<string, unknown>;

function fail(source: string, path: string, why: string): ProfileError {
  return new ProfileError('PROFILE_INVALID', `${source}: ${path}: ${why}`, { details: { source, path } });
}

class Reader {
  constructor(readonly source: string) {}
  obj(v: unknown, path: string): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw fail(this.source, path, 'must be an object');
    return v as Obj;
  }
  str(o: Obj, k: string, path: string): string {
    const v = o[k];
    if (typeof v !== 'string' || v.length === 0) throw fail(this.source, `${path}.${k}`, 'must be a non-empty string');
    return v;
  }
  bool(o: Obj, k: string, path: string): boolean {
    const v = o[k];
    if (typeof v !== 'boolean') throw fail(this.source, `${path}.${k}`, 'must be a boolean');
    return v;
  }
  posInt(o: Obj, k: string, path: string): number {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw fail(this.source, `${path}.${k}`, 'must be a positive integer');
    return v;
  }
  strings<T extends string>(o: Obj, k: string, path: string, allowed?: readonly T[], minLen = 0): T[] {
    const v = o[k];
    if (!Array.isArray(v) || v.length < minLen) throw fail(this.source, `${path}.${k}`, `must be an array of at least ${minLen} strings`);
    const out = v.map((x, i) => {
      if (typeof x !== 'string' || x.length === 0) throw fail(this.source, `${path}.${k}[${i}]`, 'must be a non-empty string');
      if (allowed && !allowed.includes(x as T)) throw fail(this.source, `${path}.${k}[${i}]`, `unknown value "${x}"`);
      return x as T;
    });
    if (new Set(out).size !== out.length) throw fail(this.source, `${path}.${k}`, 'duplicate entries');
    return out;
  }
  duration(v: unknown, path: string): Duration {
    const o = this.obj(v, path);
    const out: Duration = {};
    for (const [k, x] of Object.entries(o)) {
      if (k !== 'months' && k !== 'days' && k !== 'hours' && k !== 'workingDays') throw fail(this.source, `${path}.${k}`, 'unknown duration unit');
      if (typeof x !== 'number' || !Number.isInteger(x) || x <= 0) throw fail(this.source, `${path}.${k}`, 'must be a positive integer');
      out[k] = x;
    }
    if (Object.keys(out).length === 0) throw fail(this.source, path, 'empty duration');
    return out;
  }
  signers(v: unknown, path: string): SignerRule {
    const o = this.obj(v, path);
    return { roles: this.strings(o, 'roles', path, AUTHORITY_ROLES, 1), ordered: this.bool(o, 'ordered', path) };
  }
}

/** Validates one profile object (parsed JSON). */
export function parseProfile(json: unknown, source = '(profile)'): Profile {
  const r = new Reader(source);
  const o = r.obj(json, '$');
  const renewalIn = r.obj(o.renewal, '$.renewal');
  const renewal: RenewalRule = {
    allowed: r.bool(renewalIn, 'allowed', '$.renewal'),
    term: r.str(renewalIn, 'term', '$.renewal'),
    requiresReference: r.bool(renewalIn, 'requiresReference', '$.renewal'),
    requiresProgressReport: r.bool(renewalIn, 'requiresProgressReport', '$.renewal'),
    maxDuration: r.duration(renewalIn.maxDuration, '$.renewal.maxDuration'),
  };
  if (renewalIn.signers !== undefined) renewal.signers = r.signers(renewalIn.signers, '$.renewal.signers');
  if (renewalIn.window !== undefined) renewal.window = r.duration(renewalIn.window, '$.renewal.window');
  let emergency: EmergencyRule | null = null;
  if (o.emergency !== null) {
    const e = r.obj(o.emergency, '$.emergency');
    emergency = {
      signers: r.strings(e, 'signers', '$.emergency', AUTHORITY_ROLES, 1),
      confirmBy: r.strings(e, 'confirmBy', '$.emergency', AUTHORITY_ROLES, 1),
      confirmWithin: r.duration(e.confirmWithin, '$.emergency.confirmWithin'),
      maxDuration: r.duration(e.maxDuration, '$.emergency.maxDuration'),
    };
  }
  const agenciesIn = o.designatedAgencies;
  if (!Array.isArray(agenciesIn) || agenciesIn.length === 0) throw fail(source, '$.designatedAgencies', 'must list at least one agency');
  const designatedAgencies = agenciesIn.map((a, i) => {
    const ao = r.obj(a, `$.designatedAgencies[${i}]`);
    return { id: r.str(ao, 'id', `$.designatedAgencies[${i}]`), name: r.str(ao, 'name', `$.designatedAgencies[${i}]`) };
  });
  if (new Set(designatedAgencies.map((a) => a.id)).size !== designatedAgencies.length) throw fail(source, '$.designatedAgencies', 'duplicate agency id');
  const caps = r.obj(o.caps, '$.caps');
  const cats = r.obj(o.categories, '$.categories');
  const cal = r.obj(o.calendar, '$.calendar');
  const timeZone = r.str(cal, 'timeZone', '$.calendar');
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw fail(source, '$.calendar.timeZone', 'unknown time zone');
  }
  const holidays = r.strings(cal, 'holidays', '$.calendar');
  holidays.forEach((h, i) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(h)) throw fail(source, `$.calendar.holidays[${i}]`, 'must be YYYY-MM-DD');
  });
  const profile: Profile = {
    id: r.str(o, 'id', '$'),
    title: r.str(o, 'title', '$'),
    jurisdiction: r.str(o, 'jurisdiction', '$'),
    legalBasis: r.strings(o, 'legalBasis', '$', undefined, 1),
    signers: r.signers(o.signers, '$.signers'),
    maxDuration: r.duration(o.maxDuration, '$.maxDuration'),
    renewal,
    emergency,
    revocationRoles: r.strings(o, 'revocationRoles', '$', AUTHORITY_ROLES, 1),
    rejectionRoles: r.strings(o, 'rejectionRoles', '$', AUTHORITY_ROLES, 1),
    designatedAgencies,
    operators: r.strings(o, 'operators', '$', undefined, 1),
    caps: {
      activeTargetsPerAgency: r.posInt(caps, 'activeTargetsPerAgency', '$.caps'),
      activeTargetsOverall: r.posInt(caps, 'activeTargetsOverall', '$.caps'),
    },
    maxTargetsPerWarrant: r.posInt(o, 'maxTargetsPerWarrant', '$'),
    allowedIdentifierKinds: r.strings(o, 'allowedIdentifierKinds', '$', TARGET_KINDS, 1),
    categories: {
      contentAllowed: r.bool(cats, 'contentAllowed', '$.categories'),
      iriOnlyAllowed: r.bool(cats, 'iriOnlyAllowed', '$.categories'),
      services: r.strings(cats, 'services', '$.categories', SERVICE_CATEGORIES, 1),
    },
    requiredReportFields: r.strings(o, 'requiredReportFields', '$'),
    calendar: { timeZone, holidays },
  };
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(profile.id)) throw fail(source, '$.id', 'must be a lower-case slug');
  if (profile.caps.activeTargetsPerAgency > profile.caps.activeTargetsOverall) throw fail(source, '$.caps', 'per-agency cap above overall cap');
  if (!profile.categories.contentAllowed && !profile.categories.iriOnlyAllowed) throw fail(source, '$.categories', 'allows nothing');
  if (profile.allowedIdentifierKinds.some((k) => k === 'ipv4Cidr' || k === 'ipv6Cidr')) {
    // Address ranges are never targets (issue #4); only full-length prefixes would pass anyway.
    throw fail(source, '$.allowedIdentifierKinds', 'CIDR kinds are not allowed in a profile');
  }
  if (typeof o.notes === 'string') profile.notes = o.notes;
  return profile;
}

/** Reads and validates one profile file. */
export function loadProfile(path: string): Profile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ProfileError('PROFILE_INVALID', `${path}: not readable JSON`, { cause, details: { source: path, path: '$' } });
  }
  const p = parseProfile(json, path);
  const expected = path.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  if (p.id !== expected) throw fail(path, '$.id', `must match the file name (${expected})`);
  return p;
}

/** Loads every *.json profile of a folder (default: the repository's profiles/). */
export function loadProfiles(dir: string = defaultProfilesDir): Map<string, Profile> {
  const out = new Map<string, Profile>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const p = loadProfile(join(dir, name));
    out.set(p.id, p);
  }
  return out;
}
