/**
 * Delivery to the monitoring centres: one durable outbox and one HI2/HI3 sender per X1 destination
 * (DID) the ADMF created on the MDF, plus the Annex J integrity chains over what is sent.
 *
 * The order of a record's life (docs/mediation.md "Delivery"):
 *   1. converted → appended to its destination's outbox (memory) and to the destination's batch window;
 *   2. group commit, at most `commitMs` later: every outbox's new records are encrypted, written and
 *      fsync'd, then the sequence counters are committed;
 *   3. the window's batch summaries are appended to the audit log;
 *   4. only then released to the sender, which discards a record only when the LEMF acknowledges it
 *      (TS 102 232-1 §6.3.6) or, for a LEMF that does not acknowledge, once it is written.
 * A kill -9 loses at most what step 2 had not made durable; durable records not yet audited are
 * audited at the next start, then released (destination.ts).
 */
import type { KeyObject } from 'node:crypto';
import type { AcknowledgementOptions } from '../wires/hi2hi3/sender.ts';
import type { Connector, Endpoint } from '../wires/transport.ts';
import type { ConvertedRecord } from './convert.ts';
import type { DeliveryBatch } from './delivery-batches.ts';
import { IntegrityChains } from './delivery-integrity.ts';
import { Destination } from './destination.ts';
import { MediationRefusal } from './errors.ts';
import type { SequenceChange, SequenceStore } from './sequence-store.ts';

export type { DeliveryBatch } from './delivery-batches.ts';

/**
 * Unreleased records (all destinations: read, not yet durable and audited) above which X2/X3 reading
 * pauses, and below which it resumes. About 100 ms of traffic at 200 k PDU/s: the commit, the audit
 * append and the senders get their turn before ingest runs further ahead. At 100,000 a burst ran up
 * so far ahead that the records waiting for the LEMF outgrew the outbox's tail cache and the sender
 * read them back from disk (docs/performance.md "Line rate").
 */
export const PAUSE_ABOVE = 20_000;
export const RESUME_BELOW = 5_000;
const PRESSURE_CHECK_EVERY = 256;

export interface DeliveryOptions {
  dataDir: string;
  connector: Connector;
  outboxKey: Uint8Array;
  /** Disk quota per destination (bytes). */
  quotaBytes?: number;
  /** Group commit interval (ms, default 10). */
  commitMs?: number;
  acknowledgement?: AcknowledgementOptions;
  integrityKey?: KeyObject;
  hashEvery?: number;
  hashIntervalMs?: number;
  keepaliveIdleMs?: number;
  onAlarm: (code: string, detail: string) => void;
  /** Appends one delivery-batch summary to the audit log; records are released only after it resolves. */
  auditBatch: (batch: DeliveryBatch) => Promise<unknown>;
  /** Persisted counters (sequence-store.ts): committed after each outbox commit. */
  sequences?: SequenceStore;
  /** Backpressure: true when the MDF should stop reading X2/X3, false when it may read again. */
  onPressure?: (paused: boolean) => void;
}

export class DeliveryManager {
  private readonly destinations = new Map<string, Destination>();
  private readonly integrity: IntegrityChains;
  private readonly timer: NodeJS.Timeout;
  /** The pipeline of cycle(): commits in order, and audit-then-release in order. */
  private commitTail: Promise<unknown> = Promise.resolve();
  private releaseTail: Promise<void> = Promise.resolve();
  private auditFailed = false;
  private commitFailed = false;
  private paused = false;
  private sinceCheck = 0;
  /** Data records released to the senders (durable and audited); integrity PDUs not counted. */
  delivered = 0;

  constructor(private readonly o: DeliveryOptions) {
    this.integrity = new IntegrityChains({
      ...(o.integrityKey ? { integrityKey: o.integrityKey } : {}),
      ...(o.hashEvery !== undefined ? { hashEvery: o.hashEvery } : {}),
      ...(o.hashIntervalMs !== undefined ? { hashIntervalMs: o.hashIntervalMs } : {}),
      ...(o.sequences ? { sequences: o.sequences } : {}),
      append: (did, bytes) => this.destinations.get(did)?.outbox.append(bytes, Date.now(), 'integrity'),
    });
    this.timer = setInterval(() => {
      this.queueIntegrity(() => this.integrity.periodic());
      void this.cycle();
    }, o.commitMs ?? 10);
    this.timer.unref();
  }

  /** The ADMF created or changed a destination (X1 CreateDestination/ModifyDestination). */
  setDestination(did: string, endpoint: Endpoint): void {
    const cur = this.destinations.get(did);
    if (cur && cur.endpoint.host === endpoint.host && cur.endpoint.port === endpoint.port) return;
    if (cur) void cur.sender.stop();
    // A changed address keeps the outbox: the same records go to the new address.
    if (cur) void cur.outbox.close();
    this.destinations.set(did, new Destination(did, endpoint, { ...this.o, quotaBytes: this.o.quotaBytes ?? 1024 ** 3, acknowledgement: this.o.acknowledgement ?? { mode: 'negotiate' } }));
  }

  async removeDestination(did: string): Promise<void> {
    const d = this.destinations.get(did);
    if (!d) return;
    await this.cycle();
    this.destinations.delete(did);
    this.integrity.forgetDestination(did);
    await d.sender.flush(2000);
    await d.close();
  }

  hasDestination(did: string): boolean {
    return this.destinations.has(did);
  }

  /**
   * Appends a converted record to its destination's outbox (durable within one group commit) and
   * its batch window. Throws MediationRefusal: MDF_AUDIT_UNAVAILABLE (failed closed),
   * MDF_OUTBOX_QUOTA (the destination's disk quota is reached), MDF_OUTBOX_FAILED.
   */
  enqueue(did: string, rec: ConvertedRecord): void {
    const d = this.destinations.get(did);
    if (!d) throw new MediationRefusal('MDF_NO_DESTINATION', `no destination ${did}`);
    if (this.auditFailed) throw new MediationRefusal('MDF_AUDIT_UNAVAILABLE', 'the audit log refused a delivery batch: nothing more is delivered');
    d.outbox.append(rec.bytes, rec.at);
    d.lastLiid = rec.liid;
    d.window.add(rec.liid, rec.channel, rec.at, rec.bytes);
    this.o.sequences?.set(rec.sequenceKey, (rec.sequenceNumber + 1) >>> 0);
    // The record is in the outbox: whatever happens to its chain's Hash PDU, it is not refused now
    // (queueIntegrity, inline: no closure per record).
    try {
      this.integrity.track(did, rec);
    } catch (e) {
      this.o.onAlarm('MDF_OUTBOX_FAILED', `an Annex J integrity PDU could not be queued: ${(e as Error).message}`);
    }
    // The bound is soft (records wait in memory until their commit): summed over the destinations
    // every PRESSURE_CHECK_EVERY records, not for each.
    if (++this.sinceCheck >= PRESSURE_CHECK_EVERY) {
      this.sinceCheck = 0;
      if (!this.paused && this.heldBack > PAUSE_ABOVE) this.pressure(true);
    }
  }

  /**
   * Runs what may append Annex J integrity PDUs. One that does not fit (the outbox failed, or its
   * integrity reserve is exhausted) is alarmed, never thrown into the data path: the outbox already
   * alarms and refuses data, and the LEMF reports the PDUs it covered as unverified.
   */
  private queueIntegrity(run: () => void): void {
    try {
      run();
    } catch (e) {
      this.o.onAlarm('MDF_OUTBOX_FAILED', `an Annex J integrity PDU could not be queued: ${(e as Error).message}`);
    }
  }

  private pressure(paused: boolean): void {
    this.paused = paused;
    this.o.onPressure?.(paused);
  }

  /** The audit log is back (the MDF's probe was accepted): audit and release what was held back. */
  resumeAudit(): void {
    if (!this.auditFailed) return;
    this.auditFailed = false;
    void this.cycle();
  }


  /**
   * One group commit: cuts every destination's window now, then — pipelined, so that the next
   * commit's fsync overlaps this one's audit append — commits (in order), audits (in order, after
   * the previous cycle released) and releases. Resolves when this cycle's records are released.
   */
  cycle(): Promise<void> {
    if (this.auditFailed) return this.releaseTail;
    const cuts = [...this.destinations.values()].filter((d) => d.end > d.cutAt).map((d) => ({ d, end: (d.cutAt = d.end), batches: d.window.cut() }));
    if (cuts.length === 0) return this.releaseTail;
    // The counters as of this cut: written once these records are durable (never ahead of them).
    const counters = this.o.sequences?.take();
    const committed = this.commitTail.then(() => Promise.all(cuts.map(({ d }) => d.outbox.commit())));
    this.commitTail = committed.catch(() => undefined);
    const released = Promise.all([committed, this.releaseTail]).then(
      () => this.auditAndRelease(cuts, counters),
      // The outbox raised MDF_OUTBOX_FAILED (onFailure) and refuses records from now on.
      () => undefined,
    );
    this.releaseTail = released;
    return released;
  }

  private async auditAndRelease(cuts: { d: Destination; end: number; batches: DeliveryBatch[] }[], counters: SequenceChange | undefined): Promise<void> {
    // The records are durable: their counters are written now, fsync'd off the main thread while the
    // audit log appends, and durable before anything is released (auditAndRelease runs one at a time).
    const countersWritten = this.commitCounters(counters);
    const refused = (e: unknown) => {
      // Fail closed: durable but unaudited records stay unreleased (audited again when the log
      // returns, or at the next start); no more are accepted.
      for (const { d, batches } of cuts) {
        d.window.restore(batches);
        d.cutAt = Math.min(d.cutAt, d.outbox.released);
      }
      if (!this.auditFailed) this.o.onAlarm('MDF_AUDIT_UNAVAILABLE', `the audit log refused a delivery batch; ${this.heldBack} records held back, delivery stopped: ${String(e)}`);
      this.auditFailed = true;
    };
    if (this.auditFailed) {
      await countersWritten;
      return refused('an earlier batch was refused');
    }
    try {
      await Promise.all(cuts.flatMap(({ batches }) => batches.map((b) => this.o.auditBatch(b))));
    } catch (e) {
      await countersWritten;
      return refused(e);
    }
    await countersWritten;
    for (const { d, end, batches } of cuts) {
      d.outbox.release(end);
      for (const b of batches) this.delivered += b.count;
    }
    if (this.paused && this.heldBack < RESUME_BELOW) this.pressure(false);
  }

  /** Writes the counters of a cut; resolves (never rejects) once they are durable or their failure is alarmed. */
  private async commitCounters(counters: SequenceChange | undefined): Promise<void> {
    if (!counters || !this.o.sequences) return;
    try {
      await this.o.sequences.commitAsync(counters);
      this.commitFailed = false;
    } catch (e) {
      if (!this.commitFailed) this.o.onAlarm('MDF_STATE_WRITE_FAILED', `sequence counters not persisted (recovered from the outbox after a crash): ${String(e)}`);
      this.commitFailed = true;
    }
  }

  /** Records appended but not yet released (waiting for their commit and audit append, or refused by the log). */
  get heldBack(): number {
    let n = 0;
    for (const d of this.destinations.values()) n += d.outbox.end - d.outbox.released;
    return n;
  }

  /** Undelivered records of a destination still on disk (for the recovery report). */
  pendingCount(did: string): number {
    return this.destinations.get(did)?.outbox.length ?? 0;
  }

  /** The undelivered records of a destination, streamed from its outbox (recovery: counters). */
  *undelivered(did: string): Iterable<Uint8Array> {
    const ob = this.destinations.get(did)?.outbox;
    if (!ob) return;
    for (const r of ob.read(ob.confirmed, ob.durable)) yield r.bytes;
  }

  /** Ends the integrity chains of a LIID with a final Hash (deactivation, expiry), after its last records. */
  async closeLiid(liid: string): Promise<void> {
    this.integrity.closeLiid(liid);
    await this.cycle();
  }

  stats(): { did: string; queued: number; oldestAt: number | undefined; delivered: number; connected: boolean; guarantee: 'acknowledged' | 'written'; bytesOnDisk: number; quotaBytes: number; resent: number; ackTimeouts: number }[] {
    return [...this.destinations.values()].map((d) => {
      const s = d.outbox.stats();
      return { did: d.did, queued: d.outbox.length, oldestAt: s.oldestAt, delivered: d.sender.delivered, connected: d.sender.connected, guarantee: d.sender.guarantee, bytesOnDisk: s.bytesOnDisk, quotaBytes: s.quotaBytes, resent: d.sender.resent, ackTimeouts: d.sender.ackTimeouts };
    });
  }

  /** Waits until every outbox is empty (everything confirmed by its LEMF) or the timeout passes. */
  async flush(timeoutMs = 5000): Promise<boolean> {
    this.integrity.closeAll();
    await this.cycle();
    const results = await Promise.all([...this.destinations.values()].map((d) => d.sender.flush(timeoutMs)));
    return results.every(Boolean);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    // A stop closes every chain with a Hash over its tail and a Signature over its unsigned Hashes,
    // delivered from the outbox after a restart.
    this.integrity.closeAll();
    await this.cycle();
    for (const d of this.destinations.values()) await d.close();
    this.destinations.clear();
  }
}
