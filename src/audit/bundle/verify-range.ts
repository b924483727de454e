/**
 * The range [a, b) against the anchor checkpoint (size N): the anchor's root must come out of
 *
 *   left frontier [0, a−1)  +  entry a's `prev` as leaf a−1  +  leaves a … b−1  +  right frontier [b, N)
 *
 * (compact-range.ts). Inside the range each line is checked as the directory verifier checks it —
 * canonical line, index, `prev` = leaf hash of the line before, canonical event — and because the
 * first line's `prev` goes into the tree as leaf a−1, no byte of entries.jsonl is left unproven.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GENESIS_PREV_HASH, parseEntryLine } from '../entry.ts';
import { decodeAuditEvent } from '../event.ts';
import { hashEquals, HASH_SIZE, leafHash, toHex } from '../hash.ts';
import { CompactRange, compactRangeSpans } from './compact-range.ts';
import { BUNDLE_ENTRIES_FILE, parseRangeProof, RANGE_PROOF_FILE, type RangeProof } from './format.ts';
import { readLines } from './lines.ts';
import type { ProblemList } from './problems.ts';
import type { BundleCheckpoint } from './verify-checkpoints.ts';

export interface RangeResult {
  proof: RangeProof | undefined;
  /** Well-formed lines read from entries.jsonl. */
  entries: number;
  /** Hex MTH of the tree up to the last entry read (the log's root at size b when all is well). */
  rootHash: string;
  /** The anchor's root came out of the frontiers and the entries. */
  reproducesAnchor: boolean;
  /** Leaf hashes of the range, in order (the events are handed out on a second read, and must match). */
  leafHashes: Uint8Array;
}

export async function checkRange(dir: string, anchor: BundleCheckpoint | undefined, problems: ProblemList): Promise<RangeResult> {
  const proof = await readRangeProof(dir, problems);
  const hashes = new GrowableHashes();
  const result = (rootHash: string, reproducesAnchor: boolean): RangeResult => ({ proof, entries: hashes.count, rootHash, reproducesAnchor, leafHashes: hashes.bytes() });
  const start = proof?.start ?? 0;
  let range: CompactRange | undefined;
  if (proof !== undefined) {
    try {
      range = start === 0 ? new CompactRange(0) : CompactRange.fromHashes(0, start - 1, proof.left);
      if (start === 0 && proof.left.length > 0) throw new Error('a range starting at entry 0 has no left frontier');
    } catch (error) {
      problems.add('AUDIT_BUNDLE_MALFORMED', `${RANGE_PROOF_FILE}: left frontier: ${(error as Error).message}`, { file: RANGE_PROOF_FILE });
      range = undefined;
    }
  }

  let previous: Uint8Array | undefined;
  try {
    for await (const line of readLines(join(dir, BUNDLE_ENTRIES_FILE))) {
      const index = start + hashes.count;
      const where = { index, file: BUNDLE_ENTRIES_FILE };
      if (!line.terminated) {
        problems.add('AUDIT_ENTRY_MALFORMED', `${BUNDLE_ENTRIES_FILE}: partial last line after entry ${index - 1} (truncated file)`, where);
        break;
      }
      let entry;
      try {
        entry = parseEntryLine(line.text, index);
      } catch (error) {
        problems.addError(error, 'AUDIT_ENTRY_MALFORMED', where);
        break; // without the leaf nothing after this line can be placed in the tree
      }
      if (entry.index !== index) problems.add('AUDIT_INDEX_MISMATCH', `${BUNDLE_ENTRIES_FILE}: line ${hashes.count + 1} carries index ${entry.index}, expected ${index}`, where);
      if (previous !== undefined) {
        if (!hashEquals(entry.prevHash, previous)) problems.add('AUDIT_CHAIN_BROKEN', `entry ${index}: prev is not the leaf hash of entry ${index - 1}`, where);
      } else if (start === 0) {
        if (!hashEquals(entry.prevHash, GENESIS_PREV_HASH)) problems.add('AUDIT_CHAIN_BROKEN', 'entry 0: prev must be 64 zeros', where);
      } else {
        // RFC 9162 leaf a−1 of the tree is this hash: the anchor root proves it.
        range?.appendLeafHash(entry.prevHash);
      }
      try {
        decodeAuditEvent(entry.leaf);
      } catch (error) {
        problems.add('AUDIT_ENTRY_MALFORMED', `entry ${index}: ${(error as Error).message}`, where);
      }
      previous = leafHash(entry.leaf);
      range?.appendLeafHash(previous);
      hashes.push(previous);
    }
  } catch (error) {
    problems.add('AUDIT_BUNDLE_MALFORMED', `${BUNDLE_ENTRIES_FILE}: cannot read: ${(error as Error).message}`, { file: BUNDLE_ENTRIES_FILE });
  }
  if (proof === undefined || range === undefined) return result(toHex(new Uint8Array(HASH_SIZE)), false);
  const rootHash = toHex(range.root());
  if (hashes.count !== proof.end - proof.start) {
    problems.add('AUDIT_BUNDLE_MALFORMED', `${BUNDLE_ENTRIES_FILE} holds ${hashes.count} entries; the range proof is for entries ${proof.start}..${proof.end - 1}`, { file: BUNDLE_ENTRIES_FILE });
    return result(rootHash, false);
  }
  if (anchor === undefined) return result(rootHash, false);
  if (proof.anchorSize !== anchor.checkpoint.size) {
    problems.add('AUDIT_BUNDLE_MALFORMED', `${RANGE_PROOF_FILE} is for an anchor of size ${proof.anchorSize}, the largest checkpoint has size ${anchor.checkpoint.size}`, { file: RANGE_PROOF_FILE });
    return result(rootHash, false);
  }
  const spans = compactRangeSpans(proof.end, proof.anchorSize);
  if (spans.length !== proof.right.length) {
    problems.add('AUDIT_BUNDLE_MALFORMED', `${RANGE_PROOF_FILE}: the right frontier [${proof.end}, ${proof.anchorSize}) has ${spans.length} hashes, not ${proof.right.length}`, { file: RANGE_PROOF_FILE });
    return result(rootHash, false);
  }
  spans.forEach((span, i) => range.appendSubtree(span.level, proof.right[i]!));
  if (hashEquals(range.root(), anchor.checkpoint.rootHash)) return result(rootHash, true);
  problems.add(
    'AUDIT_ROOT_MISMATCH',
    `entries ${proof.start}..${proof.end - 1} with the frontiers of ${RANGE_PROOF_FILE} do not reproduce the root of the anchor ${anchor.file} (size ${anchor.checkpoint.size})`,
    { checkpoint: anchor.position, file: BUNDLE_ENTRIES_FILE },
  );
  return result(rootHash, false);
}

async function readRangeProof(dir: string, problems: ProblemList): Promise<RangeProof | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, RANGE_PROOF_FILE), 'utf8');
  } catch {
    problems.add('AUDIT_BUNDLE_MALFORMED', `${RANGE_PROOF_FILE} is missing: the entries cannot be placed in the log`, { file: RANGE_PROOF_FILE });
    return undefined;
  }
  try {
    return parseRangeProof(text);
  } catch (error) {
    problems.addError(error, 'AUDIT_BUNDLE_MALFORMED', { file: RANGE_PROOF_FILE });
    return undefined;
  }
}

/** Leaf hashes back to back in one buffer (32 bytes per entry, no object per hash). */
class GrowableHashes {
  private buffer = new Uint8Array(HASH_SIZE * 1024);
  count = 0;

  push(hash: Uint8Array): void {
    if ((this.count + 1) * HASH_SIZE > this.buffer.length) {
      const grown = new Uint8Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer.set(hash, this.count * HASH_SIZE);
    this.count++;
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.count * HASH_SIZE);
  }
}
