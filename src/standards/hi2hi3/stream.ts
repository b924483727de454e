/**
 * Reader for a TCP stream of PS-PDUs (TS 102 232-1 §6.4: PDUs are sent back to back over one TCP or
 * TLS connection, no extra framing). Built on the generic BerStreamFramer: feed chunks as they
 * arrive, get each complete PDU with its received bytes (kept for Annex J hashing) and its decoding.
 */
import { BerDecodeError, BerStreamFramer } from '../ber/index.ts';
import { PsPduDecodeError } from './errors.ts';
import { decodePsPdu } from './pdu.ts';
import type { PsPdu } from './types.ts';

/**
 * One framed PDU: decoded, or the typed error its contents raised. A PDU with a bad inner structure
 * does not break the stream (its length was sound), so the reader goes on with the next one.
 */
export type ReceivedPsPdu = { bytes: Uint8Array; pdu: PsPdu; error?: undefined } | { bytes: Uint8Array; pdu?: undefined; error: PsPduDecodeError };

export interface PsPduStreamReaderOptions {
  /** Largest PDU accepted; a larger one is a fatal HI2HI3_TOO_LARGE (default 16 MiB). */
  maxPduSize?: number;
}

/** One frame decoded, or its typed error (the try/catch kept out of the loop over a chunk's frames). */
function received(bytes: Uint8Array): ReceivedPsPdu {
  try {
    return { bytes, pdu: decodePsPdu(bytes) };
  } catch (error) {
    if (error instanceof PsPduDecodeError) return { bytes, error };
    throw error;
  }
}

export class PsPduStreamReader {
  private readonly framer: BerStreamFramer;

  constructor(options: PsPduStreamReaderOptions = {}) {
    this.framer = new BerStreamFramer(options.maxPduSize ?? 16 * 1024 * 1024);
  }

  /**
   * Returns every PDU completed by this chunk. Throws PsPduDecodeError when the framing itself is
   * broken (bad tag or length octets, oversize): the connection cannot be resynchronised then.
   */
  push(chunk: Uint8Array): ReceivedPsPdu[] {
    let frames: Uint8Array[];
    try {
      frames = this.framer.push(chunk);
    } catch (cause) {
      if (cause instanceof BerDecodeError) {
        const code = cause.code === 'BER_TOO_LARGE' ? 'HI2HI3_TOO_LARGE' : 'HI2HI3_BAD_BER';
        throw new PsPduDecodeError(code, `PS-PDU stream: ${cause.message}`, { cause, details: { berCode: cause.code } });
      }
      throw cause;
    }
    const out: ReceivedPsPdu[] = [];
    for (const bytes of frames) out.push(received(bytes));
    return out;
  }

  /** Bytes held waiting for the rest of a PDU (non-zero at connection close means a truncated PDU). */
  get pending(): number {
    return this.framer.pending;
  }
}
