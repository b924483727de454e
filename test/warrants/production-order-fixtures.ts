/**
 * Fixtures for production-order tests: a key registry with one authority per role the three
 * production-order profiles use (plus an unregistered one), the real profiles, and drafts whose
 * period is the day before "now".
 */
import {
  KeyRegistry,
  ManualClock,
  generateSigningKey,
  loadOrderProfiles,
  orderCanonicalText,
  signOrderApproval,
  type AuthorityRole,
  type OrderSignature,
  type ProductionOrder,
  type ProductionOrderDraft,
  type ProductionOrderProfile,
  type Signer,
} from '../../src/warrants/index.ts';
import { RecordingAudit } from './fixtures.ts';

/** Monday 2 March 2026, 09:00 UTC. */
export const NOW = '2026-03-02T09:00:00.000Z';
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export type OrderSignerName = 'ocda' | 'dso' | 'usJudge' | 'prosecutor' | 'pkJudge' | 'pkOfficer' | 'rogue';
const SIGNERS: Record<OrderSignerName, { id: string; role: AuthorityRole; name: string }> = {
  ocda: { id: 'uk-ocda-1', role: 'judicial-commissioner', name: 'OCDA authorising individual (for the IPC)' },
  dso: { id: 'uk-nca-dso', role: 'designated-senior-officer', name: 'NCA designated senior officer' },
  usJudge: { id: 'us-magistrate-1', role: 'judge', name: 'Magistrate Judge' },
  prosecutor: { id: 'us-ausa-1', role: 'prosecutor', name: 'Assistant U.S. Attorney' },
  pkJudge: { id: 'pk-peca-court-1', role: 'judge', name: 'Judge, designated PECA Court' },
  pkOfficer: { id: 'pk-fia-officer-1', role: 'authorised-officer', name: 'FIA authorised officer' },
  rogue: { id: 'rogue-judge', role: 'judge', name: 'Not registered' },
};

export interface OrderWorld {
  clock: ManualClock;
  audit: RecordingAudit;
  keys: KeyRegistry;
  signers: Record<OrderSignerName, Signer>;
  profiles: Map<string, ProductionOrderProfile>;
}

export async function makeOrderWorld(): Promise<OrderWorld> {
  const clock = new ManualClock(NOW);
  const audit = new RecordingAudit();
  const keys = new KeyRegistry({ clock, audit });
  const signers = {} as Record<OrderSignerName, Signer>;
  for (const [name, a] of Object.entries(SIGNERS) as [OrderSignerName, (typeof SIGNERS)[OrderSignerName]][]) {
    const k = generateSigningKey();
    let keyId = `unregistered:${a.id}`;
    if (name !== 'rogue') {
      await keys.registerAuthority({ id: a.id, role: a.role, name: a.name });
      keyId = (await keys.addKey(a.id, { publicKey: k.publicKey, validFrom: '2026-01-01T00:00:00Z' })).keyId;
    }
    signers[name] = { authorityId: a.id, keyId, role: a.role, privateKey: k.privateKey };
  }
  return { clock, audit, keys, signers, profiles: loadOrderProfiles() };
}

let counter = 0;
export function freshMsisdn(): string {
  counter++;
  return `4477008${String(process.pid % 1000).padStart(3, '0')}${String(counter).padStart(3, '0')}`;
}
export function freshRef(): string {
  counter++;
  return `PO${String(process.pid % 1000).padStart(3, '0')}${String(counter).padStart(4, '0')}`;
}

const PER_PROFILE: Record<string, Pick<ProductionOrderDraft, 'agency' | 'authorisation' | 'purpose'>> = {
  'uk-ipa-2016-part3': { agency: { id: 'uk-nca', name: 'National Crime Agency' }, authorisation: 's60a', purpose: 'serious-crime' },
  'us-sca-2703': { agency: { id: 'us-fbi', name: 'Federal Bureau of Investigation' }, authorisation: '2703d-order', purpose: 'criminal-investigation' },
  'pk-peca-2016': { agency: { id: 'pk-fia', name: 'Federal Investigation Agency' }, authorisation: 'court-warrant', purpose: 'criminal-investigation' },
};

/** A draft for the day before now: one MSISDN, calls and SMS, for demo-op-a, valid 7 days. */
export function orderDraft(profileId: string, clock: ManualClock, over: Partial<ProductionOrderDraft> = {}): ProductionOrderDraft {
  const now = clock.now().getTime();
  return {
    reference: freshRef(),
    ...PER_PROFILE[profileId]!,
    officer: 'DC R. Jones',
    profileId,
    legalBasis: profileId,
    offence: 'supply of controlled drugs',
    identifiers: [{ kind: 'msisdn', value: freshMsisdn() }],
    categories: ['calls', 'sms'],
    period: { start: new Date(now - DAY).toISOString(), end: new Date(now).toISOString() },
    operators: ['demo-op-a'],
    validUntil: new Date(now + 7 * DAY).toISOString(),
    urgent: false,
    ...over,
  };
}

export function signOrder(w: OrderWorld, order: ProductionOrder, who: OrderSignerName, at: Date | string = w.clock.now()): OrderSignature {
  return signOrderApproval(orderCanonicalText(order), w.signers[who], at);
}
