/**
 * The outbox's segment files: `<first position, 16 digits>.seg`, each a run of chunks
 * (chunk-codec.ts) holding consecutive positions; the next segment starts where the previous ends.
 * Reading is synchronous and streamed one chunk at a time (the sender's take() is synchronous);
 * nothing here holds more than the chunk being read.
 */
import { closeSync, fstatSync, ftruncateSync, fsyncSync, openSync, readSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chunkBytes, decodeHeader, decodeRecords, HEADER_BYTES, openChunk, segmentKey, type ChunkHeader, type DecodedChunk } from './chunk-codec.ts';
import { corrupt } from './errors.ts';

export interface Segment {
  first: number;
  /** Octets of whole, fsync'd chunks (the active segment grows as commits complete). */
  bytes: number;
  readonly key: Buffer;
  readonly path: string;
  readFd: number | undefined;
  deleted: boolean;
}

const NAME = /^(\d{16})\.seg$/;
export const segmentName = (first: number): string => `${String(first).padStart(16, '0')}.seg`;

/** The segments of one outbox, oldest first, and the keys to read them. */
export class SegmentSet {
  readonly list: Segment[] = [];

  constructor(
    readonly dir: string,
    private readonly master: Uint8Array,
    private readonly outboxId: Uint8Array,
  ) {}

  /** Segment files present in `dir`, by first position (sizes as found). */
  static scan(dir: string): { first: number; bytes: number }[] {
    const found: { first: number; bytes: number }[] = [];
    for (const name of readdirSync(dir)) {
      const m = NAME.exec(name);
      if (!m) continue;
      const first = Number(m[1]);
      const fd = openSync(join(dir, name), 'r');
      try {
        found.push({ first, bytes: fstatSync(fd).size });
      } finally {
        closeSync(fd);
      }
    }
    return found.sort((a, b) => a.first - b.first);
  }

  add(first: number, bytes: number): Segment {
    const s: Segment = { first, bytes, key: segmentKey(this.master, this.outboxId, first), path: join(this.dir, segmentName(first)), readFd: undefined, deleted: false };
    this.list.push(s);
    return s;
  }

  get totalBytes(): number {
    let n = 0;
    for (const s of this.list) n += s.bytes;
    return n;
  }

  /** The segment holding `position`: the last one starting at or before it. */
  indexOf(position: number): number {
    let lo = 0;
    let hi = this.list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.list[mid]!.first <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Forgets the oldest segment (its records are all confirmed and the cursor is durable) and returns its path, for the caller to unlink. */
  dropOldest(): string {
    const s = this.list.shift()!;
    if (s.readFd !== undefined) closeSync(s.readFd);
    s.readFd = undefined;
    s.deleted = true;
    return s.path;
  }

  closeAll(): void {
    for (const s of this.list) {
      if (s.readFd !== undefined) closeSync(s.readFd);
      s.readFd = undefined;
    }
  }

  readHeader(s: Segment, offset: number, limit: number): ChunkHeader | undefined {
    const b = Buffer.allocUnsafe(HEADER_BYTES);
    if (offset + HEADER_BYTES > limit || readSync(this.fd(s), b, 0, HEADER_BYTES, offset) !== HEADER_BYTES) return undefined;
    return decodeHeader(b);
  }

  /** Reads, authenticates and splits one chunk; MDF_STATE_CORRUPT when it does not verify. */
  readChunk(s: Segment, offset: number, h: ChunkHeader): DecodedChunk {
    const size = chunkBytes(h);
    const b = Buffer.allocUnsafe(size);
    if (readSync(this.fd(s), b, 0, size, offset) !== size) throw corrupt(this.dir, `${segmentName(s.first)}: the chunk at octet ${offset} is cut short`);
    try {
      return decodeRecords(openChunk(s.key, s.first, offset, b, h), h);
    } catch (cause) {
      throw corrupt(this.dir, `${segmentName(s.first)}: the chunk at octet ${offset} (positions ${h.first}..${h.first + h.count - 1}) fails authentication`, cause);
    }
  }

  private fd(s: Segment): number {
    return (s.readFd ??= openSync(s.path, 'r'));
  }
}

export interface Recovered {
  /** Position after the last whole chunk. */
  end: number;
  /** Header of the last chunk, authenticated (its cursors count), if the segment holds any. */
  last: ChunkHeader | undefined;
}

/**
 * Recovery of the final segment at open: walks its chunk headers (48 octets each, no record is
 * loaded), authenticates the last chunk, and cuts off a torn final chunk — the one write that was
 * in flight when the process or machine died: a header cut short or unreadable, a chunk running to
 * or past the end of the file that fails authentication. A chunk that fails with octets after it
 * is corruption, not a torn write.
 */
export function recoverFinal(set: SegmentSet, s: Segment, writeFd: number): Recovered {
  const size = s.bytes;
  let offset = 0;
  let pos = s.first;
  const chunks: { offset: number; h: ChunkHeader }[] = [];
  while (offset < size) {
    const h = set.readHeader(s, offset, size);
    if (!h || offset + chunkBytes(h) > size) break; // torn: cut here
    if (h.first !== pos) throw corrupt(set.dir, `${segmentName(s.first)}: the chunk at octet ${offset} starts at position ${h.first}, expected ${pos}`);
    chunks.push({ offset, h });
    offset += chunkBytes(h);
    pos += h.count;
  }
  let last = chunks.at(-1);
  if (last && offset === size) {
    try {
      set.readChunk(s, last.offset, last.h);
    } catch (e) {
      // A torn write can leave a whole-looking chunk with holes; only the final one.
      chunks.pop();
      offset = last.offset;
      pos = last.h.first;
      last = chunks.at(-1);
      if (last) set.readChunk(s, last.offset, last.h); // the one before must verify
      else if (offset !== 0) throw e;
    }
  } else if (last) {
    set.readChunk(s, last.offset, last.h);
  }
  if (offset < size) {
    ftruncateSync(writeFd, offset);
    fsyncSync(writeFd);
    s.bytes = offset;
  }
  return { end: pos, last: last?.h };
}

/**
 * Streams chunks from the segments for the positions asked, forward; keeps one decoded chunk.
 * Checks on the way what recovery does not read: consecutive positions within and across segments.
 */
export class ChunkReader {
  private seg: Segment | undefined;
  private offset = 0;
  /** Position of the chunk at `offset`. */
  private pos = 0;
  private current: DecodedChunk | undefined;

  constructor(private readonly set: SegmentSet) {}

  /** The chunk holding `position` (which must be below the durable end). */
  chunkAt(position: number): DecodedChunk {
    const c = this.current;
    if (c && position >= c.first && position < c.first + c.records.length) return c;
    const list = this.set.list;
    const i = list.indexOf(this.seg!);
    const next = i >= 0 ? list[i + 1] : undefined;
    if (!this.seg || this.seg.deleted || position < this.pos || (next && position >= next.first)) {
      const j = this.set.indexOf(position);
      this.seg = list[j];
      if (!this.seg || position < this.seg.first) throw corrupt(this.set.dir, `no segment holds position ${position}`);
      this.offset = 0;
      this.pos = this.seg.first;
    }
    for (;;) {
      const s: Segment = this.seg;
      if (this.offset >= s.bytes) {
        const after: Segment | undefined = list[list.indexOf(s) + 1];
        if (!after) throw corrupt(this.set.dir, `position ${position} is past the last chunk (${this.pos})`);
        if (after.first !== this.pos) throw corrupt(this.set.dir, `${segmentName(s.first)} ends at position ${this.pos}, the next segment starts at ${after.first}`);
        this.seg = after;
        this.offset = 0;
        continue;
      }
      const h = this.set.readHeader(s, this.offset, s.bytes);
      if (!h || h.first !== this.pos) throw corrupt(this.set.dir, `${segmentName(s.first)}: no chunk header for position ${this.pos} at octet ${this.offset}`);
      const at = this.offset;
      this.offset += chunkBytes(h);
      this.pos += h.count;
      if (position < h.first + h.count) return (this.current = this.set.readChunk(s, at, h));
    }
  }

  /** Forget the decoded chunk (memory) and the place (segments were removed). */
  reset(): void {
    this.current = undefined;
    this.seg = undefined;
  }
}
