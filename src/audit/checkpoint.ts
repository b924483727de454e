/**
 * Signed checkpoints in the C2SP tlog-checkpoint format (c2sp.org/tlog-checkpoint):
 *
 *   <origin>\n
 *   <tree size, decimal, no leading zeroes>\n
 *   <base64 RFC 9162 root hash>\n
 *   timestamp <ISO 8601 UTC>\n          ← one extension line carrying the signing time
 *   \n
 *   — <origin> <base64(key id || Ed25519 signature over the four lines above)>\n
 *
 * The timestamp is an extension line so the log's signature covers it; clients that only know
 * tlog-checkpoint treat it as opaque. The log's key name is its origin (tlog-checkpoint
 * "SHOULD match the origin line").
 */
import { AuditError } from './errors.ts';
import { fromBase64, HASH_SIZE, toBase64 } from './hash.ts';
import { parseNote, signNote, verifyNote, type NoteSigner, type NoteVerifier } from './note.ts';

export interface Checkpoint {
  origin: string;
  size: number;
  /** RFC 9162 MTH of the first `size` leaves (32 bytes). */
  rootHash: Uint8Array;
  /** ISO 8601 UTC time of signing. */
  timestamp: string;
}

export interface SignedCheckpoint extends Checkpoint {
  /** The whole signed note text (body, blank line, signature lines, incl. any cosignatures). */
  note: string;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

function malformed(message: string): never {
  throw new AuditError('AUDIT_CHECKPOINT_MALFORMED', message);
}

export function formatCheckpointBody(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, timestamp } = checkpoint;
  if (origin.length === 0 || /[\n\p{Cc}]/u.test(origin)) malformed('origin must be one non-empty line');
  if (!Number.isSafeInteger(size) || size < 0) malformed('size must be a non-negative integer');
  if (rootHash.length !== HASH_SIZE) malformed('root hash must be 32 bytes');
  if (!ISO_UTC.test(timestamp)) malformed('timestamp must be ISO 8601 UTC');
  return `${origin}\n${size}\n${toBase64(rootHash)}\ntimestamp ${timestamp}\n`;
}

export function parseCheckpointBody(body: string): Checkpoint {
  const lines = body.split('\n');
  if (lines.pop() !== '') malformed('checkpoint body must end with a newline');
  if (lines.length < 4) malformed('checkpoint needs origin, size, root hash and timestamp lines');
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) malformed('empty origin');
  if (!/^(0|[1-9]\d{0,15})$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) malformed('bad tree size line');
  const rootHash = fromBase64(rootText);
  if (rootHash?.length !== HASH_SIZE) malformed('bad root hash line');
  if (extensions.some((line) => line.length === 0)) malformed('empty extension line');
  const stamp = extensions.find((line) => line.startsWith('timestamp '));
  const timestamp = stamp?.slice('timestamp '.length) ?? '';
  if (!ISO_UTC.test(timestamp) || Number.isNaN(Date.parse(timestamp))) malformed('missing or bad timestamp line');
  return { origin, size: Number(sizeText), rootHash, timestamp };
}

export function signCheckpoint(checkpoint: Checkpoint, signer: NoteSigner): SignedCheckpoint {
  const note = signNote(formatCheckpointBody(checkpoint), signer);
  return { ...checkpoint, rootHash: checkpoint.rootHash.slice(), note };
}

/** Parses without checking any signature (use verifyCheckpoint for that). */
export function parseSignedCheckpoint(note: string): SignedCheckpoint {
  return { ...parseCheckpointBody(parseNote(note).body), note };
}

/**
 * Verifies the log's signature and returns the checkpoint. Throws AUDIT_SIGNATURE_INVALID (no
 * valid signature by `verifier`) or AUDIT_CHECKPOINT_MALFORMED. If `origin` is given the
 * checkpoint must be for that log.
 */
export function verifyCheckpoint(note: string, verifier: NoteVerifier, origin?: string): SignedCheckpoint {
  const checkpoint = { ...parseCheckpointBody(verifyNote(note, verifier)), note };
  if (origin !== undefined && checkpoint.origin !== origin) {
    throw new AuditError('AUDIT_SIGNATURE_INVALID', `checkpoint is for origin "${checkpoint.origin}", expected "${origin}"`);
  }
  return checkpoint;
}
