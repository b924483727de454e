/**
 * The warrant desk end to end over real HTTPS with mutual TLS: an agency CREATEs a warrant over
 * HI-1 (TS 103 120), approvers add their Ed25519 signatures with UPDATE, the warrant becomes
 * Active; GET/LIST report TS 103 120 states; every refusal answers with the Annex D action error
 * code, changes nothing in the store and is audited as hi1.refused.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, MemoryAuditStore, createNoteSigner, type AuditEvent } from '../../src/audit/index.ts';
import { ensureDemoPki, type Credentials } from '../../src/platform/pki.ts';
import { encodeHI1Message, type ActionResponse, type HI1Message } from '../../src/standards/hi1/index.ts';
import type { XmlHttpsServer } from '../../src/wires/https-xml.ts';
import { generateSigningKey, openEmbeddedWarrantStore, signApproval, signStatement, type Signer, type WarrantDraft, type WarrantStore } from '../../src/warrants/index.ts';
import { canonicalText, validateWarrant } from '../../src/warrants/index.ts';
import {
  Hi1Client,
  WarrantDesk,
  actionResponses,
  canonicalDocumentIdFor,
  draftFromHi1,
  firstResponse,
  notificationStatusOf,
  startDeskServer,
  warrantToHi1Objects,
  type Hi1Exchange,
} from '../../src/warrants/desk/index.ts';
import { validateBytes, validatorsSkipReason } from '../helpers/validators.ts';
import { startHi1Capture, validateHi1Files, type Hi1Capture } from '../helpers/hi1-capture.ts';
import { cappedProfile, DAY, draft, makeWorld, snapshot, type World } from './fixtures.ts';

let store: WarrantStore;
let w: World;
let log: AuditLog;
let server: XmlHttpsServer;
let pkiDir: string;
const clients: Record<string, Hi1Client> = {};
const exchanges: { name: string; xml: string }[] = [];
let capture: Hi1Capture;

function client(id: string, creds: Credentials): Hi1Client {
  const c = new Hi1Client({ creds, endpoint: server.endpoint, self: { countryCode: 'XX', uniqueIdentifier: id } });
  clients[id] = c;
  return c;
}

before(async () => {
  capture = startHi1Capture();
  store = await openEmbeddedWarrantStore();
  w = await makeWorld(store, [cappedProfile('test-pk-desk-cap', 1, 100)]);
  log = await AuditLog.open({ store: new MemoryAuditStore(), signer: createNoteSigner('desk-test-log', generateKeyPairSync('ed25519').privateKey) });
  pkiDir = mkdtempSync(join(tmpdir(), 'warranted-desk-pki-'));
  const pki = await ensureDemoPki(pkiDir, ['warrant-desk', 'pk-police', 'pk-ihc-judge-1', 'uk-nca', 'intruder']);
  const desk = new WarrantDesk({ service: w.service, keys: w.keys, audit: log, coreAudit: w.audit, clock: w.clock, identityKey: randomBytes(32) });
  server = await startDeskServer({ desk, creds: pki.get('warrant-desk')! });
  for (const id of ['pk-police', 'pk-ihc-judge-1', 'uk-nca', 'intruder']) client(id, pki.get(id)!);
});
after(async () => {
  for (const c of Object.values(clients)) c.close();
  await server.close();
  await log.close();
  await store.close();
  rmSync(pkiDir, { recursive: true, force: true });
  capture.stop();
});

const police = () => clients['pk-police']!;
const judge = () => clients['pk-ihc-judge-1']!;

async function events(): Promise<AuditEvent[]> {
  return (await log.entries(0)).map((e) => e.event);
}

function newDraft(over: Partial<WarrantDraft> = {}, profileId = 'pk-ifta-2013'): WarrantDraft & { id: string } {
  return { ...draft(profileId, w.clock, over), id: randomUUID() };
}

function keep(name: string, x: Hi1Exchange): Hi1Exchange {
  exchanges.push({ name: `${name}-request.xml`, xml: x.requestXml }, { name: `${name}-response.xml`, xml: x.responseXml });
  return x;
}

async function sign(id: string, who: Signer): Promise<ReturnType<typeof signApproval>> {
  return signApproval(await police().canonicalBytes(id), who, w.clock.now());
}

/** Runs a request that must be refused with `code`: nothing changes in the store, one hi1.refused event. */
async function expectRefused(code: number, run: () => Promise<{ response?: HI1Message }>, ourCode?: string): Promise<void> {
  const before = await snapshot(store);
  const n = log.size;
  const r = await run();
  const p = r.response?.payload;
  assert.ok(p, 'an HI-1 answer');
  const err = p.kind === 'error' ? p.errorInformation : p.kind === 'response' ? p.actionResponses.find((a): a is Extract<ActionResponse, { verb: 'ErrorInformation' }> => a.verb === 'ErrorInformation')?.error : undefined;
  assert.ok(err, 'an ActionUnsuccesfulInformation');
  assert.equal(err.errorCode, code, err.errorDescription);
  if (ourCode) assert.match(err.errorDescription, new RegExp(`^${ourCode}:`));
  assert.equal(await snapshot(store), before, 'the store did not change');
  const refused = (await log.entries(n)).map((e) => e.event).filter((e) => e.type === 'hi1.refused');
  assert.ok(refused.length >= 1, 'hi1.refused audited');
  assert.equal(refused[0]!.details.reasonCode, code);
}

describe('CREATE, approval by UPDATE, activation', () => {
  test('a warrant submitted over HI-1 and signed by minister then judge becomes Active', async () => {
    const d = newDraft();
    const taskId = randomUUID();
    const created = keep('create', await police().submitWarrant(d, { taskIds: [taskId] }));
    const r = firstResponse(created);
    assert.equal(r.verb, 'CREATEResponse');
    assert.ok(r.verb === 'CREATEResponse' && r.object?.objectType === 'Authorisation');
    assert.equal(r.object.authorisationStatus?.value, 'AwaitingApproval');
    assert.equal((await w.service.get(d.id))?.state, 'AwaitingApproval');
    // The canonical document carries exactly the bytes the store hashed.
    const rec0 = (await w.service.get(d.id))!;
    assert.equal(Buffer.from(await police().canonicalBytes(d.id)).toString('utf8'), rec0.canonical);
    // The LITask keeps the agency's object id and reports TaskStatus.
    const task = await police().get(taskId);
    assert.ok(task.objectType === 'LITask');
    assert.equal(task.status?.value, 'AwaitingApproval');
    assert.equal(task.reference, rec0.liid);
    keep('get-litask', await police().send([{ verb: 'GET', identifier: taskId }]));
    // Minister signs (relayed by the agency), then the judge sends their own signature.
    const afterMinister = firstResponse(await police().approve(d.id, [await sign(d.id, w.signers.minister)]));
    assert.ok(afterMinister.verb === 'UPDATEResponse' && afterMinister.object?.objectType === 'Authorisation');
    assert.equal(afterMinister.object.authorisationStatus?.value, 'AwaitingApproval');
    const afterJudge = firstResponse(await judge().approve(d.id, [await sign(d.id, w.signers.judge)]));
    assert.ok(afterJudge.verb === 'UPDATEResponse' && afterJudge.object?.objectType === 'Authorisation');
    assert.equal(afterJudge.object.authorisationStatus?.value, 'Approved', 'Active is reported as Approved (Table 7.6)');
    assert.equal((await w.service.get(d.id))?.state, 'Active');
    assert.equal(afterJudge.object.authorisationApprovalDetails?.length, 2);
    const t = await police().get(taskId);
    assert.ok(t.objectType === 'LITask');
    assert.equal(t.status?.value, 'Active');
    // Every accepted action is audited with the SHA-256 of the received bytes.
    const sha = createHash('sha256').update(created.requestXml).digest('hex');
    const accepted = (await events()).filter((e) => e.type === 'hi1.accepted' && e.details.messageSha256 === sha);
    assert.equal(accepted.length, 2, 'the Authorisation and its LITask');
    assert.ok(accepted.every((e) => e.actor === 'pk-police'));
    // Notifications tell the agency about each transition; acknowledging clears them.
    const notes = (await police().notifications()).filter((n) => n.associatedObjects?.includes(d.id));
    assert.deepEqual(notes.map((n) => notificationStatusOf(n)?.authorisationStatus), ['AwaitingApproval', 'Approved', 'Approved']);
    assert.deepEqual(notes.map((n) => notificationStatusOf(n)?.warrantState), ['AwaitingApproval', 'Approved', 'Active']);
    keep('get-notification', await police().send([{ verb: 'GET', identifier: notes[0]!.objectIdentifier }]));
    await police().acknowledge(notes[0]!.objectIdentifier);
    const left = (await police().notifications()).filter((n) => n.associatedObjects?.includes(d.id));
    assert.equal(left.length, 2);
  });

  test('signatures can travel with the CREATE; a signed revocation cancels the warrant', async () => {
    const d = newDraft();
    const objects = objectsOf(d);
    const auth = objects[0]!;
    assert.ok(auth.objectType === 'Authorisation');
    // The approvers sign the canonical bytes the desk will derive from these HI-1 objects.
    const tasks = objects.flatMap((o) => (o.objectType === 'LITask' ? [o] : []));
    const canonical = canonicalText(validateWarrant(draftFromHi1(auth, tasks, { id: 'pk-police' })));
    const sigs = [signApproval(canonical, w.signers.minister, w.clock.now()), signApproval(canonical, w.signers.judge, w.clock.now())];
    const r = firstResponse(await police().submitWarrant(d, { signatures: sigs }));
    assert.ok(r.verb === 'CREATEResponse' && r.object?.objectType === 'Authorisation');
    assert.equal((await w.service.get(d.id))?.state, 'Active');
    const rec = (await w.service.get(d.id))!;
    const revoked = firstResponse(await judge().revoke(d.id, signStatement('revocation', rec.hash, 'no longer necessary', w.signers.judge, w.clock.now())));
    assert.ok(revoked.verb === 'UPDATEResponse' && revoked.object?.objectType === 'Authorisation');
    assert.equal(revoked.object.authorisationStatus?.value, 'Cancelled');
    assert.ok(revoked.object.authorisationTerminationTimestamp);
    assert.equal((await w.service.get(d.id))?.state, 'Cancelled');
  });
});

describe('GET and LIST report TS 103 120 states', () => {
  test('LIST by type and status, GET of the canonical document', async () => {
    const d = newDraft();
    firstResponse(await police().submitWarrant(d));
    const auths = keep('list', await police().send([{ verb: 'LIST', list: { objectType: { owner: 'ETSI', name: 'ObjectType', value: 'Authorisation' } } }]));
    const records = actionResponses(auths)[0]!;
    assert.ok(records.verb === 'LISTResponse');
    assert.ok(records.records.some((x) => x.identifier === d.id));
    const awaiting = await police().list({ objectType: { owner: 'ETSI', name: 'ObjectType', value: 'Authorisation' }, status: { owner: 'ETSI', name: 'AuthorisationStatus', value: 'AwaitingApproval' } });
    assert.ok(awaiting.some((x) => x.identifier === d.id));
    const cancelled = await police().list({ status: { owner: 'ETSI', name: 'AuthorisationStatus', value: 'Cancelled' } });
    assert.ok(!cancelled.some((x) => x.identifier === d.id));
    const tasks = await police().list({ objectType: { owner: 'ETSI', name: 'ObjectType', value: 'LITask' } });
    assert.ok(tasks.length >= 1);
    const doc = await police().get(canonicalDocumentIdFor(d.id));
    assert.ok(doc.objectType === 'Document');
    assert.equal(doc.documentStatus?.value, 'AwaitingApproval');
    assert.equal(doc.documentBody?.checksum, (await w.service.get(d.id))?.hash);
    // Another agency sees none of it.
    await expectRefused(3014, () => clients['uk-nca']!.send([{ verb: 'GET', identifier: d.id }]), 'DESK_NOT_FOUND');
    assert.ok(!(await clients['uk-nca']!.list()).some((x) => x.identifier === d.id));
  });
});

describe('refusals: Annex D code, nothing changed, audited', () => {
  test('unsigned: an approval without digital signature, an activation request without signatures', async () => {
    const d = newDraft();
    const objs = objectsOf(d);
    const auth = objs[0]!;
    assert.ok(auth.objectType === 'Authorisation');
    auth.authorisationApprovalDetails = [{ approvalType: 'Approval', approverDetails: { approverName: 'pk-minister-interior' }, approvalTimestamp: '2026-03-02T09:00:00Z' }];
    await expectRefused(3005, () => police().send(objs.map((object) => ({ verb: 'CREATE' as const, object }))), 'DESK_MISSING_FIELD');
    assert.equal(await w.service.get(d.id), undefined);
    firstResponse(await police().submitWarrant(d));
    await expectRefused(3005, () => police().setDesiredStatus(d.id, 'Approved'), 'WARRANT_UNSIGNED');
  });

  test('wrongly signed, and signed with a revoked key', async () => {
    const d = newDraft();
    firstResponse(await police().submitWarrant(d));
    const wrong = signApproval('{"not":"this warrant"}', w.signers.minister, w.clock.now());
    await expectRefused(3007, () => police().approve(d.id, [wrong]), 'WARRANT_SIGNATURE_INVALID');
    const k = generateSigningKey();
    await w.keys.registerAuthority({ id: 'pk-minister-revoked', role: 'minister', name: 'Former minister' });
    const key = await w.keys.addKey('pk-minister-revoked', { publicKey: k.publicKey, validFrom: '2026-01-01T00:00:00Z' });
    const signer: Signer = { authorityId: 'pk-minister-revoked', keyId: key.keyId, role: 'minister', privateKey: k.privateKey };
    const sig = await sign(d.id, signer);
    await w.keys.revokeKey(key.keyId, 'key compromised');
    await expectRefused(3007, () => police().approve(d.id, [sig]), 'WARRANT_SIGNATURE_KEY_REVOKED');
    // Two signatures in one UPDATE, the second bad: neither is added.
    const good = await sign(d.id, w.signers.minister);
    await expectRefused(3007, () => police().approve(d.id, [good, sig]), 'WARRANT_SIGNATURE_KEY_REVOKED');
    assert.equal((await w.service.get(d.id))?.signatures.length, 0, 'the valid first signature was not added either');
  });

  test('expired, over the cap, scope mismatch', async () => {
    const start = new Date(w.clock.now().getTime() - 40 * DAY).toISOString();
    const end = new Date(w.clock.now().getTime() - 10 * DAY).toISOString();
    await expectRefused(3012, () => police().submitWarrant(newDraft({ start, end })), 'WARRANT_EXPIRED');
    await expectRefused(3007, () => police().submitWarrant(newDraft({ operators: ['not-an-operator'] })), 'WARRANT_SCOPE_OPERATOR');
    // LITask window differing from the authorisation window.
    const d = newDraft();
    const objs = objectsOf(d);
    const task = objs[1]!;
    assert.ok(task.objectType === 'LITask');
    task.timespan = { startTime: '2026-03-03T00:00:00Z', endTime: '2026-03-04T00:00:00Z' };
    await expectRefused(3007, () => police().send(objs.map((object) => ({ verb: 'CREATE' as const, object }))), 'DESK_BAD_FIELD');
    // Cap of one active target per agency under test-pk-desk-cap.
    const first = newDraft({}, 'test-pk-desk-cap');
    firstResponse(await police().submitWarrant(first));
    firstResponse(await police().approve(first.id, [await sign(first.id, w.signers.minister), await sign(first.id, w.signers.judge)]));
    assert.equal((await w.service.get(first.id))?.state, 'Active');
    const second = newDraft({}, 'test-pk-desk-cap');
    firstResponse(await police().submitWarrant(second));
    const sigs = [await sign(second.id, w.signers.minister), await sign(second.id, w.signers.judge)];
    await expectRefused(3000, () => police().approve(second.id, sigs), 'WARRANT_OVER_CAP');
    assert.equal((await w.service.get(second.id))?.signatures.length, 0);
  });

  test('wildcard target, malformed XML, wrong peer, authority creating, targets added later', async () => {
    const d = newDraft();
    const xml = encodeHI1Message(police().buildMessage(objectsOf(d).map((object) => ({ verb: 'CREATE' as const, object }))));
    const target = d.targets[0]!.value;
    assert.ok(xml.includes(target));
    await expectRefused(3007, () => police().sendXml(xml.replace(target, `${target.slice(0, 8)}*`)), 'HI1_BAD_TARGET_IDENTIFIER');
    await expectRefused(3000, () => police().sendXml('<HI1Message xmlns="http://uri.etsi.org/03120/common/2019/10/Core"><Header>'), 'HI1_XML_MALFORMED');
    // The intruder's certificate is valid, but it claims to be the police.
    await expectRefused(3000, () => clients.intruder!.sendXml(xml), 'DESK_PEER_MISMATCH');
    assert.equal(await w.service.get(d.id), undefined);
    // An approving authority cannot submit warrants.
    const judgeXml = xml.replaceAll('<UniqueIdentifier>pk-police</UniqueIdentifier>', '<UniqueIdentifier>pk-ihc-judge-1</UniqueIdentifier>');
    await expectRefused(3000, () => judge().sendXml(judgeXml), 'DESK_NOT_PERMITTED');
    // Targets are signed content: an LITask for an existing warrant is refused.
    firstResponse(await police().submitWarrant(d));
    const extra = { objectType: 'LITask' as const, objectIdentifier: randomUUID(), associatedObjects: [d.id], targetIdentifier: { targetIdentifierValues: [{ formatOwner: 'ETSI', formatName: 'InternationalE164', value: '447700900999' }] } };
    await expectRefused(3006, () => police().send([{ verb: 'CREATE', object: extra }]), 'DESK_TARGETS_FIXED');
    keep('error-response', await police().send([{ verb: 'GET', identifier: randomUUID() }]));
  });
});

describe('validate-hi1.sh (official TS 103 120 XSDs + our extension schema) accepts every document exchanged', { skip: validatorsSkipReason }, () => {
  test('every request the clients sent and every response the desk gave in this file', () => {
    const files = capture.files();
    const kinds = (re: RegExp) => files.filter((f) => re.test(f)).length;
    assert.ok(kinds(/-client-RequestPayload\.xml$/) >= 20 && kinds(/-desk-ResponsePayload\.xml$/) >= 20, `captured ${files.length}`);
    // What the XSDs must see: warrant CREATEs (WarrantParameters), approvals (Ed25519Signature),
    // Authorisation, LITask, Document and Notification objects.
    for (const needle of ['WarrantParameters', 'Ed25519Signature', 'AuthorisationObject', 'LITaskObject', 'DocumentObject', 'NotificationObject']) {
      assert.ok(files.some((f) => readFileSync(f, 'utf8').includes(needle)), `some captured document has ${needle}`);
    }
    const r = capture.validate();
    assert.equal(r.ok, true, `${r.stdout}\n${r.stderr}`);
  });

  test('the same run rejects a document that breaks the official schema or ours', () => {
    const create = exchanges.find((x) => x.name === 'create-request.xml')!.xml;
    const broken = [
      { name: 'country-code.xml', bytes: create.replace('<CountryCode>XX</CountryCode>', '<CountryCode>xx</CountryCode>') },
      { name: 'retention.xml', bytes: create.replace(/(RetentionDays[^>]*>)\d+</, '$1forever<') },
      { name: 'service.xml', bytes: create.replace(/(Service[^>]*>)\w+</, '$1telepathy<') },
    ];
    assert.notEqual(broken[1]!.bytes, create);
    assert.notEqual(broken[2]!.bytes, create);
    const dir = mkdtempSync(join(tmpdir(), 'warranted-hi1-broken-'));
    try {
      for (const b of broken) {
        const path = join(dir, b.name);
        writeFileSync(path, b.bytes);
        assert.equal(validateHi1Files([path]).ok, false, b.name);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Without our schema the official XSDs cannot check the national parameters at all.
    assert.equal(validateBytes('validate-hi1.sh', [{ name: 'create.xml', bytes: create }]).ok, false);
  });
});

function objectsOf(d: WarrantDraft & { id: string }) {
  return warrantToHi1Objects(d, { countryCode: 'XX' });
}
