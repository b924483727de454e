/**
 * The query store on PostgreSQL (node-postgres pool), by configuration. Same schema and statements
 * as the embedded store; each transaction runs on one pooled client, ROLLBACK on any throw
 * (src/platform/sql.ts).
 */
import { openPostgresDriver } from '../../platform/sql.ts';
import { migrate } from './driver.ts';
import { SqlConsoleStore } from './store-sql.ts';
import type { ConsoleStoreOptions } from './types.ts';

export interface PostgresConsoleStoreOptions extends ConsoleStoreOptions {
  connectionString: string;
  max?: number;
}

/** Opens (and migrates) the store on PostgreSQL; needs the pg_trgm extension (PostgreSQL contrib). */
export async function openPostgresConsoleStore(o: PostgresConsoleStoreOptions): Promise<SqlConsoleStore> {
  const driver = await migrate(openPostgresDriver({ connectionString: o.connectionString, max: o.max ?? 5 }));
  return new SqlConsoleStore(driver, o);
}
