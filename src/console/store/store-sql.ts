/**
 * The console's query store over SQL (PGlite or PostgreSQL, same statements). Writes are serialised
 * on one chain: queued ingest batches, rebuilds and destructions never interleave, so a LIID destroyed
 * at retention end cannot be re-filled by a batch that was still queued for it.
 */
import type { MonitoringRecord, RecordKind } from '../../monitoring/types.ts';
import { RECORD_KINDS } from '../../monitoring/types.ts';
import type { SqlConnection, SqlDriver } from './driver.ts';
import { fromRow, json, RECORD_FROM, RECORD_SELECT, recordRow, type RecordRow } from './rows.ts';
import { browsingView, callDetail, callViews, contactViews, locationView, searchRecords, smsThreads } from './views-sql.ts';
import type {
  BrowsingView,
  CallDetail,
  CallView,
  CellView,
  ConsoleQueryStore,
  ConsoleStoreOptions,
  ContactView,
  ExportFile,
  ExportRow,
  LocationPoint,
  ManifestFile,
  PrivilegedMark,
  RebuildReport,
  RecordSource,
  RecordsNotification,
  SearchHit,
  SmsThread,
  StoredRecord,
  TimelinePage,
  TimelineQuery,
} from './types.ts';

const INSERT = `INSERT INTO console_records (liid, id, kind, channel, at_us, time_stamp, direction, iri_type, cin, identities, declared_targets, summary, evidence, duplicate, search)
  SELECT x.liid, x.id, x.kind, x.channel, x.at_us, x.time_stamp, x.direction, x.iri_type, x.cin,
         ARRAY(SELECT jsonb_array_elements_text(x.identities)), ARRAY(SELECT jsonb_array_elements_text(x.declared_targets)),
         x.summary, x.evidence, x.duplicate, x.search
  FROM jsonb_to_recordset($1::jsonb) AS x(liid text, id integer, kind text, channel text, at_us bigint, time_stamp text, direction text,
       iri_type text, cin bigint, identities jsonb, declared_targets jsonb, summary jsonb, evidence jsonb, duplicate boolean, search text)
  ON CONFLICT (liid, id) DO NOTHING
  RETURNING liid, kind`;

/** Queued rows beyond which new ones are dropped (reported; `rebuild` restores them from the LEMF). */
const MAX_QUEUED = 1_000_000;

export class SqlConsoleStore implements ConsoleQueryStore {
  private queue: { liid: string; row: Record<string, unknown> }[] = [];
  private writes: Promise<unknown> = Promise.resolve();
  private scheduled = false;
  private lastError: Error | undefined;
  private readonly subscribers = new Set<(n: RecordsNotification) => void>();
  /** Timeline totals by filter, valid while the LIID's generation is unchanged. */
  private readonly totals = new Map<string, { generation: number; total: number }>();
  private readonly generations = new Map<string, number>();
  private readonly batchRows: number;

  constructor(
    private readonly db: SqlDriver,
    private readonly o: ConsoleStoreOptions = {},
  ) {
    this.batchRows = o.batchRows ?? 500;
  }

  // ---- writes ----

  ingest(records: readonly MonitoringRecord[]): void {
    if (this.queue.length + records.length > MAX_QUEUED) {
      this.o.onError?.(new Error(`console ingest queue full: ${records.length} records dropped (rebuild restores them)`));
      return;
    }
    for (const r of records) this.queue.push({ liid: r.liid, row: recordRow(r) });
    if (!this.scheduled) {
      this.scheduled = true;
      void this.serial(() => this.drain());
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.writes.then(fn, fn);
    this.writes = next.catch(() => undefined);
    return next;
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.batchRows * 8);
      try {
        const inserted = await this.db.transaction((c) => this.insertRows(c, batch.map((b) => b.row)));
        this.lastError = undefined;
        this.notify(inserted);
      } catch (e) {
        // Keep the rows for the next attempt; the LEMF's records stay the source of truth either way.
        this.queue.unshift(...batch);
        this.lastError = e as Error;
        this.o.onError?.(this.lastError);
        return;
      }
    }
  }

  private async insertRows(c: SqlConnection, rows: Record<string, unknown>[]): Promise<{ liid: string; kind: string }[]> {
    const out: { liid: string; kind: string }[] = [];
    for (let i = 0; i < rows.length; i += this.batchRows) {
      const r = await c.query<{ liid: string; kind: string }>(INSERT, [JSON.stringify(rows.slice(i, i + this.batchRows))]);
      out.push(...r.rows);
    }
    return out;
  }

  private notify(inserted: { liid: string; kind: string }[]): void {
    const by = new Map<string, RecordsNotification>();
    for (const { liid, kind } of inserted) {
      let n = by.get(liid);
      if (!n) by.set(liid, (n = { liid, count: 0, kinds: {} }));
      n.count++;
      n.kinds[kind as RecordKind] = (n.kinds[kind as RecordKind] ?? 0) + 1;
    }
    for (const n of by.values()) {
      this.generations.set(n.liid, (this.generations.get(n.liid) ?? 0) + 1);
      for (const cb of this.subscribers) {
        try {
          cb(n);
        } catch (e) {
          this.o.onError?.(e as Error);
        }
      }
    }
  }

  async flush(): Promise<void> {
    if (this.queue.length > 0 && !this.scheduled) {
      this.scheduled = true;
      void this.serial(() => this.drain());
    }
    await this.serial(() => Promise.resolve());
    if (this.lastError) throw this.lastError;
  }

  subscribe(cb: (n: RecordsNotification) => void): () => void {
    this.subscribers.add(cb);
    return () => this.subscribers.delete(cb);
  }

  rebuild(source: RecordSource): Promise<RebuildReport> {
    return this.serial(async () => {
      await this.drain();
      const report: RebuildReport = { liids: 0, records: 0, inserted: 0, beyond: 0, dropped: [] };
      const held = new Set(source.liids());
      for (const liid of await this.liids()) {
        if (held.has(liid)) continue;
        await this.deleteLiid(liid);
        report.dropped.push(liid);
      }
      for (const liid of held) {
        const records = source.records(liid);
        report.liids++;
        report.records += records.length;
        // Rows the LEMF does not hold (a store that outlived a cut evidence tail, e.g. PostgreSQL): the evidence decides.
        const last = records.reduce((m, r) => Math.max(m, r.id), -1);
        const beyond = await this.db.query('DELETE FROM console_records WHERE liid = $1 AND id > $2', [liid, last]);
        if (beyond.affectedRows > 0) this.generations.set(liid, (this.generations.get(liid) ?? 0) + 1);
        report.beyond += beyond.affectedRows;
        // Batches commit in the LEMF's order, so a crash leaves each LIID a prefix: go on after it.
        const have = await this.db.query<{ n: string; max: number | null }>('SELECT count(*)::text AS n, max(id) AS max FROM console_records WHERE liid = $1', [liid]);
        const n = Number(have.rows[0]?.n ?? 0);
        const max = have.rows[0]?.max ?? -1;
        const missing = n === max + 1 ? records.filter((r) => r.id > max) : records;
        for (let i = 0; i < missing.length; i += this.batchRows * 8) {
          const rows = missing.slice(i, i + this.batchRows * 8).map((r) => recordRow(r));
          const inserted = await this.db.transaction((c) => this.insertRows(c, rows));
          report.inserted += inserted.length;
          this.notify(inserted);
        }
      }
      return report;
    });
  }

  destroy(liid: string): Promise<number> {
    return this.serial(async () => {
      this.queue = this.queue.filter((q) => q.liid !== liid);
      return this.deleteLiid(liid);
    });
  }

  private async deleteLiid(liid: string): Promise<number> {
    const n = await this.db.transaction(async (c) => {
      const r = await c.query('DELETE FROM console_records WHERE liid = $1', [liid]);
      await c.query('DELETE FROM console_privileged WHERE liid = $1', [liid]);
      await c.query('DELETE FROM console_exports WHERE liid = $1', [liid]);
      return r.affectedRows;
    });
    this.generations.set(liid, (this.generations.get(liid) ?? 0) + 1);
    return n;
  }

  // ---- reads ----

  async liids(): Promise<string[]> {
    const r = await this.db.query<{ liid: string }>('SELECT DISTINCT liid FROM console_records ORDER BY liid');
    return r.rows.map((x) => x.liid);
  }

  async counts(liid: string): Promise<Record<RecordKind, number>> {
    const out = Object.fromEntries(RECORD_KINDS.map((k) => [k, 0])) as Record<RecordKind, number>;
    const r = await this.db.query<{ kind: RecordKind; n: string }>('SELECT kind, count(*)::text AS n FROM console_records WHERE liid = $1 GROUP BY kind', [liid]);
    for (const x of r.rows) out[x.kind] = Number(x.n);
    return out;
  }

  async timeline(liid: string, q: TimelineQuery): Promise<TimelinePage> {
    const params: unknown[] = [liid];
    const where = ['r.liid = $1'];
    const p = (v: unknown): string => `$${params.push(v)}`;
    if (q.kinds && q.kinds.length > 0) where.push(`r.kind = ANY(${p(q.kinds)}::text[])`);
    if (q.target !== undefined) {
      const t = p([q.target]);
      where.push(`(r.identities @> ${t}::text[] OR r.declared_targets @> ${t}::text[])`);
    }
    if (q.direction !== undefined) where.push(`r.direction = ${p(q.direction)}`);
    if (q.fromUs !== undefined) where.push(`r.at_us >= ${p(q.fromUs.toString())}::bigint`);
    if (q.toUs !== undefined) where.push(`r.at_us < ${p(q.toUs.toString())}::bigint`);
    const filterKey = JSON.stringify([liid, where, params.slice(1)]);
    const filterParams = [...params];
    const filterWhere = where.join(' AND ');
    if (q.after) where.push(`(r.at_us, r.id) > (${p(q.after.atUs.toString())}::bigint, ${p(q.after.id)}::integer)`);
    const sql = `SELECT ${RECORD_SELECT} FROM ${RECORD_FROM} WHERE ${where.join(' AND ')} ORDER BY r.at_us, r.id LIMIT ${p(q.limit + 1)}`;
    const rows = (await this.db.query<RecordRow>(sql, params)).rows.map(fromRow);
    const more = rows.length > q.limit;
    if (more) rows.length = q.limit;
    const last = rows.at(-1);
    return { records: rows, ...(more && last ? { next: { atUs: last.atUs, id: last.id } } : {}), total: await this.total(liid, filterKey, filterWhere, filterParams) };
  }

  private async total(liid: string, key: string, where: string, params: unknown[]): Promise<number> {
    const generation = this.generations.get(liid) ?? 0;
    const cached = this.totals.get(key);
    if (cached?.generation === generation) return cached.total;
    const r = await this.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM console_records r WHERE ${where}`, params);
    const total = Number(r.rows[0]?.n ?? 0);
    if (this.totals.size > 1000) this.totals.clear();
    this.totals.set(key, { generation, total });
    return total;
  }

  async record(liid: string, id: number): Promise<StoredRecord | undefined> {
    const r = await this.db.query<RecordRow>(`SELECT ${RECORD_SELECT} FROM ${RECORD_FROM} WHERE r.liid = $1 AND r.id = $2`, [liid, id]);
    return r.rows[0] ? fromRow(r.rows[0]) : undefined;
  }

  async recordsOf(liid: string, kinds: readonly RecordKind[], o: { cin?: number; limit?: number } = {}): Promise<StoredRecord[]> {
    const params: unknown[] = [liid, kinds];
    let sql = `SELECT ${RECORD_SELECT} FROM ${RECORD_FROM} WHERE r.liid = $1 AND r.kind = ANY($2::text[])`;
    if (o.cin !== undefined) sql += ` AND r.cin = $${params.push(o.cin)}`;
    sql += ` ORDER BY r.at_us, r.id LIMIT $${params.push(o.limit ?? 100_000)}`;
    return (await this.db.query<RecordRow>(sql, params)).rows.map(fromRow);
  }

  calls(liid: string): Promise<CallView[]> {
    return callViews(this.db, liid);
  }
  call(liid: string, cin: number): Promise<CallDetail | undefined> {
    return callDetail(this.db, liid, cin);
  }
  smsThreads(liid: string): Promise<SmsThread[]> {
    return smsThreads(this.db, liid);
  }
  locations(liid: string): Promise<{ points: LocationPoint[]; cells: CellView[] }> {
    return locationView(this.db, liid);
  }
  browsing(liid: string): Promise<BrowsingView> {
    return browsingView(this.db, liid);
  }
  contacts(liid: string): Promise<ContactView[]> {
    return contactViews(this.db, liid);
  }
  search(liids: readonly string[], q: string, limit: number): Promise<SearchHit[]> {
    return searchRecords(this.db, liids, q, limit);
  }

  async setPrivileged(liid: string, id: number, privileged: boolean, by: string, reason: string): Promise<boolean> {
    if (!(await this.record(liid, id))) return false;
    if (privileged) {
      await this.db.query('INSERT INTO console_privileged (liid, id, marked_by, reason) VALUES ($1, $2, $3, $4) ON CONFLICT (liid, id) DO UPDATE SET marked_by = $3, reason = $4, at = now()', [liid, id, by, reason]);
    } else await this.db.query('DELETE FROM console_privileged WHERE liid = $1 AND id = $2', [liid, id]);
    return true;
  }

  replacePrivileged(marks: readonly PrivilegedMark[]): Promise<void> {
    // On the write chain, in one transaction: no destruction interleaves, no reader sees a half set.
    return this.serial(() =>
      this.db.transaction(async (c) => {
        await c.query('DELETE FROM console_privileged');
        const rows = marks.map((m) => ({ liid: m.liid, id: m.id, marked_by: m.by, reason: m.reason }));
        for (let i = 0; i < rows.length; i += this.batchRows)
          await c.query(
            'INSERT INTO console_privileged (liid, id, marked_by, reason) SELECT x.liid, x.id, x.marked_by, x.reason FROM jsonb_to_recordset($1::jsonb) AS x(liid text, id integer, marked_by text, reason text) ON CONFLICT (liid, id) DO NOTHING',
            [JSON.stringify(rows.slice(i, i + this.batchRows))],
          );
      }),
    );
  }

  // ---- exports ----

  async createExport(row: Omit<ExportRow, 'approvedBy' | 'createdAt' | 'manifest'>): Promise<void> {
    await this.db.query('INSERT INTO console_exports (id, liid, format, cin, status, requested_by, requester_role) VALUES ($1, $2, $3, $4, $5, $6, $7)', [row.id, row.liid, row.format, row.cin, row.status, row.requestedBy, row.requesterRole]);
  }

  async getExport(id: string): Promise<ExportRow | undefined> {
    const r = await this.db.query<{ id: string; liid: string; format: string; cin: string | null; status: string; requested_by: string; requester_role: string; approved_by: string | null; created_at: Date | string; manifest: unknown }>(
      'SELECT id, liid, format, cin::text AS cin, status, requested_by, requester_role, approved_by, created_at, manifest FROM console_exports WHERE id = $1',
      [id],
    );
    const x = r.rows[0];
    if (!x) return undefined;
    return {
      id: x.id,
      liid: x.liid,
      format: x.format as ExportRow['format'],
      cin: x.cin === null ? null : Number(x.cin),
      status: x.status as ExportRow['status'],
      requestedBy: x.requested_by,
      requesterRole: x.requester_role as ExportRow['requesterRole'],
      approvedBy: x.approved_by,
      createdAt: new Date(x.created_at).toISOString(),
      manifest: x.manifest === null ? null : json<{ files: ManifestFile[] }>(x.manifest),
    };
  }

  async completeExport(id: string, approvedBy: string | null, file: ExportFile, manifest: { files: ManifestFile[] }): Promise<void> {
    await this.db.query("UPDATE console_exports SET status = 'ready', approved_by = $2, manifest = $3::jsonb, file_name = $4, content_type = $5, file = $6 WHERE id = $1", [
      id,
      approvedBy,
      JSON.stringify(manifest),
      file.name,
      file.contentType,
      Buffer.from(file.bytes),
    ]);
  }

  async exportFile(id: string): Promise<ExportFile | undefined> {
    const r = await this.db.query<{ file_name: string; content_type: string; file: Uint8Array }>("SELECT file_name, content_type, file FROM console_exports WHERE id = $1 AND status = 'ready' AND file IS NOT NULL", [id]);
    const x = r.rows[0];
    return x ? { name: x.file_name, contentType: x.content_type, bytes: new Uint8Array(x.file) } : undefined;
  }

  /** A parameterised query on the store's database, for benches and tests that compare against plain SQL. */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- rows are typed by the caller's SELECT list
  rawQuery<R extends object>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> {
    return this.db.query<R>(sql, params);
  }

  evidenceOf(record: Pick<StoredRecord, 'liid' | 'evidence'>): Uint8Array | undefined {
    return this.o.evidence?.(record);
  }

  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    await this.db.close();
  }
}
