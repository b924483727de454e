/**
 * What the console's SQL store needs of a database: run a query, run a transaction on one
 * connection. The embedded (PGlite) and PostgreSQL drivers supply it; the statements are shared.
 */
import { readFileSync } from 'node:fs';

export interface SqlConnection {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- rows are typed by the caller's SELECT list
  query<R extends object>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows: number }>;
  /** Runs a multi-statement script without parameters. */
  exec(sql: string): Promise<void>;
}

export interface SqlDriver extends SqlConnection {
  transaction<T>(fn: (c: SqlConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const MIGRATION_FILES = ['001_console.sql'] as const;

/** pg_advisory_xact_lock key serialising migrations ("cons" as an int). */
const MIGRATION_LOCK_KEY = 0x636f_6e73;

/** Applies the migrations (idempotent), serialised by an advisory lock. */
export async function migrate(driver: SqlDriver): Promise<void> {
  await driver.transaction(async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await c.exec('CREATE TABLE IF NOT EXISTS console_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    for (const name of MIGRATION_FILES) {
      const done = await c.query<{ name: string }>('SELECT name FROM console_migrations WHERE name = $1', [name]);
      if (done.rows.length > 0) continue;
      await c.exec(readFileSync(new URL(`./migrations/${name}`, import.meta.url), 'utf8'));
      await c.query('INSERT INTO console_migrations (name) VALUES ($1)', [name]);
    }
  });
}
