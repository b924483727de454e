/**
 * Shared pieces of the deployment fault tests: a real deployment (`init` + `up`, every role its own
 * OS process on 127.0.0.1) torn down with `down`, bounded waits, and the offline evidence the
 * demo's verdict reads once everything stopped (the LEMF's store, the audit log verified with
 * only the log's public key).
 */
import { execFile } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ENTRIES_FILE, createNoteVerifier, decodeAuditEvent, parseEntryLine, readCheckpointNotes, verifyAuditLog, type AuditEvent } from '../../src/audit/index.ts';
import { initDeployment } from '../../src/cli/init/init.ts';
import { upDeployment } from '../../src/cli/deploy/command.ts';
import { DeploymentDriver } from '../../src/cli/demo/deployment-driver.ts';
import { adminJson, metric, scrape } from '../../src/cli/demo/admin-client.ts';
import { loadDeployment } from '../../src/platform/config/load.ts';
import type { Deployment, RoleName } from '../../src/platform/config/types.ts';
import { down } from '../../src/platform/supervisor/control.ts';
import { readState, roleLogPath, tailFile } from '../../src/platform/supervisor/files.ts';
import { MonitoringStore, type MonitoringRecord, type SequenceReport } from '../../src/monitoring/index.ts';
import type { PoiStats } from '../../src/network/poi/poi.ts';
import { profileRules } from '../../src/cli/audit/profile-rules.ts';
import { loadWitnessQuorum } from '../../src/cli/audit/verify-command.ts';
import { WITNESS_POLICY_FILE } from '../../src/audit/witness-policy.ts';
import { readSecretKeyFile } from '../../src/platform/sealed.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'warranted.mjs');

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
export const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Supervisors this process started and has not stopped yet. `up` detaches the supervisor, so a
 * test process that ends without its `after` hook (a run cut short) would leave a deployment
 * running: at exit, the supervisor gets SIGTERM (it then stops its roles, reverse order).
 */
const live = new Map<string, number>();
process.once('exit', () => {
  for (const pid of live.values()) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
});

export interface Booted {
  tmp: string;
  file: string;
  d: Deployment;
  driver: DeploymentDriver;
  supervisorPid: number;
}

/**
 * `init` into a fresh tmp dir (150 subscribers, fast timers), `edit` the YAML as an operator would,
 * then `up`. On any failure the deployment is stopped and the dir removed before rethrowing.
 */
export async function boot(o: { prefix: string; seed: number; edit?: (doc: Record<string, unknown>) => void }): Promise<Booted> {
  const tmp = mkdtempSync(join(tmpdir(), o.prefix));
  try {
    const file = await initDeployment({ dir: tmp, subscribers: 150, seed: o.seed, fastTimers: true });
    if (o.edit) {
      const doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      o.edit(doc);
      writeFileSync(file, stringify(doc, { lineWidth: 0 }), { mode: 0o600 });
    }
    const d = loadDeployment(file);
    const r = await upDeployment(file, 240_000);
    live.set(d.dataDir, r.supervisorPid);
    if (!r.ok) throw new Error(`warranted up: roles not healthy within 240 s: ${r.failing.map((f) => `${f.role} ${f.id} (last exit ${JSON.stringify(f.lastExit)})\n${f.logTail}`).join('\n')}`);
    return { tmp, file, d, driver: new DeploymentDriver(d), supervisorPid: r.supervisorPid };
  } catch (e) {
    await teardown({ tmp, dataDir: join(tmp, 'data') });
    throw e;
  }
}

/** `down` (idempotent) and remove the dir; never throws, so it is safe in `after`. */
export async function teardown(b: { tmp: string; dataDir: string; driver?: DeploymentDriver }): Promise<void> {
  try {
    b.driver?.close();
  } catch {
    // closing HI-1 clients of a deployment that is going away anyway
  }
  if (existsSync(b.dataDir)) await down({ dataDir: b.dataDir, timeoutMs: 60_000 }).catch(() => undefined);
  live.delete(b.dataDir);
  // WARRANTED_KEEP_FAULT_DIRS=1 keeps the deployment (role logs, evidence, audit log) to look at.
  if (process.env.WARRANTED_KEEP_FAULT_DIRS === '1') process.stderr.write(`kept ${b.tmp}\n`);
  else rmSync(b.tmp, { recursive: true, force: true });
}

/** Polls `f` every `everyMs` until it returns a value other than undefined/false; throws naming `what` after timeoutMs. */
export async function waitFor<T>(what: string, f: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await f();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last instanceof Error ? last.message : JSON.stringify(last)})` : ''}`);
    await sleep(everyMs);
  }
}

/** Records the agency's LEMF holds (its /metrics; 0 while it is down). */
export async function lemfRecords(d: Deployment, lemfId: string): Promise<number> {
  const a = d.agencies.find((x) => x.lemf.id === lemfId)!;
  return scrape(a.lemf.admin).then((m) => metric(m, 'warranted_lemf_records'), () => 0);
}

export async function metricOf(d: Deployment, driver: DeploymentDriver, role: RoleName, name: string, match = '', id?: string): Promise<number> {
  return metric(await scrape(driver.admin(role, id)), name, match);
}

/** Every POI of the operator's network role (GET /stats). */
export function poiStats(driver: DeploymentDriver, operatorId: string): Promise<PoiStats[]> {
  return adminJson<PoiStats[]>(driver.admin('network', operatorId), 'GET', '/stats');
}

/** When the supervisor last (re)started the role's process. */
export function roleStartedAt(d: Deployment, role: RoleName, id: string): number | undefined {
  const r = readState(d.dataDir)?.roles.find((x) => x.role === role && x.id === id);
  return r?.startedAt ? Date.parse(r.startedAt) : undefined;
}

export function roleLogTail(d: Deployment, role: RoleName, id: string): string {
  const p = roleLogPath(d.dataDir, role, id);
  return existsSync(p) ? `${p}:\n${tailFile(p)}` : `(no log at ${p})`;
}

/** When the role's process `pid` logged `msg` (its JSON log lines, e.g. 'started' once it serves). */
export function roleLogTime(d: Deployment, role: RoleName, id: string, msg: string, pid: number): number | undefined {
  const p = roleLogPath(d.dataDir, role, id);
  if (!existsSync(p)) return undefined;
  for (const line of readFileSync(p, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    const l = JSON.parse(line) as { time?: string; msg?: string; pid?: number };
    if (l.msg === msg && l.pid === pid && l.time) return Date.parse(l.time);
  }
  return undefined;
}

/**
 * The target's scripted activity, once a second, on its operator's network role: a call, an SMS,
 * a data session, a move in turn. A round that fails (the network role is being restarted) is skipped.
 */
export function startActivity(driver: DeploymentDriver, operatorId: string, target: string, other: (k: number) => string): () => void {
  let k = 0;
  const timer = setInterval(() => {
    k++;
    const to = other(k);
    const body =
      k % 4 === 1 ? { action: 'call', from: target, to, durationMs: 2000 }
      : k % 4 === 2 ? { action: 'sms', from: target, to, text: `meet at ${k}` }
      : k % 4 === 3 ? { action: 'data', from: target, hosts: ['news.example.pk'] }
      : { action: 'move', from: target };
    void driver.simulate(operatorId, body).catch(() => undefined);
  }, 1000);
  return () => clearInterval(timer);
}

/** The audit log's entries, decoded (a torn last line of a log still being written is skipped). */
export function auditEntries(d: Deployment): AuditEvent[] {
  const lines = readFileSync(join(d.audit.dir, ENTRIES_FILE), 'utf8').split('\n').filter(Boolean);
  const out: AuditEvent[] = [];
  lines.forEach((l, i) => {
    try {
      out.push(decodeAuditEvent(parseEntryLine(l, i).leaf));
    } catch (e) {
      if (i < lines.length - 1) throw e;
    }
  });
  return out;
}

/** The XIDs provisioning derived for a warrant (its `provisioning.task-activating` entries). */
export function xidsOf(entries: AuditEvent[], warrantId: string): string[] {
  return [...new Set(entries.filter((e) => e.type === 'provisioning.task-activating' && e.details.warrantId === warrantId).map((e) => e.subject!))];
}

/** RFC 9162 log verified offline with only keys/audit-log.pub.pem and the published checkpoints. */
export async function verifyAuditOffline(d: Deployment): Promise<{ ok: boolean; entries: number; problems: string[] }> {
  const pub = readFileSync(join(dirname(d.audit.signingKey), 'audit-log.pub.pem'), 'utf8');
  const r = await verifyAuditLog({ entriesFile: join(d.audit.dir, ENTRIES_FILE), checkpoints: await readCheckpointNotes(d.audit.dir), publicKey: createNoteVerifier(d.audit.origin, createPublicKey(pub)), witnesses: loadWitnessQuorum(join(d.audit.dir, WITNESS_POLICY_FILE)), law: { profiles: profileRules(), deactivationToleranceMs: 15_000 } });
  return { ok: r.ok, entries: r.entries, problems: r.problems.map((p) => p.message) };
}

export interface LemfEvidence {
  records: MonitoringRecord[];
  gaps: SequenceReport[];
  integrity: { ok: number; failed: number };
}

/** What the agency holds under one LIID, read offline from its LEMF's store (after `down`). */
export function lemfEvidence(d: Deployment, lemfId: string, liid: string): LemfEvidence {
  const lemf = d.agencies.find((a) => a.lemf.id === lemfId)!.lemf;
  const reader = new MonitoringStore({ dataDir: lemf.dir, evidenceKey: readSecretKeyFile(lemf.evidenceKey, 'evidenceKey'), readOnly: true, defaultAccessor: 'fault-test' }).as('fault-test');
  const ig = reader.integrity();
  return { records: reader.liids().includes(liid) ? reader.records(liid) : [], gaps: reader.gaps(), integrity: { ok: ig.ok, failed: ig.failed } };
}

/** Time of interception of a record (PSHeader timeStamp), else when the LEMF received it. */
export const recordTime = (r: MonitoringRecord): number => Date.parse(r.timeStamp ?? r.receivedAt);

export const describeRecord = (r: MonitoringRecord): string =>
  `record #${r.id} (${r.kind}, ${r.channel} seq ${r.sequenceNumber}, from ${r.networkElement ?? '?'}, intercepted ${r.timeStamp ?? '?'}, received ${r.receivedAt})`;

/** A sequence report with a gap or a repeat, named by the records either side of its first gap. */
/** The records either side of each missing range of `g` (undefined where none was received). */
export function gapNeighbours(ev: LemfEvidence, g: SequenceReport): { before: MonitoringRecord | undefined; after: MonitoringRecord | undefined }[] {
  const channel = g.context.includes('cCPayloadSequence') ? 'HI3' : 'HI2';
  const at = (seq: number) => ev.records.find((r) => r.liid === g.liid && r.channel === channel && (r.cin ?? null) === g.cin && r.sequenceNumber === seq && g.context.includes(`"${r.networkElement}"`));
  return g.missing.map(([from, to]) => ({ before: at(from - 1), after: at(to + 1) }));
}

export function describeGap(ev: LemfEvidence, g: SequenceReport): string {
  const channel = g.context.includes('cCPayloadSequence') ? 'HI3' : 'HI2';
  const at = (seq: number) => ev.records.find((r) => r.liid === g.liid && r.channel === channel && (r.cin ?? null) === g.cin && r.sequenceNumber === seq && g.context.includes(`"${r.networkElement}"`));
  const [from, to] = g.missing[0] ?? [Number.NaN, Number.NaN];
  const before = at(from - 1);
  const after = at(to + 1);
  return (
    `LIID ${g.liid} CIN ${g.cin} (${g.context}): missing ${JSON.stringify(g.missing.slice(0, 5))} (${g.missingCount}), repeated ${JSON.stringify(g.duplicates.slice(0, 5))} (${g.duplicateCount})` +
    (g.missingCount > 0 ? `; first gap between ${before ? describeRecord(before) : '?'} and ${after ? describeRecord(after) : '?'}` : '')
  );
}

/** `node bin/warranted.mjs …` as a child process (bounded). */
export function cli(args: string[], timeoutMs = 120_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}
