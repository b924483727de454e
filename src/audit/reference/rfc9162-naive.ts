/**
 * TEST-ONLY reference: RFC 9162 §2.1 transcribed literally — recursive MTH, PATH and
 * SUBPROOF over the leaf list, O(n) per call, no caching, no cleverness. The efficient tree in
 * ../tree.ts is cross-checked against this for every small size. Do not import from src code.
 */
import { createHash } from 'node:crypto';

function hash(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** "k be the largest power of two smaller than n (i.e., k < n <= 2k)" — RFC 9162 §2.1.1. */
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** RFC 9162 §2.1.1 MTH(D[n]). */
export function naiveMTH(leaves: readonly Uint8Array[]): Uint8Array {
  const n = leaves.length;
  if (n === 0) return hash();
  if (n === 1) return hash(new Uint8Array([0x00]), leaves[0]!);
  const k = largestPowerOfTwoBelow(n);
  return hash(new Uint8Array([0x01]), naiveMTH(leaves.slice(0, k)), naiveMTH(leaves.slice(k)));
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]). */
export function naivePATH(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  const n = leaves.length;
  if (n === 1) return [];
  const k = largestPowerOfTwoBelow(n);
  if (m < k) return [...naivePATH(m, leaves.slice(0, k)), naiveMTH(leaves.slice(k))];
  return [...naivePATH(m - k, leaves.slice(k)), naiveMTH(leaves.slice(0, k))];
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
export function naivePROOF(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  return naiveSUBPROOF(m, leaves, true);
}

function naiveSUBPROOF(m: number, leaves: readonly Uint8Array[], b: boolean): Uint8Array[] {
  const n = leaves.length;
  if (m === n) return b ? [] : [naiveMTH(leaves)];
  const k = largestPowerOfTwoBelow(n);
  if (m <= k) return [...naiveSUBPROOF(m, leaves.slice(0, k), b), naiveMTH(leaves.slice(k))];
  return [...naiveSUBPROOF(m - k, leaves.slice(k), false), naiveMTH(leaves.slice(0, k))];
}
