import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetworkSimulation } from './generator.ts';
import { servedMatching, subscriberMatches } from './targets.ts';
import { twoOperators } from './test-fixtures.ts';
import type { Clock } from './generator.ts';

const QUIET = { voiceCallsPerMinute: 0, videoCallsPerMinute: 0, smsPerMinute: 0, dataSessionsPerMinute: 0, locationUpdatesPerMinute: 0, reRegistrationsPerMinute: 0 };

test('exact-identity matching of served subscribers, every identity kind', () => {
  const sim = new NetworkSimulation({ operators: twoOperators(50, 6), seed: 't', rates: QUIET });
  const a = sim.operators[0]!.subscriber(4);
  const served = { ...a };
  for (const [kind, value] of [['e164Number', a.msisdn], ['e164Number', `+${a.msisdn}`], ['telUri', `tel:+${a.msisdn}`], ['imsi', a.imsi], ['imei', a.imei], ['imei', a.imei.slice(0, 14)], ['sipUri', a.sipUri], ['ipv4Address', a.ipv4]] as const) {
    assert.ok(subscriberMatches(served, { kind, value }), `${kind} ${value}`);
  }
  for (const [kind, value] of [['e164Number', a.msisdn.slice(0, -1)], ['imsi', a.imsi.slice(0, 10)], ['imei', a.imei.slice(0, 13)], ['e164Number', '*'], ['imsi', a.msisdn], ['emailAddress', 'x@example.com']] as const) {
    assert.ok(!subscriberMatches(served, { kind, value }), `${kind} ${value} must not match`);
  }
  sim.sendSms(a.msisdn, sim.operators[1]!.msisdnOf(0), 'hi');
  const events = sim.advance(5000);
  assert.equal(events.filter((e) => servedMatching(e, { kind: 'imsi', value: a.imsi }).length > 0).length, 1);
});

test('run() ticks on an injected clock and stops on abort', async () => {
  const sim = new NetworkSimulation({ operators: twoOperators(50, 6), seed: 'clock', rates: { ...QUIET, smsPerMinute: 600 } });
  let now = sim.startTimeMs;
  const controller = new AbortController();
  const clock: Clock = { now: () => now, sleep: (ms) => { now += ms; return Promise.resolve(); } };
  let batches = 0;
  let events = 0;
  for await (const batch of sim.run({ clock, stepMs: 100, signal: controller.signal })) {
    batches++;
    events += batch.length;
    if (now - sim.startTimeMs >= 10_000) controller.abort();
  }
  assert.equal(batches, 101);
  assert.ok(events > 50, `${events} SMS events in 10 s at 600/min`);
  assert.equal(sim.totals().sms, events);
});
