/**
 * The law for the operators' retention sweeps (issue 11 item 1, docs/retained-data.md "Retention"):
 * `rd.retention-deleted` (src/audit/rd-events.ts), one per operator, category and sweep. The log
 * holds no record content, so the verifier cannot tell whether records older than their retention
 * remain; what it can hold the operator to, cheaply (O(1) per event), is that the sweeps are on the
 * record on schedule and say something coherent:
 *
 * - each event's cut-off is before its sweep time, its row count a whole number, its digest 64 hex
 *   digits and, for zero rows, the SHA-256 of nothing;
 * - consecutive sweeps of one operator's category are at most two sweep intervals apart (the
 *   interval the event states, `sweepIntervalMs`) plus the clock tolerance — a missed sweep is a
 *   deletion that did not happen on schedule, or one that happened unlogged.
 *
 * Not checked (docs say so): that a sweep deleted every record past its retention, and whether sweeps
 * stop — a log that simply ends after an operator's last sweep is not judged.
 */
import type { AuditEvent } from '../event.ts';
import { iso } from './keys.ts';
import type { LawRule } from './rules.ts';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export class RetentionSweepLaw {
  /** operator \n category → time of the last sweep and its stated interval. */
  private readonly last = new Map<string, { at: number; intervalMs: number | undefined }>();

  constructor(
    private readonly violate: (rule: LawRule, index: number, message: string) => void,
    private readonly clockTol: number,
  ) {}

  observe(index: number, e: AuditEvent): void {
    const d = e.details;
    const operator = String(d.operatorId);
    const category = String(d.category);
    const sweptAt = typeof d.sweptAt === 'string' ? Date.parse(d.sweptAt) : Number.NaN;
    const cutoff = typeof d.cutoff === 'string' ? Date.parse(d.cutoff) : Number.NaN;
    const rows = d.rows;
    const digest = typeof d.digest === 'string' ? d.digest : '';
    const what = `retention sweep of ${operator}/${category}`;
    if (!Number.isFinite(sweptAt) || !Number.isFinite(cutoff) || cutoff >= sweptAt) this.violate('rd-retention-on-schedule', index, `${what}: cut-off ${String(d.cutoff)} is not before the sweep ${String(d.sweptAt)}`);
    if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows < 0) this.violate('rd-retention-on-schedule', index, `${what}: row count ${JSON.stringify(rows)} is not a whole number`);
    if (!/^[0-9a-f]{64}$/u.test(digest) || (rows === 0 && digest !== EMPTY_SHA256)) this.violate('rd-retention-on-schedule', index, `${what}: digest ${JSON.stringify(digest)} does not fit ${String(rows)} rows`);
    if (!Number.isFinite(sweptAt)) return;
    const key = `${operator}\n${category}`;
    const intervalMs = typeof d.sweepIntervalMs === 'number' && d.sweepIntervalMs > 0 ? d.sweepIntervalMs : undefined;
    const prev = this.last.get(key);
    const allowed = prev?.intervalMs === undefined ? undefined : 2 * prev.intervalMs + this.clockTol;
    if (prev && allowed !== undefined && sweptAt - prev.at > allowed) {
      this.violate('rd-retention-on-schedule', index, `${what} at ${iso(sweptAt)} comes ${Math.round((sweptAt - prev.at) / 1000)} s after the previous one (${iso(prev.at)}); sweeps are due every ${Math.round(prev.intervalMs! / 1000)} s`);
    }
    this.last.set(key, { at: sweptAt, intervalMs });
  }
}
