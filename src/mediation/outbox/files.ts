/**
 * The files of one outbox directory and what is known durable about them: segments (and which one
 * commits append to), cursors as persisted (in the cursors file or carried by a durable chunk),
 * rollover and deletion of confirmed segments. The DurableOutbox keeps the positions; this keeps
 * the disk consistent with them.
 */
import { closeSync, openSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { ChunkHeader } from './chunk-codec.ts';
import { fsyncFd, writeCursors, type Cursors } from './cursors.ts';
import { openOutboxDir } from './recovery.ts';
import { ChunkReader, type SegmentSet, type Segment } from './segments.ts';
import type { DecodedChunk } from './chunk-codec.ts';

type Positions = Pick<Cursors, 'released' | 'confirmed'>;

export class OutboxFiles {
  /** Cursors known to survive a crash: the larger of the cursors file and the newest durable chunk. */
  readonly persisted: Positions;
  private cursorChain: Promise<void> = Promise.resolve();
  private unlinking: Promise<void> = Promise.resolve();
  private readonly takeReader: ChunkReader;
  private readonly oldestReader: ChunkReader;
  /** Bumped whenever a segment is added, grows or goes: invalidates the live-bytes memo. */
  private version = 0;
  private memo = { version: -1, confirmed: -1, bytes: 0 };

  private constructor(
    private readonly dir: string,
    private readonly key: Uint8Array,
    private readonly segmentBytes: number,
    private readonly dirFd: number,
    private readonly set: SegmentSet,
    private active: { seg: Segment; fd: number } | undefined,
    private readonly outboxId: Buffer,
    persisted: Positions,
    /** Position after the last durable record, as recovered at open. */
    readonly end: number,
  ) {
    this.persisted = { ...persisted };
    this.takeReader = new ChunkReader(set);
    this.oldestReader = new ChunkReader(set);
  }

  static open(dir: string, key: Uint8Array, segmentBytes: number): OutboxFiles {
    const o = openOutboxDir(dir, key);
    return new OutboxFiles(dir, key, segmentBytes, o.dirFd, o.set, o.active, o.cursors.outboxId, o.cursors, o.end);
  }

  /**
   * The segment the chunk starting at `first` goes to: the active one, or a new one when there is
   * none yet, the active one is full, or it is wholly confirmed and a quarter full (so that the
   * quota it holds is freed soon). The cursors file is rewritten first, then the new segment's name is made durable.
   */
  async segmentFor(first: number, cursors: Positions): Promise<{ seg: Segment; fd: number }> {
    const a = this.active;
    if (a && a.seg.bytes < this.segmentBytes && !(cursors.confirmed >= first && a.seg.bytes >= this.segmentBytes / 4)) return a;
    // The cursors file first: recovery reads cursors from the file and the final segment's last
    // chunk only, so the file must cover every cursor the old segment's chunks carried before a
    // new (possibly empty) segment becomes the final one.
    await this.writeCursors(cursors);
    const seg = this.set.add(first, 0);
    const fd = openSync(seg.path, 'wx', 0o600);
    if (a) closeSync(a.fd);
    this.active = { seg, fd };
    this.version++;
    await fsyncFd(this.dirFd); // the new name is durable
    return this.active;
  }

  /** A chunk with this header and size is durable in the active segment. */
  wrote(h: ChunkHeader | (Positions & { first: number }), bytes: number): void {
    this.active!.seg.bytes += bytes;
    this.version++;
    this.raise(h);
  }

  cursorsMoved(c: Positions): boolean {
    return c.released > this.persisted.released || c.confirmed > this.persisted.confirmed;
  }

  /** Rewrites the cursors file crash-safely; writes are queued one after the other. */
  writeCursors(c: Positions): Promise<void> {
    const snapshot = { outboxId: this.outboxId, released: c.released, confirmed: c.confirmed };
    const run = this.cursorChain.then(async () => {
      await writeCursors(this.dir, snapshot, this.key, this.dirFd);
      this.raise(snapshot);
    });
    this.cursorChain = run.catch(() => undefined);
    return run;
  }

  /** Deletes the oldest segments whose records a persisted cursor shows all confirmed (unlinked off the main thread). */
  dropConfirmed(): Promise<void> {
    const list = this.set.list;
    const paths: string[] = [];
    while (list.length > 1 && list[0] !== this.active?.seg && list[1]!.first <= this.persisted.confirmed) {
      paths.push(this.set.dropOldest());
      this.version++;
    }
    if (paths.length === 0) return Promise.resolve();
    const run = Promise.all(paths.map((p) => unlink(p))).then(() => undefined);
    this.unlinking = Promise.all([this.unlinking, run.catch(() => undefined)]).then(() => undefined);
    return run;
  }

  /** Resolves when every unlink started so far has ended. */
  unlinked(): Promise<void> {
    return this.unlinking;
  }

  /** Octets on disk that still count against the quota: not those of segments wholly confirmed (deleted soon). */
  liveBytes(confirmed: number): number {
    if (this.memo.version === this.version && this.memo.confirmed === confirmed) return this.memo.bytes;
    const list = this.set.list;
    let bytes = 0;
    for (let i = 0; i < list.length; i++) {
      const next = list[i + 1];
      if (!next || next.first > confirmed) bytes += list[i]!.bytes;
    }
    this.memo = { version: this.version, confirmed, bytes };
    return bytes;
  }

  bytesOnDisk(): number {
    return this.set.totalBytes;
  }

  /** The oldest position held on disk (`durable` when there is no segment). */
  firstPosition(durable: number): number {
    return this.set.list[0]?.first ?? durable;
  }

  /** The durable chunk holding `position`, for take(): streamed from the segments. */
  chunkAt(position: number): DecodedChunk {
    return this.takeReader.chunkAt(position);
  }

  /** The chunk holding the oldest unconfirmed record (for its age); its own reader, so take()'s place is kept. */
  oldest(position: number): DecodedChunk {
    return this.oldestReader.chunkAt(position);
  }

  /** A reader of its own (for read()). */
  reader(): ChunkReader {
    return new ChunkReader(this.set);
  }

  close(): void {
    if (this.active) closeSync(this.active.fd);
    this.active = undefined;
    this.set.closeAll();
    closeSync(this.dirFd);
  }

  private raise(c: Positions): void {
    this.persisted.released = Math.max(this.persisted.released, c.released);
    this.persisted.confirmed = Math.max(this.persisted.confirmed, c.confirmed);
  }
}
