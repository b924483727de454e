/**
 * The shipped deployment examples (deploy/): the three-machine file passes `checkDeployment` once the
 * certificate and key files it names exist — and fails, naming each, while they do not — and the
 * systemd units run each role of it with the state directory the file gives that role, hardened.
 * No server binds the file's documentation addresses (RFC 5737): this checks the files only.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { checkDeployment } from '../../src/platform/config/load.ts';
import { formatAddress, roleInstances, type Address, type Deployment } from '../../src/platform/config/types.ts';
import { ROLE_FACTORIES } from '../../src/roles/index.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const EXAMPLE = join(ROOT, 'deploy/examples/three-machines.yaml');
const UNITS = join(ROOT, 'deploy/systemd');
const dirs: string[] = [];
after(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Keys whose value is a file the loader opens (docs/configuration.md), and whether it is private. */
const FILE_KEYS: Record<string, boolean> = { ca: false, cert: false, key: true, signingKey: true, integrityKey: true, identityKey: true, outboxKey: true, evidenceKey: true, publicKey: false, integrityPublicKey: false };

function filesNamed(node: unknown, out = new Map<string, boolean>()): Map<string, boolean> {
  if (Array.isArray(node)) for (const n of node) filesNamed(n, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k in FILE_KEYS && typeof v === 'string') out.set(v, FILE_KEYS[k]!);
      else filesNamed(v, out);
    }
  return out;
}

/** The example in a fresh directory; with `files`, dummy PEM files at every path it names (keys 0600). */
function copyExample(files: boolean): { dir: string; file: string; named: Map<string, boolean> } {
  const dir = mkdtempSync(join(tmpdir(), 'warranted-deploy-'));
  dirs.push(dir);
  const file = join(dir, 'warranted.yaml');
  copyFileSync(EXAMPLE, file);
  const named = filesNamed(parse(readFileSync(EXAMPLE, 'utf8')));
  if (files)
    for (const [rel, secret] of named) {
      const p = join(dir, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, `-----BEGIN ${secret ? 'PRIVATE KEY' : 'CERTIFICATE'}-----\nZHVtbXk=\n-----END ${secret ? 'PRIVATE KEY' : 'CERTIFICATE'}-----\n`, { mode: secret ? 0o600 : 0o644 });
    }
  return { dir, file, named };
}

function loaded(): Deployment {
  const r = checkDeployment(copyExample(true).file);
  assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
  return r.deployment;
}

const inNet = (a: Address, prefixes: string[]) => prefixes.some((p) => a.host.startsWith(p));

test('three-machines.yaml: ok once its certificate and key files exist; audit, lemf, mdf, control and no synthetic network', () => {
  const d = loaded();
  assert.deepEqual(roleInstances(d).map((r) => `${r.role} ${r.id}`), ['audit audit', 'lemf lemf-police', 'mdf mdf', 'control admf']);
  assert.deepEqual(d.control.store, { kind: 'postgres', url: 'postgres://warranted@127.0.0.1:5432/warranted' });
  for (const op of d.operators) {
    assert.equal(op.simulation, undefined, op.id);
    for (const ne of op.elements) {
      assert.equal(ne.simulated, undefined, ne.id);
      assert.equal(ne.tls, undefined, ne.id);
      assert.ok(inNet(ne.x1, ['198.51.100.']), `${ne.id} at ${formatAddress(ne.x1)}: an operator's address (RFC 5737 TEST-NET-2)`);
    }
  }
});

test('three-machines.yaml: three machines on documentation addresses; admin endpoints on loopback; state under /var/lib/warranted', () => {
  const d = loaded();
  const machine1 = [d.audit.listen, d.control.admf.listen, d.control.desk.listen];
  const machine2 = [d.mediation.x1, d.mediation.x2x3];
  const machine3 = d.agencies.flatMap((a) => [a.lemf.hi2, a.lemf.hi3]);
  const hosts = [machine1, machine2, machine3].map((m) => new Set(m.map((a) => a.host)));
  assert.deepEqual(hosts.map((h) => [...h]), [['192.0.2.10'], ['192.0.2.20'], ['192.0.2.30']]);
  for (const r of roleInstances(d)) assert.equal(r.admin.host, '127.0.0.1', `${r.role} admin`);
  for (const dir of [d.dataDir, d.audit.dir, d.control.dir, d.mediation.dir, ...d.agencies.map((a) => a.lemf.dir)]) assert.match(dir, /^\/var\/lib\/warranted(\/|$)/);
});

test('three-machines.yaml: every file it names is missing → one problem per file; a key readable by others → refused', () => {
  const bare = copyExample(false);
  const r = checkDeployment(bare.file);
  assert.equal(r.ok, false);
  const errors = r.ok ? [] : r.errors;
  // Relative paths: the files sit beside the deployment file (/etc/warranted/…) on every machine.
  for (const p of bare.named.keys()) assert.equal(isAbsolute(p), false, p);
  const missing = new Set(errors.map((e) => /got "([^"]+)" \(ENOENT\)$/.exec(e)?.[1]));
  assert.deepEqual([...missing].sort(), [...bare.named.keys()].map((p) => join(bare.dir, p)).sort());

  const open = copyExample(true);
  chmodSync(join(open.dir, 'keys/mdf-integrity.key.pem'), 0o644);
  const r2 = checkDeployment(open.file);
  assert.deepEqual(r2.ok ? [] : r2.errors, [`mediation.integrityKey: expected a private key file readable by its owner only (mode 0600), got "${join(open.dir, 'keys/mdf-integrity.key.pem')}" (mode 0644)`]);
});

/** `Key=Value` lines of a unit file, per key, in order (systemd.syntax(7), enough for these files). */
function unitKeys(text: string): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (m) keys.set(m[1]!, [...(keys.get(m[1]!) ?? []), m[2]!]);
  }
  return keys;
}

const units = () => readdirSync(UNITS).filter((f) => f.endsWith('.service')).sort();

test('systemd units: one per role, serve <role> --config /etc/warranted/warranted.yaml [--id %i], hardened, drain within the stop timeout', () => {
  assert.deepEqual(units(), ['warranted-audit.service', 'warranted-control.service', 'warranted-lemf@.service', 'warranted-mdf.service', 'warranted-network@.service', 'warranted-witness@.service']);
  const served = new Set<string>();
  for (const name of units()) {
    const k = unitKeys(readFileSync(join(UNITS, name), 'utf8'));
    const one = (key: string) => {
      assert.equal(k.get(key)?.length, 1, `${name}: exactly one ${key}=`);
      return k.get(key)![0]!;
    };
    const m = /^\/usr\/bin\/env node \/opt\/warranted\/bin\/warranted\.mjs serve ([a-z]+) --config \/etc\/warranted\/warranted\.yaml( --id %i)?$/.exec(one('ExecStart'));
    assert.ok(m, `${name}: ExecStart ${one('ExecStart')}`);
    const role = m[1]!;
    assert.ok(role in ROLE_FACTORIES, `${name}: ${role} is a role`);
    assert.equal(name.includes('@'), m[2] !== undefined, `${name}: a template passes --id %i, a single-instance role does not`);
    served.add(role);
    assert.equal(one('ExecReload'), '/bin/kill -HUP $MAINPID');
    assert.equal(one('KillSignal'), 'SIGTERM');
    // A role bounds its drain at 20 s (src/platform/service.ts): systemd must not SIGKILL earlier.
    assert.ok(Number(one('TimeoutStopSec')) > 20, name);
    assert.equal(one('Restart'), 'on-failure');
    assert.match(one('RestartSec'), /^\d+s$/);
    assert.equal(one('RestartMaxDelaySec'), '10s');
    assert.equal(one('User'), 'warranted');
    for (const [key, value] of [['NoNewPrivileges', 'yes'], ['ProtectSystem', 'strict'], ['PrivateTmp', 'yes'], ['ProtectHome', 'yes'], ['CapabilityBoundingSet', ''], ['RestrictAddressFamilies', 'AF_INET AF_INET6 AF_UNIX']] as const)
      assert.equal(one(key), value, `${name}: ${key}`);
    assert.equal(k.has('MemoryDenyWriteExecute'), false, `${name}: V8's JIT needs W+X memory`);
    assert.match(one('After'), /(^| )network-online\.target( |$)/);
    if (role === 'mdf' || role === 'control') {
      assert.match(one('Wants'), /(^| )warranted-audit\.service( |$)/, name);
      assert.match(one('After'), /(^| )warranted-audit\.service( |$)/, name);
    }
  }
  assert.deepEqual([...served].sort(), Object.keys(ROLE_FACTORIES).sort());
});

test('systemd units: each role of three-machines.yaml may write exactly the state directory the file gives it', () => {
  const d = loaded();
  const unitFor = { audit: 'warranted-audit.service', control: 'warranted-control.service', mdf: 'warranted-mdf.service', lemf: 'warranted-lemf@.service', network: 'warranted-network@.service', witness: 'warranted-witness@.service' } as const;
  const stateOf = (role: keyof typeof unitFor, id: string): string[] => {
    if (role === 'audit') return [d.audit.dir];
    if (role === 'mdf') return [d.mediation.dir];
    if (role === 'lemf') return [d.agencies.find((a) => a.lemf.id === id)!.lemf.dir];
    if (role === 'control') return [d.control.dir];
    if (role === 'witness') return [d.witnesses.find((w) => w.id === id)!.dir];
    return [];
  };
  for (const r of roleInstances(d)) {
    const k = unitKeys(readFileSync(join(UNITS, unitFor[r.role]), 'utf8'));
    const writable = (k.get('ReadWritePaths') ?? []).flatMap((v) => v.split(' ')).map((p) => p.replaceAll('%i', r.id));
    assert.deepEqual(writable, stateOf(r.role, r.id), `${r.role} ${r.id}`);
    // StateDirectory= creates it owned by User= (mode 0700) before ProtectSystem=strict makes the rest read-only.
    assert.deepEqual((k.get('StateDirectory') ?? []).map((p) => `/var/lib/${p.replaceAll('%i', r.id)}`), writable);
  }
});

test('systemd units: systemd-analyze verify finds nothing but the backoff keys older systemd does not know', (t) => {
  const probe = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    t.skip('systemd-analyze is not installed');
    return;
  }
  const version = Number(/systemd (\d+)/.exec(probe.stdout)?.[1] ?? 0);
  const dir = mkdtempSync(join(tmpdir(), 'warranted-units-'));
  dirs.push(dir);
  // A template is verified through an instance; the instance file is the template under that name.
  const names = units().map((u) => u.replace('@.service', '@example.service'));
  units().forEach((u, i) => copyFileSync(join(UNITS, u), join(dir, names[i]!)));
  for (const n of names) {
    const r = spawnSync('systemd-analyze', ['verify', join(dir, n)], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, `${n}: ${r.stderr}`);
    const problems = r.stderr.split('\n').filter((l) => l.trim() !== '' && !(version < 254 && /Unknown key '(RestartSteps|RestartMaxDelaySec)'/.test(l)));
    assert.deepEqual(problems, [], n);
  }
});
