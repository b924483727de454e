/**
 * Where audit entries live. The file store (file-store.ts) is the first implementation; a
 * PostgreSQL store can implement the same interface. Every store must pass the shared
 * conformance suite in store-conformance.test-suite.ts.
 */
import type { StoredEntry } from './entry.ts';

export interface AuditStore {
  /**
   * Every stored entry in order from index 0, exactly as stored (no checking: the log re-verifies
   * index, chain and leaves itself). Called once, before the first append.
   */
  scan(): AsyncIterable<StoredEntry>;
  /**
   * Make `entries` durable as one batch, atomically: when the promise resolves all of them are
   * stored (and synced, per the store's durability setting); when it rejects NONE of them is, and
   * the store is either back to its previous state or refuses every later append.
   */
  append(entries: readonly StoredEntry[]): Promise<void>;
  /** Entries with from <= index < to (to <= number stored). */
  read(from: number, to: number): Promise<StoredEntry[]>;
  close(): Promise<void>;
}

/** In-memory store for tests and ephemeral demos (nothing survives the process). */
export class MemoryAuditStore implements AuditStore {
  private readonly stored: StoredEntry[] = [];

  // eslint-disable-next-line @typescript-eslint/require-await -- the interface is async
  async *scan(): AsyncIterable<StoredEntry> {
    for (const entry of this.stored) yield copy(entry);
  }

  append(entries: readonly StoredEntry[]): Promise<void> {
    this.stored.push(...entries.map(copy));
    return Promise.resolve();
  }

  read(from: number, to: number): Promise<StoredEntry[]> {
    return Promise.resolve(this.stored.slice(from, to).map(copy));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function copy(entry: StoredEntry): StoredEntry {
  return { index: entry.index, leaf: entry.leaf.slice(), prevHash: entry.prevHash.slice() };
}
