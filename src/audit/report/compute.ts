/**
 * Computes the transparency report from the decoded events of a verified log, in log order, in one
 * pass (the log can hold millions of delivery batches; nothing but per-warrant state is kept).
 *
 * What counts, and when (docs/audit.md "Transparency report"):
 * - records are SUMMED from `mdf.delivery-batch` counts (one event carries many records), by the
 *   time of the batch's first record (`firstAt`, else the event time), HI2 = IRI, HI3 = content;
 * - a warrant is an order of the period if an event about it (its submission, a transition, a
 *   signature, a task of it, a batch of its LIID) lies in the period, or its authorised window
 *   overlaps the period;
 * - its state, approvals, extensions and actual interception are those logged before the cut
 *   (the period's end, or the log's last event if that is earlier);
 * - refused records (`mdf.record-refused`, summed) and rogue tasks (`provisioning.rogue-task`)
 *   count when logged in the period.
 */
import type { AuditEvent } from '../event.ts';
import { count, epochMs, flag, instantMs, iso, readTerms, text, type Details, type LoggedTerms } from './event-fields.ts';
import {
  NOT_RECORDED,
  REPORT_FORMAT,
  type AgencyRow,
  type Approval,
  type MonthRow,
  type OrderDecision,
  type OrderRow,
  type RogueTaskRow,
  type TransparencyReport,
} from './model.ts';
import { notRecordedRows } from './not-recorded.ts';
import { monthsOf, type ReportPeriod } from './period.ts';

interface MdfTask {
  liveFromMs: number;
  endMs: number;
  endedMs: number | undefined;
  hiDelivery: string | undefined;
}

interface WarrantState {
  id: string;
  hash: string;
  profileId: string;
  agencyId: string;
  submittedMs: number;
  emergency: boolean;
  renews: string | undefined;
  initialState: string;
  terms: LoggedTerms | undefined;
  status: string | undefined;
  grantedMs: number | undefined;
  approvals: Approval[];
  touched: boolean;
  activatedXids: Set<string>;
  mdfTasks: Map<string, MdfTask>;
}

interface Counts {
  iri: number;
  content: number;
}

const GRANT_STATES = new Set(['Approved', 'EmergencyApproval']);

function month(ms: number): string {
  return iso(ms).slice(0, 7);
}

export class ReportBuilder {
  private readonly fromMs: number;
  private readonly toMs: number;
  private readonly warrants = new Map<string, WarrantState>();
  private readonly liidWarrant = new Map<string, string>();
  private readonly recordsByLiid = new Map<string, Counts>();
  private readonly months = new Map<string, Counts>();
  private readonly refused = new Map<string, number>();
  private readonly rogue: RogueTaskRow[] = [];
  private lastMs: number | undefined;

  constructor(private readonly period: ReportPeriod) {
    this.fromMs = Date.parse(period.from);
    this.toMs = Date.parse(period.to);
    for (const m of monthsOf(period)) this.months.set(m, { iri: 0, content: 0 });
  }

  private inPeriod(ms: number): boolean {
    return ms >= this.fromMs && ms < this.toMs;
  }

  add(event: AuditEvent): void {
    const atMs = Date.parse(event.at);
    if (this.lastMs === undefined || atMs > this.lastMs) this.lastMs = atMs;
    const d = event.details as Details;
    // Which LIID is which warrant's is a fact whenever it was logged, so it is learnt from every event.
    const liid = text(d, 'liid');
    const warrantId = text(d, 'warrantId');
    if (liid !== undefined && warrantId !== undefined && event.type !== 'mdf.delivery-batch') this.liidWarrant.set(liid, warrantId);
    if (event.type === 'mdf.delivery-batch') return this.addBatch(event, d, atMs);
    if (atMs >= this.toMs) return; // after the cut: the period's state is what was logged before its end
    const w = warrantId === undefined ? undefined : this.warrants.get(warrantId);
    if (w !== undefined && this.inPeriod(atMs)) w.touched = true;
    switch (event.type) {
      case 'warrant.submitted':
        return this.addSubmitted(event, d, atMs);
      case 'warrant.transition':
        if (w !== undefined) this.addTransition(w, d, atMs);
        return;
      case 'warrant.signature-added':
        if (w !== undefined) w.approvals.push({ role: text(d, 'role') ?? 'unknown', at: text(d, 'signedAt') ?? event.at });
        return;
      case 'provisioning.task-activating':
        if (w !== undefined && event.subject !== undefined) w.activatedXids.add(event.subject);
        return;
      case 'mdf.task-started':
      case 'mdf.task-restored':
        if (w !== undefined && event.subject !== undefined) this.addMdfTask(w, event.subject, d, atMs, event.type === 'mdf.task-started');
        return;
      case 'mdf.task-ended':
        if (w !== undefined && event.subject !== undefined) {
          const task = w.mdfTasks.get(event.subject);
          if (task !== undefined && task.endedMs === undefined) task.endedMs = atMs;
        }
        return;
      case 'mdf.record-refused':
        if (this.inPeriod(atMs)) {
          const code = text(d, 'code') ?? 'unknown';
          this.refused.set(code, (this.refused.get(code) ?? 0) + (count(d, 'count') ?? 1));
        }
        return;
      case 'provisioning.rogue-task':
        if (this.inPeriod(atMs)) this.rogue.push({ at: event.at, element: text(d, 'element') ?? 'unknown', xid: event.subject ?? 'unknown' });
        return;
      default:
        return;
    }
  }

  private addSubmitted(event: AuditEvent, d: Details, atMs: number): void {
    const id = text(d, 'warrantId') ?? event.subject;
    if (id === undefined || this.warrants.has(id)) return; // a warrant is submitted once; a repeat changes nothing
    const terms = readTerms(d);
    const overlaps = terms?.startMs !== undefined && terms.endMs !== undefined && terms.startMs < this.toMs && terms.endMs > this.fromMs;
    this.warrants.set(id, {
      id,
      hash: text(d, 'warrantHash') ?? NOT_RECORDED,
      profileId: text(d, 'profileId') ?? NOT_RECORDED,
      agencyId: text(d, 'agencyId') ?? NOT_RECORDED,
      submittedMs: atMs,
      emergency: flag(d, 'emergency') ?? false,
      renews: text(d, 'renews'),
      initialState: text(d, 'state') ?? 'AwaitingApproval',
      terms,
      status: undefined,
      grantedMs: undefined,
      approvals: [],
      touched: this.inPeriod(atMs) || overlaps,
      activatedXids: new Set(),
      mdfTasks: new Map(),
    });
  }

  private addTransition(w: WarrantState, d: Details, atMs: number): void {
    const to = text(d, 'to');
    if (to === undefined) return;
    w.status = to;
    if (GRANT_STATES.has(to) && w.grantedMs === undefined) w.grantedMs = atMs;
  }

  private addMdfTask(w: WarrantState, xid: string, d: Details, atMs: number, started: boolean): void {
    const known = w.mdfTasks.get(xid);
    if (known !== undefined && !started) return; // restored after a restart: it was live all along
    // TS 103 221-1 Annex C StartTime/EndTime bound delivery at the MDF whatever the X1 timing.
    const startMs = instantMs(d, 'start');
    const endMs = instantMs(d, 'end') ?? Number.POSITIVE_INFINITY;
    w.mdfTasks.set(xid, {
      liveFromMs: Math.max(atMs, startMs ?? atMs),
      endMs,
      endedMs: undefined,
      hiDelivery: text(d, 'hiDelivery') ?? known?.hiDelivery,
    });
  }

  private addBatch(event: AuditEvent, d: Details, atMs: number): void {
    const recordMs = epochMs(d, 'firstAt') ?? atMs;
    if (!this.inPeriod(recordMs)) return;
    const records = count(d, 'count') ?? 0;
    const channel = text(d, 'channel');
    const liid = text(d, 'liid') ?? event.subject ?? 'unknown';
    const byLiid = this.recordsByLiid.get(liid) ?? { iri: 0, content: 0 };
    const byMonth = this.months.get(month(recordMs))!;
    // TS 102 232-1: HI2 carries IRI, HI3 carries content of communication (CC).
    if (channel === 'HI3') {
      byLiid.content += records;
      byMonth.content += records;
    } else {
      byLiid.iri += records;
      byMonth.iri += records;
    }
    this.recordsByLiid.set(liid, byLiid);
  }

  finish(log: { entries: number; rootHash: string }): TransparencyReport {
    const cutMs = Math.min(this.toMs, this.lastMs ?? this.fromMs);
    const recordsOf = new Map<string, Counts>();
    let unattributed = 0;
    for (const [liid, c] of this.recordsByLiid) {
      const w = this.warrants.get(this.liidWarrant.get(liid) ?? '');
      if (w === undefined) {
        unattributed += c.iri + c.content;
        continue;
      }
      w.touched = true;
      const sum = recordsOf.get(w.id) ?? { iri: 0, content: 0 };
      sum.iri += c.iri;
      sum.content += c.content;
      recordsOf.set(w.id, sum);
    }
    const extensions = new Map<string, number>();
    for (const w of this.warrants.values()) if (w.renews !== undefined) extensions.set(w.renews, (extensions.get(w.renews) ?? 0) + 1);

    const orders = [...this.warrants.values()]
      .filter((w) => w.touched)
      .sort((a, b) => a.submittedMs - b.submittedMs || (a.id < b.id ? -1 : 1))
      .map((w) => orderRow(w, cutMs, extensions.get(w.id) ?? 0, recordsOf.get(w.id) ?? { iri: 0, content: 0 }));
    const recordsByMonth: MonthRow[] = [...this.months].map(([m, c]) => ({ month: m, iriRecords: c.iri, contentRecords: c.content, records: c.iri + c.content }));
    const recordsByAgency = agencyRows(orders);
    const refusedByCode = [...this.refused].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, n]) => ({ code, count: n }));
    const rogueTasks = [...this.rogue].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.element < b.element ? -1 : a.element > b.element ? 1 : a.xid < b.xid ? -1 : 1));
    const iriRecords = recordsByMonth.reduce((s, m) => s + m.iriRecords, 0);
    const contentRecords = recordsByMonth.reduce((s, m) => s + m.contentRecords, 0);
    return {
      format: REPORT_FORMAT,
      period: { from: this.period.from, to: this.period.to },
      log: { entries: log.entries, rootHash: log.rootHash, cut: iso(cutMs) },
      totals: {
        orders: orders.length,
        extensions: orders.filter((o) => o.kind === 'renewal').length,
        targets: orders.every((o) => typeof o.targets === 'number') ? orders.reduce((s, o) => s + (o.targets as number), 0) : NOT_RECORDED,
        records: iriRecords + contentRecords,
        iriRecords,
        contentRecords,
        unattributedRecords: unattributed,
        refusedRecords: refusedByCode.reduce((s, r) => s + r.count, 0),
        rogueTasks: rogueTasks.length,
      },
      orders,
      recordsByMonth,
      recordsByAgency,
      refusedByCode,
      rogueTasks,
      notRecorded: notRecordedRows(orders.filter((o) => o.orderStart === NOT_RECORDED).length, orders.length),
    };
  }
}

function decisionOf(w: WarrantState, status: string): OrderDecision {
  if (w.grantedMs !== undefined) return 'granted';
  if (status === 'Rejected') return 'denied';
  if (status === 'Cancelled') return 'withdrawn';
  if (status === 'Expired' || status === 'Lapsed') return 'not decided';
  return 'pending';
}

/** The span from the first instant a mediation task of the warrant was live to the last. */
function actualInterception(w: WarrantState, cutMs: number): Pick<OrderRow, 'interceptionStart' | 'interceptionEnd' | 'interceptionSeconds' | 'runningAtCut' | 'hiDelivery'> {
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  let running = false;
  const deliveries = new Set<string>();
  for (const t of w.mdfTasks.values()) {
    if (t.hiDelivery !== undefined) deliveries.add(t.hiDelivery);
    if (t.liveFromMs >= cutMs || t.liveFromMs >= t.endMs) continue; // never live before the cut
    startMs = Math.min(startMs, t.liveFromMs);
    const stop = Math.min(t.endedMs ?? t.endMs, t.endMs);
    if (stop > cutMs) running = true;
    else endMs = Math.max(endMs, stop);
  }
  const hiDelivery = deliveries.size === 0 ? null : deliveries.size === 1 ? [...deliveries][0]! : 'mixed';
  if (startMs === Number.POSITIVE_INFINITY) return { interceptionStart: null, interceptionEnd: null, interceptionSeconds: null, runningAtCut: false, hiDelivery };
  const last = running ? cutMs : endMs;
  return {
    interceptionStart: iso(startMs),
    interceptionEnd: running ? null : iso(endMs),
    interceptionSeconds: Math.round((last - startMs) / 1000),
    runningAtCut: running,
    hiDelivery,
  };
}

function orderRow(w: WarrantState, cutMs: number, extensions: number, records: Counts): OrderRow {
  const t = w.terms;
  const status = w.status ?? w.initialState;
  const start = t?.startMs;
  const end = t?.endMs;
  const kinds = new Map<string, number>();
  for (const target of t?.targets ?? []) kinds.set(target.kind, (kinds.get(target.kind) ?? 0) + 1);
  return {
    warrantId: w.id,
    warrantHash: w.hash,
    profileId: w.profileId,
    agencyId: w.agencyId,
    kind: w.renews !== undefined ? 'renewal' : w.emergency ? 'emergency' : 'original',
    emergency: w.emergency,
    renews: w.renews ?? null,
    submittedAt: iso(w.submittedMs),
    decision: decisionOf(w, status),
    grantedAt: w.grantedMs === undefined ? null : iso(w.grantedMs),
    status,
    approvals: [...w.approvals].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.role < b.role ? -1 : 1)),
    offence: t?.offence ?? NOT_RECORDED,
    legalBasis: t?.legalBasis ?? NOT_RECORDED,
    interception: t?.content === undefined ? NOT_RECORDED : t.content ? 'IRI and content' : 'IRI only',
    services: t?.services ?? NOT_RECORDED,
    targets: t?.targets === undefined ? NOT_RECORDED : t.targets.length,
    targetKinds: t?.targets === undefined ? NOT_RECORDED : Object.fromEntries([...kinds].sort(([a], [b]) => (a < b ? -1 : 1))),
    operators: t?.operators ?? NOT_RECORDED,
    retentionDays: t?.retentionDays ?? NOT_RECORDED,
    orderStart: start === undefined ? NOT_RECORDED : iso(start),
    orderEnd: end === undefined ? NOT_RECORDED : iso(end),
    orderSeconds: start === undefined || end === undefined ? NOT_RECORDED : Math.round((end - start) / 1000),
    ...actualInterception(w, cutMs),
    extensions,
    tasks: w.activatedXids.size,
    iriRecords: records.iri,
    contentRecords: records.content,
    records: records.iri + records.content,
    encryption: NOT_RECORDED,
  };
}

function agencyRows(orders: OrderRow[]): AgencyRow[] {
  const rows = new Map<string, AgencyRow>();
  for (const o of orders) {
    const row = rows.get(o.agencyId) ?? { agencyId: o.agencyId, orders: 0, iriRecords: 0, contentRecords: 0, records: 0 };
    row.orders++;
    row.iriRecords += o.iriRecords;
    row.contentRecords += o.contentRecords;
    row.records += o.records;
    rows.set(o.agencyId, row);
  }
  return [...rows.values()].sort((a, b) => (a.agencyId < b.agencyId ? -1 : 1));
}

/** The report of `events` (in log order) for `period`, stamped with the log prefix they came from. */
export function computeReport(events: Iterable<AuditEvent>, period: ReportPeriod, log: { entries: number; rootHash: string }): TransparencyReport {
  const builder = new ReportBuilder(period);
  for (const event of events) builder.add(event);
  return builder.finish(log);
}
