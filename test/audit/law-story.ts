/**
 * A lawful interception told as its audit log tells it — the same event types and fields the warrant
 * core, the ADMF and the MDF write (src/warrants/service-ops.ts, src/provisioning/apply.ts,
 * src/mediation/mdf.ts): two authorities register keys, two warrants (one with content, one IRI
 * only, under the pk-ifta-2013 profile: minister then judge) are approved, activated, deliver and
 * expire, and their tasks are stopped everywhere. Tests change one thing of the story and expect
 * `audit verify` to name it. `writeStory` writes it as a real log directory: entries through
 * AuditLog, a signed checkpoint cosigned by two witnesses (the real Witness class), the policy.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCosigner,
  createCosignatureVerifier,
  createNoteSigner,
  encodeVerifierKey,
  openAuditDirectory,
  publishCheckpoint,
  Witness,
  type AuditEvent,
  type NoteSigner,
} from '../../src/audit/index.ts';
import { formatWitnessPolicy, WITNESS_POLICY_FILE } from '../../src/audit/witness-policy.ts';

export const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);
export const at = (ms: number): string => new Date(T0 + ms).toISOString();
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

export const W1 = '0b0c7d1e-0000-4000-8000-000000000001';
export const W2 = '0b0c7d1e-0000-4000-8000-000000000002';
const HASH: Record<string, string> = { [W1]: 'a'.repeat(64), [W2]: 'b'.repeat(64) };
export const XID1 = '11111111-1111-4111-8111-111111111111';
export const XID2 = '22222222-2222-4222-8222-222222222222';
export const LIID1 = 'PKPOLICE-0001';
export const LIID2 = 'PKPOLICE-0002';

const ev = (ms: number, type: string, actor: string, subject: string | undefined, details: Record<string, unknown>): AuditEvent => ({
  type,
  at: at(ms),
  actor,
  ...(subject === undefined ? {} : { subject }),
  details,
});

const base = (w: string) => ({ warrantId: w, warrantHash: HASH[w], profileId: 'pk-ifta-2013', agencyId: 'pk-police' });

function terms(content: boolean) {
  return {
    start: at(1 * MIN),
    end: at(1 * H),
    offence: 'kidnapping for ransom',
    legalBasis: 'Investigation for Fair Trial Act 2013, s. 10',
    content,
    services: ['voice', 'sms'],
    targets: [{ kind: 'MSISDN', content, services: ['voice', 'sms'] }],
    operators: ['op-a'],
    retentionDays: 30,
  };
}

function warrantEvents(w: string, liid: string, xid: string, content: boolean, offset: number): AuditEvent[] {
  return [
    ev(offset, 'warrant.submitted', 'warrant-desk', w, { ...base(w), state: 'AwaitingApproval', emergency: false, terms: terms(content) }),
    ev(offset + 10 * S, 'warrant.signature-added', 'minister-1', w, { ...base(w), authorityId: 'minister-1', keyId: 'ed25519:m1', role: 'minister', signedAt: at(offset + 9 * S) }),
    ev(offset + 20 * S, 'warrant.signature-added', 'judge-1', w, { ...base(w), authorityId: 'judge-1', keyId: 'ed25519:j1', role: 'judge', signedAt: at(offset + 19 * S) }),
    ev(offset + 21 * S, 'warrant.transition', 'judge-1', w, { ...base(w), from: 'AwaitingApproval', to: 'Approved', reason: 'all required signatures verified', actor: 'judge-1' }),
    ev(1 * MIN + offset, 'warrant.transition', 'warrant-desk', w, { ...base(w), from: 'Approved', to: 'Active', reason: 'activated' }),
    ev(1 * MIN + offset + 1 * S, 'provisioning.task-activating', 'admf', xid, {
      warrantId: w,
      warrantHash: HASH[w],
      liid,
      operator: 'op-a',
      elements: ['op-a-ims'],
      start: at(1 * MIN),
      end: at(1 * H),
      content,
      services: ['voice', 'sms'],
    }),
    ...['mdf', 'op-a-ims'].flatMap((ne) => [
      ev(1 * MIN + offset + 1 * S, 'x1.sending', 'admf', ne, { ne, path: '/X1/NE', requestTypes: ['ActivateTaskRequest'], xids: [xid], requestSha256: `f${ne}`.padEnd(64, '0') }),
      ev(1 * MIN + offset + 1 * S, 'x1.exchange', 'admf', ne, { ne, path: '/X1/NE', requestTypes: ['ActivateTaskRequest'], xids: [xid], error: null, requestSha256: `f${ne}`.padEnd(64, '0'), responseSha256: 'e'.repeat(64) }),
    ]),
    ev(1 * MIN + offset + 2 * S, 'mdf.task-started', 'mdf', xid, { warrantId: w, warrantHash: HASH[w], liid, start: at(1 * MIN), end: at(1 * H), hiDelivery: content ? 'HI2andHI3' : 'HI2Only' }),
  ];
}

const batch = (ms: number, liid: string, channel: 'HI2' | 'HI3', count: number, firstMs: number, lastMs: number): AuditEvent =>
  ev(ms, 'mdf.delivery-batch', 'mdf', liid, { channel, count, did: 'did-1', firstAt: T0 + firstMs, lastAt: T0 + lastMs, liid, sha256: 'c'.repeat(64) });

function stopEvents(w: string, liid: string, xid: string, offset: number): AuditEvent[] {
  return [
    ev(1 * H + offset, 'warrant.transition', 'warrant-desk', w, { ...base(w), from: 'Active', to: 'Expired', reason: `end time ${at(1 * H)} reached` }),
    ev(1 * H + offset + 1 * S, 'x1.sending', 'admf', 'mdf', { ne: 'mdf', path: '/X1/NE', requestTypes: ['DeactivateTaskRequest'], xids: [xid], requestSha256: 'd'.repeat(64) }),
    ev(1 * H + offset + 1 * S, 'x1.exchange', 'admf', 'mdf', { ne: 'mdf', path: '/X1/NE', requestTypes: ['DeactivateTaskRequest'], xids: [xid], error: null, requestSha256: 'd'.repeat(64), responseSha256: 'e'.repeat(64) }),
    ev(1 * H + offset + 1 * S, 'mdf.task-ended', 'mdf', xid, { warrantId: w, warrantHash: HASH[w], liid, reason: 'DeactivateTask' }),
    ev(1 * H + offset + 2 * S, 'x1.sending', 'admf', 'op-a-ims', { ne: 'op-a-ims', path: '/X1/NE', requestTypes: ['DeactivateTaskRequest'], xids: [xid], requestSha256: 'd'.repeat(64) }),
    ev(1 * H + offset + 2 * S, 'x1.exchange', 'admf', 'op-a-ims', { ne: 'op-a-ims', path: '/X1/NE', requestTypes: ['DeactivateTaskRequest'], xids: [xid], error: null, requestSha256: 'd'.repeat(64), responseSha256: 'e'.repeat(64) }),
    ev(1 * H + offset + 3 * S, 'provisioning.task-deactivated', 'admf', xid, { warrantId: w, warrantHash: HASH[w], liid, operator: 'op-a' }),
  ];
}

/** The lawful story, in log order. */
export function lawfulStory(): AuditEvent[] {
  const keys = [
    ev(0, 'keys.authority-registered', 'warrant-desk', 'minister-1', { authority: { id: 'minister-1', role: 'minister', name: 'Minister (test)' } }),
    ev(0, 'keys.authority-registered', 'warrant-desk', 'judge-1', { authority: { id: 'judge-1', role: 'judge', name: 'Judge (test)' } }),
    ev(0, 'keys.key-added', 'warrant-desk', 'ed25519:m1', { key: { keyId: 'ed25519:m1', authorityId: 'minister-1', publicKey: 'AAAA', validFrom: at(-24 * H) } }),
    ev(0, 'keys.key-added', 'warrant-desk', 'ed25519:j1', { key: { keyId: 'ed25519:j1', authorityId: 'judge-1', publicKey: 'BBBB', validFrom: at(-24 * H) } }),
  ];
  return [
    ...keys,
    ...warrantEvents(W1, LIID1, XID1, true, 1 * S),
    ...warrantEvents(W2, LIID2, XID2, false, 30 * S),
    batch(3 * MIN, LIID1, 'HI2', 5, 2 * MIN, 3 * MIN),
    batch(3 * MIN, LIID1, 'HI3', 100, 2 * MIN, 3 * MIN),
    batch(4 * MIN, LIID2, 'HI2', 7, 3 * MIN, 4 * MIN),
    ...stopEvents(W1, LIID1, XID1, 0),
    ...stopEvents(W2, LIID2, XID2, 10 * S),
    ev(1 * H + 10 * MIN, 'provisioning.ne-reachable', 'admf', 'op-a-ims', { element: 'op-a-ims' }),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

export { batch, ev, HASH, H, MIN, S };

export interface WrittenLog {
  dir: string;
  keyFile: string;
  signer: NoteSigner;
  witnesses: { name: string; key: KeyObject; witness: Witness }[];
}

/** Writes the events as a log directory with one checkpoint, cosigned by `cosign` of the two witnesses. */
export async function writeStory(events: AuditEvent[], options: { cosign?: number; checkpoint?: boolean } = {}): Promise<WrittenLog> {
  const dir = mkdtempSync(join(tmpdir(), 'law-story-'));
  const signer = createNoteSigner('law.test/audit', generateKeyPairSync('ed25519').privateKey);
  const log = await openAuditDirectory({ dir, signer, fsync: false });
  await log.appendMany(events);
  const witnesses = ['court', 'regulator'].map((name) => {
    const key = generateKeyPairSync('ed25519').privateKey;
    return { name, key, witness: new Witness({ cosigner: createCosigner(`${name}.test/witness`, key), log: signer }) };
  });
  if (options.checkpoint !== false) {
    const checkpoint = log.checkpoint();
    let note = checkpoint.note;
    for (const w of witnesses.slice(0, options.cosign ?? 2)) note = w.witness.cosign(note, []);
    await publishCheckpoint(dir, { ...checkpoint, note });
  }
  await log.close();
  const keyFile = join(dir, 'log.vkey');
  writeFileSync(keyFile, `${encodeVerifierKey(signer)}\n`);
  const policy = formatWitnessPolicy({
    log: signer,
    witnesses: witnesses.map((w) => ({ name: w.name, verifier: createCosignatureVerifier(`${w.name}.test/witness`, w.key) })),
    groups: [],
    quorum: { kind: 'count', n: 2 },
  });
  writeFileSync(join(dir, WITNESS_POLICY_FILE), policy);
  return { dir, keyFile, signer, witnesses };
}
