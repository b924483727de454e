/**
 * Ed25519 signatures (RFC 8032, node:crypto) over domain-separated messages:
 * - approval:  "warranted-warrant-approval-v1\n" + canonical bytes of the warrant
 * - statement: "warranted-warrant-<purpose>-v1\n" + warrantHash + "\n" + signedAt + "\n" + subject
 *   (purpose = revocation | rejection | suspension | resumption | operator-confirmation; subject is
 *   the reason, or the operator id for an operator confirmation).
 * The domain prefix keeps a signature made for one purpose from being replayed for another.
 */
import { generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { WarrantError } from './errors.ts';
import type { KeyRegistry, Authority } from './keys.ts';
import type { AuthorityRole, Signature, SignedStatement, StatementPurpose } from './model.ts';

export const APPROVAL_DOMAIN = 'warranted-warrant-approval-v1\n';

export function statementDomain(purpose: StatementPurpose): string {
  return `warranted-warrant-${purpose}-v1\n`;
}

const enc = new TextEncoder();

/** The exact bytes an approving authority signs. */
export function approvalMessage(canonical: Uint8Array | string): Uint8Array {
  const body = typeof canonical === 'string' ? enc.encode(canonical) : canonical;
  const prefix = enc.encode(APPROVAL_DOMAIN);
  const out = new Uint8Array(prefix.length + body.length);
  out.set(prefix, 0);
  out.set(body, prefix.length);
  return out;
}

/** The exact bytes of a signed statement about a warrant. */
export function statementMessage(purpose: StatementPurpose, warrantHash: string, signedAt: string, subject: string): Uint8Array {
  return enc.encode(`${statementDomain(purpose)}${warrantHash}\n${signedAt}\n${subject.normalize('NFC')}`);
}

export interface SigningKey {
  privateKey: KeyObject;
  /** Base64 raw 32-byte public key, as the registry wants it. */
  publicKey: string;
}

export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { privateKey, publicKey: Buffer.from(jwk.x ?? '', 'base64url').toString('base64') };
}

export interface Signer {
  authorityId: string;
  keyId: string;
  role: AuthorityRole;
  privateKey: KeyObject;
}

function isoNow(at: Date | string): string {
  return new Date(at).toISOString();
}

export function signApproval(canonical: Uint8Array | string, signer: Signer, signedAt: Date | string): Signature {
  const at = isoNow(signedAt);
  const sig = sign(null, approvalMessage(canonical), signer.privateKey);
  return { authorityId: signer.authorityId, keyId: signer.keyId, role: signer.role, signedAt: at, signature: sig.toString('base64') };
}

export function signStatement(
  purpose: StatementPurpose,
  warrantHash: string,
  subject: string,
  signer: Signer,
  signedAt: Date | string,
): SignedStatement {
  const at = isoNow(signedAt);
  const sig = sign(null, statementMessage(purpose, warrantHash, at, subject), signer.privateKey);
  return {
    purpose,
    subject: subject.normalize('NFC'),
    authorityId: signer.authorityId,
    keyId: signer.keyId,
    role: signer.role,
    signedAt: at,
    signature: sig.toString('base64'),
  };
}

function refuse(code: 'WARRANT_SIGNATURE_INVALID' | 'WARRANT_SIGNATURE_UNKNOWN_KEY' | 'WARRANT_SIGNATURE_KEY_REVOKED' | 'WARRANT_SIGNATURE_KEY_NOT_VALID' | 'WARRANT_SIGNATURE_WRONG_ROLE', s: Signature, why: string): WarrantError {
  return new WarrantError(code, `signature by ${s.authorityId} (key ${s.keyId}): ${why}`, {
    details: { authorityId: s.authorityId, keyId: s.keyId, role: s.role },
  });
}

/**
 * Checks a signature over `message` against the registry at verification time `now`:
 * unknown authority/key, key of another authority, key revoked at or before `now`, claimed role
 * different from the registered one, signing time outside the key's validity or in the future,
 * and finally the Ed25519 check itself. Returns the authority on success.
 */
export function verifySignedMessage(s: Signature, message: Uint8Array, registry: KeyRegistry, now: Date): Authority {
  if (typeof s !== 'object' || typeof s.authorityId !== 'string' || typeof s.keyId !== 'string' || typeof s.signature !== 'string') {
    throw new WarrantError('WARRANT_SIGNATURE_INVALID', 'malformed signature object');
  }
  const authority = registry.authority(s.authorityId);
  const key = registry.key(s.keyId);
  const keyObject = registry.publicKeyObject(s.keyId);
  if (!authority) throw refuse('WARRANT_SIGNATURE_UNKNOWN_KEY', s, 'authority not registered');
  if (!key || !keyObject) throw refuse('WARRANT_SIGNATURE_UNKNOWN_KEY', s, 'key not registered');
  if (key.authorityId !== authority.id) throw refuse('WARRANT_SIGNATURE_UNKNOWN_KEY', s, 'key belongs to another authority');
  if (key.revokedAt !== undefined && now.getTime() >= Date.parse(key.revokedAt)) {
    throw refuse('WARRANT_SIGNATURE_KEY_REVOKED', s, `key revoked from ${key.revokedAt}: ${key.revocationReason ?? ''}`);
  }
  if (s.role !== authority.role) throw refuse('WARRANT_SIGNATURE_WRONG_ROLE', s, `claims role ${s.role}, registered as ${authority.role}`);
  const signedAt = Date.parse(s.signedAt);
  if (Number.isNaN(signedAt)) throw refuse('WARRANT_SIGNATURE_KEY_NOT_VALID', s, 'signedAt is not a time');
  if (signedAt > now.getTime()) throw refuse('WARRANT_SIGNATURE_KEY_NOT_VALID', s, 'signed in the future');
  if (signedAt < Date.parse(key.validFrom)) throw refuse('WARRANT_SIGNATURE_KEY_NOT_VALID', s, 'signed before the key was valid');
  if (key.retiredAt !== undefined && signedAt >= Date.parse(key.retiredAt)) {
    throw refuse('WARRANT_SIGNATURE_KEY_NOT_VALID', s, `signed after the key was retired (${key.retiredAt})`);
  }
  if (key.validUntil !== undefined && signedAt >= Date.parse(key.validUntil)) {
    throw refuse('WARRANT_SIGNATURE_KEY_NOT_VALID', s, 'signed after the key expired');
  }
  const raw = Buffer.from(s.signature, 'base64');
  let ok: boolean;
  try {
    ok = raw.length === 64 && verify(null, message, keyObject, raw);
  } catch {
    ok = false;
  }
  if (!ok) throw refuse('WARRANT_SIGNATURE_INVALID', s, 'does not verify over the canonical bytes');
  return authority;
}

export function verifyApproval(canonical: Uint8Array | string, s: Signature, registry: KeyRegistry, now: Date): Authority {
  return verifySignedMessage(s, approvalMessage(canonical), registry, now);
}

export function verifyStatement(st: SignedStatement, expectedPurpose: StatementPurpose, warrantHash: string, registry: KeyRegistry, now: Date): Authority {
  if (st.purpose !== expectedPurpose) {
    throw refuse('WARRANT_SIGNATURE_INVALID', st, `statement is a ${st.purpose}, expected ${expectedPurpose}`);
  }
  return verifySignedMessage(st, statementMessage(st.purpose, warrantHash, st.signedAt, st.subject), registry, now);
}
