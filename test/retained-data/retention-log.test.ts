/**
 * Retention deletions on the transparency log (issue 11 item 1), end to end: a deployment from
 * `init` with retained data and an RDHI for demo-op-a; the operator's store holds records older than
 * their retention before the network role starts. While the audit service is down the role's sweeps
 * delete nothing (RETAINED_RETENTION_UNLOGGED alarm; the old rows are still in the store); once the
 * witnesses and the audit service run (real sockets, mutual TLS), the sweep deletes them, and each
 * category's deletion is on the log as `rd.retention-deleted` in the RDHI's name — category,
 * cut-off, row count and the digest the store recorded — with no identity in clear — and `audit
 * verify` finds the sweeps on schedule (rd-retention-on-schedule).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVerify } from '../../src/cli/audit/verify-command.ts';
import { luhnCheckDigit } from '../../src/network/index.ts';
import { loadDeployment } from '../../src/platform/config/load.ts';
import { createLogger } from '../../src/platform/log.ts';
import { MetricsRegistry } from '../../src/platform/metrics.ts';
import { RetainedDataStore } from '../../src/retained-data/store.ts';
import { startAuditRole } from '../../src/roles/audit.ts';
import type { RoleContext, RunningRole } from '../../src/roles/context.ts';
import { startNetworkRole } from '../../src/roles/network.ts';
import { startWitnessRole } from '../../src/roles/witness.ts';
import { rdDeployment } from '../helpers/rd-deployment.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DAY = 86_400_000;
// Outside the synthetic operator's own numbering, so that the register never collides with them.
const OLD = { msisdn: '447700900777', imsi: '234150000000777', imei: '35332509000777' + String(luhnCheckDigit('35332509000777')) };

function context(d: ReturnType<typeof loadDeployment>, role: RoleContext['role'], id: string, alarms: string[]): RoleContext {
  return { deployment: d, role, id, metrics: new MetricsRegistry(), log: createLogger({ role, id, stream: { write: () => true } }), alarm: (code, detail) => alarms.push(`${code}: ${detail}`) };
}

type Sweep = { operatorId: string; category: string; cutoff: string; rows: number; digest: string };

test('retention deletes on schedule only what the transparency log has recorded, in the RDHI’s name', { timeout: 300_000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'rd-retention-log-'));
  const roles: RunningRole[] = [];
  try {
    // init's RDHI for demo-op-a (the identity the deletions are logged in), swept often.
    const file = await rdDeployment(tmp, { subscribers: 20, seed: 11, retainedData: { flushMs: 100, sweepIntervalMs: 300, retention: { calls: 'P90D', sms: 'P90D', locations: 'P30D' } } });
    const d = loadDeployment(file);
    const op = d.operators[0]!;
    const dir = join(op.simulation!.dir, 'retained-data');
    const now = Date.now();
    const cell = { cellId: '234-15-0001', latitude: 51.5, longitude: -0.12 };
    const ages = [400, 200, 100, 40, 1];
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const seed = await RetainedDataStore.open(op.id, { kind: 'embedded', dir });
    await seed.write({
      calls: ages.map((a, i) => ({ ...OLD, ...cell, callId: `old-${i}`, direction: 'originating' as const, otherParty: '447911000001', media: 'voice' as const, startMs: now - a * DAY, answerMs: now - a * DAY + 2000, endMs: now - a * DAY + 60_000, sipStatus: 200 })),
      sms: ages.map((a) => ({ ...OLD, ...cell, direction: 'MO' as const, otherParty: 'BANK', atMs: now - a * DAY })),
      locations: ages.map((a) => ({ ...OLD, ...cell, atMs: now - a * DAY, event: 'location-update' as const, tac: 1 })),
    });
    await seed.close();
    const expected: Record<string, number> = { calls: 3, sms: 3, locations: 4 };
    const id = { kind: 'msisdn' as const, value: OLD.msisdn };
    const all = { start: new Date(now - 500 * DAY), end: new Date(now) };

    // 1. The audit service is down: every sweep is rolled back and alarmed; nothing is deleted.
    const alarms: string[] = [];
    let network = await startNetworkRole(context(d, 'network', op.id, alarms));
    for (let i = 0; i < 200 && !alarms.some((a) => a.startsWith('RETAINED_RETENTION_UNLOGGED')); i++) await sleep(50);
    const sweeps = () => network.routes!['GET /retained-data/sweeps']!({}) as Promise<Sweep[]>;
    assert.deepEqual(await sweeps(), [], 'no deletion reported while the log is down');
    await network.stop('audit down');
    assert.ok(alarms.some((a) => a.startsWith('RETAINED_RETENTION_UNLOGGED')), alarms.join('\n'));
    const kept = await RetainedDataStore.open(op.id, { kind: 'embedded', dir });
    try {
      assert.equal((await kept.calls(id, all)).length, ages.length, 'nothing deleted unlogged');
      assert.equal((await kept.locationHistory(id, all)).length, ages.length);
    } finally {
      await kept.close();
    }

    // 2. The log is up: the next sweeps delete, each category's deletion appended first.
    const upAlarms: string[] = [];
    for (const w of d.witnesses) roles.push(await startWitnessRole(context(d, 'witness', w.id, upAlarms)));
    roles.push(await startAuditRole(context(d, 'audit', d.audit.id, upAlarms)));
    network = await startNetworkRole(context(d, 'network', op.id, upAlarms));
    roles.push(network);
    for (let i = 0; i < 200 && (await sweeps()).filter((s) => s.rows > 0).length < 3; i++) await sleep(50);
    const done = (await sweeps()).filter((s) => s.rows > 0);
    assert.deepEqual(Object.fromEntries(done.map((s) => [s.category, s.rows])), expected);
    for (const r of roles.splice(0).reverse()) await r.stop('test over');
    assert.deepEqual(upAlarms.filter((x) => !x.startsWith('AUDIT_WITNESS_UNREACHABLE')), []);

    const store = await RetainedDataStore.open(op.id, { kind: 'embedded', dir });
    try {
      assert.deepEqual((await store.calls(id, all)).map((c) => Math.round((now - c.startMs) / DAY)), [40, 1]);
      assert.deepEqual((await store.locationHistory(id, all)).map((c) => Math.round((now - c.atMs) / DAY)), [1]);
    } finally {
      await store.close();
    }
    // The log (entries.jsonl: one {"index","leaf" (base64 of the canonical event JSON),"prev"} per line).
    const lines = readFileSync(join(d.audit.dir, 'entries.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => Buffer.from((JSON.parse(l) as { leaf: string }).leaf, 'base64').toString('utf8'));
    const logged = lines.map((l) => JSON.parse(l) as { type: string; actor: string; subject?: string; details: Sweep & { sweptAt: string } }).filter((e) => e.type === 'rd.retention-deleted');
    assert.ok(logged.every((e) => e.actor === 'demo-op-a-rdhi' && e.subject === op.id && e.details.operatorId === op.id));
    for (const s of done) {
      const e = logged.find((x) => x.details.category === s.category && x.details.rows === s.rows);
      assert.ok(e, `the deletion of ${s.category} is on the log`);
      assert.deepEqual([e.details.cutoff, e.details.digest], [s.cutoff, s.digest]);
    }
    // Every sweep of every category the role reported is on the log (zero-row sweeps too: sweeps happen).
    assert.ok(logged.length >= 6, `${logged.length} retention events`);
    const text = lines.join('\n');
    assert.ok(!text.includes(OLD.msisdn) && !text.includes(OLD.imsi), 'no identity on the log');
    // audit verify holds the sweeps to their schedule (rd-retention-on-schedule) and finds nothing.
    const report = await runVerify({ dir: d.audit.dir, key: d.audit.publicKey! });
    assert.deepEqual(report.problems, []);
    assert.deepEqual([report.ok, report.law.checked, report.law.violations], [true, true, 0]);
  } finally {
    for (const r of roles.reverse()) await r.stop('test over').catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
});
