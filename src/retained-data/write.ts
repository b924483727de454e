/**
 * Batch writes: each table's rows go in with ONE `INSERT … SELECT FROM unnest($1::text[], …)`
 * (one round trip per table, whatever the batch size), all tables of a batch in one transaction —
 * a batch is in the store whole or not at all. Records are checked first; one bad record refuses
 * the batch (RETAINED_BAD_RECORD), so the store never holds an identity that is not digits.
 */
import { RetainedDataError } from './errors.ts';
import type { SqlConnection } from './driver.ts';
import type { RecordBatch } from './types.ts';

const DIGITS = /^\d{1,15}$/;
/** SMS senders may be alphanumeric (TS 23.040 §9.1.2.5 alphanumeric address); nothing else is stored free-form. */
const PARTY = /^[A-Za-z0-9+ ]{1,20}$/;

function bad(what: string): never {
  throw new RetainedDataError('RETAINED_BAD_RECORD', `malformed record: ${what}`);
}
function ids(r: { msisdn: string; imsi: string; imei?: string }): void {
  if (!DIGITS.test(r.msisdn) || !DIGITS.test(r.imsi) || (r.imei !== undefined && !/^\d{15}$/.test(r.imei))) bad('identity not digits');
}
function time(ms: number | undefined, optional = false): string | null {
  if (ms === undefined && optional) return null;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) bad('time not a number');
  return new Date(ms).toISOString();
}
function party(p: string): string {
  if (!PARTY.test(p)) bad('other party');
  return p;
}

type Column = [name: string, type: string, values: unknown[]];

async function insert(c: SqlConnection, table: string, columns: Column[]): Promise<number> {
  const n = columns[0]?.[2].length ?? 0;
  if (n === 0) return 0;
  const names = columns.map(([name]) => name).join(', ');
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const r = await c.query(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays}) ON CONFLICT DO NOTHING`, columns.map(([, , v]) => v));
  return r.affectedRows;
}

const col = <T>(rows: readonly T[], name: string, type: string, f: (r: T) => unknown): Column => [name, type, rows.map(f)];

/** Writes one batch in `c` (the caller's transaction). Returns the rows inserted per table. */
export async function writeBatch(c: SqlConnection, b: RecordBatch): Promise<Record<string, number>> {
  const subs = b.subscribers ?? [];
  const eq = b.equipment ?? [];
  const calls = b.calls ?? [];
  const sms = b.sms ?? [];
  const sessions = b.dataSessions ?? [];
  const locs = b.locations ?? [];
  // Check everything before writing anything.
  for (const s of subs) ids(s);
  for (const e of eq) ids(e);
  for (const r of [...calls, ...sms, ...sessions, ...locs]) ids(r);
  for (const r of [...calls, ...sms]) party(r.otherParty);
  for (const s of sessions) {
    if (s.nat && !(Number.isInteger(s.nat.portStart) && Number.isInteger(s.nat.portEnd) && s.nat.portStart >= 0 && s.nat.portEnd >= s.nat.portStart && s.nat.portEnd <= 65535)) bad('port block');
    if (!(s.endMs >= s.startMs)) bad('session ends before it starts');
  }
  const out: Record<string, number> = {};
  out.subscribers = await insert(c, 'rd_subscribers', [
    col(subs, 'msisdn', 'text', (r) => r.msisdn), col(subs, 'imsi', 'text', (r) => r.imsi),
    col(subs, 'given_name', 'text', (r) => r.givenName), col(subs, 'family_name', 'text', (r) => r.familyName),
    col(subs, 'street', 'text', (r) => r.street), col(subs, 'city', 'text', (r) => r.city),
    col(subs, 'postcode', 'text', (r) => r.postcode), col(subs, 'country', 'text', (r) => r.country),
    col(subs, 'contract_start', 'timestamptz', (r) => time(r.contractStartMs)), col(subs, 'contract_end', 'timestamptz', (r) => time(r.contractEndMs, true)),
  ]);
  out.equipment = await insert(c, 'rd_equipment', [
    col(eq, 'imei', 'text', (r) => r.imei), col(eq, 'imsi', 'text', (r) => r.imsi), col(eq, 'msisdn', 'text', (r) => r.msisdn),
    col(eq, 'from_at', 'timestamptz', (r) => time(r.fromMs)), col(eq, 'to_at', 'timestamptz', (r) => time(r.toMs, true)),
  ]);
  type ServedIn = { msisdn: string; imsi: string; imei: string; cellId: string; latitude: number; longitude: number };
  const served = (rows: readonly ServedIn[]): Column[] => [
    col(rows, 'msisdn', 'text', (r) => r.msisdn), col(rows, 'imsi', 'text', (r) => r.imsi), col(rows, 'imei', 'text', (r) => r.imei),
    col(rows, 'cell_id', 'text', (r) => r.cellId), col(rows, 'latitude', 'float8', (r) => r.latitude), col(rows, 'longitude', 'float8', (r) => r.longitude),
  ];
  out.calls = await insert(c, 'rd_calls', [
    ...served(calls), col(calls, 'call_id', 'text', (r) => r.callId), col(calls, 'direction', 'text', (r) => r.direction),
    col(calls, 'other_party', 'text', (r) => r.otherParty), col(calls, 'media', 'text', (r) => r.media),
    col(calls, 'start_at', 'timestamptz', (r) => time(r.startMs)), col(calls, 'answer_at', 'timestamptz', (r) => time(r.answerMs, true)),
    col(calls, 'end_at', 'timestamptz', (r) => time(r.endMs)), col(calls, 'sip_status', 'int4', (r) => r.sipStatus),
  ]);
  out.sms = await insert(c, 'rd_sms', [
    ...served(sms), col(sms, 'direction', 'text', (r) => r.direction), col(sms, 'other_party', 'text', (r) => r.otherParty),
    col(sms, 'at', 'timestamptz', (r) => time(r.atMs)),
  ]);
  out.dataSessions = await insert(c, 'rd_data_sessions', [
    ...served(sessions), col(sessions, 'pdu_session_id', 'int4', (r) => r.pduSessionId), col(sessions, 'dnn', 'text', (r) => r.dnn),
    col(sessions, 'ue_ip', 'text', (r) => r.ueIp), col(sessions, 'public_ip', 'text', (r) => r.nat?.publicIp ?? null),
    col(sessions, 'port_start', 'int4', (r) => r.nat?.portStart ?? null), col(sessions, 'port_end', 'int4', (r) => r.nat?.portEnd ?? null),
    col(sessions, 'start_at', 'timestamptz', (r) => time(r.startMs)), col(sessions, 'end_at', 'timestamptz', (r) => time(r.endMs)),
  ]);
  out.locations = await insert(c, 'rd_locations', [
    ...served(locs), col(locs, 'at', 'timestamptz', (r) => time(r.atMs)), col(locs, 'event', 'text', (r) => r.event), col(locs, 'tac', 'int4', (r) => r.tac),
  ]);
  const longest = sessions.reduce((m, s) => Math.max(m, s.endMs - s.startMs), 0);
  if (longest > 0) await c.query("UPDATE rd_meta SET value = GREATEST(value, $1::bigint) WHERE key = 'longest_session_ms'", [Math.ceil(longest)]);
  return out;
}
