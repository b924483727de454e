/**
 * The MDF survives a crash (issue 7 item 4): it runs as its own OS process (mdf-child.ts) and is
 * ended with SIGKILL, then started again on the same data directory and ports. Real mutual TLS on
 * 127.0.0.1 throughout: the ADMF's X1 client, a POI's X2/X3 sender, the reference LEMF's HI2/HI3
 * ports with its sequence and Annex J checks.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoPki, type Credentials } from '../../src/platform/pki.ts';
import { startMonitoringCentre, type Alarm, type MonitoringCentre } from '../../src/monitoring/index.ts';
import type { MdfChildConfig } from './mdf-child.ts';
import { callPdus, freePort, HOST, IDS, provisionTask, sendFromPoi, startChildMdf, waitFor, x1Client, type ChildMdf } from './restart-helpers.ts';
import { TEST_EVIDENCE_KEY } from '../helpers/evidence-key.ts';

let root: string;
let creds: Map<string, Credentials>;
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const cred = (id: string) => creds.get(id)!;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'mdf-restart-'));
  creds = await ensureDemoPki(join(root, 'pki'), [IDS.admf, IDS.mdf, IDS.poi, IDS.lemf]);
  writeFileSync(join(root, 'integrity.key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
});
after(() => rmSync(root, { recursive: true, force: true }));

const childConfig = (dir: string, x1Port: number, x2x3Port: number, hashIntervalMs: number): MdfChildConfig => ({
  pkiDir: join(root, 'pki'),
  dataDir: join(dir, 'mdf'),
  auditFile: join(dir, 'audit.jsonl'),
  integrityKeyFile: join(root, 'integrity.key.pem'),
  x1Port,
  x2x3Port,
  hashIntervalMs,
  ids: IDS,
});

function startLemf(dir: string, alarms: Alarm[], ports: { hi2?: number; hi3?: number } = {}): Promise<MonitoringCentre> {
  return startMonitoringCentre({
    id: IDS.lemf,
    creds: cred(IDS.lemf),
    host: HOST,
    ...(ports.hi2 ? { hi2Port: ports.hi2 } : {}),
    ...(ports.hi3 ? { hi3Port: ports.hi3 } : {}),
    dataDir: join(dir, 'lemf'),
    evidenceKey: TEST_EVIDENCE_KEY,
    integrityPublicKey: publicKey,
    // The MDF numbers IRI and CC independently (TS 102 232-1 §5.2.5 Table 1A).
    sequenceContext: 'ts102232',
    acceptPeers: [IDS.mdf],
    onAlarm: (a) => alarms.push(a),
  });
}

const contexts = (lemf: MonitoringCentre, liid: string) => lemf.store.sequenceReport().filter((s) => s.liid === liid);
/** Data PDUs of the LIID that arrived at the LEMF, repeated numbers included. */
const receivedAt = (lemf: MonitoringCentre, liid: string) => contexts(lemf, liid).reduce((n, s) => n + s.received + s.duplicateCount, 0);

/** Every data PDU of the call at the LEMF, numbered 0..n-1 in each of its IRI and CC contexts, nothing missing or repeated. */
function assertContinuous(lemf: MonitoringCentre, liid: string, n: number, alarms: Alarm[]): void {
  const cs = contexts(lemf, liid);
  assert.equal(cs.length, 2, 'one IRI and one CC context for the call');
  for (const c of cs) {
    assert.equal(c.received, n, `${c.context}: every PDU received once`);
    assert.equal(c.highest, n - 1, `${c.context}: numbering continued across the restart`);
    assert.equal(c.missingCount, 0, `${c.context}: no gap`);
    assert.equal(c.duplicateCount, 0, `${c.context}: no number used twice`);
  }
  const s = lemf.stats();
  assert.equal(s.duplicates, 0);
  assert.equal(s.missing, 0);
  assert.equal(s.integrity.failed, 0, 'the previous chain’s unhashed tail is not counted as an integrity failure');
  const bad = alarms.filter((a) => ['MONITORING_DUPLICATE_PDU', 'MONITORING_CIN_RESET', 'MONITORING_INTEGRITY_FAILED'].includes(a.code));
  assert.deepEqual(bad, []);
}

test('SIGKILL after delivery: the restarted MDF has its task and destinations, accepts records without X1 and continues the numbering', async () => {
  const dir = join(root, 'a');
  mkdirSync(dir);
  const alarms: Alarm[] = [];
  const lemf = await startLemf(dir, alarms);
  const N = 25;
  let mdf: ChildMdf | undefined;
  try {
    // A Hash only after 100 PDUs or 60 s: the first run's chains end unhashed when it is killed.
    mdf = await startChildMdf(dir, childConfig(dir, 0, 0, 60_000));
    const x1Ep = { host: HOST, port: mdf.ready.x1 };
    const x2x3Ep = { host: HOST, port: mdf.ready.x2x3 };
    const task = await provisionTask(cred(IDS.admf), x1Ep, { hi2: lemf.hi2Endpoint, hi3: lemf.hi3Endpoint }, { start: new Date(Date.now() - 60_000), end: new Date(Date.now() + 3600_000) });
    const first = mdf;
    await sendFromPoi(cred(IDS.poi), x2x3Ep, callPdus(task.xid, N, 0), async () => (await first.stats()).received >= 2 * N);
    await waitFor('the LEMF to receive the first call segment', () => receivedAt(lemf, task.liid) === 2 * N);
    await mdf.kill();

    mdf = await startChildMdf(dir, childConfig(dir, x1Ep.port, x2x3Ep.port, 300));
    assert.equal(mdf.ready.x1, x1Ep.port);
    assert.deepEqual({ tasks: mdf.ready.recovered.tasks, destinations: mdf.ready.recovered.destinations, expired: mdf.ready.recovered.expired }, { tasks: 1, destinations: 2, expired: 0 });
    const x1 = x1Client(cred(IDS.admf), x1Ep);
    try {
      const list = await x1.request({ messageType: 'ListAllDetailsRequest' });
      assert.deepEqual(list.listOfXIDs, [task.xid]);
      assert.deepEqual([...list.listOfDIDs].sort(), [task.hi2, task.hi3].sort());
      const details = await x1.request({ messageType: 'GetTaskDetailsRequest', xId: task.xid });
      assert.equal(details.taskResponseDetails.taskDetails.listOfMediationDetails?.[0]?.liid, task.liid);
    } finally {
      x1.close();
    }

    const second = mdf;
    await sendFromPoi(cred(IDS.poi), x2x3Ep, callPdus(task.xid, N, N), async () => (await second.stats()).received >= 2 * N);
    await waitFor('the LEMF to receive the second segment and an integrity verdict', () => receivedAt(lemf, task.liid) === 4 * N && lemf.stats().integrity.ok >= 2);
    assert.deepEqual((await mdf.stats()).refused, {}, 'no record refused after the restart: the task was reloaded');
    assertContinuous(lemf, task.liid, 2 * N, alarms);
    // The new chains hash only what the new process sent (numbers from N on).
    for (const v of lemf.store.integrity().verdicts) if (v.checkType === 1) assert.ok(v.includedSequenceNumbers.every((n) => n >= N), 'a hash of the restarted run covers its own PDUs');
    // Fewer than 10 Hash PDUs per chain, then idle: each chain's Hashes are signed all the same
    // (Annex J signTimeout), so none waits at the LEMF for a Signature that never comes.
    const signed = () => lemf.store.integrity().verdicts.filter((v) => v.checkType === 2);
    await waitFor('a Signature per idle chain (IRI and CC)', () => new Set(signed().map((v) => v.dataType)).size === 2);
    assert.ok(signed().every((v) => v.outcome === 'verified'), JSON.stringify(signed()));
    assert.equal(lemf.stats().integrity.failed, 0);
  } finally {
    await mdf?.kill();
    await lemf.stop();
  }
});

test('SIGKILL with the LEMF down: the outbox is delivered after the restart, and counters continue above what it holds', async () => {
  const dir = join(root, 'b');
  mkdirSync(dir);
  const alarms: Alarm[] = [];
  const ports = { hi2: await freePort(), hi3: await freePort() };
  const N = 20;
  let mdf: ChildMdf | undefined;
  let lemf: MonitoringCentre | undefined;
  try {
    mdf = await startChildMdf(dir, childConfig(dir, 0, 0, 300));
    const x1Ep = { host: HOST, port: mdf.ready.x1 };
    const x2x3Ep = { host: HOST, port: mdf.ready.x2x3 };
    const task = await provisionTask(cred(IDS.admf), x1Ep, { hi2: { host: HOST, port: ports.hi2 }, hi3: { host: HOST, port: ports.hi3 } }, { start: new Date(Date.now() - 60_000), end: new Date(Date.now() + 3600_000) });
    const first = mdf;
    const released = async (n: number) => (await first.stats()).delivered >= n;
    await sendFromPoi(cred(IDS.poi), x2x3Ep, callPdus(task.xid, N, 0), () => released(2 * N));
    const journal = join(dir, 'mdf', 'state', 'sequences.journal');
    const afterFirst = readFileSync(journal);
    await sendFromPoi(cred(IDS.poi), x2x3Ep, callPdus(task.xid, N, N), () => released(4 * N));
    const queued = (await mdf.stats()).destinations.reduce((n, d) => n + d.queued, 0);
    assert.ok(queued >= 4 * N, `the LEMF is down: ${queued} records wait in the outboxes`);
    await mdf.kill();

    // The crash window of sequence-store.ts: the second batch reached the outbox, its counter commit did not.
    writeFileSync(journal, afterFirst);
    const persistedIri = afterFirst.toString('utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l) as { s: Record<string, number> }).reduce<number | undefined>((v, e) => Object.entries(e.s).find(([k]) => k.endsWith('\u0000IRI'))?.[1] ?? v, undefined);
    assert.equal(persistedIri, N, 'precondition: the persisted IRI counter is behind the outbox');

    mdf = await startChildMdf(dir, childConfig(dir, x1Ep.port, x2x3Ep.port, 300));
    assert.ok(mdf.ready.recovered.pendingRecords >= 4 * N, `the restarted MDF found ${mdf.ready.recovered.pendingRecords} records in its outboxes`);
    lemf = await startLemf(dir, alarms, ports);
    const second = mdf;
    await sendFromPoi(cred(IDS.poi), x2x3Ep, callPdus(task.xid, N, 2 * N), async () => (await second.stats()).received >= 2 * N);
    const centre = lemf;
    await waitFor('the LEMF to receive all three segments', () => receivedAt(centre, task.liid) >= 6 * N && centre.stats().integrity.ok >= 2);
    await waitFor('the outboxes to drain', async () => (await second.stats()).destinations.every((d) => d.queued === 0));
    assertContinuous(lemf, task.liid, 3 * N, alarms);
  } finally {
    await mdf?.kill();
    await lemf?.stop();
  }
});
