/**
 * Transparency report: how many audit events of each type happened on each (UTC) day. Counts
 * only — no subjects, actors or details — so it can be published.
 */
import type { AuditEvent } from './event.ts';

export interface TransparencyReportDay {
  /** UTC date, YYYY-MM-DD. */
  day: string;
  total: number;
  byType: Record<string, number>;
}

export interface TransparencyReport {
  total: number;
  /** First and last day with events (undefined when there are none). */
  firstDay: string | undefined;
  lastDay: string | undefined;
  byType: Record<string, number>;
  days: TransparencyReportDay[];
}

export function transparencyReport(entries: Iterable<AuditEvent | { event: AuditEvent }>): TransparencyReport {
  const days = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  let total = 0;
  for (const item of entries) {
    const event = 'event' in item ? item.event : item;
    const day = event.at.slice(0, 10);
    let counts = days.get(day);
    if (counts === undefined) {
      counts = new Map();
      days.set(day, counts);
    }
    counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
    totals.set(event.type, (totals.get(event.type) ?? 0) + 1);
    total++;
  }
  const sortedDays = [...days.keys()].sort();
  return {
    total,
    firstDay: sortedDays[0],
    lastDay: sortedDays[sortedDays.length - 1],
    byType: sortedRecord(totals),
    days: sortedDays.map((day) => {
      const counts = days.get(day)!;
      return { day, total: [...counts.values()].reduce((a, b) => a + b, 0), byType: sortedRecord(counts) };
    }),
  };
}

function sortedRecord(counts: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
