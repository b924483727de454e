/**
 * The records of an operator's signed answer as the console's page shows them: subscriber cards,
 * calls, SMS, a location history, equipment (IMEI ↔ IMSI/MSISDN periods) and data sessions (the
 * answer to an IP → subscriber request). Read by the shape of each TS 102 657 RetainedDataRecord,
 * the shapes the operator's RDHI writes (src/retained-data/rdhi/records.ts):
 * - Annex B.3 TelephonySubscriber with genericSubscriberInfo → a subscriber card; without it (the
 *   requestedData of an equipment request) → an equipment row;
 * - TelephonyServiceUsage with communicationType sMS → SMS, telephonyWirelessCS → a call, none → a
 *   location (§B.3 TelephonyLocation of the served party only);
 * - Annex E NAServiceUsage → a data session with its addresses and CGNAT translation.
 * A record of another shape is counted in `other` and shown as such, never dropped silently. The
 * served party is the first TelephonyPartyInformation (the RDHI writes it first); its partyRole says
 * the direction (§B.3 PartyRole: originating-Party / smsOriginator = sent by the target).
 */
import { decodeTbcd, type ResponseRecord } from '../../standards/rd/index.ts';
import type { RdCommunication, RdDataSession, RdEquipment, RdLocationPoint, RdRecordsView, RdSubscriberCard } from './view.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !(v instanceof Date) ? (v as Obj) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const time = (v: unknown): string | undefined => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString() : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined);
const tbcd = (v: unknown): string | undefined => {
  if (!(v instanceof Uint8Array)) return undefined;
  try {
    return decodeTbcd(v);
  } catch {
    return Buffer.from(v).toString('hex');
  }
};
const text = (v: unknown): string | undefined => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : str(v));

/** GeoCoordinatesDec (Annex B): a hemisphere letter and decimal degrees, e.g. `N33.684422`. */
function degrees(v: unknown): number | undefined {
  const m = /^([NSEW])(\d{1,3}(?:\.\d+)?)$/u.exec(str(v) ?? '');
  if (!m) return undefined;
  const d = Number(m[2]);
  return m[1] === 'S' || m[1] === 'W' ? -d : d;
}

function ipText(v: unknown): string | undefined {
  const a = obj(v);
  if (!a) return undefined;
  if (a.iPv4BinaryAddress instanceof Uint8Array) return [...a.iPv4BinaryAddress].join('.');
  if (a.iPv6BinaryAddress instanceof Uint8Array) return Buffer.from(a.iPv6BinaryAddress).toString('hex').replace(/(.{4})(?!$)/gu, '$1:');
  return str(a.iPTextAddress);
}

function where(party: Obj | undefined): Pick<RdLocationPoint, 'cellId' | 'latitude' | 'longitude'> & { at?: string } {
  const loc = obj(arr(party?.locations)[0]);
  const geo = obj(obj(obj(obj(loc?.detailedLocation)?.cellInformation)?.gsmLocation)?.geoCoordinatesDec);
  const out: Pick<RdLocationPoint, 'cellId' | 'latitude' | 'longitude'> & { at?: string } = {};
  const cell = text(loc?.telephonyNetworkID);
  if (cell !== undefined) out.cellId = cell;
  const lat = degrees(geo?.latitudeDec);
  const lon = degrees(geo?.longitudeDec);
  if (lat !== undefined && lon !== undefined) Object.assign(out, { latitude: lat, longitude: lon });
  const at = time(obj(loc?.timeSpan)?.startTime);
  if (at !== undefined) out.at = at;
  return out;
}

function subscriberCard(s: Obj): RdSubscriberCard {
  const info = obj(obj(s.genericSubscriberInfo)?.individualInfo);
  const name = obj(info?.name);
  const addr = obj(obj(info?.contactAddress)?.address);
  const service = obj(arr(s.subscribedTelephonyServices)[0]);
  const span = obj(service?.timeSpan);
  const card: RdSubscriberCard = { msisdns: arr(service?.registeredNumbers).filter((n): n is string => typeof n === 'string') };
  const set = <K extends keyof RdSubscriberCard>(k: K, v: RdSubscriberCard[K] | undefined): void => {
    if (v !== undefined) card[k] = v;
  };
  set('subscriberId', str(s.subscriberID));
  set('givenName', str(name?.firstname));
  set('familyName', str(name?.surname));
  const address = [addr?.streetName, addr?.postalCode, addr?.city, addr?.country].filter((x): x is string => typeof x === 'string' && x.length > 0).join(', ');
  set('address', address || undefined);
  set('imsi', tbcd(service?.iMSI));
  set('from', time(span?.startTime));
  set('to', time(span?.endTime));
  return card;
}

function equipmentRows(s: Obj): RdEquipment[] {
  return arr(s.subscribedTelephonyServices).map((x) => {
    const svc = obj(x) ?? {};
    const span = obj(svc.timeSpan);
    const e: RdEquipment = { imeis: arr(svc.iMEI).map(tbcd).filter((v): v is string => v !== undefined), msisdns: arr(svc.registeredNumbers).filter((n): n is string => typeof n === 'string') };
    const imsi = tbcd(svc.iMSI);
    if (imsi !== undefined) e.imsi = imsi;
    const from = time(span?.startTime);
    const to = time(span?.endTime);
    if (from !== undefined) e.from = from;
    if (to !== undefined) e.to = to;
    return e;
  });
}

const SENT_ROLES = new Set(['originating-Party', 'smsOriginator']);
const RECEIVED_ROLES = new Set(['terminating-Party', 'smsRecipient']);

function communication(u: Obj, kind: 'call' | 'sms'): RdCommunication {
  const parties = arr(u.partyInformation).map(obj);
  const served = parties[0];
  const other = parties[1];
  const role = str(served?.partyRole) ?? '';
  const ct = obj(u.communicationTime);
  const c: RdCommunication = {
    kind,
    at: time(ct?.startTime) ?? '',
    direction: SENT_ROLES.has(role) ? 'outgoing' : RECEIVED_ROLES.has(role) ? 'incoming' : 'unknown',
  };
  const end = time(ct?.endTime);
  if (end !== undefined) c.end = end;
  const otherParty = str(other?.partyNumber);
  if (otherParty !== undefined) c.otherParty = otherParty;
  const duration = num(ct?.durationTime);
  if (kind === 'call' && duration !== undefined) c.durationS = duration;
  const bearer = str(u.bearerService);
  if (bearer !== undefined) c.bearer = bearer;
  const w = where(served);
  if (w.cellId !== undefined) c.cellId = w.cellId;
  if (w.latitude !== undefined && w.longitude !== undefined) Object.assign(c, { latitude: w.latitude, longitude: w.longitude });
  return c;
}

function dataSession(n: Obj): RdDataSession {
  const interval = obj(n.interval);
  const gprs = obj(n.gprsInformation);
  const s: RdDataSession = {
    addresses: arr(n.naAssignedAddress).flatMap((x) => {
      const a = obj(x);
      const type = str(a?.addressType) ?? 'unknown';
      return arr(obj(a?.addressSetOrRangeOrMask)?.set).map((ip) => ({ address: ipText(ip) ?? '?', type }));
    }),
    translations: arr(n.addressTranslationRecords).map((x) => {
      const t = obj(x);
      const range = obj(arr(obj(t?.publicPort)?.portRange)[0]);
      return { private: ipText(t?.privateIPAddress) ?? '?', public: ipText(t?.publicIPAddress) ?? '?', ...(range ? { ports: `${String(num(range.lowerBound))}–${String(num(range.upperBound))}` } : {}) };
    }),
  };
  const start = time(interval?.startTime);
  const end = time(interval?.endTime);
  if (start !== undefined) s.start = start;
  if (end !== undefined) s.end = end;
  const msisdn = str(gprs?.mSISDN);
  const imsi = tbcd(gprs?.iMSI);
  if (msisdn !== undefined) s.msisdn = msisdn;
  if (imsi !== undefined) s.imsi = imsi;
  return s;
}

/** Every record of the answers, sorted into what the page shows (in the order received; lists by time). */
export function recordsView(records: readonly ResponseRecord[]): RdRecordsView {
  const v: RdRecordsView = { subscribers: [], calls: [], sms: [], locations: [], equipment: [], dataSessions: [], other: 0 };
  for (const r of records) {
    const payload = obj(r.recordPayload);
    const tel = obj(payload?.telephonyRecord);
    const sub = obj(tel?.telephonySubscriber);
    const use = obj(tel?.telephonyServiceUsage);
    const na = obj(obj(payload?.networkAccess)?.naServiceUsage);
    if (sub && sub.genericSubscriberInfo !== undefined) v.subscribers.push(subscriberCard(sub));
    else if (sub) v.equipment.push(...equipmentRows(sub));
    else if (use && use.communicationType === 'sMS') v.sms.push(communication(use, 'sms'));
    else if (use && use.communicationType !== undefined) v.calls.push(communication(use, 'call'));
    else if (use) {
      const w = where(obj(arr(use.partyInformation)[0]));
      v.locations.push({ ...w, at: time(obj(use.communicationTime)?.startTime) ?? w.at ?? '' });
    } else if (na) v.dataSessions.push(dataSession(na));
    else v.other++;
  }
  const byTime = (a: { at: string }, b: { at: string }) => a.at.localeCompare(b.at);
  v.calls.sort(byTime);
  v.sms.sort(byTime);
  v.locations.sort(byTime);
  return v;
}
