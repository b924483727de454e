/**
 * The Retained data routes with the orders from a real warrant desk (TS 103 120 HI-1 over HTTPS with
 * mutual TLS), as the lemf role wires them: prepareConsole with `warrantDesk` (the agency's HI-1
 * client credentials) and `retainedData.listOrders` = the desk's `listOrders`. The agency submits the
 * production order over HI-1 and the judge signs it there (→ Active); the console lists it from the
 * desk, and a request under it is answered by the real RDHI (rd-fixture.ts) with exactly the store's
 * rows. Once the desk is down, the page's list and any request are a typed 502 with an alarm, and the
 * RDHI receives nothing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, MemoryAuditStore, createNoteSigner } from '../../src/audit/index.ts';
import { warrantSalt } from '../../src/audit/commitment.ts';
import type { RdOrderView, RdResultView } from '../../src/console/rd/view.ts';
import { prepareConsole, type PreparedConsole, type RunningConsole } from '../../src/console/server/start-console.ts';
import { MonitoringStore } from '../../src/monitoring/store.ts';
import { ensureDemoPki } from '../../src/platform/pki.ts';
import { loadProfiles, openEmbeddedWarrantStore, ProductionOrderService, SqlOrderStore, systemClock, WarrantService, type SqlWarrantStore } from '../../src/warrants/index.ts';
import { Hi1Client, listOrders, signOrder, startDeskServer, submitOrder, WarrantDesk } from '../../src/warrants/desk/index.ts';
import type { XmlHttpsServer } from '../../src/wires/https-xml.ts';
import { TEST_EVIDENCE_KEY } from '../helpers/evidence-key.ts';
import { RecordingAudit } from '../warrants/fixtures.ts';
import { startRdFixture, type RdFixture } from './rd-fixture.ts';
import { as, errorCode, login, PASSWORD, type Harness, type LoggedIn } from './server-helpers.ts';

let dir: string;
let fx: RdFixture;
let store: SqlWarrantStore;
let log: AuditLog;
let desk: XmlHttpsServer;
let lemf: MonitoringStore;
let prepared: PreparedConsole;
let running: RunningConsole;
let h: Harness;
let ana: LoggedIn;
const clients: Hi1Client[] = [];
const alarms: string[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'console-rd-desk-'));
  const pki = await ensureDemoPki(join(dir, 'pki'), ['lemf-ag', 'rdhi-opA', 'agency-a', 'warrant-desk', 'judge-1']);
  fx = await startRdFixture(dir, pki, 'agency-a');
  // The warrant desk as the control role composes it, with production orders (src/warrants/desk/orders.ts).
  store = await openEmbeddedWarrantStore();
  const audit = new RecordingAudit();
  const orders = new ProductionOrderService({ store: new SqlOrderStore(store), audit: { append: () => Promise.resolve() }, keys: fx.keys, profiles: fx.profiles, clock: systemClock });
  const warrants = new WarrantService({ store, audit, keys: fx.keys, profiles: loadProfiles(), clock: systemClock });
  log = await AuditLog.open({ store: new MemoryAuditStore(), signer: createNoteSigner('console-rd-desk-log', generateKeyPairSync('ed25519').privateKey) });
  const identityKey = randomBytes(32);
  const wd = new WarrantDesk({ service: warrants, keys: fx.keys, audit: log, coreAudit: audit, clock: systemClock, identityKey, orders: { service: orders, profiles: fx.profiles, identifierSalt: (id) => warrantSalt(identityKey, id) } });
  desk = await startDeskServer({ desk: wd, creds: pki.get('warrant-desk')! });
  const client = (id: string) => {
    const c = new Hi1Client({ creds: pki.get(id)!, endpoint: desk.endpoint, self: { countryCode: 'XX', uniqueIdentifier: id } });
    clients.push(c);
    return c;
  };
  // The agency submits its order over HI-1; the judge signs the canonical text the desk shows (→ Active).
  const submitted = await submitOrder(client('agency-a'), fx.order);
  assert.equal(submitted.state, 'AwaitingApproval');
  const active = await signOrder(client('judge-1'), fx.order.id, [fx.judgeSign(submitted.canonical)]);
  assert.equal(active.state, 'Active');

  const consoleDir = join(dir, 'console');
  prepared = await prepareConsole({
    lemfId: 'lemf-ag',
    dir: consoleDir,
    listen: { host: '127.0.0.1', port: 0 },
    creds: pki.get('lemf-ag')!,
    logKeyPem: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    evidenceKey: TEST_EVIDENCE_KEY,
    exportApproval: true,
    warrantDesk: { creds: pki.get('agency-a')!, endpoint: desk.endpoint, agencyId: 'agency-a', deskId: 'warrant-desk' },
    retainedData: {
      creds: pki.get('agency-a')!,
      agencyId: 'agency-a',
      countryCode: 'PK',
      operators: [{ id: 'opA', endpoint: fx.rdhi.endpoint, publicKey: fx.operatorKey.publicKey }],
      listOrders: (c) => listOrders(c),
    },
    onAlarm: (code) => alarms.push(code),
  });
  lemf = new MonitoringStore({ dataDir: consoleDir, evidenceKey: TEST_EVIDENCE_KEY, defaultAccessor: 'lemf-ag' });
  running = await prepared.start(lemf);
  await running.users.add('ana', 'analyst', PASSWORD, []);
  await running.users.assignOrders('ana', [fx.order.id]);
  h = { server: running.server, caPem: pki.get('lemf-ag')!.caPem } as Harness;
  ana = await login(h, 'ana');
});
after(async () => {
  await prepared?.close();
  lemf?.close();
  for (const c of clients) c.close();
  await desk?.close().catch(() => undefined);
  await log?.close();
  await store?.close();
  await fx?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the order the agency submitted and the judge signed on the desk is listed, and a request under it answered', async () => {
  const a = await as(h, ana, '/api/rd');
  assert.equal(a.status, 200, a.text);
  const { orders } = a.json as { orders: RdOrderView[] };
  assert.equal(orders.length, 1);
  assert.equal(orders[0]!.id, fx.order.id);
  assert.equal(orders[0]!.state, 'Active');
  assert.equal(orders[0]!.hash, fx.deskOrder.hash, 'the canonical text the desk holds is the one signed');
  assert.deepEqual(orders[0]!.identifiers, [{ kind: 'msisdn', value: fx.msisdn }]);
  const r = await as(h, ana, '/api/rd/requests', { body: { orderId: fx.order.id, operator: 'opA', category: 'calls', identifier: { kind: 'msisdn', value: fx.msisdn }, period: fx.order.period } });
  assert.equal(r.status, 201, r.text);
  const result = (r.json as { result: RdResultView }).result;
  const calls = await fx.store.calls({ kind: 'msisdn', value: fx.msisdn }, { start: new Date(fx.order.period.start), end: new Date(fx.order.period.end) });
  assert.equal(result.outcome, 'disclosed');
  assert.equal(result.view.calls.length, calls.length);
  assert.ok(calls.length > 0);
});

test('the desk down: the list and a request are a typed 502 with an alarm, and nothing reaches the RDHI', async () => {
  await desk.close();
  const asked = fx.events.length;
  const n = prepared.accessLog.size;
  const a = await as(h, ana, '/api/rd');
  assert.equal(a.status, 502, a.text);
  assert.equal(errorCode(a), 'CONSOLE_RD_UNAVAILABLE');
  const r = await as(h, ana, '/api/rd/requests', { body: { orderId: fx.order.id, operator: 'opA', category: 'calls', identifier: { kind: 'msisdn', value: fx.msisdn }, period: fx.order.period } });
  assert.equal(r.status, 502, r.text);
  assert.equal(fx.events.length, asked);
  assert.equal(prepared.accessLog.size, n);
  assert.ok(alarms.includes('CONSOLE_WARRANT_DESK_UNREACHABLE'));
});
