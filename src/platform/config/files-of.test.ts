/**
 * A role on its own machine holds only its own keys: `serve ROLE` checks only the files that role
 * opens (its section and the CA), while `config check` and `up` check every file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleDeploymentYaml } from './example.ts';
import { checkDeployment } from './load.ts';

test('serving one role checks only that role\'s files; the whole file still checks them all', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warranted-files-of-'));
  try {
    const file = exampleDeploymentYaml(dir);
    // This machine runs only the police LEMF: the MDF's and the audit log's keys are not here.
    rmSync(join(dir, 'pki', 'mdf.key.pem'));
    rmSync(join(dir, 'pki', 'audit.key.pem'));
    const all = checkDeployment(file);
    assert.equal(all.ok, false);
    assert.ok(!all.ok && all.errors.some((e) => e.startsWith('mediation.tls.key: expected a private key file') || e.startsWith('mediation.tls.key: expected a readable file')), JSON.stringify(all));
    assert.ok(!all.ok && all.errors.some((e) => e.startsWith('audit.tls.key:')));

    const lemf = checkDeployment(file, { role: 'lemf', id: 'lemf-pk-police' });
    assert.ok(lemf.ok, JSON.stringify(lemf));
    const mdf = checkDeployment(file, { role: 'mdf' });
    assert.ok(!mdf.ok && mdf.errors.length === 1 && mdf.errors[0]!.startsWith('mediation.tls.key:'), JSON.stringify(mdf));
    // The LEMF's own key missing is still an error for it.
    rmSync(join(dir, 'pki', 'lemf-pk-police.key.pem'));
    const lemf2 = checkDeployment(file, { role: 'lemf', id: 'lemf-pk-police' });
    assert.ok(!lemf2.ok && lemf2.errors.some((e) => e.startsWith('agencies[0].lemf.tls.key:')), JSON.stringify(lemf2));
    // Shape errors are reported whoever serves.
    assert.ok(checkDeployment(file, { role: 'lemf', id: 'lemf-pk-ib' }).ok);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a witness checks its own files and the log\'s public key; the audit log checks the witnesses\' public keys, not their private keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warranted-files-of-'));
  try {
    const file = exampleDeploymentYaml(dir);
    // The court's machine: no audit signing key, no other witness's key.
    rmSync(join(dir, 'keys', 'audit-log.key.pem'));
    rmSync(join(dir, 'keys', 'witnesses', 'regulator-witness.key.pem'));
    assert.ok(checkDeployment(file, { role: 'witness', id: 'court-witness' }).ok);
    // The audit machine: no witness private key, but each witness's public key.
    const audit = checkDeployment(file, { role: 'audit' });
    assert.ok(!audit.ok && audit.errors.length === 1 && audit.errors[0]!.startsWith('audit.signingKey:'), JSON.stringify(audit));
    rmSync(join(dir, 'keys', 'witnesses', 'court-witness.pub.pem'));
    const audit2 = checkDeployment(file, { role: 'audit' });
    assert.ok(!audit2.ok && audit2.errors.some((e) => e.startsWith('witnesses[0].publicKey:')), JSON.stringify(audit2));
    rmSync(join(dir, 'keys', 'audit-log.pub.pem'));
    const court = checkDeployment(file, { role: 'witness', id: 'court-witness' });
    assert.ok(!court.ok && court.errors.some((e) => e.startsWith('audit.publicKey:')) && court.errors.some((e) => e.startsWith('witnesses[0].publicKey:')), JSON.stringify(court));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the MDF and a LEMF bind their two ports on one host: a file naming two hosts is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warranted-hosts-'));
  try {
    const file = exampleDeploymentYaml(dir);
    const text = readFileSync(file, 'utf8');
    const x2x3 = /(\n {2}x2x3: )127\.0\.0\.1(:\d+)/;
    assert.match(text, x2x3);
    writeFileSync(file, text.replace(x2x3, '$1127.0.0.2$2'));
    const r = checkDeployment(file);
    assert.ok(!r.ok && r.errors.some((e) => e.startsWith('mediation.x2x3: expected the host of mediation.x1')), JSON.stringify(r));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
