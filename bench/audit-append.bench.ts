/**
 * Scenario: audit log append throughput (src/audit) — events appended in batches of 100 to the
 * file store, once with fdatasync per batch (production setting) and once without, both as one
 * `appendMany` of 100 and as 100 concurrent `append` calls (group commit).
 * Baseline, measured in the same run: plain `fs.promises.appendFile` of the very same JSON lines,
 * 100 lines per call (and, for the fsync rows, the same plus fdatasync per batch).
 * The events are built before the clock starts (as the baseline's lines are): what is timed is
 * the log — validation, canonical encoding, hashing, the tree, the entry lines, the write and the
 * sync — not the caller making its events (an HMAC and a date string each, about 5 µs).
 *
 * Paired measurement: within each section the baseline and the log variants take turns of about
 * a quarter of a second (the order rotating), each timing only its own batches, so all of them see
 * the same disk and the same load from other processes — an fdatasync here costs anything from 0.3
 * to 1.5 ms depending on what else the machine's disk is doing, and the ratio with fsync depends on
 * it: the mean baseline batch time is printed with it. (Turns, not single batches: the garbage one
 * variant leaves would otherwise be collected in the next one's time.)
 * Prints the machine, rates and ratios; asserts nothing.
 *
 *   node --import tsx bench/audit-append.bench.ts       (BENCH_SECONDS=6 for longer runs)
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { appendFile, open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, FileAuditStore, createNoteSigner, redactIdentity, type AuditEvent } from '../src/audit/index.ts';
import { machine } from './helpers.ts';

/** Seconds of measured batches per variant and section. */
const seconds = Number(process.env.BENCH_SECONDS ?? '3');
const BATCH = 100;
const root = mkdtempSync(join(tmpdir(), 'warranted-bench-audit-'));
const signer = createNoteSigner('bench.warranted.example/audit', generateKeyPairSync('ed25519').privateKey);
const identityKey = new Uint8Array(32).fill(3);
let fileCounter = 0;

function event(n: number): AuditEvent {
  return {
    type: 'x1.activateTask',
    at: new Date(1_790_000_000_000 + n * 1000).toISOString(),
    actor: 'lipf-1',
    subject: `xid-${n.toString(16).padStart(8, '0')}`,
    details: { ne: 'ne-17', operator: 'op-3', target: redactIdentity(`4477009${String(n % 100000).padStart(5, '0')}`, identityKey), deliveryType: 'X2andX3' },
  };
}

/** Batches of events made once, before any timing; runs cycle through them. */
const EVENT_BATCHES = Array.from({ length: 500 }, (_, b) => Array.from({ length: BATCH }, (_, i) => event(b * BATCH + i)));

interface Variant {
  label: string;
  /** Writes batch number `batchNo` (BATCH entries). */
  run: (batchNo: number) => Promise<void>;
  close: () => Promise<void>;
  ns: bigint;
  batches: number;
}

async function auditVariant(label: string, fsync: boolean, concurrent: boolean): Promise<Variant> {
  const log = await AuditLog.open({ store: new FileAuditStore(join(root, `log-${fileCounter++}.jsonl`), { fsync }), signer });
  const run = async (b: number): Promise<void> => {
    const events = EVENT_BATCHES[b % EVENT_BATCHES.length]!;
    if (concurrent) await Promise.all(events.map((e) => log.append(e)));
    else await log.appendMany(events);
  };
  return { label, run, close: () => log.close(), ns: 0n, batches: 0 };
}

async function baselineVariant(label: string, lines: string[], fsync: boolean): Promise<Variant> {
  const file = join(root, `baseline-${fileCounter++}.jsonl`);
  const handle: FileHandle | undefined = fsync ? await open(file, 'a') : undefined;
  const run = async (b: number): Promise<void> => {
    const from = (b * BATCH) % (lines.length - BATCH);
    const chunk = lines.slice(from, from + BATCH).join('');
    if (handle === undefined) await appendFile(file, chunk);
    else {
      await handle.appendFile(chunk);
      await handle.datasync();
    }
  };
  return { label, run, close: async () => handle?.close(), ns: 0n, batches: 0 };
}

const TURN_NS = 250_000_000n;

/** Warm-up, then the variants take turns of TURN_NS (rotating who goes first) until each has had `seconds`. */
async function paired(variants: Variant[]): Promise<void> {
  for (const v of variants) for (let i = 0; i < 3; i++) await v.run(i); // JIT, file creation
  const budget = BigInt(Math.round(seconds * 1e9));
  for (let turn = 0; variants.some((v) => v.ns < budget); turn++) {
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(turn + k) % variants.length]!;
      const until = v.ns + TURN_NS;
      while (v.ns < until) {
        const start = process.hrtime.bigint();
        await v.run(v.batches + 3);
        v.ns += process.hrtime.bigint() - start;
        v.batches++;
      }
    }
  }
  for (const v of variants) await v.close();
}

const perSec = (v: Variant): number => (v.batches * BATCH) / (Number(v.ns) / 1e9);

/** The entry lines the log writes for the bench's events, for the baseline to write verbatim. */
async function entryLines(): Promise<string[]> {
  const file = join(root, 'lines.jsonl');
  const log = await AuditLog.open({ store: new FileAuditStore(file, { fsync: false }), signer });
  for (const events of EVENT_BATCHES.slice(0, 100)) await log.appendMany(events);
  await log.close();
  return readFileSync(file, 'utf8').split('\n').slice(0, -1).map((l) => `${l}\n`);
}

console.log(`machine: ${machine()}, ${process.platform}/${process.arch}`);
console.log(`scenario: audit append, batches of ${BATCH}, ${seconds}s of batches per row, paired (variants take turns of 0.25 s), file store in ${tmpdir()}`);
try {
  const lines = await entryLines();
  const lineBytes = lines.slice(0, 1000).reduce((n, l) => n + Buffer.byteLength(l), 0) / Math.min(1000, lines.length);
  console.log(`entry line: ~${lineBytes.toFixed(0)} bytes\n`);
  const row = (v: Variant, base: Variant): void =>
    console.log(`  ${v.label.padEnd(44)} ${perSec(v).toFixed(0).padStart(9)} appends/s   ratio vs baseline ${(perSec(v) / perSec(base)).toFixed(3)}`);

  const noSync = [await baselineVariant('baseline fs.appendFile', lines, false), await auditVariant('AuditLog.appendMany(100)', false, false), await auditVariant('AuditLog.append x100 concurrent (group commit)', false, true)];
  await paired(noSync);
  const [baseNoSync, manyNoSync, concNoSync] = noSync as [Variant, Variant, Variant];
  console.log('without fsync (baseline: fs.appendFile of the same lines, 100 per call)');
  console.log(`  ${baseNoSync.label.padEnd(44)} ${perSec(baseNoSync).toFixed(0).padStart(9)} lines/s`);
  row(manyNoSync, baseNoSync);
  row(concNoSync, baseNoSync);

  const sync = [await baselineVariant('baseline fs appendFile + fdatasync', lines, true), await auditVariant('AuditLog.appendMany(100)', true, false), await auditVariant('AuditLog.append x100 concurrent (group commit)', true, true)];
  await paired(sync);
  const [baseSync, manySync, concSync] = sync as [Variant, Variant, Variant];
  console.log(`\nwith fdatasync per batch (baseline: appendFile + fdatasync, 100 lines per batch: ${(Number(baseSync.ns) / 1e6 / baseSync.batches).toFixed(2)} ms a batch)`);
  console.log(`  ${baseSync.label.padEnd(44)} ${perSec(baseSync).toFixed(0).padStart(9)} lines/s`);
  row(manySync, baseSync);
  row(concSync, baseSync);
  console.log(`\nfsync cost: appendMany with fsync runs at ${(perSec(manySync) / perSec(manyNoSync)).toFixed(3)} of the rate without`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
