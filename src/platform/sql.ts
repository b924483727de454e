/**
 * The one SQL seam of the project's stores (warrants, the console's query store, the operator's
 * retained data): "run a query, run a script, run a transaction on one connection", over embedded
 * PGlite (PostgreSQL compiled to WASM, in-process, on disk or in memory) or PostgreSQL (a
 * node-postgres pool). Each store keeps its own schema and statements; the drivers and the migration
 * runner are here once.
 */
import { readFileSync } from 'node:fs';
import { PGlite, type Extensions, type Transaction } from '@electric-sql/pglite';
import pg from 'pg';

export interface SqlConnection {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- rows are typed by the caller's SELECT list
  query<R extends object>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows: number }>;
  /** Runs a multi-statement script without parameters. */
  exec(sql: string): Promise<void>;
}

export interface SqlDriver extends SqlConnection {
  /** Runs `fn` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it throws. */
  transaction<T>(fn: (c: SqlConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

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

/** Embedded PostgreSQL: on disk in `dataDir`, in memory without one. */
export async function openPgliteDriver(o: { dataDir?: string | undefined; extensions?: Extensions } = {}): Promise<SqlDriver> {
  const db = new PGlite({ ...(o.dataDir === undefined ? {} : { dataDir: o.dataDir }), ...(o.extensions ? { extensions: o.extensions } : {}) });
  await db.waitReady;
  const conn = pgliteConnection(db);
  return {
    query: (sql, params) => conn.query(sql, params),
    exec: (sql) => conn.exec(sql),
    transaction: (fn) => db.transaction((tx) => fn(pgliteConnection(tx))),
    close: () => db.close(),
  };
}

/** PostgreSQL through a pool: one it makes from a URL (ended by `close`), or one passed in (left open). */
export function openPostgresDriver(o: { connectionString: string; max?: number } | { pool: pg.Pool }): SqlDriver {
  const owns = !('pool' in o);
  const pool = 'pool' in o ? o.pool : new pg.Pool({ connectionString: o.connectionString, max: o.max ?? 5 });
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
    close: async () => {
      if (owns) await pool.end();
    },
  };
}

export interface Migrations {
  /** Table recording the scripts applied (`<store>_migrations`). */
  table: string;
  /** pg_advisory_xact_lock key: two processes migrating one database take turns. */
  lockKey: number;
  /** The folder of the scripts (a `file:` URL ending in `/`). */
  dir: URL;
  files: readonly string[];
}

/** Applies each script not yet applied, in order, in one transaction (idempotent). */
export async function migrate(driver: SqlDriver, m: Migrations): Promise<void> {
  if (!/^[a-z_]+$/.test(m.table)) throw new Error(`migration table name ${m.table} is not an identifier`);
  await driver.transaction(async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1)', [m.lockKey]);
    await c.exec(`CREATE TABLE IF NOT EXISTS ${m.table} (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    for (const name of m.files) {
      const done = await c.query<{ name: string }>(`SELECT name FROM ${m.table} WHERE name = $1`, [name]);
      if (done.rows.length > 0) continue;
      await c.exec(readFileSync(new URL(name, m.dir), 'utf8'));
      await c.query(`INSERT INTO ${m.table} (name) VALUES ($1)`, [name]);
    }
  });
}

/** Migrates a freshly opened driver; closes it when that fails. */
export async function migrated(driver: SqlDriver, m: Migrations): Promise<SqlDriver> {
  try {
    await migrate(driver, m);
  } catch (e) {
    await driver.close();
    throw e;
  }
  return driver;
}
