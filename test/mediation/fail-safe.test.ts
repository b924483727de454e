/**
 * The MDF's X1 fail-safe (TS 103 221-1 §6.6.2), over real X1 (HTTPS, mutual TLS, 127.0.0.1) with
 * the real ADMF (src/provisioning) and the real MDF: while the ADMF sends Keepalives the task runs;
 * once it falls silent for TIME_P2 the MDF deactivates every task as DeactivateAllTasks would,
 * refuses the XID's records, reports it with ReportNEIssue at /X1/ADMF and keeps it that way across
 * a restart on the same data directory, until the ADMF's reconciliation restores the task.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, MemoryAuditStore, createNoteSigner, type AuditEvent } from '../../src/audit/index.ts';
import { FAIL_SAFE_REASON } from '../../src/mediation/fail-safe.ts';
import { startMediation, type Mediation, type MediationAlarm } from '../../src/mediation/mdf.ts';
import { ensureDemoPki, type Credentials } from '../../src/platform/pki.ts';
import { Provisioning } from '../../src/provisioning/admf.ts';
import type { ProvisionTask, Registry } from '../../src/provisioning/registry.ts';
import type { Endpoint } from '../../src/wires/transport.ts';
import { within } from '../provisioning/fixture.ts';
import { callPdus, freePort, HOST, IDS, provisionTask, sendFromPoi, sleep, waitFor, x1Client } from './restart-helpers.ts';
import { TEST_OUTBOX_KEY, unsealedState } from '../helpers/outbox-key.ts';
import { TEST_JOURNAL_KEY } from '../helpers/journal-key.ts';

const TIME_P2 = 600;
const TIME_P1 = 150;
let root: string;
let creds: Map<string, Credentials>;
let audit: AuditLog;
const cred = (id: string) => creds.get(id)!;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'mdf-fail-safe-'));
  creds = await ensureDemoPki(join(root, 'pki'), [IDS.admf, IDS.mdf, IDS.poi]);
  audit = await AuditLog.open({ store: new MemoryAuditStore(), signer: createNoteSigner('test.invalid/audit', generateKeyPairSync('ed25519').privateKey) });
});
after(async () => {
  await audit.close();
  rmSync(root, { recursive: true, force: true });
});

const events = async (from: number): Promise<AuditEvent[]> => (await audit.entries(from)).map((e) => e.event);

function startMdf(dataDir: string, alarms: MediationAlarm[], o: { admfEndpoint?: Endpoint; x1Port?: number; x2x3Port?: number }): Promise<Mediation> {
  return startMediation({
    outboxKey: TEST_OUTBOX_KEY,
    identifier: IDS.mdf,
    creds: cred(IDS.mdf),
    bindHost: HOST,
    ...(o.x1Port !== undefined && { x1Port: o.x1Port }),
    ...(o.x2x3Port !== undefined && { x2x3Port: o.x2x3Port }),
    admfIdentifier: IDS.admf,
    allowedPois: [IDS.poi],
    dataDir,
    audit,
    authorizationCountryCode: 'XX',
    deliveryCountryCode: 'XX',
    keepaliveIdleMs: 1000,
    failSafeMs: TIME_P2,
    ...(o.admfEndpoint && { admfEndpoint: o.admfEndpoint }),
    onAlarm: (a) => alarms.push(a),
  });
}

/** The ADMF's ListAllDetails of the MDF, asked with the ADMF's certificate. */
async function listed(mdf: Mediation): Promise<{ listOfXIDs: string[]; listOfDIDs: string[] }> {
  const c = x1Client(cred(IDS.admf), mdf.x1Endpoint);
  try {
    const { listOfXIDs, listOfDIDs } = await c.request({ messageType: 'ListAllDetailsRequest' });
    return { listOfXIDs, listOfDIDs };
  } finally {
    c.close();
  }
}

function taskFor(): ProvisionTask {
  return {
    xid: randomUUID(), liid: 'LIID-FAIL-SAFE', warrantId: 'W-FAIL-SAFE', warrantHash: 'c'.repeat(64), operatorId: 'opa',
    target: { kind: 'e164Number', value: '447700900777' }, deliveryType: 'X2andX3', services: ['voice'],
    start: new Date(Date.now() - 60_000).toISOString(), end: new Date(Date.now() + 3_600_000).toISOString(), destinationId: 'agency-1',
  };
}

test('a silent ADMF makes the MDF end its tasks durably and report it; the ADMF restores them', { timeout: 120_000 }, async () => {
  const dataDir = join(root, 'run', 'mdf');
  const alarms: MediationAlarm[] = [];
  const task = taskFor();
  // No LEMF listens: nothing here needs delivery, the ports only have to be well formed.
  const registry: Registry = {
    operators: [{ id: 'opa', networkElements: [] }],
    mediation: { id: IDS.mdf, x1: { host: HOST, port: 9 }, x2x3: { host: HOST, port: 9 } },
    destinations: [{ id: 'agency-1', agencyId: 'agency', hi2: { host: HOST, port: await freePort() }, hi3: { host: HOST, port: await freePort() } }],
  };
  const admfOf = (n: number) =>
    new Provisioning({ identifier: IDS.admf, creds: cred(IDS.admf), registry, audit, dataDir: join(root, 'run', `admf-${n}`), journalKey: TEST_JOURNAL_KEY, warrantedTasks: () => Promise.resolve([task]), timeoutMs: 2000 });
  const admf = admfOf(0);
  const admfEndpoint = await admf.listen({ host: HOST, port: 0 }, [IDS.mdf]);
  let mdf = await startMdf(dataDir, alarms, { admfEndpoint });
  let admf2: Provisioning | undefined;
  try {
    admf.setRegistry({ ...registry, mediation: { id: IDS.mdf, x1: mdf.x1Endpoint, x2x3: mdf.x2x3Endpoint } });
    admf.startKeepalives(TIME_P1);
    const states = await within('apply', admf.apply({ activate: [task], deactivate: [] }));
    assert.deepEqual(states.map((s) => [s.element, s.state]), [[IDS.mdf, 'active']]);

    // Three TIME_P2 with keepalives: the task stays.
    const rounds = admf.keepaliveRounds;
    await sleep(3 * TIME_P2);
    assert.ok(admf.keepaliveRounds >= rounds + 2, 'keepalives were sent meanwhile');
    assert.equal(mdf.stats().failSafe.trips, 0, 'no fail-safe while keepalives come');
    assert.deepEqual(mdf.tasks().map((t) => t.xid), [task.xid]);

    // The ADMF falls silent: within TIME_P2 (plus a check interval) the MDF trips and reports.
    const from = audit.size;
    admf.stopKeepalives();
    await waitFor('the fail-safe to trip and the ADMF to acknowledge its report', () => mdf.stats().failSafe.trips === 1 && mdf.stats().failSafe.reported);
    assert.equal(mdf.stats().failSafe.tasksDeactivated, 1);
    assert.deepEqual(mdf.tasks(), []);
    assert.deepEqual((await listed(mdf)).listOfXIDs, [], 'ListAllDetails names no XID');
    assert.ok(alarms.some((a) => a.code === 'MDF_X1_FAIL_SAFE' && /TIME_P2 600 ms/.test(a.detail)));
    const trail = await events(from);
    const ended = trail.filter((e) => e.type === 'mdf.task-ended');
    assert.deepEqual(ended.map((e) => [e.subject, e.details.reason]), [[task.xid, FAIL_SAFE_REASON]]);
    assert.ok(trail.some((e) => e.type === 'mdf.x1-fail-safe' && (e.details.xids as string[]).includes(task.xid)));
    const report = trail.find((e) => e.type === 'x1.report-ne' && e.details.element === IDS.mdf);
    assert.ok(report, 'the ADMF audited the MDF ReportNEIssue');
    assert.equal(report.details.issue, 'FaultReport');
    assert.match(String(report.details.description), /TIME_P2/);
    assert.ok(!unsealedState(readFileSync(join(dataDir, 'state', 'x1.json'), 'utf8')).includes(task.xid), 'the state file no longer holds the task');

    // A POI that still sends records for the XID: every one refused as ended, none delivered.
    const refusedEnded = () => mdf.stats().refused.MDF_TASK_ENDED ?? 0;
    await sendFromPoi(cred(IDS.poi), mdf.x2x3Endpoint, callPdus(task.xid, 2, 1), () => Promise.resolve(refusedEnded() >= 4));
    assert.equal(refusedEnded(), 4);
    assert.equal(mdf.stats().delivered, 0);

    // A restart on the same data directory does not bring the task back.
    const ports = { x1Port: mdf.x1Endpoint.port, x2x3Port: mdf.x2x3Endpoint.port };
    await mdf.stop();
    mdf = await startMdf(dataDir, alarms, { admfEndpoint, ...ports });
    assert.equal(mdf.recovered.tasks, 0);
    assert.deepEqual(mdf.tasks(), []);
    const after = await listed(mdf);
    assert.deepEqual(after.listOfXIDs, []);
    assert.equal(after.listOfDIDs.length, 2, 'the destinations stay (the standard deactivates tasks only)');

    // The ADMF is back (a new instance): keepalives and one reconciliation restore the task.
    admf2 = admfOf(1);
    admf2.setRegistry({ ...registry, mediation: { id: IDS.mdf, x1: mdf.x1Endpoint, x2x3: mdf.x2x3Endpoint } });
    admf2.startKeepalives(TIME_P1);
    const r = await within('reconciliation', admf2.reconcile());
    assert.deepEqual(r.missing.map((m) => `${m.element} ${m.xid}`), [`${IDS.mdf} ${task.xid}`]);
    await waitFor('the MDF to hold the task again', () => mdf.tasks().some((t) => t.xid === task.xid));
    assert.deepEqual((await listed(mdf)).listOfXIDs, [task.xid]);
    assert.equal(mdf.stats().failSafe.trips, 0, 'the restarted MDF has not tripped while the ADMF speaks');
  } finally {
    admf2?.close();
    admf.close();
    await mdf.stop();
  }
});

test('a report the ADMF never acknowledges is retried a bounded number of times, then alarmed; the tasks stay ended', { timeout: 60_000 }, async () => {
  const alarms: MediationAlarm[] = [];
  // Nothing listens at this /X1/ADMF address.
  const mdf = await startMdf(join(root, 'unreported', 'mdf'), alarms, { admfEndpoint: { host: HOST, port: await freePort() } });
  try {
    const lemf = { hi2: { host: HOST, port: await freePort() }, hi3: { host: HOST, port: await freePort() } };
    await provisionTask(cred(IDS.admf), mdf.x1Endpoint, lemf, { start: new Date(Date.now() - 60_000), end: new Date(Date.now() + 3_600_000) }, 'LIID-UNREPORTED');
    await waitFor('the fail-safe to trip', () => mdf.stats().failSafe.trips === 1);
    assert.deepEqual(mdf.tasks(), []);
    await waitFor('the report to be given up', () => alarms.some((a) => a.code === 'MDF_ADMF_REPORT_FAILED'));
    assert.match(alarms.find((a) => a.code === 'MDF_ADMF_REPORT_FAILED')!.detail, /after 5 attempts/);
    assert.equal(mdf.stats().failSafe.reported, false);
  } finally {
    await within('stop', mdf.stop(), 10_000);
  }
});
