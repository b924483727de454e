/**
 * `warranted config check FILE` as an operator runs it, in its own process: exit 0 and the roles on
 * a valid deployment; exit 2 and every problem, one per line with its exact path, otherwise.
 * It starts nothing: no state directory appears.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { at, fixture, removeFixtures } from '../../src/platform/config/test-fixture.ts';

after(removeFixtures);

const check = (file: string) =>
  spawnSync(process.execPath, ['bin/warranted.mjs', 'config', 'check', file], {
    encoding: 'utf8',
    timeout: 120_000,
  });

test('a valid deployment: exit 0, the roles it runs, nothing started', () => {
  const { dir, file } = fixture();
  const r = check(file);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    r.stdout,
    `${file}: ok (9 roles: witness court-witness, witness regulator-witness, audit audit, lemf lemf-pk-police, lemf lemf-pk-fia, mdf mdf, control admf, network demo-op-a, network demo-op-b)\n`,
  );
  assert.equal(r.stderr, '');
  assert.equal(existsSync(join(dir, 'data')), false);
});

test('unknown keys, wrong types, a missing certificate, an element outside any operator, an operator without elements: all reported, exit 2', () => {
  const { dir, file } = fixture((d) => {
    const lemf = at(d, 'agencies.0.lemf');
    lemf.tlz = lemf.tls;
    at(d, 'operators.1.elements.0').x1 = 'localhost';
    d.timers = { x1KeepaliveMs: 'fast' };
    d.elements = [{ id: 'stray-ims', services: ['voice'], x1: '127.0.0.1:7999' }];
    at(d, 'operators.0').elements = [];
  });
  rmSync(join(dir, 'pki/desk.pem'));
  const r = check(file);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.equal(r.stdout, '');
  assert.deepEqual(r.stderr.trimEnd().split('\n'), [
    'elements: expected no such key (known: version, dataDir, ca, logging, timers, audit, control, mediation, operators, agencies, witnesses), got a list of 1',
    'timers.x1KeepaliveMs: expected integer ≥ 1, got "fast"',
    `control.desk.tls.cert: expected a readable file, got "${join(dir, 'pki/desk.pem')}" (ENOENT)`,
    'operators[0].elements: expected a list of at least 1 item, got an empty list',
    'operators[1].elements[0].x1: expected host:port, got "localhost"',
    'agencies[0].lemf.tlz: expected no such key (known: id, tls, hi2, hi3, admin, dir, integrityPublicKey, evidenceKey, acknowledge, console), got a mapping',
    `${file}: 6 problems`,
  ]);
  assert.equal(existsSync(join(dir, 'data')), false);
});

test('duplicate identities and a non-officer in a policy: exit 2 with the paths of both occurrences', () => {
  const { file } = fixture((d) => {
    at(d, 'operators.1.elements.1').id = 'demo-op-b-ims';
    at(d, 'agencies.1').id = 'pk-police';
    at(d, 'operators.1.policy').officers = ['pk-minister-interior'];
  });
  const r = check(file);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.deepEqual(r.stderr.trimEnd().split('\n'), [
    'operators[1].elements[1].id: expected a unique identity, got "demo-op-b-ims" (also at operators[1].elements[0].id)',
    'agencies[1].id: expected a unique identity, got "pk-police" (also at agencies[0].id)',
    'operators[1].policy.officers[0]: expected the id of an authority with role compliance-officer, got "pk-minister-interior" (role minister)',
    `${file}: 3 problems`,
  ]);
});

test('not YAML, or no file at all: exit 2', () => {
  const { dir, file } = fixture();
  writeFileSync(file, 'version: 1\naudit: {id: audit\n');
  const bad = check(file);
  assert.equal(bad.status, 2);
  assert.match(
    bad.stderr,
    new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: expected valid YAML, got `),
  );
  const missing = check(join(dir, 'absent.yaml'));
  assert.equal(missing.status, 2);
  assert.match(
    missing.stderr,
    /^deployment file: expected a readable file, got ".*absent\.yaml" \(ENOENT\)$/m,
  );
});
