/**
 * The transparency report (issue 9 item 6): computed only from a verified audit log, in three
 * forms (JSON canonical, CSV, self-contained HTML), and checkable against the log later.
 */
export {
  NOT_RECORDED,
  REPORT_FORMAT,
  type AgencyRow,
  type Approval,
  type MonthRow,
  type NotRecordedRow,
  type OrderDecision,
  type OrderKind,
  type OrderRow,
  type RefusedRow,
  type ReportTotals,
  type RogueTaskRow,
  type TransparencyReport,
} from './model.ts';
export { type ReportPeriod, parsePeriod, periodFromTo, resolvePeriod, monthsOf } from './period.ts';
export { ReportBuilder, computeReport } from './compute.ts';
export { formatReportJson, parseReportJson } from './json.ts';
export { formatReportCsv, parseReportCsv } from './csv.ts';
export { renderReportHtml, embeddedReportJson, HTML_JSON_ID } from './html.ts';
export { diffReports } from './diff.ts';
export { type ReportVerification, type VerifiedReportOptions, reportFromVerifiedLog } from './verified-log.ts';
export { type ReportFileFormat, checkReport, parseReportText } from './check.ts';
export { LEGAL_SOURCES, type LegalSource } from './legal-sources.ts';
