/**
 * The read side: one function per TS 102 657 request type (docs/rd.md "The five request types"),
 * each over ONE exact identifier and ONE bounded period, answered with equality on an indexed
 * identity column plus the period — there is no way to ask by cell, prefix, range or wildcard.
 * Identifiers are normalised by src/standards/identifiers (its wildcard/range refusals become
 * RETAINED_NOT_EXACT), so what is looked up is exactly what the request names.
 */
import { imeiWithCheckDigit, parseE164, parseImei, parseImsi } from '../standards/identifiers/index.ts';
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from '../standards/ip-text.ts';
import { RetainedDataError } from './errors.ts';
import type { SqlConnection } from './driver.ts';
import type { CallRecord, DataSessionRecord, EquipmentRecord, IpIdentifier, IpSubscriberAnswer, LocationRecord, Period, SmsRecord, SubscriberIdentifier, SubscriberRecord } from './types.ts';

type Column = 'msisdn' | 'imsi' | 'imei';

/** The exact identity to look up, normalised; anything else is refused before any read. */
export function exactIdentity(id: SubscriberIdentifier): { column: Column; value: string } {
  try {
    switch (id.kind) {
      case 'msisdn':
        return { column: 'msisdn', value: parseE164(id.value) };
      case 'imsi':
        return { column: 'imsi', value: parseImsi(id.value) };
      case 'imei':
        return { column: 'imei', value: imeiWithCheckDigit(parseImei(id.value)) };
    }
  } catch (cause) {
    throw new RetainedDataError('RETAINED_NOT_EXACT', `not one exact ${(id as { kind: string }).kind}`, { cause });
  }
  throw new RetainedDataError('RETAINED_NOT_EXACT', 'an identifier is an MSISDN, an IMSI or an IMEI');
}

export function checkPeriod(p: Period | undefined): [Date, Date] {
  if (!p || !(p.start instanceof Date) || !(p.end instanceof Date) || Number.isNaN(p.start.getTime()) || Number.isNaN(p.end.getTime()) || p.end < p.start)
    throw new RetainedDataError('RETAINED_BAD_PERIOD', 'a period needs a start and an end, the end not before the start');
  return [p.start, p.end];
}

const ms = (v: Date | string | null): number | undefined => (v === null ? undefined : (v instanceof Date ? v : new Date(v)).getTime());
const msReq = (v: Date | string): number => (v instanceof Date ? v : new Date(v)).getTime();

// double precision comes back as a number from both drivers; Number() keeps it so if one returns text.
interface ServedRow { msisdn: string; imsi: string; imei: string; cell_id: string; latitude: number | string; longitude: number | string }
const served = (r: ServedRow) => ({ msisdn: r.msisdn, imsi: r.imsi, imei: r.imei, cellId: r.cell_id, latitude: Number(r.latitude), longitude: Number(r.longitude) });

type SubscriberRow = { msisdn: string; imsi: string; given_name: string; family_name: string; street: string; city: string; postcode: string; country: string; contract_start: Date; contract_end: Date | null };
function subscriber(r: SubscriberRow): SubscriberRecord {
  const out: SubscriberRecord = { msisdn: r.msisdn, imsi: r.imsi, givenName: r.given_name, familyName: r.family_name, street: r.street, city: r.city, postcode: r.postcode, country: r.country, contractStartMs: msReq(r.contract_start) };
  const end = ms(r.contract_end);
  if (end !== undefined) out.contractEndMs = end;
  return out;
}
const SUBSCRIBER_COLUMNS = 's.msisdn, s.imsi, s.given_name, s.family_name, s.street, s.city, s.postcode, s.country, s.contract_start, s.contract_end';

export async function subscriberData(c: SqlConnection, id: SubscriberIdentifier, period: Period): Promise<SubscriberRecord[]> {
  const { column, value } = exactIdentity(id);
  const [start, end] = checkPeriod(period);
  const overlap = 's.contract_start <= $3 AND (s.contract_end IS NULL OR s.contract_end >= $2)';
  // By IMEI: the subscriptions the handset was used with during the period (equipment history).
  const sql = column === 'imei'
    ? `SELECT DISTINCT ${SUBSCRIBER_COLUMNS} FROM rd_equipment e JOIN rd_subscribers s ON s.imsi = e.imsi AND s.msisdn = e.msisdn
       WHERE e.imei = $1 AND e.from_at <= $3 AND (e.to_at IS NULL OR e.to_at >= $2) AND ${overlap} ORDER BY s.contract_start, s.msisdn`
    : `SELECT ${SUBSCRIBER_COLUMNS} FROM rd_subscribers s WHERE s.${column} = $1 AND ${overlap} ORDER BY s.contract_start, s.msisdn`;
  return (await c.query<SubscriberRow>(sql, [value, start, end])).rows.map(subscriber);
}

type EquipmentRow = { imei: string; imsi: string; msisdn: string; from_at: Date; to_at: Date | null };
export async function equipment(c: SqlConnection, id: SubscriberIdentifier, period: Period): Promise<EquipmentRecord[]> {
  const { column, value } = exactIdentity(id);
  const [start, end] = checkPeriod(period);
  const rows = await c.query<EquipmentRow>(
    `SELECT imei, imsi, msisdn, from_at, to_at FROM rd_equipment WHERE ${column} = $1 AND from_at <= $3 AND (to_at IS NULL OR to_at >= $2) ORDER BY from_at, id`,
    [value, start, end],
  );
  return rows.rows.map((r) => {
    const out: EquipmentRecord = { imei: r.imei, imsi: r.imsi, msisdn: r.msisdn, fromMs: msReq(r.from_at) };
    const to = ms(r.to_at);
    if (to !== undefined) out.toMs = to;
    return out;
  });
}

type CallRow = ServedRow & { call_id: string; direction: CallRecord['direction']; other_party: string; media: CallRecord['media']; start_at: Date; answer_at: Date | null; end_at: Date; sip_status: number };
export async function calls(c: SqlConnection, id: SubscriberIdentifier, period: Period): Promise<CallRecord[]> {
  const { column, value } = exactIdentity(id);
  const [start, end] = checkPeriod(period);
  const rows = await c.query<CallRow>(`SELECT * FROM rd_calls WHERE ${column} = $1 AND start_at >= $2 AND start_at <= $3 ORDER BY start_at, id`, [value, start, end]);
  return rows.rows.map((r) => {
    const out: CallRecord = { ...served(r), callId: r.call_id, direction: r.direction, otherParty: r.other_party, media: r.media, startMs: msReq(r.start_at), endMs: msReq(r.end_at), sipStatus: r.sip_status };
    const answer = ms(r.answer_at);
    if (answer !== undefined) out.answerMs = answer;
    return out;
  });
}

type SmsRow = ServedRow & { direction: SmsRecord['direction']; other_party: string; at: Date };
export async function sms(c: SqlConnection, id: SubscriberIdentifier, period: Period): Promise<SmsRecord[]> {
  const { column, value } = exactIdentity(id);
  const [start, end] = checkPeriod(period);
  const rows = await c.query<SmsRow>(`SELECT * FROM rd_sms WHERE ${column} = $1 AND at >= $2 AND at <= $3 ORDER BY at, id`, [value, start, end]);
  return rows.rows.map((r) => ({ ...served(r), direction: r.direction, otherParty: r.other_party, atMs: msReq(r.at) }));
}

type SessionRow = ServedRow & { pdu_session_id: number; dnn: string; ue_ip: string; public_ip: string | null; port_start: number | null; port_end: number | null; start_at: Date; end_at: Date };
function session(r: SessionRow): DataSessionRecord {
  const out: DataSessionRecord = { ...served(r), pduSessionId: r.pdu_session_id, dnn: r.dnn, ueIp: r.ue_ip, startMs: msReq(r.start_at), endMs: msReq(r.end_at) };
  if (r.public_ip !== null && r.port_start !== null && r.port_end !== null) out.nat = { publicIp: r.public_ip, portStart: r.port_start, portEnd: r.port_end };
  return out;
}

export async function dataSessions(c: SqlConnection, id: SubscriberIdentifier, period: Period): Promise<DataSessionRecord[]> {
  const { column, value } = exactIdentity(id);
  const [start, end] = checkPeriod(period);
  const rows = await c.query<SessionRow>(`SELECT * FROM rd_data_sessions WHERE ${column} = $1 AND start_at >= $2 AND start_at <= $3 ORDER BY start_at, id`, [value, start, end]);
  return rows.rows.map(session);
}

type LocationRow = ServedRow & { at: Date; event: LocationRecord['event']; tac: number };
export async function locations(c: SqlConnection, id: SubscriberIdentifier, period: Period): Promise<LocationRecord[]> {
  const { column, value } = exactIdentity(id);
  const [start, end] = checkPeriod(period);
  const rows = await c.query<LocationRow>(`SELECT * FROM rd_locations WHERE ${column} = $1 AND at >= $2 AND at <= $3 ORDER BY at, id`, [value, start, end]);
  return rows.rows.map((r) => ({ ...served(r), atMs: msReq(r.at), event: r.event, tac: r.tac }));
}

/** One address, normalised (IPv4 dotted quad, IPv6 RFC 5952); the unspecified address, prefixes and masks are refused. */
export function exactAddress(id: IpIdentifier): { address: string; at: Date; port?: number } {
  const text = typeof id.address === 'string' ? id.address.trim() : '';
  const v4 = parseIpv4(text);
  const v6 = v4 ? undefined : parseIpv6(text);
  const bytes = v4 ?? v6;
  if (!bytes || bytes.every((b) => b === 0)) throw new RetainedDataError('RETAINED_NOT_EXACT', 'one IPv4 or IPv6 address, not a prefix, mask, wildcard or the unspecified address');
  if (!(id.at instanceof Date) || Number.isNaN(id.at.getTime())) throw new RetainedDataError('RETAINED_BAD_PERIOD', 'an IP query needs the exact time the address was seen');
  if (id.port !== undefined && !(Number.isInteger(id.port) && id.port >= 0 && id.port <= 65535)) throw new RetainedDataError('RETAINED_NOT_EXACT', 'port must be one integer 0..65535');
  const address = v4 ? formatIpv4(v4) : formatIpv6(bytes);
  return id.port === undefined ? { address, at: id.at } : { address, at: id.at, port: id.port };
}

/**
 * IP address + time (+ port) → the one subscriber (TS 102 657 Annex E AddressTranslationRecord).
 * The UE's own (private) address identifies its subscriber by itself; a CGNAT public address is
 * shared, so it needs the port, and matches only the session whose port block holds it. A session
 * containing `at` started no earlier than `at` minus the longest session ever stored (rd_meta), so
 * the index range stays bounded whatever the history's length.
 */
export async function ipSubscriber(c: SqlConnection, id: IpIdentifier): Promise<IpSubscriberAnswer | undefined> {
  const { address, at, port } = exactAddress(id);
  const meta = await c.query<{ value: string | number }>("SELECT value FROM rd_meta WHERE key = 'longest_session_ms'");
  const earliest = new Date(at.getTime() - Number(meta.rows[0]?.value ?? 0));
  const window = 'start_at <= $2 AND start_at >= $3 AND end_at >= $2';
  let rows = (await c.query<SessionRow>(`SELECT * FROM rd_data_sessions WHERE ue_ip = $1 AND ${window} ORDER BY start_at, id`, [address, at, earliest])).rows;
  if (rows.length === 0) {
    if (port === undefined) {
      const shared = await c.query(`SELECT 1 FROM rd_data_sessions WHERE public_ip = $1 AND ${window} LIMIT 1`, [address, at, earliest]);
      if (shared.rows.length > 0) throw new RetainedDataError('RETAINED_PORT_REQUIRED', 'a CGNAT public address is shared: name the port');
      return undefined;
    }
    rows = (await c.query<SessionRow>(`SELECT * FROM rd_data_sessions WHERE public_ip = $1 AND ${window} AND port_start <= $4 AND port_end >= $4 ORDER BY start_at, id`, [address, at, earliest, port])).rows;
  }
  if (rows.length === 0) return undefined;
  if (new Set(rows.map((r) => r.imsi)).size > 1) throw new RetainedDataError('RETAINED_AMBIGUOUS', 'more than one subscriber held that address at that time');
  const first = rows[0]!;
  const subs = await c.query<SubscriberRow>(
    `SELECT ${SUBSCRIBER_COLUMNS} FROM rd_subscribers s WHERE s.imsi = $1 AND s.msisdn = $2 AND s.contract_start <= $3 AND (s.contract_end IS NULL OR s.contract_end >= $3)`,
    [first.imsi, first.msisdn, at],
  );
  return { sessions: rows.map(session), subscribers: subs.rows.map(subscriber) };
}
