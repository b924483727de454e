/**
 * What the console's SQL store needs of a database (src/platform/sql.ts: query, script, transaction)
 * and its migrations; the embedded (PGlite, with pg_trgm) and PostgreSQL drivers are the project's own.
 */
import { migrated, type SqlDriver } from '../../platform/sql.ts';

export type { SqlConnection, SqlDriver } from '../../platform/sql.ts';

export const MIGRATION_FILES = ['001_console.sql'] as const;

/** Applies the migrations (idempotent), serialised by an advisory lock ("cons"); closes the driver on failure. */
export function migrate(driver: SqlDriver): Promise<SqlDriver> {
  return migrated(driver, { table: 'console_migrations', lockKey: 0x636f_6e73, dir: new URL('./migrations/', import.meta.url), files: MIGRATION_FILES });
}
