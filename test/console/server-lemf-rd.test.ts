/**
 * The Retained data page's API end to end in a deployment from `init`, every party its own role on
 * real sockets with mutual TLS: the witnesses, the audit service, the control role (warrant desk),
 * demo-op-a's network role with its RDHI, and pk-fia's LEMF with its console — the lemf role wiring
 * the console to the desk (`listOrders` over HI-1 with pk-fia's certificate) and to every operator's
 * RDHI (the `.pub.pem` beside its signing key). One subscriber's SMS and call are scripted; pk-fia
 * submits a production order for them over HI-1 and the judge signs it there; the console's first
 * supervisor (`admin`, the password `init` wrote) sees the order, asks for calls and SMS, and gets
 * exactly the rows the operator's store holds; the system's audit log holds the RDHI's rd.request and
 * rd.disclosed for the order, the console's access log the console's entries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initDeployment } from '../../src/cli/init/init.ts';
import { openParties } from '../../src/cli/demo/parties.ts';
import type { RdOrderView, RdResultView } from '../../src/console/rd/view.ts';
import { createOperator } from '../../src/network/index.ts';
import { loadDeployment } from '../../src/platform/config/load.ts';
import { createLogger } from '../../src/platform/log.ts';
import { MetricsRegistry } from '../../src/platform/metrics.ts';
import { RetainedDataStore } from '../../src/retained-data/store.ts';
import { startAuditRole } from '../../src/roles/audit.ts';
import type { RoleContext, RunningRole } from '../../src/roles/context.ts';
import { startControlRole } from '../../src/roles/control.ts';
import { startLemfRole } from '../../src/roles/lemf.ts';
import { startNetworkRole } from '../../src/roles/network.ts';
import { startWitnessRole } from '../../src/roles/witness.ts';
import { signOrder, submitOrder } from '../../src/warrants/desk/index.ts';
import { signOrderApproval } from '../../src/warrants/index.ts';
import { as, login, type Harness } from './server-helpers.ts';
import { pecaOrder } from '../helpers/rd-deployment.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function context(d: ReturnType<typeof loadDeployment>, role: RoleContext['role'], id: string, alarms: string[]): RoleContext {
  return { deployment: d, role, id, metrics: new MetricsRegistry(), log: createLogger({ role, id, stream: { write: () => true } }), alarm: (code, detail) => alarms.push(`${code}: ${detail}`) };
}

test("pk-fia's console asks demo-op-a's RDHI under an order from the control role's desk and sees the store's rows", { timeout: 300_000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'console-lemf-rd-'));
  const roles: RunningRole[] = [];
  const alarms: string[] = [];
  try {
    const file = await initDeployment({ dir: tmp, subscribers: 20, seed: 11, fastTimers: true });
    const d = loadDeployment(file);
    const op = d.operators[0]!;
    const fia = d.agencies.find((a) => a.id === 'pk-fia')!;
    assert.ok(op.retainedData?.rdhi && fia.lemf.console?.hi1 && fia.lemf.console.adminPassword, 'init configures the RDHI and the console');
    for (const w of d.witnesses) roles.push(await startWitnessRole(context(d, 'witness', w.id, alarms)));
    roles.push(await startAuditRole(context(d, 'audit', d.audit.id, alarms)));
    roles.push(await startControlRole(context(d, 'control', d.control.desk.id, alarms)));
    const network = await startNetworkRole(context(d, 'network', op.id, alarms));
    roles.push(network);
    const lemf = await startLemfRole(context(d, 'lemf', fia.lemf.id, alarms));
    roles.push(lemf);
    const t0 = Date.now();

    // One subscriber's traffic, scripted, into the operator's retained-data store.
    const sim = op.simulation!;
    const operator = createOperator({ id: op.id, name: op.name, mcc: sim.mcc, mnc: sim.mnc, countryCode: sim.countryCode, msisdnPrefix: sim.msisdnPrefix, subscribers: sim.subscribers, cells: sim.cells, seed: sim.seed, centre: sim.centre });
    const [a, b] = [operator.identities(3), operator.identities(4)];
    await network.routes!['POST /simulate']!({ action: 'sms', from: a.msisdn, to: b.msisdn, text: 'at the usual place' });
    await network.routes!['POST /simulate']!({ action: 'call', from: a.msisdn, to: b.msisdn, durationMs: 1000 });
    await sleep(6000); // ring + talk in real time, then the batch writer's flushes

    // pk-fia's order over HI-1, signed by the judge over HI-1 (the desk makes it Active).
    const parties = openParties(d);
    const judgeId = d.control.authorities.find((x) => x.role === 'judge')!.id;
    const period = { start: new Date(t0 - 60_000).toISOString(), end: new Date(Date.now() - 500).toISOString() };
    const order = pecaOrder({ reference: 'PO-CONSOLE-LEMF-1', agency: { id: 'pk-fia', name: fia.name }, identifiers: [{ kind: 'msisdn', value: a.msisdn }], categories: ['calls', 'sms'], period, operators: [op.id] });
    try {
      const submitted = await submitOrder(parties.client('pk-fia'), order);
      const active = await signOrder(parties.client(judgeId), order.id, [signOrderApproval(submitted.canonical, parties.signer(judgeId), new Date())]);
      assert.equal(active.state, 'Active');
    } finally {
      parties.close();
    }

    // The console as an analyst's browser would ask it (the first supervisor, admin, has the rd.request right).
    const summary = (await lemf.routes!['GET /summary']!(undefined)) as { console: string };
    const h = { server: { url: summary.console }, caPem: readFileSync(d.ca, 'utf8') } as Harness;
    const admin = await login(h, 'admin', readFileSync(fia.lemf.console.adminPassword, 'utf8').trim());
    // Need to know: the supervisor assigns the order (here to themself) before anyone may ask under it.
    assert.deepEqual(((await as(h, admin, '/api/rd')).json as { orders: RdOrderView[] }).orders, []);
    assert.equal((await as(h, admin, '/api/users/admin/orders', { body: { orders: [order.id] } })).status, 200);
    const list = await as(h, admin, '/api/rd');
    assert.equal(list.status, 200, list.text);
    const { orders, operators } = list.json as { orders: RdOrderView[]; operators: string[] };
    assert.ok(operators.includes(op.id), operators.join());
    assert.deepEqual(orders.map((o) => [o.id, o.state]), [[order.id, 'Active']]);
    const results: Record<string, RdResultView> = {};
    for (const category of ['calls', 'sms']) {
      const r = await as(h, admin, '/api/rd/requests', { body: { orderId: order.id, operator: op.id, category, identifier: { kind: 'msisdn', value: a.msisdn }, period } });
      assert.equal(r.status, 201, r.text);
      results[category] = (r.json as { result: RdResultView }).result;
      assert.equal(results[category].outcome, 'disclosed', JSON.stringify(results[category].refusal));
    }
    for (const r of roles.splice(0).reverse()) await r.stop('test over');
    // The MDF and the other network elements are not started here: their X1 alarms are expected.
    assert.deepEqual(alarms.filter((x) => /^(CONSOLE|RDHI|RD|RETAINED)_/u.test(x)), []);

    // Exactly the operator's rows, read from its store once the roles stopped.
    const store = await RetainedDataStore.open(op.id, { kind: 'embedded', dir: join(sim.dir, 'retained-data') });
    try {
      const id = { kind: 'msisdn' as const, value: a.msisdn };
      const p = { start: new Date(period.start), end: new Date(period.end) };
      const calls = await store.calls(id, p);
      const sms = await store.sms(id, p);
      assert.ok(calls.length > 0 && sms.length > 0, `the scripted call and SMS are in the store (${calls.length}, ${sms.length})`);
      assert.deepEqual(results.calls!.view.calls.map((c) => [c.otherParty, c.direction]), calls.map((c) => [c.otherParty, c.direction === 'originating' ? 'outgoing' : 'incoming']));
      assert.deepEqual(results.sms!.view.sms.map((m) => [m.otherParty, m.direction]), sms.map((m) => [m.otherParty, m.direction === 'MO' ? 'outgoing' : 'incoming']));
    } finally {
      await store.close();
    }
    // The operator's RDHI put both disclosures on the system's log under the order.
    const events = readFileSync(join(d.audit.dir, 'entries.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(Buffer.from((JSON.parse(l) as { leaf: string }).leaf, 'base64').toString('utf8')) as { type: string; details?: { orderId?: string } });
    assert.equal(events.filter((e) => e.type === 'rd.disclosed' && e.details?.orderId === order.id).length, 2);
  } finally {
    for (const r of roles.reverse()) await r.stop('test cleanup').catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
});
