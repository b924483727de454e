/**
 * Embedded warrant store: PGlite (PostgreSQL compiled to WASM) in-process, persisted in a data
 * directory (or in memory when none is given). Same schema and statements as PostgreSQL.
 */
import { openPgliteDriver } from '../platform/sql.ts';
import { migrate, SqlWarrantStore } from './store-sql.ts';

export interface EmbeddedStoreOptions {
  /** Data directory; absent = in memory (lost on close). */
  dataDir?: string;
}

/** Opens (creating and migrating if needed) the embedded store. Close it with `await store.close()`. */
export async function openEmbeddedWarrantStore(opts: EmbeddedStoreOptions = {}): Promise<SqlWarrantStore> {
  return new SqlWarrantStore(await migrate(await openPgliteDriver({ dataDir: opts.dataDir })));
}
