/**
 * Records held per LIID and kind, for the warrant list, without reading the records again on every
 * request: seeded once per LIID from the LEMF's store, then kept up by the records of each PDU as
 * it is stored (MonitoringStoreOptions.onRecords). Also the feed of `records` notifications for
 * the console's server-sent events until the query store provides its own.
 */
import type { MonitoringRecord, RecordKind } from '../../monitoring/types.ts';
import type { RecordsNotification } from '../store/types.ts';

export class RecordCounts {
  private readonly byLiid = new Map<string, Record<string, number>>();
  private readonly subscribers = new Set<(n: RecordsNotification) => void>();

  /** `seed(liid)`: the LEMF store's counts now (including records already announced); {} if it holds none. */
  constructor(private readonly seed: (liid: string) => Record<string, number>) {}

  counts(liid: string): Record<string, number> {
    return { ...this.seeded(liid) };
  }

  /** The records of one PDU, just stored. */
  add(records: readonly MonitoringRecord[]): void {
    const batches = new Map<string, Partial<Record<RecordKind, number>>>();
    for (const r of records) {
      const kinds = batches.get(r.liid) ?? {};
      kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
      batches.set(r.liid, kinds);
    }
    for (const [liid, kinds] of batches) {
      const known = this.byLiid.get(liid);
      // A LIID seen for the first time is seeded from the store, which already holds these records.
      if (known === undefined) this.seeded(liid);
      else for (const [k, n] of Object.entries(kinds)) known[k] = (known[k] ?? 0) + (n ?? 0);
      const n: RecordsNotification = { liid, count: Object.values(kinds).reduce<number>((a, b) => a + (b ?? 0), 0), kinds };
      for (const s of this.subscribers) s(n);
    }
  }

  forget(liid: string): void {
    this.byLiid.delete(liid);
  }

  subscribe(cb: (n: RecordsNotification) => void): () => void {
    this.subscribers.add(cb);
    return () => this.subscribers.delete(cb);
  }

  private seeded(liid: string): Record<string, number> {
    let c = this.byLiid.get(liid);
    if (c === undefined) {
      try {
        c = { ...this.seed(liid) };
      } catch {
        c = {};
      }
      this.byLiid.set(liid, c);
    }
    return c;
  }
}
