/**
 * The demo's retained-data judge (src/cli/demo/retained-data-truth.ts) against the real thing: a
 * synthetic operator's traffic (NetworkSimulation), its records written as the network role writes
 * them (OperatorRecorder → the embedded retained-data store), the RDHI's answer records for one
 * MSISDN and period (store.answer → answerRecords, what rdhiHandler signs and sends), and the ground
 * truth the network role keeps for a watched target (its events where the subscriber is served, with
 * kind and a call's id, method and status: src/roles/network.ts). The judge must find them equal,
 * and must report a missing record, an extra one, and records from outside the period — the demo's
 * honest FAIL. retainedDataOk must refuse a verdict without the 403 refusal or without the rd.*
 * events of the order on the log.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createOperator, NetworkSimulation, servedMatching, type NetworkEvent, type Operator } from '../../src/network/index.ts';
import { OperatorRecorder, subscriberRecords } from '../../src/network/records.ts';
import { answerRecords } from '../../src/retained-data/rdhi/records.ts';
import { RetainedDataStore } from '../../src/retained-data/store.ts';
import type { ResponseRecord } from '../../src/standards/rd/index.ts';
import { compareCategory, pendingCalls, truthOf, type WatchedEvent } from '../../src/cli/demo/retained-data-truth.ts';
import { retainedDataOk, type RetainedDataVerdict } from '../../src/cli/demo/retained-data.ts';

const CATEGORIES = ['subscriber', 'calls', 'sms', 'location'] as const;
let store: RetainedDataStore;
let op: Operator;
const events: NetworkEvent[] = [];
let from = 0;
let to = 0;

before(async () => {
  op = createOperator({ id: 'demo-op-a', name: 'A', mcc: '410', mnc: '01', countryCode: '92', msisdnPrefix: '92300', subscribers: 12, cells: 6, seed: 3, centre: { latitude: 33.68, longitude: 73.04 } });
  const sim = new NetworkSimulation({ operators: [op], seed: 5, rtp: false, rates: { voiceCallsPerMinute: 20, smsPerMinute: 30, dataSessionsPerMinute: 5, locationUpdatesPerMinute: 30 } });
  store = await RetainedDataStore.open(op.id, { kind: 'embedded' });
  await store.write(subscriberRecords(op, sim.startTimeMs));
  const recorder = new OperatorRecorder(op.id);
  const end = sim.startTimeMs + 15 * 60_000;
  while (sim.nowMs < end) {
    const batch = sim.advance(5000);
    events.push(...batch);
    await store.write(recorder.add(batch));
  }
  // A period that cuts through the traffic: records before and after it exist.
  from = Math.ceil((sim.startTimeMs + 3 * 60_000) / 1000) * 1000;
  to = Math.floor((end - 3 * 60_000) / 1000) * 1000;
});
after(async () => {
  await store.close();
});

/** The network role's ground truth of a watched MSISDN (src/roles/network.ts, observe). */
function watched(msisdn: string): WatchedEvent[] {
  return events
    .filter((e) => e.operatorId === op.id && servedMatching(e, { kind: 'e164Number', value: msisdn }).length > 0)
    .map((e) => ({ timeMs: e.timeMs, category: e.category, kind: e.kind, ...(e.kind === 'sip' ? { callId: e.callId, sipMethod: e.sipMethod, ...(e.sipStatus === undefined ? {} : { sipStatus: e.sipStatus }) } : {}) }));
}

/** What the RDHI answers for one category (before signing). */
async function answer(category: (typeof CATEGORIES)[number], msisdn: string, start = from, end = to): Promise<ResponseRecord[]> {
  return answerRecords(await store.answer({ category, identifier: { kind: 'msisdn', value: msisdn }, period: { start: new Date(start), end: new Date(end) } }));
}

/** The busiest subscriber: the one with the most events in the period. */
function busiest(): number {
  const counts = new Map<number, number>();
  for (const e of events) if (Math.floor(e.timeMs) >= from && Math.floor(e.timeMs) <= to) for (const s of e.served) counts.set(s.index, (counts.get(s.index) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
}

test("the RDHI's records for a busy MSISDN are exactly the network's ground truth, record by record", async () => {
  const i = busiest();
  const msisdn = op.msisdnOf(i);
  const truth = truthOf(watched(msisdn), op, i, from, to);
  for (const category of CATEGORIES) {
    const v = compareCategory(category, truth, await answer(category, msisdn));
    assert.deepEqual({ missing: v.missing, extra: v.extra, ok: v.ok }, { missing: 0, extra: 0, ok: true }, `${category}: ${JSON.stringify(v)}`);
    assert.equal(v.returned, v.expected);
    if (category === 'subscriber') assert.equal(v.expected, 1);
    else assert.ok(v.expected > 0, `${category}: the period holds records`);
  }
  // A call begun in the period and not ended is no record yet, and not expected.
  assert.equal(pendingCalls(watched(msisdn), from, to), 0, 'every call begun inside the period ended before the traffic stopped');
});

test('a missing record, an extra one and records beyond the period are reported (the honest FAIL)', async () => {
  const i = busiest();
  const msisdn = op.msisdnOf(i);
  const truth = truthOf(watched(msisdn), op, i, from, to);
  const sms = await answer('sms', msisdn);
  assert.ok(sms.length >= 2);
  const dropped = compareCategory('sms', truth, sms.slice(1));
  assert.deepEqual([dropped.missing, dropped.extra, dropped.ok], [1, 0, false]);
  const doubled = compareCategory('sms', truth, [...sms, sms[0]!]);
  assert.deepEqual([doubled.missing, doubled.extra, doubled.ok], [0, 1, false]);
  // Another subscriber's records instead of the target's.
  const other = op.msisdnOf(i === 0 ? 1 : 0);
  const otherSms = await answer('sms', other);
  if (otherSms.length > 0) assert.equal(compareCategory('sms', truth, [...sms, ...otherSms]).extra, otherSms.length);
  const otherSubscriber = compareCategory('subscriber', truth, await answer('subscriber', other));
  assert.deepEqual([otherSubscriber.missing, otherSubscriber.extra, otherSubscriber.ok], [1, 1, false]);
  // The whole run instead of the period: the records outside it are extra.
  const all = await answer('location', msisdn, from - 3 * 60_000, to + 3 * 60_000);
  const wide = compareCategory('location', truth, all);
  assert.equal(wide.missing, 0);
  assert.equal(wide.extra, all.length - wide.expected);
  assert.ok(wide.extra > 0 && !wide.ok, 'location records outside the period exist and are reported');
});

test('retainedDataOk: every category ok, the 403 refusal, and the order\'s rd.* events on the log', () => {
  const good: RetainedDataVerdict = {
    orderId: 'o',
    reference: 'r',
    orderState: 'Active',
    msisdn: '1',
    operatorId: 'demo-op-a',
    orderPeriod: { start: '', end: '' },
    askedPeriod: { start: '', end: '' },
    categories: CATEGORIES.map((category) => ({ category, expected: 2, returned: 2, missing: 0, extra: 0, ok: true })),
    answersVerified: 4,
    refusal: { asked: 'calls', refused: true, standardCode: 403, message: '' },
    events: { request: 5, refused: 1, disclosed: 4, recordsDisclosed: 8 },
    ms: 1,
  };
  assert.equal(retainedDataOk(good), true);
  assert.equal(retainedDataOk({ ...good, refusal: { ...good.refusal, standardCode: 401 } }), false, 'refused for another reason');
  assert.equal(retainedDataOk({ ...good, refusal: { ...good.refusal, refused: false } }), false, 'not refused');
  assert.equal(retainedDataOk({ ...good, events: { ...good.events!, disclosed: 5 } }), false, 'a disclosure beyond the answers');
  assert.equal(retainedDataOk({ ...good, events: { ...good.events!, recordsDisclosed: 7 } }), false, 'the log disagrees with what was received');
  const { events: _omitted, ...withoutEvents } = good;
  assert.equal(retainedDataOk(withoutEvents), false, 'not checked against the log');
  assert.equal(retainedDataOk({ ...good, categories: good.categories.slice(1) }), false, 'a category not asked');
  assert.equal(retainedDataOk({ ...good, error: 'desk down' }), false);
});
