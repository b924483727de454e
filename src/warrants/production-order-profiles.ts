/**
 * Production-order profiles: the rules of one statute for retained-data authorisations, as data
 * files in profiles/production-orders/*.json (a folder of their own, so that loadProfiles() of the
 * interception profiles never sees them). Each authorisation level says who signs, which categories
 * and purposes it may cover, how far back, how long a period, how long it may be executed, and
 * whether it is an urgent procedure (with a confirmation deadline where the statute has one).
 * A bad file is ORDER_PROFILE_INVALID with the JSON path, never a half-loaded profile.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Duration } from './durations.ts';
import { AUTHORITY_ROLES, type Agency, type AuthorityRole } from './model.ts';
import { ProductionOrderError } from './production-order-errors.ts';
import { ORDER_CATEGORIES, type OrderCategory } from './production-order-model.ts';

export interface OrderAuthorisationRule {
  /** Stable id the order names in `authorisation`, e.g. "s60a". */
  id: string;
  title: string;
  /** The clause the level comes from. */
  legalBasis: string;
  /** Every role listed must sign (one signature each); `ordered`: in that order. */
  signers: { roles: AuthorityRole[]; ordered: boolean };
  /** Categories this level may authorise. */
  categories: OrderCategory[];
  /** Purposes (profile `purposes[].id`) it may be granted for. */
  purposes: string[];
  /** How far before the first signature the period may start. */
  maxLookback: Duration;
  /** Longest period (end − start). */
  maxPeriod: Duration;
  /** Longest validity: validUntil ≤ the completing signature's time + this. */
  maxValidity: Duration;
  /** An urgent procedure: only orders with `urgent: true` may use it, and they only it. */
  urgent: boolean;
  /** Urgent orders that lapse unless these roles also sign within `within` of the urgent signature. */
  confirm: { roles: AuthorityRole[]; within: Duration } | null;
}

export interface OrderPurpose {
  id: string;
  label: string;
  /** Categories the purpose permits (e.g. events data only for serious crime, IPA 2016 s.60A(8)). */
  categories: OrderCategory[];
}

export interface ProductionOrderProfile {
  id: string;
  title: string;
  jurisdiction: string;
  legalBasis: string[];
  purposes: OrderPurpose[];
  authorisations: OrderAuthorisationRule[];
  /** Roles that may sign a revocation (cancellation). */
  revocationRoles: AuthorityRole[];
  designatedAgencies: Agency[];
  operators: string[];
  maxIdentifiersPerOrder: number;
  /** Where the rule is deployment policy rather than statute, or the citation uncertain. */
  notes?: string;
}

/** The repository's profiles/production-orders/ folder. */
export const defaultOrderProfilesDir = resolve(import.meta.dirname, '../../profiles/production-orders');

type Obj = Record<string, unknown>;

function fail(source: string, path: string, why: string): ProductionOrderError {
  return new ProductionOrderError('ORDER_PROFILE_INVALID', `${source}: ${path}: ${why}`, { details: { source, path } });
}

function reader(source: string) {
  const obj = (v: unknown, path: string): Obj => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw fail(source, path, 'must be an object');
    return v as Obj;
  };
  const str = (o: Obj, k: string, path: string): string => {
    const v = o[k];
    if (typeof v !== 'string' || v.length === 0) throw fail(source, `${path}.${k}`, 'must be a non-empty string');
    return v;
  };
  const strings = <T extends string>(o: Obj, k: string, path: string, allowed?: readonly T[], minLen = 1): T[] => {
    const v = o[k];
    if (!Array.isArray(v) || v.length < minLen) throw fail(source, `${path}.${k}`, `must be an array of at least ${minLen} strings`);
    const out = v.map((x, i) => {
      if (typeof x !== 'string' || x.length === 0) throw fail(source, `${path}.${k}[${i}]`, 'must be a non-empty string');
      if (allowed && !allowed.includes(x as T)) throw fail(source, `${path}.${k}[${i}]`, `unknown value "${x}"`);
      return x as T;
    });
    if (new Set(out).size !== out.length) throw fail(source, `${path}.${k}`, 'duplicate entries');
    return out;
  };
  const duration = (v: unknown, path: string): Duration => {
    const o = obj(v, path);
    const out: Duration = {};
    for (const [k, x] of Object.entries(o)) {
      // Working days would need a calendar; no retained-data clause here counts them.
      if (k !== 'months' && k !== 'days' && k !== 'hours') throw fail(source, `${path}.${k}`, 'unknown duration unit (months, days, hours)');
      if (typeof x !== 'number' || !Number.isInteger(x) || x <= 0) throw fail(source, `${path}.${k}`, 'must be a positive integer');
      out[k] = x;
    }
    if (Object.keys(out).length === 0) throw fail(source, path, 'empty duration');
    return out;
  };
  return { obj, str, strings, duration };
}

/** Validates one production-order profile (parsed JSON). */
export function parseOrderProfile(json: unknown, source = '(profile)'): ProductionOrderProfile {
  const r = reader(source);
  const o = r.obj(json, '$');
  if (o.kind !== 'production-order') throw fail(source, '$.kind', 'must be "production-order"');
  const purposesIn = o.purposes;
  if (!Array.isArray(purposesIn) || purposesIn.length === 0) throw fail(source, '$.purposes', 'must list at least one purpose');
  const purposes = purposesIn.map((p, i) => {
    const po = r.obj(p, `$.purposes[${i}]`);
    return { id: r.str(po, 'id', `$.purposes[${i}]`), label: r.str(po, 'label', `$.purposes[${i}]`), categories: r.strings(po, 'categories', `$.purposes[${i}]`, ORDER_CATEGORIES) };
  });
  const purposeIds = purposes.map((p) => p.id);
  if (new Set(purposeIds).size !== purposeIds.length) throw fail(source, '$.purposes', 'duplicate purpose id');
  const authIn = o.authorisations;
  if (!Array.isArray(authIn) || authIn.length === 0) throw fail(source, '$.authorisations', 'must list at least one authorisation');
  const authorisations = authIn.map((a, i): OrderAuthorisationRule => {
    const p = `$.authorisations[${i}]`;
    const ao = r.obj(a, p);
    const signers = r.obj(ao.signers, `${p}.signers`);
    if (typeof signers.ordered !== 'boolean') throw fail(source, `${p}.signers.ordered`, 'must be a boolean');
    if (typeof ao.urgent !== 'boolean') throw fail(source, `${p}.urgent`, 'must be a boolean');
    let confirm: OrderAuthorisationRule['confirm'] = null;
    if (ao.confirm !== null) {
      const c = r.obj(ao.confirm, `${p}.confirm`);
      confirm = { roles: r.strings(c, 'roles', `${p}.confirm`, AUTHORITY_ROLES), within: r.duration(c.within, `${p}.confirm.within`) };
      if (!ao.urgent) throw fail(source, `${p}.confirm`, 'only an urgent authorisation is confirmed later');
    }
    const rule: OrderAuthorisationRule = {
      id: r.str(ao, 'id', p),
      title: r.str(ao, 'title', p),
      legalBasis: r.str(ao, 'legalBasis', p),
      signers: { roles: r.strings(signers, 'roles', `${p}.signers`, AUTHORITY_ROLES), ordered: signers.ordered },
      categories: r.strings(ao, 'categories', p, ORDER_CATEGORIES),
      purposes: r.strings(ao, 'purposes', p, purposeIds),
      maxLookback: r.duration(ao.maxLookback, `${p}.maxLookback`),
      maxPeriod: r.duration(ao.maxPeriod, `${p}.maxPeriod`),
      maxValidity: r.duration(ao.maxValidity, `${p}.maxValidity`),
      urgent: ao.urgent,
      confirm,
    };
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(rule.id)) throw fail(source, `${p}.id`, 'must be a lower-case slug');
    return rule;
  });
  if (new Set(authorisations.map((a) => a.id)).size !== authorisations.length) throw fail(source, '$.authorisations', 'duplicate authorisation id');
  const agenciesIn = o.designatedAgencies;
  if (!Array.isArray(agenciesIn) || agenciesIn.length === 0) throw fail(source, '$.designatedAgencies', 'must list at least one agency');
  const designatedAgencies = agenciesIn.map((a, i) => {
    const ao = r.obj(a, `$.designatedAgencies[${i}]`);
    return { id: r.str(ao, 'id', `$.designatedAgencies[${i}]`), name: r.str(ao, 'name', `$.designatedAgencies[${i}]`) };
  });
  const max = o.maxIdentifiersPerOrder;
  if (typeof max !== 'number' || !Number.isInteger(max) || max <= 0) throw fail(source, '$.maxIdentifiersPerOrder', 'must be a positive integer');
  const profile: ProductionOrderProfile = {
    id: r.str(o, 'id', '$'),
    title: r.str(o, 'title', '$'),
    jurisdiction: r.str(o, 'jurisdiction', '$'),
    legalBasis: r.strings(o, 'legalBasis', '$'),
    purposes,
    authorisations,
    revocationRoles: r.strings(o, 'revocationRoles', '$', AUTHORITY_ROLES),
    designatedAgencies,
    operators: r.strings(o, 'operators', '$'),
    maxIdentifiersPerOrder: max,
  };
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(profile.id)) throw fail(source, '$.id', 'must be a lower-case slug');
  if (typeof o.notes === 'string') profile.notes = o.notes;
  return profile;
}

export function loadOrderProfile(path: string): ProductionOrderProfile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ProductionOrderError('ORDER_PROFILE_INVALID', `${path}: not readable JSON`, { cause, details: { source: path, path: '$' } });
  }
  const p = parseOrderProfile(json, path);
  const expected = path.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  if (p.id !== expected) throw fail(path, '$.id', `must match the file name (${expected})`);
  return p;
}

/** Loads every *.json of a folder (default: profiles/production-orders/). */
export function loadOrderProfiles(dir: string = defaultOrderProfilesDir): Map<string, ProductionOrderProfile> {
  const out = new Map<string, ProductionOrderProfile>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const p = loadOrderProfile(join(dir, name));
    out.set(p.id, p);
  }
  return out;
}
