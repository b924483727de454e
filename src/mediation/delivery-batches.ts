/**
 * Audit summaries of what the MDF delivers: per destination, LIID and channel, the records appended
 * since the last group commit (count, time span, SHA-256 over the PS-PDUs in order). A window is cut
 * at each commit; its batches are appended to the audit log once the records are durable, and only
 * then are the records released to the sender: nothing reaches an agency that the log lacks.
 */
import { createHash, type Hash } from 'node:crypto';
import { decodePsPdu } from '../standards/hi2hi3/index.ts';

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
  hash: Hash;
}

/** The records of one destination appended since the last cut. */
export class BatchWindow {
  private acc = new Map<string, Accumulator>();
  private recovered = false;
  /** Batches cut but refused by the audit log: appended again, first, at the next cut. */
  private held: DeliveryBatch[] = [];

  constructor(readonly did: string) {}

  add(liid: string, channel: 'HI2' | 'HI3', at: number, bytes: Uint8Array): void {
    const key = `${liid}\u0000${channel}`;
    let a = this.acc.get(key);
    if (!a) this.acc.set(key, (a = { liid, channel, count: 0, firstAt: at, lastAt: at, hash: createHash('sha256') }));
    a.count++;
    a.lastAt = at;
    a.hash.update(bytes);
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
    return this.acc.size === 0 && this.held.length === 0;
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
    const out = [...held, ...[...this.acc.values()].map(({ hash, ...a }) => ({ did: this.did, ...a, sha256: hash.digest('hex'), ...(this.recovered ? { recovered: true as const } : {}) }))];
    this.acc = new Map();
    this.recovered = false;
    return out;
  }
}
