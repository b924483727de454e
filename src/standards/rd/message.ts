/**
 * Encode / decode one TS 102 657 RetainedDataMessage (module RDMessage version26, Annex A) as BER.
 * Output is DER (definite lengths), which decode-rd.sh -c -s accepts; input may be any BER the
 * module allows, bounded in size and depth.
 */
import { BerDecodeError, decodeBer, encodeBer, TagClass, UniversalTag } from '../ber/index.ts';
import { decodeTagged, encodeNode } from './codec.ts';
import { RdDecodeError } from './errors.ts';
import { RD_HEADER_ID, RetainedDataMessage } from './types-message.ts';

export interface RdDecodeOptions {
  /** Largest message accepted, in bytes (default 16 MiB). */
  maxSize?: number;
  /** Deepest nesting accepted (default 48; the deepest path of the implemented module is about 20). */
  maxDepth?: number;
}

export const RD_DEFAULT_MAX_SIZE = 16 * 1024 * 1024;
export const RD_DEFAULT_MAX_DEPTH = 48;

/** The message with rdHeaderId filled in when absent. */
export type RetainedDataMessageInput = Omit<RetainedDataMessage, 'rdHeaderId'> & { rdHeaderId?: string };

export function encodeRdMessage(msg: RetainedDataMessageInput): Uint8Array {
  const full: RetainedDataMessage = { ...msg, rdHeaderId: msg.rdHeaderId ?? RD_HEADER_ID };
  return encodeBer(encodeNode(RetainedDataMessage, full, 'RetainedDataMessage'));
}

export function decodeRdMessage(bytes: Uint8Array, options: RdDecodeOptions = {}): RetainedDataMessage {
  const maxSize = options.maxSize ?? RD_DEFAULT_MAX_SIZE;
  const maxDepth = options.maxDepth ?? RD_DEFAULT_MAX_DEPTH;
  if (bytes.length > maxSize) throw new RdDecodeError('RD_TOO_LARGE', `message of ${bytes.length} bytes exceeds ${maxSize}`, { details: { size: bytes.length, maxSize } });
  let el;
  try {
    el = decodeBer(bytes, { maxDepth: maxDepth * 2 });
  } catch (cause) {
    if (cause instanceof BerDecodeError) throw new RdDecodeError(cause.code === 'BER_TOO_DEEP' ? 'RD_TOO_DEEP' : 'RD_BAD_BER', `not well-formed BER: ${cause.message}`, { cause });
    throw cause;
  }
  if (el.cls !== TagClass.Universal || el.tagNumber !== UniversalTag.Sequence)
    throw new RdDecodeError('RD_UNEXPECTED_TAG', 'RetainedDataMessage: expected a universal SEQUENCE', { details: { path: 'RetainedDataMessage' } });
  const msg = decodeTagged(RetainedDataMessage, el, 'RetainedDataMessage', 0, { maxDepth }) as RetainedDataMessage;
  if (msg.rdHeaderId !== RD_HEADER_ID)
    throw new RdDecodeError('RD_UNSUPPORTED_VERSION', `rdHeaderId ${msg.rdHeaderId} is not ${RD_HEADER_ID} (RDMessage version26)`, { details: { rdHeaderId: msg.rdHeaderId } });
  return msg;
}
