/**
 * `warranted init DIR` (src/cli/init): the deployment it writes checks clean; every operator has
 * retained data and an RDHI with its own certificate, answer-signing key (0600, public key beside it)
 * and a port of its own; the Federal Investigation Agency — the agency the pk-peca-2016 profile
 * designates (PECA 2016 s.29) — is there with its LEMF, and the profile's signers exist among the
 * deployment's authorities. Every address of the file is distinct.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initDeployment } from '../../src/cli/init/init.ts';
import { DEMO_AGENCIES, DEMO_OPERATORS, DEMO_PORT_COUNT, demoIdentities } from '../../src/cli/init/layout.ts';
import { checkDeployment } from '../../src/platform/config/load.ts';
import type { Deployment } from '../../src/platform/config/types.ts';
import { defaultOrderProfilesDir, loadOrderProfiles } from '../../src/warrants/index.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function deployment(o: { basePort?: number } = {}): Promise<Deployment> {
  const dir = mkdtempSync(join(tmpdir(), 'warranted-init-'));
  dirs.push(dir);
  const file = await initDeployment({ dir, subscribers: 20, fastTimers: true, ...o });
  const r = checkDeployment(file);
  assert.ok(r.ok, `the file init wrote does not check: ${r.ok ? '' : r.errors.join('\n')}`);
  return r.deployment;
}

/** Every host:port anywhere in the parsed deployment. */
function addresses(v: unknown, path = '', out: [string, string][] = []): [string, string][] {
  if (v && typeof v === 'object' && 'host' in v && 'port' in v) out.push([path, `${String((v as { host: unknown }).host)}:${String((v as { port: unknown }).port)}`]);
  else if (Array.isArray(v)) v.forEach((x, i) => addresses(x, `${path}[${i}]`, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) addresses(x, `${path}.${k}`, out);
  return out;
}

test('every operator gets retained data and an RDHI: own certificate, signing key 0600 with its public key beside it, orders directory', async () => {
  const d = await deployment();
  assert.equal(d.operators.length, DEMO_OPERATORS.length);
  for (const op of d.operators) {
    const rd = op.retainedData;
    assert.ok(rd, `${op.id}: retainedData`);
    assert.deepEqual(rd.store, { kind: 'embedded', dir: join(d.dataDir, `network-${op.id}`, 'retained-data') });
    assert.deepEqual(Object.values(rd.retention), ['P12M', 'P12M', 'P12M', 'P12M', 'P12M', 'P12M']);
    const rdhi = rd.rdhi;
    assert.ok(rdhi, `${op.id}: retainedData.rdhi`);
    assert.equal(rdhi.id, `${op.id}-rdhi`);
    assert.equal(rdhi.ordersDir, join(d.dataDir, `network-${op.id}`, 'rdhi-orders'));
    // The certificate names the RDHI's identity and chains to the deployment's CA.
    const cert = new X509Certificate(readFileSync(rdhi.tls.cert));
    assert.match(cert.subject, new RegExp(`CN=${rdhi.id}$`, 'm'));
    assert.ok(cert.verify(new X509Certificate(readFileSync(d.ca)).publicKey), 'signed by the deployment CA');
    assert.equal(statSync(rdhi.tls.key).mode & 0o777, 0o600);
    // The answer-signing key: private 0600; its public key is the .pub.pem beside it (what `rd request` reads).
    assert.equal(statSync(rdhi.signingKey).mode & 0o777, 0o600);
    const pub = rdhi.signingKey.replace(/\.key\.pem$/u, '.pub.pem');
    assert.ok(existsSync(pub), pub);
    const priv = createPrivateKey(readFileSync(rdhi.signingKey, 'utf8'));
    assert.equal(priv.asymmetricKeyType, 'ed25519');
    assert.equal(
      createPublicKey(priv).export({ format: 'der', type: 'spki' }).toString('hex'),
      createPublicKey(readFileSync(pub, 'utf8')).export({ format: 'der', type: 'spki' }).toString('hex'),
      'the public key beside it is the signing key\'s',
    );
  }
  // Two operators, two different answer-signing keys.
  const [a, b] = d.operators.map((o) => readFileSync(o.retainedData!.rdhi!.signingKey, 'utf8'));
  assert.notEqual(a, b);
});

test('the identities: one certificate each, the RDHIs and the Federal Investigation Agency among them', async () => {
  const ids = demoIdentities();
  assert.equal(new Set(ids).size, ids.length, 'identities are unique');
  for (const op of DEMO_OPERATORS) assert.ok(ids.includes(`${op.id}-rdhi`));
  assert.ok(ids.includes('pk-fia') && ids.includes('lemf-pk-fia'));
  const d = await deployment();
  for (const id of ids) assert.ok(existsSync(join(d.dataDir, '..', 'pki', `${id}.pem`)), `pki/${id}.pem`);
  const fia = d.agencies.find((x) => x.id === 'pk-fia');
  assert.equal(fia?.name, 'Federal Investigation Agency');
  assert.equal(fia.lemf.id, 'lemf-pk-fia');
  assert.equal(d.agencies.length, DEMO_AGENCIES.length);
});

test('the pk-peca-2016 profile: the agency it designates and the roles it asks to sign are in the deployment', async () => {
  const d = await deployment();
  const peca = loadOrderProfiles(defaultOrderProfilesDir).get('pk-peca-2016');
  assert.ok(peca, 'the shipped pk-peca-2016 profile');
  for (const a of peca.designatedAgencies) assert.ok(d.agencies.some((x) => x.id === a.id), `designated agency ${a.id} in the deployment`);
  const court = peca.authorisations.find((x) => x.id === 'court-warrant');
  assert.ok(court);
  for (const role of court.signers.roles) assert.ok(d.control.authorities.some((x) => x.role === role), `a ${role} among the authorities`);
  for (const op of d.operators) assert.ok(peca.operators.includes(op.id), `${op.id} is an operator of the profile`);
});

test('ports: every address distinct, consecutive from --base-port, none beyond the count', async () => {
  const d = await deployment();
  const all = addresses(d);
  const values = all.map(([, a]) => a);
  assert.equal(new Set(values).size, values.length, `duplicate addresses: ${all.map(([p, a]) => `${p}=${a}`).join(' ')}`);
  assert.equal(values.length, DEMO_PORT_COUNT + DEMO_AGENCIES.length);
  for (const op of d.operators) assert.ok(all.some(([p]) => p.endsWith('.rdhi.listen')) && op.retainedData!.rdhi!.listen.port > 0);
  const base = 21000 + (process.pid % 2000) * 10;
  const fixed = await deployment({ basePort: base });
  const ports = addresses(fixed).map(([, a]) => Number(a.split(':')[1])).sort((x, y) => x - y);
  assert.deepEqual(ports, Array.from({ length: DEMO_PORT_COUNT + DEMO_AGENCIES.length }, (_, i) => base + i));
});
