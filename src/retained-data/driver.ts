/**
 * The two SQL back ends of the retained-data store: embedded PGlite (PostgreSQL compiled to WASM,
 * on disk in the operator's data directory) and PostgreSQL (node-postgres pool). Same schema file,
 * same statements; the store only needs "run a query" and "run a transaction on one connection".
 */
import { readFileSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import pg from 'pg';

export interface SqlConnection {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- rows are typed by the caller's SELECT list
  query<R extends object>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows: number }>;
  exec(sql: string): Promise<void>;
}

export interface SqlDriver extends SqlConnection {
  transaction<T>(fn: (c: SqlConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `{ embedded: dir }` (absent dir: in memory) or `{ postgres: url }`, as the warrant store is configured. */
export type RetainedStoreLocation = { kind: 'embedded'; dir?: string } | { kind: 'postgres'; url: string };

function pgliteConnection(db: PGlite | Transaction): SqlConnection {
  return {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- rows are typed by the caller's SELECT list
    async query<R extends object>(sql: string, params: unknown[] = []) {
      const r = await db.query<R>(sql, params);
      return { rows: r.rows, affectedRows: r.affectedRows ?? 0 };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}

function pgConnection(q: Pick<pg.Pool | pg.PoolClient, 'query'>): SqlConnection {
  return {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- rows are typed by the caller's SELECT list
    async query<R extends object>(sql: string, params: unknown[] = []) {
      const r = await q.query<R & pg.QueryResultRow>(sql, params);
      return { rows: r.rows, affectedRows: r.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  };
}

async function openPglite(dir: string | undefined): Promise<SqlDriver> {
  const db = dir === undefined ? new PGlite() : new PGlite(dir);
  await db.waitReady;
  const conn = pgliteConnection(db);
  return {
    query: (sql, params) => conn.query(sql, params),
    exec: (sql) => conn.exec(sql),
    transaction: (fn) => db.transaction((tx) => fn(pgliteConnection(tx))),
    close: () => db.close(),
  };
}

function openPostgres(url: string): SqlDriver {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const conn = pgConnection(pool);
  return {
    query: (sql, params) => conn.query(sql, params),
    exec: (sql) => conn.exec(sql),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(pgConnection(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export const MIGRATION_FILES = ['001_retained_data.sql'] as const;

/** Key for pg_advisory_xact_lock serialising migrations ("rdat" as an int). */
const MIGRATION_LOCK_KEY = 0x7264_6174;

async function migrate(driver: SqlDriver): Promise<void> {
  await driver.transaction(async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await c.exec('CREATE TABLE IF NOT EXISTS rd_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    for (const name of MIGRATION_FILES) {
      const done = await c.query<{ name: string }>('SELECT name FROM rd_migrations WHERE name = $1', [name]);
      if (done.rows.length > 0) continue;
      await c.exec(readFileSync(new URL(`./migrations/${name}`, import.meta.url), 'utf8'));
      await c.query('INSERT INTO rd_migrations (name) VALUES ($1)', [name]);
    }
  });
}

/** Opens (creating and migrating if needed) the database behind a retained-data store. */
export async function openDriver(location: RetainedStoreLocation): Promise<SqlDriver> {
  const driver = location.kind === 'embedded' ? await openPglite(location.dir) : openPostgres(location.url);
  try {
    await migrate(driver);
  } catch (e) {
    await driver.close();
    throw e;
  }
  return driver;
}
