/**
 * The store answers exact questions only: a pattern, prefix, range, wildcard, cell, unspecified
 * address, a public CGNAT address without its port, or a bad period is refused with a typed error
 * before anything is read; a malformed record refuses its whole batch. And the store answers a
 * TS 102 657 request exactly as parseExactRequest hands it over (request → BER → request → answer).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { luhnCheckDigit } from '../../src/network/index.ts';
import { buildExactRequest, parseExactRequest, type ExactRdRequest } from '../../src/standards/rd/request.ts';
import { decodeRdMessage, encodeRdMessage } from '../../src/standards/rd/message.ts';
import { RetainedDataStore } from '../../src/retained-data/store.ts';
import type { DataSessionRecord, SubscriberIdentifier } from '../../src/retained-data/types.ts';

const imei = (body: string) => body + String(luhnCheckDigit(body));
const A = { msisdn: '447700900001', imsi: '234150000000001', imei: imei('35332509000001') };
const B = { msisdn: '447700900002', imsi: '234150000000002', imei: imei('35332509000002') };
const T0 = Date.UTC(2026, 0, 15, 9);
const cell = { cellId: '234-15-0001', latitude: 51.5, longitude: -0.12 };
const session = (who: typeof A, ip: string, portStart: number, startMs: number): DataSessionRecord => ({ ...who, ...cell, pduSessionId: 1, dnn: 'internet', ueIp: ip, nat: { publicIp: '192.0.2.7', portStart, portEnd: portStart + 2047 }, startMs, endMs: startMs + 600_000 });
const period = { start: new Date(T0 - 3_600_000), end: new Date(T0 + 3_600_000) };

describe('exact questions only', () => {
  let store: RetainedDataStore;
  before(async () => {
    store = await RetainedDataStore.open('opX', { kind: 'embedded' });
    await store.write({
      subscribers: [A, B].map((w) => ({ msisdn: w.msisdn, imsi: w.imsi, givenName: 'G', familyName: 'F', street: '1 High Street', city: 'London', postcode: 'E1 1AB', country: 'GB', contractStartMs: T0 - 400 * 86_400_000 })),
      sms: [{ ...A, ...cell, direction: 'MO', otherParty: '447911000001', atMs: T0 }],
      dataSessions: [session(A, '100.64.0.1', 1024, T0), session(B, '100.64.0.2', 3072, T0)],
    });
  });
  after(async () => {
    await store.close();
  });

  test('patterns, prefixes, wildcards and unknown kinds are RETAINED_NOT_EXACT', async () => {
    const bad: unknown[] = [
      { kind: 'msisdn', value: '4477009000*' }, { kind: 'msisdn', value: '44770090000%' }, { kind: 'msisdn', value: '4477009000??' },
      { kind: 'msisdn', value: '447700900001-447700900009' }, { kind: 'imsi', value: '23415*' }, { kind: 'imsi', value: '2341' },
      { kind: 'imei', value: A.imei.slice(0, 14) + String((Number(A.imei[14]) + 1) % 10) }, { kind: 'cell', value: '234-15-0001' }, { kind: 'msisdn', value: '' },
    ];
    for (const id of bad) {
      await assert.rejects(store.sms(id as SubscriberIdentifier, period), { code: 'RETAINED_NOT_EXACT' }, JSON.stringify(id));
      await assert.rejects(store.subscriberData(id as SubscriberIdentifier, period), { code: 'RETAINED_NOT_EXACT' }, JSON.stringify(id));
    }
    // The exact number, in any of its written forms, is found.
    assert.equal((await store.sms({ kind: 'msisdn', value: '+44 7700 900001' }, period)).length, 1);
  });

  test('a period must be bounded and in order', async () => {
    const id = { kind: 'msisdn' as const, value: A.msisdn };
    for (const p of [undefined, { start: new Date(T0), end: new Date(T0 - 1) }, { start: new Date(NaN), end: new Date(T0) }, { start: new Date(T0) }])
      await assert.rejects(store.calls(id, p as never), { code: 'RETAINED_BAD_PERIOD' });
  });

  test('IP: one address at one instant; a shared public address needs its port; overlapping bindings are refused', async () => {
    const at = new Date(T0 + 60_000);
    for (const address of ['0.0.0.0', '::', '192.0.2.0/24', '192.0.2.*', '100.64.0.1-100.64.0.9', 'cell:1'])
      await assert.rejects(store.ipSubscriber({ kind: 'ip', address, at }), { code: 'RETAINED_NOT_EXACT' }, address);
    await assert.rejects(store.ipSubscriber({ kind: 'ip', address: '192.0.2.7', at, port: 70000 }), { code: 'RETAINED_NOT_EXACT' });
    await assert.rejects(store.ipSubscriber({ kind: 'ip', address: '192.0.2.7', at: new Date(NaN), port: 1100 }), { code: 'RETAINED_BAD_PERIOD' });
    await assert.rejects(store.ipSubscriber({ kind: 'ip', address: '192.0.2.7', at }), { code: 'RETAINED_PORT_REQUIRED' });
    assert.deepEqual((await store.ipSubscriber({ kind: 'ip', address: '192.0.2.7', at, port: 3100 }))?.subscribers.map((s) => s.msisdn), [B.msisdn]);
    assert.deepEqual((await store.ipSubscriber({ kind: 'ip', address: '192.0.2.7', at, port: 1024 }))?.subscribers.map((s) => s.msisdn), [A.msisdn]);
    assert.equal(await store.ipSubscriber({ kind: 'ip', address: '192.0.2.7', at, port: 6000 }), undefined);
    // A misconfigured NAT gives B A's block too: the store refuses rather than name two subscribers.
    const other = await RetainedDataStore.open('opY', { kind: 'embedded' });
    try {
      await other.write({ dataSessions: [session(A, '100.64.0.1', 1024, T0), session(B, '100.64.0.2', 1024, T0)] });
      await assert.rejects(other.ipSubscriber({ kind: 'ip', address: '192.0.2.7', at, port: 1500 }), { code: 'RETAINED_AMBIGUOUS' });
    } finally {
      await other.close();
    }
  });

  test('a malformed record refuses its whole batch; a closed store refuses everything', async () => {
    const before = (await store.sms({ kind: 'msisdn', value: A.msisdn }, period)).length;
    await assert.rejects(store.write({ sms: [{ ...A, ...cell, direction: 'MO', otherParty: 'X', atMs: T0 + 1 }, { ...A, msisdn: '4477*', ...cell, direction: 'MO', otherParty: 'X', atMs: T0 + 2 }] }), { code: 'RETAINED_BAD_RECORD' });
    await assert.rejects(store.write({ dataSessions: [{ ...session(A, '100.64.0.1', 1024, T0), nat: { publicIp: '192.0.2.7', portStart: 65000, portEnd: 70000 } }] }), { code: 'RETAINED_BAD_RECORD' });
    assert.equal((await store.sms({ kind: 'msisdn', value: A.msisdn }, period)).length, before);
    const closed = await RetainedDataStore.open('opZ', { kind: 'embedded' });
    await closed.close();
    assert.throws(() => closed.sms({ kind: 'msisdn', value: A.msisdn }, period), { code: 'RETAINED_STORE_CLOSED' });
  });

  test('answer(): a TS 102 657 exact request, through BER and parseExactRequest, is answered as the store functions answer it', async () => {
    const base = { requestID: { countryCode: 'GB', authorisedOrganisationID: 'police', requestNumber: '1' }, cSPID: 'opX', timeStamp: new Date(T0) };
    const roundTrip = (r: ExactRdRequest) => parseExactRequest(decodeRdMessage(encodeRdMessage(buildExactRequest(r))));
    const sms = await store.answer(roundTrip({ ...base, category: 'sms', identifier: { kind: 'msisdn', value: A.msisdn }, period }));
    assert.equal(sms.category === 'sms' && sms.sms.length, 1);
    const subs = await store.answer(roundTrip({ ...base, category: 'subscriber', identifier: { kind: 'imsi', value: B.imsi }, period }));
    assert.deepEqual(subs.category === 'subscriber' && subs.subscribers.map((s) => s.msisdn), [B.msisdn]);
    const ip = await store.answer(roundTrip({ ...base, category: 'ipSubscriber', identifier: { kind: 'ip', address: '192.0.2.7', at: new Date(T0 + 1000), port: 4000 } }));
    assert.deepEqual(ip.category === 'ipSubscriber' && ip.answer?.subscribers.map((s) => s.msisdn), [B.msisdn]);
    await assert.rejects(store.answer({ category: 'ipSubscriber', identifier: { kind: 'msisdn', value: A.msisdn } }), { code: 'RETAINED_NOT_EXACT' });
    await assert.rejects(store.answer({ category: 'calls', identifier: { kind: 'ip', address: '192.0.2.7', at: new Date(T0) }, period }), { code: 'RETAINED_NOT_EXACT' });
  });
});
