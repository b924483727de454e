import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { NetworkSimulation } from './generator.ts';
import type { SimulationOptions } from './generator.ts';
import type { EventCategory, NetworkEvent } from './events.ts';
import { EVENT_CATEGORIES } from './events.ts';
import { twoOperators } from './test-fixtures.ts';

function fingerprint(events: readonly NetworkEvent[]): string {
  const h = createHash('sha256');
  for (const e of events) h.update(JSON.stringify(e, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)));
  return h.digest('hex');
}

function runFor(options: Omit<SimulationOptions, 'operators'>, ms: number, stepMs: number, subscribers = 1000): { sim: NetworkSimulation; events: NetworkEvent[] } {
  const sim = new NetworkSimulation({ ...options, operators: twoOperators(subscribers) });
  const events: NetworkEvent[] = [];
  for (let t = stepMs; t <= ms; t += stepMs) events.push(...sim.advance(stepMs));
  return { sim, events };
}

describe('NetworkSimulation', () => {
  const minute = runFor({ seed: 7 }, 60_000, 1000);

  test('same seed ⇒ identical events, whatever the tick size; another seed differs', () => {
    const again = runFor({ seed: 7 }, 60_000, 1000);
    const fineTicks = runFor({ seed: 7 }, 60_000, 50);
    const other = runFor({ seed: 8 }, 60_000, 1000);
    assert.ok(minute.events.length > 1000);
    assert.equal(fingerprint(again.events), fingerprint(minute.events));
    assert.equal(fingerprint(fineTicks.events), fingerprint(minute.events));
    assert.notEqual(fingerprint(other.events), fingerprint(minute.events));
  });

  test('events come in time order with consecutive seq; served subscribers belong to the event operator', () => {
    const { events } = minute;
    events.forEach((e, i) => {
      assert.equal(e.seq, i);
      if (i > 0) assert.ok(e.timeMs >= events[i - 1]!.timeMs);
      assert.ok(e.served.length > 0);
      for (const s of e.served) assert.equal(s.operatorId, e.operatorId);
    });
    const kinds = new Set(events.map((e) => e.kind));
    for (const k of ['sip', 'rtp', 'sms', 'ip-packet', 'pdu-session-establishment', 'location-update']) assert.ok(kinds.has(k as NetworkEvent['kind']), k);
    const elements = new Set(events.map((e) => `${e.kind}:${e.element}`));
    for (const pair of ['sip:ims', 'rtp:ims', 'sms:smsf', 'ip-packet:upf', 'pdu-session-establishment:smf', 'location-update:amf']) assert.ok(elements.has(pair), pair);
  });

  test('ground-truth counters equal the events emitted, by MSISDN, IMSI and IMEI', () => {
    const { sim, events } = minute;
    const expected = new Map<string, Record<EventCategory, number>>();
    for (const e of events) {
      for (const s of e.served) {
        const key = s.msisdn;
        const c = expected.get(key) ?? (Object.fromEntries(EVENT_CATEGORIES.map((k) => [k, 0])) as Record<EventCategory, number>);
        c[e.category]++;
        expected.set(key, c);
      }
    }
    assert.ok(expected.size > 20);
    const identities = new Map(events.flatMap((e) => e.served.map((s) => [s.msisdn, s] as const)));
    for (const [msisdn, counts] of expected) {
      const s = identities.get(msisdn)!;
      for (const identity of [msisdn, s.imsi, s.imei]) {
        const got = sim.countsFor(identity);
        for (const k of EVENT_CATEGORIES) assert.equal(got[k], counts[k], `${k} for ${identity}`);
        assert.equal(got.data, counts.dataIri + counts.dataContent);
      }
    }
    assert.equal(sim.totals().total, events.length);
    assert.equal(sim.countsFor('449999999999').total, 0);
  });

  test('flow starts per simulated minute stay within [0.5×, 2×] of the configured rates', () => {
    const rates = { voiceCallsPerMinute: 30, videoCallsPerMinute: 6, smsPerMinute: 60, dataSessionsPerMinute: 20, locationUpdatesPerMinute: 120, reRegistrationsPerMinute: 10 };
    const { events } = runFor({ seed: 'rates', rates, rtp: false, maxConcurrentCalls: 1000 }, 60_000, 1000);
    const started = (pred: (e: NetworkEvent) => boolean): number => new Set(events.filter(pred).map((e) => e.correlationId)).size;
    const measured = {
      voiceCallsPerMinute: started((e) => e.kind === 'sip' && e.sipMethod === 'INVITE' && e.sipStatus === undefined && e.media === 'voice'),
      videoCallsPerMinute: started((e) => e.kind === 'sip' && e.sipMethod === 'INVITE' && e.sipStatus === undefined && e.media === 'video'),
      smsPerMinute: started((e) => e.kind === 'sms'),
      dataSessionsPerMinute: started((e) => e.kind === 'pdu-session-establishment'),
      locationUpdatesPerMinute: started((e) => e.kind === 'location-update'),
      reRegistrationsPerMinute: started((e) => e.kind === 'deregistration'),
    };
    for (const [name, rate] of Object.entries(rates)) {
      const got = measured[name as keyof typeof measured];
      assert.ok(got >= Math.floor(rate * 0.5) - 1 && got <= rate * 2 + 1, `${name}: ${got} for rate ${rate}`);
    }
    assert.equal(events.filter((e) => e.kind === 'rtp').length, 0, 'rtp: false emits no content');
    // bounded: with no RTP, no second carries more than a few dozen events at these rates
    const perSecond = new Map<number, number>();
    for (const e of events) perSecond.set(Math.floor(e.timeMs / 1000), (perSecond.get(Math.floor(e.timeMs / 1000)) ?? 0) + 1);
    assert.ok(Math.max(...perSecond.values()) < 200);
  });

  test('zero rates: a quiet network emits nothing until a scripted action', () => {
    const zero = { voiceCallsPerMinute: 0, videoCallsPerMinute: 0, smsPerMinute: 0, dataSessionsPerMinute: 0, locationUpdatesPerMinute: 0, reRegistrationsPerMinute: 0 };
    const sim = new NetworkSimulation({ operators: twoOperators(50, 6), seed: 1, rates: zero });
    assert.equal(sim.advance(60_000).length, 0);
    const a = sim.operators[0]!.subscriber(3);
    sim.moveSubscriber(a.msisdn);
    const [move] = sim.advance(10);
    assert.equal(move?.kind, 'location-update');
    if (move?.kind !== 'location-update') return;
    assert.notEqual(move.cell.id, move.previousCell.id);
    assert.equal(sim.findSubscriber(a.imsi)?.cell.id, move.cell.id);
    assert.throws(() => sim.placeCall('440000000000', a.msisdn), { code: 'NETWORK_UNKNOWN_SUBSCRIBER' });
    assert.throws(() => sim.tick(0), { code: 'NETWORK_BAD_CONFIG' });
  });

  test('re-registration: deregistered then registered again, unreachable in between', () => {
    const rates = { voiceCallsPerMinute: 0, videoCallsPerMinute: 0, smsPerMinute: 0, dataSessionsPerMinute: 0, locationUpdatesPerMinute: 0, reRegistrationsPerMinute: 30 };
    const { events } = runFor({ seed: 3, rates, detachedMs: { min: 5000, max: 5000 } }, 30_000, 500, 100);
    const dereg = events.filter((e) => e.kind === 'deregistration');
    const reg = events.filter((e) => e.kind === 'registration');
    assert.ok(dereg.length >= 5);
    for (const r of reg) {
      const d = dereg.find((x) => x.correlationId === r.correlationId)!;
      assert.equal(r.timeMs - d.timeMs, 5000);
      assert.equal(r.category, 'registration');
    }
  });
});
