/**
 * X1 over real HTTPS with mutual TLS (demo PKI): every request type both ways, every business-rule
 * refusal with its §6.7 code, peers and identifiers refused, malformed documents answered with a
 * TopLevelErrorResponse, transport failures typed. Every document that crossed the wire is then
 * checked with ../shared/validators/validate-x1.sh (official XSDs).
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDemoPki, type Credentials } from '../../platform/pki.ts';
import { XmlHttpsClient } from '../https-xml.ts';
import { decodeX1Response, encodeX1Request, x1Timestamp } from '../../standards/x1/index.ts';
import type { DestinationDetails, TaskDetails } from '../../standards/x1/index.ts';
import { validatorsSkipReason } from '../../../test/helpers/validators.ts';
import { X1Client, X1ErrorResponseError, X1TaskTable, X1TopLevelError, X1WireError, startX1Server } from './index.ts';
import type { X1Server, X1ServerExchange, X1RequestBody } from './index.ts';
import { validateX1Documents } from '../../../test/helpers/x1-validate.ts';

const NE = 'opA-ims';
const ADMF = 'admf';
const host = '127.0.0.1';
const D1 = '1ae1a5e5-0b9e-4c3e-8a44-0d7d3c0f0b2a';
const D2 = '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f';
const D3 = '0b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b';
const X1 = '2b36a78b-b628-416d-bd22-404e68a0cd36';
const X2 = '7d8e9fa0-b1c2-4d3e-9f40-5a6b7c8d9e0f';
const binding = { warrantId: 'W-2026-000001', warrantHash: 'a'.repeat(64) };

const dest = (dId: string, deliveryType: DestinationDetails['deliveryType'], port = 50000): DestinationDetails => ({
  dId,
  friendlyName: 'MDF ingest',
  deliveryType,
  deliveryAddress: { kind: 'ipAddressAndPort', address: { kind: 'IPv4Address', value: '192.0.2.10' }, port: { kind: 'TCPPort', value: port } },
});
const task = (xId: string, over: Partial<TaskDetails> = {}): TaskDetails => ({
  xId,
  targetIdentifiers: [{ kind: 'e164Number', value: '447700900123' }],
  deliveryType: 'X2andX3',
  listOfDIDs: [D1],
  warrantBinding: binding,
  ...over,
});

let dir: string;
let creds: Map<string, Credentials>;
let ne: X1Server;
let admfServer: X1Server;
let table: X1TaskTable;
const documents: string[] = [];
const serverSeen: X1ServerExchange[] = [];
const reports: string[] = [];

const client = (over: Partial<ConstructorParameters<typeof X1Client>[0]> = {}) =>
  new X1Client({
    creds: creds.get(ADMF)!,
    endpoint: ne.endpoint,
    admfIdentifier: ADMF,
    neIdentifier: NE,
    onExchange: (ex) => {
      documents.push(ex.requestXml);
      if (ex.responseXml !== undefined) documents.push(ex.responseXml);
    },
    ...over,
  });

async function refusedWith(c: X1Client, body: X1RequestBody, code: number, stable: string): Promise<void> {
  await assert.rejects(c.request(body), (e) => {
    assert.ok(e instanceof X1ErrorResponseError, String(e));
    assert.equal(e.standardCode, code);
    assert.equal(e.errorCode, code);
    assert.match(e.errorDescription, /./);
    return true;
  }, stable);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'x1w-'));
  creds = await ensureDemoPki(dir, [ADMF, NE, 'opA-5gc', 'rogue']);
  table = new X1TaskTable();
  ne = await startX1Server({
    creds: creds.get(NE)!, bind: { host, port: 0 }, path: '/X1/NE', identifier: NE, allowedPeers: [ADMF],
    handler: {
      ...table.asHandler(),
      onGetNEStatus: async (_r, ctx) => {
        // the raw request bytes are available to the handler
        assert.match(new TextDecoder().decode(ctx.requestBytes), /GetNEStatusRequest/);
        await sleep(1);
        return table.neStatus();
      },
    },
    onExchange: (ex) => serverSeen.push(ex),
  });
  admfServer = await startX1Server({
    creds: creds.get(ADMF)!, bind: { host, port: 0 }, path: '/X1/ADMF', identifier: ADMF, allowedPeers: [NE],
    handler: {
      onReportTaskIssue: (r) => void reports.push(`task:${r.taskReportType}`),
      onReportDestinationIssue: (r) => void reports.push(`dest:${r.destinationReportType}`),
      onReportNEIssue: (r) => void reports.push(`ne:${r.typeOfNeIssueMessage}`),
      onPing: () => undefined,
      onKeepalive: () => undefined,
    },
    onExchange: (ex) => {
      documents.push(new TextDecoder().decode(ex.requestBytes), ex.responseXml);
    },
  });
});
after(async () => {
  await ne.close();
  await admfServer.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('X1 over HTTPS with mutual TLS', () => {
  test('ADMF → NE: every request type round trip, in one container and one by one', async () => {
    const c = client();
    const created = await c.send([
      { messageType: 'CreateDestinationRequest', destinationDetails: dest(D1, 'X2andX3') },
      { messageType: 'CreateDestinationRequest', destinationDetails: dest(D2, 'X2Only', 50001) },
    ]);
    assert.deepEqual(created.map((o) => o.ok && o.response.messageType), ['CreateDestinationResponse', 'CreateDestinationResponse']);
    const act = await c.request({ messageType: 'ActivateTaskRequest', taskDetails: task(X1) });
    assert.equal(act.oK, 'AcknowledgedAndCompleted');
    await c.request({ messageType: 'ActivateTaskRequest', taskDetails: task(X2, { deliveryType: 'X2Only', listOfDIDs: [D2], targetIdentifiers: [{ kind: 'imei', value: '35332509123456' }] }) });
    assert.equal(table.task(X1)?.warrantBinding?.warrantId, binding.warrantId);

    const mod = await c.request({ messageType: 'ModifyTaskRequest', taskDetails: task(X1, { listOfDIDs: [D1, D2] }) });
    assert.equal(mod.messageType, 'ModifyTaskResponse');
    table.recordIntercept(X1, 'X2', new Date('2026-01-15T09:00:00Z'));
    const details = await c.request({ messageType: 'GetTaskDetailsRequest', xId: X1 });
    assert.deepEqual(details.taskResponseDetails.taskDetails.listOfDIDs, [D1, D2]);
    assert.equal(details.taskResponseDetails.taskStatus.numberOfModifications, 1);
    assert.equal(details.taskResponseDetails.taskStatus.amountOfX2Data, 1);
    assert.deepEqual(details.taskResponseDetails.taskDetails.warrantBinding, binding);

    const dd = await c.request({ messageType: 'GetDestinationDetailsRequest', dId: D2 });
    assert.equal(dd.destinationResponseDetails.destinationDetails.deliveryType, 'X2Only');
    await c.request({ messageType: 'ModifyDestinationRequest', destinationDetails: { ...dest(D2, 'X2andX3', 50002) } });
    const modified = table.destination(D2)?.deliveryAddress;
    assert.equal(modified?.kind === 'ipAddressAndPort' ? modified.port.value : 0, 50002);

    const st = await c.request({ messageType: 'GetNEStatusRequest' });
    assert.equal(st.neStatusDetails.neStatus, 'OK');
    const all = await c.request({ messageType: 'GetAllDetailsRequest' });
    assert.equal(all.listOfTaskResponseDetails.length, 2);
    assert.equal(all.listOfDestinationResponseDetails.length, 2);
    const allTasks = await c.request({ messageType: 'GetAllTaskDetailsRequest' });
    assert.equal(allTasks.listOfTaskResponseDetails?.length, 2);
    const allDest = await c.request({ messageType: 'GetAllDestinationDetailsRequest' });
    assert.equal(allDest.listOfDestinationResponseDetails?.length, 2);
    const list = await c.request({ messageType: 'ListAllDetailsRequest' });
    assert.deepEqual(new Set(list.listOfXIDs), new Set([X1, X2]));
    assert.deepEqual(new Set(list.listOfDIDs), new Set([D1, D2]));
    assert.equal((await c.request({ messageType: 'PingRequest' })).oK, 'AcknowledgedAndCompleted');
    assert.equal((await c.request({ messageType: 'KeepaliveRequest' })).messageType, 'KeepaliveResponse');

    await c.request({ messageType: 'DeactivateTaskRequest', xId: X2 });
    assert.equal(table.task(X2), undefined);
    await c.request({ messageType: 'DeactivateAllTasksRequest' });
    assert.deepEqual(table.tasks(), []);
    await c.request({ messageType: 'RemoveDestinationRequest', dId: D2 });
    await c.request({ messageType: 'RemoveAllDestinationsRequest' });
    assert.deepEqual(table.destinations(), []);
    c.close();
  });

  test('NE → ADMF: ReportTaskIssue, ReportDestinationIssue, ReportNEIssue, Ping, Keepalive at /X1/ADMF', async () => {
    const c = new X1Client({
      creds: creds.get(NE)!, endpoint: admfServer.endpoint, path: '/X1/ADMF', admfIdentifier: ADMF, neIdentifier: NE,
      onExchange: (ex) => documents.push(ex.requestXml, ex.responseXml ?? ''),
    });
    const out = await c.send([
      { messageType: 'ReportTaskIssueRequest', xId: X1, taskReportType: 'NonTerminatingFault', taskIssueErrorCode: 9020, taskIssueDetails: 'destination unreachable' },
      { messageType: 'ReportDestinationIssueRequest', dId: D1, destinationReportType: 'NonTerminatingFault', destinationIssueErrorCode: 9020 },
      { messageType: 'ReportNEIssueRequest', typeOfNeIssueMessage: 'FaultReport', description: 'X2/X3 delivery failing', issueCode: 9020 },
      { messageType: 'PingRequest' },
      { messageType: 'KeepaliveRequest' },
    ]);
    assert.ok(out.every((o) => o.ok));
    assert.deepEqual(reports, ['task:NonTerminatingFault', 'dest:NonTerminatingFault', 'ne:FaultReport']);
    // an ADMF does not take tasks: ActivateTask at /X1/ADMF is refused (1000), not crashed
    const [refused] = await c.send([{ messageType: 'ActivateTaskRequest', taskDetails: task(X1) }]);
    assert.ok(refused && !refused.ok && refused.error.standardCode === 1000);
    c.close();
  });

  test('business rules: each refusal carries its §6.7 code, other requests of the container still run', async () => {
    const c = client();
    await c.request({ messageType: 'CreateDestinationRequest', destinationDetails: dest(D1, 'X2andX3') });
    await c.request({ messageType: 'CreateDestinationRequest', destinationDetails: dest(D2, 'X2Only', 50001) });
    await c.request({ messageType: 'CreateDestinationRequest', destinationDetails: dest(D3, 'X3Only', 50003) });
    await c.request({ messageType: 'ActivateTaskRequest', taskDetails: task(X1) });

    await refusedWith(c, { messageType: 'ActivateTaskRequest', taskDetails: task(X1) }, 2010, 'XID already exists');
    await refusedWith(c, { messageType: 'ModifyTaskRequest', taskDetails: task(X2) }, 2020, 'modify unknown XID');
    await refusedWith(c, { messageType: 'DeactivateTaskRequest', xId: X2 }, 2020, 'deactivate unknown XID');
    await refusedWith(c, { messageType: 'GetTaskDetailsRequest', xId: X2 }, 2020, 'details of unknown XID');
    await refusedWith(c, { messageType: 'CreateDestinationRequest', destinationDetails: dest(D1, 'X2Only') }, 2030, 'DID exists');
    await refusedWith(c, { messageType: 'ActivateTaskRequest', taskDetails: task(X2, { listOfDIDs: ['9a9a9a9a-0000-4000-8000-000000000000'] }) }, 2040, 'unknown DID');
    await refusedWith(c, { messageType: 'GetDestinationDetailsRequest', dId: '9a9a9a9a-0000-4000-8000-000000000000' }, 2040, 'details of unknown DID');
    await refusedWith(c, { messageType: 'ActivateTaskRequest', taskDetails: task(X2, { listOfDIDs: [D2] }) }, 3040, 'X2andX3 task with an X2-only destination');
    await refusedWith(c, { messageType: 'ActivateTaskRequest', taskDetails: task(X2, { deliveryType: 'X2Only', listOfDIDs: [D2, D3] }) }, 3040, 'X2Only task with an X3-only destination');
    await refusedWith(c, { messageType: 'ActivateTaskRequest', taskDetails: task(X2, { targetIdentifiers: [{ kind: 'ipv4Cidr', value: '198.51.100.0/24' }] }) }, 3010, 'CIDR target');
    await refusedWith(
      c,
      { messageType: 'ActivateTaskRequest', taskDetails: task(X2, { targetIdentifiers: [{ kind: 'e164Number', value: '447700900123' }, { kind: 'imsi', value: '234150000000001' }] }) },
      3020,
      'two targets in one task',
    );
    await refusedWith(c, { messageType: 'RemoveDestinationRequest', dId: D1 }, 7010, 'destination in use');
    await refusedWith(c, { messageType: 'RemoveAllDestinationsRequest' }, 8010, 'destinations in use');
    await refusedWith(c, { messageType: 'ModifyDestinationRequest', destinationDetails: dest(D1, 'X2Only') }, 6001, 'modify leaves task uncovered');
    await refusedWith(
      c,
      { messageType: 'CreateDestinationRequest', destinationDetails: { dId: X2, deliveryType: 'X2Only', deliveryAddress: { kind: 'uri', value: 'https://mdf.example/x2' } } },
      6020,
      'unsupported address',
    );

    // mixed container: the refusal does not stop the rest (§6.1: one response per request)
    const mixed = await c.send([
      { messageType: 'ActivateTaskRequest', taskDetails: task(X1) },
      { messageType: 'ActivateTaskRequest', taskDetails: task(X2, { deliveryType: 'X2Only', listOfDIDs: [D2] }) },
    ]);
    assert.equal(mixed[0]?.ok, false);
    assert.equal(mixed[1]?.ok, true);
    assert.deepEqual(new Set(table.listAll().listOfXIDs), new Set([X1, X2]));
    await c.request({ messageType: 'DeactivateAllTasksRequest' });
    await c.request({ messageType: 'RemoveAllDestinationsRequest' });

    const strict = new X1TaskTable({ deactivateAllEnabled: false, removeAllEnabled: false, maxDestinationsPerTask: 1 });
    strict.createDestination(dest(D1, 'X2Only'));
    strict.createDestination(dest(D2, 'X2Only'));
    assert.throws(() => strict.activateTask(task(X1, { deliveryType: 'X2Only', listOfDIDs: [D1, D2] })), { standardCode: 3030 });
    assert.throws(() => strict.deactivateAllTasks(), { standardCode: 5010 });
    assert.throws(() => strict.removeAllDestinations(), { standardCode: 8020 });
    c.close();
  });

  test('peers and identifiers: unauthorised certificate → TopLevelErrorResponse; mismatched identifiers → 1030 / 1060', async () => {
    const before = serverSeen.length;
    const rogue = client({ creds: creds.get('rogue')!, admfIdentifier: 'rogue' });
    await assert.rejects(rogue.request({ messageType: 'PingRequest' }), (e) => e instanceof X1TopLevelError && e.standardCode === 1010);
    const refused = serverSeen.at(-1)!;
    assert.equal(serverSeen.length, before + 1);
    assert.deepEqual(refused.topLevelError, { code: 'X1_UNEXPECTED_ADMF_ID', standardCode: 1040 });
    assert.equal(refused.container, undefined, 'an unauthorised peer never reaches the decoder');
    rogue.close();

    const liar = client({ admfIdentifier: 'admf-2' });
    await refusedWith(liar, { messageType: 'ListAllDetailsRequest' }, 1030, 'admfIdentifier not the certificate');
    liar.close();
    // a request addressed to another NE (but sent here) is refused; the client also notices the responder is not that NE
    const misaddressed = client({ neIdentifier: 'opA-5gc', expectedPeer: NE });
    await refusedWith(misaddressed, { messageType: 'ListAllDetailsRequest' }, 1060, 'neIdentifier not this NE');
    misaddressed.close();
    const wrongResponder = client({ neIdentifier: 'opA-5gc' });
    await assert.rejects(wrongResponder.request({ messageType: 'PingRequest' }), (e) => e instanceof X1WireError && e.code === 'X1_WRONG_RESPONDER');
    wrongResponder.close();
    const atAdmf = new X1Client({ creds: creds.get('opA-5gc')!, endpoint: admfServer.endpoint, path: '/X1/ADMF', admfIdentifier: ADMF, neIdentifier: 'opA-5gc' });
    await assert.rejects(atAdmf.request({ messageType: 'PingRequest' }), X1TopLevelError);
    atAdmf.close();
  });

  test('malformed, DTD-bearing and wrong-version documents → TopLevelErrorResponse with the codec error recorded', async () => {
    const raw = new XmlHttpsClient(creds.get(ADMF)!, ne.endpoint);
    const good = encodeX1Request({
      x1RequestMessage: [{ messageType: 'PingRequest', admfIdentifier: ADMF, neIdentifier: NE, messageTimestamp: x1Timestamp(new Date()), version: 'v1.22.1', x1TransactionId: crypto.randomUUID() }],
    });
    const cases: [string, number][] = [
      ['<X1Request', 1010],
      ['<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><X1Request/>', 1010],
      [good.replace('v1.22.1', 'v2.0.0'), 1020],
      [good.replace(/<x1TransactionId>[^<]+/, '<x1TransactionId>NOT-A-UUID'), 1010],
    ];
    for (const [body, code] of cases) {
      const res = await raw.post('/X1/NE', body);
      assert.equal(res.status, 200, 'X1-level errors travel as HTTP 200 (§7.2.2.2)');
      const doc = decodeX1Response(res.body);
      assert.equal(doc.kind, 'X1TopLevelErrorResponse');
      assert.equal(doc.neIdentifier, NE);
      assert.equal(doc.admfIdentifier, ADMF);
      assert.equal(serverSeen.at(-1)?.topLevelError?.standardCode, code);
      documents.push(res.body);
    }
    raw.close();
  });

  test('transport failures are typed: unreachable, timeout', async () => {
    const dead = client({ endpoint: { host, port: 1 } });
    await assert.rejects(dead.request({ messageType: 'PingRequest' }), (e) => e instanceof X1WireError && e.code === 'X1_UNREACHABLE');
    dead.close();
    const slow = await startX1Server({
      creds: creds.get(NE)!, bind: { host, port: 0 }, path: '/X1/NE', identifier: NE, allowedPeers: [ADMF],
      handler: { onPing: () => sleep(2000).then(() => undefined) },
    });
    const exchanges: { error?: Error }[] = [];
    const impatient = client({ endpoint: slow.endpoint, timeoutMs: 200, onExchange: (ex) => exchanges.push(ex) });
    await assert.rejects(impatient.request({ messageType: 'PingRequest' }), (e) => e instanceof X1WireError && e.code === 'X1_TIMEOUT');
    assert.equal((exchanges[0]?.error as X1WireError | undefined)?.code, 'X1_TIMEOUT', 'failed exchanges reach the audit hook too');
    impatient.close();
    await slow.close();
  });

  test('every X1 document that crossed the wire validates against the official XSDs', { skip: validatorsSkipReason }, () => {
    const docs = documents.filter((d) => d.length > 0);
    assert.ok(docs.length > 60, `only ${docs.length} documents captured`);
    assert.ok(docs.some((d) => d.includes('wb:warrantBinding')));
    for (const r of validateX1Documents(docs)) assert.equal(r.ok, true, r.stderr + r.stdout);
  });
});
