/**
 * Proof verification, written step by step from RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2
 * (consistency). Pure functions over hashes: an overseer can run them with nothing but a
 * checkpoint and the proof. Sizes are JS safe integers; "right shift" is floor division by 2.
 */
import { hashEquals, HASH_SIZE, nodeHash } from './hash.ts';

const lsb = (n: number): boolean => n % 2 === 1;
const shr = (n: number): number => Math.floor(n / 2);

function validHashes(path: readonly Uint8Array[]): boolean {
  return path.every((p) => p.length === HASH_SIZE);
}

/**
 * The root implied by an inclusion path, or undefined where the path cannot be valid for
 * (leafIndex, treeSize) (RFC 9162 §2.1.3.2 steps 1–4, and the "sn = 0" check of step 5).
 */
export function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  path: readonly Uint8Array[],
): Uint8Array | undefined {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0) return undefined;
  // Step 1: leaf_index >= tree_size fails.
  if (leafIndex >= treeSize || leafHash.length !== HASH_SIZE || !validHashes(path)) return undefined;
  // Step 2.
  let fn = leafIndex;
  let sn = treeSize - 1;
  // Step 3.
  let r = leafHash;
  // Step 4.
  for (const p of path) {
    if (sn === 0) return undefined; // 4a
    if (lsb(fn) || fn === sn) {
      r = nodeHash(p, r); // 4b.i
      if (!lsb(fn)) {
        // 4b.ii
        while (!lsb(fn) && fn !== 0) {
          fn = shr(fn);
          sn = shr(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = shr(fn); // 4c
    sn = shr(sn);
  }
  // Step 5: sn must be 0.
  return sn === 0 ? r : undefined;
}

/** RFC 9162 §2.1.3.2: does `path` prove `leafHash` at `leafIndex` in the tree with `rootHash`? */
export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  path: readonly Uint8Array[],
  rootHash: Uint8Array,
): boolean {
  const computed = rootFromInclusionProof(leafIndex, treeSize, leafHash, path);
  return computed !== undefined && hashEquals(computed, rootHash);
}

/**
 * RFC 9162 §2.1.4.2: does `path` prove the tree (firstSize, firstHash) is a prefix of
 * (secondSize, secondHash)? The RFC algorithm covers 0 < first < second; as in RFC 9162 §2.1.4.1
 * ("PROOF(m, D[m]) is empty") we also accept first = second with an empty path and equal roots,
 * and first = 0 with an empty path (the empty tree is a prefix of every tree).
 */
export function verifyConsistency(
  firstSize: number,
  secondSize: number,
  firstHash: Uint8Array,
  secondHash: Uint8Array,
  path: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(firstSize) || !Number.isSafeInteger(secondSize)) return false;
  if (firstSize < 0 || firstSize > secondSize || !validHashes(path)) return false;
  if (firstHash.length !== HASH_SIZE || secondHash.length !== HASH_SIZE) return false;
  if (firstSize === secondSize) return path.length === 0 && hashEquals(firstHash, secondHash);
  if (firstSize === 0) return path.length === 0;
  // Step 1: an empty path cannot prove 0 < first < second.
  if (path.length === 0) return false;
  // Step 2: if first is an exact power of 2, prepend first_hash.
  const nodes = isPowerOfTwo(firstSize) ? [firstHash, ...path] : [...path];
  // Step 3.
  let fn = firstSize - 1;
  let sn = secondSize - 1;
  // Step 4.
  while (lsb(fn)) {
    fn = shr(fn);
    sn = shr(sn);
  }
  // Step 5.
  let fr = nodes[0]!;
  let sr = nodes[0]!;
  // Step 6.
  for (const c of nodes.slice(1)) {
    if (sn === 0) return false; // 6a
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(c, fr); // 6b.i
      sr = nodeHash(c, sr);
      if (!lsb(fn)) {
        // 6b.ii
        while (!lsb(fn) && fn !== 0) {
          fn = shr(fn);
          sn = shr(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = shr(fn); // 6c
    sn = shr(sn);
  }
  // Step 7.
  return hashEquals(fr, firstHash) && hashEquals(sr, secondHash) && sn === 0;
}

function isPowerOfTwo(n: number): boolean {
  while (n > 1 && n % 2 === 0) n /= 2;
  return n === 1;
}
