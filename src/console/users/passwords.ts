/**
 * Console passwords: scrypt (RFC 7914) with a random 16-octet salt per user and N = 2^15, r = 8,
 * p = 1 (the OWASP minimum for scrypt), stored as `scrypt$N$r$p$salt$hash` (base64). Checking an
 * unknown user's password runs the same scrypt against a dummy hash, so the time a login takes does
 * not tell whether the name exists.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 1 << 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
/** 128 · N · r octets are needed; leave headroom over Node's 32 MiB default. */
const MAX_MEM = 64 * 1024 * 1024;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

function derive(password: string, salt: Buffer, o: ScryptOptions & { N: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...o, maxmem: MAX_MEM }, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** A hash of a random password, for unknown users: same cost, never matches. */
const DUMMY = hashPassword(randomBytes(24).toString('base64'));

/** Constant-time check of `password` against `stored` (or against the dummy when the user is unknown). */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const known = stored !== undefined;
  const parts = (stored ?? (await DUMMY)).split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  // Only the parameters this module writes (a stored hash cannot ask for a weaker or huge scrypt).
  if (n !== N || r !== R || p !== P) return false;
  const expected = Buffer.from(parts[5]!, 'base64');
  const key = await derive(password, Buffer.from(parts[4]!, 'base64'), { N: n, r, p });
  return key.length === expected.length && timingSafeEqual(key, expected) && known;
}
