/**
 * Shape validation of a warrant coming from outside (HI-1 intake, CLI, JSON): every field present,
 * of the right type, times with a zone designator, identities exact. Produces the normalised
 * `Warrant` that canonical.ts serialises. Profile-dependent rules live in policy.ts.
 */
import { randomUUID } from 'node:crypto';
import { WarrantError } from './errors.ts';
import { SERVICE_CATEGORIES, type Categories, type ServiceCategory, type Warrant } from './model.ts';
import { normaliseTarget, targetKey } from './targets.ts';
import type { TargetIdentifier } from '../standards/identifiers/types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** ISO 8601 date-time with a zone designator (TS 103 120 §7.2.7: "shall include a time-zone specifier"). */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function bad(field: string, why: string): WarrantError {
  return new WarrantError('WARRANT_INVALID', `warrant.${field}: ${why}`, { details: { field } });
}

function str(o: Record<string, unknown>, field: string, max = 4096, path = field): string {
  const v = o[field];
  if (typeof v !== 'string' || v.trim().length === 0) throw bad(path, 'must be a non-empty string');
  if (v.length > max) throw bad(path, `longer than ${max}`);
  return v.normalize('NFC');
}

function optStr(o: Record<string, unknown>, field: string, max = 65536): string | undefined {
  if (o[field] === undefined) return undefined;
  return str(o, field, max);
}

function obj(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(field, 'must be an object');
  return v as Record<string, unknown>;
}

/** Parses an ISO time with zone and returns its UTC form with milliseconds (canonical). */
export function utcTime(v: unknown, field: string): string {
  if (typeof v !== 'string' || !ISO_WITH_ZONE.test(v)) {
    throw new WarrantError('WARRANT_BAD_TIMESPAN', `warrant.${field}: ISO 8601 time with a zone designator required`, { details: { field } });
  }
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new WarrantError('WARRANT_BAD_TIMESPAN', `warrant.${field}: not a valid time`, { details: { field } });
  return d.toISOString();
}

export function validateCategories(v: unknown, field: string): Categories {
  const o = obj(v, field);
  if (typeof o.content !== 'boolean') throw bad(`${field}.content`, 'must be a boolean');
  if (!Array.isArray(o.services) || o.services.length === 0) throw bad(`${field}.services`, 'must list at least one service');
  const seen = new Set<string>();
  for (const s of o.services) {
    if (typeof s !== 'string' || !SERVICE_CATEGORIES.includes(s as ServiceCategory)) throw bad(`${field}.services`, 'unknown service');
    if (seen.has(s)) throw bad(`${field}.services`, 'duplicate service');
    seen.add(s);
  }
  return { content: o.content, services: SERVICE_CATEGORIES.filter((s) => seen.has(s)) };
}

function validateTarget(v: unknown, index: number): TargetIdentifier {
  const o = obj(v, `targets[${index}]`);
  if (typeof o.kind !== 'string' || typeof o.value !== 'string') throw bad(`targets[${index}]`, 'needs kind and value strings');
  return normaliseTarget({ kind: o.kind as TargetIdentifier['kind'], value: o.value }, index);
}

function compareTargets(a: TargetIdentifier, b: TargetIdentifier): number {
  const ka = targetKey(a);
  const kb = targetKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * Validates and normalises a draft into a Warrant (assigning an id when absent). Throws a
 * WarrantError: WARRANT_INVALID, WARRANT_BAD_TIMESPAN or a WARRANT_TARGET_* code.
 */
export function validateWarrant(input: unknown): Warrant {
  const o = obj(input, '(root)');
  const id = o.id === undefined ? randomUUID() : o.id;
  if (typeof id !== 'string' || !UUID.test(id)) throw bad('id', 'must be a lower-case UUID');
  const agencyIn = obj(o.agency, 'agency');
  const agency = { id: str(agencyIn, 'id', 128, 'agency.id'), name: str(agencyIn, 'name', 256, 'agency.name') };
  if (!Array.isArray(o.targets) || o.targets.length === 0) throw bad('targets', 'must list at least one exact identity');
  if (o.targets.length > 1000) throw bad('targets', 'too many targets');
  const targets = o.targets.map((t, i) => validateTarget(t, i));
  const keys = new Set<string>();
  targets.forEach((t, index) => {
    const k = targetKey(t);
    if (keys.has(k)) throw new WarrantError('WARRANT_TARGET_DUPLICATE', `target ${index} duplicates an earlier target`, { details: { index } });
    keys.add(k);
  });
  targets.sort(compareTargets);
  const categories = validateCategories(o.categories, 'categories');
  let targetCategories: Warrant['targetCategories'];
  if (o.targetCategories !== undefined) {
    if (!Array.isArray(o.targetCategories)) throw bad('targetCategories', 'must be an array');
    const overridden = new Set<string>();
    targetCategories = o.targetCategories.map((tc, i) => {
      const e = obj(tc, `targetCategories[${i}]`);
      const target = validateTarget(e.target, i);
      const k = targetKey(target);
      if (!keys.has(k)) throw bad(`targetCategories[${i}].target`, 'is not one of the warrant targets');
      if (overridden.has(k)) throw bad(`targetCategories[${i}].target`, 'overridden twice');
      overridden.add(k);
      return { target, categories: validateCategories(e.categories, `targetCategories[${i}].categories`) };
    });
    targetCategories.sort((a, b) => compareTargets(a.target, b.target));
    if (targetCategories.length === 0) targetCategories = undefined;
  }
  if (!Array.isArray(o.operators) || o.operators.length === 0) throw bad('operators', 'must name at least one operator');
  const operators = o.operators.map((op, i) => {
    if (typeof op !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(op)) throw bad(`operators[${i}]`, 'must be an operator id');
    return op;
  });
  if (new Set(operators).size !== operators.length) throw bad('operators', 'duplicate operator');
  operators.sort();
  const start = utcTime(o.start, 'start');
  const end = utcTime(o.end, 'end');
  if (Date.parse(end) <= Date.parse(start)) throw new WarrantError('WARRANT_BAD_TIMESPAN', 'warrant.end must be after warrant.start', { details: { field: 'end' } });
  const deliveryIn = obj(o.delivery, 'delivery');
  const delivery = { destinationId: str(deliveryIn, 'destinationId', 256, 'delivery.destinationId'), address: str(deliveryIn, 'address', 1024, 'delivery.address') };
  if (typeof o.retentionDays !== 'number' || !Number.isInteger(o.retentionDays) || o.retentionDays < 0 || o.retentionDays > 36500) {
    throw bad('retentionDays', 'must be an integer number of days');
  }
  if (typeof o.emergency !== 'boolean') throw bad('emergency', 'must be a boolean');
  const renews = o.renews === undefined ? undefined : o.renews;
  if (renews !== undefined && (typeof renews !== 'string' || !UUID.test(renews))) throw bad('renews', 'must be a warrant id');
  if (renews === id) throw bad('renews', 'a warrant cannot renew itself');
  let reportFields: Record<string, string> | undefined;
  if (o.reportFields !== undefined) {
    const rf = obj(o.reportFields, 'reportFields');
    reportFields = {};
    for (const [k, v] of Object.entries(rf)) {
      if (!/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(k)) throw bad('reportFields', `bad field name`);
      if (typeof v !== 'string') throw bad(`reportFields.${k}`, 'must be a string');
      reportFields[k] = v.normalize('NFC');
    }
  }
  const w: Warrant = {
    id,
    reference: str(o, 'reference', 128),
    agency,
    officer: str(o, 'officer', 256),
    legalBasis: str(o, 'legalBasis', 1024),
    offence: str(o, 'offence', 1024),
    targets,
    categories,
    operators,
    start,
    end,
    delivery,
    retentionDays: o.retentionDays,
    emergency: o.emergency,
    profileId: str(o, 'profileId', 64),
  };
  if (targetCategories) w.targetCategories = targetCategories;
  if (renews !== undefined) w.renews = renews;
  const progressReport = optStr(o, 'progressReport');
  if (progressReport !== undefined) w.progressReport = progressReport;
  if (reportFields && Object.keys(reportFields).length > 0) w.reportFields = reportFields;
  return w;
}

/** The categories that apply to one target (override or warrant-wide). */
export function categoriesFor(w: Warrant, target: TargetIdentifier): Categories {
  const k = targetKey(target);
  return w.targetCategories?.find((tc) => targetKey(tc.target) === k)?.categories ?? w.categories;
}
