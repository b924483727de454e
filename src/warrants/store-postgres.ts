/**
 * PostgreSQL warrant store (node-postgres pool). Same schema file and statements as the embedded
 * store; each transaction runs on one pooled client with BEGIN/COMMIT, ROLLBACK on any throw.
 */
import pg from 'pg';
import { migrate, SqlWarrantStore, type SqlConnection, type SqlDriver } from './store-sql.ts';

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
  readonly #ownsPool: boolean;
  readonly #conn: SqlConnection;
  constructor(pool: pg.Pool, ownsPool: boolean) {
    this.#pool = pool;
    this.#ownsPool = ownsPool;
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
  async close(): Promise<void> {
    if (this.#ownsPool) await this.#pool.end();
  }
}

export type PostgresStoreOptions = { connectionString: string; max?: number } | { pool: pg.Pool };

/** Opens (and migrates) a PostgreSQL store. A pool passed in is not ended by `close()`. */
export async function openPostgresWarrantStore(opts: PostgresStoreOptions): Promise<SqlWarrantStore> {
  const owns = !('pool' in opts);
  const pool = 'pool' in opts ? opts.pool : new pg.Pool({ connectionString: opts.connectionString, max: opts.max ?? 5 });
  const driver = new PostgresDriver(pool, owns);
  try {
    await migrate(driver);
  } catch (e) {
    await driver.close();
    throw e;
  }
  return new SqlWarrantStore(driver);
}
