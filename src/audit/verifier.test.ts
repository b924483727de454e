import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENTRIES_FILE, openAuditDirectory, publishCheckpoint, readCheckpointNotes } from './directory.ts';
import type { AuditEvent } from './event.ts';
import { FileAuditStore } from './file-store.ts';
import { AuditLog } from './log.ts';
import { createNoteSigner, encodeVerifierKey } from './note.ts';
import { verifyAuditLog, verifyCommand } from './verifier.ts';

const root = mkdtempSync(join(tmpdir(), 'warranted-verify-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshDir = (): string => mkdtempSync(join(root, `v${counter++}-`));
const ORIGIN = 'audit.warranted.example/overseen';
const keys = generateKeyPairSync('ed25519');
const signer = createNoteSigner(ORIGIN, keys.privateKey);
const stranger = createNoteSigner(ORIGIN, generateKeyPairSync('ed25519').privateKey);

function ev(n: number, type = 'warrant.activated', day = '25'): AuditEvent {
  return { type, at: `2026-11-${day}T10:00:${String(n % 60).padStart(2, '0')}.000Z`, actor: 'desk', subject: `w-${n}`, details: {} };
}

/** A log with checkpoints at sizes 3, 8 and 12. */
async function honestLog(): Promise<{ dir: string; notes: string[] }> {
  const dir = freshDir();
  const log = await openAuditDirectory({ dir, signer });
  for (const [from, to] of [[0, 3], [3, 8], [8, 12]] as const) {
    await log.appendMany(Array.from({ length: to - from }, (_, i) => ev(from + i)));
    await publishCheckpoint(dir, log.checkpoint());
  }
  await log.close();
  return { dir, notes: await readCheckpointNotes(dir) };
}

describe('offline verifier', () => {
  test('an honest log verifies: every checkpoint signature, root and consistency', async () => {
    const { dir, notes } = await honestLog();
    const report = await verifyAuditLog({ entriesFile: join(dir, ENTRIES_FILE), checkpoints: notes, publicKey: keys.publicKey, witnesses: 'none-required', law: false });
    assert.deepEqual(report.problems, []);
    assert.equal(report.ok, true);
    assert.equal(report.entries, 12);
    assert.equal(report.checkpointsVerified, 3);
    assert.equal(report.latest?.size, 12);
    assert.equal(report.uncheckpointedEntries, 0);
  });

  test('verifyCommand reads the directory and a vkey or PEM key file', async () => {
    const { dir } = await honestLog();
    const vkeyPath = join(dir, 'log.vkey');
    writeFileSync(vkeyPath, encodeVerifierKey(signer) + '\n');
    assert.equal((await verifyCommand(dir, vkeyPath, { witnesses: 'none-required', law: false })).ok, true);
    const pemPath = join(dir, 'log.pem');
    writeFileSync(pemPath, keys.publicKey.export({ type: 'spki', format: 'pem' }));
    const report = await verifyCommand(dir, pemPath, { witnesses: 'none-required', law: false });
    assert.equal(report.ok, true);
    assert.equal(report.checkpointsVerified, 3);
  });

  test('a checkpoint signed by another key is reported', async () => {
    const { dir, notes } = await honestLog();
    const foreignLog = await AuditLog.open({ store: new FileAuditStore(join(freshDir(), ENTRIES_FILE)), signer: stranger });
    await foreignLog.appendMany([0, 1, 2, 3, 4].map((n) => ev(n)));
    const report = await verifyAuditLog({
      entriesFile: join(dir, ENTRIES_FILE),
      checkpoints: [...notes, foreignLog.checkpoint().note],
      publicKey: keys.publicKey,
      witnesses: 'none-required',
      law: false,
    });
    assert.equal(report.ok, false);
    assert.deepEqual(report.problems.map((p) => [p.code, p.checkpoint]), [['AUDIT_SIGNATURE_INVALID', 3]]);
    assert.equal(report.checkpointsVerified, 3);
  });

  test('a rewritten history (entries replaced and re-signed with the real key) is caught', async () => {
    const { dir, notes } = await honestLog();
    // The operator rewrites entry 5 and rebuilds the file, then signs a new checkpoint over it.
    const forgedDir = freshDir();
    const forged = await openAuditDirectory({ dir: forgedDir, signer });
    await forged.appendMany(Array.from({ length: 12 }, (_, i) => (i === 5 ? ev(5, 'warrant.revoked') : ev(i))));
    const forgedNote = forged.checkpoint().note;
    await forged.close();
    const report = await verifyAuditLog({ entriesFile: join(forgedDir, ENTRIES_FILE), checkpoints: [...notes, forgedNote], publicKey: keys.publicKey, witnesses: 'none-required', law: false });
    assert.equal(report.ok, false);
    const codes = report.problems.map((p) => p.code);
    assert.ok(codes.includes('AUDIT_ROOT_MISMATCH'), 'older checkpoints (8, 12) no longer match the entries');
    assert.ok(codes.includes('AUDIT_INCONSISTENT'), 'two signed heads of size 12 with different roots');
    assert.ok(report.problems.some((p) => p.code === 'AUDIT_INCONSISTENT' && /history was rewritten/.test(p.message)));
    // Even the honest file is condemned by the forged checkpoint: it is inconsistent with the others.
    const honestFile = await verifyAuditLog({ entriesFile: join(dir, ENTRIES_FILE), checkpoints: [...notes, forgedNote], publicKey: keys.publicKey, witnesses: 'none-required', law: false });
    assert.ok(honestFile.problems.some((p) => p.code === 'AUDIT_INCONSISTENT'));
  });

  test('entry-level tampering and truncation are listed with their entry', async () => {
    const { dir, notes } = await honestLog();
    const path = join(dir, ENTRIES_FILE);
    const lines = readFileSync(path, 'utf8').split('\n').slice(0, -1);
    writeFileSync(path, [lines[0], lines[2], lines[1], ...lines.slice(3, 10)].join('\n') + '\n');
    const report = await verifyAuditLog({ entriesFile: path, checkpoints: notes, publicKey: keys.publicKey, witnesses: 'none-required', law: false });
    assert.equal(report.ok, false);
    assert.ok(report.problems.some((p) => p.code === 'AUDIT_INDEX_MISMATCH' && p.index === 1));
    assert.ok(report.problems.some((p) => p.code === 'AUDIT_CHAIN_BROKEN' && p.index === 1));
    assert.ok(report.problems.some((p) => p.code === 'AUDIT_ROOT_MISMATCH' && /removed/.test(p.message)), 'size-12 checkpoint vs 10 entries');
    assert.equal(report.entries, 10);
  });
});
