/**
 * C2SP signed-note (c2sp.org/signed-note) with Ed25519 keys from node:crypto.
 *
 *   note      = body "\n" 1*signature-line
 *   body      = 1*(text-line "\n")                 (UTF-8, no other control characters)
 *   signature = "— " key-name " " base64(key-id[4] || signature-bytes) "\n"   (U+2014 em dash)
 *   key-id    = SHA-256(key-name || "\n" || alg-byte || raw-public-key)[:4]
 *
 * alg-byte 0x01 is a plain Ed25519 note signature over the body (used by the log for its
 * checkpoints); 0x04 is a tlog-cosignature/v1 timestamped witness cosignature (witness.ts).
 * Verifiers ignore signature lines whose name and key id are not theirs, as the spec requires.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { AuditError } from './errors.ts';
import { fromBase64, toBase64 } from './hash.ts';

export const ALG_ED25519 = 0x01;
export const ALG_COSIGNATURE_V1 = 0x04;
const SIG_PREFIX = '\u2014 ';
const MAX_NOTE_BYTES = 1 << 20;

export interface NoteVerifier {
  /** Key name as written on signature lines (for a log: its origin). */
  name: string;
  publicKey: KeyObject;
  /** 4-byte key id for `alg` (signed-note). */
  keyId: Uint8Array;
  alg: number;
}

export interface NoteSigner extends NoteVerifier {
  privateKey: KeyObject;
}

export interface NoteSignatureLine {
  name: string;
  keyId: Uint8Array;
  /** Bytes after the key id: the Ed25519 signature (or timestamp || signature for cosignatures). */
  signature: Uint8Array;
}

export function checkKeyName(name: string): void {
  if (name.length === 0 || /[\s+]/u.test(name) || /\p{Cc}/u.test(name)) {
    throw new AuditError('AUDIT_BAD_KEY', 'key name must be non-empty without spaces, "+" or control characters');
  }
}

/** The 32-byte raw Ed25519 public key (RFC 8032) of a KeyObject (public or private). */
export function ed25519RawPublicKey(key: KeyObject): Uint8Array {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new AuditError('AUDIT_BAD_KEY', 'not an Ed25519 key');
  const jwk = publicKey.export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'));
}

export function ed25519PublicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new AuditError('AUDIT_BAD_KEY', 'Ed25519 public key must be 32 bytes');
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
  } catch (cause) {
    throw new AuditError('AUDIT_BAD_KEY', 'invalid Ed25519 public key', { cause });
  }
}

export function noteKeyId(name: string, alg: number, rawPublicKey: Uint8Array): Uint8Array {
  const digest = createHash('sha256').update(name, 'utf8').update('\n').update(new Uint8Array([alg])).update(rawPublicKey).digest();
  return new Uint8Array(digest.subarray(0, 4));
}

export function createNoteVerifier(name: string, publicKey: KeyObject, alg: number = ALG_ED25519): NoteVerifier {
  checkKeyName(name);
  const raw = ed25519RawPublicKey(publicKey);
  return { name, publicKey: ed25519PublicKeyFromRaw(raw), keyId: noteKeyId(name, alg, raw), alg };
}

export function createNoteSigner(name: string, privateKey: KeyObject, alg: number = ALG_ED25519): NoteSigner {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new AuditError('AUDIT_BAD_KEY', 'signer needs an Ed25519 private key');
  }
  return { ...createNoteVerifier(name, privateKey, alg), privateKey };
}

/** signed-note verifier key text: `<name>+<hex key id>+<base64(alg || raw public key)>`. */
export function encodeVerifierKey(verifier: NoteVerifier): string {
  const material = new Uint8Array([verifier.alg, ...ed25519RawPublicKey(verifier.publicKey)]);
  return `${verifier.name}+${Buffer.from(verifier.keyId).toString('hex')}+${toBase64(material)}`;
}

export function parseVerifierKey(text: string): NoteVerifier {
  // The name has no '+', the key id is hex; the base64 key material may itself contain '+'.
  const match = /^([^+\s]+)\+([0-9a-fA-F]{8})\+([A-Za-z0-9+/=]+)$/.exec(text.trim());
  if (match === null) throw new AuditError('AUDIT_BAD_KEY', 'verifier key must be name+keyid+key');
  const [, name, idHex, keyB64] = match as unknown as [string, string, string, string];
  const material = fromBase64(keyB64);
  if (material?.length !== 33 || (material[0] !== ALG_ED25519 && material[0] !== ALG_COSIGNATURE_V1)) {
    throw new AuditError('AUDIT_BAD_KEY', 'verifier key material must be an Ed25519 (0x01) or cosignature/v1 (0x04) key');
  }
  const verifier = createNoteVerifier(name, ed25519PublicKeyFromRaw(material.subarray(1)), material[0]);
  if (Buffer.from(verifier.keyId).toString('hex') !== idHex.toLowerCase()) {
    throw new AuditError('AUDIT_BAD_KEY', 'verifier key id does not match its name and key');
  }
  return verifier;
}

function malformed(message: string): never {
  throw new AuditError('AUDIT_CHECKPOINT_MALFORMED', message);
}

/** Checks the body is note text: non-empty lines-ending-in-newline, no control characters. */
export function checkNoteBody(body: string): void {
  if (body.length === 0 || !body.endsWith('\n')) malformed('note body must end with a newline');
  if (/[\p{Cc}\p{Cs}]/u.test(body.replaceAll('\n', ''))) malformed('note body has control characters');
}

export function formatSignatureLine(name: string, keyId: Uint8Array, signature: Uint8Array): string {
  return `${SIG_PREFIX}${name} ${toBase64(new Uint8Array([...keyId, ...signature]))}\n`;
}

/** Sign a note body with a plain Ed25519 note signature; returns the whole note. */
export function signNote(body: string, signer: NoteSigner): string {
  checkNoteBody(body);
  const signature = new Uint8Array(sign(null, Buffer.from(body, 'utf8'), signer.privateKey));
  return `${body}\n${formatSignatureLine(signer.name, signer.keyId, signature)}`;
}

export function parseNote(text: string): { body: string; signatures: NoteSignatureLine[] } {
  if (Buffer.byteLength(text, 'utf8') > MAX_NOTE_BYTES) malformed('note too large');
  const split = text.indexOf('\n\n');
  if (split < 0) malformed('note has no blank line before its signatures');
  const body = text.slice(0, split + 1);
  checkNoteBody(body);
  const rest = text.slice(split + 2);
  if (!rest.endsWith('\n')) malformed('signature block must end with a newline');
  const signatures: NoteSignatureLine[] = [];
  for (const line of rest.slice(0, -1).split('\n')) {
    if (!line.startsWith(SIG_PREFIX)) malformed('signature line must start with an em dash and a space');
    const fields = line.slice(SIG_PREFIX.length).split(' ');
    if (fields.length !== 2) malformed('signature line must be "— name base64"');
    const [name, b64] = fields as [string, string];
    const bytes = fromBase64(b64);
    if (name.length === 0 || bytes === undefined || bytes.length < 5) malformed('bad signature line');
    signatures.push({ name, keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) });
  }
  if (signatures.length === 0) malformed('note has no signature');
  return { body, signatures };
}

/** Signature lines that claim to be from `verifier` (name and key id match). */
export function signaturesFor(signatures: readonly NoteSignatureLine[], verifier: NoteVerifier): NoteSignatureLine[] {
  return signatures.filter((s) => s.name === verifier.name && Buffer.from(s.keyId).equals(verifier.keyId));
}

/** Verifies the note's Ed25519 signature by `verifier`; returns the body or throws AUDIT_SIGNATURE_INVALID. */
export function verifyNote(text: string, verifier: NoteVerifier): string {
  const { body, signatures } = parseNote(text);
  const data = Buffer.from(body, 'utf8');
  for (const line of signaturesFor(signatures, verifier)) {
    if (line.signature.length === 64 && verify(null, data, verifier.publicKey, line.signature)) return body;
  }
  throw new AuditError('AUDIT_SIGNATURE_INVALID', `no valid signature by ${verifier.name} on the note`);
}
