/**
 * The analyst's views over one LIID's records (pure functions): calls grouped by CIN (TS 102 232-1
 * §5.2.4: one CIN per call), the SMS list, the location trail and the browsing trail.
 */
import type { LocationSummary, MonitoringRecord, RecordFilter, RecordKind } from './types.ts';
import { RECORD_KINDS } from './types.ts';

export interface CallSipEvent {
  at?: string;
  sequenceNumber: number;
  iriType?: string;
  method?: string;
  status?: number;
  reason?: string;
}

export interface CallSummary {
  cin: number | null;
  callId?: string;
  from?: string;
  to?: string;
  firstAt?: string;
  lastAt?: string;
  sipEvents: CallSipEvent[];
  rtpPackets: number;
  rtpPacketsByDirection: Record<string, number>;
  /** Whether a 200 answered the INVITE. */
  answered: boolean;
  ended: boolean;
}

export interface SmsEntry {
  at?: string;
  cin?: number;
  event: string;
  direction?: string;
  originator?: string;
  recipient?: string;
  messageType?: string;
  text?: string;
}

export interface LocationEntry extends LocationSummary {
  at?: string;
  kind: RecordKind;
  event?: string;
}

export interface BrowsingEntry {
  at?: string;
  cin?: number;
  type: 'dns' | 'dns-answer' | 'tls-sni' | 'http';
  name: string;
  path?: string;
  method?: string;
  src?: string;
  dst?: string;
}

const time = (v: string | Date | undefined): number | undefined => (v === undefined ? undefined : typeof v === 'string' ? Date.parse(v) : v.getTime());

export function filterRecords(records: readonly MonitoringRecord[], f: RecordFilter = {}): MonitoringRecord[] {
  const kinds = f.kind === undefined ? undefined : typeof f.kind === 'string' ? [f.kind] : f.kind;
  const from = time(f.from);
  const to = time(f.to);
  const out: MonitoringRecord[] = [];
  for (const r of records) {
    if (kinds && !kinds.includes(r.kind)) continue;
    if (f.cin !== undefined && r.cin !== f.cin) continue;
    if (f.channel !== undefined && r.channel !== f.channel) continue;
    if (f.identity !== undefined && !r.identities.includes(f.identity)) continue;
    if (from !== undefined || to !== undefined) {
      const t = Date.parse(r.timeStamp ?? r.receivedAt);
      if (from !== undefined && !(t >= from)) continue;
      if (to !== undefined && !(t < to)) continue;
    }
    out.push(r);
    if (f.limit !== undefined && out.length >= f.limit) break;
  }
  return out;
}

export function countByKind(records: readonly MonitoringRecord[]): Record<RecordKind, number> {
  const out = Object.fromEntries(RECORD_KINDS.map((k) => [k, 0])) as Record<RecordKind, number>;
  for (const r of records) out[r.kind]++;
  return out;
}

export function groupCalls(records: readonly MonitoringRecord[]): CallSummary[] {
  const calls = new Map<number | null, CallSummary>();
  const get = (cin: number | null): CallSummary => {
    let c = calls.get(cin);
    if (!c) calls.set(cin, (c = { cin, sipEvents: [], rtpPackets: 0, rtpPacketsByDirection: {}, answered: false, ended: false }));
    return c;
  };
  for (const r of records) {
    const s = r.summary;
    if (s.kind !== 'call-iri' && s.kind !== 'call-content') continue;
    const c = get(r.cin ?? null);
    const at = r.timeStamp ?? r.receivedAt;
    if (c.firstAt === undefined || at < c.firstAt) c.firstAt = at;
    if (c.lastAt === undefined || at > c.lastAt) c.lastAt = at;
    if (s.kind === 'call-content') {
      if (r.duplicate) continue;
      c.rtpPackets++;
      const d = r.direction ?? 'unknown';
      c.rtpPacketsByDirection[d] = (c.rtpPacketsByDirection[d] ?? 0) + 1;
      continue;
    }
    const e: CallSipEvent = { sequenceNumber: r.sequenceNumber, at };
    if (r.iriType) e.iriType = r.iriType;
    const sip = s.sip;
    if (sip?.method !== undefined) e.method = sip.method;
    if (sip?.status !== undefined) e.status = sip.status;
    if (sip?.reason !== undefined) e.reason = sip.reason;
    c.sipEvents.push(e);
    if (sip?.method === 'INVITE' || c.callId === undefined) {
      if (sip?.callId !== undefined) c.callId = sip.callId;
      if (sip?.from !== undefined && (sip.method === 'INVITE' || c.from === undefined)) c.from = sip.from;
      if (sip?.to !== undefined && (sip.method === 'INVITE' || c.to === undefined)) c.to = sip.to;
    }
    if (sip?.status === 200 && sip.cseq?.endsWith('INVITE')) c.answered = true;
    if (sip?.method === 'BYE' || sip?.method === 'CANCEL' || r.iriType === 'END') c.ended = true;
  }
  for (const c of calls.values()) c.sipEvents.sort((a, b) => a.sequenceNumber - b.sequenceNumber);
  return [...calls.values()];
}

export function smsEntries(records: readonly MonitoringRecord[]): SmsEntry[] {
  const out: SmsEntry[] = [];
  for (const r of records) {
    const s = r.summary;
    if (s.kind !== 'sms' || r.duplicate) continue;
    const e: SmsEntry = { event: s.event };
    const at = r.timeStamp ?? r.receivedAt;
    e.at = at;
    if (r.cin !== undefined) e.cin = r.cin;
    if (s.smsDirection !== undefined) e.direction = s.smsDirection;
    if (s.originator !== undefined) e.originator = s.originator;
    if (s.recipient !== undefined) e.recipient = s.recipient;
    if (s.messageType !== undefined) e.messageType = s.messageType;
    if (s.text !== undefined) e.text = s.text;
    out.push(e);
  }
  return out;
}

export function locationEntries(records: readonly MonitoringRecord[]): LocationEntry[] {
  const out: LocationEntry[] = [];
  for (const r of records) {
    const s = r.summary;
    if (r.duplicate || !('location' in s) || s.location === undefined) continue;
    const e: LocationEntry = { ...s.location, kind: r.kind, at: r.timeStamp ?? r.receivedAt };
    if ('event' in s) e.event = s.event;
    out.push(e);
  }
  return out;
}

export function browsingEntries(records: readonly MonitoringRecord[]): BrowsingEntry[] {
  const out: BrowsingEntry[] = [];
  for (const r of records) {
    const s = r.summary;
    if (s.kind !== 'data-content' || r.duplicate) continue;
    const base = { at: r.timeStamp ?? r.receivedAt, ...(r.cin !== undefined ? { cin: r.cin } : {}), ...(s.src !== undefined ? { src: s.src } : {}), ...(s.dst !== undefined ? { dst: s.dst } : {}) };
    if (s.dnsAnswers) for (const a of s.dnsAnswers) out.push({ ...base, type: 'dns-answer', name: a });
    else if (s.dnsQueries) for (const q of s.dnsQueries) out.push({ ...base, type: 'dns', name: q });
    if (s.sni !== undefined) out.push({ ...base, type: 'tls-sni', name: s.sni });
    if (s.httpHost !== undefined) out.push({ ...base, type: 'http', name: s.httpHost, ...(s.httpPath !== undefined ? { path: s.httpPath } : {}), ...(s.httpMethod !== undefined ? { method: s.httpMethod } : {}) });
  }
  return out;
}
