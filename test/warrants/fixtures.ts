/**
 * Test fixtures for the warrant core: a recording audit sink that can be told to fail, a key
 * registry with one authority per role, the real profiles, drafts with unique targets, and a
 * service over a given store with a manual clock.
 */
import {
  KeyRegistry,
  ManualClock,
  WarrantService,
  generateSigningKey,
  loadProfiles,
  parseProfile,
  signApproval,
  signStatement,
  type AuditEvent,
  type AuditSink,
  type AuthorityRole,
  type OperatorPolicy,
  type Profile,
  type Signature,
  type SignedStatement,
  type Signer,
  type StatementPurpose,
  type WarrantChange,
  type WarrantDraft,
  type WarrantRecord,
  type WarrantStore,
} from '../../src/warrants/index.ts';

export class RecordingAudit implements AuditSink {
  readonly events: AuditEvent[] = [];
  failing = false;
  append(event: AuditEvent): Promise<unknown> {
    if (this.failing) return Promise.reject(new Error('audit log unavailable'));
    this.events.push(structuredClone(event));
    return Promise.resolve(this.events.length);
  }
  last(): AuditEvent | undefined {
    return this.events[this.events.length - 1];
  }
  since(n: number): AuditEvent[] {
    return this.events.slice(n);
  }
}

export type SignerName = 'minister' | 'judge' | 'sos' | 'jc' | 'usJudge' | 'ag' | 'officerA1' | 'officerA2' | 'officerB1' | 'rogue';

const SIGNERS: Record<SignerName, { id: string; role: AuthorityRole; name: string }> = {
  minister: { id: 'pk-minister-interior', role: 'minister', name: 'Minister for Interior' },
  judge: { id: 'pk-ihc-judge-1', role: 'judge', name: 'Judge, Islamabad High Court' },
  sos: { id: 'uk-sos-home', role: 'secretary-of-state', name: 'Home Secretary' },
  jc: { id: 'uk-jc-1', role: 'judicial-commissioner', name: 'Judicial Commissioner' },
  usJudge: { id: 'us-sdny-judge', role: 'judge', name: 'District Judge, S.D.N.Y.' },
  ag: { id: 'us-ag', role: 'attorney-general', name: 'Attorney General' },
  officerA1: { id: 'op-a-officer-1', role: 'compliance-officer', name: 'Operator A compliance officer 1' },
  officerA2: { id: 'op-a-officer-2', role: 'compliance-officer', name: 'Operator A compliance officer 2' },
  officerB1: { id: 'op-b-officer-1', role: 'compliance-officer', name: 'Operator B compliance officer' },
  rogue: { id: 'rogue-minister', role: 'minister', name: 'Not registered' },
};

export const OPERATOR_POLICIES: OperatorPolicy[] = [
  { operatorId: 'demo-op-a', fourEyes: true, officers: [SIGNERS.officerA1.id, SIGNERS.officerA2.id] },
  { operatorId: 'demo-op-b', fourEyes: false, officers: [SIGNERS.officerB1.id] },
];

/** Monday 2 March 2026, 09:00 UTC. */
export const T0 = '2026-03-02T09:00:00.000Z';
export const DAY = 86_400_000;

export interface World {
  clock: ManualClock;
  audit: RecordingAudit;
  keys: KeyRegistry;
  signers: Record<SignerName, Signer>;
  profiles: Map<string, Profile>;
  store: WarrantStore;
  service: WarrantService;
  changes: WarrantChange[];
}

/** A service over `store` (shared per test file; targets are unique per draft so tests don't meet). */
export async function makeWorld(store: WarrantStore, extraProfiles: Profile[] = []): Promise<World> {
  const clock = new ManualClock(T0);
  const audit = new RecordingAudit();
  const keys = new KeyRegistry({ clock, audit });
  const signers = {} as Record<SignerName, Signer>;
  for (const [name, a] of Object.entries(SIGNERS) as [SignerName, (typeof SIGNERS)[SignerName]][]) {
    const k = generateSigningKey();
    let keyId = `unregistered:${a.id}`;
    if (name !== 'rogue') {
      await keys.registerAuthority({ id: a.id, role: a.role, name: a.name });
      keyId = (await keys.addKey(a.id, { publicKey: k.publicKey, validFrom: '2026-01-01T00:00:00Z' })).keyId;
    }
    signers[name] = { authorityId: a.id, keyId, role: a.role, privateKey: k.privateKey };
  }
  const profiles = loadProfiles();
  for (const p of extraProfiles) profiles.set(p.id, p);
  const service = new WarrantService({ store, audit, keys, profiles, clock, operatorPolicies: OPERATOR_POLICIES });
  const changes: WarrantChange[] = [];
  service.onChange((c) => {
    changes.push(c);
  });
  return { clock, audit, keys, signers, profiles, store, service, changes };
}

let counter = 0;
/** A fresh E.164 number (unique per process) so tests sharing a store never share targets. */
export function freshMsisdn(): string {
  counter++;
  return `4477009${String(process.pid % 1000).padStart(3, '0')}${String(counter).padStart(3, '0')}`;
}
let refCounter = 0;
export function freshReference(): string {
  refCounter++;
  return `W${String(process.pid % 1000).padStart(3, '0')}${String(refCounter).padStart(3, '0')}`;
}

const AGENCY: Record<string, { id: string; name: string }> = {
  'pk-ifta-2013': { id: 'pk-police', name: 'Police' },
  'uk-ipa-2016': { id: 'uk-nca', name: 'National Crime Agency' },
  'us-title-iii': { id: 'us-fbi', name: 'Federal Bureau of Investigation' },
};

export function draft(profileId: string, clock: ManualClock, over: Partial<WarrantDraft> = {}): WarrantDraft {
  const now = clock.now().getTime();
  const base: WarrantDraft = {
    reference: freshReference(),
    agency: AGENCY[profileId] ?? { id: 'pk-police', name: 'Police' },
    officer: 'Inspector A. Khan',
    legalBasis: profileId,
    offence: 'financing of terrorism',
    targets: [{ kind: 'e164Number', value: freshMsisdn() }],
    categories: { content: true, services: ['voice', 'sms', 'data', 'location'] },
    operators: ['demo-op-a', 'demo-op-b'],
    start: new Date(now).toISOString(),
    end: new Date(now + 30 * DAY).toISOString(),
    delivery: { destinationId: 'lemf-1', address: 'lemf.example:9000' },
    retentionDays: 365,
    emergency: false,
    profileId,
  };
  if (profileId === 'us-title-iii') base.reportFields = { authorizingOfficial: 'Deputy Assistant AG J. Doe', facilityNature: 'cellular telephone' };
  return { ...base, ...over };
}

export function sign(w: World, rec: WarrantRecord, who: SignerName): Signature {
  return signApproval(rec.canonical, w.signers[who], w.clock.now());
}

export function statement(w: World, rec: WarrantRecord, purpose: StatementPurpose, who: SignerName, subject: string): SignedStatement {
  return signStatement(purpose, rec.hash, subject, w.signers[who], w.clock.now());
}

/** Submits, fully signs (profile order), confirms both demo operators and activates. */
export async function activeWarrant(w: World, profileId: string, over: Partial<WarrantDraft> = {}): Promise<WarrantRecord> {
  let rec = await w.service.submit(draft(profileId, w.clock, over));
  const order: SignerName[] = profileId === 'pk-ifta-2013' || profileId.startsWith('test-pk') ? ['minister', 'judge'] : profileId === 'uk-ipa-2016' ? ['sos', 'jc'] : ['usJudge'];
  for (const s of order) rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, s));
  await confirmOperators(w, rec);
  return w.service.activate(rec.warrant.id);
}

export async function confirmOperators(w: World, rec: WarrantRecord): Promise<void> {
  const ops = rec.warrant.operators;
  if (ops.includes('demo-op-a')) {
    await w.service.confirmByOperator(rec.warrant.id, statement(w, rec, 'operator-confirmation', 'officerA1', 'demo-op-a'));
    await w.service.confirmByOperator(rec.warrant.id, statement(w, rec, 'operator-confirmation', 'officerA2', 'demo-op-a'));
  }
  if (ops.includes('demo-op-b')) await w.service.confirmByOperator(rec.warrant.id, statement(w, rec, 'operator-confirmation', 'officerB1', 'demo-op-b'));
}

/** A copy of the IFTA profile with its own id and small caps (cap tests stay isolated). */
export function cappedProfile(id: string, perAgency: number, overall: number): Profile {
  const base = loadProfiles().get('pk-ifta-2013')!;
  return parseProfile({ ...structuredClone(base), id, caps: { activeTargetsPerAgency: perAgency, activeTargetsOverall: overall } }, id);
}

/** Everything the store holds (for "nothing changed" assertions). */
export async function snapshot(store: WarrantStore): Promise<string> {
  return JSON.stringify(await store.list());
}
