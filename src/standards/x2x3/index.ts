/**
 * ETSI TS 103 221-2 (X2/X3) codec: PDU model, encoder, decoder and stream framer. Pure: octets in,
 * objects out; no sockets (the X2/X3 sender and receiver live in src/wires/).
 */
export {
  X2X3_VERSION,
  X2X3_MAJOR_VERSION,
  X2X3_MANDATORY_HEADER_LENGTH,
  X2X3_LENGTH_PREFIX,
  X2X3_ATTRIBUTE_HEADER_LENGTH,
  X2X3_MAX_ATTRIBUTE_LENGTH,
  PduType,
  PayloadDirection,
  PayloadFormat,
  AttributeType,
  PDU_TYPE_NAMES,
  PAYLOAD_FORMATS,
  ATTRIBUTE_TYPES,
  isPayloadFormatPermitted,
} from './constants.ts';
export type {
  X2X3Pdu,
  DecodedX2X3Pdu,
  X2X3Attribute,
  X2X3AttributeKind,
  X2X3AttributeOf,
  X2X3Timestamp,
} from './types.ts';
export { ATTRIBUTE_KIND_TYPES } from './attributes.ts';
export {
  encodeX2X3Pdu,
  encodeX2X3PduInto,
  encodedX2X3PduLength,
  keepalivePdu,
  keepaliveAcknowledgementPdu,
} from './encode.ts';
export { decodeX2X3Pdu, decodeX2X3Pdus, readX2X3LengthPrefix, type X2X3LengthPrefix } from './decode.ts';
export { X2X3Framer, DEFAULT_MAX_X2X3_PDU_SIZE, type X2X3FramerOptions } from './framer.ts';
export {
  firstAttribute,
  attributesOf,
  timestampFromMillis,
  timestampToMillis,
  decodeProprietaryPayload,
  encodeProprietaryPayload,
  type ProprietaryPayload,
} from './helpers.ts';
export { ZERO_XID, formatUuid, parseUuid, formatIpv4, parseIpv4, formatIpv6, parseIpv6 } from './text.ts';
export { ERROR_CODES, X2X3Error, X2X3DecodeError, X2X3EncodeError, type X2X3ErrorCode } from './errors.ts';
