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

  has(n: number): boolean {
    const r = this.ranges;
    let lo = 0;
    let hi = r.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (r[mid]![1] < n) lo = mid + 1;
      else hi = mid;
    }
    const at = r[lo];
    return at !== undefined && at[0] <= n;
  }

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

/**
 * How PDUs are grouped into sequence-number contexts:
 *  - `liid-cin` (default, docs/profile.md "HI2/HI3" and the project's MDF): one run per (LIID, CIN),
 *    IRI and CC together, whatever the network element;
 *  - `ts102232`: TS 102 232-1 §5.2.5 Table 1A: (LIID, operator, network element, CIN, delivery
 *    country, payload type), IRI and CC counted independently.
 */
export type SequenceContextMode = 'liid-cin' | 'ts102232';

export interface SequenceContext {
  liid: string;
  cin: number | undefined;
  /** Identifies the context (see sequenceContextKey); persisted with each record. */
  key: string;
}

/**
 * The context key of a PDU. `epoch` counts the TRI cINReset messages seen for the LIID (§6.2.2: after
 * one, "the LEMF shall consider the CIN state and history for this LIID to be reset").
 */
export function sequenceContextKey(
  mode: SequenceContextMode,
  h: { liid: string; operator: string; networkElement: string | undefined; cin: number | undefined; deliveryCountryCode: string | undefined; payloadKind: string },
  epoch: number,
): string {
  const parts = mode === 'liid-cin' ? [h.liid, h.cin ?? null] : [h.liid, h.operator, h.networkElement ?? null, h.cin ?? null, h.deliveryCountryCode ?? null, h.payloadKind];
  return JSON.stringify(epoch > 0 ? [...parts, `reset-${epoch}`] : parts);
}

export class SequenceTracker {
  private readonly streams = new Map<string, { liid: string; cin: number | null; key: string; seen: RangeSet; duplicates: number[]; duplicateCount: number }>();

  /** Records a received sequence number; true when it had been received before (a duplicate). */
  observe(context: SequenceContext, sequenceNumber: number): boolean {
    const { liid, cin, key } = context;
    let s = this.streams.get(key);
    if (!s) {
      s = { liid, cin: cin ?? null, key, seen: new RangeSet(), duplicates: [], duplicateCount: 0 };
      this.streams.set(key, s);
    }
    if (s.seen.add(sequenceNumber)) return false;
    s.duplicateCount++;
    if (s.duplicates.length < MAX_DUPLICATES_LISTED) s.duplicates.push(sequenceNumber);
    return true;
  }

  has(key: string, sequenceNumber: number): boolean {
    return this.streams.get(key)?.seen.has(sequenceNumber) ?? false;
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
        context: s.key,
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
