/**
 * Delivery to the monitoring centres: one durable outbox and one HI2/HI3 sender per X1 destination
 * (DID) the ADMF created on the MDF, plus the Annex J integrity chains (TS 102 232-1 Annex J) over
 * what was sent. Every 250 ms the converted records are summarised per destination, LIID and channel
 * (count, time span, SHA-256 of the PS-PDUs) in the audit log, and only then released for delivery.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { DataType, decodePsPdu, encodePsPdu, IntegrityChain, type IntegrityCheck, type PSHeader } from '../standards/hi2hi3/index.ts';
import type { Connector, Endpoint } from '../wires/transport.ts';
import type { ConvertedRecord } from './convert.ts';
import { Destination } from './destination.ts';
import { MediationRefusal } from './errors.ts';
import { sequenceKey, type SequenceStore } from './sequence-store.ts';

/** Bound on records waiting for the audit log (≈ a few seconds of a busy MDF). */
const MAX_STAGED = 200_000;
const RELEASE_MS = 250;

export interface DeliveryOptions {
  dataDir: string;
  connector: Connector;
  /** MDF's signing key for Annex J Signature checks (Ed25519 or ECDSA); optional. */
  integrityKey?: KeyObject;
  /** A Hash check after this many data PDUs of a chain (default 100) ... */
  hashEvery?: number;
  /**
   * ... or after this long (default 5 s). A Signature after every 10 Hash PDUs, or once a chain with
   * unsigned Hash PDUs has been idle this long (Annex J signTimeout), and at the chain's end.
   */
  hashIntervalMs?: number;
  keepaliveIdleMs?: number;
  onAlarm: (code: string, detail: string) => void;
  /**
   * Appends one delivery-batch summary to the audit log. Records are released to the outbox only
   * after the summary naming them is appended: nothing reaches an agency that the log lacks.
   */
  auditBatch: (batch: DeliveryBatch) => Promise<unknown>;
  /**
   * Persisted counters (sequence-store.ts): set for each record released to an outbox and for each
   * integrity PDU, committed after the outbox write and before the sender can take the records.
   */
  sequences?: SequenceStore;
}

export interface DeliveryBatch {
  did: string;
  liid: string;
  channel: 'HI2' | 'HI3';
  count: number;
  firstAt: number;
  lastAt: number;
  /** SHA-256 over the PS-PDUs of the batch, in order (hex). */
  sha256: string;
}

interface ChainState {
  chain: IntegrityChain;
  header: Omit<PSHeader, 'sequenceNumber'>;
  hashSeq: number;
  /** The persisted counter of this chain's integrity PDUs (Annex J.1: each Chain has its own). */
  hashKey: string;
  lastHashAt: number;
  did: string;
}

export class DeliveryManager {
  private readonly destinations = new Map<string, Destination>();
  private readonly chains = new Map<string, ChainState>();
  /** Records converted but not yet released: they wait for their batch's audit append. */
  private staged: { did: string; rec: ConvertedRecord }[] = [];
  private releasing: Promise<void> | undefined;
  private auditFailed = false;
  private commitFailed = false;
  private readonly timer: NodeJS.Timeout;
  delivered = 0;

  constructor(private readonly o: DeliveryOptions) {
    this.timer = setInterval(() => this.periodic(), RELEASE_MS);
    this.timer.unref();
  }

  /** The ADMF created or changed a destination (X1 CreateDestination/ModifyDestination). */
  setDestination(did: string, endpoint: Endpoint): void {
    const cur = this.destinations.get(did);
    if (cur && cur.endpoint.host === endpoint.host && cur.endpoint.port === endpoint.port) return;
    if (cur) void cur.sender.stop();
    this.destinations.set(did, new Destination(did, endpoint, this.o));
  }

  async removeDestination(did: string): Promise<void> {
    const d = this.destinations.get(did);
    if (!d) return;
    this.destinations.delete(did);
    await d.sender.flush(2000);
    await d.sender.stop();
    d.outbox.close();
  }

  hasDestination(did: string): boolean {
    return this.destinations.has(did);
  }

  /**
   * Stages a converted record for its destination. Within `releaseMs` (250 ms) its batch summary is
   * appended to the audit log and the record goes to the destination's durable outbox.
   */
  enqueue(did: string, rec: ConvertedRecord): void {
    if (!this.destinations.has(did)) throw new MediationRefusal('MDF_NO_DESTINATION', `no destination ${did}`);
    if (this.auditFailed) throw new MediationRefusal('MDF_AUDIT_UNAVAILABLE', 'the audit log refused a delivery batch: nothing more is delivered');
    if (this.staged.length >= MAX_STAGED) throw new MediationRefusal('MDF_OUTBOX_FAILED', `more than ${MAX_STAGED} records wait for the audit log`);
    this.staged.push({ did, rec });
  }

  /** The audit log is back (the MDF's probe was accepted): audit and release what was held back. */
  resumeAudit(): void {
    if (!this.auditFailed) return;
    this.auditFailed = false;
    void this.release();
  }

  /** Audits the staged records' batches, then releases them to the outboxes (one run at a time). */
  release(): Promise<void> {
    this.releasing ??= this.releaseStaged().finally(() => (this.releasing = undefined));
    return this.releasing;
  }

  private async releaseStaged(): Promise<void> {
    if (this.staged.length === 0 || this.auditFailed) return;
    const taken = this.staged;
    this.staged = [];
    const batches = new Map<string, DeliveryBatch & { hash: ReturnType<typeof createHash> }>();
    for (const { did, rec } of taken) {
      const key = `${did}\u0000${rec.liid}\u0000${rec.channel}`;
      let b = batches.get(key);
      if (!b) {
        b = { did, liid: rec.liid, channel: rec.channel, count: 0, firstAt: rec.at, lastAt: rec.at, sha256: '', hash: createHash('sha256') };
        batches.set(key, b);
      }
      b.count++;
      b.lastAt = rec.at;
      b.hash.update(rec.bytes);
    }
    try {
      await Promise.all([...batches.values()].map(({ hash, ...b }) => this.o.auditBatch({ ...b, sha256: hash.digest('hex') })));
    } catch (e) {
      // Fail closed: these records are kept back (not delivered) and no more are accepted.
      this.auditFailed = true;
      this.staged = [...taken, ...this.staged];
      this.o.onAlarm('MDF_AUDIT_UNAVAILABLE', `the audit log refused a delivery batch; ${this.staged.length} records held back, delivery stopped: ${String(e)}`);
      return;
    }
    for (const { did, rec } of taken) {
      const d = this.destinations.get(did);
      if (!d) continue;
      d.lastLiid = rec.liid;
      d.outbox.push(rec.bytes);
      this.o.sequences?.set(rec.sequenceKey, (rec.sequenceNumber + 1) >>> 0);
      this.delivered++;
      this.trackIntegrity(did, rec);
    }
    this.commit();
  }

  /**
   * Writes what the outboxes were given to their files, then persists the counters, in this order and
   * in one synchronous step: the sender cannot take (deliver, acknowledge, truncate) a record before
   * its number is stored, and a crash between the two leaves the higher number in the outbox, where
   * recovery finds it (sequence-store.ts).
   */
  private commit(): void {
    for (const d of this.destinations.values()) d.outbox.writeOut();
    try {
      this.o.sequences?.commit();
      this.commitFailed = false;
    } catch (e) {
      if (!this.commitFailed) this.o.onAlarm('MDF_STATE_WRITE_FAILED', `sequence counters not persisted (numbers may repeat after a crash): ${String(e)}`);
      this.commitFailed = true;
    }
  }

  /** Records waiting in a destination's outbox (at start: what the previous run left). */
  pendingRecords(did: string): Uint8Array[] {
    const d = this.destinations.get(did);
    return d ? d.outbox.peek(d.outbox.length) : [];
  }

  /** Records converted but held back (waiting for, or refused by, the audit log). */
  get heldBack(): number {
    return this.staged.length;
  }

  private trackIntegrity(did: string, rec: ConvertedRecord): void {
    // The chain is identified by the PSHeader of the data PDU (Annex J.1): decode it once per chain.
    const dataType = rec.channel === 'HI2' ? DataType.iRI : DataType.cC;
    const quickKey = `${did}\u0000${rec.liid}\u0000${rec.operator}\u0000${rec.ne}\u0000${rec.cin}\u0000${dataType}`;
    let st = this.chains.get(quickKey);
    if (!st) {
      const h = decodePsPdu(rec.bytes).pSHeader;
      const { sequenceNumber: _s, ...header } = h;
      // After a restart the chain is new (its unhashed tail died with the process) but its integrity
      // PDUs continue the persisted numbering, so no number of the chain is used twice.
      const hashKey = sequenceKey(rec.liid, rec.operator, rec.ne, rec.cin, rec.channel === 'HI2' ? 'J-IRI' : 'J-CC');
      st = { chain: new IntegrityChain(dataType), header, hashSeq: this.o.sequences?.get(hashKey) ?? 0, hashKey, lastHashAt: Date.now(), did };
      this.chains.set(quickKey, st);
    }
    st.chain.dataSent(rec.sequenceNumber, rec.bytes);
    if (st.chain.unhashedCount >= (this.o.hashEvery ?? 100)) this.emitHash(st);
  }

  /**
   * A Hash over the chain's unhashed tail; a Signature after 10 Hash PDUs, or with `sign` over any
   * unsigned ones (idle chain, chain end): a Hash PDU never signed would leave the LEMF waiting for a
   * Signature that never comes (and holding the PDU, and replaying it at every start).
   */
  private emitHash(st: ChainState, sign = false): void {
    const check = st.chain.takeHash();
    st.lastHashAt = Date.now();
    const d = this.destinations.get(st.did);
    if (!d || (!check && !sign)) return;
    if (check) {
      const seq = st.hashSeq++;
      const bytes = integrityPdu(st, seq, check);
      d.outbox.push(bytes);
      st.chain.hashSent(seq, bytes);
    }
    const unsigned = st.chain.unsignedCount;
    if (this.o.integrityKey && (unsigned >= 10 || (sign && unsigned > 0))) {
      const sig = st.chain.takeSignature(this.o.integrityKey);
      if (sig) d.outbox.push(integrityPdu(st, st.hashSeq++, sig));
    }
    this.o.sequences?.set(st.hashKey, st.hashSeq);
  }

  private periodic(): void {
    void this.release().then(() => {
      const now = Date.now();
      const interval = this.o.hashIntervalMs ?? 5000;
      for (const st of this.chains.values()) {
        if (now - st.lastHashAt < interval) continue;
        if (st.chain.unhashedCount > 0) this.emitHash(st);
        else if (this.o.integrityKey && st.chain.unsignedCount > 0) this.emitHash(st, true);
      }
      this.commit();
    });
  }

  /** Ends the integrity chains of a LIID with a final Hash (deactivation, expiry), after its last records. */
  async closeLiid(liid: string): Promise<void> {
    await this.release();
    for (const [k, st] of this.chains) {
      if (st.header.lawfulInterceptionIdentifier !== liid) continue;
      this.emitHash(st, true);
      this.chains.delete(k);
    }
    this.commit();
  }

  stats(): { did: string; queued: number; oldestAt: number | undefined; delivered: number; connected: boolean }[] {
    return [...this.destinations.values()].map((d) => ({ did: d.did, queued: d.outbox.length, oldestAt: d.outbox.oldestAt, delivered: d.sender.delivered, connected: d.sender.connected }));
  }

  /** Waits until every outbox is empty (or the timeout passes). */
  async flush(timeoutMs = 5000): Promise<boolean> {
    await this.release();
    for (const st of this.chains.values()) if (st.chain.unhashedCount > 0 || st.chain.unsignedCount > 0) this.emitHash(st, true);
    this.commit();
    const results = await Promise.all([...this.destinations.values()].map((d) => d.sender.flush(timeoutMs)));
    return results.every(Boolean);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.release();
    // A stop closes every chain with a Hash over its tail and a Signature over its unsigned Hashes,
    // delivered from the outbox after a restart.
    for (const st of this.chains.values()) if (st.chain.unhashedCount > 0 || st.chain.unsignedCount > 0) this.emitHash(st, true);
    this.commit();
    for (const d of this.destinations.values()) {
      await d.sender.stop();
      d.outbox.close();
    }
    this.destinations.clear();
  }
}

/** A TRI IntegrityCheck PS-PDU of a chain (Annex J), numbered in the chain's own sequence. */
function integrityPdu(st: ChainState, sequenceNumber: number, check: IntegrityCheck): Uint8Array {
  return encodePsPdu({ pSHeader: { ...st.header, sequenceNumber, timeStamp: new Date() }, payload: { kind: 'tRIPayload', value: { kind: 'integrityCheck', value: check } } });
}
