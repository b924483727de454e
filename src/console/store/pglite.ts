/**
 * The embedded query store: PGlite (PostgreSQL compiled to WASM) in the LEMF's process, persisted in
 * a data directory (in memory when none is given), with pg_trgm for substring search.
 */
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { migrate, type SqlConnection, type SqlDriver } from './driver.ts';
import { SqlConsoleStore } from './store-sql.ts';
import type { ConsoleStoreOptions } from './types.ts';

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

export interface EmbeddedConsoleStoreOptions extends ConsoleStoreOptions {
  /** Data directory (e.g. `<lemf dataDir>/console-db`); absent = in memory. */
  dataDir?: string;
}

/** Opens (creating and migrating if needed) the embedded store. Close it with `await store.close()`. */
export async function openEmbeddedConsoleStore(o: EmbeddedConsoleStoreOptions = {}): Promise<SqlConsoleStore> {
  const db = new PGlite({ ...(o.dataDir !== undefined ? { dataDir: o.dataDir } : {}), extensions: { pg_trgm } });
  await db.waitReady;
  const driver = new PgliteDriver(db);
  try {
    await migrate(driver);
  } catch (e) {
    await db.close();
    throw e;
  }
  return new SqlConsoleStore(driver, o);
}
