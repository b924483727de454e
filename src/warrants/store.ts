/**
 * The warrant store interface. Two implementations share one SQL schema (migrations/001_warrants.sql):
 * the embedded store (PGlite) and PostgreSQL. Writes happen only inside `transaction`, so a
 * change and its history are applied together or not at all; writers are serialised so the caps
 * are checked against a consistent view.
 */
import type { WarrantRecord, WarrantState } from './model.ts';

export interface WarrantFilter {
  states?: readonly WarrantState[];
  agencyId?: string;
  profileId?: string;
  ids?: readonly string[];
}

export interface WarrantReader {
  get(id: string): Promise<WarrantRecord | undefined>;
  /** Sorted by creation time, then id. */
  list(filter?: WarrantFilter): Promise<WarrantRecord[]>;
}

export interface WarrantStoreTx extends WarrantReader {
  /** Inserts a new record (version 1). Unique violations → WARRANT_DUPLICATE. */
  insert(record: WarrantRecord): Promise<void>;
  /**
   * Replaces the mutable parts (state, signatures, confirmations, statements, emergency deadline,
   * updatedAt, version) if the stored version is `expectedVersion`, and appends history entries
   * not stored yet. A version mismatch → WARRANT_STORE_CONFLICT.
   */
  update(record: WarrantRecord, expectedVersion: number): Promise<void>;
}

export interface WarrantStore extends WarrantReader {
  /** Runs `fn` in one serialised transaction; a throw rolls everything back. */
  transaction<T>(fn: (tx: WarrantStoreTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
