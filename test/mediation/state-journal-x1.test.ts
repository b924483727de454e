/**
 * The MDF's X1 state over real X1 (mutual TLS on 127.0.0.1): the changes of one RequestContainer are
 * one journal line (one fsync) in the state file, written before the ResponseContainer; when that
 * write fails, every change of the container is refused with its own Generic…Failure code
 * (TS 103 221-1 §6.7) and undone, a deactivation still stops delivery, a Ping in it is answered, and
 * the next container writes the whole state again.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoPki, type Credentials } from '../../src/platform/pki.ts';
import { startMediation } from '../../src/mediation/mdf.ts';
import { MdfStateStore } from '../../src/mediation/state.ts';
import { activate, createDestination, deactivate, destination, hi2Did, hi3Did, mdfTask } from '../../src/provisioning/x1-messages.ts';
import type { AgencyDestinationEntry } from '../../src/provisioning/registry.ts';
import { HOST, IDS, x1Client } from './restart-helpers.ts';
import { TEST_OUTBOX_KEY, TEST_STATE_KEY } from '../helpers/outbox-key.ts';

let root: string;
let creds: Map<string, Credentials>;
before(async () => {
  root = mkdtempSync(join(tmpdir(), 'mdf-journal-x1-'));
  creds = await ensureDemoPki(join(root, 'pki'), [IDS.admf, IDS.mdf]);
});
after(() => rmSync(root, { recursive: true, force: true }));

const dest: AgencyDestinationEntry = { id: 'agency-lemf', agencyId: 'agency', hi2: { host: HOST, port: 9 }, hi3: { host: HOST, port: 9 } };
const HOUR = 3600_000;
const startMdf = (dataDir: string) =>
  startMediation({
    outboxKey: TEST_OUTBOX_KEY, identifier: IDS.mdf, creds: creds.get(IDS.mdf)!, bindHost: HOST, admfIdentifier: IDS.admf, dataDir,
    audit: { append: () => Promise.resolve() }, authorizationCountryCode: 'XX', deliveryCountryCode: 'XX',
  });
const taskOf = (liid: string) =>
  mdfTask(
    { xid: randomUUID(), liid, warrantId: `W-${liid}`, warrantHash: 'b'.repeat(64), operatorId: 'opa', target: { kind: 'e164Number', value: '447700900123' }, deliveryType: 'X2andX3', services: ['voice'], start: new Date(Date.now() - 60_000).toISOString(), end: new Date(Date.now() + HOUR).toISOString(), destinationId: dest.id },
    dest,
    [IDS.poi],
  );
const stateLines = (dataDir: string) => readFileSync(join(dataDir, 'state', 'x1.json'), 'utf8').split('\n').filter((l) => l !== '').length;

test('one RequestContainer, one journal line; a container that cannot be written is refused request by request and undone', async () => {
  const dataDir = join(root, 'mdf');
  let mdf = await startMdf(dataDir);
  const x1 = x1Client(creds.get(IDS.admf)!, mdf.x1Endpoint);
  const tasks = Array.from({ length: 20 }, (_, i) => taskOf(`LIID-J-${i}`));
  try {
    const setup = await x1.send([createDestination(destination(hi2Did(dest), 'hi2', 'X2Only', dest.hi2)), createDestination(destination(hi3Did(dest), 'hi3', 'X3Only', dest.hi3))]);
    assert.ok(setup.every((o) => o.ok));
    const lines = stateLines(dataDir);
    const outcomes = await x1.send(tasks.map((t) => activate(t)));
    assert.ok(outcomes.every((o) => o.ok), 'every ActivateTask acknowledged');
    assert.equal(stateLines(dataDir), lines + 1, 'twenty activations: one journal line');
    // What a crash now would leave: the acknowledged tasks, read back from the file as it is.
    assert.equal(new MdfStateStore(dataDir, { key: TEST_STATE_KEY }).load().tasks.length, 20);
    assert.equal(mdf.tasks().length, 20, 'the guard has them once they are durable');

    // The state file's name taken by a directory: the append cannot open it.
    const x1File = join(dataDir, 'state', 'x1.json');
    const saved = readFileSync(x1File);
    rmSync(x1File);
    mkdirSync(join(x1File, 'blocker'), { recursive: true });
    const [x, y] = [taskOf('LIID-X'), taskOf('LIID-Y')];
    const refused = await x1.send([activate(x), { messageType: 'PingRequest' }, deactivate(tasks[0]!.xId), activate(y)]);
    const codes = refused.map((o) => (o.ok ? 'ok' : o.response.errorInformation.errorCode));
    assert.deepEqual(codes, [3000, 'ok', 4000, 3000], 'each change refused with its own §6.7 code, the Ping answered');
    const listed = (await x1.request({ messageType: 'ListAllDetailsRequest' })).listOfXIDs;
    assert.ok(!listed.includes(x.xId) && !listed.includes(y.xId), 'the refused activations are undone');
    assert.ok(!listed.includes(tasks[0]!.xId), 'the deactivation stands (the safe direction)');
    assert.deepEqual(mdf.tasks().map((t) => t.xid).sort(), tasks.slice(1).map((t) => t.xId).sort(), 'the guard never saw X or Y, and dropped the deactivated task');

    rmSync(x1File, { recursive: true });
    writeFileSync(x1File, saved, { mode: 0o600 });
    const z = taskOf('LIID-Z');
    assert.ok((await x1.send([activate(z)]))[0]!.ok);
    assert.equal(stateLines(dataDir), 2 + Math.ceil(mdf.tasks().length / 4096), 'after a failed write the next container writes a snapshot (header, destinations, tasks), no journal line');
  } finally {
    x1.close();
    await mdf.stop();
  }
  mdf = await startMdf(dataDir);
  try {
    assert.equal(mdf.recovered.tasks, 20, '19 of the first container and Z; the deactivated task stays gone');
  } finally {
    await mdf.stop();
  }
});
