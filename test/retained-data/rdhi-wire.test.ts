/**
 * The operator's RDHI over the real wire (TS 102 657 §7.3 BER inside mutual TLS, 127.0.0.1) in front
 * of a real retained-data store filled by the synthetic network: an exact request inside its order is
 * answered with exactly the store's rows, signed by the operator, after `rd.request` and with
 * `rd.disclosed` naming the SHA-256 of the bytes received; an IP + time + port through CGNAT finds the
 * one subscriber; a request beyond the order, without an order, from another agency, or with a
 * wildcard is refused with the categorised error and audited, and the store is not read; when the
 * recorder fails nothing is read or disclosed; when the order cannot be looked up or its keys checked
 * (desk or log unreachable) the answer is an ErrorMessage 503, audited, nothing read. Every message on
 * the wire passes decode-rd.sh -c -s.
 *
 * The order authority here is a table of orders (the handler's guarantees are the subject); the real
 * verifier of signed production orders is src/warrants/production-order-verify.ts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoPki, type Credentials } from '../../src/platform/pki.ts';
import { buildExactRequest, encodeRdMessage, type ExactRdRequest, type RdCategory, type RdIdentifier, type RetainedDataMessageInput } from '../../src/standards/rd/index.ts';
import { tlsConnector, tlsListener } from '../../src/wires/transport.ts';
import { RdClient, rdDigestVerifies, startRdServer, type RdServer } from '../../src/wires/rd/index.ts';
import { RetainedDataStore } from '../../src/retained-data/store.ts';
import { OrderSourceUnavailable, rdhiHandler, type OrderAuthority, type RdhiRecorder } from '../../src/retained-data/rdhi/handler.ts';
import { busiest, runTraffic, type Traffic } from './fixtures.ts';
import { validateBytes, validatorsSkipReason } from '../helpers/validators.ts';

interface TableOrder {
  agency: string;
  identifier: RdIdentifier;
  categories: RdCategory[];
  start: Date;
  end: Date;
}

let dir: string;
let creds: Map<string, Credentials>;
let store: RetainedDataStore;
let traffic: Traffic;
let server: RdServer;
let reads = 0;
let failRecorder: 'request' | 'disclosed' | undefined;
const events: { type: string; d: Record<string, unknown> }[] = [];
const onWire: { name: string; bytes: Uint8Array }[] = [];
const operatorKey = generateKeyPairSync('ed25519');
const orders = new Map<string, TableOrder>();
let msisdn = '';
let ipProbe: { address: string; at: Date; port: number; msisdn: string } | undefined;

const same = (a: RdIdentifier, b: RdIdentifier) => JSON.stringify(a) === JSON.stringify(b);
const authority: OrderAuthority = {
  find: (id) => {
    // The role's order authority throws this when neither the desk nor a file can serve the order.
    if (id === 'PO-DOWN') return Promise.reject(new OrderSourceUnavailable('RDHI_DESK_UNAVAILABLE', 'the desk cannot be asked'));
    return Promise.resolve(orders.has(id) ? { orderId: id, orderHash: createHash('sha256').update(id).digest('hex') } : undefined);
  },
  judge: (ref, r: ExactRdRequest, peer) => {
    // …and answers this when the authorities' key revocations cannot be read.
    if (ref.orderId === 'PO-KEYS') return Promise.resolve({ ok: false, code: 'RDHI_KEYS_UNAVAILABLE', refusal: 'unavailable', message: 'the log cannot be read' });
    const o = orders.get(ref.orderId)!;
    if (peer !== o.agency) return Promise.resolve({ ok: false, code: 'ORDER_WRONG_AGENCY', refusal: 'orderMissingOrInvalid', message: 'another agency' });
    if (!same(o.identifier, r.identifier)) return Promise.resolve({ ok: false, code: 'ORDER_IDENTIFIER_OUTSIDE', refusal: 'outsideOrder', message: 'identifier' });
    if (!o.categories.includes(r.category)) return Promise.resolve({ ok: false, code: 'ORDER_CATEGORY_OUTSIDE', refusal: 'outsideOrder', message: 'category' });
    const s = r.period?.start ?? (r.identifier.kind === 'ip' ? r.identifier.at : new Date(0));
    const e = r.period?.end ?? s;
    if (s < o.start || e > o.end) return Promise.resolve({ ok: false, code: 'ORDER_PERIOD_OUTSIDE', refusal: 'outsideOrder', message: 'period' });
    return Promise.resolve({ ok: true, identifierCommitment: 'c0mm1t' });
  },
};
const recorder: RdhiRecorder = {
  request: (d) => (failRecorder === 'request' ? Promise.reject(new Error('audit down')) : (events.push({ type: 'rd.request', d: { ...d } }), Promise.resolve())),
  refused: (d) => (events.push({ type: 'rd.refused', d: { ...d } }), Promise.resolve()),
  disclosed: (d) => (failRecorder === 'disclosed' ? Promise.reject(new Error('audit down')) : (events.push({ type: 'rd.disclosed', d: { ...d } }), Promise.resolve())),
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rdhi-'));
  creds = await ensureDemoPki(join(dir, 'pki'), ['rdhi-opA', 'agency-a', 'agency-b']);
  store = await RetainedDataStore.open('opA', { kind: 'embedded' });
  traffic = await runTraffic(new Map([['opA', store], ['opB', await RetainedDataStore.open('opB', { kind: 'embedded' })]]), 8);
  const op = traffic.operators[0]!;
  msisdn = op.subscriber(busiest(traffic, op, 1)[0]!).msisdn;
  for (const e of traffic.events) {
    if (e.operatorId !== 'opA' || e.kind !== 'pdu-session-establishment' || !e.nat) continue;
    ipProbe = { address: e.nat.publicIpv4, at: new Date(Math.floor(e.timeMs) + 1), port: e.nat.portStart + 1, msisdn: e.served[0]!.msisdn };
    break;
  }
  const counted = Object.create(store) as RetainedDataStore;
  counted.answer = (q) => (reads++, store.answer(q));
  orders.set('PO-1', { agency: 'agency-a', identifier: { kind: 'msisdn', value: msisdn }, categories: ['calls', 'sms', 'location', 'subscriber'], start: new Date(traffic.startMs), end: new Date(traffic.endMs) });
  orders.set('PO-KEYS', orders.get('PO-1')!);
  if (ipProbe) orders.set('PO-IP', { agency: 'agency-a', identifier: { kind: 'ip', address: ipProbe.address, at: ipProbe.at, port: ipProbe.port }, categories: ['ipSubscriber'], start: new Date(traffic.startMs), end: new Date(traffic.endMs) });
  server = await startRdServer({
    listener: tlsListener(creds.get('rdhi-opA')!),
    bind: { host: '127.0.0.1', port: 0 },
    cspId: 'opA',
    countryCode: 'GB',
    handler: rdhiHandler({ cspId: 'opA', store: counted, authority, recorder, signingKey: operatorKey.privateKey }),
  });
});
after(async () => {
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
function req(category: RdCategory, identifier: RdIdentifier, order: string | undefined, period?: { start: Date; end: Date }): RetainedDataMessageInput {
  return buildExactRequest({
    requestID: { countryCode: 'GB', authorisedOrganisationID: 'agency-a', requestNumber: `R-${++n}`, ...(order ? { externalIdentifier: order } : {}) },
    cSPID: 'opA',
    timeStamp: new Date(),
    category,
    identifier,
    ...(period ? { period } : {}),
  });
}
async function ask(m: RetainedDataMessageInput, agency = 'agency-a') {
  onWire.push({ name: `req-${onWire.length}.ber`, bytes: encodeRdMessage(m) });
  const answers = await new RdClient({ connector: tlsConnector(creds.get(agency)!), endpoint: server.endpoint, cspPublicKey: operatorKey.publicKey }).exchange(m);
  for (const a of answers) onWire.push({ name: `ans-${onWire.length}.ber`, bytes: a.raw });
  assert.equal(answers.length, 1);
  return answers[0]!;
}
const whole = () => ({ start: new Date(traffic.startMs), end: new Date(traffic.endMs) });

test('calls and SMS inside the order: exactly the store rows, signed, rd.request then rd.disclosed with the digest of the bytes received', async () => {
  for (const category of ['calls', 'sms'] as const) {
    events.length = 0;
    const expected = category === 'calls' ? await store.calls({ kind: 'msisdn', value: msisdn }, whole()) : await store.sms({ kind: 'msisdn', value: msisdn }, whole());
    assert.ok(expected.length > 0, `the busiest subscriber has ${category}`);
    const a = await ask(req(category, { kind: 'msisdn', value: msisdn }, 'PO-1', whole()));
    assert.ok(rdDigestVerifies(a.message, operatorKey.publicKey));
    const p = a.message.retainedDataPayload;
    assert.ok('responseMessage' in p && 'responseComplete' in p.responseMessage.responseStatus);
    const records = p.responseMessage.responsePayload ?? [];
    assert.equal(records.length, expected.length);
    for (const r of records) {
      assert.ok('telephonyRecord' in r.recordPayload && 'telephonyServiceUsage' in r.recordPayload.telephonyRecord);
      assert.equal(r.recordPayload.telephonyRecord.telephonyServiceUsage.partyInformation?.[0]?.partyNumber, msisdn);
    }
    assert.deepEqual(events.map((e) => e.type), ['rd.request', 'rd.disclosed']);
    assert.equal(events[1]!.d.responseSha256, createHash('sha256').update(a.raw).digest('hex'));
    assert.equal(events[1]!.d.records, expected.length);
  }
});

test('IP address + time + port through CGNAT: the one subscriber', async (t) => {
  if (!ipProbe) return t.skip('the simulated traffic had no CGNAT session (seeded: should not happen)');
  const a = await ask(req('ipSubscriber', { kind: 'ip', address: ipProbe.address, at: ipProbe.at, port: ipProbe.port }, 'PO-IP'));
  const p = a.message.retainedDataPayload;
  assert.ok('responseMessage' in p);
  const numbers = new Set<string>();
  for (const r of p.responseMessage.responsePayload ?? []) {
    if ('networkAccess' in r.recordPayload && 'naServiceUsage' in r.recordPayload.networkAccess) numbers.add(r.recordPayload.networkAccess.naServiceUsage.gprsInformation?.mSISDN ?? '');
    if ('telephonyRecord' in r.recordPayload && 'telephonySubscriber' in r.recordPayload.telephonyRecord)
      for (const s of r.recordPayload.telephonyRecord.telephonySubscriber.subscribedTelephonyServices ?? []) for (const x of s.registeredNumbers ?? []) numbers.add(x);
  }
  assert.deepEqual([...numbers], [ipProbe.msisdn]);
});

test('beyond the order, without an order, from another agency, or a wildcard: refused, audited, the store not read', async () => {
  const before = reads;
  const beyond = { start: new Date(traffic.startMs - 86_400_000), end: new Date(traffic.endMs) };
  const cases: [RetainedDataMessageInput, string, number, string][] = [
    [req('calls', { kind: 'msisdn', value: msisdn }, 'PO-1', beyond), 'agency-a', 403, 'ORDER_PERIOD_OUTSIDE'],
    [req('dataSessions', { kind: 'msisdn', value: msisdn }, 'PO-1', whole()), 'agency-a', 403, 'ORDER_CATEGORY_OUTSIDE'],
    [req('calls', { kind: 'msisdn', value: '447700900999' }, 'PO-1', whole()), 'agency-a', 403, 'ORDER_IDENTIFIER_OUTSIDE'],
    [req('calls', { kind: 'msisdn', value: msisdn }, undefined, whole()), 'agency-a', 401, 'ORDER_NOT_FOUND'],
    [req('calls', { kind: 'msisdn', value: msisdn }, 'PO-404', whole()), 'agency-a', 401, 'ORDER_NOT_FOUND'],
    [req('calls', { kind: 'msisdn', value: msisdn }, 'PO-1', whole()), 'agency-b', 401, 'ORDER_WRONG_AGENCY'],
  ];
  for (const [m, agency, value, code] of cases) {
    events.length = 0;
    const p = (await ask(m, agency)).message.retainedDataPayload;
    assert.ok('responseMessage' in p && 'responseFailed' in p.responseMessage.responseStatus, code);
    assert.equal(p.responseMessage.responseStatus.responseFailed.categorisedErrorDescription?.value, value, code);
    assert.equal(p.responseMessage.responsePayload, undefined);
    assert.equal(events.at(-1)?.type, 'rd.refused');
    assert.equal(events.at(-1)?.d.code, code);
  }
  // A number prefix instead of a number (startsWith): not exact, refused before any order is looked at.
  events.length = 0;
  const wild = req('calls', { kind: 'msisdn', value: msisdn }, 'PO-1', whole());
  const rm = (wild.retainedDataPayload as { requestMessage: { requestParameters: Record<string, unknown> } }).requestMessage.requestParameters;
  rm.startsWith = rm.equals;
  delete rm.equals;
  const p = (await ask(wild)).message.retainedDataPayload;
  assert.ok('errorMessage' in p);
  assert.equal(p.errorMessage.categorisedErrorDescription?.value, 422);
  assert.deepEqual(events.map((e) => [e.type, e.d.code]), [['rd.refused', 'RD_NOT_EXACT']]);
  assert.equal(reads, before, 'no refused request read the store');
});

test('the recorder failing: nothing is read before rd.request is durable, nothing disclosed before rd.disclosed is', async () => {
  try {
    failRecorder = 'request';
    const before = reads;
    let p = (await ask(req('calls', { kind: 'msisdn', value: msisdn }, 'PO-1', whole()))).message.retainedDataPayload;
    assert.ok('errorMessage' in p);
    assert.equal(p.errorMessage.categorisedErrorDescription?.value, 503);
    assert.equal(reads, before);
    failRecorder = 'disclosed';
    p = (await ask(req('calls', { kind: 'msisdn', value: msisdn }, 'PO-1', whole()))).message.retainedDataPayload;
    assert.ok('errorMessage' in p, 'no records were sent');
    assert.equal(p.errorMessage.categorisedErrorDescription?.value, 503);
  } finally {
    failRecorder = undefined;
  }
});

test('the order cannot be looked up or its keys checked now: an ErrorMessage 503, audited, the store not read', async () => {
  const before = reads;
  for (const [order, code, recorded] of [['PO-DOWN', 'RDHI_DESK_UNAVAILABLE', ['rd.refused']], ['PO-KEYS', 'RDHI_KEYS_UNAVAILABLE', ['rd.request', 'rd.refused']]] as const) {
    events.length = 0;
    const p = (await ask(req('calls', { kind: 'msisdn', value: msisdn }, order, whole()))).message.retainedDataPayload;
    assert.ok('errorMessage' in p, code);
    assert.equal(p.errorMessage.categorisedErrorDescription?.value, 503, code);
    assert.match(p.errorMessage.information ?? '', new RegExp(code));
    assert.deepEqual(events.map((e) => e.type), recorded);
    assert.deepEqual([events.at(-1)?.d.code, events.at(-1)?.d.rdError, events.at(-1)?.d.orderId], [code, 503, order]);
  }
  assert.equal(reads, before, 'nothing read');
});

test('every request and answer on the wire passes decode-rd.sh -c -s', (t) => {
  if (validatorsSkipReason) return t.skip(validatorsSkipReason);
  assert.ok(onWire.length >= 20, `collected ${onWire.length}`);
  const r = validateBytes('decode-rd.sh', onWire, ['-c', '-s', '-o', 'null']);
  assert.ok(r.ok, r.stderr.slice(-3000));
  assert.equal((r.stderr.match(/decoded OK/gu) ?? []).length, onWire.length, r.stderr.slice(-3000));
});
