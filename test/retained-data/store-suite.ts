/**
 * One suite, run against every store implementation (embedded PGlite, PostgreSQL): each query
 * returns exactly the network's own ground truth for an exact identifier and period — the events
 * in which that subscriber was served at that operator — and nothing of anyone else, nothing
 * outside the period; an IP + time + port through CGNAT finds exactly the one subscriber.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PduSessionEvent, SipEvent, SmsEvent } from '../../src/network/index.ts';
import type { RetainedDataStore } from '../../src/retained-data/store.ts';
import { busiest, ms, runTraffic, servedEvents, type IdKind, type Traffic } from './fixtures.ts';

export function groundTruthSuite(label: string, open: (operatorId: string) => Promise<RetainedDataStore>, cleanup: () => Promise<void> = () => Promise.resolve()): void {
  describe(`retained-data store answers with the network's ground truth (${label})`, () => {
    const stores = new Map<string, RetainedDataStore>();
    let t: Traffic;
    // A period that cuts through the traffic: events before and after it exist and must not appear.
    let period: { start: Date; end: Date };
    before(async () => {
      for (const id of ['opA', 'opB']) stores.set(id, await open(id));
      t = await runTraffic(stores);
      period = { start: new Date(t.startMs + 3 * 60_000), end: new Date(t.endMs - 2 * 60_000) };
    });
    after(async () => {
      for (const s of stores.values()) await s.close();
      await cleanup();
    });

    const kinds: IdKind[] = ['msisdn', 'imsi', 'imei'];
    const targets = () => {
      const opA = t.operators[0]!;
      return busiest(t, opA, 3).map((index, i) => ({ op: opA, index, kind: kinds[i % 3]!, value: opA.identities(index)[kinds[i % 3]!] }));
    };
    const p = () => [period.start.getTime(), period.end.getTime()] as const;

    test('calls: one record per call the subscriber was in, started in the period', async () => {
      let total = 0;
      for (const x of targets()) {
        const truth = servedEvents(t, x.op.id, x.kind, x.value, ...p()).filter((e): e is SipEvent => e.kind === 'sip' && e.sipMethod === 'INVITE' && e.sipStatus === undefined);
        const got = await stores.get(x.op.id)!.calls({ kind: x.kind, value: x.value }, period);
        const msisdn = x.op.msisdnOf(x.index);
        assert.deepEqual(
          got.map((c) => [c.callId, c.startMs, c.direction, c.otherParty, c.media]),
          truth.map((e) => [e.callId, ms(e.timeMs), e.caller.msisdn === msisdn ? 'originating' : 'terminating', e.caller.msisdn === msisdn ? e.callee.msisdn : e.caller.msisdn, e.media]),
        );
        for (const c of got) {
          const last = t.events.filter((e): e is SipEvent => e.kind === 'sip' && e.operatorId === x.op.id && e.callId === c.callId && e.sipStatus !== undefined && (e.sipStatus >= 300 || (e.sipMethod === 'BYE' && e.sipStatus === 200)));
          assert.equal(c.endMs, ms(last[0]!.timeMs));
          assert.equal(c.sipStatus, last[0]!.sipStatus);
          assert.equal(c.msisdn, msisdn);
        }
        total += got.length;
      }
      assert.ok(total > 0, 'the busiest subscribers made calls in the period');
    });

    test('SMS: one record per SMS event that served the subscriber in the period (no text kept)', async () => {
      let total = 0;
      for (const x of targets()) {
        const truth = servedEvents(t, x.op.id, x.kind, x.value, ...p()).filter((e): e is SmsEvent => e.kind === 'sms');
        const got = await stores.get(x.op.id)!.sms({ kind: x.kind, value: x.value }, period);
        assert.deepEqual(got.map((s) => [s.atMs, s.direction, s.otherParty]), truth.map((e) => [ms(e.timeMs), e.sms.direction, e.sms.direction === 'MO' ? e.sms.recipient : e.sms.originator]));
        assert.ok(got.every((s) => !('text' in s)));
        total += got.length;
      }
      assert.ok(total > 0);
      // Over the whole run the count equals the simulation's own per-subscriber counter.
      const x = targets()[0]!;
      const all = await stores.get(x.op.id)!.sms({ kind: x.kind, value: x.value }, { start: new Date(t.startMs), end: new Date(t.endMs) });
      assert.equal(all.length, t.sim.countsFor(x.value).sms);
    });

    test('data sessions: the sessions established in the period, with their address and CGNAT block', async () => {
      let total = 0;
      for (const x of targets()) {
        const truth = servedEvents(t, x.op.id, x.kind, x.value, ...p()).filter((e): e is PduSessionEvent => e.kind === 'pdu-session-establishment');
        const got = await stores.get(x.op.id)!.dataSessions({ kind: x.kind, value: x.value }, period);
        assert.deepEqual(got.map((s) => [s.startMs, s.ueIp, s.nat?.publicIp, s.nat?.portStart, s.nat?.portEnd]), truth.map((e) => [ms(e.timeMs), e.ueIpv4, e.nat?.publicIpv4, e.nat?.portStart, e.nat?.portEnd]));
        const traffic = await stores.get(x.op.id)!.trafficData({ kind: x.kind, value: x.value }, period);
        assert.equal(traffic.dataSessions.length, got.length);
        total += got.length;
      }
      assert.ok(total > 0);
    });

    test('location history: every location update and (de)registration in the period, with its cell', async () => {
      let total = 0;
      for (const x of targets()) {
        const truth = servedEvents(t, x.op.id, x.kind, x.value, ...p()).filter((e) => e.kind === 'location-update' || e.kind === 'registration' || e.kind === 'deregistration');
        const got = await stores.get(x.op.id)!.locationHistory({ kind: x.kind, value: x.value }, period);
        assert.deepEqual(got.map((l) => [l.atMs, l.event, l.cellId]), truth.map((e) => [ms(e.timeMs), e.kind, 'cell' in e ? e.cell.id : '']));
        total += got.length;
      }
      assert.ok(total > 0);
      const x = targets()[0]!;
      const all = await stores.get(x.op.id)!.locationHistory({ kind: x.kind, value: x.value }, { start: new Date(t.startMs), end: new Date(t.endMs) });
      const counts = t.sim.countsFor(x.value);
      assert.equal(all.length, counts.location + counts.registration);
    });

    test('subscriber data and equipment: the register entry and IMEI ↔ IMSI/MSISDN link, only where the contract covers the period', async () => {
      for (const x of targets()) {
        const ids = x.op.identities(x.index);
        const store = stores.get(x.op.id)!;
        for (const kind of kinds) {
          const subs = await store.subscriberData({ kind, value: ids[kind] }, period);
          assert.deepEqual(subs.map((s) => [s.msisdn, s.imsi]), [[ids.msisdn, ids.imsi]]);
          const eq = await store.equipment({ kind, value: ids[kind] }, period);
          assert.deepEqual(eq.map((e) => [e.imei, e.imsi, e.msisdn]), [[ids.imei, ids.imsi, ids.msisdn]]);
        }
        // Before the contract started there was no subscription and no handset link.
        const early = { start: new Date(Date.UTC(2000, 0, 1)), end: new Date(Date.UTC(2000, 11, 31)) };
        assert.deepEqual(await store.subscriberData({ kind: 'msisdn', value: ids.msisdn }, early), []);
        assert.deepEqual(await store.equipment({ kind: 'imei', value: ids.imei }, early), []);
      }
      // Another operator's subscriber is not in this operator's store.
      const other = t.operators[1]!.identities(0);
      assert.deepEqual(await stores.get('opA')!.subscriberData({ kind: 'msisdn', value: other.msisdn }, period), []);
      assert.deepEqual(await stores.get('opA')!.calls({ kind: 'msisdn', value: other.msisdn }, period), []);
    });

    test('IP + time + port through CGNAT finds exactly the one subscriber; a port outside every block finds nothing', async () => {
      const sessions = t.events.filter((e): e is PduSessionEvent => e.kind === 'pdu-session-establishment' && e.operatorId === 'opA');
      assert.ok(sessions.length >= 10);
      let checked = 0;
      for (const est of sessions.slice(0, 25)) {
        const rel = t.events.find((e): e is PduSessionEvent => e.kind === 'pdu-session-release' && e.correlationId === est.correlationId && e.operatorId === 'opA');
        if (!rel) continue;
        const at = new Date(Math.floor((est.timeMs + rel.timeMs) / 2));
        const owner = est.served[0]!;
        const nat = est.nat!;
        const store = stores.get('opA')!;
        const answer = await store.ipSubscriber({ kind: 'ip', address: nat.publicIpv4, at, port: nat.portStart + ((checked * 37) % (nat.portEnd - nat.portStart + 1)) });
        assert.deepEqual(answer?.subscribers.map((s) => s.msisdn), [owner.msisdn]);
        assert.ok(answer.sessions.every((s) => s.msisdn === owner.msisdn && s.startMs <= at.getTime() && s.endMs >= at.getTime()));
        // The private (RFC 6598) address alone names the subscriber as well.
        assert.deepEqual((await store.ipSubscriber({ kind: 'ip', address: est.ueIpv4, at }))?.subscribers.map((s) => s.msisdn), [owner.msisdn]);
        // Ports below the first block, and a block of the same address no session held then: nothing.
        assert.equal(await store.ipSubscriber({ kind: 'ip', address: nat.publicIpv4, at, port: 80 }), undefined);
        const busy = sessions.filter((s) => s.nat!.publicIpv4 === nat.publicIpv4 && s.timeMs <= at.getTime() + 60_000 && s.timeMs >= at.getTime() - 60_000).map((s) => s.nat!.portStart);
        const idle = [...Array(31).keys()].map((b) => 1024 + b * 2048).find((start) => !busy.includes(start));
        if (idle !== undefined) assert.equal(await store.ipSubscriber({ kind: 'ip', address: nat.publicIpv4, at, port: idle + 1 }), undefined);
        // Outside the session (long after it ended) the address is nobody's.
        assert.equal(await store.ipSubscriber({ kind: 'ip', address: nat.publicIpv4, at: new Date(t.endMs + 3_600_000), port: nat.portStart }), undefined);
        checked++;
      }
      assert.ok(checked >= 10, `checked ${checked} sessions`);
    });
  });
}
