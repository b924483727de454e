/**
 * From the LEMF's MonitoringRecord to a console_records row and back. Times are kept as microseconds
 * since the epoch (exact and totally ordered, so keyset paging by (time, id) never skips or repeats a
 * row) beside the ISO text the LEMF recorded.
 */
import type { Channel, Direction, EvidenceRef, MonitoringRecord, RecordKind, RecordSummary } from '../../monitoring/types.ts';
import type { StoredRecord } from './types.ts';

const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Microseconds since the epoch of an ISO 8601 time (fractions beyond µs are cut), or undefined. */
export function isoToMicros(iso: string): bigint | undefined {
  const m = ISO.exec(iso);
  if (!m) return undefined;
  const seconds = Date.parse(`${m[1]!}${m[3]!}`);
  if (!Number.isFinite(seconds)) return undefined;
  const fraction = BigInt((m[2] ?? '').padEnd(6, '0').slice(0, 6));
  return BigInt(seconds) * 1000n + fraction;
}

export function microsToIso(us: bigint): string {
  return new Date(Number(us / 1000n)).toISOString();
}

/** The record's time of interception, else its time of receipt. */
export function recordTime(r: Pick<MonitoringRecord, 'timeStamp' | 'receivedAt'>): { iso: string; us: bigint } {
  for (const t of [r.timeStamp, r.receivedAt]) {
    if (t === undefined) continue;
    const us = isoToMicros(t);
    if (us !== undefined) return { iso: t, us };
  }
  return { iso: new Date(0).toISOString(), us: 0n };
}

/** What a search can find in a record: parties and names, never media bytes. Lower-cased. */
export function searchText(r: MonitoringRecord): string {
  const parts: string[] = [...r.identities, ...(r.declaredTargets ?? [])];
  const s = r.summary;
  switch (s.kind) {
    case 'call-iri':
      parts.push(s.sip?.method ?? '', s.sip?.from ?? '', s.sip?.to ?? '', s.sip?.callId ?? '', s.sourceIp ?? '', s.destinationIp ?? '');
      break;
    case 'sms':
      parts.push(s.originator ?? '', s.recipient ?? '', s.text ?? '', s.location?.cellId ?? '');
      break;
    case 'location':
    case 'registration':
      parts.push(s.event, s.location?.cellId ?? '');
      break;
    case 'data-session':
      parts.push(s.event, s.dnn ?? '', ...(s.ueIp ?? []));
      break;
    case 'data-content':
      parts.push(s.src ?? '', s.dst ?? '', ...(s.dnsQueries ?? []), ...(s.dnsAnswers ?? []), s.sni ?? '', s.httpHost ?? '', s.httpPath ?? '');
      break;
    case 'call-content':
    case 'other':
      break;
  }
  return parts
    .filter((p) => p.length > 0)
    .join(' ')
    .toLowerCase();
}

/** NUL cannot be stored in PostgreSQL text/jsonb: replaced by U+FFFD (the evidence keeps the original bytes). */
function noNul<T>(v: T): T {
  if (typeof v === 'string') return v.replaceAll('\u0000', '\ufffd') as T;
  if (Array.isArray(v)) return v.map((x: unknown) => noNul(x)) as T;
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, noNul(x)])) as T;
  return v;
}

/** One element of the JSON batch an INSERT reads with jsonb_to_recordset (store-sql.ts). */
export function recordRow(r: MonitoringRecord): Record<string, unknown> {
  const t = recordTime(r);
  return {
    liid: r.liid,
    id: r.id,
    kind: r.kind,
    channel: r.channel,
    at_us: t.us.toString(),
    time_stamp: t.iso,
    direction: r.direction ?? null,
    iri_type: r.iriType ?? null,
    cin: r.cin ?? null,
    identities: noNul(r.identities),
    declared_targets: noNul(r.declaredTargets ?? []),
    summary: noNul(r.summary),
    evidence: r.evidence,
    duplicate: r.duplicate === true,
    search: noNul(searchText(r)),
  };
}

/** SELECT list matching `RecordRow` (privileged joined from console_privileged). */
export const RECORD_SELECT =
  'r.liid, r.id, r.kind, r.channel, r.at_us::text AS at_us, r.time_stamp, r.direction, r.iri_type, r.cin::text AS cin, r.identities, r.declared_targets, r.summary, r.evidence, r.duplicate, (p.id IS NOT NULL) AS privileged';

export const RECORD_FROM = 'console_records r LEFT JOIN console_privileged p ON p.liid = r.liid AND p.id = r.id';

export interface RecordRow {
  liid: string;
  id: number;
  kind: string;
  channel: string;
  at_us: string;
  time_stamp: string;
  direction: string | null;
  iri_type: string | null;
  cin: string | null;
  identities: string[];
  declared_targets: string[];
  summary: unknown;
  evidence: unknown;
  duplicate: boolean;
  privileged: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the stored JSON's type
export function json<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

export function fromRow(row: RecordRow): StoredRecord {
  return {
    liid: row.liid,
    id: row.id,
    kind: row.kind as RecordKind,
    channel: row.channel as Channel,
    timeStamp: row.time_stamp,
    atUs: BigInt(row.at_us),
    direction: row.direction as Direction | null,
    iriType: row.iri_type,
    cin: row.cin === null ? null : Number(row.cin),
    identities: row.identities,
    declaredTargets: row.declared_targets,
    summary: json<RecordSummary>(row.summary),
    evidence: json<EvidenceRef>(row.evidence),
    duplicate: row.duplicate,
    privileged: row.privileged,
  };
}

/** A StoredRecord in the LEMF's shape, for the pure views and audio code of src/monitoring. */
export function asMonitoringRecord(r: StoredRecord): MonitoringRecord {
  return {
    id: r.id,
    liid: r.liid,
    channel: r.channel,
    ...(r.cin !== null ? { cin: r.cin } : {}),
    sequenceNumber: 0,
    element: 0,
    timeStamp: r.timeStamp,
    receivedAt: r.timeStamp,
    operator: '',
    peer: '',
    kind: r.kind,
    ...(r.iriType !== null ? { iriType: r.iriType as NonNullable<MonitoringRecord['iriType']> } : {}),
    ...(r.direction !== null ? { direction: r.direction } : {}),
    identities: r.identities,
    inSequence: false,
    ...(r.duplicate ? { duplicate: true } : {}),
    evidence: r.evidence,
    summary: r.summary,
  };
}
