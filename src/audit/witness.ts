/**
 * Witness cosignatures, C2SP tlog-cosignature v1 (c2sp.org/tlog-cosignature, Ed25519):
 *
 *   signed message = "cosignature/v1\n" || "time " <u64 decimal> "\n" || checkpoint body
 *   signature line = "— <witness name> base64(key id[4] || u64 BE timestamp || Ed25519 sig[64])"
 *   key id         = SHA-256(name || "\n" || 0x04 || public key)[:4]
 *
 * A witness only cosigns a checkpoint after checking the log's signature and an RFC 9162
 * §2.1.4.2 consistency proof from the largest checkpoint it has seen before, so a log that
 * forks or rewrites its history cannot collect the witness's cosignature for both views.
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { verifyCheckpoint, type Checkpoint } from './checkpoint.ts';
import { AuditError } from './errors.ts';
import {
  ALG_COSIGNATURE_V1,
  createNoteSigner,
  createNoteVerifier,
  formatSignatureLine,
  parseNote,
  signaturesFor,
  type NoteSigner,
  type NoteVerifier,
} from './note.ts';
import { verifyConsistency } from './verify-proofs.ts';

export function createCosigner(name: string, privateKey: KeyObject): NoteSigner {
  return createNoteSigner(name, privateKey, ALG_COSIGNATURE_V1);
}

export function createCosignatureVerifier(name: string, publicKey: KeyObject): NoteVerifier {
  return createNoteVerifier(name, publicKey, ALG_COSIGNATURE_V1);
}

function cosignedMessage(body: string, time: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${time}\n${body}`, 'utf8');
}

/** The cosignature line for a note body at POSIX time `time` (seconds). */
export function cosignatureLine(body: string, cosigner: NoteSigner, time: number): string {
  if (cosigner.alg !== ALG_COSIGNATURE_V1) throw new AuditError('AUDIT_BAD_KEY', 'cosigner key must be a cosignature/v1 key');
  if (!Number.isSafeInteger(time) || time < 0) throw new AuditError('AUDIT_BAD_RANGE', 'cosignature time must be a POSIX time');
  const stamp = Buffer.alloc(8);
  stamp.writeBigUInt64BE(BigInt(time));
  const signature = sign(null, cosignedMessage(body, time), cosigner.privateKey);
  return formatSignatureLine(cosigner.name, cosigner.keyId, new Uint8Array([...stamp, ...signature]));
}

/**
 * Verifies a cosignature by `witness` on the note; returns its POSIX timestamp (seconds).
 * Throws AUDIT_SIGNATURE_INVALID when there is no valid one.
 */
export function verifyCosignature(note: string, witness: NoteVerifier): number {
  const { body, signatures } = parseNote(note);
  for (const line of signaturesFor(signatures, witness)) {
    if (line.signature.length !== 72) continue;
    const time = Buffer.from(line.signature.subarray(0, 8)).readBigUInt64BE();
    if (time > BigInt(Number.MAX_SAFE_INTEGER)) continue;
    if (verify(null, cosignedMessage(body, Number(time)), witness.publicKey, line.signature.subarray(8))) return Number(time);
  }
  throw new AuditError('AUDIT_SIGNATURE_INVALID', `no valid cosignature by ${witness.name} on the note`);
}

export interface WitnessState {
  size: number;
  rootHash: Uint8Array;
}

export interface WitnessOptions {
  cosigner: NoteSigner;
  /** The log's checkpoint key (its name is the log's origin). */
  log: NoteVerifier;
  /** Largest checkpoint seen before (persisted by the witness's operator), if any. */
  state?: WitnessState;
  /** Seconds since the epoch; injectable for tests. */
  now?: () => number;
}

export class Witness {
  private current: WitnessState | undefined;
  private readonly options: WitnessOptions;

  constructor(options: WitnessOptions) {
    this.options = options;
    this.current = options.state === undefined ? undefined : { size: options.state.size, rootHash: options.state.rootHash.slice() };
  }

  /** The largest consistent checkpoint seen (persist it: a witness that forgets can be forked). */
  get state(): WitnessState | undefined {
    return this.current === undefined ? undefined : { size: this.current.size, rootHash: this.current.rootHash.slice() };
  }

  /**
   * Verify the log's signature and consistency from the last seen checkpoint, then cosign.
   * `consistencyProof` is PROOF(lastSeen.size, checkpoint.size) (empty for the first checkpoint).
   * Returns the note with this witness's cosignature line appended.
   */
  cosign(note: string, consistencyProof: readonly Uint8Array[]): string {
    const checkpoint: Checkpoint = verifyCheckpoint(note, this.options.log, this.options.log.name);
    const last = this.current;
    if (last !== undefined) {
      if (checkpoint.size < last.size) {
        throw new AuditError('AUDIT_INCONSISTENT', `checkpoint size ${checkpoint.size} is older than the ${last.size} already seen`);
      }
      if (!verifyConsistency(last.size, checkpoint.size, last.rootHash, checkpoint.rootHash, consistencyProof)) {
        throw new AuditError('AUDIT_INCONSISTENT', `checkpoint ${checkpoint.size} is not consistent with ${last.size} already seen`);
      }
    }
    const now = this.options.now?.() ?? Math.floor(Date.now() / 1000);
    const body = parseNote(note).body;
    const line = cosignatureLine(body, this.options.cosigner, now);
    this.current = { size: checkpoint.size, rootHash: checkpoint.rootHash.slice() };
    return note + line;
  }
}
