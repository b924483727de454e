/**
 * Retention: each category is kept for its own period (per operator), then deleted by a sweep.
 * Periods are ISO 8601 durations in whole units — `P12M`, `P90D`, `P1Y6M`, `PT36H` — counted back
 * in the UTC calendar (as a retention notice counts "12 months", e.g. IPA 2016 s.87(3)).
 * Each sweep deletes in id order, hashes what it deleted (SHA-256 over one canonical JSON line
 * per row, in id order) and records category, cut-off, row count and digest in
 * rd_retention_sweeps — and hands the event to `report` (the network role appends it to the
 * transparency log, issue 11 item 1) INSIDE the same transaction, before COMMIT: a report that
 * fails rolls the deletion back (nothing is deleted unlogged; the rows go at the next sweep), and a
 * crash after the report but before COMMIT leaves a logged deletion whose rows are still there —
 * the next sweep deletes them again under a new event, so the log may over-state, never under-state,
 * what was deleted. Rows of an earlier version that reported after commit (`reported` false) are
 * handed on first.
 */
import { createHash } from 'node:crypto';
import { RetainedDataError } from './errors.ts';
import type { SqlConnection, SqlDriver } from './driver.ts';
import type { RetentionCategory } from './types.ts';

export interface RetentionPeriod {
  years: number;
  months: number;
  days: number;
  hours: number;
}

const DURATION = /^P(?:(\d{1,3})Y)?(?:(\d{1,4})M)?(?:(\d{1,5})D)?(?:T(\d{1,6})H)?$/;

export function parseRetention(text: string): RetentionPeriod {
  const m = DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) throw new RetainedDataError('RETAINED_BAD_RETENTION', `retention period ${JSON.stringify(text)}: expected e.g. P12M, P90D, P1Y6M, PT36H`);
  const p = { years: Number(m[1] ?? 0), months: Number(m[2] ?? 0), days: Number(m[3] ?? 0), hours: Number(m[4] ?? 0) };
  if (p.years + p.months + p.days + p.hours === 0) throw new RetainedDataError('RETAINED_BAD_RETENTION', 'a retention period of zero would delete records as they are written');
  return p;
}

/** `now` minus the period, in the UTC calendar (day of month clamped: 31 Mar − 1 month = 28/29 Feb). */
export function cutoffOf(nowMs: number, p: RetentionPeriod): Date {
  const d = new Date(nowMs);
  const months = d.getUTCMonth() - p.years * 12 - p.months;
  const y = d.getUTCFullYear() + Math.floor(months / 12);
  const mo = ((months % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
  const shifted = Date.UTC(y, mo, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return new Date(shifted - p.days * 86_400_000 - p.hours * 3_600_000);
}

/** What a sweep deleted in one category (the event the RDHI appends to the transparency log). */
export interface RetentionEvent {
  operatorId: string;
  category: RetentionCategory;
  /** Rows whose time is before this were deleted. */
  cutoff: string;
  sweptAt: string;
  rows: number;
  /** SHA-256 (hex) over the deleted rows' canonical lines in id order (of zero rows: of the empty string). */
  digest: string;
}

/** Table and "too old" condition per category (closed equipment/contract spans only). */
const TARGET: Record<RetentionCategory, { table: string; old: string }> = {
  subscribers: { table: 'rd_subscribers', old: 'contract_end IS NOT NULL AND contract_end < $1' },
  equipment: { table: 'rd_equipment', old: 'to_at IS NOT NULL AND to_at < $1' },
  calls: { table: 'rd_calls', old: 'start_at < $1' },
  sms: { table: 'rd_sms', old: 'at < $1' },
  dataSessions: { table: 'rd_data_sessions', old: 'start_at < $1' },
  locations: { table: 'rd_locations', old: 'at < $1' },
};

const CHUNK = 10_000;

/** One canonical line per row: its column values in table order; times ISO 8601, ids as text. */
export function canonicalRow(row: Record<string, unknown>): string {
  return JSON.stringify(Object.values(row).map((v) => (v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? v.toString() : v)));
}

async function deleteOld(c: SqlConnection, category: RetentionCategory, cutoff: Date): Promise<{ rows: number; digest: string }> {
  const { table, old } = TARGET[category];
  const hash = createHash('sha256');
  let rows = 0;
  for (;;) {
    // Lowest ids first: every chunk's ids are above the previous chunk's, so the digest is in id order.
    const r = await c.query<Record<string, unknown>>(`DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${old} ORDER BY id LIMIT ${CHUNK}) RETURNING *`, [cutoff]);
    const sorted = r.rows.map((row) => ({ ...row, id: String(row.id as string | number | bigint) })).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    for (const row of sorted) hash.update(canonicalRow(row) + '\n');
    rows += sorted.length;
    if (sorted.length < CHUNK) break;
  }
  return { rows, digest: hash.digest('hex') };
}

type SweepRow = { id: string | number; category: RetentionCategory; cutoff: Date; swept_at: Date; row_count: string | number; digest: string };

/**
 * Hands on any sweep recorded unreported (see the file comment), then deletes every category's rows
 * older than its period, each category in one transaction with its rd_retention_sweeps row and its
 * report; the first report that fails stops the sweep (its category rolled back) and rejects.
 */
export async function sweep(
  driver: SqlDriver,
  operatorId: string,
  periods: Partial<Record<RetentionCategory, RetentionPeriod>>,
  nowMs: number,
  report: (e: RetentionEvent) => void | Promise<void>,
): Promise<RetentionEvent[]> {
  const events: RetentionEvent[] = [];
  const pending = await driver.query<SweepRow>('SELECT id, category, cutoff, swept_at, row_count, digest FROM rd_retention_sweeps WHERE NOT reported ORDER BY id');
  for (const r of pending.rows) {
    const e: RetentionEvent = { operatorId, category: r.category, cutoff: r.cutoff.toISOString(), sweptAt: r.swept_at.toISOString(), rows: Number(r.row_count), digest: r.digest.trim() };
    await report(e);
    await driver.query('UPDATE rd_retention_sweeps SET reported = true WHERE id = $1', [r.id]);
    events.push(e);
  }
  for (const [category, period] of Object.entries(periods) as [RetentionCategory, RetentionPeriod][]) {
    const cutoff = cutoffOf(nowMs, period);
    events.push(
      await driver.transaction(async (c) => {
        const { rows, digest } = await deleteOld(c, category, cutoff);
        const e: RetentionEvent = { operatorId, category, cutoff: cutoff.toISOString(), sweptAt: new Date(nowMs).toISOString(), rows, digest };
        await c.query('INSERT INTO rd_retention_sweeps (category, cutoff, swept_at, row_count, digest, reported) VALUES ($1, $2, $3, $4, $5, true)', [category, cutoff, new Date(nowMs), rows, digest]);
        // Reported before COMMIT: if it throws, the transaction rolls back and nothing was deleted.
        await report(e);
        return e;
      }),
    );
  }
  return events;
}
