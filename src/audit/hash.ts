/**
 * RFC 9162 §2.1.1 hashing: SHA-256 with domain separation between leaves (0x00) and interior
 * nodes (0x01), so a leaf can never be passed off as a node (second-preimage resistance).
 */
import * as nodeCrypto from 'node:crypto';
import { createHash, timingSafeEqual } from 'node:crypto';

export const HASH_SIZE = 32;

/** MTH({}) = SHA-256() — the hash of the empty string (RFC 9162 §2.1.1). */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

/**
 * One-shot crypto.hash (Node >= 20.12) is about twice as fast as createHash for the small inputs
 * hashed here; older runtimes fall back to createHash. The digest is taken as a 'binary' (latin1)
 * string, one char per byte, and copied into place: in Node 20 that is several times cheaper than
 * asking for a Buffer (which costs a fresh external ArrayBuffer per digest).
 */
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'binary' | 'hex') => string }).hash;

function digestBinary(data: Uint8Array): string {
  return oneShot === undefined ? createHash('sha256').update(data).digest('binary') : oneShot('sha256', data, 'binary');
}

function digest(data: Uint8Array): Uint8Array {
  const out = Buffer.from(digestBinary(data), 'latin1');
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Writes SHA-256(data) into target[offset, offset + 32) without allocating a result. */
export function sha256Into(data: Uint8Array, target: Buffer, offset: number): void {
  target.write(digestBinary(data), offset, HASH_SIZE, 'latin1');
}

/** MTH({d(0)}) = SHA-256(0x00 || d(0)) (RFC 9162 §2.1.1). */
export function leafHash(leaf: Uint8Array): Uint8Array {
  // Pooled and overwritten in full (allocating a fresh Uint8Array costs more than the hash).
  const input = Buffer.allocUnsafe(leaf.length + 1);
  input[0] = 0x00; // the leaf prefix
  input.set(leaf, 1);
  return digest(input);
}

/**
 * The leaf hash, in lowercase hex, of `prefixed.subarray(1)` when `prefixed[0]` is already the 0x00
 * leaf prefix: for callers that build the leaf behind a zero byte (so it is not copied again to be
 * hashed) and need the hex anyway (the digest costs the same in hex; fromHex gives the bytes).
 */
export function leafHashHexOfPrefixed(prefixed: Uint8Array): string {
  if (prefixed[0] !== 0x00) throw new RangeError('leafHashHexOfPrefixed needs the 0x00 leaf prefix in front of the leaf');
  return oneShot === undefined ? createHash('sha256').update(prefixed).digest('hex') : oneShot('sha256', prefixed, 'hex');
}

/** Scratch for node hashing: 0x01 || left || right (hashing is synchronous, so reuse is safe). */
const nodeInput = new Uint8Array(1 + 2 * HASH_SIZE);
nodeInput[0] = 0x01;

/** SHA-256(0x01 || left || right) (RFC 9162 §2.1.1). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    return new Uint8Array(createHash('sha256').update(nodeInput.subarray(0, 1)).update(left).update(right).digest());
  }
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return digest(nodeInput);
}

/**
 * Writes SHA-256(0x01 || left || right) into target[targetOffset, +32), where left || right are the
 * 64 bytes at source[sourceOffset, +64) (two sibling hashes stored next to each other, as the tree
 * keeps them). Copies into the scratch with Buffer#copy: no view object per node.
 */
export function nodeHashInto(source: Buffer, sourceOffset: number, target: Buffer, targetOffset: number): void {
  if (sourceOffset < 0 || sourceOffset + 2 * HASH_SIZE > source.length) throw new RangeError(`a node's children are ${2 * HASH_SIZE} bytes inside the source`);
  source.copy(nodeInput, 1, sourceOffset, sourceOffset + 2 * HASH_SIZE);
  sha256Into(nodeInput, target, targetOffset);
}

/** Constant-time equality for hashes of equal length; false for different lengths. */
export function hashEquals(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Strict lowercase/uppercase hex of exactly `length` bytes, else undefined. */
export function fromHex(text: string, length = HASH_SIZE): Uint8Array | undefined {
  if (text.length !== length * 2) return undefined;
  // Buffer.from stops at the first pair that is not two hex digits, so only all-hex text of this
  // length yields `length` bytes (same answer as /^[0-9a-fA-F]*$/, without scanning twice).
  const bytes = Buffer.from(text, 'hex');
  if (bytes.length !== length) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Strict RFC 4648 §4 base64 (padding required, canonical), else undefined. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Only canonical base64 (standard alphabet, padding, zero padding bits) re-encodes to itself, so
  // one value has one spelling; that also refuses what Buffer.from skips or accepts leniently
  // (whitespace, stray characters, the base64url alphabet) — no separate alphabet scan needed.
  if (bytes.toString('base64') !== text) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
