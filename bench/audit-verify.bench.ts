/**
 * Scenario: the overseer's offline verification (src/audit/verifier.ts verifyAuditLog) of a log of
 * 10⁶ entries, with the law checks on (every rule of src/audit/law, signer profiles included) and
 * `witnesses: 'none-required'` (cosignature checking is one signature per witness, not per entry).
 *
 * The log: 200 warrants in 10 waves of 20 concurrent ones, each submitted, signed by a minister
 * then a judge, approved, activated on the ADMF and the MDF, delivering HI2 (and HI3 under content
 * warrants) batches about once a second per LIID for an hour, then expired and deactivated on the
 * MDF and its element through announced X1 exchanges — a lawful log, so `ok` must print true.
 * Delivery batches are 99.7 % of the entries, as in a real log (one per LIID and channel a second).
 * It is written directly with the log's own code (encodeAuditEvent, MerkleTree, formatEntryLine),
 * which is what AuditLog.appendMany does minus the store's batching, so generation stays bounded;
 * then one checkpoint over the whole log is signed.
 *
 * Baseline, measured in the same run over the same file: read it in the same chunks, split the lines
 * and SHA-256 each line (crypto.hash) — the least any integrity check of the file costs (every byte
 * read, one hash per entry), independent of JSON parsing speed. For context it also prints the rate
 * of JSON.parse of each line (the least any reader of the events costs).
 * Prints the machine, rates and ratios; asserts nothing.
 *
 *   node --import tsx bench/audit-verify.bench.ts     (BENCH_ENTRIES=100000 for a quick run, BENCH_ROUNDS=1)
 */
import { generateKeyPairSync, hash } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createNoteSigner,
  encodeAuditEvent,
  formatEntryLine,
  GENESIS_PREV_HASH,
  MerkleTree,
  signCheckpoint,
  verifyAuditLog,
  type AuditEvent,
  type NoteSigner,
} from '../src/audit/index.ts';
import type { ProfileRules } from '../src/audit/law/rules.ts';
import { machine } from './helpers.ts';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? '1000000');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '2');
const WAVES = 10;
const PER_WAVE = 20;
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();
const hex = (n: number, width = 64): string => n.toString(16).padStart(width, '0');

const ev = (ms: number, type: string, actor: string, subject: string, details: Record<string, unknown>): AuditEvent => ({ type, at: iso(ms), actor, subject, details });

interface Warrant {
  id: string;
  hash: string;
  liid: string;
  xid: string;
  content: boolean;
  element: string;
}

function warrantOf(n: number): Warrant {
  return {
    id: `7e57a000-0000-4000-8000-${hex(n, 12)}`,
    hash: hex(0xa0000 + n),
    liid: `PKPOLICE-${String(n).padStart(6, '0')}`,
    xid: `11111111-1111-4111-8111-${hex(n, 12)}`,
    content: n % 2 === 0,
    element: `op-${n % 3}-ims`,
  };
}

const base = (w: Warrant): Record<string, unknown> => ({ warrantId: w.id, warrantHash: w.hash, profileId: 'pk-ifta-2013', agencyId: 'pk-police' });

/** Submission through activation of one warrant whose window is [start, end). */
function opening(w: Warrant, submitted: number, start: number, end: number): AuditEvent[] {
  const services = w.content ? ['voice', 'sms'] : ['sms'];
  const terms = { start: iso(start), end: iso(end), offence: 'kidnapping for ransom', legalBasis: 'Investigation for Fair Trial Act 2013, s. 10', content: w.content, services, targets: [{ kind: 'MSISDN', content: w.content, services, commitment: `hmac-sha256:${hex(0xc0000 + submitted)}` }], operators: ['op-a'], retentionDays: 3650 };
  return [
    ev(submitted, 'warrant.submitted', 'warrant-desk', w.id, { ...base(w), state: 'AwaitingApproval', emergency: false, terms }),
    ev(submitted + 10 * S, 'warrant.signature-added', 'minister-1', w.id, { ...base(w), authorityId: 'minister-1', keyId: 'ed25519:m1', role: 'minister', signedAt: iso(submitted + 9 * S) }),
    ev(submitted + 20 * S, 'warrant.signature-added', 'judge-1', w.id, { ...base(w), authorityId: 'judge-1', keyId: 'ed25519:j1', role: 'judge', signedAt: iso(submitted + 19 * S) }),
    ev(submitted + 21 * S, 'warrant.transition', 'judge-1', w.id, { ...base(w), from: 'AwaitingApproval', to: 'Approved', reason: 'all required signatures verified', actor: 'judge-1' }),
  ];
}

function activation(w: Warrant, at: number, start: number, end: number): AuditEvent[] {
  const services = w.content ? ['voice', 'sms'] : ['sms'];
  return [
    ev(at, 'warrant.transition', 'warrant-desk', w.id, { ...base(w), from: 'Approved', to: 'Active', reason: 'activated' }),
    ev(at + 1, 'provisioning.task-activating', 'admf', w.xid, { warrantId: w.id, warrantHash: w.hash, liid: w.liid, operator: 'op-a', elements: [w.element], start: iso(start), end: iso(end), content: w.content, services, target: `hmac-sha256:${hex(0xd0000 + at)}` }),
    ev(at + 2, 'mdf.task-started', 'mdf', w.xid, { warrantId: w.id, warrantHash: w.hash, liid: w.liid, start: iso(start), end: iso(end), hiDelivery: w.content ? 'HI2andHI3' : 'HI2Only' }),
  ];
}

function closing(w: Warrant, at: number, request: number): AuditEvent[] {
  const x1 = (ne: string, ms: number): AuditEvent[] => [
    ev(ms, 'x1.sending', 'admf', ne, { ne, path: '/X1/NE', requestTypes: ['DeactivateTaskRequest'], xids: [w.xid], requestSha256: hex(request) }),
    ev(ms + 1, 'x1.exchange', 'admf', ne, { ne, path: '/X1/NE', requestTypes: ['DeactivateTaskRequest'], xids: [w.xid], error: null, requestSha256: hex(request), responseSha256: hex(request + 1) }),
  ];
  return [
    ev(at, 'warrant.transition', 'warrant-desk', w.id, { ...base(w), from: 'Active', to: 'Expired', reason: `end time ${iso(at)} reached` }),
    ...x1('mdf', at + 1 * S),
    ev(at + 1 * S + 2, 'mdf.task-ended', 'mdf', w.xid, { warrantId: w.id, warrantHash: w.hash, liid: w.liid, reason: 'DeactivateTask' }),
    ...x1(w.element, at + 2 * S),
    ev(at + 3 * S, 'provisioning.task-deactivated', 'admf', w.xid, { warrantId: w.id, warrantHash: w.hash, liid: w.liid, operator: 'op-a' }),
  ];
}

const CONTROL_PER_WARRANT = 4 + 3 + 7;
const KEY_EVENTS = 4;

/** The whole log in order: keys, then each wave (openings, activations, deliveries, closings). */
function* story(total: number): Generator<AuditEvent> {
  yield ev(T0 - 2 * H, 'keys.authority-registered', 'warrant-desk', 'minister-1', { authority: { id: 'minister-1', role: 'minister', name: 'Minister (bench)' } });
  yield ev(T0 - 2 * H, 'keys.authority-registered', 'warrant-desk', 'judge-1', { authority: { id: 'judge-1', role: 'judge', name: 'Judge (bench)' } });
  yield ev(T0 - 2 * H, 'keys.key-added', 'warrant-desk', 'ed25519:m1', { key: { keyId: 'ed25519:m1', authorityId: 'minister-1', publicKey: 'AAAA', validFrom: iso(T0 - 48 * H) } });
  yield ev(T0 - 2 * H, 'keys.key-added', 'warrant-desk', 'ed25519:j1', { key: { keyId: 'ed25519:j1', authorityId: 'judge-1', publicKey: 'BBBB', validFrom: iso(T0 - 48 * H) } });
  const deliveries = total - KEY_EVENTS - WAVES * PER_WAVE * CONTROL_PER_WARRANT;
  if (deliveries < WAVES) throw new Error(`BENCH_ENTRIES must be at least ${KEY_EVENTS + WAVES * (PER_WAVE * CONTROL_PER_WARRANT + 1)}`);
  let request = 1;
  for (let wave = 0; wave < WAVES; wave++) {
    const warrants = Array.from({ length: PER_WAVE }, (_, i) => warrantOf(wave * PER_WAVE + i));
    const t0 = T0 + wave * 2 * H;
    const start = t0 + 10 * MIN;
    const end = start + 1 * H;
    for (const [i, w] of warrants.entries()) yield* opening(w, t0 + i * 30 * S, start, end);
    for (const [i, w] of warrants.entries()) yield* activation(w, start + i * 10, start, end);
    // Deliveries spread evenly over the window, round robin over the LIIDs (HI3 too under content warrants).
    const count = Math.floor(deliveries / WAVES) + (wave === WAVES - 1 ? deliveries % WAVES : 0);
    const from = start + 1 * S;
    const step = (end - 2 * S - from) / count;
    for (let k = 0; k < count; k++) {
      const t = Math.floor(from + k * step);
      const w = warrants[k % PER_WAVE]!;
      const channel = w.content && Math.floor(k / PER_WAVE) % 2 === 1 ? 'HI3' : 'HI2';
      yield ev(t, 'mdf.delivery-batch', 'mdf', w.liid, { channel, count: 1 + (k % 37), did: 'lemf-1', firstAt: t - 1000, lastAt: t - 1, liid: w.liid, sha256: hex(k * 2654435761) });
    }
    for (const [i, w] of warrants.entries()) {
      yield* closing(w, end + i * 10, request);
      request += 2;
    }
  }
}

/** Writes the entries file with the log's own encoding and tree; returns the signed checkpoint note. */
function writeLog(file: string): { note: string; signer: NoteSigner } {
  const signer = createNoteSigner('bench.warranted.example/audit', generateKeyPairSync('ed25519').privateKey);
  const tree = new MerkleTree();
  const fd = openSync(file, 'w');
  try {
    let prevHash = GENESIS_PREV_HASH;
    let lines: string[] = [];
    for (const event of story(ENTRIES)) {
      const leaf = encodeAuditEvent(event);
      lines.push(formatEntryLine({ index: tree.size, leaf, prevHash }));
      prevHash = tree.appendLeaf(leaf);
      if (lines.length === 10_000) {
        writeSync(fd, lines.join(''));
        lines = [];
      }
    }
    writeSync(fd, lines.join(''));
  } finally {
    closeSync(fd);
  }
  const checkpoint = signCheckpoint({ origin: signer.name, size: tree.size, rootHash: tree.rootHash(), timestamp: iso(T0 + WAVES * 2 * H) }, signer);
  return { note: checkpoint.note, signer };
}

/** Reads the file as the verifier does (stream, UTF-8, split at newlines) and applies `perLine`. */
async function baseline(file: string, perLine: (line: string) => unknown): Promise<number> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  let lines = 0;
  for await (const chunk of createReadStream(file)) {
    pending += decoder.decode(chunk as Buffer, { stream: true });
    let from = 0;
    let newline: number;
    while ((newline = pending.indexOf('\n', from)) >= 0) {
      perLine(pending.slice(from, newline));
      lines++;
      from = newline + 1;
    }
    pending = pending.slice(from);
  }
  return lines;
}

/** The public law the bench's warrants are judged by: IFTA 2013, minister then judge. */
const profiles: ProfileRules = { signers: () => ({ roles: ['minister', 'judge'], ordered: true }) };

async function timed<T>(run: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await run();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, result };
}

const root = mkdtempSync(join(tmpdir(), 'warranted-bench-verify-'));
console.log(`machine: ${machine()}, ${process.platform}/${process.arch}`);
console.log(`scenario: verifyAuditLog of ${ENTRIES.toLocaleString('en')} entries, law checked (with signer profiles), witnesses none-required; best of ${ROUNDS} interleaved rounds`);
try {
  const file = join(root, 'entries.jsonl');
  const generated = await timed(() => Promise.resolve(writeLog(file)));
  const { note, signer } = generated.result;
  console.log(`log: ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB, ${(statSync(file).size / ENTRIES).toFixed(0)} bytes per entry line, generated in ${generated.seconds.toFixed(1)} s\n`);
  let bestHash = 0;
  let bestParse = 0;
  let bestVerify = 0;
  let report: Awaited<ReturnType<typeof verifyAuditLog>> | undefined;
  let sink = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const hashed = await timed(() => baseline(file, (line) => (sink += hash('sha256', line, 'binary').length)));
    bestHash = Math.max(bestHash, hashed.result / hashed.seconds);
    const parsed = await timed(() => baseline(file, (line) => (sink += (JSON.parse(line) as { index: number }).index)));
    bestParse = Math.max(bestParse, parsed.result / parsed.seconds);
    const verified = await timed(() => verifyAuditLog({ entriesFile: file, checkpoints: [note], publicKey: signer, witnesses: 'none-required', law: { profiles } }));
    bestVerify = Math.max(bestVerify, verified.result.entries / verified.seconds);
    report = verified.result;
  }
  const row = (label: string, perSec: number): string => `  ${label.padEnd(52)} ${perSec.toFixed(0).padStart(9)} entries/s`;
  console.log(row('baseline: read + split + SHA-256 of each line', bestHash));
  console.log(row('(context: read + split + JSON.parse of each line)', bestParse));
  console.log(`${row('verifyAuditLog (structure, checkpoint, law)', bestVerify)}   ratio vs baseline ${(bestVerify / bestHash).toFixed(3)}`);
  console.log(`\nreport: ok ${report?.ok}, ${report?.entries} entries, ${report?.checkpointsVerified}/${report?.checkpointsGiven} checkpoints, law checked ${report?.law.checked} (signers judged ${report?.law.signersJudged}), violations ${report?.law.violations}, problems ${report?.problems.length}${report?.problems[0] ? ` (first: ${report.problems[0].message})` : ''}`);
  console.log(`(checksum ${sink})`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
