/**
 * The MDF's state directory at start (in process, real X1 over mutual TLS on 127.0.0.1): a task whose
 * EndTime passed while the MDF was down is not reloaded, an outbox without a destination is kept and
 * alarmed, and a damaged state file stops the MDF from starting (fail closed) instead of starting empty.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoPki, type Credentials } from '../../src/platform/pki.ts';
import { startMediation, type MediationAlarm } from '../../src/mediation/mdf.ts';
import { MediationStateError } from '../../src/mediation/errors.ts';
import { DurableOutbox } from '../../src/mediation/outbox/index.ts';
import { sequenceKey } from '../../src/mediation/sequence-store.ts';
import { MdfStateStore, type MdfX1State } from '../../src/mediation/state.ts';
import { LI_PS_DOMAIN_ID, PsPduTemplate } from '../../src/standards/hi2hi3/index.ts';
import { freePort, HOST, IDS, provisionTask, x1Client } from './restart-helpers.ts';
import { sealedState, TEST_OUTBOX_KEY, TEST_STATE_KEY, unsealedState } from '../helpers/outbox-key.ts';

let root: string;
let creds: Map<string, Credentials>;
const HOUR = 3600_000;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'mdf-state-'));
  creds = await ensureDemoPki(join(root, 'pki'), [IDS.admf, IDS.mdf]);
});
after(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  audit: { type: string; subject?: string; details: Record<string, unknown> }[];
  alarms: MediationAlarm[];
}

const startMdf = (dataDir: string, run: Run, o: { offsetMs?: number; x1Port?: number } = {}) =>
  startMediation({
    outboxKey: TEST_OUTBOX_KEY,
    identifier: IDS.mdf,
    creds: creds.get(IDS.mdf)!,
    bindHost: HOST,
    ...(o.x1Port ? { x1Port: o.x1Port } : {}),
    admfIdentifier: IDS.admf,
    dataDir,
    audit: { append: (e) => Promise.resolve(run.audit.push(e)) },
    authorizationCountryCode: 'XX',
    deliveryCountryCode: 'XX',
    now: () => new Date(Date.now() + (o.offsetMs ?? 0)),
    onAlarm: (a) => run.alarms.push(a),
  });

/** Unreachable LEMF ports: the senders retry in the background, nothing here needs delivery. */
const nowhere = async () => ({ hi2: { host: HOST, port: await freePort() }, hi3: { host: HOST, port: await freePort() } });

test('a task that ended while the MDF was down is not reloaded; an outbox without its destination is kept, alarmed and counted', async () => {
  const dataDir = join(root, 'expired', 'mdf');
  const run: Run = { audit: [], alarms: [] };
  let mdf = await startMdf(dataDir, run);
  const lemf = await nowhere();
  const t0 = Date.now();
  const short = await provisionTask(creds.get(IDS.admf)!, mdf.x1Endpoint, lemf, { start: new Date(t0 - 60_000), end: new Date(t0 + HOUR) }, 'LIID-SHORT');
  const long = await provisionTask(creds.get(IDS.admf)!, mdf.x1Endpoint, lemf, { start: new Date(t0 - 60_000), end: new Date(t0 + 3 * HOUR) }, 'LIID-LONG');
  await mdf.stop();

  // Records of a destination the ADMF has since removed: CC number 41 of LIID-ORPHAN.
  const orphan = randomUUID();
  const tpl = new PsPduTemplate({
    liPsDomainId: LI_PS_DOMAIN_ID,
    lawfulInterceptionIdentifier: 'LIID-ORPHAN',
    authorizationCountryCode: 'XX',
    communicationIdentifier: { networkIdentifier: { operatorIdentifier: 'opa', networkElementIdentifier: 'opa-ims' }, communicationIdentityNumber: 3, deliveryCountryCode: 'XX' },
  });
  const ob = DurableOutbox.open({ dir: join(dataDir, 'outbox', orphan), key: TEST_OUTBOX_KEY, quotaBytes: 1 << 20 });
  ob.append(tpl.encodeIPCC(41, Date.now(), new Uint8Array([0x45, 0, 0, 20])), Date.now());
  await ob.commit();
  await ob.close();

  run.audit.length = 0;
  mdf = await startMdf(dataDir, run, { offsetMs: 2 * HOUR });
  try {
    assert.deepEqual(mdf.recovered, { destinations: 2, tasks: 1, expired: 1, pendingRecords: 1, orphanedOutboxes: [orphan] });
    assert.deepEqual(mdf.tasks().map((t) => t.xid), [long.xid]);
    const x1 = x1Client(creds.get(IDS.admf)!, mdf.x1Endpoint);
    try {
      assert.deepEqual((await x1.request({ messageType: 'ListAllDetailsRequest' })).listOfXIDs, [long.xid]);
    } finally {
      x1.close();
    }
    const ended = run.audit.filter((e) => e.type === 'mdf.task-ended');
    assert.deepEqual(ended.map((e) => [e.subject, e.details.liid, e.details.reason]), [[short.xid, 'LIID-SHORT', 'EndTime passed before the MDF started']]);
    assert.ok(run.audit.some((e) => e.type === 'mdf.task-restored' && e.subject === long.xid));
    assert.deepEqual(run.alarms.filter((a) => a.code === 'MDF_OUTBOX_ORPHANED').length, 1);
    const sealed = readFileSync(join(dataDir, 'state', 'x1.json'), 'utf8');
    assert.ok(!sealed.includes(long.xid) && !sealed.includes('LIID-LONG'), 'sealed at rest: no task, no identity in clear');
    const file = unsealedState(sealed);
    assert.ok(!file.includes(short.xid) && file.includes(long.xid), 'the expired task left the state file');
    const kept = DurableOutbox.open({ dir: join(dataDir, 'outbox', orphan), key: TEST_OUTBOX_KEY, quotaBytes: 1 << 20 });
    assert.equal(kept.length, 1, 'the orphaned records are kept');
    await kept.close();
    const journal = readFileSync(join(dataDir, 'state', 'sequences.journal'), 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l) as { s: Record<string, number> });
    assert.ok(journal.some((e) => e.s[sequenceKey('LIID-ORPHAN', 'opa', 'opa-ims', 3, 'CC')] === 42), 'the counter continues above the orphaned record');
  } finally {
    await mdf.stop();
  }

  // A further restart neither reloads nor audits the expired task again.
  run.audit.length = 0;
  mdf = await startMdf(dataDir, run, { offsetMs: 2 * HOUR });
  await mdf.stop();
  assert.equal(mdf.recovered.expired, 0);
  assert.equal(mdf.recovered.tasks, 1);
  assert.ok(!run.audit.some((e) => e.type === 'mdf.task-ended'));
});

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, HOST, () => s.close(() => resolve(true)));
  });

test('a damaged state file: MDF_STATE_CORRUPT naming the file, the file left as found, no port bound', async () => {
  const dataDir = join(root, 'corrupt', 'mdf');
  const run: Run = { audit: [], alarms: [] };
  let mdf = await startMdf(dataDir, run);
  await provisionTask(creds.get(IDS.admf)!, mdf.x1Endpoint, await nowhere(), { start: new Date(Date.now() - 60_000), end: new Date(Date.now() + HOUR) }, 'LIID-D');
  await mdf.stop();
  const x1File = join(dataDir, 'state', 'x1.json');
  const journal = join(dataDir, 'state', 'sequences.journal');
  const good = readFileSync(x1File, 'utf8');
  const plain = unsealedState(good);
  const goodJournal = readFileSync(journal, 'utf8');
  const valid: MdfX1State = new MdfStateStore(dataDir, { key: TEST_STATE_KEY }).load();
  const flipped = `${good.slice(0, 40)}${good[40] === 'A' ? 'B' : 'A'}${good.slice(41)}`;
  // A self-consistent file (right checksum) whose task names destinations that are not in it.
  const scratch = join(root, 'scratch2');
  mkdirSync(scratch);
  new MdfStateStore(scratch, { key: TEST_STATE_KEY }).save({ destinations: [], tasks: valid.tasks });
  const dangling = readFileSync(join(scratch, 'state', 'x1.json'), 'utf8');

  const port = await freePort();
  const cases: [string, string, string, RegExp][] = [
    ['truncated', x1File, good.slice(0, Math.floor(good.length / 2)), /ends inside its snapshot/],
    ['a sealed byte altered', x1File, flipped, /AES-256-GCM authentication/],
    ['empty', x1File, '', /cannot be read as JSON/],
    ['edited and resealed with the key (checksum)', x1File, sealedState(plain.replace('LIID-D', 'LIID-E')), /checksum/],
    ['unknown version', x1File, sealedState(plain.replace('"version":2', '"version":7')), /version 7/],
    ['dangling destination', x1File, dangling, /cannot be restored/],
    ['journal line damaged', journal, `${goodJournal}{"s":{"x":1},"f":[]}\n\u0000\u0000garbage\n{"s":{},"f":[]}\n`, /sequences\.journal line \d+ cannot be read/],
  ];
  for (const [name, file, bytes, why] of cases) {
    writeFileSync(file, bytes);
    await assert.rejects(
      startMdf(dataDir, run, { x1Port: port }),
      (e: unknown) => e instanceof MediationStateError && e.code === 'MDF_STATE_CORRUPT' && e.message.includes(file) && why.test(e.message),
      name,
    );
    assert.equal(readFileSync(file, 'utf8'), bytes, `${name}: the damaged file is left as found`);
    assert.ok(await portIsFree(port), `${name}: the MDF bound no port`);
    writeFileSync(x1File, good);
    writeFileSync(journal, goodJournal);
  }
  // Control: the same directory with the files intact starts, with its task.
  mdf = await startMdf(dataDir, run, { x1Port: port });
  await mdf.stop();
  assert.equal(mdf.recovered.tasks, 1);
  assert.ok(existsSync(x1File));
});

test('an X1 change the MDF cannot write durably is refused and undone (an acknowledged task is always on disk)', async () => {
  const dataDir = join(root, 'unwritable', 'mdf');
  const run: Run = { audit: [], alarms: [] };
  const mdf = await startMdf(dataDir, run);
  const x1 = x1Client(creds.get(IDS.admf)!, mdf.x1Endpoint);
  try {
    const lemf = await nowhere();
    const t = await provisionTask(creds.get(IDS.admf)!, mdf.x1Endpoint, lemf, { start: new Date(Date.now() - 60_000), end: new Date(Date.now() + HOUR) }, 'LIID-OK');
    // The state file's name is taken by a directory: the atomic rename over it fails.
    const x1File = join(dataDir, 'state', 'x1.json');
    const saved = readFileSync(x1File, 'utf8');
    rmSync(x1File);
    mkdirSync(join(x1File, 'blocker'), { recursive: true });
    await assert.rejects(
      provisionTask(creds.get(IDS.admf)!, mdf.x1Endpoint, lemf, { start: new Date(Date.now() - 60_000), end: new Date(Date.now() + HOUR) }, 'LIID-NOT-WRITTEN'),
      (e: unknown) => (e as { errorCode?: number }).errorCode === 3000 && /durably/.test((e as Error).message),
    );
    assert.deepEqual((await x1.request({ messageType: 'ListAllDetailsRequest' })).listOfXIDs, [t.xid], 'the refused task is not held');
    assert.deepEqual(mdf.tasks().map((x) => x.liid), ['LIID-OK'], 'the guard never saw it');
    await assert.rejects(x1.request({ messageType: 'DeactivateTaskRequest', xId: t.xid }), (e: unknown) => (e as { errorCode?: number }).errorCode === 4000);
    assert.deepEqual(mdf.tasks(), [], 'a deactivation stops delivery even when it cannot be written');
    assert.deepEqual(readdirSync(join(dataDir, 'state')).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left behind');
    rmSync(x1File, { recursive: true });
    writeFileSync(x1File, saved);
  } finally {
    x1.close();
    await mdf.stop();
  }
});
