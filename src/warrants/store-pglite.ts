/**
 * Embedded warrant store: PGlite (PostgreSQL compiled to WASM) in-process, persisted in a data
 * directory (or in memory when none is given). Same schema and statements as PostgreSQL.
 */
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { migrate, SqlWarrantStore, type SqlConnection, type SqlDriver } from './store-sql.ts';

function connection(db: PGlite | Transaction): SqlConnection {
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

class PgliteDriver implements SqlDriver {
  readonly #db: PGlite;
  readonly #conn: SqlConnection;
  constructor(db: PGlite) {
    this.#db = db;
    this.#conn = connection(db);
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- rows are typed by the caller's SELECT list
  query<R extends object>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows: number }> {
    return this.#conn.query<R>(sql, params);
  }
  exec(sql: string): Promise<void> {
    return this.#conn.exec(sql);
  }
  transaction<T>(fn: (c: SqlConnection) => Promise<T>): Promise<T> {
    return this.#db.transaction((tx) => fn(connection(tx)));
  }
  close(): Promise<void> {
    return this.#db.close();
  }
}

export interface EmbeddedStoreOptions {
  /** Data directory; absent = in memory (lost on close). */
  dataDir?: string;
}

/** Opens (creating and migrating if needed) the embedded store. Close it with `await store.close()`. */
export async function openEmbeddedWarrantStore(opts: EmbeddedStoreOptions = {}): Promise<SqlWarrantStore> {
  const db = opts.dataDir === undefined ? new PGlite() : new PGlite(opts.dataDir);
  await db.waitReady;
  const driver = new PgliteDriver(db);
  try {
    await migrate(driver);
  } catch (e) {
    await db.close();
    throw e;
  }
  return new SqlWarrantStore(driver);
}
