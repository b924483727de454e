/**
 * `audit verify --report FILE`: recompute a published report from the verified log — over the same
 * log prefix and period the file states — and name every difference, field by field. A report
 * whose numbers were changed, or that was computed from another history (its root hash), fails.
 */
import { readFile } from 'node:fs/promises';
import { AuditError } from '../errors.ts';
import { parseReportCsv } from './csv.ts';
import { diffReports } from './diff.ts';
import { embeddedReportJson, renderReportHtml } from './html.ts';
import { parseReportJson } from './json.ts';
import { REPORT_FORMAT, type TransparencyReport } from './model.ts';
import { periodFromTo } from './period.ts';
import { reportFromVerifiedLog, type ReportVerification } from './verified-log.ts';

export type ReportFileFormat = 'json' | 'csv' | 'html';

/** Reads any of the three forms; throws AUDIT_REPORT_UNREADABLE. */
export function parseReportText(text: string): { format: ReportFileFormat; report: TransparencyReport } {
  const head = text.trimStart();
  if (head.startsWith('{')) return { format: 'json', report: parseReportJson(text) };
  if (head.startsWith(`# ${REPORT_FORMAT}`)) return { format: 'csv', report: parseReportCsv(text) };
  if (/^<!doctype html/i.test(head) || head.startsWith('<html')) {
    const json = embeddedReportJson(text);
    if (json === undefined) throw new AuditError('AUDIT_REPORT_UNREADABLE', 'report HTML: no embedded report data');
    return { format: 'html', report: parseReportJson(json) };
  }
  throw new AuditError('AUDIT_REPORT_UNREADABLE', `not a ${REPORT_FORMAT} report (JSON, CSV or HTML)`);
}

/**
 * Every difference between the report in `reportFile` and the report the verified log in `dir`
 * gives for the period and log prefix the file states; [] when they match. The log is verified as
 * `verification` says (witness quorum, law), in the same pass that recomputes the report. Throws
 * AUDIT_REPORT_UNVERIFIED when the log does not verify, AUDIT_REPORT_UNREADABLE for a file that
 * is not a report.
 */
export async function checkReport(dir: string, keyFile: string, reportFile: string, verification: ReportVerification): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(reportFile, 'utf8');
  } catch (cause) {
    throw new AuditError('AUDIT_REPORT_UNREADABLE', `cannot read ${reportFile}: ${(cause as Error).message}`, { cause });
  }
  const { format, report: stated } = parseReportText(text);
  const period = periodFromTo(stated.period.from, stated.period.to);
  const computed = await reportFromVerifiedLog(dir, keyFile, period, { verification, entries: stated.log.entries });
  const differences = diffReports(stated, computed);
  // The embedded data may be intact while the tables or charts people read were edited.
  if (format === 'html' && differences.length === 0 && renderReportHtml(computed) !== text) {
    differences.push('html: the page does not show what the log gives (its tables or charts differ from a page rendered from the recomputed report)');
  }
  return differences;
}
