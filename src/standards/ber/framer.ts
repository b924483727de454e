/**
 * Streaming splitter for a TCP stream of concatenated BER elements (HI2/HI3 delivery: one PS-PDU
 * after another, TS 102 232-1 §6). Resumable: feed chunks as they arrive, get whole elements back.
 */
import { BerDecodeError } from './errors.ts';
import { elementEnd } from './decode.ts';

export class BerStreamFramer {
  private buf = new Uint8Array(0);
  constructor(private readonly maxElementSize = 16 * 1024 * 1024) {}

  /** Returns every complete top-level element now available (copies, safe to keep). */
  push(chunk: Uint8Array): Uint8Array[] {
    const joined = new Uint8Array(this.buf.length + chunk.length);
    joined.set(this.buf, 0);
    joined.set(chunk, this.buf.length);
    const out: Uint8Array[] = [];
    let p = 0;
    while (p < joined.length) {
      const e = elementEnd(joined, p, joined.length);
      if (e === undefined) {
        if (joined.length - p > this.maxElementSize)
          throw new BerDecodeError('BER_TOO_LARGE', `element exceeds ${this.maxElementSize} bytes`);
        break;
      }
      if (e - p > this.maxElementSize) throw new BerDecodeError('BER_TOO_LARGE', `element exceeds ${this.maxElementSize} bytes`);
      out.push(joined.slice(p, e));
      p = e;
    }
    this.buf = joined.slice(p);
    return out;
  }

  /** Bytes held waiting for the rest of an element. */
  get pending(): number {
    return this.buf.length;
  }
}
