/**
 * Typed errors of `warranted inspect` itself: problems that are not a codec's to report (unreadable
 * file, unrecognisable content, a TCP flow with a hole in it). Codec errors pass through with their
 * own codes (X1_…, X2X3_…, HI2HI3_…, TS33128_…, HI1_…, PCAP_…).
 */
import { WarrantedError, type WarrantedErrorOptions } from '../../platform/errors.ts';

export const ERROR_CODES = [
  { code: 'INSPECT_USAGE', meaning: 'The command line is wrong: no FILE given, or --format is not one of x1, hi1, x2x3, pspdu, ts33128, pcap, auto.' },
  { code: 'INSPECT_FILE_UNREADABLE', meaning: 'A FILE cannot be read (missing, a directory, no permission).' },
  {
    code: 'INSPECT_UNKNOWN_FORMAT',
    meaning: 'Auto-detection found none of: XML in the X1 (TS 103 221-1) or HI-1 (TS 103 120) namespace, an X2/X3 PDU header (TS 103 221-2 §5.1), a TS 33.128 payload (a SEQUENCE opening with its TS33128Payloads OID), a BER SEQUENCE (0x30, TS 102 232-1 PS-PDU), a pcap magic number.',
  },
  {
    code: 'INSPECT_TCP_GAP',
    meaning: 'A TCP flow in a pcap misses octets (a segment was not captured): the flow is decoded up to the hole only, since the X2/X3 and PS-PDU streams cannot be resynchronised after it.',
  },
  {
    code: 'INSPECT_STREAM_TRUNCATED',
    meaning: 'A PS-PDU stream (file or TCP flow) ends inside a PDU (TS 102 232-1 §6.4: PDUs are sent whole, back to back).',
  },
  {
    code: 'INSPECT_DECODER_CRASH',
    meaning: 'A decoder threw something other than a typed WarrantedError. This is a bug in the codec (decoders must only raise typed errors); report it with the input.',
  },
] as const satisfies readonly { code: string; standardCode?: number | string; meaning: string }[];

export type InspectErrorCode = (typeof ERROR_CODES)[number]['code'];

export class InspectError extends WarrantedError {
  declare readonly code: InspectErrorCode;
  constructor(code: InspectErrorCode, message: string, options: WarrantedErrorOptions = {}) {
    super(code, message, options);
  }
}
