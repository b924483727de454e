/**
 * The period a transparency report covers: half-open [from, to) in UTC. Reports are usually per
 * calendar year (18 U.S.C. §2519(2): "the preceding calendar year") or per month, so `--period`
 * takes whole years or months; `--from/--to` take any ISO date or UTC instant.
 */
import { AuditError } from '../errors.ts';

export interface ReportPeriod {
  /** ISO UTC instant, inclusive. */
  from: string;
  /** ISO UTC instant, exclusive. */
  to: string;
}

const MAX_SPAN_MS = 100 * 366 * 86_400_000;
const YEAR_OR_MONTH = /^(\d{4})(?:-(\d{2}))?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?Z$/;

function bad(message: string): never {
  throw new AuditError('AUDIT_REPORT_BAD_PERIOD', message);
}

/** Start of a year or month and the start of the one after it. */
function yearOrMonth(text: string): { start: number; next: number } {
  const m = YEAR_OR_MONTH.exec(text.trim());
  if (!m) return bad(`"${text}" is not YYYY or YYYY-MM`);
  const year = Number(m[1]);
  if (m[2] === undefined) return { start: Date.UTC(year, 0, 1), next: Date.UTC(year + 1, 0, 1) };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return bad(`"${text}": month ${m[2]} is not 01..12`);
  return { start: Date.UTC(year, month - 1, 1), next: Date.UTC(year, month, 1) };
}

function checked(from: number, to: number): ReportPeriod {
  if (!(from < to)) bad(`the period must start before it ends (${new Date(from).toISOString()} .. ${new Date(to).toISOString()})`);
  if (to - from > MAX_SPAN_MS) bad('a period spans at most 100 years');
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** `2026`, `2026-03`, `2026-01..2026-12` (both ends whole: the last month is included). */
export function parsePeriod(text: string): ReportPeriod {
  const [first, last, extra] = text.split('..');
  if (first === undefined || extra !== undefined) return bad(`"${text}" is not A or A..B`);
  const a = yearOrMonth(first);
  const b = last === undefined ? a : yearOrMonth(last);
  return checked(a.start, b.next);
}

/** A date (whole day; as `to`, the day is included) or a UTC instant. */
function instant(text: string, end: boolean): number {
  const t = text.trim();
  if (DATE_ONLY.test(t)) {
    const ms = Date.parse(`${t}T00:00:00.000Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== t) return bad(`"${text}" is not a calendar date`);
    return end ? ms + 86_400_000 : ms;
  }
  if (INSTANT.test(t)) {
    const ms = Date.parse(t);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 16) !== t.slice(0, 16)) return bad(`"${text}" is not a real instant`);
    return ms;
  }
  return bad(`"${text}" is not an ISO date (YYYY-MM-DD) or UTC instant (YYYY-MM-DDTHH:MM[:SS[.fff]]Z)`);
}

/** `--from A --to B`: a date as `to` includes that day; an instant is exclusive. */
export function periodFromTo(from: string, to: string): ReportPeriod {
  return checked(instant(from, false), instant(to, true));
}

/** What the CLI passes: `--period`, or both `--from` and `--to`. */
export function resolvePeriod(options: { period?: string; from?: string; to?: string }): ReportPeriod {
  if (options.period !== undefined) {
    if (options.from !== undefined || options.to !== undefined) bad('give --period or --from/--to, not both');
    return parsePeriod(options.period);
  }
  if (options.from === undefined || options.to === undefined) return bad('give --period, or both --from and --to');
  return periodFromTo(options.from, options.to);
}

/** Every UTC month (YYYY-MM) the period touches, in order. */
export function monthsOf(period: ReportPeriod): string[] {
  const out: string[] = [];
  const start = new Date(period.from);
  const lastMs = Date.parse(period.to) - 1;
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth();
  while (Date.UTC(y, m, 1) <= lastMs) {
    out.push(`${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`);
    m++;
    if (m === 12) {
      m = 0;
      y++;
    }
  }
  return out;
}
