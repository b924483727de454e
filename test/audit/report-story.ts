/**
 * A year of lawful interception as its audit log tells it, with totals known in advance, for the
 * transparency report tests. Same event types and fields as the warrant core, the ADMF and the MDF
 * write (and test/audit/law-story.ts uses), so the log passes `audit verify` — structure, witness
 * quorum and the law — and the report can be computed from it:
 *
 * - W0 (pk-police, Dec 2025): before the 2026 period, never in its report;
 * - W1 (pk-police, content, MSISDN + IMEI, two tasks, one LIID): March 1 – April 20;
 * - W2 (pk-ib, IRI only, IMSI): April 1 – May 15;
 * - W3 (pk-police): re-issue of W1, April 20 – June 10;
 * - W4 (pk-ib): rejected by the judge;
 * - a rogue task found on op-a-ims in May and removed; refused records in April and May.
 *
 * `EXPECTED_2026` holds the totals the report must show for 2026; `writeReportStory` writes it as a
 * log directory through the real AuditLog (law-story.ts writeStory: entries, a checkpoint cosigned
 * by two witnesses, the witness policy, the verifier key).
 */
import type { AuditEvent } from '../../src/audit/index.ts';
import { writeStory, type WrittenLog } from './law-story.ts';

const MIN = 60_000;
const H = 60 * MIN;

export const W0 = '7e57a000-0000-4000-8000-000000000000';
export const W1 = '7e57a000-0000-4000-8000-000000000001';
export const W2 = '7e57a000-0000-4000-8000-000000000002';
export const W3 = '7e57a000-0000-4000-8000-000000000003';
export const W4 = '7e57a000-0000-4000-8000-000000000004';
export const ROGUE_XID = '7e57ffff-0000-4000-8000-00000000dead';

const ms = (iso: string): number => Date.parse(iso);
const iso = (t: number): string => new Date(t).toISOString();

let requestCounter = 0;
const requestHash = (): string => (++requestCounter).toString(16).padStart(64, '0');

interface WarrantSpec {
  id: string;
  agency: string;
  submitted: string;
  start: string;
  end: string;
  content: boolean;
  targets: { kind: string; content: boolean; services: string[] }[];
  services: string[];
  operator: string;
  element: string;
  liid: string;
  xids: string[];
  renews?: string;
}

const hashOf = (id: string): string => id.replace(/-/g, '').padEnd(64, 'f').slice(0, 64);

function ev(t: number, type: string, actor: string, subject: string | undefined, details: Record<string, unknown>): AuditEvent {
  return { type, at: iso(t), actor, ...(subject === undefined ? {} : { subject }), details };
}

const base = (w: WarrantSpec) => ({ warrantId: w.id, warrantHash: hashOf(w.id), profileId: 'pk-ifta-2013', agencyId: w.agency });

function submitted(w: WarrantSpec): AuditEvent {
  const terms = {
    start: w.start,
    end: w.end,
    offence: w.content ? 'kidnapping for ransom' : 'financing of terrorism',
    legalBasis: 'Investigation for Fair Trial Act 2013, s. 10-11',
    content: w.content,
    services: w.services,
    targets: w.targets,
    operators: [w.operator],
    retentionDays: 3650,
  };
  return ev(ms(w.submitted), 'warrant.submitted', 'warrant-desk', w.id, {
    ...base(w),
    state: 'AwaitingApproval',
    emergency: false,
    terms,
    ...(w.renews === undefined ? {} : { renews: w.renews }),
  });
}

/** Submission, the minister's then the judge's signature, approval. */
function approved(w: WarrantSpec): AuditEvent[] {
  const t = ms(w.submitted);
  return [
    submitted(w),
    ev(t + 10 * MIN, 'warrant.signature-added', 'minister-1', w.id, { ...base(w), authorityId: 'minister-1', keyId: 'ed25519:m1', role: 'minister', signedAt: iso(t + 9 * MIN) }),
    ev(t + 20 * MIN, 'warrant.signature-added', 'judge-1', w.id, { ...base(w), authorityId: 'judge-1', keyId: 'ed25519:j1', role: 'judge', signedAt: iso(t + 19 * MIN) }),
    ev(t + 21 * MIN, 'warrant.transition', 'judge-1', w.id, { ...base(w), from: 'AwaitingApproval', to: 'Approved', reason: 'all required signatures verified', actor: 'judge-1' }),
  ];
}

/** Active at its start; each task activated at the ADMF and started at the MDF. */
function activated(w: WarrantSpec): AuditEvent[] {
  const t = ms(w.start);
  const out = [ev(t, 'warrant.transition', 'warrant-desk', w.id, { ...base(w), from: 'Approved', to: 'Active', reason: 'start time reached' })];
  w.xids.forEach((xid, i) => {
    out.push(
      ev(t + 1000 + i, 'provisioning.task-activating', 'admf', xid, {
        warrantId: w.id,
        warrantHash: hashOf(w.id),
        liid: w.liid,
        operator: w.operator,
        elements: [w.element],
        start: w.start,
        end: w.end,
        content: w.content,
        services: w.services,
      }),
      ev(t + 2000 + i, 'mdf.task-started', 'mdf', xid, { warrantId: w.id, warrantHash: hashOf(w.id), liid: w.liid, start: w.start, end: w.end, hiDelivery: w.content ? 'HI2andHI3' : 'HI2Only' }),
    );
  });
  return out;
}

function deactivate(t: number, element: string, xids: string[]): AuditEvent[] {
  const requestSha256 = requestHash();
  const details = { ne: element, path: '/X1/NE', requestTypes: ['DeactivateTaskRequest'], xids, requestSha256 };
  return [ev(t, 'x1.sending', 'admf', element, details), ev(t, 'x1.exchange', 'admf', element, { ...details, error: null, responseSha256: 'e'.repeat(64) })];
}

/** Expired at its end; stopped on the MDF, then on the element. */
function expired(w: WarrantSpec): AuditEvent[] {
  const t = ms(w.end);
  return [
    ev(t, 'warrant.transition', 'warrant-desk', w.id, { ...base(w), from: 'Active', to: 'Expired', reason: `end time ${w.end} reached` }),
    ...deactivate(t + 1000, 'mdf', w.xids),
    ...w.xids.map((xid) => ev(t + 1000, 'mdf.task-ended', 'mdf', xid, { warrantId: w.id, warrantHash: hashOf(w.id), liid: w.liid, reason: 'DeactivateTask' })),
    ...deactivate(t + 2000, w.element, w.xids),
    ...w.xids.map((xid) => ev(t + 3000, 'provisioning.task-deactivated', 'admf', xid, { warrantId: w.id, warrantHash: hashOf(w.id), liid: w.liid, operator: w.operator })),
  ];
}

/** A delivery batch of `count` records on `channel`, its first record at `first`. */
function batch(first: string, w: WarrantSpec, channel: 'HI2' | 'HI3', count: number): AuditEvent {
  const t = ms(first);
  return ev(t + 1000, 'mdf.delivery-batch', 'mdf', w.liid, { channel, count, did: 'did-lemf', firstAt: t, lastAt: t + 500, liid: w.liid, sha256: 'c'.repeat(64) });
}

const content = (kind: string) => ({ kind, content: true, services: ['voice', 'sms'] });

const SPEC_W0: WarrantSpec = {
  id: W0,
  agency: 'pk-police',
  submitted: '2025-12-01T08:00:00.000Z',
  start: '2025-12-01T09:00:00.000Z',
  end: '2025-12-20T09:00:00.000Z',
  content: false,
  targets: [{ kind: 'MSISDN', content: false, services: ['sms'] }],
  services: ['sms'],
  operator: 'op-a',
  element: 'op-a-ims',
  liid: 'PKPOLICE-0000',
  xids: ['7e57b000-0000-4000-8000-000000000000'],
};
const SPEC_W1: WarrantSpec = {
  id: W1,
  agency: 'pk-police',
  submitted: '2026-03-01T09:00:00.000Z',
  start: '2026-03-01T10:00:00.000Z',
  end: '2026-04-20T10:00:00.000Z',
  content: true,
  targets: [content('MSISDN'), content('IMEI')],
  services: ['voice', 'sms'],
  operator: 'op-a',
  element: 'op-a-ims',
  liid: 'PKPOLICE-0001',
  xids: ['7e57b000-0000-4000-8000-00000000001a', '7e57b000-0000-4000-8000-00000000001b'],
};
const SPEC_W2: WarrantSpec = {
  id: W2,
  agency: 'pk-ib',
  submitted: '2026-04-01T08:00:00.000Z',
  start: '2026-04-01T09:00:00.000Z',
  end: '2026-05-15T09:00:00.000Z',
  content: false,
  targets: [{ kind: 'IMSI', content: false, services: ['data', 'location'] }],
  services: ['data', 'location'],
  operator: 'op-b',
  element: 'op-b-5gc',
  liid: 'PKIB-0002',
  xids: ['7e57b000-0000-4000-8000-000000000002'],
};
const SPEC_W3: WarrantSpec = {
  ...SPEC_W1,
  id: W3,
  submitted: '2026-04-15T08:00:00.000Z',
  start: '2026-04-20T10:00:00.000Z',
  end: '2026-06-10T10:00:00.000Z',
  liid: 'PKPOLICE-0003',
  xids: ['7e57b000-0000-4000-8000-00000000003a', '7e57b000-0000-4000-8000-00000000003b'],
  renews: W1,
};
const SPEC_W4: WarrantSpec = { ...SPEC_W2, id: W4, submitted: '2026-05-20T08:00:00.000Z', start: '2026-05-21T09:00:00.000Z', end: '2026-06-20T09:00:00.000Z', liid: 'PKIB-0004', xids: [] };

/** The story, in time order. */
export function reportStory(): AuditEvent[] {
  requestCounter = 0;
  const keys = [
    ev(ms('2025-11-01T00:00:00.000Z'), 'keys.authority-registered', 'warrant-desk', 'minister-1', { authority: { id: 'minister-1', role: 'minister', name: 'Minister (test)' } }),
    ev(ms('2025-11-01T00:00:00.000Z'), 'keys.authority-registered', 'warrant-desk', 'judge-1', { authority: { id: 'judge-1', role: 'judge', name: 'Judge (test)' } }),
    ev(ms('2025-11-01T00:00:00.000Z'), 'keys.key-added', 'warrant-desk', 'ed25519:m1', { key: { keyId: 'ed25519:m1', authorityId: 'minister-1', publicKey: 'AAAA', validFrom: '2025-11-01T00:00:00.000Z' } }),
    ev(ms('2025-11-01T00:00:00.000Z'), 'keys.key-added', 'warrant-desk', 'ed25519:j1', { key: { keyId: 'ed25519:j1', authorityId: 'judge-1', publicKey: 'BBBB', validFrom: '2025-11-01T00:00:00.000Z' } }),
  ];
  const rejected = [
    submitted(SPEC_W4),
    ev(ms(SPEC_W4.submitted) + 2 * H, 'warrant.transition', 'judge-1', W4, { ...base(SPEC_W4), from: 'AwaitingApproval', to: 'Rejected', reason: 'rejected by the judge', actor: 'judge-1' }),
  ];
  const rogueAt = ms('2026-05-05T12:00:00.000Z');
  const events = [
    ...keys,
    ...[SPEC_W0, SPEC_W1, SPEC_W2, SPEC_W3].flatMap((w) => [...approved(w), ...activated(w), ...expired(w)]),
    ...rejected,
    batch('2025-12-10T12:00:00.000Z', SPEC_W0, 'HI2', 7),
    batch('2026-03-10T12:00:00.000Z', SPEC_W1, 'HI2', 40),
    batch('2026-03-10T12:00:00.000Z', SPEC_W1, 'HI3', 300),
    batch('2026-04-05T12:00:00.000Z', SPEC_W1, 'HI2', 25),
    batch('2026-04-05T12:00:00.000Z', SPEC_W1, 'HI3', 200),
    batch('2026-04-12T12:00:00.000Z', SPEC_W2, 'HI2', 60),
    batch('2026-05-03T12:00:00.000Z', SPEC_W2, 'HI2', 15),
    batch('2026-05-02T12:00:00.000Z', SPEC_W3, 'HI2', 10),
    batch('2026-05-02T12:00:00.000Z', SPEC_W3, 'HI3', 90),
    batch('2026-06-02T12:00:00.000Z', SPEC_W3, 'HI2', 5),
    batch('2026-06-02T12:00:00.000Z', SPEC_W3, 'HI3', 50),
    ev(ms('2026-04-12T13:00:00.000Z'), 'mdf.record-refused', 'mdf', ROGUE_XID, { code: 'MDF_UNKNOWN_XID', poi: 'op-a-ims', count: 3 }),
    ev(ms('2026-05-16T13:00:00.000Z'), 'mdf.record-refused', 'mdf', SPEC_W2.xids[0], { code: 'MDF_TASK_ENDED', poi: 'op-b-5gc', count: 2 }),
    ev(rogueAt, 'provisioning.rogue-task', 'admf', ROGUE_XID, { element: 'op-a-ims' }),
    ...deactivate(rogueAt + 5000, 'op-a-ims', [ROGUE_XID]),
  ];
  // Stable sort: events of one instant keep the order they were written in.
  return events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** What the 2026 report must show (worked out by hand from the story above). */
export const EXPECTED_2026 = {
  totals: { orders: 4, extensions: 1, targets: 6, records: 795, iriRecords: 155, contentRecords: 640, unattributedRecords: 0, refusedRecords: 5, rogueTasks: 1 },
  months: { '2026-03': [40, 300], '2026-04': [85, 200], '2026-05': [25, 90], '2026-06': [5, 50] } as Record<string, [number, number]>,
  agencies: { 'pk-ib': { orders: 2, iri: 75, content: 0 }, 'pk-police': { orders: 2, iri: 80, content: 640 } },
  perWarrant: { [W1]: [65, 500], [W2]: [75, 0], [W3]: [15, 140], [W4]: [0, 0] } as Record<string, [number, number]>,
  refused: { MDF_TASK_ENDED: 2, MDF_UNKNOWN_XID: 3 },
};

export const SPECS = { W0: SPEC_W0, W1: SPEC_W1, W2: SPEC_W2, W3: SPEC_W3, W4: SPEC_W4 };

/** The story as a verified-ready log directory (entries, cosigned checkpoint, witness policy, key). */
export function writeReportStory(events: AuditEvent[] = reportStory()): Promise<WrittenLog> {
  return writeStory(events);
}
