/**
 * The embedded query store: PGlite (PostgreSQL compiled to WASM) in the LEMF's process, persisted in
 * a data directory (in memory when none is given), with pg_trgm for substring search.
 */
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { openPgliteDriver } from '../../platform/sql.ts';
import { migrate } from './driver.ts';
import { SqlConsoleStore } from './store-sql.ts';
import type { ConsoleStoreOptions } from './types.ts';

export interface EmbeddedConsoleStoreOptions extends ConsoleStoreOptions {
  /** Data directory (e.g. `<lemf dataDir>/console-db`); absent = in memory. */
  dataDir?: string;
}

/** Opens (creating and migrating if needed) the embedded store. Close it with `await store.close()`. */
export async function openEmbeddedConsoleStore(o: EmbeddedConsoleStoreOptions = {}): Promise<SqlConsoleStore> {
  const driver = await migrate(await openPgliteDriver({ dataDir: o.dataDir, extensions: { pg_trgm } }));
  return new SqlConsoleStore(driver, o);
}
