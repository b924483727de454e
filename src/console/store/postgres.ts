/**
 * The query store on PostgreSQL (node-postgres pool), by configuration. Same schema and statements
 * as the embedded store; each transaction runs on one pooled client, ROLLBACK on any throw.
 */
import pg from 'pg';
import { migrate, type SqlConnection, type SqlDriver } from './driver.ts';
import { SqlConsoleStore } from './store-sql.ts';
import type { ConsoleStoreOptions } from './types.ts';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

function connection(q: Queryable): SqlConnection {
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

class PostgresDriver implements SqlDriver {
  readonly #pool: pg.Pool;
  readonly #conn: SqlConnection;
  constructor(pool: pg.Pool) {
    this.#pool = pool;
    this.#conn = connection(pool);
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- rows are typed by the caller's SELECT list
  query<R extends object>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows: number }> {
    return this.#conn.query<R>(sql, params);
  }
  exec(sql: string): Promise<void> {
    return this.#conn.exec(sql);
  }
  async transaction<T>(fn: (c: SqlConnection) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(connection(client));
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }
  close(): Promise<void> {
    return this.#pool.end();
  }
}

export interface PostgresConsoleStoreOptions extends ConsoleStoreOptions {
  connectionString: string;
  max?: number;
}

/** Opens (and migrates) the store on PostgreSQL; needs the pg_trgm extension (PostgreSQL contrib). */
export async function openPostgresConsoleStore(o: PostgresConsoleStoreOptions): Promise<SqlConsoleStore> {
  const driver = new PostgresDriver(new pg.Pool({ connectionString: o.connectionString, max: o.max ?? 5 }));
  try {
    await migrate(driver);
  } catch (e) {
    await driver.close();
    throw e;
  }
  return new SqlConsoleStore(driver, o);
}
