/**
 * PostgreSQL warrant store (node-postgres pool). Same schema file and statements as the embedded
 * store; each transaction runs on one pooled client with BEGIN/COMMIT, ROLLBACK on any throw
 * (src/platform/sql.ts).
 */
import type pg from 'pg';
import { openPostgresDriver } from '../platform/sql.ts';
import { migrate, SqlWarrantStore } from './store-sql.ts';

export type PostgresStoreOptions = { connectionString: string; max?: number } | { pool: pg.Pool };

/** Opens (and migrates) a PostgreSQL store. A pool passed in is not ended by `close()`. */
export async function openPostgresWarrantStore(opts: PostgresStoreOptions): Promise<SqlWarrantStore> {
  return new SqlWarrantStore(await migrate(openPostgresDriver(opts)));
}
