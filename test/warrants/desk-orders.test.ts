/**
 * Production orders through the warrant desk over real HTTPS with mutual TLS (TS 103 120 HI-1,
 * docs/hi1-intake.md "Production orders on HI-1"): the agency CREATEs the order's Authorisation and
 * LDTaskObjects, the judge signs the canonical text with UPDATE → Active; refusals (wrong signer,
 * unsigned approval, wildcard identifier, period beyond the profile, someone else's signature, a
 * half-valid pair of signatures) answer with the Annex D code and the order code, store nothing and
 * are audited; another agency cannot see the order; the RDHI of an operator the order names GETs it
 * with the identifier salt, another operator's RDHI cannot; a signed revocation makes it Revoked.
 * Every HI-1 document exchanged validates against the official XSDs plus warranted-hi1-1.xsd.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, MemoryAuditStore, createNoteSigner, type AuditEvent } from '../../src/audit/index.ts';
import { warrantSalt } from '../../src/audit/commitment.ts';
import { ensureDemoPki } from '../../src/platform/pki.ts';
import { decodeHI1Message, encodeHI1Message, withoutReceivedBytes } from '../../src/standards/hi1/index.ts';
import type { XmlHttpsServer } from '../../src/wires/https-xml.ts';
import {
  loadProfiles,
  openEmbeddedWarrantStore,
  orderCanonicalText,
  ProductionOrderService,
  readOrderBundle,
  signOrderApproval,
  signOrderRevocation,
  SqlOrderStore,
  WarrantService,
  type OrderAuditEvent,
  type OrderIdentifier,
  type ProductionOrder,
  type SqlWarrantStore,
} from '../../src/warrants/index.ts';
import {
  Hi1ActionRefused,
  Hi1Client,
  WarrantDesk,
  fetchOrder,
  firstResponse,
  ldTaskIdFor,
  listOrders,
  orderDocumentIdFor,
  orderDraftFromHi1,
  orderToHi1Objects,
  revokeOrder,
  signOrder,
  startDeskServer,
  submitOrder,
} from '../../src/warrants/desk/index.ts';
import { validatorsSkipReason } from '../helpers/validators.ts';
import { assertCapturedHi1Valid, startHi1Capture, validateHi1Files, type Hi1Capture } from '../helpers/hi1-capture.ts';
import { DAY, makeOrderWorld, orderDraft, type OrderWorld } from './production-order-fixtures.ts';
import { draft as warrantDraft } from './fixtures.ts';

const PEERS = ['warrant-desk', 'us-fbi', 'us-dea', 'us-magistrate-1', 'us-ausa-1', 'op-a-rdhi', 'op-b-rdhi'] as const;
type PeerName = Exclude<(typeof PEERS)[number], 'warrant-desk'>;

let store: SqlWarrantStore;
let w: OrderWorld;
let orders: ProductionOrderService;
let warrants: WarrantService;
let log: AuditLog;
let server: XmlHttpsServer;
let pkiDir: string;
let capture: Hi1Capture;
const orderEvents: OrderAuditEvent[] = [];
const identityKey = randomBytes(32);
const clients = {} as Record<PeerName, Hi1Client>;

before(async () => {
  capture = startHi1Capture();
  store = await openEmbeddedWarrantStore();
  w = await makeOrderWorld();
  orders = new ProductionOrderService({
    store: new SqlOrderStore(store),
    audit: { append: (e) => Promise.resolve(orderEvents.push(structuredClone(e))) },
    keys: w.keys,
    profiles: w.profiles,
    clock: w.clock,
  });
  warrants = new WarrantService({ store, audit: w.audit, keys: w.keys, profiles: loadProfiles(), clock: w.clock });
  log = await AuditLog.open({ store: new MemoryAuditStore(), signer: createNoteSigner('desk-orders-test-log', generateKeyPairSync('ed25519').privateKey) });
  pkiDir = mkdtempSync(join(tmpdir(), 'warranted-desk-orders-pki-'));
  const pki = await ensureDemoPki(pkiDir, [...PEERS]);
  const desk = new WarrantDesk({
    service: warrants,
    keys: w.keys,
    audit: log,
    coreAudit: w.audit,
    clock: w.clock,
    identityKey,
    orders: {
      service: orders,
      profiles: w.profiles,
      rdhi: new Map([['op-a-rdhi', 'demo-op-a'], ['op-b-rdhi', 'demo-op-b']]),
      identifierSalt: (id) => warrantSalt(identityKey, id),
    },
  });
  server = await startDeskServer({ desk, creds: pki.get('warrant-desk')! });
  for (const id of PEERS) if (id !== 'warrant-desk') clients[id] = new Hi1Client({ creds: pki.get(id)!, endpoint: server.endpoint, self: { countryCode: 'XX', uniqueIdentifier: id } });
});
after(async () => {
  for (const c of Object.values(clients)) c.close();
  await server.close();
  await log.close();
  await store.close();
  rmSync(pkiDir, { recursive: true, force: true });
  capture.stop();
});

function newOrder(over: Partial<ProductionOrder> = {}): ProductionOrder {
  return { ...orderDraft('us-sca-2703', w.clock), id: randomUUID(), ...over };
}

async function hi1Events(from: number): Promise<AuditEvent[]> {
  return (await log.entries(from)).map((e) => e.event);
}

/** `run` must be refused with HI-1 `code` and our `reason`; no order is stored or changed; hi1.refused is logged. */
async function refused(code: number, reason: string, run: () => Promise<unknown>): Promise<void> {
  const before = JSON.stringify(await orders.list());
  const n = log.size;
  await assert.rejects(run, (e: unknown) => {
    assert.ok(e instanceof Hi1ActionRefused, String(e));
    assert.equal(e.errorCode, code, e.errorDescription);
    assert.equal(e.reasonCode, reason, e.errorDescription);
    return true;
  });
  assert.equal(JSON.stringify(await orders.list()), before, 'no order stored or changed');
  const ev = (await hi1Events(n)).filter((e) => e.type === 'hi1.refused');
  assert.ok(ev.length >= 1, 'hi1.refused audited');
  assert.equal(ev[0]!.details.reasonCode, code);
  assert.equal(ev[0]!.details.code, reason);
}

const judgeSigns = (o: { canonical: string }) => signOrderApproval(o.canonical, w.signers.usJudge, w.clock.now());

describe('the mapping', () => {
  test('an order → Authorisation + one LDTask per identifier and category → the same canonical order', () => {
    const o = newOrder({
      identifiers: [
        { kind: 'msisdn', value: '447700900123' },
        { kind: 'ip', address: '2001:db8::7', at: new Date(w.clock.now().getTime() - 3_600_123).toISOString(), port: 40123 },
      ],
      categories: ['subscriber', 'dataSessions'],
    });
    const objects = orderToHi1Objects(o, 'XX');
    assert.equal(objects.length, 1 + 2 * 2);
    const xml = encodeHI1Message(clients['us-fbi'].buildMessage(objects.map((object) => ({ verb: 'CREATE' as const, object }))));
    const back = withoutReceivedBytes(decodeHI1Message(xml));
    assert.ok(back.payload.kind === 'request');
    const [auth, ...tasks] = back.payload.actionRequests.map((a) => (a.verb === 'CREATE' ? a.object : undefined));
    assert.ok(auth?.objectType === 'Authorisation');
    const ld = tasks.flatMap((t) => (t?.objectType === 'LDTask' ? [t] : []));
    assert.equal(ld.length, 4);
    const ip = ld.find((t) => t.requestDetails?.requestValues?.some((v) => v.formatName === 'IPv6Address'))!;
    assert.deepEqual(ip.requestDetails?.requestValues?.map((v) => `${v.formatName}=${v.value}`), ['IPv6Address=2001:0db8:0000:0000:0000:0000:0000:0007', 'Port=40123']);
    assert.match(ip.requestDetails?.observedTime ?? '', /:\d\dZ$/u, 'ObservedTime in whole seconds; the exact instant in OrderTaskParameters');
    const { draft } = orderDraftFromHi1(auth, ld, o.agency.id, 'XX');
    assert.equal(orderCanonicalText(draft), orderCanonicalText(o));
  });
});

describe('submit, sign, revoke over HI-1', () => {
  let order: ProductionOrder;
  test('submit → AwaitingApproval; the judge signs the canonical text → Active', async () => {
    order = newOrder();
    const submitted = await submitOrder(clients['us-fbi'], order);
    assert.equal(submitted.state, 'AwaitingApproval');
    const rec = (await orders.get(order.id))!;
    assert.equal(submitted.canonical, rec.canonical);
    assert.equal(submitted.hash, rec.hash);
    assert.equal(submitted.identifierSalt, undefined, 'the agency does not get the salt');
    const signature = judgeSigns(submitted);
    const active = await signOrder(clients['us-magistrate-1'], order.id, [signature]);
    assert.equal(active.state, 'Active');
    // A retry (answer lost) repeats the recorded signature: answered with the order, nothing added.
    assert.equal((await signOrder(clients['us-magistrate-1'], order.id, [signature])).bundle.signatures.length, 1);
    await refused(3005, 'ORDER_UNSIGNED', () => signOrder(clients['us-magistrate-1'], order.id, []));
    assert.equal((await orders.get(order.id))?.state, 'Active');
    // The bundle is what the RDHI checks: canonical, and the judge's signature over it.
    const b = readOrderBundle(active.bundle);
    assert.equal(b.hash, rec.hash);
    assert.deepEqual(b.signatures.map((s) => s.authorityId), ['us-magistrate-1']);
    assert.ok(orderEvents.some((e) => e.type === 'order.transition' && e.orderId === order.id && e.to === 'Active'));
  });

  test('GET of an LDTask (one identifier, one category) and of the canonical Document', async () => {
    const task = await clients['us-fbi'].get(ldTaskIdFor(order.id, order.identifiers[0]!, 'calls'));
    assert.ok(task.objectType === 'LDTask');
    assert.equal(task.status?.value, 'AwaitingDisclosure');
    assert.equal(task.requestDetails?.type?.value, 'calls');
    const doc = await clients['us-fbi'].get(orderDocumentIdFor(order.id));
    assert.ok(doc.objectType === 'Document');
    assert.equal(doc.documentBody?.checksum, (await orders.get(order.id))!.hash);
    await assert.rejects(clients['us-dea'].get(orderDocumentIdFor(order.id)), (e: unknown) => e instanceof Hi1ActionRefused && e.reasonCode === 'DESK_NOT_FOUND');
  });

  test('another agency cannot see it; the authority and the agency can', async () => {
    assert.equal(await fetchOrder(clients['us-dea'], order.id), undefined);
    assert.equal((await listOrders(clients['us-dea'])).length, 0);
    assert.equal((await fetchOrder(clients['us-fbi'], order.id))?.state, 'Active');
    assert.equal((await fetchOrder(clients['us-ausa-1'], order.id))?.state, 'Active');
    // The agency's warrants are Authorisations too: listOrders GETs them all in one message and keeps the orders.
    await warrants.submit(warrantDraft('us-title-iii', w.clock));
    const authorisations = await clients['us-fbi'].list({ objectType: { owner: 'ETSI', name: 'ObjectType', value: 'Authorisation' } });
    assert.equal(authorisations.length, 2, 'the LIST holds the warrant and the order');
    assert.deepEqual((await listOrders(clients['us-fbi'])).map((o) => o.hash), [(await orders.get(order.id))!.hash]);
  });

  test('the RDHI of an operator named in the order GETs it with the identifier salt; another operator\'s RDHI cannot', async () => {
    const n = log.size;
    const seen = await fetchOrder(clients['op-a-rdhi'], order.id);
    assert.equal(seen?.state, 'Active');
    // Recorded in the desk's name (the log takes events in an RDHI's name from the RDHI only), the RDHI as the peer.
    const received = (await hi1Events(n)).filter((e) => e.type === 'hi1.received');
    assert.equal(received.length, 1);
    assert.equal(received[0]!.actor, 'warrant-desk');
    assert.equal(received[0]!.details.peer, 'op-a-rdhi');
    assert.equal(seen.identifierSalt, Buffer.from(warrantSalt(identityKey, order.id)).toString('hex'));
    assert.deepEqual((await listOrders(clients['op-a-rdhi'])).map((o) => o.hash), [seen.hash]);
    assert.equal(await fetchOrder(clients['op-b-rdhi'], order.id), undefined);
    assert.equal((await listOrders(clients['op-b-rdhi'])).length, 0);
  });

  test('the RDHI may not change the order, nor submit one', async () => {
    const rec = (await orders.get(order.id))!;
    await refused(3000, 'DESK_NOT_PERMITTED', () => signOrder(clients['op-a-rdhi'], order.id, [signOrderApproval(rec.canonical, w.signers.pkJudge, w.clock.now())]));
    await refused(3000, 'DESK_NOT_PERMITTED', () => submitOrder(clients['op-a-rdhi'], newOrder()));
  });

  test('a signed revocation by the judge → Revoked', async () => {
    const rec = (await orders.get(order.id))!;
    const rev = signOrderRevocation(rec.hash, 'investigation closed', w.signers.usJudge, w.clock.now());
    const revoked = await revokeOrder(clients['us-magistrate-1'], order.id, rev);
    assert.equal(revoked.state, 'Revoked');
    assert.equal((await fetchOrder(clients['us-fbi'], order.id))?.state, 'Revoked');
    assert.deepEqual(revoked.bundle.revocations.map((r) => r.reason), ['investigation closed']);
  });
});

describe('refusals: Annex D code + order code, nothing stored, audited', () => {
  test('a wildcard identifier', async () => {
    const o = newOrder({ identifiers: [{ kind: 'msisdn', value: '4477009*' }] as OrderIdentifier[] });
    await refused(3007, 'ORDER_IDENTIFIER_NOT_EXACT', () => submitOrder(clients['us-fbi'], o));
    assert.equal(await orders.get(o.id), undefined);
  });

  test('receiver-only fields set by the sender: OrderState, IdentifierSalt, AuthorisationStatus', async () => {
    for (const extra of [{ name: 'OrderState', text: 'Active' }, { name: 'IdentifierSalt', text: '00'.repeat(32) }]) {
      const o = newOrder();
      const [auth, ...tasks] = orderToHi1Objects(o, 'XX');
      auth.nationalAuthorisationParameters!.elements.push({ namespace: 'urn:warranted:hi1:1', ...extra });
      await refused(3007, 'DESK_BAD_FIELD', async () => firstResponse(await clients['us-fbi'].send([auth, ...tasks].map((object) => ({ verb: 'CREATE' as const, object })))));
    }
    const [auth, ...tasks] = orderToHi1Objects(newOrder(), 'XX');
    auth.authorisationStatus = { owner: 'ETSI', name: 'AuthorisationStatus', value: 'Approved' };
    await refused(3007, 'DESK_BAD_FIELD', async () => firstResponse(await clients['us-fbi'].send([auth, ...tasks].map((object) => ({ verb: 'CREATE' as const, object })))));
  });

  test('a period beyond the profile (look-back of 24 months)', async () => {
    const now = w.clock.now().getTime();
    const o = newOrder({ period: { start: new Date(now - 800 * DAY).toISOString(), end: new Date(now - 790 * DAY).toISOString() } });
    await refused(3007, 'ORDER_LOOKBACK_EXCEEDED', () => submitOrder(clients['us-fbi'], o));
    assert.ok(orderEvents.some((e) => e.type === 'order.refused' && e.code === 'ORDER_LOOKBACK_EXCEEDED'), 'the order core audited its refusal');
  });

  test('a wrong signer, someone else\'s signature, an unsigned approval, a half-valid pair', async () => {
    const o = newOrder();
    const submitted = await submitOrder(clients['us-fbi'], o);
    const prosecutor = signOrderApproval(submitted.canonical, w.signers.prosecutor, w.clock.now());
    await refused(3007, 'ORDER_SIGNATURE_WRONG_ROLE', () => signOrder(clients['us-ausa-1'], o.id, [prosecutor]));
    await refused(3000, 'DESK_NOT_PERMITTED', () => signOrder(clients['us-magistrate-1'], o.id, [prosecutor]));
    // The agency relays two signatures: the judge's is valid, the prosecutor's is not → neither is stored.
    await refused(3007, 'ORDER_SIGNATURE_WRONG_ROLE', () => signOrder(clients['us-fbi'], o.id, [judgeSigns(submitted), prosecutor]));
    const unsigned = clients['us-magistrate-1'].send([{ verb: 'UPDATE', object: { objectType: 'Authorisation', objectIdentifier: o.id, countryCode: 'XX', authorisationApprovalDetails: [{ approvalType: 'Approval', approverDetails: { approverName: 'us-magistrate-1' } }] } }]);
    await refused(3005, 'DESK_MISSING_FIELD', async () => {
      const x = await unsigned;
      const p = x.response.payload;
      if (p.kind === 'response' && p.actionResponses[0]?.verb === 'ErrorInformation') throw new Hi1ActionRefused(p.actionResponses[0].error.errorCode, p.actionResponses[0].error.errorDescription);
    });
    assert.equal((await orders.get(o.id))?.state, 'AwaitingApproval');
    assert.equal((await orders.get(o.id))?.signatures.length, 0);
  });

  test('an agency cannot sign for, update or read another agency\'s order', async () => {
    const o = newOrder();
    const submitted = await submitOrder(clients['us-fbi'], o);
    await refused(3011, 'DESK_UPDATE_NOT_FOUND', () => signOrder(clients['us-dea'], o.id, [judgeSigns(submitted)]));
  });
});

describe('every HI-1 document exchanged for orders validates (official TS 103 120 XSDs + warranted-hi1-1.xsd)', { skip: validatorsSkipReason }, () => {
  test('validate-hi1.sh', () => {
    assertCapturedHi1Valid(capture, 20);
  });
  test('…and the schema does check the order: a ProductionOrderParameters without ProfileId, an ObservedAt that is not a time, fail', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warranted-order-xsd-'));
    try {
      const o = newOrder({ identifiers: [{ kind: 'ip', address: '10.1.2.3', at: new Date(w.clock.now().getTime() - 60_000).toISOString() }] });
      const xml = encodeHI1Message(clients['us-fbi'].buildMessage(orderToHi1Objects(o, 'XX').map((object) => ({ verb: 'CREATE' as const, object }))));
      const files = { good: xml, noProfile: xml.replace(/<[a-z0-9]+:ProfileId[^>]*>[^<]*<\/[a-z0-9]+:ProfileId>/u, ''), badTime: xml.replace(/(<[a-z0-9]+:ObservedAt[^>]*>)[^<]*/u, '$1yesterday') };
      assert.notEqual(files.noProfile, xml);
      assert.notEqual(files.badTime, xml);
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, `${name}.xml`), text);
      assert.equal(validateHi1Files([join(dir, 'good.xml')]).ok, true);
      assert.equal(validateHi1Files([join(dir, 'noProfile.xml')]).ok, false);
      assert.equal(validateHi1Files([join(dir, 'badTime.xml')]).ok, false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
