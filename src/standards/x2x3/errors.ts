/**
 * Typed errors of the X2/X3 codec (ETSI TS 103 221-2). The standard defines no error codes of its own
 * (an MDF that cannot parse the stream simply disconnects, §6.2.4), so `standardCode` stays unset and
 * each meaning cites the clause that the input broke.
 *
 * Fatal vs. not: every X2X3DecodeError raised by `X2X3Framer.push` leaves the byte stream in an
 * unknown position; the caller must close the connection (and alarm). `decodeX2X3Pdu` errors concern
 * one buffer only.
 */
import { WarrantedError, type WarrantedErrorOptions } from '../../platform/errors.ts';

export const ERROR_CODES = [
  {
    code: 'X2X3_TRUNCATED',
    meaning:
      'Input ends inside a PDU: fewer than 40 header octets, or fewer than Header Length + Payload Length octets (§5.1 Table 1, §5.2.3, §5.2.4).',
  },
  {
    code: 'X2X3_TRAILING_BYTES',
    meaning: 'decodeX2X3Pdu was given more octets than the one PDU its lengths describe (use X2X3Framer for streams).',
  },
  {
    code: 'X2X3_BAD_VERSION',
    meaning: 'Major version (upper 8 bits of Version) is not 0: a backwards-incompatible protocol (§5.2.1).',
  },
  { code: 'X2X3_BAD_PDU_TYPE', meaning: 'PDU Type is not one of Table 2 (1 X2, 2 X3, 3 Keepalive, 4 Keepalive Acknowledgement) (§5.2.2).' },
  { code: 'X2X3_BAD_DIRECTION', meaning: 'Payload Direction is not one of Table 3 (0..5) (§5.2.6).' },
  { code: 'X2X3_BAD_LENGTH', meaning: 'Header Length is below the 40-octet minimum (§5.2.3).' },
  {
    code: 'X2X3_BAD_KEEPALIVE',
    meaning: 'A Keepalive or Keepalive Acknowledgement PDU has a non-zero Payload Length (§5.1, §5.2.4).',
  },
  {
    code: 'X2X3_ATTRIBUTE_OVERRUN',
    meaning:
      'A conditional attribute TLV does not fit in the header: fewer than 4 octets left for Type+Length, or Attribute Length runs past Header Length (§5.3.1 Table 4).',
  },
  {
    code: 'X2X3_BAD_ATTRIBUTE',
    meaning:
      'A conditional attribute has contents its clause forbids: wrong fixed length (Sequence Number 4, Timestamp 8, IPv4 4, IPv6 16, ports 2, IP Protocol 1, Additional XID 24 or 28), nanoseconds >= 10^9, invalid UTF-8, or a Proprietary Attribute with an empty/overrunning/non-ASCII owner (§5.3.5-§5.3.23).',
  },
  {
    code: 'X2X3_BAD_PROPRIETARY_PAYLOAD',
    meaning: 'A Proprietary Payload does not follow Table 8 (empty, overrunning or non-ASCII Payload Owner) (§5.4.5).',
  },
  {
    code: 'X2X3_PDU_TOO_LARGE',
    meaning: "Header Length + Payload Length exceeds the framer's maxPduSize: refused before buffering anything.",
  },
  {
    code: 'X2X3_FRAMER_FAILED',
    meaning: 'X2X3Framer.push was called again after it raised a fatal error: the connection must be closed.',
  },
  {
    code: 'X2X3_INVALID_PDU',
    meaning:
      'The encoder was given a PDU it cannot encode conformantly: a field out of range, a malformed XID/IP address, an attribute longer than 65535 octets, a Table 7 format not permitted for the PDU type, or a Keepalive with non-zero fields (§5.1-§5.4).',
  },
] as const satisfies readonly { code: string; standardCode?: number | string; meaning: string }[];

export type X2X3ErrorCode = (typeof ERROR_CODES)[number]['code'];

/** Base class of every error the X2/X3 codec raises. */
export class X2X3Error extends WarrantedError {
  declare readonly code: X2X3ErrorCode;
  constructor(code: X2X3ErrorCode, message: string, options: WarrantedErrorOptions = {}) {
    super(code, message, options);
  }
}

/** Raised while decoding bytes from the wire (`details.offset` = octet offset in the PDU or chunk). */
export class X2X3DecodeError extends X2X3Error {}

/** Raised while encoding: the caller's PDU object is not conformant. */
export class X2X3EncodeError extends X2X3Error {}
