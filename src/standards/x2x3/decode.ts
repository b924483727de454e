/**
 * X2/X3 PDU decoder (TS 103 221-2 §5). Reads with a DataView; the payload, XID octets and raw PDU
 * are `subarray` views of the input, never copies.
 */
import {
  PayloadDirection,
  PduType,
  X2X3_ATTRIBUTE_HEADER_LENGTH,
  X2X3_LENGTH_PREFIX,
  X2X3_MAJOR_VERSION,
  X2X3_MANDATORY_HEADER_LENGTH,
} from './constants.ts';
import { readAttribute } from './attributes.ts';
import { X2X3DecodeError } from './errors.ts';
import { formatUuid } from './text.ts';
import type { DecodedX2X3Pdu, X2X3Attribute } from './types.ts';

/** What the first 12 octets of a PDU say (enough to frame it). */
export interface X2X3LengthPrefix {
  version: number;
  pduType: number;
  headerLength: number;
  payloadLength: number;
  /** headerLength + payloadLength. */
  totalLength: number;
}

/**
 * Reads and checks the 12-octet prefix at `offset` (Version, PDU Type, Header Length, Payload
 * Length) so a stream reader knows the PDU's size before buffering it. `base` is added to offsets
 * in error details. Throws X2X3_BAD_VERSION / X2X3_BAD_PDU_TYPE / X2X3_BAD_LENGTH / X2X3_BAD_KEEPALIVE.
 */
export function readX2X3LengthPrefix(view: DataView, offset: number, base = offset): X2X3LengthPrefix {
  const version = view.getUint16(offset);
  if (version >> 8 !== X2X3_MAJOR_VERSION) {
    throw new X2X3DecodeError('X2X3_BAD_VERSION', `X2/X3 major version ${version >> 8} (Version ${version}) is not 0 (§5.2.1)`, {
      details: { version, offset: base },
    });
  }
  const pduType = view.getUint16(offset + 2);
  if (pduType < PduType.X2 || pduType > PduType.KeepaliveAcknowledgement) {
    throw new X2X3DecodeError('X2X3_BAD_PDU_TYPE', `PDU Type ${pduType} is not in Table 2 (§5.2.2)`, {
      details: { pduType, offset: base + 2 },
    });
  }
  const headerLength = view.getUint32(offset + 4);
  if (headerLength < X2X3_MANDATORY_HEADER_LENGTH) {
    throw new X2X3DecodeError('X2X3_BAD_LENGTH', `Header Length ${headerLength} is below 40 (§5.2.3)`, {
      details: { headerLength, offset: base + 4 },
    });
  }
  const payloadLength = view.getUint32(offset + 8);
  if (payloadLength !== 0 && (pduType === PduType.Keepalive || pduType === PduType.KeepaliveAcknowledgement)) {
    throw new X2X3DecodeError('X2X3_BAD_KEEPALIVE', `keepalive PDU with Payload Length ${payloadLength} (§5.2.4)`, {
      details: { payloadLength, offset: base + 8 },
    });
  }
  return { version, pduType, headerLength, payloadLength, totalLength: headerLength + payloadLength };
}

function truncated(have: number, need: number, offset: number): X2X3DecodeError {
  return new X2X3DecodeError('X2X3_TRUNCATED', `X2/X3 PDU truncated: ${have} octets, needs ${need}`, {
    details: { have, need, offset },
  });
}

/**
 * Decodes the PDU occupying exactly bytes[start, start + prefix.totalLength). The caller has checked
 * the prefix and that the octets are present.
 */
export function decodeFramedX2X3Pdu(
  bytes: Uint8Array,
  view: DataView,
  start: number,
  prefix: X2X3LengthPrefix,
): DecodedX2X3Pdu {
  const payloadDirection = view.getUint16(start + 14);
  if (payloadDirection > PayloadDirection.NotApplicable) {
    throw new X2X3DecodeError('X2X3_BAD_DIRECTION', `Payload Direction ${payloadDirection} is not in Table 3 (§5.2.6)`, {
      details: { payloadDirection, offset: 14 },
    });
  }
  const headerEnd = start + prefix.headerLength;
  const attributes: X2X3Attribute[] = [];
  let o = start + X2X3_MANDATORY_HEADER_LENGTH;
  while (o < headerEnd) {
    // §5.3.1 Table 4: Type (16 bits), Length (16 bits), Contents; they must exactly fill the header.
    if (o + X2X3_ATTRIBUTE_HEADER_LENGTH > headerEnd) {
      throw new X2X3DecodeError('X2X3_ATTRIBUTE_OVERRUN', `conditional attribute header at octet ${o - start} overruns Header Length ${prefix.headerLength}`, {
        details: { offset: o - start, headerLength: prefix.headerLength },
      });
    }
    const type = view.getUint16(o);
    const length = view.getUint16(o + 2);
    const valueStart = o + X2X3_ATTRIBUTE_HEADER_LENGTH;
    if (valueStart + length > headerEnd) {
      throw new X2X3DecodeError('X2X3_ATTRIBUTE_OVERRUN', `conditional attribute type ${type} (length ${length}) at octet ${o - start} overruns Header Length ${prefix.headerLength}`, {
        details: { offset: o - start, attributeType: type, attributeLength: length, headerLength: prefix.headerLength },
      });
    }
    attributes.push(readAttribute(type, bytes, view, valueStart, length, o - start));
    o = valueStart + length;
  }
  const end = start + prefix.totalLength;
  return {
    version: prefix.version,
    pduType: prefix.pduType as PduType,
    payloadFormat: view.getUint16(start + 12),
    payloadDirection: payloadDirection as PayloadDirection,
    xid: formatUuid(bytes, start + 16),
    correlationId: view.getBigUint64(start + 32),
    attributes,
    payload: bytes.subarray(headerEnd, end),
    headerLength: prefix.headerLength,
    payloadLength: prefix.payloadLength,
    xidBytes: bytes.subarray(start + 16, start + 32),
    raw: bytes.subarray(start, end),
  };
}

/**
 * Decodes exactly one PDU that fills `bytes`. Throws X2X3DecodeError: X2X3_TRUNCATED if bytes are
 * missing, X2X3_TRAILING_BYTES if more follow (a stream needs `X2X3Framer`), or a header/attribute code.
 */
export function decodeX2X3Pdu(bytes: Uint8Array): DecodedX2X3Pdu {
  if (bytes.length < X2X3_MANDATORY_HEADER_LENGTH) {
    // Check the prefix first where present, so a garbage stream reports what is wrong with it.
    if (bytes.length >= X2X3_LENGTH_PREFIX) {
      readX2X3LengthPrefix(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0);
    }
    throw truncated(bytes.length, X2X3_MANDATORY_HEADER_LENGTH, 0);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = readX2X3LengthPrefix(view, 0);
  if (bytes.length < prefix.totalLength) throw truncated(bytes.length, prefix.totalLength, 0);
  if (bytes.length > prefix.totalLength) {
    throw new X2X3DecodeError('X2X3_TRAILING_BYTES', `${bytes.length - prefix.totalLength} octets follow the PDU`, {
      details: { pduLength: prefix.totalLength, have: bytes.length },
    });
  }
  return decodeFramedX2X3Pdu(bytes, view, 0, prefix);
}

/**
 * Decodes every PDU of a buffer holding whole PDUs back to back (e.g. one file, one TCP payload).
 * Throws X2X3_TRUNCATED if the last PDU is incomplete.
 */
export function decodeX2X3Pdus(bytes: Uint8Array): DecodedX2X3Pdu[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: DecodedX2X3Pdu[] = [];
  let o = 0;
  while (o < bytes.length) {
    const left = bytes.length - o;
    if (left < X2X3_LENGTH_PREFIX) throw truncated(left, X2X3_MANDATORY_HEADER_LENGTH, o);
    const prefix = readX2X3LengthPrefix(view, o);
    if (left < prefix.totalLength) throw truncated(left, prefix.totalLength, o);
    out.push(decodeFramedX2X3Pdu(bytes, view, o, prefix));
    o += prefix.totalLength;
  }
  return out;
}
