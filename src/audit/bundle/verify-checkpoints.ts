/**
 * The bundle's checkpoints: each one's signature by the log key (C2SP signed-note), and RFC 9162
 * §2.1.4.2 consistency between each consecutive pair by size, from the proofs the bundle carries.
 * The largest is the anchor, against which the range and the context are proven; an older
 * checkpoint counts as verified only when an unbroken chain of consistency proofs links it to a
 * verified anchor — that is what lets an overseer compare the checkpoints they kept over the years
 * with this bundle.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSignedCheckpoint, verifyCheckpoint, type SignedCheckpoint } from '../checkpoint.ts';
import { EMPTY_ROOT, hashEquals } from '../hash.ts';
import { verifyConsistency } from '../verify-proofs.ts';
import { BUNDLE_CHECKPOINTS_DIR, CONSISTENCY_DIR, consistencyProofFile, parseConsistencyProof } from './format.ts';
import type { LogKey } from './key.ts';
import type { ProblemList } from './problems.ts';

export interface BundleCheckpoint {
  /** Position in checkpoints/ sorted by file name (the `checkpoint` of a problem). */
  position: number;
  file: string;
  checkpoint: SignedCheckpoint;
  signed: boolean;
  /** Consistency with the next larger checkpoint holds (true for the anchor itself). */
  consistentWithNext: boolean;
}

export interface CheckpointChain {
  /** Parsed checkpoints, smallest first (ties in file-name order); the last is the anchor. */
  ordered: BundleCheckpoint[];
  given: number;
}

export async function checkCheckpoints(dir: string, key: LogKey | undefined, problems: ProblemList): Promise<CheckpointChain> {
  let names: string[] = [];
  try {
    names = (await readdir(join(dir, BUNDLE_CHECKPOINTS_DIR))).filter((name) => name.endsWith('.checkpoint')).sort();
  } catch {
    problems.add('AUDIT_BUNDLE_MALFORMED', `${BUNDLE_CHECKPOINTS_DIR}/ is missing`, { file: BUNDLE_CHECKPOINTS_DIR });
  }
  const parsed: BundleCheckpoint[] = [];
  for (const [position, name] of names.entries()) {
    const file = `${BUNDLE_CHECKPOINTS_DIR}/${name}`;
    const note = await readFile(join(dir, file), 'utf8');
    let checkpoint: SignedCheckpoint;
    try {
      checkpoint = parseSignedCheckpoint(note);
    } catch (error) {
      problems.addError(error, 'AUDIT_CHECKPOINT_MALFORMED', { checkpoint: position, file });
      continue;
    }
    let signed = false;
    if (key !== undefined) {
      try {
        verifyCheckpoint(note, key.verifier, key.origin);
        signed = true;
      } catch (error) {
        problems.addError(error, 'AUDIT_SIGNATURE_INVALID', { checkpoint: position, file });
      }
    }
    parsed.push({ position, file, checkpoint, signed, consistentWithNext: true });
  }
  const ordered = parsed.sort((a, b) => a.checkpoint.size - b.checkpoint.size || a.position - b.position);
  if (ordered.length === 0) problems.add('AUDIT_BUNDLE_MALFORMED', 'the bundle holds no checkpoint: nothing anchors its entries', { file: BUNDLE_CHECKPOINTS_DIR });

  const expectedProofs = new Set<string>();
  for (const [i, current] of ordered.entries()) {
    const { size, rootHash } = current.checkpoint;
    // RFC 9162 §2.1.1: MTH({}) is the hash of the empty string; no proof can say otherwise.
    if (size === 0 && !hashEquals(rootHash, EMPTY_ROOT)) {
      problems.add('AUDIT_ROOT_MISMATCH', `${current.file}: a checkpoint of size 0 must have the empty tree's root`, { checkpoint: current.position, file: current.file });
    }
    const next = ordered[i + 1];
    if (next === undefined) break;
    current.consistentWithNext = await consistent(dir, current, next, expectedProofs, problems);
  }
  await reportStrayProofs(dir, expectedProofs, problems);
  return { ordered, given: names.length };
}

async function consistent(dir: string, older: BundleCheckpoint, newer: BundleCheckpoint, expected: Set<string>, problems: ProblemList): Promise<boolean> {
  const a = older.checkpoint;
  const b = newer.checkpoint;
  const where = { checkpoint: newer.position, file: newer.file };
  if (a.size === b.size) {
    if (hashEquals(a.rootHash, b.rootHash)) return true;
    problems.add('AUDIT_INCONSISTENT', `${older.file} and ${newer.file} are two different trees of size ${a.size}: the log forked`, where);
    return false;
  }
  const file = consistencyProofFile(a.size, b.size);
  expected.add(file);
  let text: string;
  try {
    text = await readFile(join(dir, file), 'utf8');
  } catch {
    problems.add('AUDIT_BUNDLE_MALFORMED', `${file} is missing: nothing links ${older.file} to ${newer.file}`, { checkpoint: newer.position, file });
    return false;
  }
  try {
    const proof = parseConsistencyProof(file, text);
    if (proof.fromSize !== a.size || proof.toSize !== b.size) {
      problems.add('AUDIT_BUNDLE_MALFORMED', `${file} is for sizes ${proof.fromSize} and ${proof.toSize}`, { checkpoint: newer.position, file });
      return false;
    }
    if (verifyConsistency(a.size, b.size, a.rootHash, b.rootHash, proof.path)) return true;
    problems.add('AUDIT_INCONSISTENT', `${file}: the proof does not show ${older.file} (size ${a.size}) is a prefix of ${newer.file} (size ${b.size})`, { checkpoint: newer.position, file });
  } catch (error) {
    problems.addError(error, 'AUDIT_BUNDLE_MALFORMED', { checkpoint: newer.position, file });
  }
  return false;
}

async function reportStrayProofs(dir: string, expected: ReadonlySet<string>, problems: ProblemList): Promise<void> {
  let names: string[];
  try {
    names = await readdir(join(dir, CONSISTENCY_DIR));
  } catch {
    return;
  }
  for (const name of names.sort()) {
    const file = `${CONSISTENCY_DIR}/${name}`;
    if (!expected.has(file)) problems.add('AUDIT_BUNDLE_MALFORMED', `${file} links no two consecutive checkpoints of the bundle (was a checkpoint removed?)`, { file });
  }
}

/** Which checkpoints are verified: signed, and linked by consistency proofs to a verified anchor. */
export function verifiedCheckpoints(chain: CheckpointChain, anchorVerified: boolean): BundleCheckpoint[] {
  const verified: BundleCheckpoint[] = [];
  let linked = anchorVerified;
  for (let i = chain.ordered.length - 1; i >= 0; i--) {
    const current = chain.ordered[i]!;
    if (i < chain.ordered.length - 1) linked = linked && current.signed && current.consistentWithNext;
    if (linked) verified.unshift(current);
  }
  return verified;
}
