/**
 * The two SQL back ends of the retained-data store, embedded PGlite (on disk in the operator's data
 * directory) and PostgreSQL, through the project's one SQL seam (src/platform/sql.ts). Same schema
 * file, same statements.
 */
import { migrated, openPgliteDriver, openPostgresDriver, type SqlDriver } from '../platform/sql.ts';

export type { SqlConnection, SqlDriver } from '../platform/sql.ts';

/** `{ embedded: dir }` (absent dir: in memory) or `{ postgres: url }`, as the warrant store is configured. */
export type RetainedStoreLocation = { kind: 'embedded'; dir?: string } | { kind: 'postgres'; url: string };

export const MIGRATION_FILES = ['001_retained_data.sql'] as const;

/** Opens (creating and migrating if needed) the database behind a retained-data store. */
export async function openDriver(location: RetainedStoreLocation): Promise<SqlDriver> {
  const driver = location.kind === 'embedded' ? await openPgliteDriver({ dataDir: location.dir }) : openPostgresDriver({ connectionString: location.url, max: 4 });
  // pg_advisory_xact_lock key "rdat" serialises migrations of one database.
  return migrated(driver, { table: 'rd_migrations', lockKey: 0x7264_6174, dir: new URL('./migrations/', import.meta.url), files: MIGRATION_FILES });
}
