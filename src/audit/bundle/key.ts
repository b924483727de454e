/**
 * The log's key as an exporter or overseer is given it: a signed-note verifier key
 * (`<name>+<key id>+<base64(0x01 || key)>`, which names the log's origin) or a PEM SPKI Ed25519
 * key (which does not: the origin is then read from a checkpoint, and every other checkpoint must
 * carry the same one).
 */
import { createPublicKey } from 'node:crypto';
import { parseSignedCheckpoint } from '../checkpoint.ts';
import { AuditError } from '../errors.ts';
import { createNoteVerifier, ed25519RawPublicKey, parseVerifierKey, type NoteVerifier } from '../note.ts';

export interface LogKey {
  origin: string;
  verifier: NoteVerifier;
}

/** Throws AUDIT_BAD_KEY (unusable key) or AUDIT_CHECKPOINT_MALFORMED (no origin to be found). */
export function readLogKey(text: string, someCheckpoint: string | undefined): LogKey {
  const trimmed = text.trim();
  if (!trimmed.startsWith('-----BEGIN')) {
    const verifier = parseVerifierKey(trimmed);
    return { origin: verifier.name, verifier };
  }
  let publicKey;
  try {
    publicKey = createPublicKey(trimmed);
  } catch (cause) {
    throw new AuditError('AUDIT_BAD_KEY', 'unreadable PEM public key', { cause });
  }
  if (someCheckpoint === undefined) throw new AuditError('AUDIT_CHECKPOINT_MALFORMED', 'a PEM key names no origin and there is no checkpoint to read it from');
  const origin = parseSignedCheckpoint(someCheckpoint).origin;
  return { origin, verifier: createNoteVerifier(origin, publicKey) };
}

/** Do the two keys hold the same Ed25519 public key? */
export function sameKey(a: LogKey, b: LogKey): boolean {
  return Buffer.from(ed25519RawPublicKey(a.verifier.publicKey)).equals(ed25519RawPublicKey(b.verifier.publicKey));
}
