/**
 * The canonical form of the report: JSON, two-space indented, keys in the order of model.ts (the
 * order computeReport and normalizeReport build them in), a final newline. Same log prefix and
 * period, same bytes.
 */
import { AuditError } from '../errors.ts';
import type { TransparencyReport } from './model.ts';
import { normalizeReport } from './schema.ts';

export function formatReportJson(report: TransparencyReport): string {
  return `${JSON.stringify(normalizeReport(report), null, 2)}\n`;
}

/** Parses and validates; throws AUDIT_REPORT_UNREADABLE. */
export function parseReportJson(text: string): TransparencyReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new AuditError('AUDIT_REPORT_UNREADABLE', 'report: not JSON', { cause });
  }
  return normalizeReport(value);
}
