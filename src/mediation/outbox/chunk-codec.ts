/**
 * One chunk of an outbox segment: everything one group commit appended, encrypted as one
 * AES-256-GCM message (one cipher per commit, not per record). Layout (docs/mediation.md "Outbox"):
 *
 *   header (48 octets, little-endian, authenticated as AAD, not encrypted)
 *     0  magic "WOC1"            4
 *     4  record count            u32
 *     8  plaintext length        u32
 *    12  first position          u64   position of the chunk's first record
 *    20  released cursor         u64   as of this commit (recovery takes the larger of this and the cursors file)
 *    28  confirmed cursor        u64
 *    36  nonce                   12    random per chunk
 *   ciphertext (plaintext length octets) — records, each: u32 length, f64 `at` (ms), the octets
 *   tag (16 octets)
 *
 * AAD = header ‖ segment's first position (u64) ‖ chunk's offset in the segment file (u64): a chunk
 * moved to another offset or segment, or replayed from an older file, fails authentication. The
 * key is derived per outbox and segment (HKDF-SHA256 from the deployment's key, salt = the outbox
 * id), so random 96-bit nonces stay far from the birthday bound within one key.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomFillSync } from 'node:crypto';

export const HEADER_BYTES = 48;
export const TAG_BYTES = 16;
/** Per record inside the plaintext: u32 length + f64 at. */
export const RECORD_OVERHEAD = 12;
export const CHUNK_OVERHEAD = HEADER_BYTES + TAG_BYTES;
/** A chunk larger than this is not one we wrote (guards the recovery scan against a wild length). */
export const MAX_CHUNK_PLAIN = 0x7fff_0000;
const MAGIC = 0x3143_4f57; // "WOC1" read as u32 LE

export interface ChunkHeader {
  count: number;
  plainBytes: number;
  first: number;
  released: number;
  confirmed: number;
}

/** The chunk's size on disk. */
export const chunkBytes = (h: ChunkHeader): number => HEADER_BYTES + h.plainBytes + TAG_BYTES;

/** The AES-256-GCM key of one segment: HKDF-SHA256(master, salt = outbox id, info = "warranted-outbox" ‖ segment's first position). */
export function segmentKey(master: Uint8Array, outboxId: Uint8Array, segmentFirst: number): Buffer {
  const info = Buffer.alloc(24);
  info.write('warranted-outbox', 0, 'latin1');
  info.writeBigUInt64LE(BigInt(segmentFirst), 16);
  return Buffer.from(hkdfSync('sha256', master, outboxId, info, 32));
}

function readU64(b: Buffer, at: number): number | undefined {
  const v = b.readBigUInt64LE(at);
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined;
}

/** The header at `at` of `b`, or undefined when these octets are not a plausible chunk header. */
export function decodeHeader(b: Buffer, at = 0): ChunkHeader | undefined {
  if (b.length - at < HEADER_BYTES || b.readUInt32LE(at) !== MAGIC) return undefined;
  const count = b.readUInt32LE(at + 4);
  const plainBytes = b.readUInt32LE(at + 8);
  const first = readU64(b, at + 12);
  const released = readU64(b, at + 20);
  const confirmed = readU64(b, at + 28);
  if (first === undefined || released === undefined || confirmed === undefined) return undefined;
  if (count === 0 || plainBytes < count * RECORD_OVERHEAD || plainBytes > MAX_CHUNK_PLAIN || released > first || confirmed > released) return undefined;
  return { count, plainBytes, first, released, confirmed };
}

function aad(header: Buffer, segmentFirst: number, offset: number): Buffer {
  const a = Buffer.allocUnsafe(HEADER_BYTES + 16);
  header.copy(a, 0, 0, HEADER_BYTES);
  a.writeBigUInt64LE(BigInt(segmentFirst), HEADER_BYTES);
  a.writeBigUInt64LE(BigInt(offset), HEADER_BYTES + 8);
  return a;
}

/**
 * Writes records [from, to) of `records`/`ats` into `into` (u32 length, f64 at, octets each) and
 * returns the number of octets used; `into` must hold sum(length + RECORD_OVERHEAD).
 */
export function encodeRecords(into: Buffer, records: readonly Uint8Array[], ats: readonly number[], from: number, to: number): number {
  // A DataView's setters are compiler intrinsics; Buffer's writeUInt32LE/writeDoubleLE are library
  // code with their own checks (the same octets: little-endian u32 and IEEE 754 f64).
  const view = new DataView(into.buffer, into.byteOffset, into.length);
  let p = 0;
  for (let i = from; i < to; i++) {
    const r = records[i]!;
    view.setUint32(p, r.length, true);
    view.setFloat64(p + 4, ats[i]!, true);
    into.set(r, p + RECORD_OVERHEAD);
    p += RECORD_OVERHEAD + r.length;
  }
  return p;
}

/** Encrypts one chunk; returns its parts for one vectored write (header, ciphertext, tag). */
export function sealChunk(key: Buffer, segmentFirst: number, offset: number, h: Omit<ChunkHeader, 'plainBytes'>, plain: Buffer): Buffer[] {
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(h.count, 4);
  header.writeUInt32LE(plain.length, 8);
  header.writeBigUInt64LE(BigInt(h.first), 12);
  header.writeBigUInt64LE(BigInt(h.released), 20);
  header.writeBigUInt64LE(BigInt(h.confirmed), 28);
  randomFillSync(header, 36, 12);
  const cipher = createCipheriv('aes-256-gcm', key, header.subarray(36, 48));
  cipher.setAAD(aad(header, segmentFirst, offset));
  const parts = [header, ...sliced(plain, (b) => cipher.update(b))];
  const tail = cipher.final();
  if (tail.length) parts.push(tail);
  parts.push(cipher.getAuthTag());
  return parts;
}

/**
 * AES-GCM through node:crypto runs several times faster fed in cache-sized slices than in one call
 * over megabytes (measured here: ~2.4 GB/s in 16 KiB slices, ~0.33 GB/s in one 4 MiB update;
 * 64 KiB slices ~2.85 GB/s of CPU against ~2.5 for 16 KiB, for 300 KiB and 4 MiB chunks alike).
 */
const SLICE = 64 * 1024;
function sliced(data: Buffer, update: (b: Buffer) => Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < data.length; at += SLICE) out.push(update(data.subarray(at, at + SLICE)));
  return out;
}

/**
 * Authenticates and decrypts one chunk (`chunk` = header ‖ ciphertext ‖ tag as read from disk);
 * throws when it fails authentication (wrong key, altered, moved or replayed).
 */
export function openChunk(key: Buffer, segmentFirst: number, offset: number, chunk: Buffer, h: ChunkHeader): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, chunk.subarray(36, 48), { authTagLength: TAG_BYTES });
  decipher.setAAD(aad(chunk, segmentFirst, offset));
  decipher.setAuthTag(chunk.subarray(HEADER_BYTES + h.plainBytes, HEADER_BYTES + h.plainBytes + TAG_BYTES));
  const parts = sliced(chunk.subarray(HEADER_BYTES, HEADER_BYTES + h.plainBytes), (b) => decipher.update(b));
  const rest = decipher.final();
  if (rest.length) parts.push(rest);
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

export interface DecodedChunk {
  first: number;
  /** Views into the chunk's plaintext (no copy). */
  records: Buffer[];
  ats: number[];
}

/** Splits an authenticated plaintext into its records; throws when its structure does not match the header. */
export function decodeRecords(plain: Buffer, h: ChunkHeader): DecodedChunk {
  const records: Buffer[] = new Array<Buffer>(h.count);
  const ats: number[] = new Array<number>(h.count);
  let p = 0;
  for (let i = 0; i < h.count; i++) {
    if (p + RECORD_OVERHEAD > plain.length) throw new Error(`record ${i} of ${h.count} runs past the chunk`);
    const len = plain.readUInt32LE(p);
    ats[i] = plain.readDoubleLE(p + 4);
    const start = p + RECORD_OVERHEAD;
    if (start + len > plain.length) throw new Error(`record ${i} of ${h.count} runs past the chunk`);
    records[i] = plain.subarray(start, start + len);
    p = start + len;
  }
  if (p !== plain.length) throw new Error(`${plain.length - p} octets after the last record`);
  return { first: h.first, records, ats };
}
