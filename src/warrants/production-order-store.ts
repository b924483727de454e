/**
 * The production-order store: tables of migrations/002_production_orders.sql, in the warrant
 * store's database (embedded PGlite or PostgreSQL, the same statements), written under the same
 * advisory lock as warrants. Writes happen only inside `transaction`, so an order's row and its
 * history change together or not at all.
 */
import { ProductionOrderError } from './production-order-errors.ts';
import type { OrderRevocation, OrderSignature, OrderState, OrderTransition, ProductionOrder, ProductionOrderRecord } from './production-order-model.ts';
import { iso, json, whereOf, type SqlConnection, type SqlWarrantStore } from './store-sql.ts';

export interface OrderFilter {
  states?: readonly OrderState[];
  agencyId?: string;
  ids?: readonly string[];
}

export interface OrderReader {
  get(id: string): Promise<ProductionOrderRecord | undefined>;
  /** Sorted by creation time, then id. */
  list(filter?: OrderFilter): Promise<ProductionOrderRecord[]>;
}

export interface OrderStoreTx extends OrderReader {
  /** Unique violations → ORDER_DUPLICATE. */
  insert(record: ProductionOrderRecord): Promise<void>;
  /** Version mismatch → ORDER_STORE_CONFLICT; appends history entries not stored yet. */
  update(record: ProductionOrderRecord, expectedVersion: number): Promise<void>;
}

export interface OrderStore extends OrderReader {
  transaction<T>(fn: (tx: OrderStoreTx) => Promise<T>): Promise<T>;
}

interface OrderRow {
  id: string;
  state: string;
  hash: string;
  canonical: string;
  signatures: unknown;
  revocations: unknown;
  confirm_by: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  version: number;
}


class SqlOrderTx implements OrderStoreTx {
  constructor(readonly c: SqlConnection) {}

  async get(id: string): Promise<ProductionOrderRecord | undefined> {
    return (await this.list({ ids: [id] }))[0];
  }

  async list(filter: OrderFilter = {}): Promise<ProductionOrderRecord[]> {
    const { where, params } = whereOf(filter);
    const rows = (
      await this.c.query<OrderRow>(
        `SELECT id, state, hash, canonical, signatures, revocations, confirm_by, created_at, updated_at, version FROM production_orders ${where} ORDER BY created_at, id`,
        params,
      )
    ).rows;
    if (rows.length === 0) return [];
    const tr = await this.c.query<{ order_id: string; seq: number; from_state: string | null; to_state: string; at: Date | string; reason: string }>(
      'SELECT order_id, seq, from_state, to_state, at, reason FROM production_order_transitions WHERE order_id::text = ANY($1::text[]) ORDER BY order_id, seq',
      [rows.map((r) => r.id)],
    );
    const history = new Map<string, OrderTransition[]>();
    for (const t of tr.rows) {
      const list = history.get(t.order_id) ?? [];
      list.push({ seq: t.seq, from: t.from_state as OrderState | null, to: t.to_state as OrderState, at: iso(t.at), reason: t.reason });
      history.set(t.order_id, list);
    }
    return rows.map((r) => {
      const rec: ProductionOrderRecord = {
        order: JSON.parse(r.canonical) as ProductionOrder,
        canonical: r.canonical,
        hash: r.hash,
        state: r.state as OrderState,
        signatures: json<OrderSignature[]>(r.signatures),
        revocations: json<OrderRevocation[]>(r.revocations),
        createdAt: iso(r.created_at),
        updatedAt: iso(r.updated_at),
        version: r.version,
        history: history.get(r.id) ?? [],
      };
      if (r.confirm_by !== null) rec.confirmBy = iso(r.confirm_by);
      return rec;
    });
  }

  async insert(r: ProductionOrderRecord): Promise<void> {
    const o = r.order;
    try {
      await this.c.query(
        `INSERT INTO production_orders (id, reference, agency_id, profile_id, authorisation, state, hash, canonical, signatures, revocations,
           confirm_by, period_start, period_end, valid_until, created_at, updated_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $12, $13, $14, $15, $16, $17)`,
        [o.id, o.reference, o.agency.id, o.profileId, o.authorisation, r.state, r.hash, r.canonical, JSON.stringify(r.signatures), JSON.stringify(r.revocations),
          r.confirmBy ?? null, o.period.start, o.period.end, o.validUntil, r.createdAt, r.updatedAt, r.version],
      );
    } catch (cause) {
      if (typeof cause === 'object' && cause !== null && (cause as { code?: unknown }).code === '23505') {
        throw new ProductionOrderError('ORDER_DUPLICATE', 'a production order with this id, or this reference for this agency, exists', { cause, details: { orderId: o.id } });
      }
      throw cause;
    }
    await this.#appendHistory(o.id, r.history);
  }

  async update(r: ProductionOrderRecord, expectedVersion: number): Promise<void> {
    const res = await this.c.query(
      `UPDATE production_orders SET state = $3, signatures = $4::jsonb, revocations = $5::jsonb, confirm_by = $6, updated_at = $7, version = $8
       WHERE id = $1 AND version = $2 AND hash = $9`,
      [r.order.id, expectedVersion, r.state, JSON.stringify(r.signatures), JSON.stringify(r.revocations), r.confirmBy ?? null, r.updatedAt, r.version, r.hash],
    );
    if (res.affectedRows !== 1) {
      throw new ProductionOrderError('ORDER_STORE_CONFLICT', `production order ${r.order.id} changed concurrently (expected version ${expectedVersion})`, { details: { orderId: r.order.id } });
    }
    await this.#appendHistory(r.order.id, r.history);
  }

  async #appendHistory(id: string, history: readonly OrderTransition[]): Promise<void> {
    const have = await this.c.query<{ n: number | null }>('SELECT max(seq) AS n FROM production_order_transitions WHERE order_id = $1', [id]);
    const max = have.rows[0]?.n ?? 0;
    for (const t of history) {
      if (t.seq <= max) continue;
      await this.c.query('INSERT INTO production_order_transitions (order_id, seq, from_state, to_state, at, reason) VALUES ($1, $2, $3, $4, $5, $6)', [id, t.seq, t.from, t.to, t.at, t.reason]);
    }
  }
}

/** The order store over an open warrant store (it owns the connection; close that one). */
export class SqlOrderStore implements OrderStore {
  constructor(private readonly warrants: SqlWarrantStore) {}
  get(id: string): Promise<ProductionOrderRecord | undefined> {
    return this.warrants.sqlRead((c) => new SqlOrderTx(c).get(id));
  }
  list(filter?: OrderFilter): Promise<ProductionOrderRecord[]> {
    return this.warrants.sqlRead((c) => new SqlOrderTx(c).list(filter));
  }
  transaction<T>(fn: (tx: OrderStoreTx) => Promise<T>): Promise<T> {
    return this.warrants.sqlWrite((c) => fn(new SqlOrderTx(c)));
  }
}
