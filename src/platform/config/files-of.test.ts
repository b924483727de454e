/**
 * A role on its own machine holds only its own keys: `serve ROLE` checks only the files that role
 * opens (its section and the CA), while `config check` and `up` check every file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
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
