/**
 * The RDHI's order authority (src/roles/rdhi-orders.ts, rdhi-keys.ts) against the real parts: a
 * Merkle transparency log (AuditLog) holding the key registry's `keys.*` events as the control role
 * writes them (KeyRegistry → warrantAuditSink), and orders made and signed by the real production-
 * order service in an embedded warrant store. Checked: a key revoked, retired or never registered on
 * the log refuses the order; a key the deployment does not name is never trusted whatever the log
 * says; key events in another role's name are ignored; a log that cannot be read refuses (503); the
 * desk is asked first and its state is an extra check (Revoked → refused even with a clean bundle);
 * desk unreachable → the order file, and with no file OrderSourceUnavailable; a desk answer whose hash
 * is not its bundle's is ORDER_INVALID. The real desk over HI-1 is exercised in rdhi-role.test.ts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, createNoteSigner, MemoryAuditStore } from '../../src/audit/index.ts';
import { warrantSalt } from '../../src/audit/commitment.ts';
import { OrderSourceUnavailable } from '../../src/retained-data/rdhi/handler.ts';
import { RdhiAuthorityKeys, type AnchorKey } from '../../src/roles/rdhi-keys.ts';
import { rdhiOrderAuthority, rdhiOrderFile, type DeskOrderSource } from '../../src/roles/rdhi-orders.ts';
import type { ExactRdRequest } from '../../src/standards/rd/index.ts';
import type { DeskOrder } from '../../src/warrants/desk/order-client.ts';
import { warrantAuditSink } from '../../src/warrants/desk/index.ts';
import {
  defaultKeyId,
  generateSigningKey,
  KeyRegistry,
  ManualClock,
  loadOrderProfiles,
  openEmbeddedWarrantStore,
  orderBundle,
  ProductionOrderService,
  signOrderApproval,
  SqlOrderStore,
  type ProductionOrderRecord,
  type Signer,
  type SqlWarrantStore,
} from '../../src/warrants/index.ts';
import { orderDraft } from '../warrants/production-order-fixtures.ts';

const NOW = '2026-03-02T09:00:00.000Z';
const DESK = 'warrant-desk';
const clock = new ManualClock(NOW);
const profiles = loadOrderProfiles();
const identityKey = randomBytes(32);
let dir: string;
let log: AuditLog;
let store: SqlWarrantStore;
let registry: KeyRegistry;
let orders: ProductionOrderService;
const judges: Record<string, { signer: Signer; anchor: AnchorKey }> = {};

async function judge(id: string, register = true): Promise<void> {
  const k = generateSigningKey();
  let keyId = `unregistered:${id}`;
  if (register) {
    await registry.registerAuthority({ id, role: 'judge', name: `Judge ${id}` });
    keyId = (await registry.addKey(id, { publicKey: k.publicKey, validFrom: '2026-01-01T00:00:00Z' })).keyId;
  }
  judges[id] = { signer: { authorityId: id, keyId, role: 'judge', privateKey: k.privateKey }, anchor: { id, role: 'judge', name: `Judge ${id}`, publicKey: k.publicKey } };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rdhi-orders-'));
  log = await AuditLog.open({ store: new MemoryAuditStore(), signer: createNoteSigner('test.invalid/rdhi', generateKeyPairSync('ed25519').privateKey) });
  // The registry of record, as the control role keeps it: every change a keys.* event on the log first.
  registry = new KeyRegistry({ clock, audit: warrantAuditSink(log, DESK) });
  for (const id of ['pk-judge-a', 'pk-judge-b', 'pk-judge-c']) await judge(id);
  await judge('pk-judge-unlogged', false);
  store = await openEmbeddedWarrantStore();
  orders = new ProductionOrderService({ store: new SqlOrderStore(store), audit: { append: () => Promise.resolve() }, keys: registry, profiles, clock, commitIdentifier: () => 'c' });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An Active PECA order signed by `who` (the desk's registry accepts any registered judge). */
async function activeOrder(who: string): Promise<ProductionOrderRecord> {
  const rec = await orders.submit(orderDraft('pk-peca-2016', clock));
  clock.advance(60_000);
  const j = judges[who]!.signer;
  // The service checks signatures with its own registry; an unregistered signer is added there only.
  return orders.addSignature(rec.order.id, signOrderApproval(rec.canonical, j, clock.now()));
}

function request(rec: ProductionOrderRecord): ExactRdRequest {
  const o = rec.order;
  return {
    requestID: { countryCode: 'PK', authorisedOrganisationID: o.agency.id, requestNumber: '1', externalIdentifier: o.id },
    cSPID: 'demo-op-a',
    timeStamp: clock.now(),
    category: 'calls',
    identifier: o.identifiers[0] as { kind: 'msisdn'; value: string },
    period: { start: new Date(o.period.start), end: new Date(o.period.end) },
  };
}

const deskOrder = (rec: ProductionOrderRecord, over: Partial<DeskOrder> = {}): DeskOrder => ({
  state: rec.state,
  hash: rec.hash,
  canonical: rec.canonical,
  bundle: orderBundle(rec),
  identifierSalt: Buffer.from(warrantSalt(identityKey, rec.order.id)).toString('hex'),
  ...over,
});

function authority(anchors: string[], o: { desk?: DeskOrderSource; source?: { entries(from: number): ReturnType<AuditLog['entries']> } } = {}) {
  const alarms: string[] = [];
  const keys = new RdhiAuthorityKeys({ anchors: anchors.map((id) => judges[id]!.anchor), source: o.source ?? log, controlIds: [DESK], clock });
  const a = rdhiOrderAuthority({ ordersDir: dir, keys, profiles, ...(o.desk ? { desk: o.desk } : {}), alarm: (code, detail) => alarms.push(`${code}: ${detail}`) });
  return { a, keys, alarms };
}

async function judgeOnce(a: ReturnType<typeof authority>['a'], rec: ProductionOrderRecord) {
  const ref = await a.find(rec.order.id);
  assert.ok(ref, 'order found');
  return { ref, verdict: await a.judge(ref, request(rec), rec.order.agency.id, clock.now()) };
}

test('trust is the deployment’s keys as the log leaves them: revoked on the log → refused at the next request', async () => {
  const rec = await activeOrder('pk-judge-a');
  writeFileSync(join(dir, `${rec.order.id}.json`), JSON.stringify(rdhiOrderFile(orderBundle(rec), warrantSalt(identityKey, rec.order.id))));
  const { a, keys } = authority(['pk-judge-a', 'pk-judge-b']);
  const first = await judgeOnce(a, rec);
  assert.equal(first.ref.source, 'file');
  assert.equal(first.verdict.ok, true, JSON.stringify(first.verdict));
  const read = keys.position;
  assert.equal(read, log.size, 'the whole log was read once');
  // Revoked as the control role does it (warranted keys revoke → KeyRegistry.revokeKey → keys.key-revoked on the log).
  clock.advance(60_000);
  await registry.revokeKey(judges['pk-judge-a']!.signer.keyId, 'key compromised', clock.now());
  const second = await judgeOnce(a, rec);
  assert.deepEqual(second.verdict.ok ? 'ok' : [second.verdict.code, second.verdict.refusal], ['ORDER_SIGNATURE_KEY_REVOKED', 'orderMissingOrInvalid']);
  assert.equal(keys.position, log.size, 'only the entries appended since were read');
});

test('a key the deployment does not name is never trusted; one it names but the log never registered is not either', async () => {
  const byB = await activeOrder('pk-judge-b');
  writeFileSync(join(dir, `${byB.order.id}.json`), JSON.stringify(rdhiOrderFile(orderBundle(byB), warrantSalt(identityKey, byB.order.id))));
  const notAnchor = (await judgeOnce(authority(['pk-judge-c']).a, byB)).verdict;
  assert.equal(notAnchor.ok ? 'ok' : notAnchor.code, 'ORDER_SIGNATURE_UNKNOWN_KEY');
  const anchored = (await judgeOnce(authority(['pk-judge-b']).a, byB)).verdict;
  assert.equal(anchored.ok, true, JSON.stringify(anchored));
  // A deployment key with no keys.* event on the log: refused (fail closed), and a key event written
  // in another role's name (e.g. an RDHI's own) does not register it.
  const u = judges['pk-judge-unlogged']!;
  const keyId = defaultKeyId(u.anchor.publicKey);
  const at = clock.now().toISOString();
  await log.append({ type: 'keys.authority-registered', at, actor: 'demo-op-a-rdhi', subject: u.anchor.id, details: { authority: { id: u.anchor.id, role: 'judge', name: u.anchor.name } } });
  await log.append({ type: 'keys.key-added', at, actor: 'demo-op-a-rdhi', subject: keyId, details: { key: { keyId, authorityId: u.anchor.id, publicKey: u.anchor.publicKey, validFrom: '2026-01-01T00:00:00.000Z' } } });
  const rec = await orders.submit(orderDraft('pk-peca-2016', clock));
  clock.advance(60_000);
  const forged = { ...orderBundle(rec), signatures: [signOrderApproval(rec.canonical, { ...u.signer, keyId }, clock.now())] };
  writeFileSync(join(dir, `${rec.order.id}.json`), JSON.stringify(rdhiOrderFile(forged, warrantSalt(identityKey, rec.order.id))));
  const unlogged = (await judgeOnce(authority(['pk-judge-unlogged']).a, { ...rec, state: 'Active' })).verdict;
  assert.equal(unlogged.ok ? 'ok' : unlogged.code, 'ORDER_SIGNATURE_UNKNOWN_KEY');
});

test('a key retired by rotation on the log refuses signatures made after the retirement', async () => {
  clock.advance(60_000);
  const next = generateSigningKey();
  await registry.rotateKey('pk-judge-c', judges['pk-judge-c']!.signer.keyId, { publicKey: next.publicKey }, clock.now());
  clock.advance(60_000);
  const rec = await orders.submit(orderDraft('pk-peca-2016', clock));
  clock.advance(60_000);
  // Signed with the old key after its retirement (the desk would refuse it; a file can still carry it).
  const late = { ...orderBundle(rec), signatures: [signOrderApproval(rec.canonical, judges['pk-judge-c']!.signer, clock.now())] };
  writeFileSync(join(dir, `${rec.order.id}.json`), JSON.stringify(rdhiOrderFile(late, warrantSalt(identityKey, rec.order.id))));
  const v = (await judgeOnce(authority(['pk-judge-c']).a, { ...rec, state: 'Active' })).verdict;
  assert.equal(v.ok ? 'ok' : v.code, 'ORDER_SIGNATURE_KEY_NOT_VALID');
});

test('the log cannot be read → refused as unavailable (503 on the wire), alarm; never judged with stale keys', async () => {
  const rec = await activeOrder('pk-judge-b');
  writeFileSync(join(dir, `${rec.order.id}.json`), JSON.stringify(rdhiOrderFile(orderBundle(rec), warrantSalt(identityKey, rec.order.id))));
  let down = false;
  const source = { entries: (from: number) => (down ? Promise.reject(new Error('connect ECONNREFUSED')) : log.entries(from)) };
  const { a, alarms } = authority(['pk-judge-b'], { source });
  assert.equal((await judgeOnce(a, rec)).verdict.ok, true);
  down = true;
  const v = (await judgeOnce(a, rec)).verdict;
  assert.deepEqual(v.ok ? 'ok' : [v.code, v.refusal], ['RDHI_KEYS_UNAVAILABLE', 'unavailable']);
  assert.ok(alarms.some((x) => x.startsWith('RDHI_KEYS_UNAVAILABLE')), alarms.join('\n'));
});

test('the desk is asked first: its revocation is seen at once, its state is checked on top of the RDHI’s verification', async () => {
  const rec = await activeOrder('pk-judge-b');
  // A stale file copy of the order, still Active.
  writeFileSync(join(dir, `${rec.order.id}.json`), JSON.stringify(rdhiOrderFile(orderBundle(rec), warrantSalt(identityKey, rec.order.id))));
  let answer: DeskOrder | undefined = deskOrder(rec);
  let asked = 0;
  const { a } = authority(['pk-judge-b'], { desk: (id) => (asked++, Promise.resolve(id === rec.order.id ? answer : undefined)) });
  const ok = await judgeOnce(a, rec);
  assert.equal(ok.ref.source, 'desk');
  assert.equal(ok.verdict.ok, true, JSON.stringify(ok.verdict));
  // The desk now reports the order Revoked (its bundle unchanged): refused, though the file says nothing.
  answer = deskOrder(rec, { state: 'Revoked' });
  const revoked = (await judgeOnce(a, rec)).verdict;
  assert.equal(revoked.ok ? 'ok' : revoked.code, 'ORDER_NOT_ACTIVE');
  // The desk's state never replaces the verification: an Active desk order under an unknown key is refused.
  const other = authority(['pk-judge-a'], { desk: () => Promise.resolve(deskOrder(rec)) });
  const unknown = (await judgeOnce(other.a, rec)).verdict;
  assert.equal(unknown.ok ? 'ok' : unknown.code, 'ORDER_SIGNATURE_UNKNOWN_KEY');
  // A hash that is not the bundle's: the answer is not an order.
  answer = deskOrder(rec, { hash: '0'.repeat(64) });
  const bad = (await judgeOnce(a, rec)).verdict;
  assert.equal(bad.ok ? 'ok' : bad.code, 'ORDER_INVALID');
  // No salt from the desk: the disclosure could not be committed → not an order either.
  const { identifierSalt: _, ...unsalted } = deskOrder(rec);
  answer = unsalted;
  const noSalt = (await judgeOnce(a, rec)).verdict;
  assert.equal(noSalt.ok ? 'ok' : noSalt.code, 'ORDER_INVALID');
  assert.equal(asked, 4, 'asked at every request');
});

test('desk unreachable: the order file serves (alarm); no file → OrderSourceUnavailable; unknown at the desk → the file', async () => {
  const rec = await activeOrder('pk-judge-b');
  const { a, alarms } = authority(['pk-judge-b'], { desk: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1')) });
  await assert.rejects(a.find(rec.order.id), (e: unknown) => e instanceof OrderSourceUnavailable && e.code === 'RDHI_DESK_UNAVAILABLE');
  assert.ok(alarms.some((x) => x.startsWith('RDHI_DESK_UNAVAILABLE')));
  writeFileSync(join(dir, `${rec.order.id}.json`), JSON.stringify(rdhiOrderFile(orderBundle(rec), warrantSalt(identityKey, rec.order.id))));
  const served = await judgeOnce(a, rec);
  assert.equal(served.ref.source, 'file');
  assert.equal(served.verdict.ok, true, JSON.stringify(served.verdict));
  const unknownAtDesk = authority(['pk-judge-b'], { desk: () => Promise.resolve(undefined) });
  assert.equal((await judgeOnce(unknownAtDesk.a, rec)).ref.source, 'file');
  assert.deepEqual(unknownAtDesk.alarms, []);
  assert.equal(await unknownAtDesk.a.find('no-such-order'), undefined, 'unknown everywhere: not found (401), not unavailable');
});
