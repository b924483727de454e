/**
 * Audit summaries of what the MDF delivers: per destination, LIID and channel, the records appended
 * since the last group commit (count, time span, SHA-256 over the PS-PDUs in order). A window is cut
 * at each commit; its batches are appended to the audit log once the records are durable, and only
 * then are the records released to the sender: nothing reaches an agency that the log lacks.
 */
import { createHash, type Hash } from 'node:crypto';
import { decodePsPdu, updateConcat } from '../standards/hi2hi3/index.ts';

export interface DeliveryBatch {
  did: string;
  liid: string;
  channel: 'HI2' | 'HI3';
  count: number;
  firstAt: number;
  lastAt: number;
  /** SHA-256 over the PS-PDUs of the batch, in order (hex). */
  sha256: string;
  /** Records found durable but unaudited after a restart, audited now (their first audit). */
  recovered?: true;
}

interface Accumulator {
  liid: string;
  channel: 'HI2' | 'HI3';
  count: number;
  firstAt: number;
  lastAt: number;
  hash: Hash | undefined;
  /**
   * PS-PDUs not yet hashed, in order: hashed together (updateConcat, a few native calls rather than
   * one per PDU) at the cut, or once they pass FLUSH_BYTES, so a window holds a bounded amount
   * (records recovered from disk after a restart are streamed through it).
   */
  records: Uint8Array[];
  recordBytes: number;
}

const FLUSH_BYTES = 1024 * 1024;

function flush(a: Accumulator): Hash {
  const h = (a.hash ??= createHash('sha256'));
  updateConcat(h, a.records);
  a.records = [];
  a.recordBytes = 0;
  return h;
}

/** The records of one destination appended since the last cut. */
export class BatchWindow {
  /** By LIID, then channel: interleaved LIIDs find theirs without a key string. */
  private acc = new Map<string, { HI2?: Accumulator; HI3?: Accumulator }>();
  /** The same accumulators in the order they started: the order of the batches at the cut. */
  private order: Accumulator[] = [];
  /** The accumulator of the last record: consecutive records of one LIID and channel find it without a lookup. */
  private last: Accumulator | undefined;
  private recovered = false;
  /** Batches cut but refused by the audit log: appended again, first, at the next cut. */
  private held: DeliveryBatch[] = [];

  constructor(readonly did: string) {}

  /** A record appended to the outbox (which holds `bytes` unchanged until it is committed, as the cut needs). */
  add(liid: string, channel: 'HI2' | 'HI3', at: number, bytes: Uint8Array): void {
    let a = this.last;
    if (!a || a.liid !== liid || a.channel !== channel) {
      let ofLiid = this.acc.get(liid);
      if (!ofLiid) this.acc.set(liid, (ofLiid = {}));
      a = ofLiid[channel];
      if (!a) {
        ofLiid[channel] = a = { liid, channel, count: 0, firstAt: at, lastAt: at, hash: undefined, records: [], recordBytes: 0 };
        this.order.push(a);
      }
      this.last = a;
    }
    a.count++;
    a.lastAt = at;
    a.records.push(bytes);
    if ((a.recordBytes += bytes.length) >= FLUSH_BYTES) flush(a);
  }

  /**
   * After a restart: the records between the released and the durable position were never audited
   * (the process died between fsync and the audit append). Their LIID and channel come from their
   * PSHeader; integrity and other TRI PDUs carry no content and are not summarised.
   */
  addRecovered(records: Iterable<{ bytes: Uint8Array; at: number }>): number {
    let n = 0;
    for (const r of records) {
      let liid: string;
      let kind: string;
      try {
        const pdu = decodePsPdu(r.bytes);
        liid = pdu.pSHeader.lawfulInterceptionIdentifier;
        kind = pdu.payload.kind;
      } catch {
        continue; // written by this MDF; undecodable means no content to summarise
      }
      if (kind !== 'iRIPayloadSequence' && kind !== 'cCPayloadSequence') continue;
      this.add(liid, kind === 'iRIPayloadSequence' ? 'HI2' : 'HI3', r.at, r.bytes);
      n++;
    }
    if (n > 0) this.recovered = true;
    return n;
  }

  get empty(): boolean {
    return this.order.length === 0 && this.held.length === 0;
  }

  /**
   * The audit log refused these (cut earlier): they go again, before anything cut later. Refused
   * cycles come back in the order they were cut, so each is appended behind the ones before it.
   */
  restore(batches: DeliveryBatch[]): void {
    this.held = [...this.held, ...batches];
  }

  /** The batches so far; the window starts afresh. */
  cut(): DeliveryBatch[] {
    const held = this.held;
    this.held = [];
    const out = [
      ...held,
      ...this.order.map((a) => ({
        did: this.did,
        liid: a.liid,
        channel: a.channel,
        count: a.count,
        firstAt: a.firstAt,
        lastAt: a.lastAt,
        sha256: flush(a).digest('hex'),
        ...(this.recovered ? { recovered: true as const } : {}),
      })),
    ];
    this.acc = new Map();
    this.order = [];
    this.last = undefined;
    this.recovered = false;
    return out;
  }
}
