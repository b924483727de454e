/**
 * X2/X3 PDU encoder (TS 103 221-2 §5.1 Table 1). One pass sizes and checks the PDU, a second writes
 * it into a single buffer: no intermediate arrays, no concatenation.
 */
import {
  isPayloadFormatPermitted,
  PayloadDirection,
  PduType,
  X2X3_MANDATORY_HEADER_LENGTH,
  X2X3_VERSION,
} from './constants.ts';
import { sizeAttributes, writeAttributes } from './attributes.ts';
import { X2X3EncodeError } from './errors.ts';
import { writeUuid, ZERO_XID } from './text.ts';
import type { X2X3Pdu } from './types.ts';

// Module-local copies of imported constants: under tsx, imported bindings are getters, and this
// is the per-PDU path.
const X2 = PduType.X2;
const X3 = PduType.X3;
const KEEPALIVE_ACK = PduType.KeepaliveAcknowledgement;
const KEEPALIVE = PduType.Keepalive;
const MAX_DIRECTION = PayloadDirection.NotApplicable;
const DIRECTION_KEEPALIVE = PayloadDirection.ReservedForKeepalive;
const MANDATORY = X2X3_MANDATORY_HEADER_LENGTH;

const U32_MAX = 0xffffffff;
const U64_MAX = 0xffffffffffffffffn;

function invalid(why: string, details?: Record<string, unknown>): X2X3EncodeError {
  return new X2X3EncodeError('X2X3_INVALID_PDU', `cannot encode X2/X3 PDU: ${why}`, details ? { details } : {});
}

let cachedXidText = ZERO_XID;
let cachedXidBytes = new Uint8Array(16);

// Scratch for attribute value lengths, reused across calls (encoding is synchronous).
let lengthsScratch = new Int32Array(16);

/** Checks `pdu` and returns its header length, leaving each attribute's value length in lengthsScratch. */
function sizeHeader(pdu: X2X3Pdu): number {
  const { pduType, payloadFormat, payloadDirection } = pdu;
  if (!Number.isInteger(pdu.version) || pdu.version < 0 || pdu.version > 0xff) {
    // Major version must be 0 (§5.2.1): only minor versions of this protocol can be encoded.
    throw invalid(`version ${pdu.version} is not 0.x (§5.2.1)`);
  }
  if (pduType !== X2 && pduType !== X3 && pduType !== KEEPALIVE && pduType !== KEEPALIVE_ACK) {
    throw invalid(`PDU type ${String(pduType)} is not in Table 2`);
  }
  if (!Number.isInteger(payloadFormat) || payloadFormat < 0 || payloadFormat > 0xffff) {
    throw invalid(`payload format ${payloadFormat} is not a 16-bit value`);
  }
  if (!Number.isInteger(payloadDirection) || payloadDirection < 0 || payloadDirection > MAX_DIRECTION) {
    throw invalid(`payload direction ${String(payloadDirection)} is not in Table 3`);
  }
  if (!isPayloadFormatPermitted(pduType, payloadFormat)) {
    throw invalid(`payload format ${payloadFormat} is not permitted in PDU type ${pduType} (Table 7)`);
  }
  if (typeof pdu.correlationId !== 'bigint' || pdu.correlationId < 0n || pdu.correlationId > U64_MAX) {
    throw invalid('correlation ID is not a 64-bit unsigned bigint (§5.2.8)');
  }
  if (pduType === KEEPALIVE || pduType === KEEPALIVE_ACK) {
    // §5.1: in keepalives every mandatory field other than Version, PDU Type, Header Length is zero.
    if (
      pdu.payload.length !== 0 ||
      payloadDirection !== DIRECTION_KEEPALIVE ||
      pdu.correlationId !== 0n ||
      pdu.xid !== ZERO_XID
    ) {
      throw invalid('keepalive PDUs carry zero XID, correlation ID, direction and no payload (§5.1)');
    }
  } else if (payloadDirection === DIRECTION_KEEPALIVE) {
    throw invalid('payload direction 0 is reserved for keepalives (Table 3)');
  }
  if (pdu.payload.length > U32_MAX) throw invalid('payload longer than 2^32-1 octets (§5.2.4)');
  const attrs = pdu.attributes;
  if (lengthsScratch.length < attrs.length) lengthsScratch = new Int32Array(attrs.length * 2);
  const headerLength = MANDATORY + sizeAttributes(attrs, lengthsScratch);
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
  if (pdu.xid === cachedXidText) buf.set(cachedXidBytes, offset + 16);
  else {
    if (!writeUuid(pdu.xid, buf, offset + 16)) throw invalid('XID is not UUID text (§5.2.7)');
    // One-entry cache: a sender writes long runs of PDUs for the same XID.
    cachedXidBytes = buf.slice(offset + 16, offset + 32);
    cachedXidText = pdu.xid;
  }
  view.setBigUint64(offset + 32, pdu.correlationId);
  const o = writeAttributes(pdu.attributes, lengthsScratch, buf, view, offset + MANDATORY);
  buf.set(pdu.payload, o);
  return total;
}

// Small outputs are carved out of a shared slab, as Buffer.allocUnsafe does: one ArrayBuffer
// allocation per 64 KiB instead of one per PDU (a fresh ArrayBuffer costs far more than the encoding).
// Each region is handed out once and never reused, so outputs never alias each other.
const SLAB_SIZE = 64 * 1024;
const SLAB_MAX_PIECE = 4 * 1024;
let slab = new ArrayBuffer(SLAB_SIZE);
let slabUsed = 0;

function allocate(size: number): Uint8Array {
  if (size > SLAB_MAX_PIECE) return new Uint8Array(size);
  if (slabUsed + size > SLAB_SIZE) {
    slab = new ArrayBuffer(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = new Uint8Array(slab, slabUsed, size);
  slabUsed += (size + 7) & ~7; // keep 8-octet alignment
  return out;
}

/**
 * Encodes one PDU into a new buffer of exactly its size (small PDUs share a pooled ArrayBuffer,
 * so use `byteOffset`/`byteLength` with `.buffer`). Throws X2X3EncodeError (X2X3_INVALID_PDU)
 * when the PDU is not conformant (see errors.ts).
 */
export function encodeX2X3Pdu(pdu: X2X3Pdu): Uint8Array {
  const headerLength = sizeHeader(pdu);
  const buf = allocate(headerLength + pdu.payload.length);
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
  return keepaliveOfType(KEEPALIVE, sequenceNumber);
}

/** The Keepalive Acknowledgement answering a Keepalive: same Sequence Number (§6.2.4). */
export function keepaliveAcknowledgementPdu(sequenceNumber: number): X2X3Pdu {
  return keepaliveOfType(KEEPALIVE_ACK, sequenceNumber);
}

function keepaliveOfType(pduType: PduType, sequenceNumber: number): X2X3Pdu {
  return {
    version: X2X3_VERSION,
    pduType,
    payloadFormat: 0,
    payloadDirection: DIRECTION_KEEPALIVE,
    xid: ZERO_XID,
    correlationId: 0n,
    attributes: [{ kind: 'sequenceNumber', value: sequenceNumber }],
    payload: new Uint8Array(0),
  };
}
