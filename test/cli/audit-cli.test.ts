/**
 * `warranted audit verify` as an overseer runs it: on a log directory and the log's
 * verifier key, in a separate process. A log edited after the fact must fail verification.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNoteSigner, createNoteVerifier, encodeVerifierKey, ENTRIES_FILE, openAuditDirectory, publishCheckpoint } from '../../src/audit/index.ts';
import { formatWitnessPolicy, WITNESS_POLICY_FILE } from '../../src/audit/witness-policy.ts';

const cli = (args: string[]) => spawnSync(process.execPath, ['bin/warranted.mjs', ...args], { encoding: 'utf8' });

test('audit verify accepts an intact log and rejects an edited one', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
  try {
    const key = generateKeyPairSync('ed25519').privateKey;
    const log = await openAuditDirectory({ dir, signer: createNoteSigner('test.example/audit', key), fsync: false });
    for (let i = 0; i < 20; i++) await log.append({ type: i % 2 ? 'test.event-odd' : 'test.event-even', at: new Date(Date.UTC(2026, 10, 25, 9, 0, i)).toISOString(), actor: 'admf', details: { n: i } });
    await publishCheckpoint(dir, log.checkpoint());
    await log.close();
    const vkey = join(dir, 'log.vkey');
    writeFileSync(vkey, `${encodeVerifierKey(createNoteVerifier('test.example/audit', key))}\n`);
    // Structure only here (test/audit/law-verify.test.ts covers the witnesses and the law): a policy
    // that asks for no cosignature, stated openly in the file the overseer reads.
    writeFileSync(join(dir, WITNESS_POLICY_FILE), formatWitnessPolicy({ log: createNoteVerifier('test.example/audit', key), witnesses: [], groups: [], quorum: { kind: 'none' } }));

    const ok = cli(['audit', 'verify', '--dir', dir, '--key', vkey]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /entries: 20/);
    assert.match(ok.stdout, /checkpoints verified: 1\/1/);
    assert.match(ok.stdout, /^VERIFIED$/m);

    // Rewrite history: drop entry 5. The chain and the signed checkpoint both catch it.
    const file = join(dir, ENTRIES_FILE);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.splice(5, 1);
    writeFileSync(file, lines.join('\n'));
    const bad = cli(['audit', 'verify', '--dir', dir, '--key', vkey]);
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /PROBLEM/);
    assert.match(bad.stdout, /^NOT VERIFIED$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
