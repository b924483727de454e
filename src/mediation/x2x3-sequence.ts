/**
 * X2/X3 loss detection at the MDF (TS 103 221-2 §4.2.2: "X2/X3 is required to provide sufficient
 * information … to detect loss of material"; Annex A.1.8 error detection). §5.3.9: the POI numbers its
 * PDUs from 0, by one, per XID, DID, NFID, IPID and Correlation ID, X2 and X3 separately, and wraps to 0
 * after 2^32 - 1. The MDF is the DID and the POI's certificate identity stands for its NF, so a stream
 * here is (POI, XID, Correlation ID, PDU type).
 *
 * Per PDU, with `next` the number expected on the stream:
 *  - n = next: in order;
 *  - n ahead of next (modulo 2^32, by less than 2^31): numbers next … n-1 were lost — a gap;
 *  - n = 0 behind next: the POI restarted its numbering (a POI restart): counted, not loss;
 *  - n behind next by at most DUPLICATE_WINDOW: a duplicate or late PDU: counted, `next` unchanged;
 *  - n further behind: a restart whose first n PDUs never arrived (numbers 0 … n-1 lost).
 * The first PDU of a stream the MDF has not seen sets `next` (what went before it — before an MDF start,
 * or before the stream was evicted — cannot be judged). Records are never dropped here: loss is
 * reported, the records that did arrive go through the guard as usual.
 *
 * Memory is bounded: one number per stream, at most `maxStreams` streams (the oldest is evicted), the
 * streams of ended XIDs are forgotten, and reports wait at most one flush per (POI, XID).
 */
import { PduType, type DecodedX2X3Pdu } from '../standards/x2x3/index.ts';

const WRAP = 2 ** 32;
const HALF = 2 ** 31;
/** How far behind `next` a number is still taken for a duplicate rather than a restart. */
export const DUPLICATE_WINDOW = 65_536;
const MAX_RANGES = 8;
const MAX_PENDING = 10_000;

export interface X2X3SequenceStats {
  /** PDUs known lost (sum of the gaps). */
  lost: number;
  gaps: number;
  duplicates: number;
  restarts: number;
  /** PDUs without a Sequence Number attribute (nothing to check). */
  unnumbered: number;
  /** Streams tracked now. */
  streams: number;
}

/** What one flush reports for one (POI, XID): audited `mdf.x2x3-loss`. */
export interface X2X3LossReport {
  poi: string;
  xid: string;
  lost: number;
  gaps: number;
  duplicates: number;
  restarts: number;
  /** The first missing ranges, inclusive (stream = Correlation ID and PDU type). */
  missing: { stream: string; from: number; to: number }[];
}

/**
 * The streams of one XID, and the last one a PDU of this XID went to: a connection carries long runs
 * of one XID, Correlation ID and type — and with many tasks, PDUs of different XIDs interleave, but
 * each XID's own PDUs still come on one stream. Reusing the key saves building a string (with a
 * BigInt in it) per PDU.
 */
interface XidStreams {
  streams: Map<string, number>;
  lastPoi: string;
  lastCorrelation: bigint;
  lastType: number;
  /** '' until the first PDU; may name a stream since evicted (then its lookup misses, as it should). */
  lastKey: string;
}

export class X2X3SequenceTracker {
  private readonly byXid = new Map<string, XidStreams>();
  private size = 0;
  private readonly pending = new Map<string, X2X3LossReport>();
  private readonly totals: Omit<X2X3SequenceStats, 'streams'> = { lost: 0, gaps: 0, duplicates: 0, restarts: 0, unnumbered: 0 };

  constructor(
    private readonly o: {
      maxStreams?: number;
      /** Called for the first gap of a (POI, XID) since the last flush (the alarm). */
      onFirstGap?: (r: X2X3LossReport) => void;
    } = {},
  ) {}

  /** The last PDU's XID and its entry (no map lookup for a run of one XID). Cleared whenever streams or XIDs are forgotten. */
  private lastXid = '';
  private lastEntry: XidStreams | undefined;

  observe(pdu: DecodedX2X3Pdu, poi: string): void {
    let n: number | undefined;
    // §5.3.1: a Sequence Number occurs once; of several, the first counts (as firstAttribute reads it).
    for (const a of pdu.attributes) {
      if (a.kind === 'sequenceNumber') {
        n = a.value;
        break;
      }
    }
    if (n === undefined) {
      this.totals.unnumbered++;
      return;
    }
    let x = pdu.xid === this.lastXid ? this.lastEntry : undefined;
    x ??= this.byXid.get(pdu.xid);
    let stream: string;
    if (x !== undefined && x.lastKey !== '' && poi === x.lastPoi && pdu.correlationId === x.lastCorrelation && pdu.pduType === x.lastType) stream = x.lastKey;
    else stream = `${poi}\u0000${pdu.correlationId}\u0000${pdu.pduType === PduType.X3 ? 'X3' : 'X2'}`;
    const next = x?.streams.get(stream);
    if (x === undefined || next === undefined) {
      // A new stream: make room first (eviction may drop this XID's entry), then take the XID's entry.
      if (this.size >= (this.o.maxStreams ?? 100_000)) this.evictOldest();
      x = this.byXid.get(pdu.xid);
      if (!x) this.byXid.set(pdu.xid, (x = { streams: new Map<string, number>(), lastPoi: '', lastCorrelation: 0n, lastType: -1, lastKey: '' }));
      this.size++;
      x.streams.set(stream, (n + 1) % WRAP);
      this.remember(pdu, poi, x, stream);
      return;
    }
    this.remember(pdu, poi, x, stream);
    const streams = x.streams;
    if (n === next) {
      streams.set(stream, (n + 1) % WRAP);
      return;
    }
    const ahead = (n - next + WRAP) % WRAP;
    if (ahead < HALF) {
      this.lose(poi, pdu, stream, next, ahead);
    } else if (n === 0) {
      this.note(poi, pdu.xid).restarts++;
      this.totals.restarts++;
    } else if (WRAP - ahead <= DUPLICATE_WINDOW) {
      this.note(poi, pdu.xid).duplicates++;
      this.totals.duplicates++;
      return;
    } else {
      this.note(poi, pdu.xid).restarts++;
      this.totals.restarts++;
      this.lose(poi, pdu, stream, 0, n);
    }
    streams.set(stream, (n + 1) % WRAP);
  }

  private remember(pdu: DecodedX2X3Pdu, poi: string, x: XidStreams, stream: string): void {
    x.lastPoi = poi;
    x.lastCorrelation = pdu.correlationId;
    x.lastType = pdu.pduType;
    x.lastKey = stream;
    this.lastXid = pdu.xid;
    this.lastEntry = x;
  }

  /** The XID's task ended: its streams go (a later task under the same XID starts afresh). */
  forgetXid(xid: string): void {
    const s = this.byXid.get(xid);
    if (!s) return;
    this.lastEntry = undefined;
    this.lastXid = '';
    this.size -= s.streams.size;
    this.byXid.delete(xid);
  }

  /** Forgets every XID for which `live` is false (called with the task table once a second). */
  forgetEnded(live: (xid: string) => boolean): void {
    for (const xid of [...this.byXid.keys()]) if (!live(xid)) this.forgetXid(xid);
  }

  /** What happened since the last flush, per (POI, XID); then starts a new period. */
  flush(): X2X3LossReport[] {
    const out = [...this.pending.values()];
    this.pending.clear();
    return out;
  }

  stats(): X2X3SequenceStats {
    return { ...this.totals, streams: this.size };
  }

  private lose(poi: string, pdu: DecodedX2X3Pdu, stream: string, from: number, count: number): void {
    const r = this.note(poi, pdu.xid);
    const first = r.gaps === 0;
    r.gaps++;
    r.lost += count;
    if (r.missing.length < MAX_RANGES) r.missing.push({ stream: `${pdu.correlationId}/${stream.slice(stream.lastIndexOf('\u0000') + 1)}`, from, to: (from + count - 1) % WRAP });
    this.totals.gaps++;
    this.totals.lost += count;
    if (first) this.o.onFirstGap?.(r);
  }

  private note(poi: string, xid: string): X2X3LossReport {
    const key = `${poi}\u0000${xid}`;
    let r = this.pending.get(key);
    if (!r) {
      // Bounded: past MAX_PENDING distinct (POI, XID) in one period, the rest share one report.
      const k = this.pending.size >= MAX_PENDING ? '\u0000overflow' : key;
      r = this.pending.get(k) ?? { poi: k === key ? poi : '*', xid: k === key ? xid : '*', lost: 0, gaps: 0, duplicates: 0, restarts: 0, missing: [] };
      this.pending.set(k, r);
    }
    return r;
  }

  private evictOldest(): void {
    this.lastEntry = undefined;
    this.lastXid = '';
    for (const [xid, { streams }] of this.byXid) {
      for (const k of streams.keys()) {
        streams.delete(k);
        this.size--;
        break;
      }
      if (streams.size === 0) this.byXid.delete(xid);
      return;
    }
  }
}

/** The gap alarm's code (docs/errors/mediation.md). */
export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  {
    code: 'MDF_X2X3_SEQUENCE_GAP',
    meaning:
      "Alarm: a POI's X2/X3 Sequence Numbers (TS 103 221-2 §5.3.9) skipped numbers for one XID, Correlation ID and PDU type: that many PDUs were lost between the POI and the MDF (§4.2.2, Annex A.1.8). Counted, audited `mdf.x2x3-loss` with the missing range; records that did arrive are still delivered.",
  },
];
