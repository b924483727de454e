/**
 * Small sealed values at rest (AES-256-GCM, random 96-bit nonce): key files, retention tables, one
 * journal line at a time. Files that are appended at line rate use their own chunk formats
 * (src/mediation/outbox/chunk-codec.ts, src/monitoring/at-rest/chunk.ts); this is for the rest.
 *
 *   sealed value = nonce (12) ‖ ciphertext ‖ tag (16), the AAD given by the caller (what the value
 *   is and where it belongs), so a value moved to another file or purpose fails authentication.
 *
 * Keys come from the deployment's secrets: 32-byte files created 0600 by `warranted init`. A purpose
 * gets its own key derived with HKDF-SHA256 and a distinct label, never the secret itself.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

const NONCE = 12;
const TAG = 16;

/** HKDF-SHA256(secret, no salt, info = label): one key per purpose from one deployment secret. */
export function deriveKey(secret: Uint8Array, label: string): Buffer {
  if (secret.length !== 32) throw new TypeError('a deployment secret must be 32 octets');
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), Buffer.from(label, 'utf8'), 32));
}

/** A 32-octet key file as `init` writes it; throws when missing or of another size. */
export function readSecretKeyFile(file: string, what: string): Uint8Array {
  const key = new Uint8Array(readFileSync(file));
  if (key.length !== 32) throw new Error(`${what} ${file}: expected 32 octets (an AES-256 key), got ${key.length}`);
  return key;
}

export function sealValue(key: Uint8Array, aad: Uint8Array, plain: Uint8Array): Buffer {
  const iv = randomBytes(NONCE);
  const c = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, ct, c.getAuthTag()]);
}

/** The plaintext, or undefined when `sealed` does not authenticate under `key` and `aad`. */
export function openValue(key: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Buffer | undefined {
  if (sealed.length < NONCE + TAG) return undefined;
  const b = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
  try {
    const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, NONCE), { authTagLength: TAG }).setAAD(aad);
    d.setAuthTag(b.subarray(b.length - TAG));
    return Buffer.concat([d.update(b.subarray(NONCE, b.length - TAG)), d.final()]);
  } catch {
    return undefined;
  }
}

/** Prefix of a sealed text line: `sealed:v1:` then base64 (nonce ‖ ciphertext ‖ tag). */
export const SEALED_LINE = 'sealed:v1:';

export function sealLine(key: Uint8Array, aad: string, text: string): string {
  return SEALED_LINE + sealValue(key, Buffer.from(aad, 'utf8'), Buffer.from(text, 'utf8')).toString('base64');
}

/** The text of a sealed line, or undefined when it is not one or does not authenticate. */
export function unsealLine(key: Uint8Array, aad: string, line: string): string | undefined {
  if (!line.startsWith(SEALED_LINE)) return undefined;
  return openValue(key, Buffer.from(aad, 'utf8'), Buffer.from(line.slice(SEALED_LINE.length), 'base64'))?.toString('utf8');
}
