/**
 * The demo's legal side: authorities with registered Ed25519 keys (Minister for Interior, a High
 * Court judge, operators' compliance officers), a warrant under the pk-ifta-2013 profile naming two
 * targets, signed in the order the profile requires, confirmed by each operator, and tied to
 * provisioning so every activation/expiry/revocation becomes X1 on every operator.
 */
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
  auditLogSink,
  type AuthorityRole,
  type OperatorPolicy,
  type Signer,
  type WarrantDraft,
  type WarrantRecord,
  type WarrantStore,
} from '../../warrants/index.ts';
import type { TargetIdentifier } from '../../standards/identifiers/types.ts';
import type { AuditLog } from '../../audit/index.ts';
import type { Provisioning } from '../../provisioning/admf.ts';
import { AGENCY } from './system.ts';

const AUTHORITIES: { name: string; id: string; role: AuthorityRole; title: string }[] = [
  { name: 'minister', id: 'pk-minister-interior', role: 'minister', title: 'Minister for Interior (demo key)' },
  { name: 'judge', id: 'pk-ihc-judge-1', role: 'judge', title: 'Judge, Islamabad High Court (demo key)' },
  { name: 'officerA1', id: 'op-a-officer-1', role: 'compliance-officer', title: 'Demo Operator A compliance officer 1' },
  { name: 'officerA2', id: 'op-a-officer-2', role: 'compliance-officer', title: 'Demo Operator A compliance officer 2' },
  { name: 'officerB1', id: 'op-b-officer-1', role: 'compliance-officer', title: 'Demo Operator B compliance officer' },
];

export const OPERATOR_POLICIES: OperatorPolicy[] = [
  { operatorId: 'demo-op-a', fourEyes: true, officers: ['op-a-officer-1', 'op-a-officer-2'] },
  { operatorId: 'demo-op-b', fourEyes: false, officers: ['op-b-officer-1'] },
];

export interface WarrantDesk {
  service: WarrantService;
  store: WarrantStore;
  keys: KeyRegistry;
  signers: Record<string, Signer>;
  /** Warrant changes applied by provisioning, and how long each took. */
  applied: { warrantId: string; to: string; tasks: number; ms: number; at: string }[];
  close(): Promise<void>;
}

export async function openWarrantDesk(runDir: string, audit: AuditLog, provisioning: Provisioning): Promise<WarrantDesk> {
  const store = await openEmbeddedWarrantStore({ dataDir: join(runDir, 'warrants') });
  const sink = auditLogSink(audit);
  const keys = new KeyRegistry({ clock: systemClock, audit: sink });
  const signers: Record<string, Signer> = {};
  for (const a of AUTHORITIES) {
    const k = generateSigningKey();
    await keys.registerAuthority({ id: a.id, role: a.role, name: a.title });
    const { keyId } = await keys.addKey(a.id, { publicKey: k.publicKey });
    signers[a.name] = { authorityId: a.id, keyId, role: a.role, privateKey: k.privateKey };
  }
  const service = new WarrantService({ store, audit: sink, keys, profiles: loadProfiles(), clock: systemClock, operatorPolicies: OPERATOR_POLICIES });
  const applied: WarrantDesk['applied'] = [];
  // Provisioning follows every warrant change: activation on confirmation, deactivation on expiry,
  // lapse, suspension or revocation, on every operator.
  service.onChange(async (c) => {
    const t0 = Date.now();
    await provisioning.apply({ activate: c.activate, deactivate: c.deactivate });
    applied.push({ warrantId: c.warrantId, to: c.to, tasks: c.activate.length + c.deactivate.length, ms: Date.now() - t0, at: new Date().toISOString() });
  });
  return { service, store, keys, signers, applied, close: () => store.close() };
}

export function demoWarrantDraft(targets: { msisdn: TargetIdentifier; imei: TargetIdentifier }, start: Date, end: Date): WarrantDraft {
  return {
    reference: `DEMO-${start.toISOString().slice(0, 19).replace(/[-:T]/g, '')}`,
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
    start: start.toISOString(),
    end: end.toISOString(),
    delivery: { destinationId: AGENCY.destinationId, address: 'lemf-pk-police' },
    retentionDays: 30,
    emergency: false,
    profileId: 'pk-ifta-2013',
  };
}

/** Submit, sign (minister then judge, as the profile orders), activate, and let each operator confirm. */
export async function approveAndServe(desk: WarrantDesk, draft: WarrantDraft): Promise<WarrantRecord> {
  const s = desk.service;
  let rec = await s.submit(draft);
  rec = await s.addSignature(rec.warrant.id, signApproval(rec.canonical, desk.signers.minister!, new Date()));
  rec = await s.addSignature(rec.warrant.id, signApproval(rec.canonical, desk.signers.judge!, new Date()));
  rec = await s.activate(rec.warrant.id);
  for (const [officer, op] of [['officerA1', 'demo-op-a'], ['officerA2', 'demo-op-a'], ['officerB1', 'demo-op-b']] as const) {
    rec = await s.confirmByOperator(rec.warrant.id, signStatement('operator-confirmation', rec.hash, op, desk.signers[officer]!, new Date()));
  }
  return rec;
}
