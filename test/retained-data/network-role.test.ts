/**
 * The network role with `operators[].retainedData`: from a deployment made by `init`, the role
 * (as `warranted serve network` composes it) writes its operator's store as traffic happens —
 * scripted SMS, call, data session and move of one subscriber through its admin routes end up as
 * records in the embedded store under `<simulation.dir>/retained-data` — and sweeps on schedule,
 * logging each category's deletion without identities.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { initDeployment } from '../../src/cli/init/init.ts';
import { createOperator } from '../../src/network/index.ts';
import { loadDeployment } from '../../src/platform/config/load.ts';
import { createLogger } from '../../src/platform/log.ts';
import { MetricsRegistry } from '../../src/platform/metrics.ts';
import { RetainedDataStore } from '../../src/retained-data/store.ts';
import { startNetworkRole } from '../../src/roles/network.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('the network role writes and sweeps its operator’s retained data', { timeout: 240_000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'rd-role-'));
  try {
    const file = await initDeployment({ dir: tmp, subscribers: 40, seed: 5, fastTimers: true });
    const doc = parse(readFileSync(file, 'utf8')) as { operators: Record<string, unknown>[] };
    doc.operators[0]!.retainedData = { flushMs: 100, sweepIntervalMs: 500, retention: { locations: 'PT1H' } };
    writeFileSync(file, stringify(doc, { lineWidth: 0 }), { mode: 0o600 });
    const d = loadDeployment(file);
    const op = d.operators[0]!;
    const sim = op.simulation!;
    const lines: string[] = [];
    const alarms: string[] = [];
    const role = await startNetworkRole({
      deployment: d, role: 'network', id: op.id, metrics: new MetricsRegistry(),
      log: createLogger({ role: 'network', id: op.id, stream: { write: (s: string) => lines.push(s) } }),
      alarm: (code, detail) => alarms.push(`${code}: ${detail}`),
    });
    const operator = createOperator({ id: op.id, name: op.name, mcc: sim.mcc, mnc: sim.mnc, countryCode: sim.countryCode, msisdnPrefix: sim.msisdnPrefix, subscribers: sim.subscribers, cells: sim.cells, seed: sim.seed, centre: sim.centre });
    const [a, b] = [operator.identities(3), operator.identities(4)];
    const from = Date.now();
    try {
      const route = (key: string, body: unknown) => role.routes![key]!(body);
      await route('POST /simulate', { action: 'sms', from: a.msisdn, to: b.msisdn, text: 'see you at 8' });
      await route('POST /simulate', { action: 'data', from: a.msisdn, hosts: ['www.example.com'] });
      await route('POST /simulate', { action: 'move', from: a.msisdn });
      await route('POST /simulate', { action: 'call', from: a.msisdn, to: b.msisdn, durationMs: 1000 });
      // Ring 2 s + talk 1 s + the data session's few seconds, in real time; then the sweeps have run too.
      for (let i = 0; i < 40 && ((await route('GET /retained-data/sweeps', {})) as unknown[]).length < 12; i++) await sleep(500);
      // …and at least 8 s after the scripted actions (the call ends ~3.5 s in, the session within ~5 s).
      await sleep(Math.max(0, from + 8000 - Date.now()));
      const sweeps = (await route('GET /retained-data/sweeps', {})) as { operatorId: string; category: string; rows: number; digest: string }[];
      assert.ok(sweeps.length >= 12, `at least two sweeps of six categories (${sweeps.length})`);
      assert.deepEqual(new Set(sweeps.map((s) => s.category)), new Set(['subscribers', 'equipment', 'calls', 'sms', 'dataSessions', 'locations']));
      assert.ok(sweeps.every((s) => s.operatorId === op.id && /^[0-9a-f]{64}$/.test(s.digest)));
    } finally {
      await role.stop('test over');
    }
    assert.deepEqual(alarms, []);
    const logged = lines.filter((l) => l.includes('retained data deleted at retention end'));
    assert.ok(logged.length >= 12);
    assert.ok(logged.every((l) => !l.includes(a.msisdn) && !l.includes(a.imsi)), 'the deletion log names no identity');

    // Everything the role wrote is in the store it left on disk (the default embedded location).
    const store = await RetainedDataStore.open(op.id, { kind: 'embedded', dir: join(sim.dir, 'retained-data') });
    try {
      const period = { start: new Date(from - 1000), end: new Date(Date.now()) };
      const id = { kind: 'msisdn' as const, value: a.msisdn };
      assert.deepEqual((await store.subscriberData(id, period)).map((s) => s.imsi), [a.imsi]);
      assert.ok((await store.sms(id, period)).some((s) => s.direction === 'MO' && s.otherParty === b.msisdn));
      assert.ok((await store.sms({ kind: 'imsi', value: b.imsi }, period)).some((s) => s.direction === 'MT' && s.otherParty === a.msisdn));
      assert.ok((await store.calls(id, period)).some((c) => c.direction === 'originating' && c.otherParty === b.msisdn && c.sipStatus === 200));
      const sessions = await store.dataSessions(id, period);
      assert.ok(sessions.some((s) => s.ueIp === a.ipv4 && s.nat !== undefined));
      assert.ok((await store.locationHistory(id, period)).some((l) => l.event === 'location-update'));
      const s = sessions.find((x) => x.nat)!;
      const owner = await store.ipSubscriber({ kind: 'ip', address: s.nat!.publicIp, at: new Date(s.startMs), port: s.nat!.portStart });
      assert.deepEqual(owner?.subscribers.map((x) => x.msisdn), [a.msisdn]);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
