/**
 * Incremental Merkle tree with RFC 9162 §2.1 semantics.
 *
 * Every complete (perfect, aligned) subtree hash is kept, level by level, in contiguous byte
 * arrays: level 0 holds the leaf hashes, level h holds the hash of leaves [j·2^h, (j+1)·2^h).
 * Appending pushes one leaf hash and then folds completed pairs upwards — O(log n) worst case,
 * O(1) amortised (this is the "stack of subtree roots" / compact range of the right edge).
 * The root and any node of a historical tree of size m ≤ n are then derived from at most
 * log2(m) stored perfect subtrees, so proofs cost O(log² n) hashing at worst, never O(n).
 *
 * The tree of size n is the "left-balanced" tree of RFC 9162 §2.1.1: node (h, j) covers
 * [j·2^h, min((j+1)·2^h, n)); a node whose range has no right half equals its left child.
 */
import { AuditError } from './errors.ts';
import { EMPTY_ROOT, HASH_SIZE, leafHash, nodeHash, nodeHashInto } from './hash.ts';

/** Growable array of 32-byte hashes in one buffer (no per-hash object overhead). */
class HashLevel {
  private bytes = Buffer.alloc(HASH_SIZE * 64);
  length = 0;

  /** Makes room for one more hash and returns its byte offset (the caller writes it there). */
  private grow(): number {
    if ((this.length + 1) * HASH_SIZE > this.bytes.length) {
      const grown = Buffer.alloc(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    return this.length++ * HASH_SIZE;
  }

  push(hash: Uint8Array): void {
    const offset = this.grow(); // first: growing replaces this.bytes
    this.bytes.set(hash, offset);
  }

  /** Appends the parent of the sibling pair (index - 1, index) of `children`, hashed in place. */
  pushParentOf(children: HashLevel, index: number): void {
    const offset = this.grow(); // first: growing replaces this.bytes
    nodeHashInto(children.bytes, (index - 1) * HASH_SIZE, this.bytes, offset);
  }

  /**
   * A read-only view (callers outside this file get copies). A plain Uint8Array, not a Buffer:
   * Uint8Array#slice copies, Buffer#slice would alias the tree.
   */
  at(index: number): Uint8Array {
    return new Uint8Array(this.bytes.buffer, this.bytes.byteOffset + index * HASH_SIZE, HASH_SIZE);
  }
}

export class MerkleTree {
  private readonly levels: HashLevel[] = [new HashLevel()];

  /** Number of leaves. */
  get size(): number {
    return this.levels[0]!.length;
  }

  /** Append the leaf's bytes (hashed here with the 0x00 prefix); returns the leaf hash. */
  appendLeaf(leaf: Uint8Array): Uint8Array {
    const hash = leafHash(leaf);
    this.appendLeafHash(hash);
    return hash;
  }

  /** Append an already computed leaf hash (RFC 9162 §2.1.1 MTH({d})). */
  appendLeafHash(hash: Uint8Array): void {
    if (hash.length !== HASH_SIZE) throw new AuditError('AUDIT_BAD_RANGE', `leaf hash must be ${HASH_SIZE} bytes`);
    this.levels[0]!.push(hash);
    // Fold every subtree this leaf completes: index i at level h is a right child when i is odd.
    // Siblings sit next to each other in their level, so each parent is hashed straight from
    // there into the level above (no intermediate arrays).
    let index = this.size - 1;
    let level = 0;
    while (index % 2 === 1) {
      const current = this.levels[level]!;
      level++;
      if (this.levels.length === level) this.levels.push(new HashLevel());
      this.levels[level]!.pushParentOf(current, index);
      index = (index - 1) / 2;
    }
  }

  /**
   * Drops the leaves from `size` on and every node over them: the tree of the first `size` leaves
   * again (a node (h, j) depends only on its own leaves, so the rest stays as it was). The log uses
   * it to take back a batch the store did not confirm.
   */
  truncate(size: number): void {
    checkSize(size, this.size);
    for (let level = 0; level < this.levels.length; level++) this.levels[level]!.length = Math.floor(size / 2 ** level);
  }

  leafHashAt(index: number): Uint8Array {
    checkIndex(index, this.size);
    return this.levels[0]!.at(index).slice();
  }

  /** MTH(D[size]) of the first `size` leaves (default: all). */
  rootHash(size: number = this.size): Uint8Array {
    checkSize(size, this.size);
    if (size === 0) return EMPTY_ROOT.slice();
    return this.rangeHash(0, size).slice();
  }

  /** RFC 9162 §2.1.3.1 PATH(m, D[n]) computed from the stored subtrees. */
  inclusionProof(index: number, size: number): Uint8Array[] {
    checkSize(size, this.size);
    checkIndex(index, size);
    return this.pathFrom(index, 0, size);
  }

  /** RFC 9162 §2.1.4.1 PROOF(m, D[n]); empty when m = 0 or m = n. */
  consistencyProof(fromSize: number, toSize: number): Uint8Array[] {
    checkSize(toSize, this.size);
    if (!Number.isSafeInteger(fromSize) || fromSize < 0 || fromSize > toSize) {
      throw new AuditError('AUDIT_BAD_RANGE', `consistency proof needs 0 <= from <= to (from ${fromSize}, to ${toSize})`);
    }
    if (fromSize === 0 || fromSize === toSize) return [];
    // The biggest perfect subtree that ends at fromSize is node (level, index).
    const level = trailingZeros(fromSize);
    const index = Math.floor((fromSize - 1) / 2 ** level);
    const path = this.pathFrom(index, level, toSize);
    // When fromSize is a power of two that node IS the old root, which the verifier already has
    // (RFC 9162 §2.1.4.2 step 2 prepends first_hash itself), so it is left out.
    if (index === 0) return path;
    return [this.nodeAt(level, index, toSize).slice(), ...path];
  }

  /** Audit path of node (level, node) up to the root of the tree of `size` leaves, bottom-up. */
  private pathFrom(node: number, level: number, size: number): Uint8Array[] {
    const path: Uint8Array[] = [];
    let lastNode = Math.floor((size - 1) / 2 ** level);
    while (lastNode > 0) {
      if (node % 2 === 1) path.push(this.nodeAt(level, node - 1, size).slice());
      else if (node < lastNode) path.push(this.nodeAt(level, node + 1, size).slice());
      // else: node is the last one at this level with no right sibling; it is promoted unchanged.
      node = Math.floor(node / 2);
      lastNode = Math.floor(lastNode / 2);
      level++;
    }
    return path;
  }

  /** Hash of node (level, index) in the tree of `size` leaves. */
  private nodeAt(level: number, index: number, size: number): Uint8Array {
    const start = index * 2 ** level;
    const end = Math.min(start + 2 ** level, size);
    if (end - start === 2 ** level) return this.levels[level]!.at(index);
    return this.rangeHash(start, end);
  }

  /**
   * MTH(D[start:end]) for a range whose start is aligned to the largest power of two below its
   * length (true of every node range): split into perfect subtrees of decreasing size, then fold
   * from the right — exactly the RFC recursion "left = largest power of two k < n, right = rest".
   */
  private rangeHash(start: number, end: number): Uint8Array {
    const parts: Uint8Array[] = [];
    let at = start;
    while (at < end) {
      let level = Math.floor(Math.log2(end - at));
      while (2 ** level > end - at) level--; // guard against floating-point rounding
      while (at % 2 ** level !== 0) level--;
      parts.push(this.levels[level]!.at(at / 2 ** level));
      at += 2 ** level;
    }
    let acc = parts[parts.length - 1]!;
    for (let i = parts.length - 2; i >= 0; i--) acc = nodeHash(parts[i]!, acc);
    return acc;
  }
}

function trailingZeros(n: number): number {
  let count = 0;
  while (n % 2 === 0 && n > 0) {
    n /= 2;
    count++;
  }
  return count;
}

function checkSize(size: number, treeSize: number): void {
  if (!Number.isSafeInteger(size) || size < 0 || size > treeSize) {
    throw new AuditError('AUDIT_BAD_RANGE', `tree size ${size} outside 0..${treeSize}`);
  }
}

function checkIndex(index: number, size: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new AuditError('AUDIT_BAD_RANGE', `leaf index ${index} outside 0..${size - 1}`);
  }
}
