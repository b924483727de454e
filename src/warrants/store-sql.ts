/**
 * The SQL warrant store shared by the embedded (PGlite) and PostgreSQL drivers: same schema file,
 * same statements. Drivers only supply "run a query" and "run a transaction on one connection".
 */
import { readFileSync } from 'node:fs';
import { migrated, type SqlConnection, type SqlDriver } from '../platform/sql.ts';
import { WarrantError } from './errors.ts';
import type { SignedStatement, Signature, TransitionRecord, Warrant, WarrantRecord, WarrantState } from './model.ts';
import type { WarrantFilter, WarrantStore, WarrantStoreTx } from './store.ts';

export type { SqlConnection, SqlDriver } from '../platform/sql.ts';

export const MIGRATION_FILES = ['001_warrants.sql', '002_production_orders.sql'] as const;

export function migrationSql(name: (typeof MIGRATION_FILES)[number]): string {
  return readFileSync(new URL(`./migrations/${name}`, import.meta.url), 'utf8');
}

/** Key for pg_advisory_xact_lock serialising warrant writers ("warrants" as an int); migrations take it too. */
const WRITE_LOCK_KEY = 0x7761_7272;

/** Applies the migrations (idempotent), serialised with the writers; closes the driver on failure. */
export function migrate(driver: SqlDriver): Promise<SqlDriver> {
  return migrated(driver, { table: 'warrants_migrations', lockKey: WRITE_LOCK_KEY, dir: new URL('./migrations/', import.meta.url), files: MIGRATION_FILES });
}

interface WarrantRow {
  id: string;
  liid: string;
  state: string;
  hash: string;
  canonical: string;
  signatures: unknown;
  confirmations: unknown;
  statements: unknown;
  emergency_confirm_by: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  version: number;
}

interface TransitionRow {
  warrant_id: string;
  seq: number;
  from_state: string | null;
  to_state: string;
  at: Date | string;
  reason: string;
  warrant_hash: string;
  actor: string | null;
}

/** A timestamp column as PGlite (Date) or node-postgres (Date or text) returns it, in ISO form. */
export function iso(v: Date | string): string {
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

/** A jsonb column as either driver returns it. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- rows are typed by the caller's SELECT list
export function json<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/** The WHERE clause (and its parameters) of the filters warrants and production orders share. */
export function whereOf(filter: { ids?: readonly string[]; states?: readonly string[]; agencyId?: string; profileId?: string }): { where: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.ids) {
    params.push([...filter.ids]);
    where.push(`id::text = ANY($${params.length}::text[])`);
  }
  if (filter.states) {
    params.push([...filter.states]);
    where.push(`state = ANY($${params.length}::text[])`);
  }
  if (filter.agencyId !== undefined) {
    params.push(filter.agencyId);
    where.push(`agency_id = $${params.length}`);
  }
  if (filter.profileId !== undefined) {
    params.push(filter.profileId);
    where.push(`profile_id = $${params.length}`);
  }
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

const COLUMNS = 'id, liid, state, hash, canonical, signatures, confirmations, statements, emergency_confirm_by, created_at, updated_at, version';

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}

class SqlTx implements WarrantStoreTx {
  constructor(readonly c: SqlConnection) {}

  async get(id: string): Promise<WarrantRecord | undefined> {
    return (await this.list({ ids: [id] }))[0];
  }

  async list(filter: WarrantFilter = {}): Promise<WarrantRecord[]> {
    const { where, params } = whereOf(filter);
    const sql = `SELECT ${COLUMNS} FROM warrants ${where} ORDER BY created_at, id`;
    const rows = (await this.c.query<WarrantRow>(sql, params)).rows;
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const tr = await this.c.query<TransitionRow>(
      'SELECT warrant_id, seq, from_state, to_state, at, reason, warrant_hash, actor FROM warrant_transitions WHERE warrant_id::text = ANY($1::text[]) ORDER BY warrant_id, seq',
      [ids],
    );
    const history = new Map<string, TransitionRecord[]>();
    for (const t of tr.rows) {
      const rec: TransitionRecord = {
        seq: t.seq,
        from: t.from_state as WarrantState | null,
        to: t.to_state as WarrantState,
        at: iso(t.at),
        reason: t.reason,
        warrantHash: t.warrant_hash,
      };
      if (t.actor !== null) rec.actor = t.actor;
      const list = history.get(t.warrant_id) ?? [];
      list.push(rec);
      history.set(t.warrant_id, list);
    }
    return rows.map((r) => {
      const rec: WarrantRecord = {
        warrant: JSON.parse(r.canonical) as Warrant,
        canonical: r.canonical,
        hash: r.hash,
        liid: r.liid,
        state: r.state as WarrantState,
        signatures: json<Signature[]>(r.signatures),
        confirmations: json<SignedStatement[]>(r.confirmations),
        statements: json<SignedStatement[]>(r.statements),
        createdAt: iso(r.created_at),
        updatedAt: iso(r.updated_at),
        version: r.version,
        history: history.get(r.id) ?? [],
      };
      if (r.emergency_confirm_by !== null) rec.emergencyConfirmBy = iso(r.emergency_confirm_by);
      return rec;
    });
  }

  async insert(r: WarrantRecord): Promise<void> {
    const w = r.warrant;
    try {
      await this.c.query(
        `INSERT INTO warrants (id, reference, agency_id, profile_id, liid, state, hash, canonical, signatures, confirmations,
           statements, emergency_confirm_by, renews, start_at, end_at, created_at, updated_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11::jsonb, $12, $13, $14, $15, $16, $17, $18)`,
        [
          w.id,
          w.reference,
          w.agency.id,
          w.profileId,
          r.liid,
          r.state,
          r.hash,
          r.canonical,
          JSON.stringify(r.signatures),
          JSON.stringify(r.confirmations),
          JSON.stringify(r.statements),
          r.emergencyConfirmBy ?? null,
          w.renews ?? null,
          w.start,
          w.end,
          r.createdAt,
          r.updatedAt,
          r.version,
        ],
      );
    } catch (cause) {
      if (isUniqueViolation(cause)) {
        throw new WarrantError('WARRANT_DUPLICATE', 'a warrant with this id, reference or LIID exists', { cause, details: { warrantId: w.id } });
      }
      throw cause;
    }
    await this.#appendHistory(w.id, r.history);
  }

  async update(r: WarrantRecord, expectedVersion: number): Promise<void> {
    const res = await this.c.query(
      `UPDATE warrants SET state = $3, signatures = $4::jsonb, confirmations = $5::jsonb, statements = $6::jsonb,
         emergency_confirm_by = $7, updated_at = $8, version = $9
       WHERE id = $1 AND version = $2 AND hash = $10`,
      [
        r.warrant.id,
        expectedVersion,
        r.state,
        JSON.stringify(r.signatures),
        JSON.stringify(r.confirmations),
        JSON.stringify(r.statements),
        r.emergencyConfirmBy ?? null,
        r.updatedAt,
        r.version,
        r.hash,
      ],
    );
    if (res.affectedRows !== 1) {
      throw new WarrantError('WARRANT_STORE_CONFLICT', `warrant ${r.warrant.id} changed concurrently (expected version ${expectedVersion})`, {
        details: { warrantId: r.warrant.id },
      });
    }
    await this.#appendHistory(r.warrant.id, r.history);
  }

  async #appendHistory(id: string, history: readonly TransitionRecord[]): Promise<void> {
    const have = await this.c.query<{ n: number | null }>('SELECT max(seq) AS n FROM warrant_transitions WHERE warrant_id = $1', [id]);
    const max = have.rows[0]?.n ?? 0;
    for (const t of history) {
      if (t.seq <= max) continue;
      await this.c.query(
        'INSERT INTO warrant_transitions (warrant_id, seq, from_state, to_state, at, reason, warrant_hash, actor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [id, t.seq, t.from, t.to, t.at, t.reason, t.warrantHash, t.actor ?? null],
      );
    }
  }
}

export class SqlWarrantStore implements WarrantStore {
  readonly #driver: SqlDriver;
  constructor(driver: SqlDriver) {
    this.#driver = driver;
  }
  // Reads run in a transaction of their own so the warrant rows and their history are one snapshot.
  get(id: string): Promise<WarrantRecord | undefined> {
    return this.#driver.transaction((c) => new SqlTx(c).get(id));
  }
  list(filter?: WarrantFilter): Promise<WarrantRecord[]> {
    return this.#driver.transaction((c) => new SqlTx(c).list(filter));
  }
  transaction<T>(fn: (tx: WarrantStoreTx) => Promise<T>): Promise<T> {
    return this.#driver.transaction(async (c) => {
      // Serialise writers across processes: caps and state checks see a consistent view.
      await c.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK_KEY]);
      return fn(new SqlTx(c));
    });
  }
  /** Production orders share the database (production-order-store.ts): a read in its own transaction. */
  sqlRead<T>(fn: (c: SqlConnection) => Promise<T>): Promise<T> {
    return this.#driver.transaction(fn);
  }
  /** … and a write, serialised with every warrant writer by the same advisory lock. */
  sqlWrite<T>(fn: (c: SqlConnection) => Promise<T>): Promise<T> {
    return this.#driver.transaction(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK_KEY]);
      return fn(c);
    });
  }
  close(): Promise<void> {
    return this.#driver.close();
  }
}
