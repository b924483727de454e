/**
 * The demo's legal side, over HI-1 (TS 103 120) with mutual TLS: the agency CREATEs the warrant at
 * the warrant desk; the Minister for Interior and then a High Court judge (pk-ifta-2013 requires
 * both, in that order) fetch its canonical bytes, sign them with their registered Ed25519 keys and
 * UPDATE the warrant with their signatures; each operator's compliance officer(s) confirm with a
 * signed statement. Provisioning follows every warrant change with X1 on every operator.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  KeyRegistry,
  WarrantService,
  generateSigningKey,
  loadProfiles,
  openEmbeddedWarrantStore,
  signApproval,
  signStatement,
  systemClock,
  type AuthorityRole,
  type OperatorPolicy,
  type Signer,
  type WarrantDraft,
  type WarrantRecord,
  type WarrantStore,
} from '../../../src/warrants/index.ts';
import { Hi1Client, WarrantDesk, startDeskServer, warrantAuditSink } from '../../../src/warrants/desk/index.ts';
import type { TargetIdentifier } from '../../../src/standards/identifiers/types.ts';
import { expectOk } from '../../../src/cli/demo/deployment-driver.ts';
import type { AuditLog } from '../../../src/audit/index.ts';
import type { Credentials } from '../../../src/platform/pki.ts';
import type { XmlHttpsServer } from '../../../src/wires/https-xml.ts';
import type { Provisioning } from '../../../src/provisioning/admf.ts';
import { AGENCY, HOST } from './constants.ts';

export const AUTHORITIES: { id: string; role: AuthorityRole; title: string }[] = [
  { id: 'pk-minister-interior', role: 'minister', title: 'Minister for Interior (demo key)' },
  { id: 'pk-ihc-judge-1', role: 'judge', title: 'Judge, Islamabad High Court (demo key)' },
  { id: 'op-a-officer-1', role: 'compliance-officer', title: 'Demo Operator A compliance officer 1' },
  { id: 'op-a-officer-2', role: 'compliance-officer', title: 'Demo Operator A compliance officer 2' },
  { id: 'op-b-officer-1', role: 'compliance-officer', title: 'Demo Operator B compliance officer' },
];

export const OPERATOR_POLICIES: OperatorPolicy[] = [
  { operatorId: 'demo-op-a', fourEyes: true, officers: ['op-a-officer-1', 'op-a-officer-2'] },
  { operatorId: 'demo-op-b', fourEyes: false, officers: ['op-b-officer-1'] },
];

/** Certificate identities the demo PKI must issue for the HI-1 side. */
export const HI1_IDENTITIES = ['warrant-desk', AGENCY.id, ...AUTHORITIES.map((a) => a.id)];

export interface WarrantDeskHandle {
  service: WarrantService;
  desk: WarrantDesk;
  store: WarrantStore;
  signers: Record<string, Signer>;
  client(id: string): Hi1Client;
  /** Warrant changes applied by provisioning, and how long each took. */
  applied: { warrantId: string; to: string; tasks: number; ms: number; at: string }[];
  close(): Promise<void>;
}

export async function openWarrantDesk(runDir: string, audit: AuditLog, provisioning: Provisioning, creds: Map<string, Credentials>, warrantSource?: { activeTasks: () => Promise<unknown[]> }): Promise<WarrantDeskHandle> {
  const store = await openEmbeddedWarrantStore({ dataDir: join(runDir, 'warrants') });
  const sink = warrantAuditSink(audit);
  const keys = new KeyRegistry({ clock: systemClock, audit: sink });
  const signers: Record<string, Signer> = {};
  for (const a of AUTHORITIES) {
    const k = generateSigningKey();
    await keys.registerAuthority({ id: a.id, role: a.role, name: a.title });
    const { keyId } = await keys.addKey(a.id, { publicKey: k.publicKey });
    signers[a.id] = { authorityId: a.id, keyId, role: a.role, privateKey: k.privateKey };
  }
  const service = new WarrantService({ store, audit: sink, keys, profiles: loadProfiles(), clock: systemClock, operatorPolicies: OPERATOR_POLICIES });
  if (warrantSource) warrantSource.activeTasks = () => service.activeTasks();
  const applied: WarrantDeskHandle['applied'] = [];
  // Provisioning follows every warrant change: activation on confirmation, deactivation on expiry,
  // lapse, suspension or revocation, on every operator.
  service.onChange(async (c) => {
    const t0 = Date.now();
    await provisioning.apply({ activate: c.activate, deactivate: c.deactivate });
    applied.push({ warrantId: c.warrantId, to: c.to, tasks: c.activate.length + c.deactivate.length, ms: Date.now() - t0, at: new Date().toISOString() });
  });
  const desk = new WarrantDesk({ service, keys, audit, coreAudit: sink, clock: systemClock, identityKey: randomBytes(32) });
  const server: XmlHttpsServer = await startDeskServer({ desk, creds: creds.get('warrant-desk')!, bind: { host: HOST, port: 0 } });
  const clients = new Map<string, Hi1Client>();
  const handle: WarrantDeskHandle = {
    service,
    desk,
    store,
    signers,
    applied,
    client: (id) => {
      let c = clients.get(id);
      if (!c) {
        c = new Hi1Client({ creds: creds.get(id)!, endpoint: server.endpoint, self: { countryCode: 'XX', uniqueIdentifier: id } });
        clients.set(id, c);
      }
      return c;
    },
    close: async () => {
      for (const c of clients.values()) c.close();
      await server.close();
      await store.close();
    },
  };
  return handle;
}

export function demoWarrantDraft(targets: { msisdn: TargetIdentifier; imei: TargetIdentifier }, start: Date, end: Date): WarrantDraft & { id: string } {
  const id = randomUUID();
  return {
    id,
    // Unique per warrant (the desk refuses a second warrant with the same reference).
    reference: `DEMO-${start.toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${id.slice(0, 8)}`,
    agency: { id: AGENCY.id, name: AGENCY.name },
    officer: 'Inspector A. Khan (demo)',
    legalBasis: 'Investigation for Fair Trial Act 2013, s. 10-11',
    offence: 'demonstration offence (synthetic data)',
    targets: [targets.msisdn, targets.imei],
    categories: { content: true, services: ['voice', 'sms', 'data', 'location'] },
    targetCategories: [
      { target: targets.msisdn, categories: { content: true, services: ['voice', 'sms', 'data', 'location'] } },
      { target: targets.imei, categories: { content: false, services: ['voice', 'sms', 'data', 'location'] } },
    ],
    operators: ['demo-op-a', 'demo-op-b'],
    // HI-1 times carry whole seconds.
    start: new Date(Math.floor(start.getTime() / 1000) * 1000).toISOString(),
    end: new Date(Math.floor(end.getTime() / 1000) * 1000).toISOString(),
    delivery: { destinationId: AGENCY.destinationId, address: AGENCY.lemf },
    retentionDays: 30,
    emergency: false,
    profileId: 'pk-ifta-2013',
  };
}

/**
 * The legal path over HI-1: agency CREATE; minister then judge sign the canonical bytes they fetched
 * from the desk; every operator's compliance officer(s) confirm. Returns the stored record.
 */
export async function approveAndServe(h: WarrantDeskHandle, draft: WarrantDraft & { id: string }): Promise<WarrantRecord> {
  const agency = h.client(AGENCY.id);
  expectOk(await agency.submitWarrant(draft), 'CREATE');
  for (const who of ['pk-minister-interior', 'pk-ihc-judge-1']) {
    const c = h.client(who);
    const canonical = await c.canonicalBytes(draft.id);
    expectOk(await c.approve(draft.id, [signApproval(canonical, h.signers[who]!, new Date())]), `approval by ${who}`);
  }
  for (const [officer, op] of [['op-a-officer-1', 'demo-op-a'], ['op-a-officer-2', 'demo-op-a'], ['op-b-officer-1', 'demo-op-b']] as const) {
    const c = h.client(officer);
    const hash = createHash('sha256').update(await c.canonicalBytes(draft.id)).digest('hex');
    expectOk(await c.statement(draft.id, signStatement('operator-confirmation', hash, op, h.signers[officer]!, new Date())), `confirmation by ${officer}`);
  }
  const rec = await h.service.get(draft.id);
  if (!rec) throw new Error('warrant not stored');
  return rec;
}
