/**
 * Sequence-number checks per (LIID, CIN) (TS 102 232-1 §5.2.5: sequenceNumber counts the PDUs of one
 * CIN from 0, so the LEMF can tell lost and repeated PDUs). The profile numbers IRI and CC of one CIN
 * together, and HI2 and HI3 are separate connections, so order between them is not guaranteed:
 * received numbers are kept as a sorted list of disjoint ranges (memory grows with the number of
 * gaps, not of PDUs), and gaps are whatever lies between 0 and the highest number not covered.
 */
import type { SequenceReport } from './types.ts';

export class RangeSet {
  /** Sorted, disjoint, non-adjacent inclusive ranges. */
  private readonly ranges: [number, number][] = [];
  private count = 0;

  /** Adds n; false if it was already present. */
  add(n: number): boolean {
    const r = this.ranges;
    let lo = 0;
    let hi = r.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (r[mid]![1] < n) lo = mid + 1;
      else hi = mid;
    }
    // r[lo] is the first range ending at or after n.
    const at = r[lo];
    if (at && at[0] <= n) return false;
    const joinLeft = lo > 0 && r[lo - 1]![1] === n - 1;
    const joinRight = at !== undefined && at[0] === n + 1;
    if (joinLeft && joinRight) {
      r[lo - 1]![1] = at[1];
      r.splice(lo, 1);
    } else if (joinLeft) r[lo - 1]![1] = n;
    else if (joinRight) at[0] = n;
    else r.splice(lo, 0, [n, n]);
    this.count++;
    return true;
  }

  get size(): number {
    return this.count;
  }

  get max(): number {
    return this.ranges.at(-1)?.[1] ?? -1;
  }

  /** Numbers absent between `from` and the highest present, as inclusive ranges. */
  missing(from = 0): [number, number][] {
    const out: [number, number][] = [];
    let next = from;
    for (const [a, b] of this.ranges) {
      if (b < next) continue;
      if (a > next) out.push([next, a - 1]);
      next = b + 1;
    }
    return out;
  }
}

const MAX_DUPLICATES_LISTED = 1000;

export class SequenceTracker {
  private readonly streams = new Map<string, { liid: string; cin: number | null; seen: RangeSet; duplicates: number[]; duplicateCount: number }>();

  /** Records a received sequence number; true when it had been received before (a duplicate). */
  observe(liid: string, cin: number | undefined, sequenceNumber: number): boolean {
    const key = `${liid}\u0000${cin ?? ''}`;
    let s = this.streams.get(key);
    if (!s) {
      s = { liid, cin: cin ?? null, seen: new RangeSet(), duplicates: [], duplicateCount: 0 };
      this.streams.set(key, s);
    }
    if (s.seen.add(sequenceNumber)) return false;
    s.duplicateCount++;
    if (s.duplicates.length < MAX_DUPLICATES_LISTED) s.duplicates.push(sequenceNumber);
    return true;
  }

  forget(liid: string): void {
    for (const [k, s] of this.streams) if (s.liid === liid) this.streams.delete(k);
  }

  report(): SequenceReport[] {
    return [...this.streams.values()].map((s) => {
      const missing = s.seen.missing(0);
      return {
        liid: s.liid,
        cin: s.cin,
        received: s.seen.size,
        highest: s.seen.max,
        missing,
        missingCount: missing.reduce((n, [a, b]) => n + b - a + 1, 0),
        duplicates: [...s.duplicates],
        duplicateCount: s.duplicateCount,
      };
    });
  }
}
