/**
 * Resumable X2/X3 stream framer: turns the octets of one TCP/TLS connection (TS 103 221-2 §6.2,
 * "a binary stream of X2/X3 PDUs", §5.1) into PDUs, whatever the read boundaries.
 *
 * Memory: a PDU that lies wholly inside one pushed chunk is decoded in place (its payload and raw
 * octets are views of that chunk). A PDU split across chunks is copied once into a buffer of exactly
 * its size, allocated only after its 12-octet length prefix has been checked against maxPduSize.
 * Buffers handed out are never reused, so decoded PDUs stay valid after later pushes — provided the
 * caller does not overwrite the chunks it pushed.
 *
 * Errors are fatal: after push() throws, the stream position is unknown, so the framer refuses all
 * further input (X2X3_FRAMER_FAILED) and the caller MUST close the connection (and raise an alarm).
 * PDUs completed earlier in the same push() are lost with the exception: the connection is being
 * dropped anyway, and the POI re-sends per its own reliability rules.
 */
import { X2X3_LENGTH_PREFIX } from './constants.ts';
import { checkX2X3LengthPrefix, decodeFramedX2X3Pdu } from './decode.ts';
import { X2X3DecodeError } from './errors.ts';
import type { DecodedX2X3Pdu } from './types.ts';

// Module-local copies of imported constants: under tsx, imported bindings are getters, and this
// is the per-PDU path.
const PREFIX = X2X3_LENGTH_PREFIX;

export interface X2X3FramerOptions {
  /**
   * Largest PDU (Header Length + Payload Length) accepted, in octets. Larger ones raise
   * X2X3_PDU_TOO_LARGE before anything is buffered. Default 16 MiB.
   */
  maxPduSize?: number;
}

export const DEFAULT_MAX_X2X3_PDU_SIZE = 16 * 1024 * 1024;

export class X2X3Framer {
  readonly maxPduSize: number;
  /** The first 12 octets of a PDU whose size is not yet known. */
  private readonly prefixScratch = new Uint8Array(PREFIX);
  private readonly prefixView = new DataView(this.prefixScratch.buffer);
  private prefixFilled = 0;
  /** The PDU being assembled across chunks (exactly its size), or undefined. */
  private partial: Uint8Array | undefined;
  private partialFilled = 0;
  /** Octets consumed since construction: error offsets are stream offsets. */
  private streamOffset = 0;
  private failure: X2X3DecodeError | undefined;

  constructor(options: X2X3FramerOptions = {}) {
    const max = options.maxPduSize ?? DEFAULT_MAX_X2X3_PDU_SIZE;
    if (!Number.isInteger(max) || max < 40) throw new RangeError('maxPduSize must be an integer >= 40');
    this.maxPduSize = max;
  }

  /** Octets held for a PDU that is not complete yet (0 = at a PDU boundary). */
  get pendingBytes(): number {
    return this.partial !== undefined ? this.partialFilled : this.prefixFilled;
  }

  /** True once push() has thrown: the connection must be closed. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /**
   * Feeds the next octets of the stream; returns the PDUs completed by them, in order. Throws an
   * X2X3DecodeError on malformed input; the framer is then unusable (see the file comment).
   */
  push(chunk: Uint8Array): DecodedX2X3Pdu[] {
    if (this.failure !== undefined) {
      throw new X2X3DecodeError('X2X3_FRAMER_FAILED', 'X2/X3 stream already failed; close the connection', {
        cause: this.failure,
      });
    }
    try {
      return this.consume(chunk);
    } catch (err) {
      this.failure =
        err instanceof X2X3DecodeError
          ? err
          : new X2X3DecodeError('X2X3_FRAMER_FAILED', 'unexpected error while framing X2/X3', { cause: err });
      throw this.failure;
    }
  }

  /**
   * Call at end of stream: throws X2X3_TRUNCATED if the connection closed in the middle of a PDU.
   */
  finish(): void {
    const pending = this.pendingBytes;
    if (pending !== 0 && this.failure === undefined) {
      this.failure = new X2X3DecodeError('X2X3_TRUNCATED', `X2/X3 stream ended inside a PDU (${pending} octets held)`, {
        details: { have: pending, offset: this.streamOffset - pending },
      });
      throw this.failure;
    }
  }

  /** The PDU's total length (no prefix object: this is the per-PDU path). */
  private checkPrefix(view: DataView, offset: number, streamOffset: number): number {
    const totalLength = checkX2X3LengthPrefix(view, offset, streamOffset);
    if (totalLength > this.maxPduSize) {
      throw new X2X3DecodeError('X2X3_PDU_TOO_LARGE', `X2/X3 PDU of ${totalLength} octets exceeds maxPduSize ${this.maxPduSize}`, {
        details: { totalLength, maxPduSize: this.maxPduSize, offset: streamOffset },
      });
    }
    return totalLength;
  }

  private decodeAt(bytes: Uint8Array, view: DataView, start: number, streamStart: number): DecodedX2X3Pdu {
    try {
      return decodeFramedX2X3Pdu(bytes, view, start);
    } catch (err) {
      // Report where in the stream the bad PDU started.
      if (err instanceof X2X3DecodeError && err.details !== undefined) err.details.pduStreamOffset = streamStart;
      throw err;
    }
  }

  private consume(input: Uint8Array): DecodedX2X3Pdu[] {
    // A socket hands Buffers: a view of a Buffer is made through Symbol.species (node's FastBuffer
    // constructor, in JS); a view of a plain Uint8Array is a builtin. The PDUs' payload, XID octets
    // and raw octets are views of the chunk (three per PDU): take them from a plain view of it.
    const chunk = input.constructor === Uint8Array ? input : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    const out: DecodedX2X3Pdu[] = [];
    const len = chunk.length;
    let pos = 0;
    let view: DataView | undefined;
    while (pos < len) {
      if (this.partial !== undefined) {
        // Continue a PDU split across chunks.
        const partial = this.partial;
        const n = Math.min(partial.length - this.partialFilled, len - pos);
        partial.set(chunk.subarray(pos, pos + n), this.partialFilled);
        this.partialFilled += n;
        pos += n;
        this.streamOffset += n;
        if (this.partialFilled === partial.length) {
          this.partial = undefined;
          this.partialFilled = 0;
          const pView = new DataView(partial.buffer, partial.byteOffset, partial.byteLength);
          out.push(this.decodeAt(partial, pView, 0, this.streamOffset - partial.length));
        }
        continue;
      }
      if (this.prefixFilled > 0) {
        // Complete a length prefix split across chunks.
        const n = Math.min(PREFIX - this.prefixFilled, len - pos);
        this.prefixScratch.set(chunk.subarray(pos, pos + n), this.prefixFilled);
        this.prefixFilled += n;
        pos += n;
        this.streamOffset += n;
        if (this.prefixFilled === PREFIX) {
          const total = this.checkPrefix(this.prefixView, 0, this.streamOffset - PREFIX);
          this.prefixFilled = 0;
          this.startPartial(total, this.prefixScratch);
        }
        continue;
      }
      const left = len - pos;
      if (left < PREFIX) {
        this.prefixScratch.set(chunk.subarray(pos, len));
        this.prefixFilled = left;
        this.streamOffset += left;
        break;
      }
      view ??= new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const total = this.checkPrefix(view, pos, this.streamOffset);
      if (left >= total) {
        // Fast path: the whole PDU is in this chunk; decode it in place.
        out.push(this.decodeAt(chunk, view, pos, this.streamOffset));
        pos += total;
        this.streamOffset += total;
      } else {
        this.startPartial(total, chunk.subarray(pos, len));
        this.streamOffset += left;
        pos = len;
      }
    }
    return out;
  }

  private startPartial(totalLength: number, firstOctets: Uint8Array): void {
    const buf = new Uint8Array(totalLength);
    buf.set(firstOctets);
    this.partial = buf;
    this.partialFilled = firstOctets.length;
  }
}
