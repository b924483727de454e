/**
 * Where PS-PDUs for one LEMF port wait for delivery, and until the LEMF confirms them
 * (TS 102 232-1 §6.3.3 buffering, §6.3.6 PDU acknowledgement). One interface for every
 * implementation: the MDF's durable, segmented, encrypted outbox (src/mediation/outbox/), an
 * in-memory queue for tests, and later a replicated backbone.
 *
 * Positions are record indexes, monotonic over the queue's whole life (they survive a restart of
 * the MDF): record i has position i, and "everything before position p" is records 0..p-1.
 */
export interface DeliveryQueue {
  /**
   * Up to `max` records not yet taken since the last rewind, oldest first, and the position just
   * after the last of them. Only released records are returned (durable and audited, where the
   * implementation distinguishes). Taking does not remove anything.
   */
  take(max: number): { records: Uint8Array[]; next: number };
  /** The LEMF holds every record before `position` (acknowledged, or written when it does not acknowledge): they may be discarded. */
  confirm(position: number): void;
  /** The connection was lost: the next take starts again at the oldest unconfirmed record (§6.3.3 resend). */
  rewind(): void;
  /** Records not yet confirmed (taken or not). */
  readonly length: number;
  /** Position of the oldest unconfirmed record. */
  readonly confirmed: number;
  /** Resolves when take() would return at least one record. */
  whenReady(): Promise<void>;
}

/** A DeliveryQueue in memory (tests and benches; the MDF uses its durable outbox). */
export class MemoryDeliveryQueue implements DeliveryQueue {
  private items: Uint8Array[] = [];
  /** Position of items[0]. */
  private base = 0;
  private cursor = 0;
  private waiters: (() => void)[] = [];

  get length(): number {
    return this.items.length;
  }

  get confirmed(): number {
    return this.base;
  }

  push(rec: Uint8Array): void {
    this.items.push(rec);
    for (const w of this.waiters.splice(0)) w();
  }

  take(max: number): { records: Uint8Array[]; next: number } {
    const from = this.cursor - this.base;
    const records = this.items.slice(from, from + max);
    this.cursor += records.length;
    return { records, next: this.cursor };
  }

  confirm(position: number): void {
    const n = Math.min(position - this.base, this.items.length);
    if (n <= 0) return;
    this.items.splice(0, n);
    this.base += n;
    if (this.cursor < this.base) this.cursor = this.base;
  }

  rewind(): void {
    this.cursor = this.base;
  }

  whenReady(): Promise<void> {
    if (this.cursor - this.base < this.items.length) return Promise.resolve();
    return new Promise((r) => this.waiters.push(r));
  }
}
