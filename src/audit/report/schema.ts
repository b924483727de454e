/**
 * One description of every field of the report and its type, used three ways: to validate a
 * report read back from a file (normalizeReport), to write and read the CSV form (csv.ts), and to
 * compare a report with the one recomputed from the log, field by field (diff.ts). Fields are
 * listed in the order of model.ts, which is the key order of the canonical JSON.
 */
import { AuditError } from '../errors.ts';
import { NOT_RECORDED, REPORT_FORMAT, type TransparencyReport } from './model.ts';

export type FieldType =
  | 'string'
  | 'int'
  | 'bool'
  | 'nullableString'
  | 'nullableInt'
  | 'stringOrNotRecorded'
  | 'intOrNotRecorded'
  | 'listOrNotRecorded'
  | 'countsOrNotRecorded'
  | 'approvals'
  | 'notRecorded';

export type FieldSpec = readonly [name: string, type: FieldType];

export const PERIOD_FIELDS: readonly FieldSpec[] = [
  ['from', 'string'],
  ['to', 'string'],
];

export const LOG_FIELDS: readonly FieldSpec[] = [
  ['entries', 'int'],
  ['rootHash', 'string'],
  ['cut', 'string'],
];

export const TOTALS_FIELDS: readonly FieldSpec[] = [
  ['orders', 'int'],
  ['extensions', 'int'],
  ['targets', 'intOrNotRecorded'],
  ['records', 'int'],
  ['iriRecords', 'int'],
  ['contentRecords', 'int'],
  ['unattributedRecords', 'int'],
  ['refusedRecords', 'int'],
  ['rogueTasks', 'int'],
];

export const ORDER_FIELDS: readonly FieldSpec[] = [
  ['warrantId', 'string'],
  ['warrantHash', 'string'],
  ['profileId', 'string'],
  ['agencyId', 'string'],
  ['kind', 'string'],
  ['emergency', 'bool'],
  ['renews', 'nullableString'],
  ['submittedAt', 'string'],
  ['decision', 'string'],
  ['grantedAt', 'nullableString'],
  ['status', 'string'],
  ['approvals', 'approvals'],
  ['offence', 'stringOrNotRecorded'],
  ['legalBasis', 'stringOrNotRecorded'],
  ['interception', 'stringOrNotRecorded'],
  ['services', 'listOrNotRecorded'],
  ['targets', 'intOrNotRecorded'],
  ['targetKinds', 'countsOrNotRecorded'],
  ['operators', 'listOrNotRecorded'],
  ['retentionDays', 'intOrNotRecorded'],
  ['orderStart', 'stringOrNotRecorded'],
  ['orderEnd', 'stringOrNotRecorded'],
  ['orderSeconds', 'intOrNotRecorded'],
  ['interceptionStart', 'nullableString'],
  ['interceptionEnd', 'nullableString'],
  ['interceptionSeconds', 'nullableInt'],
  ['runningAtCut', 'bool'],
  ['hiDelivery', 'nullableString'],
  ['extensions', 'int'],
  ['tasks', 'int'],
  ['iriRecords', 'int'],
  ['contentRecords', 'int'],
  ['records', 'int'],
  ['encryption', 'notRecorded'],
];

export const MONTH_FIELDS: readonly FieldSpec[] = [
  ['month', 'string'],
  ['iriRecords', 'int'],
  ['contentRecords', 'int'],
  ['records', 'int'],
];

export const AGENCY_FIELDS: readonly FieldSpec[] = [
  ['agencyId', 'string'],
  ['orders', 'int'],
  ['iriRecords', 'int'],
  ['contentRecords', 'int'],
  ['records', 'int'],
];

export const REFUSED_FIELDS: readonly FieldSpec[] = [
  ['code', 'string'],
  ['count', 'int'],
];

export const ROGUE_FIELDS: readonly FieldSpec[] = [
  ['at', 'string'],
  ['element', 'string'],
  ['xid', 'string'],
];

export const NOT_RECORDED_FIELDS: readonly FieldSpec[] = [
  ['field', 'string'],
  ['source', 'string'],
  ['reason', 'string'],
];

/** The row sections: name in the report, their fields, and what identifies a row. */
export const ROW_SECTIONS = [
  { name: 'orders', fields: ORDER_FIELDS, key: ['warrantId'] },
  { name: 'recordsByMonth', fields: MONTH_FIELDS, key: ['month'] },
  { name: 'recordsByAgency', fields: AGENCY_FIELDS, key: ['agencyId'] },
  { name: 'refusedByCode', fields: REFUSED_FIELDS, key: ['code'] },
  { name: 'rogueTasks', fields: ROGUE_FIELDS, key: ['at', 'element', 'xid'] },
  { name: 'notRecorded', fields: NOT_RECORDED_FIELDS, key: ['field'] },
] as const;

export type RowSectionName = (typeof ROW_SECTIONS)[number]['name'];

function unreadable(where: string, why: string): never {
  throw new AuditError('AUDIT_REPORT_UNREADABLE', `${where}: ${why}`);
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** Checks one value against its type; returns it unchanged (objects rebuilt in sorted key order). */
export function checkValue(type: FieldType, value: unknown, where: string): unknown {
  const fail = (): never => unreadable(where, `expected ${type}, got ${JSON.stringify(value) ?? 'nothing'}`);
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : fail();
    case 'int':
      return isInt(value) ? value : fail();
    case 'bool':
      return typeof value === 'boolean' ? value : fail();
    case 'nullableString':
      return value === null || typeof value === 'string' ? value : fail();
    case 'nullableInt':
      return value === null || isInt(value) ? value : fail();
    case 'stringOrNotRecorded':
      return typeof value === 'string' ? value : fail();
    case 'intOrNotRecorded':
      return value === NOT_RECORDED || isInt(value) ? value : fail();
    case 'notRecorded':
      return value === NOT_RECORDED ? value : fail();
    case 'listOrNotRecorded':
      if (value === NOT_RECORDED) return value;
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...value] : fail();
    case 'countsOrNotRecorded': {
      if (value === NOT_RECORDED) return value;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail();
      const entries = Object.entries(value as Record<string, unknown>);
      if (!entries.every(([, n]) => isInt(n))) return fail();
      return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    case 'approvals': {
      if (!Array.isArray(value)) return fail();
      return value.map((a: unknown, i) => {
        if (typeof a !== 'object' || a === null) return unreadable(`${where}[${i}]`, 'expected {role, at}');
        const { role, at } = a as Record<string, unknown>;
        if (typeof role !== 'string' || typeof at !== 'string') return unreadable(`${where}[${i}]`, 'expected {role, at}');
        return { role, at };
      });
    }
  }
}

function checkObject(fields: readonly FieldSpec[], value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return unreadable(where, 'expected an object');
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, type] of fields) out[name] = checkValue(type, record[name], `${where}.${name}`);
  return out;
}

/**
 * Validates a parsed report (JSON or CSV) and rebuilds it in canonical key order. Throws
 * AUDIT_REPORT_UNREADABLE naming the first field that is missing or of the wrong type.
 */
export function normalizeReport(value: unknown): TransparencyReport {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return unreadable('report', 'expected a JSON object');
  const r = value as Record<string, unknown>;
  if (r.format !== REPORT_FORMAT) return unreadable('report.format', `expected "${REPORT_FORMAT}"`);
  const out: Record<string, unknown> = {
    format: REPORT_FORMAT,
    period: checkObject(PERIOD_FIELDS, r.period, 'period'),
    log: checkObject(LOG_FIELDS, r.log, 'log'),
    totals: checkObject(TOTALS_FIELDS, r.totals, 'totals'),
  };
  for (const section of ROW_SECTIONS) {
    const rows = r[section.name];
    if (!Array.isArray(rows)) return unreadable(section.name, 'expected an array');
    out[section.name] = rows.map((row: unknown, i) => checkObject(section.fields, row, `${section.name}[${i}]`));
  }
  return out as unknown as TransparencyReport;
}
