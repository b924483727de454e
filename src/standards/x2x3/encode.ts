/**
 * X2/X3 PDU encoder (TS 103 221-2 §5.1 Table 1). One pass sizes and checks the PDU, a second writes
 * it into a single buffer: no intermediate arrays, no concatenation.
 */
import {
  isPayloadFormatPermitted,
  PayloadDirection,
  PduType,
  X2X3_ATTRIBUTE_HEADER_LENGTH,
  X2X3_MANDATORY_HEADER_LENGTH,
  X2X3_MAX_ATTRIBUTE_LENGTH,
  X2X3_VERSION,
} from './constants.ts';
import { attributeTypeOf, attributeValueLength, writeAttributeValue } from './attributes.ts';
import { X2X3EncodeError } from './errors.ts';
import { writeUuid, ZERO_XID } from './text.ts';
import type { X2X3Pdu } from './types.ts';

const U32_MAX = 0xffffffff;
const U64_MAX = 0xffffffffffffffffn;

function invalid(why: string, details?: Record<string, unknown>): X2X3EncodeError {
  return new X2X3EncodeError('X2X3_INVALID_PDU', `cannot encode X2/X3 PDU: ${why}`, details ? { details } : {});
}

// Scratch for attribute value lengths, reused across calls (encoding is synchronous).
let lengthsScratch = new Int32Array(16);

/** Checks `pdu` and returns its header length, leaving each attribute's value length in lengthsScratch. */
function sizeHeader(pdu: X2X3Pdu): number {
  const { pduType, payloadFormat, payloadDirection } = pdu;
  if (!Number.isInteger(pdu.version) || pdu.version < 0 || pdu.version > 0xff) {
    // Major version must be 0 (§5.2.1): only minor versions of this protocol can be encoded.
    throw invalid(`version ${pdu.version} is not 0.x (§5.2.1)`);
  }
  if (pduType !== PduType.X2 && pduType !== PduType.X3 && pduType !== PduType.Keepalive && pduType !== PduType.KeepaliveAcknowledgement) {
    throw invalid(`PDU type ${String(pduType)} is not in Table 2`);
  }
  if (!Number.isInteger(payloadFormat) || payloadFormat < 0 || payloadFormat > 0xffff) {
    throw invalid(`payload format ${payloadFormat} is not a 16-bit value`);
  }
  if (!Number.isInteger(payloadDirection) || payloadDirection < 0 || payloadDirection > PayloadDirection.NotApplicable) {
    throw invalid(`payload direction ${String(payloadDirection)} is not in Table 3`);
  }
  if (!isPayloadFormatPermitted(pduType, payloadFormat)) {
    throw invalid(`payload format ${payloadFormat} is not permitted in PDU type ${pduType} (Table 7)`);
  }
  if (typeof pdu.correlationId !== 'bigint' || pdu.correlationId < 0n || pdu.correlationId > U64_MAX) {
    throw invalid('correlation ID is not a 64-bit unsigned bigint (§5.2.8)');
  }
  if (pduType === PduType.Keepalive || pduType === PduType.KeepaliveAcknowledgement) {
    // §5.1: in keepalives every mandatory field other than Version, PDU Type, Header Length is zero.
    if (
      pdu.payload.length !== 0 ||
      payloadDirection !== PayloadDirection.ReservedForKeepalive ||
      pdu.correlationId !== 0n ||
      pdu.xid !== ZERO_XID
    ) {
      throw invalid('keepalive PDUs carry zero XID, correlation ID, direction and no payload (§5.1)');
    }
  } else if (payloadDirection === PayloadDirection.ReservedForKeepalive) {
    throw invalid('payload direction 0 is reserved for keepalives (Table 3)');
  }
  if (pdu.payload.length > U32_MAX) throw invalid('payload longer than 2^32-1 octets (§5.2.4)');
  const attrs = pdu.attributes;
  if (lengthsScratch.length < attrs.length) lengthsScratch = new Int32Array(attrs.length * 2);
  let headerLength = X2X3_MANDATORY_HEADER_LENGTH;
  for (let i = 0; i < attrs.length; i++) {
    const attr = attrs[i]!;
    const len = attributeValueLength(attr);
    if (len > X2X3_MAX_ATTRIBUTE_LENGTH) {
      throw invalid(`attribute ${attr.kind} is ${len} octets; Attribute Length is 16 bits (Table 4)`);
    }
    lengthsScratch[i] = len;
    headerLength += X2X3_ATTRIBUTE_HEADER_LENGTH + len;
  }
  if (headerLength + pdu.payload.length > U32_MAX) throw invalid('PDU longer than 2^32-1 octets');
  return headerLength;
}

/** Octets `encodeX2X3Pdu(pdu)` would produce (also checks the PDU). */
export function encodedX2X3PduLength(pdu: X2X3Pdu): number {
  return sizeHeader(pdu) + pdu.payload.length;
}

function writeChecked(pdu: X2X3Pdu, headerLength: number, buf: Uint8Array, offset: number): number {
  const total = headerLength + pdu.payload.length;
  if (offset < 0 || offset + total > buf.length) {
    throw invalid(`target buffer too small: need ${total} octets at offset ${offset}, have ${buf.length - offset}`);
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  view.setUint16(offset, pdu.version);
  view.setUint16(offset + 2, pdu.pduType);
  view.setUint32(offset + 4, headerLength);
  view.setUint32(offset + 8, pdu.payload.length);
  view.setUint16(offset + 12, pdu.payloadFormat);
  view.setUint16(offset + 14, pdu.payloadDirection);
  if (!writeUuid(pdu.xid, buf, offset + 16)) throw invalid('XID is not UUID text (§5.2.7)');
  view.setBigUint64(offset + 32, pdu.correlationId);
  let o = offset + X2X3_MANDATORY_HEADER_LENGTH;
  const attrs = pdu.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const attr = attrs[i]!;
    const len = lengthsScratch[i]!;
    view.setUint16(o, attributeTypeOf(attr));
    view.setUint16(o + 2, len);
    writeAttributeValue(attr, buf, view, o + X2X3_ATTRIBUTE_HEADER_LENGTH, len);
    o += X2X3_ATTRIBUTE_HEADER_LENGTH + len;
  }
  buf.set(pdu.payload, o);
  return total;
}

/**
 * Encodes one PDU into a new buffer of exactly its size. Throws X2X3EncodeError (X2X3_INVALID_PDU)
 * when the PDU is not conformant (see errors.ts).
 */
export function encodeX2X3Pdu(pdu: X2X3Pdu): Uint8Array {
  const headerLength = sizeHeader(pdu);
  const buf = new Uint8Array(headerLength + pdu.payload.length);
  writeChecked(pdu, headerLength, buf, 0);
  return buf;
}

/**
 * Encodes one PDU into `target` at `offset` (e.g. several PDUs into one socket write); returns the
 * number of octets written. Throws X2X3_INVALID_PDU if the PDU is not conformant or does not fit.
 */
export function encodeX2X3PduInto(pdu: X2X3Pdu, target: Uint8Array, offset = 0): number {
  return writeChecked(pdu, sizeHeader(pdu), target, offset);
}

/** A Keepalive PDU (§5.1, §6.2.4) with the given sequence number. */
export function keepalivePdu(sequenceNumber: number): X2X3Pdu {
  return keepaliveOfType(PduType.Keepalive, sequenceNumber);
}

/** The Keepalive Acknowledgement answering a Keepalive: same Sequence Number (§6.2.4). */
export function keepaliveAcknowledgementPdu(sequenceNumber: number): X2X3Pdu {
  return keepaliveOfType(PduType.KeepaliveAcknowledgement, sequenceNumber);
}

function keepaliveOfType(pduType: PduType, sequenceNumber: number): X2X3Pdu {
  return {
    version: X2X3_VERSION,
    pduType,
    payloadFormat: 0,
    payloadDirection: PayloadDirection.ReservedForKeepalive,
    xid: ZERO_XID,
    correlationId: 0n,
    attributes: [{ kind: 'sequenceNumber', value: sequenceNumber }],
    payload: new Uint8Array(0),
  };
}
