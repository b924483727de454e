/**
 * Field-by-field differences between a report as stated (a file) and as recomputed from the log.
 * Each difference names the field by its path — rows by their key, e.g.
 * `orders[warrantId=w-1].contentRecords: the report says 120, the log gives 118` — so an overseer
 * sees what was changed, not only that something was.
 */
import { canonicalJson } from '../canonical-json.ts';
import type { TransparencyReport } from './model.ts';
import { LOG_FIELDS, PERIOD_FIELDS, ROW_SECTIONS, TOTALS_FIELDS, type FieldSpec } from './schema.ts';

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : canonicalJson(v));

function compareFields(path: string, fields: readonly FieldSpec[], stated: Record<string, unknown>, computed: Record<string, unknown>, out: string[]): void {
  for (const [name] of fields) {
    const a = stated[name];
    const b = computed[name];
    if (canonicalJson(a) !== canonicalJson(b)) out.push(`${path}.${name}: the report says ${show(a)}, the log gives ${show(b)}`);
  }
}

function rowKey(key: readonly string[], row: Record<string, unknown>): string {
  return key.map((k) => `${k}=${String(row[k])}`).join(',');
}

export function diffReports(stated: TransparencyReport, computed: TransparencyReport): string[] {
  const out: string[] = [];
  const s = stated as unknown as Record<string, Record<string, unknown>>;
  const c = computed as unknown as Record<string, Record<string, unknown>>;
  compareFields('period', PERIOD_FIELDS, s.period!, c.period!, out);
  compareFields('log', LOG_FIELDS, s.log!, c.log!, out);
  compareFields('totals', TOTALS_FIELDS, s.totals!, c.totals!, out);
  for (const section of ROW_SECTIONS) {
    const statedRows = s[section.name] as unknown as Record<string, unknown>[];
    const computedRows = c[section.name] as unknown as Record<string, unknown>[];
    const byKey = new Map(computedRows.map((row) => [rowKey(section.key, row), row]));
    const seen = new Set<string>();
    const before = out.length;
    statedRows.forEach((row, i) => {
      const key = rowKey(section.key, row);
      const path = `${section.name}[${key}]`;
      const match = byKey.get(key);
      if (seen.has(key)) out.push(`${path}: appears twice in the report`);
      else if (match === undefined) out.push(`${path}: in the report (row ${i + 1}) but not in the log`);
      else compareFields(path, section.fields, row, match, out);
      seen.add(key);
    });
    for (const [key] of byKey) if (!seen.has(key)) out.push(`${section.name}[${key}]: in the log but missing from the report`);
    // Same rows, other order: the canonical form fixes the order, so say so.
    if (out.length === before && canonicalJson(statedRows.map((r) => rowKey(section.key, r))) !== canonicalJson(computedRows.map((r) => rowKey(section.key, r)))) {
      out.push(`${section.name}: rows in another order than the log gives`);
    }
  }
  return out;
}
