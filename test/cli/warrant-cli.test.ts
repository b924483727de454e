/**
 * The warrant CLI end to end, as an operator would run it: child processes of bin/warranted.mjs on
 * a temporary data directory. keys add → warrant submit → approve → confirm → show/list → revoke,
 * an HI-1 submission from a file, and refusals (wrong key file, revoked key).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createNoteVerifier, encodeVerifierKey } from '../../src/audit/index.ts';
import { encodeHI1Message } from '../../src/standards/hi1/index.ts';
import { warrantToHi1Objects } from '../../src/warrants/desk/index.ts';
import type { WarrantDraft, WarrantRecord } from '../../src/warrants/index.ts';

const repo = resolve(import.meta.dirname, '../..');
let dir: string;

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repo, 'bin/warranted.mjs'), ...args, '--data-dir', join(dir, 'data')], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(...args: string[]): string {
  const r = cli(...args);
  assert.equal(r.status, 0, `warranted ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the JSON shape it expects
function json<T>(...args: string[]): T {
  return JSON.parse(ok(...args, '--json')) as T;
}

const MSISDN = '447700900555';

function draft(reference: string, msisdn = MSISDN): WarrantDraft & { id: string } {
  const now = Date.now();
  return {
    id: randomUUID(),
    reference,
    agency: { id: 'pk-police', name: 'Police' },
    officer: 'Inspector A. Khan',
    legalBasis: 'Investigation for Fair Trial Act 2013 s.10',
    offence: 'financing of terrorism',
    targets: [{ kind: 'e164Number', value: msisdn }],
    categories: { content: true, services: ['voice', 'sms'] },
    operators: ['demo-op-b'],
    // Whole seconds: HI-1 QualifiedDateTime has no fractions.
    start: new Date(Math.floor((now - 60_000) / 1000) * 1000).toISOString(),
    end: new Date(Math.floor((now + 30 * 86_400_000) / 1000) * 1000).toISOString(),
    delivery: { destinationId: 'lemf-pk-police', address: 'lemf-pk-police:9000' },
    retentionDays: 365,
    emergency: false,
    profileId: 'pk-ifta-2013',
  };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'warranted-cli-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('warranted warrant / keys', () => {
  let id = '';
  const key = (n: string) => join(dir, `${n}.key.json`);

  test('keys add registers authorities and writes their private key files', () => {
    ok('keys', 'add', '--authority', 'pk-minister-interior', '--role', 'minister', '--name', 'Minister for Interior', '--generate', key('minister'));
    ok('keys', 'add', '--authority', 'pk-ihc-judge-1', '--role', 'judge', '--name', 'Judge, Islamabad High Court', '--generate', key('judge'));
    ok('keys', 'add', '--authority', 'op-b-officer-1', '--role', 'compliance-officer', '--name', 'Operator B officer', '--generate', key('officer'), '--operator', 'demo-op-b');
    const listed = json<{ authorities: { id: string; keys: unknown[] }[]; operators: { operatorId: string; officers: string[] }[] }>('keys', 'list');
    assert.deepEqual(listed.authorities.map((a) => a.id).sort(), ['op-b-officer-1', 'pk-ihc-judge-1', 'pk-minister-interior']);
    assert.deepEqual(listed.operators, [{ operatorId: 'demo-op-b', fourEyes: false, officers: ['op-b-officer-1'] }]);
    assert.match(readFileSync(key('judge'), 'utf8'), /PRIVATE KEY/);
  });

  test('submit → approve (minister, judge) → Active → confirm → show/list', () => {
    const file = join(dir, 'warrant.json');
    const d = draft('W-CLI-1');
    writeFileSync(file, JSON.stringify(d));
    const submitted = json<WarrantRecord>('warrant', 'submit', file);
    id = submitted.warrant.id;
    assert.equal(id, d.id);
    assert.equal(submitted.state, 'AwaitingApproval');
    // A key file used for another authority is refused before anything is signed.
    const wrong = cli('warrant', 'approve', id, '--key', key('minister'), '--authority', 'pk-ihc-judge-1');
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /CLI_KEY_AUTHORITY_MISMATCH/);
    // IFTA 2013: the minister first, then the judge (ordered).
    const early = cli('warrant', 'approve', id, '--key', key('judge'), '--authority', 'pk-ihc-judge-1');
    assert.equal(early.status, 1);
    assert.match(early.stderr, /WARRANT_SIGNATURE_OUT_OF_ORDER/);
    assert.equal(json<WarrantRecord>('warrant', 'approve', id, '--key', key('minister'), '--authority', 'pk-minister-interior').state, 'AwaitingApproval');
    const approved = json<WarrantRecord>('warrant', 'approve', id, '--key', key('judge'), '--authority', 'pk-ihc-judge-1');
    assert.equal(approved.state, 'Active');
    assert.equal(approved.signatures.length, 2);
    const confirmed = json<WarrantRecord>('warrant', 'confirm', id, '--operator', 'demo-op-b', '--key', key('officer'), '--officer', 'op-b-officer-1');
    assert.equal(confirmed.confirmations.length, 1);
    const shown = ok('warrant', 'show', id);
    assert.match(shown, /state\s+Active \(TS 103 120: Approved\)/);
    assert.ok(!shown.includes(MSISDN), 'human output shows target kinds, not identities');
    assert.ok(json<WarrantRecord[]>('warrant', 'list', '--state', 'Active').some((r) => r.warrant.id === id));
    assert.ok(!json<WarrantRecord[]>('warrant', 'list', '--state', 'Cancelled').some((r) => r.warrant.id === id));
  });

  test('HI-1 message from a file; a revoked key cannot approve it', () => {
    const d = draft('W-CLI-2', '447700900556');
    const xml = encodeHI1Message({
      header: {
        senderIdentifier: { countryCode: 'XX', uniqueIdentifier: 'pk-police' },
        receiverIdentifier: { countryCode: 'XX', uniqueIdentifier: 'warrant-desk' },
        transactionIdentifier: randomUUID(),
        timestamp: '2026-03-02T09:00:00.000000Z',
        version: { etsiVersion: 'V1.11.1', nationalProfileOwner: 'XX', nationalProfileVersion: 'warranted-1' },
      },
      payload: { kind: 'request', actionRequests: warrantToHi1Objects(d, { countryCode: 'XX' }).map((object, i) => ({ actionIdentifier: i, verb: 'CREATE' as const, object })) },
    });
    const file = join(dir, 'create.xml');
    writeFileSync(file, xml);
    const out = json<{ results: { result?: string; identifier?: string }[] }>('warrant', 'submit', '--hi1', file);
    assert.deepEqual(out.results.map((r) => r.result), ['CREATEResponse', 'CREATEResponse']);
    assert.equal(json<WarrantRecord>('warrant', 'show', d.id).state, 'AwaitingApproval');
    const keys = json<{ authorities: { id: string; keys: { keyId: string }[] }[] }>('keys', 'list');
    const ministerKey = keys.authorities.find((a) => a.id === 'pk-minister-interior')!.keys[0]!.keyId;
    ok('keys', 'revoke', ministerKey, '--reason', 'laptop stolen');
    const refused = cli('warrant', 'approve', d.id, '--key', key('minister'), '--authority', 'pk-minister-interior');
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /WARRANT_SIGNATURE_KEY_REVOKED/);
    // A malformed file is refused with the codec's Annex D code, exit status 2.
    writeFileSync(file, '<HI1Message>');
    const bad = cli('warrant', 'submit', '--hi1', file);
    assert.equal(bad.status, 2);
    assert.match(bad.stdout, /refused 3000/);
  });

  test('revoke → Cancelled; the audit log holds every step and no target identity in clear', () => {
    const revoked = json<WarrantRecord>('warrant', 'revoke', id, '--key', key('judge'), '--reason', 'no longer necessary');
    assert.equal(revoked.state, 'Cancelled');
    assert.equal(revoked.statements[0]?.purpose, 'revocation');
    const entries = readFileSync(join(dir, 'data', 'audit', 'entries.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => Buffer.from((JSON.parse(l) as { leaf: string }).leaf, 'base64').toString('utf8'))
      .join('\n');
    for (const type of ['keys.authority-registered', 'keys.key-added', 'keys.key-revoked', 'warrant.submitted', 'warrant.signature-added', 'warrant.transition', 'warrant.statement', 'warrant.refused', 'hi1.accepted', 'hi1.refused']) {
      assert.ok(entries.includes(type), `audit log has ${type}`);
    }
    assert.ok(!entries.includes(MSISDN) && !entries.includes('447700900556'), 'no target identity in the audit log');
    assert.match(entries, /"commitment":"commit-v1:[0-9a-f]{64}"/, 'targets only as salted commitments');
  });

  test('the data directory\'s log verifies as an overseer runs it: structure, no witnesses (said so), the law', () => {
    const vkey = join(dir, 'log.vkey');
    writeFileSync(vkey, `${encodeVerifierKey(createNoteVerifier('warranted-audit-log', createPublicKey(readFileSync(join(dir, 'data', 'audit-log.key.pem')))))}\n`);
    const r = spawnSync(process.execPath, ['bin/warranted.mjs', 'audit', 'verify', '--dir', join(dir, 'data', 'audit'), '--key', vkey], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /quorum: none required/);
    assert.match(r.stdout, /^law: 0 violation\(s\)$/m);
  });
});
