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
 * One-shot crypto.hash (Node >= 20.12) is about twice as fast as createHash for the small
 * inputs hashed here; older runtimes fall back to createHash.
 */
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer }).hash;

function digest(data: Uint8Array): Uint8Array {
  const out = oneShot === undefined ? createHash('sha256').update(data).digest() : oneShot('sha256', data, 'buffer');
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** MTH({d(0)}) = SHA-256(0x00 || d(0)) (RFC 9162 §2.1.1). */
export function leafHash(leaf: Uint8Array): Uint8Array {
  const input = new Uint8Array(leaf.length + 1); // input[0] = 0x00, the leaf prefix
  input.set(leaf, 1);
  return digest(input);
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
  if (text.length !== length * 2 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  return new Uint8Array(Buffer.from(text, 'hex'));
}

/** Strict RFC 4648 §4 base64 (padding required, canonical), else undefined. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Reject non-canonical encodings (non-zero padding bits) so one value has one spelling.
  if (bytes.toString('base64') !== text) return undefined;
  return new Uint8Array(bytes);
}
