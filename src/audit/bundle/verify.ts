/**
 * `verifyBundle`: what an overseer runs on an export bundle, offline, with nothing but the bundle
 * (docs/audit.md "Export bundle"). Like the directory verifier it reports every problem it finds —
 * each with its code, and the entry index, checkpoint position or file it is about — instead of
 * stopping at the first, and returns the same report shape; a full export reports exactly what
 * verifying the log directory itself reports.
 *
 * Order: MANIFEST digests; the key; every checkpoint's signature and the consistency chain between
 * them; the range against the anchor; every context entry's inclusion proof. Then `onEvent` sees
 * every event that verified, in index order: the context first (all before the range), then the
 * range — read a second time and matched against the leaf hashes proven in the first read.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEntryLine } from '../entry.ts';
import { decodeAuditEvent, type AuditEvent } from '../event.ts';
import { hashEquals, HASH_SIZE, leafHash, toHex } from '../hash.ts';
import type { AuditVerificationReport, WitnessQuorum } from '../verifier.ts';
import { BUNDLE_CHECKPOINTS_DIR, BUNDLE_ENTRIES_FILE, LOG_KEY_FILE, MANIFEST_FILE, type BundleManifest } from './format.ts';
import { readLogKey, sameKey, type LogKey } from './key.ts';
import { readLines } from './lines.ts';
import { ProblemList, type BundleProblem } from './problems.ts';
import { checkCheckpoints, verifiedCheckpoints, type CheckpointChain } from './verify-checkpoints.ts';
import { checkContext } from './verify-context.ts';
import { checkManifest } from './verify-manifest.ts';
import { checkRange } from './verify-range.ts';

export interface VerifyBundleOptions {
  /**
   * The log's key as the overseer holds it (verifier key text or PEM). Default: the bundle's own
   * log.pub — self-contained, but only as trustworthy as where the bundle came from: compare its
   * key id with the one the log publishes, or pass the key here (then log.pub must be that key).
   */
  publicKey?: string;
  /** Default 'none-required': the caller (`audit verify`) passes the bundle's witness policy. */
  witnesses?: WitnessQuorum | 'none-required';
  /** Sees every verified event in index order: the context entries, then the range. */
  onEvent?: (index: number, event: AuditEvent) => void;
}

export interface BundleVerificationReport extends AuditVerificationReport {
  problems: BundleProblem[];
  bundle: {
    /** Entries start <= i < end are the range (from the range proof; the MANIFEST must agree). */
    start: number;
    end: number;
    anchorSize: number | undefined;
    contextEntries: number;
    contextProven: number;
    from: string | undefined;
    to: string | undefined;
    tool: string | undefined;
  };
}

export async function verifyBundle(dir: string, options: VerifyBundleOptions = {}): Promise<BundleVerificationReport> {
  const problems = new ProblemList();
  const manifest = await checkManifest(dir, problems);
  const key = await bundleKey(dir, options.publicKey, problems);
  if (key !== undefined && manifest !== undefined && manifest.origin !== key.origin) {
    problems.add('AUDIT_BUNDLE_MALFORMED', `the MANIFEST names origin ${manifest.origin}, the key is for ${key.origin}`, { file: MANIFEST_FILE });
  }
  const chain = await checkCheckpoints(dir, key, problems);
  const anchor = chain.ordered[chain.ordered.length - 1];
  const range = await checkRange(dir, anchor, problems);
  const start = range.proof?.start ?? manifest?.start ?? 0;
  const end = range.proof?.end ?? manifest?.end ?? start + range.entries;
  if (manifest !== undefined) crossCheckManifest(manifest, chain, start, end, problems);
  const context = await checkContext(dir, start, anchor, problems);
  if (manifest !== undefined && manifest.contextEntries !== context.entries) {
    problems.add('AUDIT_BUNDLE_MALFORMED', `the MANIFEST announces ${manifest.contextEntries} context entries, context.jsonl holds ${context.entries}`, { file: MANIFEST_FILE });
  }

  const anchorSigned = anchor?.signed === true;
  const verified = verifiedCheckpoints(chain, anchorSigned && range.reproducesAnchor);
  const latest = verified[verified.length - 1]?.checkpoint;
  const witnesses = checkWitnesses(options.witnesses ?? 'none-required', latest?.note, problems);

  if (options.onEvent !== undefined && anchorSigned) {
    for (const { index, event } of context.proven) options.onEvent(index, event);
    if (range.reproducesAnchor) await replayRange(dir, start, range.leafHashes, options.onEvent, problems);
  }
  return {
    ok: problems.items.length === 0,
    entries: range.entries,
    rootHash: range.rootHash,
    checkpointsGiven: chain.given,
    checkpointsVerified: verified.length,
    latest: latest === undefined ? undefined : { size: latest.size, rootHash: toHex(latest.rootHash), timestamp: latest.timestamp },
    uncheckpointedEntries: latest === undefined ? range.entries : Math.max(0, end - latest.size),
    witnesses,
    // The legal invariants run over onEvent in the caller (audit verify), as for a directory.
    law: { checked: false, signersJudged: false, violations: 0 },
    problems: problems.items,
    bundle: {
      start,
      end,
      anchorSize: anchor?.checkpoint.size,
      contextEntries: context.entries,
      contextProven: anchorSigned ? context.proven.length : 0,
      from: manifest?.from,
      to: manifest?.to,
      tool: manifest?.tool,
    },
  };
}

async function bundleKey(dir: string, given: string | undefined, problems: ProblemList): Promise<LogKey | undefined> {
  const someCheckpoint = await firstCheckpointText(dir);
  let own: LogKey | undefined;
  try {
    own = readLogKey(await readFile(join(dir, LOG_KEY_FILE), 'utf8'), someCheckpoint);
  } catch (error) {
    problems.addError(error, 'AUDIT_BUNDLE_MALFORMED', { file: LOG_KEY_FILE });
  }
  if (given === undefined) return own;
  const overseers = readLogKey(given, someCheckpoint); // the caller's own key: a bad one throws
  if (own !== undefined && !sameKey(own, overseers)) {
    problems.add('AUDIT_BAD_KEY', `${LOG_KEY_FILE} is not the key you gave: this bundle claims to be from another log (or another key)`, { file: LOG_KEY_FILE });
  }
  return overseers;
}

async function firstCheckpointText(dir: string): Promise<string | undefined> {
  try {
    const names = (await readdir(join(dir, BUNDLE_CHECKPOINTS_DIR))).filter((name) => name.endsWith('.checkpoint')).sort();
    return names[0] === undefined ? undefined : await readFile(join(dir, BUNDLE_CHECKPOINTS_DIR, names[0]), 'utf8');
  } catch {
    return undefined;
  }
}

function crossCheckManifest(manifest: BundleManifest, chain: CheckpointChain, start: number, end: number, problems: ProblemList): void {
  const anchorSize = chain.ordered[chain.ordered.length - 1]?.checkpoint.size;
  if (manifest.start !== start || manifest.end !== end) {
    problems.add('AUDIT_BUNDLE_MALFORMED', `the MANIFEST's range ${manifest.start}..${manifest.end} is not the range proof's ${start}..${end}`, { file: MANIFEST_FILE });
  }
  if (anchorSize !== undefined && manifest.anchorSize !== anchorSize) {
    problems.add('AUDIT_BUNDLE_MALFORMED', `the MANIFEST's anchor size ${manifest.anchorSize} is not the largest checkpoint's ${anchorSize}`, { file: MANIFEST_FILE });
  }
  if (manifest.checkpoints !== chain.given) {
    problems.add('AUDIT_BUNDLE_MALFORMED', `the MANIFEST announces ${manifest.checkpoints} checkpoints, checkpoints/ holds ${chain.given}`, { file: MANIFEST_FILE });
  }
}

/** The anchor is the checkpoint the whole bundle rests on: it is the one the witnesses must have cosigned. */
function checkWitnesses(policy: WitnessQuorum | 'none-required', note: string | undefined, problems: ProblemList): AuditVerificationReport['witnesses'] {
  if (policy === 'none-required') return 'none-required';
  const { cosigners, satisfied } = note === undefined ? { cosigners: [], satisfied: false } : policy.check(note);
  if (note !== undefined && !satisfied) {
    problems.add('AUDIT_COSIGNATURES_MISSING', `the anchor checkpoint lacks the witness quorum (${policy.describe}); valid cosignatures: ${cosigners.join(', ') || 'none'}`);
  }
  return { cosigners, quorum: policy.describe, satisfied };
}

/** Second read of entries.jsonl: hands out each event whose leaf hash the first read proved. */
async function replayRange(dir: string, start: number, proven: Uint8Array, onEvent: (index: number, event: AuditEvent) => void, problems: ProblemList): Promise<void> {
  let position = 0;
  for await (const line of readLines(join(dir, BUNDLE_ENTRIES_FILE))) {
    const index = start + position;
    const expected = proven.subarray(position * HASH_SIZE, (position + 1) * HASH_SIZE);
    if (!line.terminated || expected.length !== HASH_SIZE) break;
    const entry = parseEntryLine(line.text, index);
    if (!hashEquals(leafHash(entry.leaf), expected)) {
      problems.add('AUDIT_CHAIN_BROKEN', `entry ${index} changed while the bundle was being verified`, { index, file: BUNDLE_ENTRIES_FILE });
      return;
    }
    onEvent(index, decodeAuditEvent(entry.leaf));
    position++;
  }
}
