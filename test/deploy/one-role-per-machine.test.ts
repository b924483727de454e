/**
 * A machine that runs one role holds only that role's private keys (docs/deployment.md "The files
 * on each machine"). The loader checks every file the deployment names, so the other components'
 * private keys are empty 0600 placeholders there: `config check` passes, the machine's own role
 * (`warranted serve lemf`, its own OS process) starts, answers /healthz, takes mutual TLS from the
 * MDF on HI2, reloads on SIGHUP and drains on SIGTERM with exit 0 — and a role whose key is a
 * placeholder refuses to start (exit 1) instead of running without it.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { initDeployment } from '../../src/cli/init/init.ts';
import { loadDeployment } from '../../src/platform/config/load.ts';
import { mtlsClientOptions } from '../../src/platform/pki.ts';

const BIN = new URL('../../bin/warranted.mjs', import.meta.url).pathname;
const SECRET_KEYS = new Set(['key', 'signingKey', 'integrityKey', 'identityKey', 'outboxKey', 'evidenceKey']);
const dirs: string[] = [];
after(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Every private-key path the deployment file names (relative, as written). */
function privateKeys(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) privateKeys(n, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (SECRET_KEYS.has(k) && typeof v === 'string') out.push(v);
      else privateKeys(v, out);
    }
  return out;
}

interface Role {
  child: ChildProcess;
  out: () => string;
  exit: Promise<[number | null, NodeJS.Signals | null]>;
}

function serve(file: string, role: string, id: string): Role {
  const child = spawn(process.execPath, [BIN, 'serve', role, '--config', file, '--id', id], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return { child, out: () => out, exit: once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]> };
}

async function until(what: string, role: Role, f: () => Promise<boolean> | boolean, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await f())) {
    if (role.child.exitCode !== null) throw new Error(`${what}: the role exited ${role.child.exitCode}:\n${role.out()}`);
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms:\n${role.out()}`);
    await sleep(100);
  }
}

test('machine 3 holds only the LEMF key: config check ok, the LEMF serves, reloads and drains; audit refuses to start there', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'warranted-machine3-'));
  dirs.push(dir);
  const file = await initDeployment({ dir, subscribers: 10, fastTimers: true });
  const d = loadDeployment(file);
  const lemf = d.agencies[0]!.lemf;
  // What machine 2 (the MDF) holds, read before this directory becomes machine 3.
  const mdfCreds = { certPem: readFileSync(d.mediation.tls.cert, 'utf8'), keyPem: readFileSync(d.mediation.tls.key, 'utf8'), caPem: readFileSync(d.ca, 'utf8') };

  // The LEMF's own secrets: its TLS key and the master key of its evidence at rest.
  const own = [lemf.tls.key, lemf.evidenceKey];
  for (const rel of privateKeys(parse(readFileSync(file, 'utf8')))) {
    const p = join(dir, rel);
    if (!own.includes(p)) writeFileSync(p, '', { mode: 0o600 });
  }
  rmSync(join(dir, 'pki/ca.key.pem')); // the CA's key never leaves the CA
  const check = spawnSync(process.execPath, [BIN, 'config', 'check', file], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(check.status, 0, check.stderr);

  const role = serve(file, 'lemf', lemf.id);
  try {
    const admin = `http://127.0.0.1:${lemf.admin.port}`;
    let health: { status?: string; pid?: number } = {};
    await until('/healthz 200', role, async () => {
      const r = await fetch(`${admin}/healthz`).catch(() => undefined);
      if (r?.status !== 200) return false;
      health = (await r.json()) as typeof health;
      return true;
    });
    assert.equal(health.pid, role.child.pid, 'the answer comes from this process');

    // HI2 over mutual TLS with the MDF's certificate: both ends verify against the deployment CA.
    const socket = connect({ ...mtlsClientOptions(mdfCreds), host: lemf.hi2.host, port: lemf.hi2.port });
    await once(socket, 'secureConnect');
    assert.equal(socket.authorized, true);
    assert.match(socket.getPeerCertificate().subject.CN as string, new RegExp(`^${lemf.id}$`));
    socket.destroy();

    role.child.kill('SIGHUP');
    await until('reloaded', role, () => /"msg":"reloaded"[^\n]*"changed":\[\]/.test(role.out()), 30_000);
    role.child.kill('SIGTERM');
    const [code] = await role.exit;
    assert.equal(code, 0, role.out());
    assert.match(role.out(), /"msg":"stopped"/);
  } finally {
    role.child.kill('SIGKILL');
  }

  // The audit role's keys are placeholders here: it must not start.
  const audit = serve(file, 'audit', d.audit.id);
  const [code] = await Promise.race([audit.exit, sleep(90_000).then(() => [null, null] as const)]);
  audit.child.kill('SIGKILL');
  assert.equal(code, 1, audit.out());
  assert.match(audit.out(), /"msg":"start failed"/);
});
