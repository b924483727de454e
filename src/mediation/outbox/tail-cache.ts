/**
 * The unconfirmed records of an outbox, in memory, chunk by chunk as they were committed (one entry
 * per group commit, the last one still being appended to), so a sender that keeps up takes them
 * without touching the disk or copying. Bounded: once its committed chunks keep more than `limit`
 * octets the newest committed ones are dropped and read back from the segments when the sender
 * reaches them. Newest, not oldest: the sender reads in order, so dropping the oldest would drop the
 * very chunk it needs next, and then the next, and a sender a little behind would read everything
 * from disk; dropping the newest keeps the `limit` octets it needs first in memory. Records not yet
 * durable are never dropped (they are nowhere else); the quota bounds them.
 */
export interface CachedChunk {
  first: number;
  /** The caller's arrays, held as appended (not copied). */
  records: Uint8Array[];
  ats: number[];
  /** Sum of record lengths plus their per-record overhead in the chunk's plaintext. */
  plainBytes: number;
  /** What holding the chunk keeps in memory, counted against the bound once committed (heldBytes). */
  held?: number;
}

/**
 * The memory a chunk's records keep alive. A record may be a view into a larger buffer shared with
 * other records — the PS-PDU template's 64 KiB slabs (src/standards/hi2hi3/template.ts), which hold
 * other destinations' records too — and a cached view pins the whole buffer. So each distinct buffer
 * counts in full, once per run of records in it (records of a chunk are in append order, so a
 * slab's records are adjacent); never less than the plaintext. Without this, two destinations whose
 * records interleave in the same slabs would each pin up to twice their bound. A record that is its
 * whole buffer (an Annex J integrity PDU, integrity-pdu.ts) counts its own octets and does not end
 * the run around it: a Hash PDU every 100 data PDUs would otherwise count each slab two or three
 * times, and the cache would hold a third of what its bound allows (and the sender read the rest
 * back from disk).
 */
export function heldBytes(records: readonly Uint8Array[], plainBytes: number): number {
  let n = 0;
  let last: ArrayBufferLike | undefined;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const b = r.buffer;
    if (b === last) continue;
    if (r.byteOffset === 0 && r.length === b.byteLength) {
      n += r.length;
      continue;
    }
    last = b;
    n += b.byteLength;
  }
  return Math.max(n, plainBytes);
}

export class TailCache {
  private chunks: (CachedChunk | undefined)[] = [];
  private head = 0;
  private bytes = 0;

  constructor(private readonly limit: number) {}

  /** Starts the chunk that appends go to until the next commit. */
  open(first: number): CachedChunk {
    const c: CachedChunk = { first, records: [], ats: [], plainBytes: 0 };
    this.chunks.push(c);
    return c;
  }

  /** Counts a chunk's octets against the bound once it is committed. */
  committed(c: CachedChunk): void {
    c.held = heldBytes(c.records, c.plainBytes);
    this.bytes += c.held;
  }

  /** The cached chunk holding `position`, if any. */
  chunkAt(position: number): CachedChunk | undefined {
    let lo = this.head;
    let hi = this.chunks.length - 1;
    if (lo > hi || position < this.chunks[lo]!.first) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunks[mid]!.first <= position) lo = mid;
      else hi = mid - 1;
    }
    const c = this.chunks[lo]!;
    return position < c.first + c.records.length ? c : undefined;
  }

  /**
   * Drops chunks wholly before `confirmed`, then, while over the bound, the newest durable ones (a
   * dropped chunk leaves a gap in `chunks`, which stays sorted: chunkAt finds no chunk there).
   */
  trim(confirmed: number, durable: number): void {
    while (this.head < this.chunks.length) {
      const c = this.chunks[this.head]!;
      const end = c.first + c.records.length;
      if (end > durable || end > confirmed) break;
      this.bytes -= c.held ?? 0;
      this.chunks[this.head++] = undefined;
    }
    if (this.bytes > this.limit) {
      // Committed chunks come before the one being written and the one being appended to.
      let i = this.chunks.length - 1;
      while (i >= this.head && this.chunks[i]!.first + this.chunks[i]!.records.length > durable) i--;
      for (; i >= this.head && this.bytes > this.limit; i--) {
        this.bytes -= this.chunks[i]!.held ?? 0;
        this.chunks.splice(i, 1);
      }
    }
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  /** Octets of committed records held. */
  get size(): number {
    return this.bytes;
  }
}
