/**
 * `warranted serve witness` as its own OS process, from the deployment `warranted init` writes (two
 * witnesses, the court's and the regulator's; quorum 2): both witnesses and the audit log run as
 * separate processes; the ADMF appends an entry and anchors it over mutual TLS; the note it gets is
 * cosigned by both, under the policy file the audit role wrote; the witnesses' and the audit log's
 * /healthz and /metrics say so; SIGTERM drains every one with exit 0. A witness whose public key in
 * the file is not that of its signing key refuses to start.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse, stringify } from 'yaml';
import { createNoteVerifier, hasQuorum, parseWitnessPolicy, verifyCheckpoint, WITNESS_POLICY_FILE } from '../../src/audit/index.ts';
import { RemoteAuditLog } from '../../src/audit/service/client.ts';
import { adminJson, metric, scrape } from '../../src/cli/demo/admin-client.ts';
import { initDeployment } from '../../src/cli/init/init.ts';
import { loadDeployment } from '../../src/platform/config/load.ts';
import type { Address } from '../../src/platform/config/types.ts';
import { createPublicKey } from 'node:crypto';

const BIN = new URL('../../bin/warranted.mjs', import.meta.url).pathname;
const dirs: string[] = [];
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Served {
  child: ChildProcess;
  out: () => string;
  exit: Promise<[number | null, NodeJS.Signals | null]>;
}

function serve(file: string, role: string, id: string): Served {
  const child = spawn(process.execPath, [BIN, 'serve', role, '--config', file, '--id', id], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return { child, out: () => out, exit: once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]> };
}

async function healthy(role: Served, admin: Address, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (role.child.exitCode !== null) throw new Error(`the role exited ${role.child.exitCode}:\n${role.out()}`);
    try {
      if ((await adminJson<{ status: string }>(admin, 'GET', '/healthz')).status === 'ok') return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`not healthy within ${ms} ms:\n${role.out()}`);
    await sleep(200);
  }
}

async function drained(role: Served): Promise<number | null> {
  role.child.kill('SIGTERM');
  const [code] = await role.exit;
  return code;
}

test('serve witness ×2 and serve audit as processes: an anchored entry comes back cosigned by the court and the regulator', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'warranted-serve-witness-'));
  dirs.push(tmp);
  const file = await initDeployment({ dir: tmp, subscribers: 10, fastTimers: true });
  const d = loadDeployment(file);
  assert.deepEqual(d.witnesses.map((w) => [w.id, w.name]), [['court-witness', 'court.demo/witness'], ['regulator-witness', 'regulator.demo/witness']]);
  assert.deepEqual(d.audit.witnessPolicy, { witnesses: ['court-witness', 'regulator-witness'], quorum: 2, maxWaitMs: 2000 });

  const court = serve(file, 'witness', 'court-witness');
  const regulator = serve(file, 'witness', 'regulator-witness');
  const audit = serve(file, 'audit', 'audit');
  await healthy(court, d.witnesses[0]!.admin);
  await healthy(regulator, d.witnesses[1]!.admin);
  await healthy(audit, d.audit.admin);

  const pki = join(tmp, 'pki');
  const admf = new RemoteAuditLog({
    creds: { certPem: readFileSync(join(pki, 'admf.pem'), 'utf8'), keyPem: readFileSync(join(pki, 'admf.key.pem'), 'utf8'), caPem: readFileSync(join(pki, 'ca.pem'), 'utf8') },
    endpoint: d.audit.listen,
    serverIdentity: d.audit.id,
    timeoutMs: 10_000,
  });
  try {
    const { index } = await admf.append({ type: 'test.anchor', at: new Date().toISOString(), actor: d.control.admf.id, details: {} });
    const note = await admf.anchor(index);
    const logKey = createNoteVerifier(d.audit.origin, createPublicKey(readFileSync(d.audit.publicKey!, 'utf8')));
    assert.ok(verifyCheckpoint(note, logKey, d.audit.origin).size > index);
    const policy = parseWitnessPolicy(readFileSync(join(d.audit.dir, WITNESS_POLICY_FILE), 'utf8'));
    assert.deepEqual(policy.witnesses.map((w) => [w.name, w.verifier.name]), [['court-witness', 'court.demo/witness'], ['regulator-witness', 'regulator.demo/witness']]);
    assert.ok(hasQuorum(note, policy), 'both witnesses cosigned');
  } finally {
    await admf.close();
  }

  const courtMetrics = await scrape(d.witnesses[0]!.admin);
  assert.ok(metric(courtMetrics, 'warranted_witness_cosigned', 'origin="warranted.demo/audit"') >= 1);
  assert.equal(metric(courtMetrics, 'warranted_witness_forks'), 0);
  const auditMetrics = await scrape(d.audit.admin);
  for (const w of ['court-witness', 'regulator-witness']) {
    assert.ok(metric(auditMetrics, 'warranted_audit_witness_cosignatures', `witness="${w}"`) >= 1, w);
    assert.equal(metric(auditMetrics, 'warranted_audit_witness_reachable', `witness="${w}"`), 1, w);
  }
  assert.ok(metric(auditMetrics, 'warranted_audit_anchors', 'outcome="answered"') >= 1);
  // Each witness keeps its latest cosigned checkpoint in its own directory (reloaded at start).
  assert.equal(readdirSync(join(d.witnesses[0]!.dir, 'state')).filter((f) => f.endsWith('.checkpoint')).length, 1);

  assert.equal(await drained(audit), 0, audit.out());
  assert.equal(await drained(court), 0, court.out());
  assert.equal(await drained(regulator), 0, regulator.out());
});

test('a witness whose public key is not that of its signing key refuses to start', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'warranted-serve-witness-'));
  dirs.push(tmp);
  const file = await initDeployment({ dir: tmp, subscribers: 10, fastTimers: true });
  const doc = parse(readFileSync(file, 'utf8')) as { witnesses: { publicKey: string }[] };
  doc.witnesses[0]!.publicKey = doc.witnesses[1]!.publicKey;
  writeFileSync(file, stringify(doc, { lineWidth: 0 }), { mode: 0o600 });
  const court = serve(file, 'witness', 'court-witness');
  const [code] = await court.exit;
  assert.notEqual(code, 0);
  assert.match(court.out(), /publicKey is not the public key of its signingKey/);
});
