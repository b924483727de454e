/**
 * The audit log: events → canonical leaves → store (durable first) → Merkle tree → checkpoints.
 *
 * Appends are serialised through one queue and group-committed: while a batch is being written,
 * later appends wait and go out together in the next batch, in call order. Nothing of a batch is
 * visible — size, roots, proofs, checkpoints, entries — and no append of it resolves before the
 * store has confirmed it, so a failed write leaves no trace anywhere and every caller of that batch
 * gets AUDIT_UNAVAILABLE (and must fail closed). While the store writes and syncs (off the main
 * thread), the batch's leaves are already hashed into the tree past the durable size — every
 * reader is held to `durable` — and cut off again if the store fails.
 */
import { signCheckpoint, type Checkpoint, type SignedCheckpoint } from './checkpoint.ts';
import { EntryChainChecker, GENESIS_PREV_HASH, type StoredEntry } from './entry.ts';
import { AuditError, AuditTamperError, AuditUnavailableError } from './errors.ts';
import { decodeAuditEvent, eventJson, type AuditEvent } from './event.ts';
import { fromHex, hashEquals, leafHash, leafHashHexOfPrefixed, toHex } from './hash.ts';
import type { NoteSigner } from './note.ts';
import type { AuditStore } from './store.ts';
import { MerkleTree } from './tree.ts';

export interface AuditLogOptions {
  store: AuditStore;
  /** The log's checkpoint key; its name is the log's origin (tlog-checkpoint). */
  signer: NoteSigner;
  /** Checkpoints already published for this log: on open the stored entries must reproduce each root. */
  trustedCheckpoints?: readonly Checkpoint[];
  /** Most entries written in one store batch (default 1000). */
  maxBatch?: number;
  /** Clock for checkpoint timestamps (tests inject one). */
  now?: () => Date;
}

export interface AppendResult {
  index: number;
  /** Hex RFC 9162 leaf hash. */
  leafHash: string;
}

export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  leafHash: Uint8Array;
  path: Uint8Array[];
}

export interface ConsistencyProof {
  fromSize: number;
  toSize: number;
  path: Uint8Array[];
}

export interface AuditLogEntry {
  index: number;
  event: AuditEvent;
  /** Hex leaf hash. */
  leafHash: string;
}

interface PendingLeaf {
  leaf: Uint8Array;
  hash: Uint8Array;
  /** `hash` in hex, as the caller gets it. */
  hex: string;
}

interface PendingAppend {
  leaves: PendingLeaf[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

/**
 * An event's leaf and leaf hash. The canonical JSON is encoded once into a buffer that starts with
 * the RFC 9162 §2.1.1 leaf prefix 0x00, so the leaf (everything after it) is hashed where it lies.
 */
function leafOf(event: AuditEvent): PendingLeaf {
  const prefixed = Buffer.from(`\u0000${eventJson(event)}`, 'utf8');
  const hex = leafHashHexOfPrefixed(prefixed);
  return { leaf: new Uint8Array(prefixed.buffer, prefixed.byteOffset + 1, prefixed.byteLength - 1), hash: fromHex(hex)!, hex };
}

export class AuditLog {
  /** Holds the durable entries, plus the batch being written while its write is in flight. */
  private readonly tree = new MerkleTree();
  /** Entries the store has confirmed: the log's size; the tree past it is not the log's yet. */
  private durable = 0;
  private readonly chain = new EntryChainChecker();
  private readonly pending: PendingAppend[] = [];
  private writing = false;
  /** Settles when the current drain loop has emptied the queue. */
  private drained: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly store: AuditStore;
  private readonly signer: NoteSigner;
  private readonly maxBatch: number;
  private readonly now: () => Date;

  private constructor(options: AuditLogOptions) {
    this.store = options.store;
    this.signer = options.signer;
    this.maxBatch = options.maxBatch ?? 1000;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * `trustedCheckpoints` must already be signature-verified (verifyCheckpoint); openAuditDirectory does that.
   * Opens a log over `store`, re-verifying everything stored: index sequence, hash chain,
   * canonical leaves, and the root at every trusted checkpoint. Throws AuditTamperError
   * (AUDIT_ENTRY_MALFORMED / AUDIT_INDEX_MISMATCH / AUDIT_CHAIN_BROKEN / AUDIT_ROOT_MISMATCH).
   */
  static async open(options: AuditLogOptions): Promise<AuditLog> {
    const log = new AuditLog(options);
    for await (const entry of options.store.scan()) log.tree.appendLeafHash(log.chain.check(entry));
    log.durable = log.tree.size;
    for (const checkpoint of options.trustedCheckpoints ?? []) {
      if (checkpoint.size > log.tree.size) {
        throw new AuditTamperError('AUDIT_ROOT_MISMATCH', log.tree.size, `store holds ${log.tree.size} entries but a checkpoint covers ${checkpoint.size}: entries were removed`);
      }
      if (!hashEquals(log.tree.rootHash(checkpoint.size), checkpoint.rootHash)) {
        throw new AuditTamperError('AUDIT_ROOT_MISMATCH', checkpoint.size - 1, `stored entries do not reproduce the checkpoint root at size ${checkpoint.size}`);
      }
    }
    return log;
  }

  get origin(): string {
    return this.signer.name;
  }

  /** Number of durable entries (the tree size). */
  get size(): number {
    return this.durable;
  }

  rootHash(size: number = this.durable): Uint8Array {
    return this.tree.rootHash(this.durableSize(size));
  }

  /** `size` if it is a size of the durable log, else AUDIT_BAD_RANGE (as the tree says it). */
  private durableSize(size: number): number {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.durable) throw new AuditError('AUDIT_BAD_RANGE', `tree size ${size} outside 0..${this.durable}`);
    return size;
  }

  /**
   * Appends one event. Resolves once it is durable in the store; rejects with AUDIT_BAD_EVENT
   * for an invalid event or AUDIT_UNAVAILABLE if the store failed — then the event is not in the
   * log and the caller MUST NOT perform the audited action (fail closed).
   */
  async append(event: AuditEvent): Promise<AppendResult> {
    return (await this.appendMany([event]))[0]!;
  }

  /** Appends events atomically, in order, in one batch (all durable, or none). */
  appendMany(events: readonly AuditEvent[]): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new AuditUnavailableError('audit log is closed'));
    let leaves: PendingAppend['leaves'];
    try {
      leaves = events.map(leafOf);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new AuditError('AUDIT_BAD_EVENT', 'invalid event'));
    }
    if (leaves.length === 0) return Promise.resolve([]);
    return new Promise<AppendResult[]>((resolve, reject) => {
      this.pending.push({ leaves, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        this.drained = this.drain();
      }
    });
  }

  /**
   * Writes queued appends batch after batch until the queue is empty. Never rejects. The first
   * batch is taken one microtask after the append that started the drain, so appends made in the
   * same synchronous run (e.g. `Promise.all(events.map((e) => log.append(e)))`) share one write
   * and one fdatasync instead of the first going alone; nothing resolves any earlier than before.
   */
  private async drain(): Promise<void> {
    await Promise.resolve();
    try {
      while (this.pending.length > 0) {
        const batch: PendingAppend[] = [];
        let count = 0;
        while (this.pending.length > 0 && (batch.length === 0 || count + this.pending[0]!.leaves.length <= this.maxBatch)) {
          const next = this.pending.shift()!;
          batch.push(next);
          count += next.leaves.length;
        }
        await this.writeBatch(batch);
      }
    } finally {
      this.writing = false;
    }
  }

  private async writeBatch(batch: PendingAppend[]): Promise<void> {
    const start = this.durable;
    const entries: StoredEntry[] = [];
    let prev = start === 0 ? GENESIS_PREV_HASH : this.tree.leafHashAt(start - 1);
    for (const request of batch) {
      for (const { leaf, hash } of request.leaves) {
        entries.push({ index: start + entries.length, leaf, prevHash: prev });
        prev = hash;
      }
    }
    // The outcome is taken at once (a rejection is never left unhandled while we work below).
    let stored: Promise<{ failed: unknown } | undefined>;
    try {
      stored = this.store.append(entries).then(
        () => undefined,
        (failed: unknown) => ({ failed }),
      );
    } catch (failed) {
      stored = Promise.resolve({ failed });
    }
    // Let the store hand its write to the I/O threads, then stage the batch in the tree and make
    // the results while it is written and synced, instead of after.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const results: AppendResult[][] = [];
    let index = start;
    for (const request of batch) {
      const mine: AppendResult[] = [];
      for (const { hash, hex } of request.leaves) {
        this.tree.appendLeafHash(hash);
        mine.push({ index: index++, leafHash: hex });
      }
      results.push(mine);
    }
    const outcome = await stored;
    if (outcome !== undefined) {
      this.tree.truncate(start);
      const error = outcome.failed instanceof AuditUnavailableError ? outcome.failed : new AuditUnavailableError('audit store failed; nothing was appended', { cause: outcome.failed });
      for (const request of batch) request.reject(error);
      return;
    }
    this.durable = index;
    batch.forEach((request, i) => {
      for (const { hash } of request.leaves) this.chain.advance(hash);
      request.resolve(results[i]!);
    });
  }

  /** A signed checkpoint of the current (durable) tree. */
  checkpoint(): SignedCheckpoint {
    return signCheckpoint(
      { origin: this.signer.name, size: this.durable, rootHash: this.tree.rootHash(this.durable), timestamp: this.now().toISOString() },
      this.signer,
    );
  }

  /** RFC 9162 §2.1.3 inclusion proof of entry `index` in the tree of `size` entries. */
  inclusionProof(index: number, size: number = this.durable): InclusionProof {
    const path = this.tree.inclusionProof(index, this.durableSize(size));
    return { leafIndex: index, treeSize: size, leafHash: this.tree.leafHashAt(index), path };
  }

  /** RFC 9162 §2.1.4 consistency proof between tree sizes `from` and `to`. */
  consistencyProof(from: number, to: number = this.durable): ConsistencyProof {
    return { fromSize: from, toSize: to, path: this.tree.consistencyProof(from, this.durableSize(to)) };
  }

  /** Entries with from <= index < to (to defaults to size), decoded. */
  async entries(from: number, to: number = this.durable): Promise<AuditLogEntry[]> {
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || from > to || to > this.durable) {
      throw new AuditError('AUDIT_BAD_RANGE', `entries ${from}..${to} outside 0..${this.durable}`);
    }
    const stored = await this.store.read(from, to);
    if (stored.length !== to - from) throw new AuditUnavailableError(`store returned ${stored.length} of ${to - from} entries`);
    return stored.map((entry, i) => {
      const hash = leafHash(entry.leaf);
      if (entry.index !== from + i || !hashEquals(hash, this.tree.leafHashAt(from + i))) {
        throw new AuditTamperError('AUDIT_CHAIN_BROKEN', entry.index, `entry ${entry.index} changed in the store after it was appended`);
      }
      return { index: entry.index, event: decodeAuditEvent(entry.leaf), leafHash: toHex(hash) };
    });
  }

  /** Waits for queued appends, then closes the store; later appends reject AUDIT_UNAVAILABLE. */
  async close(): Promise<void> {
    this.closed = true; // refuse new appends; those already queued are still written
    await this.drained;
    await this.store.close();
  }
}
