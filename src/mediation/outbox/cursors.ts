/**
 * The outbox's cursors file (`cursors`, 88 octets): which records the MDF released (audited) and
 * the LEMF confirmed, the outbox id that salts every key, and a key check. Written crash-safely:
 * a temporary file, fsync, rename over `cursors`, fsync of the directory — a crash leaves either
 * the old or the new file whole. Layout (little-endian):
 *
 *    0  magic "WOXC"   4
 *    4  version u32 (1)
 *    8  outbox id      16  random, chosen when the outbox is created
 *   24  key check      16  HMAC-SHA256(key, "warranted outbox key check") — tells a wrong key from corruption
 *   40  confirmed      u64
 *   48  released       u64
 *   56  HMAC-SHA256 over octets 0..55, key HKDF(key, outbox id, "warranted-outbox-cursors")
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, fsync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { MediationRefusal } from '../errors.ts';
import { corrupt } from './errors.ts';

export const CURSORS_FILE = 'cursors';
const TMP_FILE = 'cursors.tmp';
const SIZE = 88;
const MAGIC = 0x4358_4f57; // "WOXC" read as u32 LE

export interface Cursors {
  outboxId: Buffer;
  confirmed: number;
  released: number;
}

const keyCheck = (key: Uint8Array): Buffer => createHmac('sha256', key).update('warranted outbox key check').digest().subarray(0, 16);
const macKey = (key: Uint8Array, outboxId: Uint8Array): Buffer => Buffer.from(hkdfSync('sha256', key, outboxId, 'warranted-outbox-cursors', 32));

export function newCursors(): Cursors {
  return { outboxId: randomBytes(16), confirmed: 0, released: 0 };
}

export function encodeCursors(c: Cursors, key: Uint8Array): Buffer {
  const b = Buffer.alloc(SIZE);
  b.writeUInt32LE(MAGIC, 0);
  b.writeUInt32LE(1, 4);
  c.outboxId.copy(b, 8);
  keyCheck(key).copy(b, 24);
  b.writeBigUInt64LE(BigInt(c.confirmed), 40);
  b.writeBigUInt64LE(BigInt(c.released), 48);
  createHmac('sha256', macKey(key, c.outboxId)).update(b.subarray(0, 56)).digest().copy(b, 56);
  return b;
}

/** Decodes and verifies a cursors file: MDF_STATE_CORRUPT when it is not whole and authentic, MDF_OUTBOX_WRONG_KEY when it was written under another key. */
export function decodeCursors(b: Buffer, key: Uint8Array, dir: string): Cursors {
  if (b.length !== SIZE || b.readUInt32LE(0) !== MAGIC || b.readUInt32LE(4) !== 1) throw corrupt(dir, `the cursors file is not an outbox cursors file of version 1 (${b.length} octets)`);
  if (!timingSafeEqual(b.subarray(24, 40), keyCheck(key))) throw new MediationRefusal('MDF_OUTBOX_WRONG_KEY', `outbox ${dir} was written under another key`);
  const outboxId = Buffer.from(b.subarray(8, 24));
  const mac = createHmac('sha256', macKey(key, outboxId)).update(b.subarray(0, 56)).digest();
  if (!timingSafeEqual(mac, b.subarray(56, 88))) throw corrupt(dir, 'the cursors file fails its HMAC');
  const confirmed = Number(b.readBigUInt64LE(40));
  const released = Number(b.readBigUInt64LE(48));
  if (!Number.isSafeInteger(confirmed) || !Number.isSafeInteger(released) || confirmed > released) throw corrupt(dir, 'the cursors file names impossible positions');
  return { outboxId, confirmed, released };
}

export function readCursors(dir: string, key: Uint8Array): Cursors {
  let b: Buffer;
  try {
    b = readFileSync(join(dir, CURSORS_FILE));
  } catch (cause) {
    throw corrupt(dir, 'the cursors file cannot be read', cause);
  }
  return decodeCursors(b, key, dir);
}

/** Synchronous crash-safe write (used once, when the outbox is created). */
export function writeCursorsSync(dir: string, c: Cursors, key: Uint8Array, dirFd: number): void {
  const tmp = join(dir, TMP_FILE);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, encodeCursors(c, key));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, CURSORS_FILE));
  fsyncSync(dirFd);
}

/** The same, off the main thread (fs promises): tmp, fsync, rename, fsync of the directory. */
export async function writeCursors(dir: string, c: Cursors, key: Uint8Array, dirFd: number): Promise<void> {
  const tmp = join(dir, TMP_FILE);
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.write(encodeCursors(c, key));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, join(dir, CURSORS_FILE));
  await fsyncFd(dirFd);
}

export function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    fsync(fd, (e) => (e ? reject(e) : resolve()));
  });
}
