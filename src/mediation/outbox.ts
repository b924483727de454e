/**
 * Durable outbox of one LEMF destination: PS-PDUs wait here until written to a live HI2/HI3
 * connection, and survive a restart of the MDF. File format (documented in docs/mediation.md):
 *   <name>.log  — records, each a 4-byte big-endian length then the PS-PDU bytes, appended;
 *   <name>.ack  — 8-byte big-endian offset into .log of the first record not yet delivered.
 * Records pushed in one event-loop turn are appended in one write (the OS holds them on a crash of
 * the process); fsync runs every `fsyncMs`, off the main thread, so at most that window is exposed
 * to a power loss. When everything is delivered
 * the log is truncated, so the files stay small in steady state.
 */
import { closeSync, existsSync, fstatSync, fsync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { MediationRefusal } from './errors.ts';
import type { DeliveryQueue } from '../wires/hi2hi3/queue.ts';

export class FileOutbox implements DeliveryQueue {
  private readonly logFd: number;
  private readonly ackFd: number;
  private pending: Uint8Array[] = [];
  /** When each pending record was queued (ms), aligned with `pending`; for the outbox-age metric. */
  private pendingAt: number[] = [];
  private unwrittenAt: number[] = [];
  private head = 0;
  private ackOffset = 0;
  private writeOffset = 0;
  private waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private syncing = false;
  private closed = false;
  private unwritten: Uint8Array[] = [];
  private unwrittenBytes = 0;
  private writeScheduled = false;
  private failed: unknown;
  /** Called once when a write fails (the MDF raises MDF_OUTBOX_FAILED and stops). */
  onFailure: ((cause: unknown) => void) | undefined;
  /** Records recovered from disk when opened (delivered after a restart). */
  readonly recovered: number;

  constructor(
    readonly path: string,
    private readonly fsyncMs = 200,
  ) {
    try {
      this.logFd = openSync(`${path}.log`, existsSync(`${path}.log`) ? 'r+' : 'w+', 0o600);
      this.ackFd = openSync(`${path}.ack`, existsSync(`${path}.ack`) ? 'r+' : 'w+', 0o600);
      const ackBuf = Buffer.alloc(8);
      if (readSync(this.ackFd, ackBuf, 0, 8, 0) === 8) this.ackOffset = Number(ackBuf.readBigUInt64BE(0));
      this.writeOffset = fstatSync(this.logFd).size;
      this.recovered = this.load();
    } catch (cause) {
      throw new MediationRefusal('MDF_OUTBOX_FAILED', `cannot open outbox ${path}`, { cause });
    }
    this.timer = setInterval(() => this.sync(), fsyncMs);
    this.timer.unref();
  }

  private load(): number {
    const size = this.writeOffset;
    let pos = this.ackOffset;
    const lenBuf = Buffer.alloc(4);
    // Recovered records are at least as old as the file's last write.
    const writtenAt = fstatSync(this.logFd).mtimeMs;
    while (pos + 4 <= size) {
      readSync(this.logFd, lenBuf, 0, 4, pos);
      const len = lenBuf.readUInt32BE(0);
      if (pos + 4 + len > size) break; // a torn final append: ignore it and overwrite from here
      const rec = Buffer.alloc(len);
      readSync(this.logFd, rec, 0, len, pos + 4);
      this.pending.push(rec);
      this.pendingAt.push(writtenAt);
      pos += 4 + len;
    }
    this.writeOffset = pos;
    return this.pending.length;
  }

  /** Records waiting for delivery, including those not yet written to the file. */
  get length(): number {
    return this.pending.length - this.head + this.unwritten.length;
  }

  /**
   * Queues a record. Records pushed in one event-loop turn are written to the file together (one
   * write), and only written records are handed to the sender: nothing leaves before it is on file.
   */
  push(rec: Uint8Array): void {
    if (this.failed) throw new MediationRefusal('MDF_OUTBOX_FAILED', `outbox ${this.path} failed earlier; refusing records`, { cause: this.failed });
    this.unwritten.push(rec);
    this.unwrittenAt.push(Date.now());
    this.unwrittenBytes += 4 + rec.length;
    if (this.unwrittenBytes >= 256 * 1024) this.writeOut();
    else if (!this.writeScheduled) {
      this.writeScheduled = true;
      setImmediate(() => this.writeOut());
    }
  }

  /** Appends the records queued this turn to the log file in one write. */
  writeOut(): void {
    this.writeScheduled = false;
    if (this.unwritten.length === 0) return;
    const frame = Buffer.allocUnsafe(this.unwrittenBytes);
    let p = 0;
    for (const rec of this.unwritten) {
      frame.writeUInt32BE(rec.length, p);
      frame.set(rec, p + 4);
      p += 4 + rec.length;
    }
    try {
      writeSync(this.logFd, frame, 0, frame.length, this.writeOffset);
    } catch (cause) {
      // Fail closed: the records stay unwritten and nothing more is accepted.
      this.failed = cause;
      this.onFailure?.(cause);
      return;
    }
    this.writeOffset += frame.length;
    this.dirty = true;
    for (const rec of this.unwritten) this.pending.push(rec);
    for (const at of this.unwrittenAt) this.pendingAt.push(at);
    this.unwritten = [];
    this.unwrittenAt = [];
    this.unwrittenBytes = 0;
    for (const w of this.waiters.splice(0)) w();
  }

  /** When the oldest undelivered record was queued (ms since the epoch), or undefined when empty. */
  get oldestAt(): number | undefined {
    return this.head < this.pending.length ? this.pendingAt[this.head] : this.unwrittenAt[0];
  }

  peek(max: number): Uint8Array[] {
    return this.pending.slice(this.head, this.head + max);
  }

  /** Positions count from this run's opening (this outbox does not persist them). */
  private base = 0;
  private taken = 0;

  get confirmed(): number {
    return this.base;
  }

  take(max: number): { records: Uint8Array[]; next: number } {
    const records = this.pending.slice(this.head + this.taken, this.head + this.taken + max);
    this.taken += records.length;
    return { records, next: this.base + this.taken };
  }

  confirm(position: number): void {
    const n = position - this.base;
    if (n <= 0) return;
    this.ack(n);
    this.base += n;
    this.taken = Math.max(0, this.taken - n);
  }

  rewind(): void {
    this.taken = 0;
  }

  whenReady(): Promise<void> {
    return this.whenNotEmpty();
  }

  ack(n: number): void {
    for (let i = 0; i < n && this.head < this.pending.length; i++) this.ackOffset += 4 + this.pending[this.head++]!.length;
    if (this.head === this.pending.length) {
      // Everything delivered: start the files afresh.
      this.pending = [];
      this.pendingAt = [];
      this.head = 0;
      this.ackOffset = 0;
      this.writeOffset = 0;
      ftruncateSync(this.logFd, 0);
    } else if (this.head > 4096) {
      this.pending = this.pending.slice(this.head);
      this.pendingAt = this.pendingAt.slice(this.head);
      this.head = 0;
    }
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(this.ackOffset), 0);
    writeSync(this.ackFd, b, 0, 8, 0);
    this.dirty = true;
  }

  whenNotEmpty(): Promise<void> {
    if (this.pending.length - this.head - this.taken > 0) return Promise.resolve();
    return new Promise((r) => this.waiters.push(r));
  }

  /** fsync off the main thread; one at a time. */
  sync(): void {
    if (!this.dirty || this.syncing || this.closed) return;
    this.dirty = false;
    this.syncing = true;
    fsync(this.logFd, () => fsync(this.ackFd, () => (this.syncing = false)));
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.writeOut();
    this.closed = true;
    fsyncSync(this.logFd);
    fsyncSync(this.ackFd);
    closeSync(this.logFd);
    closeSync(this.ackFd);
  }
}
