/**
 * Compact ranges of an RFC 9162 §2.1.1 Merkle tree: the leaves [begin, end) summarised by the
 * hashes of the few aligned perfect subtrees that tile them (at most 2·log2(n) hashes; for
 * begin = 0 exactly one per set bit of `end`, at most log2(n)). Two adjacent compact ranges merge
 * into one, and the compact range of [0, n) folds into MTH(D[n]) — which is how an export bundle
 * proves a slice of the log against a checkpoint without carrying the rest of it:
 *
 *   left frontier [0, a−1)  +  leaf a−1  +  the range's leaves [a, b)  +  right frontier [b, N)
 *
 * must give the anchor checkpoint's root of size N.
 */
import { AuditError } from '../errors.ts';
import { EMPTY_ROOT, nodeHash } from '../hash.ts';

/** One aligned perfect subtree: leaves [start, start + 2^level). */
export interface SubtreeSpan {
  start: number;
  level: number;
}

/**
 * The canonical tiling of [begin, end): from the left, the largest subtree that starts aligned at
 * the current position and still fits. Sizes rise, then fall (for begin = 0 they only fall).
 */
export function compactRangeSpans(begin: number, end: number): SubtreeSpan[] {
  if (!Number.isSafeInteger(begin) || !Number.isSafeInteger(end) || begin < 0 || begin > end) {
    throw new AuditError('AUDIT_BAD_RANGE', `compact range needs 0 <= begin <= end (begin ${begin}, end ${end})`);
  }
  const spans: SubtreeSpan[] = [];
  let at = begin;
  while (at < end) {
    let level = 0;
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) level++;
    spans.push({ start: at, level });
    at += 2 ** level;
  }
  return spans;
}

export class CompactRange {
  readonly begin: number;
  private endIndex: number;
  /** Subtree hashes left to right, with their levels; always the canonical tiling. */
  private readonly nodes: { level: number; hash: Uint8Array }[] = [];

  constructor(begin: number) {
    compactRangeSpans(begin, begin);
    this.begin = begin;
    this.endIndex = begin;
  }

  /** The compact range [begin, end) given by its subtree hashes, left to right (as `hashes()` returns them). */
  static fromHashes(begin: number, end: number, hashes: readonly Uint8Array[]): CompactRange {
    const spans = compactRangeSpans(begin, end);
    if (spans.length !== hashes.length) {
      throw new AuditError('AUDIT_BAD_RANGE', `the compact range [${begin}, ${end}) has ${spans.length} subtree hashes, not ${hashes.length}`);
    }
    const range = new CompactRange(begin);
    spans.forEach((span, i) => range.appendSubtree(span.level, hashes[i]!));
    return range;
  }

  get end(): number {
    return this.endIndex;
  }

  /** Appends one leaf hash (RFC 9162 MTH({d}) = SHA-256(0x00 || d)). */
  appendLeafHash(hash: Uint8Array): void {
    this.appendSubtree(0, hash);
  }

  /**
   * Appends the hash of the perfect subtree [end, end + 2^level), which must be aligned there, and
   * merges every pair of siblings it completes (a left sibling starts at a multiple of 2^(level+1)).
   */
  appendSubtree(level: number, hash: Uint8Array): void {
    if (!Number.isSafeInteger(level) || level < 0 || this.endIndex % 2 ** level !== 0) {
      throw new AuditError('AUDIT_BAD_RANGE', `a subtree of 2^${level} leaves cannot start at ${this.endIndex}`);
    }
    this.nodes.push({ level, hash });
    this.endIndex += 2 ** level;
    for (;;) {
      const right = this.nodes[this.nodes.length - 1]!;
      const left = this.nodes[this.nodes.length - 2];
      if (left?.level !== right.level) break;
      const leftStart = this.endIndex - 2 ** (right.level + 1);
      if (leftStart < this.begin || leftStart % 2 ** (right.level + 1) !== 0) break;
      this.nodes.splice(-2, 2, { level: right.level + 1, hash: nodeHash(left.hash, right.hash) });
    }
  }

  /** The subtree hashes left to right (the tiling of compactRangeSpans(begin, end)). */
  hashes(): Uint8Array[] {
    return this.nodes.map((node) => node.hash.slice());
  }

  /**
   * MTH(D[end]) for a range that starts at leaf 0: the subtrees folded from the right, which is
   * RFC 9162 §2.1.1's recursion (left = the largest power of two below n, right = the rest).
   */
  root(): Uint8Array {
    if (this.begin !== 0) throw new AuditError('AUDIT_BAD_RANGE', `a compact range starting at ${this.begin} has no tree root`);
    if (this.nodes.length === 0) return EMPTY_ROOT.slice();
    let acc = this.nodes[this.nodes.length - 1]!.hash;
    for (let i = this.nodes.length - 2; i >= 0; i--) acc = nodeHash(this.nodes[i]!.hash, acc);
    return acc.slice();
  }
}
