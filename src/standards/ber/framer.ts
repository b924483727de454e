/**
 * Streaming splitter for a TCP stream of concatenated BER elements (HI2/HI3 delivery: one PS-PDU
 * after another, TS 102 232-1 §6). Resumable: feed chunks as they arrive, get whole elements back.
 *
 * An element that lies wholly in one chunk is handed out as a view of that chunk (no copy, no new
 * backing store: at line rate a PDU is a few hundred octets and a chunk holds dozens of them); only
 * an element split across chunks is assembled in a buffer of its own. So a caller must not write
 * into a chunk after pushing it (a socket's or a file reader's fresh buffers are never reused).
 */
import { BerDecodeError } from './errors.ts';
import { elementEnd } from './decode.ts';
import { readHeader } from './tag.ts';

const EMPTY = new Uint8Array(0);

/**
 * Split elements of up to POOL_MAX octets are assembled in a shared pool (one ArrayBuffer for many,
 * as Node's Buffer pool does): a region is given to one split element, filled by its framer only
 * until the element is complete, then handed out and never written again.
 */
const POOL_SIZE = 64 * 1024;
const POOL_MAX = 4096;
/** A split element larger than this gets a buffer that grows with the octets received. */
const GROW_FROM = 64 * 1024;
let pool = new Uint8Array(POOL_SIZE);
let poolAt = 0;

function allocate(n: number): Uint8Array {
  if (n > POOL_MAX) return new Uint8Array(n);
  if (poolAt + n > POOL_SIZE) {
    pool = new Uint8Array(POOL_SIZE);
    poolAt = 0;
  }
  const at = poolAt;
  poolAt = at + n;
  return new Uint8Array(pool.buffer, at, n);
}

/** A plain Uint8Array over b[s, e) (not a Buffer even when b is one: consumers get one type). */
const view = (b: Uint8Array, s: number, e: number): Uint8Array => new Uint8Array(b.buffer, b.byteOffset + s, e - s);

/**
 * The end of the element at `p` for the definite short forms that cannot be malformed: a low tag
 * number and a length of 0..127 or of 1..4 length octets (X.690 §8.1.2.2, §8.1.3.4, §8.1.3.5).
 * -1 for anything else (incomplete, high tag number, indefinite, reserved): readHeader decides those.
 */
function quickEnd(b: Uint8Array, p: number, n: number): number {
  if (p + 2 > n || (b[p]! & 0x1f) === 0x1f) return -1;
  const l0 = b[p + 1]!;
  if (l0 < 0x80) return p + 2 + l0;
  const k = l0 - 0x80;
  if (k < 1 || k > 4 || p + 2 + k > n) return -1;
  let len = 0;
  for (let i = p + 2; i < p + 2 + k; i++) len = len * 256 + b[i]!;
  return p + 2 + k + len;
}

export class BerStreamFramer {
  /** The first octets of an element split across chunks (owned; never written after it is handed out). */
  private part: Uint8Array = EMPTY;
  private partLen = 0;
  /** The split element's whole size when its header was read and is within the limit, else -1. */
  private total = -1;

  constructor(private readonly maxElementSize = 16 * 1024 * 1024) {}

  private tooLarge(): BerDecodeError {
    return new BerDecodeError('BER_TOO_LARGE', `element exceeds ${this.maxElementSize} bytes`);
  }

  /**
   * Returns every complete top-level element now available: views of `chunk` where an element lies
   * wholly in it, else a buffer of the element's own. Safe to keep (nothing here writes to them again).
   */
  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    const n = chunk.length;
    let p = this.partLen > 0 ? this.continuePart(chunk, out) : 0;
    const max = this.maxElementSize;
    while (p < n) {
      let e = quickEnd(chunk, p, n);
      if (e < 0 || e > n) {
        const full = elementEnd(chunk, p, n);
        if (full === undefined) {
          if (n - p > max) throw this.tooLarge();
          this.startPart(chunk, p, n);
          break;
        }
        e = full;
      }
      if (e - p > max) throw this.tooLarge();
      out.push(view(chunk, p, e));
      p = e;
    }
    return out;
  }

  /**
   * Keeps chunk[p, n), the start of an element: in a buffer of its final size when that is known and
   * small; a large one grows with what arrives (a peer's declared length alone never makes the
   * framer hold more than about twice the octets actually received).
   */
  private startPart(chunk: Uint8Array, p: number, n: number): void {
    const h = readHeader(chunk, p, n);
    const total = h && h.length >= 0 ? h.headerLength + h.length : -1;
    if (total >= 0 && total <= this.maxElementSize) {
      this.part = total <= GROW_FROM ? allocate(total) : new Uint8Array(Math.max(GROW_FROM, n - p));
      this.part.set(view(chunk, p, n));
      this.total = total;
    } else {
      this.part = chunk.slice(p, n);
      this.total = -1;
    }
    this.partLen = n - p;
  }

  /** Feeds the split element from `chunk`; returns how many of its octets were used. */
  private continuePart(chunk: Uint8Array, out: Uint8Array[]): number {
    const n = chunk.length;
    if (this.total >= 0) {
      const need = this.total - this.partLen;
      const until = this.partLen + Math.min(n, need);
      if (until > this.part.length) {
        const grown = new Uint8Array(Math.min(this.total, Math.max(until, 2 * this.part.length)));
        grown.set(this.part.subarray(0, this.partLen));
        this.part = grown;
      }
      if (n < need) {
        this.part.set(chunk, this.partLen);
        this.partLen += n;
        return n;
      }
      this.part.set(need === n ? chunk : chunk.subarray(0, need), this.partLen);
      out.push(this.part);
      this.reset();
      return need;
    }
    // Header still incomplete, indefinite length, or beyond the limit: join and look again (as
    // whole-buffer parsing would); the joined copy is what the element's view then keeps.
    const had = this.partLen;
    const joined = new Uint8Array(had + n);
    joined.set(this.part.subarray(0, had), 0);
    joined.set(chunk, had);
    const e = elementEnd(joined, 0, joined.length);
    if (e === undefined) {
      if (joined.length > this.maxElementSize) throw this.tooLarge();
      this.reset();
      this.startPart(joined, 0, joined.length);
      return n;
    }
    if (e > this.maxElementSize) throw this.tooLarge();
    out.push(joined.subarray(0, e));
    this.reset();
    return e - had;
  }

  private reset(): void {
    this.part = EMPTY;
    this.partLen = 0;
    this.total = -1;
  }

  /** Bytes held waiting for the rest of an element. */
  get pending(): number {
    return this.partLen;
  }
}
