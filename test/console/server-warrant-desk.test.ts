/**
 * What the console knows of warrants comes from the warrant desk over HI-1, with the agency's own
 * client certificate (real HTTPS, mutual TLS, a real desk and warrant service): a warrant the police
 * submitted and the minister and judge signed is shown with its LIID, status, window, targets,
 * services, content flag, profile and signers; another agency's console does not learn of it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, MemoryAuditStore, createNoteSigner } from '../../src/audit/index.ts';
import { Hi1WarrantSource } from '../../src/console/warrants/hi1-source.ts';
import { WarrantCatalog } from '../../src/console/warrants/catalog.ts';
import { ensureDemoPki, type Credentials } from '../../src/platform/pki.ts';
import type { XmlHttpsServer } from '../../src/wires/https-xml.ts';
import { openEmbeddedWarrantStore, signApproval, type WarrantStore } from '../../src/warrants/index.ts';
import { Hi1Client, WarrantDesk, startDeskServer } from '../../src/warrants/desk/index.ts';
import { draft, makeWorld, type World } from '../warrants/fixtures.ts';

let store: WarrantStore;
let w: World;
let log: AuditLog;
let server: XmlHttpsServer;
let pkiDir: string;
const clients: Hi1Client[] = [];
const client = (id: string, creds: Credentials) => {
  const c = new Hi1Client({ creds, endpoint: server.endpoint, self: { countryCode: 'XX', uniqueIdentifier: id } });
  clients.push(c);
  return c;
};

before(async () => {
  store = await openEmbeddedWarrantStore();
  w = await makeWorld(store);
  log = await AuditLog.open({ store: new MemoryAuditStore(), signer: createNoteSigner('console-desk-test', generateKeyPairSync('ed25519').privateKey) });
  pkiDir = mkdtempSync(join(tmpdir(), 'console-desk-pki-'));
  const pki = await ensureDemoPki(pkiDir, ['warrant-desk', 'pk-police', 'pk-ihc-judge-1', 'uk-nca']);
  const desk = new WarrantDesk({ service: w.service, keys: w.keys, audit: log, coreAudit: w.audit, clock: w.clock, identityKey: randomBytes(32) });
  server = await startDeskServer({ desk, creds: pki.get('warrant-desk')! });
  for (const id of ['pk-police', 'pk-ihc-judge-1', 'uk-nca']) client(id, pki.get(id)!);
});
after(async () => {
  for (const c of clients) c.close();
  await server.close();
  await log.close();
  await store.close();
  rmSync(pkiDir, { recursive: true, force: true });
});

test("the police console shows its warrant as the desk holds it; another agency's console does not learn of it", async () => {
  const [police, judge, nca] = clients as [Hi1Client, Hi1Client, Hi1Client];
  const d = { ...draft('pk-ifta-2013', w.clock), id: randomUUID() };
  await police.submitWarrant(d, { taskIds: [randomUUID()] });
  await police.approve(d.id, [signApproval(await police.canonicalBytes(d.id), w.signers.minister, w.clock.now())]);
  await judge.approve(d.id, [signApproval(await police.canonicalBytes(d.id), w.signers.judge, w.clock.now())]);
  const rec = (await w.service.get(d.id))!;
  assert.equal(rec.state, 'Active');

  const source = new Hi1WarrantSource({ client: police });
  const t = await source.terms(rec.liid);
  assert.ok(t, 'the desk knows the LIID');
  assert.equal(t.warrantId, d.id);
  assert.equal(t.status, 'approved', 'TS 103 120 Table 7.6 reports Active as Approved');
  assert.ok(t.window);
  assert.equal(Date.parse(t.window.start), Date.parse(d.start));
  assert.equal(Date.parse(t.window.end), Date.parse(d.end));
  assert.equal(t.scope.content, d.categories.content);
  assert.deepEqual([...t.scope.services].sort(), [...d.categories.services].sort());
  assert.equal(t.scope.targets.length, d.targets.length);
  assert.ok(t.scope.targets.some((x) => x.endsWith(d.targets[0]!.value)), JSON.stringify(t.scope.targets));
  assert.equal(t.profile, 'pk-ifta-2013');
  assert.deepEqual(t.signers.map((s) => s.role).sort(), ['judge', 'minister']);

  // Another agency asks the same desk with its own certificate: the police LIID is unknown to it.
  const other = new WarrantCatalog({ source: new Hi1WarrantSource({ client: nca }), counts: () => Promise.resolve({}), retentionOf: () => undefined, integrity: () => ({ verdicts: [] }), gaps: () => [] });
  const view = await other.view(rec.liid);
  assert.equal(view.status, 'unknown');
  assert.deepEqual(view.scope.targets, []);
});
