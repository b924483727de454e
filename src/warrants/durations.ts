/**
 * Legal durations: calendar days, hours, and working days counted in the jurisdiction's time zone.
 * "Working day" follows IPA 2016 s.24(3)/s.32 usage: any day other than a Saturday, a Sunday or a
 * listed public holiday; a period of N working days "after the day on which the warrant was issued"
 * ends at the end (local midnight) of the N-th such day.
 */

export interface Duration {
  /** Calendar months (UTC calendar; day of month clamped: 31 Jan + 1 month = 28/29 Feb). */
  months?: number;
  days?: number;
  hours?: number;
  workingDays?: number;
}

export interface WorkingCalendar {
  /** IANA zone, e.g. "Europe/London". */
  timeZone: string;
  /** Public holidays as local dates "YYYY-MM-DD". */
  holidays: readonly string[];
}

const DAY_MS = 86_400_000;

function localDateParts(at: Date, timeZone: string): { y: number; m: number; d: number } {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day) };
}

/** Offset (ms) of `timeZone` from UTC at instant `at`. */
function zoneOffsetMs(at: number, timeZone: string): number {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The UTC instant of local midnight starting the local date y-m-d in `timeZone`. */
export function localMidnightUtc(y: number, m: number, d: number, timeZone: string): Date {
  const guess = Date.UTC(y, m - 1, d);
  let t = guess - zoneOffsetMs(guess, timeZone);
  // Re-evaluate once at the candidate instant (offset may differ across a DST change).
  t = guess - zoneOffsetMs(t, timeZone);
  return new Date(t);
}

function isoDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function isWorkingDay(y: number, m: number, d: number, cal: WorkingCalendar): boolean {
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  if (dow === 0 || dow === 6) return false;
  return !cal.holidays.includes(isoDate(y, m, d));
}

/** End (next local midnight) of the n-th working day after the local day containing `from`. */
export function endOfNthWorkingDayAfter(from: Date, n: number, cal: WorkingCalendar): Date {
  const start = localDateParts(from, cal.timeZone);
  let cursor = Date.UTC(start.y, start.m - 1, start.d);
  let counted = 0;
  while (counted < n) {
    cursor += DAY_MS;
    const c = new Date(cursor);
    if (isWorkingDay(c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate(), cal)) counted++;
  }
  const next = new Date(cursor + DAY_MS);
  return localMidnightUtc(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), cal.timeZone);
}

/** `from` + duration. Working days need a calendar; days and hours are exact 24 h / 1 h steps. */
export function addDuration(from: Date, dur: Duration, cal?: WorkingCalendar): Date {
  let t = from.getTime();
  if (dur.months) {
    const d = new Date(t);
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + dur.months);
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, last));
    t = d.getTime();
  }
  if (dur.days) t += dur.days * DAY_MS;
  if (dur.hours) t += dur.hours * 3_600_000;
  let out = new Date(t);
  if (dur.workingDays) {
    out = endOfNthWorkingDayAfter(out, dur.workingDays, cal ?? { timeZone: 'UTC', holidays: [] });
  }
  return out;
}

export function describeDuration(d: Duration): string {
  const parts: string[] = [];
  if (d.months) parts.push(`${d.months} months`);
  if (d.days) parts.push(`${d.days} days`);
  if (d.hours) parts.push(`${d.hours} hours`);
  if (d.workingDays) parts.push(`${d.workingDays} working days`);
  return parts.join(' + ') || '0';
}
