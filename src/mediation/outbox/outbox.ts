/**
 * The MDF's durable outbox for one LEMF destination (issue 8 items 2, 3, 6; TS 102 232-1 §6.3.3
 * buffering): segments of AES-256-GCM chunks on disk (docs/mediation.md "Outbox"), one chunk per
 * group commit, a bounded tail cache in memory. Memory does not grow with the backlog: what is not
 * in the cache is streamed back from the segments one chunk at a time.
 *
 * Positions: append → (commit) durable → (release, after the audit log holds the batch) released →
 * take → (confirm, LEMF holds it) confirmed. Cursors are persisted lazily, at no extra fsync: every
 * chunk carries the released/confirmed cursors as of its commit, and the cursors file is rewritten
 * (tmp, fsync, rename, fsync dir) when a segment rolls over, every `cursorSyncMs` while they moved
 * without a commit, and at close. So after a crash:
 *  - `released` may be behind by the releases since the last commit (or cursors write): the MDF
 *    re-audits [released, durable) — some records a second time;
 *  - `confirmed` may be behind likewise: those PDUs are sent again and the LEMF, which recognises a
 *    resent PDU by its sequence context and number, stores them once.
 * A segment file is deleted only once a persisted cursor shows all its records confirmed.
 */
import type { DeliveryQueue } from '../../wires/hi2hi3/queue.ts';
import { MediationRefusal } from '../errors.ts';
import { CHUNK_OVERHEAD, encodeRecords, RECORD_OVERHEAD, sealChunk } from './chunk-codec.ts';
import { writeDurably } from './durable-write.ts';
import { failed } from './errors.ts';
import type { OutboxOptions, OutboxRecord } from './options.ts';
import { OutboxFiles } from './files.ts';
import { TailCache, type CachedChunk } from './tail-cache.ts';

export class DurableOutbox implements DeliveryQueue {
  private nextPos: number;
  private durablePos: number;
  private releasedPos: number;
  private confirmedPos: number;
  private takeAt: number;
  private readonly cache: TailCache;
  private pending: CachedChunk | undefined;
  /** Octets the pending chunk will take on disk. */
  private pendingBytes = 0;
  private inflightBytes = 0;
  private writing: Promise<number> | undefined;
  private queued: Promise<number> | undefined;
  private failure: unknown;
  private closed = false;
  private waiters: (() => void)[] = [];
  private scratch = Buffer.allocUnsafe(64 * 1024);
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly files: OutboxFiles,
    private readonly o: OutboxOptions,
  ) {
    this.nextPos = this.durablePos = files.end;
    this.releasedPos = files.persisted.released;
    this.confirmedPos = this.takeAt = files.persisted.confirmed;
    this.cache = new TailCache(o.cacheBytes ?? 32 * 1024 * 1024);
    this.timer = setInterval(() => this.syncCursors(), o.cursorSyncMs ?? 1000);
    this.timer.unref();
  }

  /** Creates or recovers the outbox in `o.dir`: MDF_STATE_CORRUPT, MDF_OUTBOX_WRONG_KEY or MDF_OUTBOX_FAILED when it cannot be trusted. */
  static open(o: OutboxOptions): DurableOutbox {
    if (!(o.quotaBytes > 0)) throw new RangeError('quotaBytes must be positive');
    const segmentBytes = Math.max(4096, Math.min(o.segmentBytes ?? 16 * 1024 * 1024, Math.floor(o.quotaBytes / 4)));
    return new DurableOutbox(OutboxFiles.open(o.dir, o.key, segmentBytes), o);
  }

  get end(): number {
    return this.nextPos;
  }
  get durable(): number {
    return this.durablePos;
  }
  get released(): number {
    return this.releasedPos;
  }
  get confirmed(): number {
    return this.confirmedPos;
  }
  /** Records not yet confirmed (appended, durable or taken). */
  get length(): number {
    return this.nextPos - this.confirmedPos;
  }

  /**
   * Buffers one record (not durable until a commit resolves past it) and returns its position. The
   * outbox keeps `rec` itself until committed and cached: the caller must not change it.
   */
  append(rec: Uint8Array, at: number, kind: 'data' | 'integrity' = 'data'): number {
    if (this.failure !== undefined || this.closed) throw failed(this.o.dir, this.closed ? 'closed' : 'failed earlier; refusing records', this.failure);
    const need = RECORD_OVERHEAD + rec.length + (this.pending ? 0 : CHUNK_OVERHEAD);
    const used = this.files.liveBytes(this.confirmedPos) + this.inflightBytes + this.pendingBytes;
    // Data may fill the quota but for a sixteenth kept for the integrity PDUs over it (Annex J: a Hash
    // PDU per 100 data PDUs, about 1 % of their size), so that a full outbox still closes its chains.
    const limit = kind === 'data' ? this.o.quotaBytes - Math.floor(this.o.quotaBytes / 16) : this.o.quotaBytes;
    if (used + need > limit) {
      throw new MediationRefusal('MDF_OUTBOX_QUOTA', `outbox ${this.o.dir}: ${used} of ${this.o.quotaBytes} octets used, a${kind === 'data' ? '' : 'n integrity'} record of ${rec.length} does not fit`, { details: { quotaBytes: this.o.quotaBytes, usedBytes: used } });
    }
    const c = (this.pending ??= this.cache.open(this.nextPos));
    c.records.push(rec);
    c.ats.push(at);
    c.plainBytes += RECORD_OVERHEAD + rec.length;
    this.pendingBytes += need;
    return this.nextPos++;
  }

  /**
   * Group commit: everything appended so far becomes one encrypted chunk, written and fsync'd off
   * the main thread; resolves with the durable end. Calls made while a write is in flight share the
   * next write (everything appended until it starts).
   */
  commit(): Promise<number> {
    if (this.queued) return this.queued;
    if (!this.writing) {
      const w = this.writeNext().finally(() => (this.writing = undefined));
      this.writing = w;
      return w;
    }
    const q = this.writing.then(
      () => undefined,
      () => undefined,
    );
    this.queued = q.then(() => {
      this.queued = undefined;
      return this.commit();
    });
    return this.queued;
  }

  private async writeNext(): Promise<number> {
    if (this.failure !== undefined) throw failed(this.o.dir, 'failed earlier', this.failure);
    const c = this.pending;
    if (!c) return this.durablePos;
    this.pending = undefined;
    const bytes = this.pendingBytes;
    this.pendingBytes = 0;
    this.inflightBytes = bytes;
    try {
      const seg = await this.files.segmentFor(c.first, this.cursors());
      if (this.scratch.length < c.plainBytes) this.scratch = Buffer.allocUnsafe(Math.max(c.plainBytes, this.scratch.length * 2));
      const plain = this.scratch.subarray(0, encodeRecords(this.scratch, c.records, c.ats, 0, c.records.length));
      const header = { count: c.records.length, first: c.first, ...this.cursors() };
      const parts = sealChunk(seg.seg.key, seg.seg.first, seg.seg.bytes, header, plain);
      await writeDurably(seg.fd, parts, seg.seg.bytes, bytes);
      this.files.wrote(header, bytes);
    } catch (cause) {
      this.fail(cause);
      throw cause instanceof MediationRefusal ? cause : failed(this.o.dir, 'a commit could not be written', cause);
    } finally {
      this.inflightBytes = 0;
    }
    this.durablePos = c.first + c.records.length;
    this.cache.committed(c);
    this.cache.trim(this.confirmedPos, this.durablePos);
    this.dropConfirmedSegments();
    return this.durablePos;
  }

  /** Records before `position` were audited: they may be taken. Must not pass `durable`. */
  release(position: number): void {
    if (position > this.durablePos) throw new RangeError(`release(${position}) past the durable end ${this.durablePos}`);
    if (position <= this.releasedPos) return;
    this.releasedPos = position;
    if (this.takeAt < position) this.wake();
  }

  take(max: number): { records: Uint8Array[]; next: number } {
    const limit = Math.min(this.releasedPos, this.takeAt + max);
    let records: Uint8Array[] = [];
    while (this.takeAt < limit) {
      const c = this.chunkAt(this.takeAt);
      const i = this.takeAt - c.first;
      const j = Math.min(c.records.length, limit - c.first);
      if (records.length === 0) records = c.records.slice(i, j);
      else for (let k = i; k < j; k++) records.push(c.records[k]!);
      this.takeAt += j - i;
    }
    return { records, next: this.takeAt };
  }

  confirm(position: number): void {
    const p = Math.min(position, this.releasedPos);
    if (p <= this.confirmedPos) return;
    this.confirmedPos = p;
    if (this.takeAt < p) this.takeAt = p;
    this.cache.trim(p, this.durablePos);
  }

  rewind(): void {
    this.takeAt = this.confirmedPos;
    if (this.takeAt < this.releasedPos) this.wake();
  }

  whenReady(): Promise<void> {
    if (this.takeAt < this.releasedPos) return Promise.resolve();
    return new Promise((r) => this.waiters.push(r));
  }

  /** Records [from, to) with their `at`, streamed (for re-auditing [released, durable) after a restart). */
  *read(from: number, to: number): Iterable<OutboxRecord> {
    if (to > this.durablePos || from < this.files.firstPosition(this.durablePos)) throw new RangeError(`read(${from}, ${to}) outside the records held`);
    const reader = this.files.reader();
    for (let p = from; p < to; ) {
      const c = this.cache.chunkAt(p) ?? this.guard(() => reader.chunkAt(p));
      for (let i = p - c.first; i < c.records.length && p < to; i++, p++) yield { position: p, bytes: c.records[i]!, at: c.ats[i]! };
    }
  }

  stats(): { records: number; bytesOnDisk: number; oldestAt: number | undefined; quotaBytes: number } {
    let oldestAt: number | undefined;
    if (this.confirmedPos < this.nextPos) {
      const c = this.cache.chunkAt(this.confirmedPos) ?? (this.confirmedPos < this.durablePos ? this.files.oldest(this.confirmedPos) : this.pending);
      oldestAt = c?.ats[this.confirmedPos - c.first];
    }
    return { records: this.length, bytesOnDisk: this.files.bytesOnDisk(), oldestAt, quotaBytes: this.o.quotaBytes };
  }

  /**
   * Closes an outbox that was opened only to be read (nothing appended, taken or confirmed): the
   * files are closed at once and nothing is written, so a later open of the same directory cannot
   * race a cursors rewrite of this one.
   */
  closeUnchanged(): void {
    if (this.closed) return;
    if (this.nextPos !== this.durablePos) throw failed(this.o.dir, 'closeUnchanged with records appended');
    clearInterval(this.timer);
    this.closed = true;
    this.files.close();
  }

  /** Commits what is appended, writes the cursors and closes the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    try {
      if (this.failure === undefined) await this.commit();
      this.closed = true;
      if (this.failure === undefined) {
        await this.files.writeCursors(this.cursors());
        await this.files.dropConfirmed();
      }
      await this.files.unlinked();
    } finally {
      this.closed = true;
      this.files.close();
    }
  }

  private cursors(): { released: number; confirmed: number } {
    return { released: this.releasedPos, confirmed: this.confirmedPos };
  }

  private chunkAt(position: number): { first: number; records: Uint8Array[]; ats: number[] } {
    return this.cache.chunkAt(position) ?? this.guard(() => this.files.chunkAt(position));
  }

  /** A read that fails (corrupt chunk, I/O) stops the outbox: fail closed. */
  private guard<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      this.fail(e);
      throw e;
    }
  }

  private syncCursors(): void {
    if (this.failure !== undefined || this.closed || this.writing || !this.files.cursorsMoved(this.cursors())) return;
    this.files
      .writeCursors(this.cursors())
      .then(() => this.dropConfirmedSegments())
      .catch((e: unknown) => this.fail(e));
  }

  private dropConfirmedSegments(): void {
    this.files.dropConfirmed().catch((e: unknown) => this.fail(e));
  }

  private fail(cause: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = cause ?? new Error('unknown failure');
    this.o.onFailure?.(cause);
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
