/**
 * The console's retained-data routes against a real RDHI (TS 102 657 BER inside mutual TLS on
 * 127.0.0.1, the operator's handler judging a judge-signed production order from its ordersDir,
 * answers signed): an analyst lists the order the desk shows, asks for calls, SMS, the subscriber,
 * the location history and the equipment, and gets exactly the store's rows; a category outside the
 * order comes back as the RDHI's refusal (403, TS 102 657 categorised error) and is kept; an auditor
 * gets 403 and nothing is asked; every request, outcome and view is on the access log before
 * anything is sent or shown; with the access log down nothing is sent (the RDHI sees no request) and
 * nothing shown; an unreachable RDHI and an answer that does not verify are typed 502s. The kept
 * evidence (request and answer bytes) passes decode-rd.sh -c -s.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleAccessLog } from '../../src/console/access-log/access-log.ts';
import { RdEvidenceStore } from '../../src/console/rd/evidence.ts';
import type { RdOrderView, RdResultView } from '../../src/console/rd/view.ts';
import type { PduSessionEvent } from '../../src/network/events.ts';
import { ensureDemoPki } from '../../src/platform/pki.ts';
import { validateBytes, validatorsSkipReason } from '../helpers/validators.ts';
import { TEST_EVIDENCE_KEY } from '../helpers/evidence-key.ts';
import { startRdConsole, startRdFixture, type RdFixture } from './rd-fixture.ts';
import { as, errorCode, login, PASSWORD, type Harness, type LoggedIn } from './server-helpers.ts';

let dir: string;
let f: RdFixture;
let h: Harness;
let ana: LoggedIn;
let aud: LoggedIn;
const kept: string[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'console-rd-'));
  const creds = await ensureDemoPki(join(dir, 'pki'), ['lemf-ag', 'rdhi-opA', 'agency-a']);
  f = await startRdFixture(dir, creds, 'agency-a');
  // opDown: an RDHI nobody listens on; opWrongKey: opA's RDHI with a key that is not its own.
  h = await startRdConsole(dir, creds, 'agency-a', f, [
    { id: 'opDown', endpoint: { host: '127.0.0.1', port: 1 }, publicKey: f.operatorKey.publicKey },
    { id: 'opWrongKey', endpoint: f.rdhi.endpoint, publicKey: generateKeyPairSync('ed25519').publicKey },
  ]);
  await h.users.add('ana', 'analyst', PASSWORD, []);
  await h.users.assignOrders('ana', [f.order.id]);
  await h.users.add('aud', 'auditor', PASSWORD, []);
  await h.users.add('bob', 'analyst', PASSWORD, []);
  await h.users.add('sup', 'supervisor', PASSWORD, []);
  ana = await login(h, 'ana');
  aud = await login(h, 'aud');
});
after(async () => {
  await h?.close();
  await f?.close();
  rmSync(dir, { recursive: true, force: true });
});

const period = () => ({ start: f.order.period.start, end: f.order.period.end });
const ask = (category: string, extra: Record<string, unknown> = {}, who = ana) =>
  as(h, who, '/api/rd/requests', { body: { orderId: f.order.id, operator: 'opA', category, identifier: { kind: 'msisdn', value: f.msisdn }, period: period(), ...extra } });
const entriesSince = async (n: number) => (await h.accessLog.entries(n, h.accessLog.size)).map((e) => e.event);
const whole = () => ({ start: new Date(f.order.period.start), end: new Date(f.order.period.end) });
const id = () => ({ kind: 'msisdn' as const, value: f.msisdn });

test('the analyst sees the order the desk lists, read from its signed bundle', async () => {
  const a = await as(h, ana, '/api/rd');
  assert.equal(a.status, 200, a.text);
  const { orders, operators } = a.json as { orders: RdOrderView[]; operators: string[] };
  assert.equal(orders.length, 1);
  assert.equal(orders[0]!.id, f.order.id);
  assert.deepEqual(orders[0]!.identifiers, [{ kind: 'msisdn', value: f.msisdn }]);
  assert.deepEqual(orders[0]!.categories, ['subscriber', 'equipment', 'calls', 'sms', 'location']);
  assert.equal(orders[0]!.state, 'Active');
  assert.deepEqual(operators, ['opA', 'opDown', 'opWrongKey']);
});

test('calls and SMS: exactly the store rows, each with time, direction, other party; on the log before shown', async () => {
  for (const category of ['calls', 'sms'] as const) {
    const n = h.accessLog.size;
    const a = await ask(category);
    assert.equal(a.status, 201, a.text);
    const r = (a.json as { result: RdResultView }).result;
    kept.push(r.id);
    const rows = category === 'calls' ? await f.store.calls(id(), whole()) : await f.store.sms(id(), whole());
    assert.ok(rows.length > 0, `the busiest subscriber has ${category}`);
    assert.equal(r.outcome, 'disclosed', JSON.stringify(r.refusal));
    assert.equal(r.records, rows.length);
    const got = category === 'calls' ? r.view.calls : r.view.sms;
    assert.equal(got.length, rows.length);
    const expected = rows.map((x) => ({ other: x.otherParty, out: x.direction === 'originating' || x.direction === 'MO' })).sort((x, y) => x.other.localeCompare(y.other) || Number(x.out) - Number(y.out));
    const shown = got.map((x) => ({ other: x.otherParty, out: x.direction === 'outgoing' })).sort((x, y) => x.other!.localeCompare(y.other!) || Number(x.out) - Number(y.out));
    assert.deepEqual(shown, expected);
    if (category === 'calls') {
      // Duration from the answer to the end, in seconds (TS 102 657 durationTime; 0 when never answered).
      const durations = (await f.store.calls(id(), whole())).map((c) => (c.answerMs === undefined ? 0 : Math.round((c.endMs - c.answerMs) / 1000)));
      assert.deepEqual(r.view.calls.map((c) => c.durationS).sort(), durations.sort());
    }
    const log = await entriesSince(n);
    assert.deepEqual(log.map((e) => e.type), ['console.rd-request', 'console.rd-disclosed', 'console.rd-view']);
    for (const e of log) assert.equal(e.details.user, 'ana');
    assert.equal(log[0]!.details.orderId, f.order.id);
    assert.equal(log[0]!.details.identifierKind, 'msisdn');
    assert.equal(log[1]!.details.records, rows.length);
    assert.equal(log[1]!.details.answerSha256, r.answerSha256);
    assert.ok(!JSON.stringify(log).includes(f.msisdn), 'no identifier in clear on the access log');
  }
  // The RDHI answered both under the order.
  assert.equal(f.events.filter((e) => e.type === 'rd.disclosed').length, 2);
});

test('subscriber card, location history and equipment are the store rows', async () => {
  const sub = (await ask('subscriber')).json as { result: RdResultView };
  const s = (await f.store.subscriberData(id(), whole()))[0]!;
  assert.equal(sub.result.view.subscribers.length, 1);
  assert.equal(sub.result.view.subscribers[0]!.givenName, s.givenName);
  assert.equal(sub.result.view.subscribers[0]!.familyName, s.familyName);
  assert.deepEqual(sub.result.view.subscribers[0]!.msisdns, [f.msisdn]);
  assert.equal(sub.result.view.subscribers[0]!.imsi, s.imsi);
  const loc = (await ask('location')).json as { result: RdResultView };
  const rows = await f.store.locationHistory(id(), whole());
  assert.ok(rows.length > 0);
  assert.deepEqual(loc.result.view.locations.map((p) => [p.at, p.cellId, p.latitude, p.longitude]), [...rows].sort((a, b) => a.atMs - b.atMs).map((l) => [new Date(l.atMs).toISOString(), l.cellId, Number(l.latitude.toFixed(6)), Number(l.longitude.toFixed(6))]));
  const eq = (await ask('equipment')).json as { result: RdResultView };
  const devices = await f.store.equipment(id(), whole());
  assert.deepEqual(eq.result.view.equipment.map((e) => [e.imeis, e.imsi, e.msisdns]), devices.map((d) => [[d.imei], d.imsi, [d.msisdn]]));
});

test("a category outside the order: the RDHI's refusal (403) is shown, kept and on the log; nothing disclosed", async () => {
  const n = h.accessLog.size;
  const disclosed = f.events.filter((e) => e.type === 'rd.disclosed').length;
  const a = await ask('dataSessions');
  assert.equal(a.status, 201, a.text);
  const r = (a.json as { result: RdResultView }).result;
  assert.equal(r.outcome, 'refused');
  assert.equal(r.refusal?.value, 403);
  assert.match(r.refusal.description, /Forbidden/);
  assert.equal(r.records, 0);
  assert.equal(f.events.filter((e) => e.type === 'rd.disclosed').length, disclosed);
  assert.equal(f.events.at(-1)?.type, 'rd.refused');
  const log = await entriesSince(n);
  assert.deepEqual(log.map((e) => e.type), ['console.rd-request', 'console.rd-refused']);
  assert.equal(log[1]!.details.rdError, 403);
  kept.push(r.id);
});

test('an auditor may not ask or read (403), and nothing is sent or logged', async () => {
  const n = h.accessLog.size;
  const asked = f.events.length;
  for (const a of [await as(h, aud, '/api/rd'), await ask('calls', {}, aud), await as(h, aud, '/api/rd/requests'), await as(h, aud, `/api/rd/requests/${kept[0]!}`)]) {
    assert.equal(a.status, 403, a.text);
    assert.equal(errorCode(a), 'CONSOLE_FORBIDDEN');
  }
  assert.equal(f.events.length, asked);
  assert.equal(h.accessLog.size, n);
});

test('a kept request is read back from its sealed bytes, verified again, and each view is on the log', async () => {
  const list = (await as(h, ana, '/api/rd/requests')).json as { requests: { id: string; outcome: string }[] };
  assert.deepEqual(new Set(list.requests.map((r) => r.id)), new Set([...kept, ...list.requests.map((r) => r.id)]));
  assert.ok(kept.every((k) => list.requests.some((r) => r.id === k)));
  const n = h.accessLog.size;
  const a = await as(h, ana, `/api/rd/requests/${kept[0]!}`);
  assert.equal(a.status, 200, a.text);
  assert.equal((a.json as { result: RdResultView }).result.view.calls.length, (await f.store.calls(id(), whole())).length);
  const ber = await as(h, ana, `/api/rd/requests/${kept[0]!}/answer.ber`);
  assert.equal(ber.status, 200);
  const log = await entriesSince(n);
  assert.deepEqual(log.map((e) => [e.type, e.details.what, e.details.requestId]), [['console.rd-view', 'records', kept[0]], ['console.rd-view', 'answer bytes', kept[0]]]);
  // The evidence on disk: one sealed file per request, no identifier in clear, opening to the exact bytes.
  const files = readdirSync(join(h.dir, 'lemf', '_retained-data'));
  assert.ok(kept.every((k) => files.includes(`${k}.aead`)));
  for (const file of files) assert.ok(!readFileSync(join(h.dir, 'lemf', '_retained-data', file)).includes(f.msisdn));
  const evidence = new RdEvidenceStore(join(h.dir, 'lemf'), TEST_EVIDENCE_KEY);
  const e = evidence.get(kept[0]!);
  assert.equal(createHash('sha256').update(Buffer.concat(e.answers)).digest('hex'), e.summary.answerSha256);
  if (validatorsSkipReason) return console.log(`decode-rd.sh skipped: ${validatorsSkipReason}`);
  const wire = kept.flatMap((k) => {
    const x = evidence.get(k);
    return [{ name: `${k}.req.ber`, bytes: x.requestBytes }, ...x.answers.map((b, i) => ({ name: `${k}.ans${i}.ber`, bytes: b }))];
  });
  const v = validateBytes('decode-rd.sh', wire, ['-c', '-s', '-o', 'null']);
  assert.ok(v.ok, v.stderr.slice(-3000));
  assert.equal((v.stderr.match(/decoded OK/gu) ?? []).length, wire.length, v.stderr.slice(-3000));
});

test('need to know: an analyst not assigned the order sees none of it until a supervisor assigns it (on the log first)', async () => {
  const bob = await login(h, 'bob');
  const asked = f.events.length;
  const n = h.accessLog.size;
  assert.deepEqual((await as(h, bob, '/api/rd')).json, { orders: [], assigned: [], operators: ['opA', 'opDown', 'opWrongKey'], categories: ['subscriber', 'calls', 'sms', 'dataSessions', 'location', 'equipment', 'ipSubscriber'] });
  assert.equal((await ask('calls', {}, bob)).status, 403);
  assert.deepEqual(((await as(h, bob, '/api/rd/requests')).json as { requests: unknown[] }).requests, []);
  for (const path of [`/api/rd/requests/${kept[0]!}`, `/api/rd/requests/${kept[0]!}/answer.ber`]) {
    const a = await as(h, bob, path);
    assert.equal(a.status, 403, a.text);
    assert.equal((a.json as { result?: unknown }).result, undefined);
  }
  assert.equal(f.events.length, asked, 'nothing sent');
  assert.equal(h.accessLog.size, n, 'nothing shown, nothing to log');
  // A supervisor assigns the order (the change on the access log before it applies); then bob may.
  const sup = await login(h, 'sup');
  const m = h.accessLog.size;
  const set = await as(h, sup, '/api/users/bob/orders', { body: { orders: [f.order.id] } });
  assert.equal(set.status, 200, set.text);
  const [change] = await entriesSince(m);
  assert.equal(change?.type, 'console.order-assignment-changed');
  assert.deepEqual(change?.details, { user: 'bob', before: [], after: [f.order.id] });
  assert.deepEqual(((await as(h, bob, '/api/rd')).json as { orders: RdOrderView[] }).orders.map((o) => o.id), [f.order.id]);
  assert.equal((await as(h, bob, `/api/rd/requests/${kept[0]!}`)).status, 200);
  // Malformed assignments are refused; an analyst may not assign.
  assert.equal((await as(h, sup, '/api/users/bob/orders', { body: { orders: ['PO-1'] } })).status, 400);
  assert.equal((await as(h, bob, '/api/users/bob/orders', { body: { orders: [] } })).status, 403);
});

test('fail closed: with the access log down nothing is sent to the RDHI and nothing shown (503)', async () => {
  const asked = f.events.length;
  h.accessLog.failAppends = true;
  try {
    const a = await ask('calls');
    assert.equal(a.status, 503, a.text);
    assert.equal(errorCode(a), 'CONSOLE_ACCESS_LOG_UNAVAILABLE');
    const v = await as(h, ana, `/api/rd/requests/${kept[0]!}`);
    assert.equal(v.status, 503);
    assert.equal((v.json as { result?: unknown }).result, undefined);
  } finally {
    h.accessLog.failAppends = false;
  }
  assert.equal(f.events.length, asked, 'the RDHI received nothing');
});

test('refused by the console before anything is sent: another identifier (403), an unknown order (404), bad input (400)', async () => {
  const asked = f.events.length;
  const n = h.accessLog.size;
  const other = await ask('calls', { identifier: { kind: 'msisdn', value: '447700000999' } });
  assert.equal(other.status, 403, other.text);
  const notAssigned = await ask('calls', { orderId: '00000000-0000-4000-8000-000000000000' });
  assert.equal(notAssigned.status, 403, notAssigned.text);
  await h.users.assignOrders('ana', [f.order.id, '00000000-0000-4000-8000-000000000000']);
  const unknown = await ask('calls', { orderId: '00000000-0000-4000-8000-000000000000' });
  assert.equal(unknown.status, 404, unknown.text);
  await h.users.assignOrders('ana', [f.order.id]);
  for (const body of [{ category: 'everything' }, { identifier: { kind: 'msisdn', value: '4477*' } }, { period: { start: 'yesterday', end: 'today' } }, { operator: '../x' }]) {
    const a = await ask('calls', body);
    assert.equal(a.status, 400, `${JSON.stringify(body)}: ${a.text}`);
    assert.equal(errorCode(a), 'CONSOLE_BAD_REQUEST');
  }
  assert.equal(f.events.length, asked);
  assert.equal(h.accessLog.size, n);
});

test('an unreachable RDHI and an answer that does not verify are typed 502s, on the log, nothing shown', async () => {
  const n = h.accessLog.size;
  const down = await ask('calls', { operator: 'opDown' });
  assert.equal(down.status, 502, down.text);
  assert.equal(errorCode(down), 'CONSOLE_RD_UNAVAILABLE');
  const forged = await ask('calls', { operator: 'opWrongKey' });
  assert.equal(forged.status, 502, forged.text);
  assert.equal(errorCode(forged), 'CONSOLE_RD_BAD_ANSWER');
  const log = await entriesSince(n);
  assert.deepEqual(log.map((e) => [e.type, e.details.code]), [['console.rd-request', undefined], ['console.rd-failed', 'CONSOLE_RD_UNAVAILABLE'], ['console.rd-request', undefined], ['console.rd-failed', 'CONSOLE_RD_BAD_ANSWER']]);
});

test('data sessions, and an IP → subscriber request through CGNAT (public address, port, instant), each under its own order', async () => {
  const ds = f.issue({ categories: ['dataSessions'] });
  const ip0 = f.traffic.events.find((x): x is PduSessionEvent => x.operatorId === 'opA' && x.kind === 'pdu-session-establishment' && 'nat' in x && x.nat !== undefined);
  assert.ok(ip0?.nat, 'the network put a session behind CGNAT');
  await h.users.assignOrders('ana', [f.order.id, ds.id]);
  const a = await ask('dataSessions', { orderId: ds.id });
  assert.equal(a.status, 201, a.text);
  const sessions = (a.json as { result: RdResultView }).result;
  const rows = await f.store.dataSessions(id(), whole());
  assert.equal(sessions.outcome, 'disclosed', JSON.stringify(sessions.refusal));
  assert.ok(rows.length > 0, 'the busiest subscriber has data sessions');
  assert.deepEqual(sessions.view.dataSessions.map((s) => [s.start, s.end, s.msisdn]).sort(), rows.map((d) => [new Date(d.startMs).toISOString(), new Date(d.endMs).toISOString(), d.msisdn]).sort());
  assert.deepEqual(sessions.view.dataSessions.flatMap((s) => s.addresses.map((x) => x.address)).sort(), rows.flatMap((d) => [d.ueIp, ...(d.nat ? [d.nat.publicIp] : [])]).sort());

  const e = ip0;
  const probe = { kind: 'ip' as const, address: e.nat!.publicIpv4, at: new Date(Math.floor(e.timeMs) + 1).toISOString(), port: e.nat!.portStart + 1 };
  const ip = f.issue({ identifiers: [probe], categories: ['ipSubscriber'] });
  await h.users.assignOrders('ana', [f.order.id, ds.id, ip.id]);
  const b = await as(h, ana, '/api/rd/requests', { body: { orderId: ip.id, operator: 'opA', category: 'ipSubscriber', identifier: probe } });
  assert.equal(b.status, 201, b.text);
  const who = (b.json as { result: RdResultView }).result;
  assert.equal(who.outcome, 'disclosed', JSON.stringify(who.refusal));
  assert.deepEqual(who.view.subscribers.map((s) => s.msisdns), [[e.served[0]!.msisdn]]);
  assert.ok(who.view.dataSessions.some((s) => s.translations.some((t) => t.public === probe.address && t.ports === `${e.nat!.portStart}–${e.nat!.portEnd}`)), JSON.stringify(who.view.dataSessions));
});

test('`warranted audit verify` passes on the access log holding the retained-data entries', async () => {
  await h.accessLog.checkpoint();
  const types = new Set((await h.accessLog.entries(0, h.accessLog.size)).map((e) => e.event.type));
  for (const t of ['console.rd-request', 'console.rd-disclosed', 'console.rd-refused', 'console.rd-failed', 'console.rd-view']) assert.ok(types.has(t), t);
  const pub = join(dir, 'access-log.pub.pem');
  writeFileSync(pub, ConsoleAccessLog.publicKeyPem(h.logKeyPem));
  const r = spawnSync(process.execPath, ['bin/warranted.mjs', 'audit', 'verify', '--dir', h.accessLog.directory, '--key', pub], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /VERIFIED/);
  assert.match(r.stdout, /law: 0 violation/);
});
