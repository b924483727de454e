/**
 * One log as a witness sees it: the latest checkpoint it cosigned (durable, reloaded at start), and
 * the add-checkpoint decision of c2sp.org/tlog-witness, in the spec's order:
 *
 *   log signature does not verify under the configured key        → 403
 *   old size > checkpoint size                                    → 400
 *   old size ≠ size of the latest cosigned checkpoint (0: none)   → 409, body = that size
 *   non-empty proof with old size 0                               → 400
 *   old size = checkpoint size, other root hash                   → 409
 *   RFC 9162 §2.1.4.2 consistency proof does not verify           → 422
 *   otherwise: persist the new latest, then answer 200 with the cosignature/v1 line
 *
 * Requests for one log are serialised: checking the old size and persisting the new checkpoint is
 * one atomic step, as the spec requires (else a slower, older request could roll the state back).
 *
 * Fork evidence: a checkpoint carrying the log's valid signature that contradicts what this witness
 * cosigned is proof the log misbehaved (the spec lets the witness keep such a request): same size
 * with another root, a consistency proof that fails, or a smaller tree signed after the larger one
 * it cosigned. It is kept on disk and raised as an alarm; nothing is cosigned.
 */
import { verifyCheckpoint, type Checkpoint } from '../audit/checkpoint.ts';
import { EMPTY_ROOT, hashEquals } from '../audit/hash.ts';
import { parseNote, type NoteSigner, type NoteVerifier } from '../audit/note.ts';
import { verifyConsistency } from '../audit/verify-proofs.ts';
import { cosignatureLine } from '../audit/witness.ts';
import { WitnessError, WitnessRefusal } from './errors.ts';
import type { AddCheckpointRequest } from './request.ts';
import type { ForkEvidence, WitnessStateStore } from './state.ts';

export interface LogWitnessStats {
  origin: string;
  /** Size of the latest cosigned checkpoint (0: none yet). */
  size: number;
  cosigned: number;
  /** Refusals by HTTP status. */
  refused: Record<number, number>;
  /** Fork evidence records kept (new ones only). */
  forks: number;
}

export interface ForkAlarm {
  origin: string;
  kind: ForkEvidence['kind'];
  reason: string;
  evidence: string;
}

export interface LogWitnessOptions {
  /** The log's checkpoint key; its name is the log's origin. */
  log: NoteVerifier;
  cosigner: NoteSigner;
  store: WitnessStateStore;
  onFork: (alarm: ForkAlarm) => void;
  /** POSIX seconds for the cosignature timestamp (tests inject it). */
  now: () => number;
}

interface Latest {
  checkpoint: Checkpoint;
  note: string;
}

export class LogWitness {
  readonly origin: string;
  private latest: Latest | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly counters = { cosigned: 0, forks: 0, refused: {} as Record<number, number> };

  private constructor(private readonly options: LogWitnessOptions) {
    this.origin = options.log.name;
  }

  /** Loads the durable latest checkpoint; refuses (WITNESS_STATE_UNREADABLE) one that does not verify. */
  static async open(options: LogWitnessOptions): Promise<LogWitness> {
    const witness = new LogWitness(options);
    const note = await options.store.load(witness.origin);
    if (note !== undefined) {
      try {
        witness.latest = { checkpoint: verifyCheckpoint(note, options.log, witness.origin), note };
      } catch (cause) {
        throw new WitnessError('WITNESS_STATE_UNREADABLE', `stored latest checkpoint of ${witness.origin} does not verify under the configured log key: refusing to start with a state that may have been lost`, { cause });
      }
    }
    return witness;
  }

  stats(): LogWitnessStats {
    return { origin: this.origin, size: this.latest?.checkpoint.size ?? 0, cosigned: this.counters.cosigned, refused: { ...this.counters.refused }, forks: this.counters.forks };
  }

  /** Handles one add-checkpoint request; resolves to the cosignature line(s) or rejects with a WitnessRefusal. */
  add(request: AddCheckpointRequest): Promise<string> {
    const run = this.chain.then(() => this.decide(request));
    this.chain = run.catch(() => undefined);
    return run.catch((error: unknown) => {
      if (error instanceof WitnessRefusal) this.counters.refused[error.status] = (this.counters.refused[error.status] ?? 0) + 1;
      throw error;
    });
  }

  private async decide(request: AddCheckpointRequest): Promise<string> {
    let checkpoint: Checkpoint;
    try {
      checkpoint = verifyCheckpoint(request.note, this.options.log, this.origin);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'AUDIT_CHECKPOINT_MALFORMED') throw new WitnessRefusal(400, 'WITNESS_BAD_REQUEST', `checkpoint: ${(error as Error).message}`);
      throw new WitnessRefusal(403, 'WITNESS_BAD_SIGNATURE', `no signature on the checkpoint verifies under the key of ${this.origin}`);
    }
    const latest = this.latest;
    const latestSize = latest?.checkpoint.size ?? 0;
    // Signed by the log: whatever the old size says, a contradiction of what we cosigned is evidence.
    if (latest !== undefined) await this.checkForRollbackOrFork(request, checkpoint, latest);

    if (request.oldSize > checkpoint.size) throw new WitnessRefusal(400, 'WITNESS_BAD_REQUEST', `old size ${request.oldSize} exceeds the checkpoint size ${checkpoint.size}`);
    if (request.oldSize !== latestSize) throw new WitnessRefusal(409, 'WITNESS_CONFLICT', `old size ${request.oldSize} is not the latest cosigned size ${latestSize}`, latestSize);
    if (request.oldSize === 0 && request.proof.length > 0) throw new WitnessRefusal(400, 'WITNESS_BAD_REQUEST', 'the proof must be empty when the old size is 0');

    if (checkpoint.size === latestSize) {
      const root = latest?.checkpoint.rootHash ?? EMPTY_ROOT;
      // Same size, same root: cosign again (an answer lost on the way must be recoverable).
      if (!hashEquals(root, checkpoint.rootHash)) {
        throw new WitnessRefusal(latest === undefined ? 422 : 409, latest === undefined ? 'WITNESS_BAD_PROOF' : 'WITNESS_CONFLICT', `checkpoint of size ${checkpoint.size} has another root hash than the one cosigned`, latestSize);
      }
      if (request.proof.length > 0) throw new WitnessRefusal(422, 'WITNESS_BAD_PROOF', 'the consistency proof between equal sizes must be empty');
    } else if (latest !== undefined && !verifyConsistency(latestSize, checkpoint.size, latest.checkpoint.rootHash, checkpoint.rootHash, request.proof)) {
      await this.keep(request, checkpoint, latest, 'inconsistent', `consistency proof from the cosigned size ${latestSize} to ${checkpoint.size} does not verify`);
      throw new WitnessRefusal(422, 'WITNESS_BAD_PROOF', `consistency proof from ${latestSize} to ${checkpoint.size} does not verify`);
    }

    const line = cosignatureLine(parseNote(request.note).body, this.options.cosigner, this.options.now());
    const unchanged = latest !== undefined && latest.checkpoint.size === checkpoint.size;
    if (!unchanged) {
      try {
        // Persist before answering (tlog-witness: "MUST persist the new checkpoint before responding").
        await this.options.store.save(this.origin, request.note);
      } catch (cause) {
        throw new WitnessRefusal(500, 'WITNESS_STATE_WRITE_FAILED', `latest checkpoint of ${this.origin} could not be made durable: ${cause instanceof Error ? cause.message : String(cause)}`);
      }
      this.latest = { checkpoint, note: request.note };
    }
    this.counters.cosigned++;
    return line;
  }

  private async checkForRollbackOrFork(request: AddCheckpointRequest, checkpoint: Checkpoint, latest: Latest): Promise<void> {
    const cosigned = latest.checkpoint;
    if (checkpoint.size === cosigned.size && !hashEquals(checkpoint.rootHash, cosigned.rootHash)) {
      await this.keep(request, checkpoint, latest, 'fork', `two checkpoints of size ${checkpoint.size} with different root hashes`);
    } else if (checkpoint.size < cosigned.size && Date.parse(checkpoint.timestamp) > Date.parse(cosigned.timestamp)) {
      // A smaller tree is not in itself wrong (an old checkpoint, resent); one signed AFTER the
      // larger tree we cosigned means the log went back on what it published.
      await this.keep(request, checkpoint, latest, 'rollback', `checkpoint of size ${checkpoint.size} signed at ${checkpoint.timestamp}, after the cosigned size ${cosigned.size} signed at ${cosigned.timestamp}`);
    }
  }

  private async keep(request: AddCheckpointRequest, checkpoint: Checkpoint, latest: Latest, kind: ForkEvidence['kind'], reason: string): Promise<void> {
    const { path, created } = await this.options.store.keepEvidence(this.origin, { kind, reason, size: checkpoint.size, submittedNote: request.note, requestHead: request.head, latestNote: latest.note });
    if (!created) return;
    this.counters.forks++;
    this.options.onFork({ origin: this.origin, kind, reason, evidence: path });
  }
}
