/**
 * One sealed chunk of a LEMF evidence file: the bytes one write batch appended, encrypted as one
 * AES-256-GCM message (one cipher per batch, never one per PDU). Layout (docs/monitoring.md "At rest"):
 *
 *   header (28 octets, little-endian, authenticated as AAD, not encrypted)
 *     0  magic "WEV1"          4
 *     4  plaintext length      u32
 *     8  plaintext offset      u64   where the chunk's first octet sits in the file's plaintext
 *    16  nonce                 12    random per chunk
 *   ciphertext (plaintext length octets)
 *   tag (16 octets)
 *
 * Records keep plaintext offsets (EvidenceRef), so a PDU is found by binary search over the chunks'
 * plaintext offsets and only its chunk is decrypted. The offset in the authenticated header must
 * continue the previous chunk's: a chunk dropped from, moved within or replayed into the middle of a
 * file is detected. Each file has its own key (fileKey: HKDF from the LIID's data key and the file's
 * name), so a chunk moved to another file or LIID fails authentication.
 */
import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, randomFillSync, type KeyObject } from 'node:crypto';

export const HEADER_BYTES = 28;
export const TAG_BYTES = 16;
export const CHUNK_OVERHEAD = HEADER_BYTES + TAG_BYTES;
/** Plaintext per chunk at most, unless one append alone is larger (appends are never split). */
export const CHUNK_TARGET = 64 * 1024;
/** A header announcing more than this is not one we wrote (guards the scan against a wild length). */
export const MAX_CHUNK_PLAIN = 0x7fff_0000;
const MAGIC = 0x3156_4557; // "WEV1" read as u32 LE

export interface ChunkHeader {
  plainBytes: number;
  plainOffset: number;
}

/** The AES-256-GCM key of one evidence file: HKDF-SHA256(data key, info = label ‖ file name). */
export function fileKey(dataKey: Uint8Array, file: string): KeyObject {
  return createSecretKey(Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), Buffer.from(`warranted/lemf/evidence-file/v1\u0000${file}`, 'utf8'), 32)));
}

/** The header at `at` of `b`, or undefined when these octets are not a plausible chunk header. */
export function decodeHeader(b: Buffer, at = 0): ChunkHeader | undefined {
  if (b.length - at < HEADER_BYTES || b.readUInt32LE(at) !== MAGIC) return undefined;
  const plainBytes = b.readUInt32LE(at + 4);
  const off = b.readBigUInt64LE(at + 8);
  if (plainBytes === 0 || plainBytes > MAX_CHUNK_PLAIN || off > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return { plainBytes, plainOffset: Number(off) };
}

/** Encrypts one chunk; returns its parts for a vectored write (header, ciphertext slices, tag). */
export function sealChunk(key: KeyObject, plainOffset: number, plain: Buffer): Buffer[] {
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(plain.length, 4);
  header.writeBigUInt64LE(BigInt(plainOffset), 8);
  randomFillSync(header, 16, 12);
  const cipher = createCipheriv('aes-256-gcm', key, header.subarray(16, 28));
  cipher.setAAD(header);
  const parts = [header, ...sliced(plain, (b) => cipher.update(b))];
  const tail = cipher.final();
  if (tail.length) parts.push(tail);
  parts.push(cipher.getAuthTag());
  return parts;
}

/** Same reason as the MDF outbox's chunks: node:crypto's GCM runs faster over cache-sized slices. */
const SLICE = 16 * 1024;
function sliced(data: Buffer, update: (b: Buffer) => Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < data.length; at += SLICE) out.push(update(data.subarray(at, at + SLICE)));
  return out;
}

/**
 * Authenticates and decrypts one chunk (`chunk` = header ‖ ciphertext ‖ tag as read from disk);
 * throws when it does not authenticate (wrong key, altered, moved).
 */
export function openChunk(key: KeyObject, chunk: Buffer, h: ChunkHeader): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, chunk.subarray(16, 28), { authTagLength: TAG_BYTES });
  decipher.setAAD(chunk.subarray(0, HEADER_BYTES));
  decipher.setAuthTag(chunk.subarray(HEADER_BYTES + h.plainBytes, HEADER_BYTES + h.plainBytes + TAG_BYTES));
  const parts = sliced(chunk.subarray(HEADER_BYTES, HEADER_BYTES + h.plainBytes), (b) => decipher.update(b));
  const rest = decipher.final();
  if (rest.length) parts.push(rest);
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}
