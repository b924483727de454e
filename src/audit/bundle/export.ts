/**
 * `exportBundle`: writes the self-contained bundle an overseer verifies offline with nothing else
 * (format.ts has the layout, docs/audit.md "Export bundle" what it proves). The exporter needs only
 * the log directory and the log's PUBLIC key: it signs nothing, so an operator cannot use an
 * export to vouch for anything the log's checkpoints do not already say.
 *
 * It re-verifies the source first — chain, canonical entries, every checkpoint's signature and
 * root — and refuses to export a log that does not verify. The bundle is written into a temporary
 * directory beside OUT and renamed into place, so OUT never holds half a bundle.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, rmdir, stat, truncate, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseSignedCheckpoint, verifyCheckpoint, type SignedCheckpoint } from '../checkpoint.ts';
import { CHECKPOINTS_DIR, ENTRIES_FILE } from '../directory.ts';
import { GENESIS_PREV_HASH, parseEntryLine } from '../entry.ts';
import { AuditError } from '../errors.ts';
import { decodeAuditEvent } from '../event.ts';
import { hashEquals, leafHash } from '../hash.ts';
import { MerkleTree } from '../tree.ts';
import { CompactRange } from './compact-range.ts';
import { digestTree } from './digest.ts';
import {
  BUNDLE_CHECKPOINTS_DIR,
  BUNDLE_ENTRIES_FILE,
  CONTEXT_FILE,
  CONTEXT_TYPE_PREFIXES,
  consistencyProofFile,
  contextProofFile,
  formatConsistencyProof,
  formatContextLine,
  formatManifest,
  formatRangeProof,
  isContextType,
  LOG_KEY_FILE,
  MANIFEST_FILE,
  WITNESS_POLICY_FILE_NAME,
  type ContextEntry,
} from './format.ts';
import { readLogKey } from './key.ts';
import { readLines } from './lines.ts';
import { formatTlogProof } from './tlog-proof.ts';

export interface ExportBundleOptions {
  /** The log directory (entries.jsonl, checkpoints/, maybe witness-policy.txt). */
  dir: string;
  /** The log's public key (signed-note verifier key or PEM), copied into the bundle as log.pub. */
  keyFile: string;
  /** The bundle directory to create; must not exist, or be empty. */
  out: string;
  /** ISO 8601 UTC; entries whose `at` lies in [from, to] are exported. Default: the whole log. */
  from?: string;
  to?: string;
  /** Entry types carried as legal context before the range (default CONTEXT_TYPE_PREFIXES). */
  contextTypePrefixes?: readonly string[];
  /** Written into the MANIFEST (default: name and version from package.json). */
  tool?: string;
}

export interface ExportBundleResult {
  out: string;
  origin: string;
  /** Entries start <= i < end are in entries.jsonl. */
  start: number;
  end: number;
  anchor: { size: number; timestamp: string };
  contextEntries: number;
  checkpoints: number;
  files: number;
  bytes: number;
}

interface CheckpointFile {
  name: string;
  bytes: Buffer;
  checkpoint: SignedCheckpoint;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

export async function exportBundle(options: ExportBundleOptions): Promise<ExportBundleResult> {
  const fromMs = periodBound('from', options.from, -Infinity);
  const toMs = periodBound('to', options.to, Infinity);
  if (fromMs > toMs) throw new AuditError('AUDIT_EXPORT_BAD_PERIOD', `--from ${options.from} is after --to ${options.to}`);
  await checkOutputFree(options.out);

  const keyBytes = await readFile(options.keyFile);
  const checkpointFiles = await readSourceCheckpoints(options.dir); // before the entries: a live log only grows
  const key = readLogKey(keyBytes.toString('utf8'), checkpointFiles[0]?.bytes.toString('utf8'));
  for (const file of checkpointFiles) {
    try {
      file.checkpoint = verifyCheckpoint(file.checkpoint.note, key.verifier, key.origin);
    } catch (cause) {
      throw sourceInvalid(`checkpoint ${file.name} does not verify with the log's key`, cause, { file: `${CHECKPOINTS_DIR}/${file.name}` });
    }
  }

  const temp = join(dirname(options.out), `.${options.out.split(/[\\/]/).pop() ?? 'bundle'}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(join(temp, 'proofs'), { recursive: true });
  try {
    const scan = await scanSource(options.dir, temp, fromMs, toMs, options.contextTypePrefixes ?? CONTEXT_TYPE_PREFIXES);
    const { tree } = scan;
    for (const file of checkpointFiles) {
      const { size, rootHash } = file.checkpoint;
      if (size > tree.size) throw sourceInvalid(`checkpoint ${file.name} covers ${size} entries but the log holds ${tree.size}: entries were removed`);
      if (!hashEquals(tree.rootHash(size), rootHash)) throw sourceInvalid(`the log's entries do not reproduce the root of checkpoint ${file.name}`);
    }
    if (scan.start === undefined) {
      throw new AuditError('AUDIT_EXPORT_BAD_PERIOD', `no entry of the log (${tree.size} entries) lies in [${options.from ?? 'start'}, ${options.to ?? 'end'}]`);
    }
    const start = scan.start;
    const end = scan.end;
    const anchor = checkpointFiles.find((file) => file.checkpoint.size >= end);
    if (anchor === undefined) {
      const latest = checkpointFiles.reduce((max, file) => Math.max(max, file.checkpoint.size), 0);
      throw new AuditError(
        'AUDIT_EXPORT_NOT_ANCHORED',
        `no signed checkpoint covers entry ${end - 1} yet (the latest covers ${latest} entries): wait for the next checkpoint and export again`,
        { details: { needed: end, latest } },
      );
    }
    const anchorSize = anchor.checkpoint.size;
    const included = checkpointFiles.filter((file) => file.checkpoint.size <= anchorSize);
    await truncate(join(temp, BUNDLE_ENTRIES_FILE), scan.keepBytes);

    await mkdir(join(temp, BUNDLE_CHECKPOINTS_DIR));
    for (const file of included) await writeFile(join(temp, BUNDLE_CHECKPOINTS_DIR, file.name), file.bytes);
    await writeConsistencyProofs(temp, tree, included);
    await writeFile(join(temp, 'proofs', 'range.proof'), formatRangeProof(rangeFrontiers(tree, start, end, anchorSize)));
    await writeContext(temp, tree, scan.context, anchor.checkpoint.note);
    await writeFile(join(temp, LOG_KEY_FILE), keyBytes);
    await copyIfPresent(join(options.dir, WITNESS_POLICY_FILE_NAME), join(temp, WITNESS_POLICY_FILE_NAME));

    const digests = await digestTree(temp);
    const manifest = formatManifest({
      tool: options.tool ?? (await toolVersion()),
      origin: key.origin,
      from: options.from,
      to: options.to,
      start,
      end,
      anchorSize,
      contextEntries: scan.context.length,
      checkpoints: included.length,
      files: new Map([...digests].map(([path, { digest }]) => [path, digest])),
    });
    await writeFile(join(temp, MANIFEST_FILE), manifest);
    await rmdir(options.out).catch(() => undefined); // an empty OUT (checked above) is replaced
    await rename(temp, options.out);
    const bytes = [...digests.values()].reduce((sum, file) => sum + file.bytes, Buffer.byteLength(manifest));
    return {
      out: options.out,
      origin: key.origin,
      start,
      end,
      anchor: { size: anchorSize, timestamp: anchor.checkpoint.timestamp },
      contextEntries: scan.context.length,
      checkpoints: included.length,
      files: digests.size + 1,
      bytes,
    };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

function periodBound(name: 'from' | 'to', value: string | undefined, open: number): number {
  if (value === undefined) return open;
  const ms = Date.parse(value);
  if (!ISO_UTC.test(value) || Number.isNaN(ms)) throw new AuditError('AUDIT_EXPORT_BAD_PERIOD', `--${name} ${value} is not an ISO 8601 UTC time (e.g. 2026-12-05T11:59:00Z)`);
  return ms;
}

async function checkOutputFree(out: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(out);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new AuditError('AUDIT_EXPORT_OUTPUT_EXISTS', `${out} exists and is not an empty directory`, { cause: error });
  }
  if (names.length > 0) throw new AuditError('AUDIT_EXPORT_OUTPUT_EXISTS', `${out} already exists and is not empty; nothing was written`);
}

function sourceInvalid(message: string, cause?: unknown, details: Record<string, unknown> = {}): AuditError {
  const why = cause instanceof Error ? `: ${cause.message}` : '';
  return new AuditError('AUDIT_EXPORT_SOURCE_INVALID', `the log does not verify, nothing was exported — ${message}${why}`, { cause, details });
}

async function readSourceCheckpoints(dir: string): Promise<CheckpointFile[]> {
  let names: string[];
  try {
    names = await readdir(join(dir, CHECKPOINTS_DIR));
  } catch {
    return [];
  }
  const files: CheckpointFile[] = [];
  for (const name of names.filter((n) => n.endsWith('.checkpoint')).sort()) {
    const bytes = await readFile(join(dir, CHECKPOINTS_DIR, name));
    try {
      files.push({ name, bytes, checkpoint: parseSignedCheckpoint(bytes.toString('utf8')) });
    } catch (cause) {
      throw sourceInvalid(`checkpoint ${name} is malformed`, cause, { file: `${CHECKPOINTS_DIR}/${name}` });
    }
  }
  // Smallest first; a tie keeps the file-name order (equal sizes must have equal roots anyway).
  return files.sort((a, b) => a.checkpoint.size - b.checkpoint.size);
}

interface SourceScan {
  tree: MerkleTree;
  start: number | undefined;
  end: number;
  context: ContextEntry[];
  /** Bytes of the temporary entries.jsonl that belong to [start, end). */
  keepBytes: number;
}

/**
 * One pass over the source entries: re-derives the tree and checks the chain, finds the range
 * [start, end) of entries in [fromMs, toMs], collects the context entries before it, and copies
 * every line from `start` on into the bundle's entries.jsonl (cut back to `end` afterwards).
 * A last line without its newline (an append in progress) is not part of the log yet.
 */
async function scanSource(dir: string, temp: string, fromMs: number, toMs: number, contextTypes: readonly string[]): Promise<SourceScan> {
  const tree = new MerkleTree();
  const context: ContextEntry[] = [];
  const writer = new BufferedWriter(await open(join(temp, BUNDLE_ENTRIES_FILE), 'w'));
  let prev = GENESIS_PREV_HASH;
  let start: number | undefined;
  let end = 0;
  let keepBytes = 0;
  try {
    for await (const line of readLines(join(dir, ENTRIES_FILE))) {
      if (!line.terminated) break;
      const index = tree.size;
      let at: number;
      let type: string;
      let leaf: Uint8Array;
      try {
        const entry = parseEntryLine(line.text, index);
        if (entry.index !== index) throw new AuditError('AUDIT_INDEX_MISMATCH', `line ${index + 1} carries index ${entry.index}`);
        if (!hashEquals(entry.prevHash, prev)) throw new AuditError('AUDIT_CHAIN_BROKEN', `entry ${index}: prev is not the leaf hash of entry ${index - 1}`);
        const event = decodeAuditEvent(entry.leaf);
        at = Date.parse(event.at);
        type = event.type;
        leaf = entry.leaf;
      } catch (cause) {
        throw sourceInvalid(`entry ${index}`, cause, { index });
      }
      prev = leafHash(leaf);
      tree.appendLeafHash(prev);
      const inPeriod = at >= fromMs && at <= toMs;
      if (inPeriod && start === undefined) start = index;
      if (start === undefined) {
        if (isContextType(type, contextTypes)) context.push({ index, leaf });
        continue;
      }
      await writer.write(`${line.text}\n`);
      if (inPeriod) {
        end = index + 1;
        keepBytes = writer.written;
      }
    }
  } catch (error) {
    if (error instanceof AuditError) throw error;
    throw sourceInvalid(`cannot read ${ENTRIES_FILE}`, error);
  } finally {
    await writer.close();
  }
  return { tree, start, end, context, keepBytes };
}

class BufferedWriter {
  written = 0;
  private parts: string[] = [];
  private pending = 0;
  constructor(private readonly handle: FileHandle) {}

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.pending += text.length;
    this.written += Buffer.byteLength(text);
    if (this.pending >= 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.pending = 0;
    await this.handle.write(text);
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }
}

/** RFC 9162 §2.1.4.1 PROOF(m, n) between each pair of consecutive checkpoint sizes. */
async function writeConsistencyProofs(temp: string, tree: MerkleTree, included: readonly CheckpointFile[]): Promise<void> {
  await mkdir(join(temp, 'proofs', 'consistency'), { recursive: true });
  for (let i = 1; i < included.length; i++) {
    const fromSize = included[i - 1]!.checkpoint.size;
    const toSize = included[i]!.checkpoint.size;
    if (fromSize === toSize) continue; // same size: the verifier compares the roots themselves
    await writeFile(join(temp, consistencyProofFile(fromSize, toSize)), formatConsistencyProof(fromSize, toSize, tree.consistencyProof(fromSize, toSize)));
  }
}

/**
 * The two compact-range frontiers that, with the range's own leaves, rebuild the anchor's root.
 *
 * Left: [0, start − 1), not [0, start): the verifier appends entry `start`'s own `prev` (the leaf
 * hash of entry start − 1) as the next leaf, so that link is authenticated by the root too. The
 * left frontier is the inclusion path of the last leaf of the tree of size `start`, which is
 * exactly the tiling of [0, start − 1), bottom-up — reversed here to read left to right.
 *
 * Right: [end, anchorSize) as subtree hashes rather than those entries themselves — at most
 * 2·log2(n) hashes, and nothing about events after the period leaks into the bundle.
 */
function rangeFrontiers(tree: MerkleTree, start: number, end: number, anchorSize: number): Parameters<typeof formatRangeProof>[0] {
  const left = start === 0 ? [] : tree.inclusionProof(start - 1, start).reverse();
  const right = new CompactRange(end);
  for (let i = end; i < anchorSize; i++) right.appendLeafHash(tree.leafHashAt(i));
  return { start, end, anchorSize, left, right: right.hashes() };
}

async function writeContext(temp: string, tree: MerkleTree, context: readonly ContextEntry[], anchorNote: string): Promise<void> {
  const anchorSize = parseSignedCheckpoint(anchorNote).size;
  await writeFile(join(temp, CONTEXT_FILE), context.map(formatContextLine).join(''));
  await mkdir(join(temp, 'proofs', 'context'), { recursive: true });
  for (const entry of context) {
    const path = tree.inclusionProof(entry.index, anchorSize);
    await writeFile(join(temp, contextProofFile(entry.index)), formatTlogProof({ index: entry.index, path, checkpoint: anchorNote }));
  }
}

async function copyIfPresent(from: string, to: string): Promise<void> {
  try {
    await copyFile(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

async function toolVersion(): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { name?: string; version?: string };
    return `${pkg.name ?? 'warranted'} ${pkg.version ?? 'unknown'}`;
  } catch {
    return 'warranted unknown';
  }
}

/** For callers that want to know whether a path is a bundle (it has a MANIFEST). */
export async function isBundleDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, MANIFEST_FILE))).isFile();
  } catch {
    return false;
  }
}
