/**
 * The loader on the example deployment and on one-change-each bad copies of it: every problem is
 * reported with its exact path, as `path: expected …, got …`.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDeployment, loadDeployment } from './load.ts';
import { ConfigError } from './errors.ts';
import { at, fixture, removeFixtures } from './test-fixture.ts';
import { roleInstances } from './types.ts';

after(removeFixtures);

function errorsOf(file: string): string[] {
  const r = checkDeployment(file);
  assert.equal(r.ok, false, 'expected the file to be rejected');
  return r.ok ? [] : r.errors;
}

test('the example deployment loads: absolute paths, parsed addresses, defaults, store, roles', () => {
  const { dir, file } = fixture(undefined, 7400);
  const d = loadDeployment(file);
  assert.equal(d.file, file);
  assert.equal(d.version, 1);
  assert.equal(d.ca, join(dir, 'pki/ca.pem'));
  assert.equal(d.dataDir, join(dir, 'data'));
  assert.deepEqual(d.timers, {
    reconciliationMs: 5000,
    x1KeepaliveMs: 5000,
    x1FailSafeMs: 30000,
    x1TimeoutMs: 5000,
    hiKeepaliveMs: 10000,
    annexJHashIntervalMs: 2000,
    warrantTickMs: 250,
  });
  assert.equal(d.audit.checkpointIntervalMs, 10000);
  assert.deepEqual(d.logging, { level: 'info' });
  assert.deepEqual(d.audit.listen, { host: '127.0.0.1', port: 7400 });
  assert.deepEqual(d.audit.tls, { cert: join(dir, 'pki/audit.pem'), key: join(dir, 'pki/audit.key.pem') });
  assert.deepEqual(d.control.store, { kind: 'embedded', dir: join(dir, 'data/control/warrants') });
  assert.equal(d.control.profilesDir, undefined);
  assert.equal('profilesDir' in d.control, false);
  assert.deepEqual(
    d.operators.map((o) => o.elements.map((e) => [e.id, e.simulated, e.services])),
    [
      [
        ['demo-op-a-ims', 'ims', ['voice']],
        ['demo-op-a-5gc', '5gc', ['sms', 'data', 'location']],
      ],
      [
        ['demo-op-b-ims', 'ims', ['voice']],
        ['demo-op-b-5gc', '5gc', ['sms', 'data', 'location']],
      ],
    ],
  );
  assert.deepEqual(d.operators[0]!.simulation!.rates, {
    voiceCallsPerMinute: 6,
    smsPerMinute: 12,
    dataSessionsPerMinute: 6,
    locationUpdatesPerMinute: 20,
  });
  assert.equal(d.agencies[1]!.lemf.integrityPublicKey, join(dir, 'keys/mdf-integrity.pub.pem'));
  assert.deepEqual(
    roleInstances(d).map((r) => `${r.role}:${r.id}`),
    [
      'witness:court-witness',
      'witness:regulator-witness',
      'audit:audit',
      'lemf:lemf-pk-police',
      'lemf:lemf-pk-fia',
      'mdf:mdf',
      'control:admf',
      'network:demo-op-a',
      'network:demo-op-b',
    ],
  );
});

test('explicit values override defaults; postgres store; IPv6 and host-name addresses', () => {
  const { file } = fixture((d) => {
    d.timers = { x1KeepaliveMs: 1000, warrantTickMs: 50 };
    at(d, 'control').store = { postgres: 'postgres://warranted@db.example:5432/warranted' };
    at(d, 'audit').listen = '[::1]:7500';
    at(d, 'audit').admin = 'audit.internal.example:7501';
  });
  const d = loadDeployment(file);
  assert.equal(d.timers.x1KeepaliveMs, 1000);
  assert.equal(d.timers.warrantTickMs, 50);
  assert.equal(d.timers.x1FailSafeMs, 30000);
  assert.deepEqual(d.control.store, {
    kind: 'postgres',
    url: 'postgres://warranted@db.example:5432/warranted',
  });
  assert.deepEqual(d.audit.listen, { host: '::1', port: 7500 });
  assert.deepEqual(d.audit.admin, { host: 'audit.internal.example', port: 7501 });
});

test('unknown keys are errors, at any depth', () => {
  const { file } = fixture((d) => {
    const lemf = at(d, 'agencies.0.lemf');
    lemf.tlz = lemf.tls;
    d.elements = [{ id: 'orphan-ims' }];
  });
  const errors = errorsOf(file);
  assert.ok(
    errors.includes(
      'agencies[0].lemf.tlz: expected no such key (known: id, tls, hi2, hi3, admin, dir, integrityPublicKey, evidenceKey, acknowledge, console), got a mapping',
    ),
    errors.join('\n'),
  );
  assert.ok(
    errors.includes(
      'elements: expected no such key (known: version, dataDir, ca, logging, timers, audit, control, mediation, operators, agencies, witnesses), got a list of 1',
    ),
    errors.join('\n'),
  );
});

test('wrong types name the path, what was expected and what was found', () => {
  const { file } = fixture((d) => {
    d.timers = { x1KeepaliveMs: 'fast' };
    at(d, 'operators.1.elements.0').x1 = 'localhost';
    at(d, 'operators.0.policy').fourEyes = 'yes';
    at(d, 'operators.0.simulation').mnc = 1;
    at(d, 'control.authorities.0').role = 'sheriff';
    at(d, 'mediation').x2x3 = '127.0.0.1:70000';
    at(d, 'control').store = { embedded: 'x', postgres: 'postgres://h/db' };
    d.version = 2;
  });
  const errors = errorsOf(file);
  for (const e of [
    'timers.x1KeepaliveMs: expected integer ≥ 1, got "fast"',
    'operators[1].elements[0].x1: expected host:port, got "localhost"',
    'operators[0].policy.fourEyes: expected true or false, got "yes"',
    'operators[0].simulation.mnc: expected 2..3 digits, got 1 (a number: quote it)',
    'control.authorities[0].role: expected one of judge, minister, secretary-of-state, judicial-commissioner, attorney-general, compliance-officer, overseer, designated-senior-officer, authorised-officer, prosecutor, got "sheriff"',
    'mediation.x2x3: expected host:port, got "127.0.0.1:70000"',
    'control.store: expected a mapping with exactly one of embedded, postgres, got a mapping with keys embedded, postgres',
    'version: expected 1, got 2',
  ]) {
    assert.ok(errors.includes(e), `missing "${e}" in\n${errors.join('\n')}`);
  }
  assert.equal(errors.length, 8, errors.join('\n'));
});

test('a missing certificate, a key readable by others and a directory instead of a file are reported', () => {
  const { dir, file } = fixture((d) => {
    at(d, 'agencies.1.lemf').integrityPublicKey = 'keys';
  });
  rmSync(join(dir, 'pki/mdf.pem'));
  chmodSync(join(dir, 'pki/lemf-pk-police.key.pem'), 0o640);
  const errors = errorsOf(file);
  assert.deepEqual(errors, [
    `mediation.tls.cert: expected a readable file, got "${join(dir, 'pki/mdf.pem')}" (ENOENT)`,
    `agencies[0].lemf.tls.key: expected a private key file readable by its owner only (mode 0600), got "${join(dir, 'pki/lemf-pk-police.key.pem')}" (mode 0640)`,
    `agencies[1].lemf.integrityPublicKey: expected a readable file, got "${join(dir, 'keys')}" (not a regular file)`,
  ]);
});

test('duplicate identities and duplicate addresses name the second occurrence and the first', () => {
  const { file } = fixture((d) => {
    at(d, 'agencies.1.lemf').id = 'mdf';
    at(d, 'operators.1.elements.0').id = 'demo-op-a-5gc';
    at(d, 'control.authorities.1').id = 'audit';
    at(d, 'agencies.0.lemf').hi3 = at(d, 'audit').listen;
    at(d, 'operators.1.elements.1').x1 = at(d, 'operators.1.elements.0').x1;
  });
  assert.deepEqual(errorsOf(file), [
    'control.authorities[1].id: expected a unique identity, got "audit" (also at audit.id)',
    'operators[1].elements[0].id: expected a unique identity, got "demo-op-a-5gc" (also at operators[0].elements[1].id)',
    'agencies[1].lemf.id: expected a unique identity, got "mdf" (also at mediation.id)',
    'operators[1].elements[1].x1: expected an address of its own, got "127.0.0.1:7411" (also at operators[1].elements[0].x1)',
    'agencies[0].lemf.hi3: expected an address of its own, got "127.0.0.1:7400" (also at audit.listen)',
  ]);
});

test('policies and simulated elements are checked across sections', () => {
  const { file } = fixture((d) => {
    at(d, 'operators.0.policy').officers = ['demo-op-a-officer-1', 'pk-ihc-judge-1', 'nobody'];
    at(d, 'operators.1.policy').fourEyes = true;
    at(d, 'operators.1.policy').officers = ['demo-op-b-officer-1'];
    delete at(d, 'operators.1.elements.0').tls;
    delete at(d, 'operators.1').simulation;
    delete at(d, 'operators.1.elements.1').simulated;
  });
  assert.deepEqual(errorsOf(file), [
    'operators[0].policy.officers[1]: expected the id of an authority with role compliance-officer, got "pk-ihc-judge-1" (role judge)',
    'operators[0].policy.officers[2]: expected the id of an authority with role compliance-officer, got "nobody" (no such authority)',
    'operators[1].policy.officers: expected at least 2 different officers (fourEyes is true), got 1',
    'operators[1].elements[0].tls: expected TLS files (cert, key) for a simulated element, got nothing',
    'operators[1].elements[0].simulated: expected an operator with a simulation section (the network role that runs it), got "ims"',
  ]);
});

test('an operator without elements, an empty agency list and a missing section', () => {
  const { file } = fixture((d) => {
    at(d, 'operators.1').elements = [];
    d.agencies = [];
    delete d.mediation;
  });
  assert.deepEqual(errorsOf(file), [
    'mediation: expected a mapping, got nothing',
    'operators[1].elements: expected a list of at least 1 item, got an empty list',
    'agencies: expected a list of at least 1 item, got an empty list',
  ]);
});

test('YAML syntax errors carry line:column; duplicate keys are syntax errors', () => {
  const { file } = fixture();
  writeFileSync(file, 'version: 1\ndataDir: data\nca: [pki/ca.pem\nlogging: {}\n');
  const [e] = errorsOf(file);
  assert.match(
    e!,
    new RegExp(
      `^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:\\d+: expected valid YAML, got ".+" \\(\\w+\\)$`,
    ),
  );
  writeFileSync(file, 'version: 1\nversion: 1\n');
  assert.deepEqual(errorsOf(file), [
    `${file}:2:1: expected valid YAML, got "Map keys must be unique" (DUPLICATE_KEY)`,
  ]);
  writeFileSync(file, '');
  assert.deepEqual(errorsOf(file), ['(top level): expected a mapping, got null']);
});

test('loadDeployment throws ConfigError (CONFIG_INVALID) listing every problem; a missing file is one', () => {
  const { dir, file } = fixture((d) => {
    d.timers = { hiKeepaliveMs: 0 };
    at(d, 'audit').extra = true;
  });
  assert.throws(
    () => loadDeployment(file),
    (err: unknown) =>
      err instanceof ConfigError &&
      err.code === 'CONFIG_INVALID' &&
      err.errors.length === 2 &&
      err.errors.includes('timers.hiKeepaliveMs: expected integer ≥ 1, got 0') &&
      err.message.includes('2 problems'),
  );
  const missing = join(dir, 'nope.yaml');
  assert.deepEqual(errorsOf(missing), [
    `deployment file: expected a readable file, got "${missing}" (ENOENT)`,
  ]);
});

test('witnesses: the policy defaults its wait, and witnesses default to none', () => {
  const { dir, file } = fixture();
  const d = loadDeployment(file);
  assert.deepEqual(d.audit.witnessPolicy, { witnesses: ['court-witness', 'regulator-witness'], quorum: 2, maxWaitMs: 2000 });
  assert.equal(d.audit.publicKey, join(dir, 'keys/audit-log.pub.pem'));
  assert.deepEqual(d.witnesses[0], {
    id: 'court-witness',
    tls: { cert: join(dir, 'pki/court-witness.pem'), key: join(dir, 'pki/court-witness.key.pem') },
    listen: d.witnesses[0]!.listen,
    admin: d.witnesses[0]!.admin,
    name: 'court.example/witness',
    signingKey: join(dir, 'keys/witnesses/court-witness.key.pem'),
    publicKey: join(dir, 'keys/witnesses/court-witness.pub.pem'),
    dir: join(dir, 'data/court-witness'),
  });
  const none = loadDeployment(
    fixture((doc) => {
      delete doc.witnesses;
      delete at(doc, 'audit').witnessPolicy;
    }).file,
  );
  assert.deepEqual(none.witnesses, []);
  assert.equal(none.audit.witnessPolicy, undefined);
});

test('witnesses: the quorum names existing witnesses, at most as many as listed; key names and identities are unique', () => {
  const errors = errorsOf(
    fixture((doc) => {
      at(doc, 'audit').witnessPolicy = { witnesses: ['court-witness', 'nobody', 'court-witness'], quorum: 4 };
      at(doc, 'witnesses.1').name = 'court.example/witness';
      at(doc, 'witnesses.1').id = 'mdf';
    }).file,
  );
  for (const e of [
    'audit.witnessPolicy.witnesses[1]: expected the id of a witnesses entry, got "nobody"',
    'audit.witnessPolicy.witnesses[2]: expected each witness once, got "court-witness" again',
    'audit.witnessPolicy.quorum: expected at most the 3 witnesses listed, got 4',
    'witnesses[1].name: expected a key name of its own (a cosignature is told apart by its key name), got "court.example/witness" (also at witnesses[0].name)',
    'witnesses[1].id: expected a unique identity, got "mdf" (also at mediation.id)',
  ]) {
    assert.ok(errors.includes(e), `missing "${e}" in\n${errors.join('\n')}`);
  }
  const shape = errorsOf(
    fixture((doc) => {
      at(doc, 'audit').witnessPolicy = { witnesses: [], quorum: 0 };
      at(doc, 'witnesses.0').name = 'court witness';
    }).file,
  );
  assert.ok(shape.includes('audit.witnessPolicy.witnesses: expected a list of at least 1 item, got an empty list'), shape.join('\n'));
  assert.ok(shape.includes('audit.witnessPolicy.quorum: expected integer ≥ 1, got 0'), shape.join('\n'));
  assert.ok(shape.includes('witnesses[0].name: expected a key name (no spaces, no "+"), got "court witness"'), shape.join('\n'));
});

test('witnesses need the log\'s public key: they verify checkpoints with it, never holding its signing key', () => {
  const errors = errorsOf(
    fixture((doc) => {
      delete at(doc, 'audit').publicKey;
    }).file,
  );
  assert.deepEqual(errors, ['audit.publicKey: expected the public key of audit.signingKey (the witnesses verify checkpoints with it), got nothing']);
});
