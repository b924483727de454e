/**
 * X2X3SequenceTracker reuses each XID's last stream (its key) and the last XID's entry instead of
 * building a key per PDU. Differential test against the tracker without that cache (the reference below: the same rules
 * of TS 103 221-2 §5.3.9 as x2x3-sequence.ts, a key built for every PDU): seeded runs of interleaved
 * POIs, XIDs, Correlation IDs and PDU types with gaps, duplicates, restarts, unnumbered PDUs, stream
 * evictions (a small maxStreams) and forgotten XIDs give the same alarms, stats and flushed reports.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prng } from '../../test/helpers/random.ts';
import type { DecodedX2X3Pdu } from '../standards/x2x3/index.ts';
import { DUPLICATE_WINDOW, X2X3SequenceTracker, type X2X3LossReport } from './x2x3-sequence.ts';

const WRAP = 2 ** 32;

/** The tracker's rules with no cache: a stream key per PDU, the XID's map looked up per PDU. */
class ReferenceTracker {
  private readonly byXid = new Map<string, Map<string, number>>();
  private size = 0;
  private readonly pending = new Map<string, X2X3LossReport>();
  readonly totals = { lost: 0, gaps: 0, duplicates: 0, restarts: 0, unnumbered: 0 };
  constructor(private readonly maxStreams: number, private readonly onFirstGap: (r: X2X3LossReport) => void) {}

  observe(pdu: DecodedX2X3Pdu, poi: string): void {
    const a = pdu.attributes.find((x) => x.kind === 'sequenceNumber');
    if (a?.kind !== 'sequenceNumber') {
      this.totals.unnumbered++;
      return;
    }
    const n = a.value;
    const stream = `${poi}\u0000${pdu.correlationId}\u0000${pdu.pduType === 2 ? 'X3' : 'X2'}`;
    const next = this.byXid.get(pdu.xid)?.get(stream);
    if (next === undefined) {
      if (this.size >= this.maxStreams) this.evictOldest();
      let m = this.byXid.get(pdu.xid);
      if (!m) this.byXid.set(pdu.xid, (m = new Map<string, number>()));
      this.size++;
      m.set(stream, (n + 1) % WRAP);
      return;
    }
    const m = this.byXid.get(pdu.xid)!;
    const ahead = (n - next + WRAP) % WRAP;
    if (n === next) {
      /* in order */
    } else if (ahead < 2 ** 31) this.lose(poi, pdu, stream, next, ahead);
    else if (n === 0) {
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
    m.set(stream, (n + 1) % WRAP);
  }

  forgetXid(xid: string): void {
    const s = this.byXid.get(xid);
    if (!s) return;
    this.size -= s.size;
    this.byXid.delete(xid);
  }

  flush(): X2X3LossReport[] {
    const out = [...this.pending.values()];
    this.pending.clear();
    return out;
  }

  stats() {
    return { ...this.totals, streams: this.size };
  }

  private lose(poi: string, pdu: DecodedX2X3Pdu, stream: string, from: number, count: number): void {
    const r = this.note(poi, pdu.xid);
    const first = r.gaps === 0;
    r.gaps++;
    r.lost += count;
    if (r.missing.length < 8) r.missing.push({ stream: `${pdu.correlationId}/${stream.slice(stream.lastIndexOf('\u0000') + 1)}`, from, to: (from + count - 1) % WRAP });
    this.totals.gaps++;
    this.totals.lost += count;
    if (first) this.onFirstGap(r);
  }

  private note(poi: string, xid: string): X2X3LossReport {
    const key = `${poi}\u0000${xid}`;
    let r = this.pending.get(key);
    if (!r) this.pending.set(key, (r = { poi, xid, lost: 0, gaps: 0, duplicates: 0, restarts: 0, missing: [] }));
    return r;
  }

  private evictOldest(): void {
    for (const [xid, streams] of this.byXid) {
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

const XIDS = ['2b7a5f0e-9a52-4f5e-8f39-0d6f3b1c4a11', '2b7a5f0e-9a52-4f5e-8f39-0d6f3b1c4a12', '2b7a5f0e-9a52-4f5e-8f39-0d6f3b1c4a13'];
const POIS = ['poi-a', 'poi-b'];

for (const seed of [1, 2, 3, 4, 5, 6]) {
  test(`cached stream lookup = reference tracker (seed ${seed})`, () => {
    const rand = prng(0x5e9 + seed);
    const maxStreams = seed % 2 ? 5 : 100_000;
    const gotAlarms: X2X3LossReport[] = [];
    const refAlarms: X2X3LossReport[] = [];
    const t = new X2X3SequenceTracker({ maxStreams, onFirstGap: (r) => gotAlarms.push(structuredClone(r)) });
    const ref = new ReferenceTracker(maxStreams, (r) => refAlarms.push(structuredClone(r)));
    const next = new Map<string, number>();
    let run = { xid: XIDS[0]!, poi: POIS[0]!, corr: 0n, x3: false };
    for (let i = 0; i < 20_000; i++) {
      // Long runs of one stream (what the cache serves), switching now and then.
      if (rand() < 0.05) run = { xid: XIDS[Math.floor(rand() * 3)]!, poi: POIS[Math.floor(rand() * 2)]!, corr: BigInt(Math.floor(rand() * 3)), x3: rand() < 0.5 };
      const key = `${run.poi}/${run.xid}/${run.corr}/${run.x3}`;
      let n = next.get(key) ?? Math.floor(rand() * 10);
      const r = rand();
      if (r < 0.01) n = (n + 1 + Math.floor(rand() * 5)) % WRAP; // a gap
      else if (r < 0.015) n = Math.max(0, n - 1 - Math.floor(rand() * 3)); // a duplicate
      else if (r < 0.018) n = 0; // a restart
      else if (r < 0.02) n = WRAP - 1; // wrap-around next
      next.set(key, (n + 1) % WRAP);
      const attributes = r > 0.995 ? [] : rand() < 0.01 ? [{ kind: 'sequenceNumber', value: n }, { kind: 'sequenceNumber', value: n + 7 }] : [{ kind: 'sequenceNumber', value: n }];
      const pdu = { xid: run.xid, pduType: run.x3 ? 2 : 1, correlationId: run.corr, attributes } as unknown as DecodedX2X3Pdu;
      t.observe(pdu, run.poi);
      ref.observe(pdu, run.poi);
      if (rand() < 0.002) {
        const xid = XIDS[Math.floor(rand() * 3)]!;
        t.forgetXid(xid);
        ref.forgetXid(xid);
      }
      if (i % 1000 === 999) assert.deepEqual(t.flush(), ref.flush(), `flush at ${i}`);
      assert.deepEqual(t.stats(), ref.stats(), `stats at PDU ${i}`);
    }
    assert.deepEqual(gotAlarms, refAlarms);
    assert.ok(ref.stats().gaps > 0 && ref.stats().duplicates > 0 && ref.stats().restarts > 0, 'the run exercised every case');
  });
}
