/**
 * What the operator's RDHI should answer for one MSISDN and period, from the network's own ground
 * truth (the network role's record of the watched target's events, `GET /ground-truth`, and its
 * subscriber register, a pure function of the subscriber's index: src/network/records.ts), and the
 * comparison of the records returned with it — record by record, not only by count.
 *
 * The operator's records follow src/network/records.ts (OperatorRecorder): one call record per call
 * the subscriber was served in, by its initial INVITE's time, once the call ended (a final INVITE
 * status ≥ 300 or the 200 to BYE); one SMS record per SMS event; one location record per location
 * update, registration and deregistration; all with whole milliseconds, selected by start time in
 * [start, end] inclusive (src/retained-data/queries.ts).
 */
import { subscriberRecords } from '../../network/records.ts';
import type { Operator } from '../../network/index.ts';
import type { ResponseRecord } from '../../standards/rd/index.ts';

/** One watched event as the network role reports it. */
export interface WatchedEvent {
  timeMs: number;
  category: string;
  kind?: string;
  callId?: string;
  sipMethod?: string;
  sipStatus?: number;
}

export interface RdCategoryVerdict {
  category: string;
  expected: number;
  returned: number;
  /** In the ground truth, not returned. */
  missing: number;
  /** Returned, not in the ground truth. */
  extra: number;
  ok: boolean;
}

/** The expected records of each category, as comparable keys. */
export type Truth = Record<'subscriber' | 'calls' | 'sms' | 'location', string[]>;

const isInvite = (e: WatchedEvent) => e.kind === 'sip' && e.sipMethod === 'INVITE' && e.sipStatus === undefined;
const ends = (e: WatchedEvent) => e.kind === 'sip' && ((e.sipMethod === 'INVITE' && (e.sipStatus ?? 0) >= 300) || (e.sipMethod === 'BYE' && e.sipStatus === 200));
const inPeriod = (t: number, from: number, to: number) => Math.floor(t) >= from && Math.floor(t) <= to;

/** Calls begun in the period that have not ended yet: not records yet. */
export function pendingCalls(events: readonly WatchedEvent[], from: number, to: number): number {
  const ended = new Set(events.filter(ends).map((e) => e.callId));
  return new Set(events.filter((e) => isInvite(e) && inPeriod(e.timeMs, from, to) && !ended.has(e.callId)).map((e) => e.callId)).size;
}

export function truthOf(events: readonly WatchedEvent[], op: Operator, index: number, from: number, to: number): Truth {
  const msisdn = op.msisdnOf(index);
  const key = (t: number) => `${msisdn}@${Math.floor(t)}`;
  const ended = new Set(events.filter(ends).map((e) => e.callId));
  // One record per call: the recorder keys a call by its id (for one served subscriber).
  const calls = new Map<string, number>();
  for (const e of events) if (isInvite(e) && e.callId !== undefined && ended.has(e.callId)) calls.set(e.callId, e.timeMs);
  const s = subscriberRecords(op, Date.now(), index, index + 1).subscribers[0]!;
  return {
    subscriber: [`${s.imsi}|${s.msisdn}|${s.familyName}|${s.givenName}`],
    calls: [...calls.values()].filter((t) => inPeriod(t, from, to)).map(key),
    sms: events.filter((e) => e.kind === 'sms' && inPeriod(e.timeMs, from, to)).map((e) => key(e.timeMs)),
    location: events.filter((e) => (e.kind === 'location-update' || e.kind === 'registration' || e.kind === 'deregistration') && inPeriod(e.timeMs, from, to)).map((e) => key(e.timeMs)),
  };
}

interface Party { partyNumber?: string; locations?: { timeSpan?: { startTime?: Date } }[] }
interface Usage { partyInformation?: Party[] }
interface Subscriber {
  subscriberID?: string;
  genericSubscriberInfo?: { individualInfo?: { name?: { surname?: string; firstname?: string } } };
  subscribedTelephonyServices?: { registeredNumbers?: string[] }[];
}

/** The comparable key of a returned record (the same shape as truthOf's keys). */
export function recordKey(category: string, r: ResponseRecord): string {
  const tel = (r.recordPayload as { telephonyRecord?: { telephonyServiceUsage?: Usage; telephonySubscriber?: Subscriber } }).telephonyRecord;
  if (category === 'subscriber') {
    const s = tel?.telephonySubscriber;
    const name = s?.genericSubscriberInfo?.individualInfo?.name;
    return `${s?.subscriberID ?? '?'}|${s?.subscribedTelephonyServices?.[0]?.registeredNumbers?.[0] ?? '?'}|${name?.surname ?? '?'}|${name?.firstname ?? '?'}`;
  }
  // The served party comes first, its location's start is the record's time (src/retained-data/rdhi/records.ts).
  const served = tel?.telephonyServiceUsage?.partyInformation?.[0];
  const at = served?.locations?.[0]?.timeSpan?.startTime;
  return `${served?.partyNumber ?? '?'}@${at instanceof Date ? at.getTime() : '?'}`;
}

/** Multiset difference of expected and returned keys. */
export function compareCategory(category: string, truth: Truth, records: readonly ResponseRecord[]): RdCategoryVerdict {
  const expected = truth[category as keyof Truth] ?? [];
  const left = new Map<string, number>();
  for (const k of expected) left.set(k, (left.get(k) ?? 0) + 1);
  let extra = 0;
  for (const r of records) {
    const k = recordKey(category, r);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else extra++;
  }
  const missing = [...left.values()].reduce((a, b) => a + b, 0);
  return { category, expected: expected.length, returned: records.length, missing, extra, ok: missing === 0 && extra === 0 };
}
