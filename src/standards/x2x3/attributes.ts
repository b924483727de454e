/**
 * Conditional attribute contents (TS 103 221-2 §5.3, Table 5): sizing and writing of each
 * attribute's Value and of a PDU's attributes (Table 4). Reading is in attribute-read.ts.
 */
import { AttributeType, ATTRIBUTE_TYPES, X2X3_MAX_ATTRIBUTE_LENGTH } from './constants.ts';
import { X2X3EncodeError } from './errors.ts';
import type { X2X3Attribute } from './types.ts';
import {
  isAscii,
  writeIpv4,
  parseIpv6,
  utf8Length,
  writeUtf8,
  writeUuid,
} from './text.ts';

/** Attribute Type number of each kind (Table 5). */
export const ATTRIBUTE_KIND_TYPES = {
  etsi102232: AttributeType.Etsi102232_1DefinedAttribute,
  ts33128: AttributeType.Ts33128DefinedAttribute,
  ts33108: AttributeType.Ts33108DefinedAttribute,
  proprietary: AttributeType.ProprietaryAttribute,
  domainId: AttributeType.DomainId,
  networkFunctionId: AttributeType.NetworkFunctionId,
  interceptionPointId: AttributeType.InterceptionPointId,
  sequenceNumber: AttributeType.SequenceNumber,
  timestamp: AttributeType.Timestamp,
  sourceIpv4Address: AttributeType.SourceIpv4Address,
  destinationIpv4Address: AttributeType.DestinationIpv4Address,
  sourceIpv6Address: AttributeType.SourceIpv6Address,
  destinationIpv6Address: AttributeType.DestinationIpv6Address,
  sourcePort: AttributeType.SourcePort,
  destinationPort: AttributeType.DestinationPort,
  ipProtocol: AttributeType.IpProtocol,
  matchedTargetIdentifier: AttributeType.MatchedTargetIdentifier,
  otherTargetIdentifier: AttributeType.OtherTargetIdentifier,
  mimeContentType: AttributeType.MimeContentType,
  mimeContentTransferEncoding: AttributeType.MimeContentTransferEncoding,
  additionalXidRelatedInformation: AttributeType.AdditionalXidRelatedInformation,
  sdpSessionDescription: AttributeType.SdpSessionDescription,
} as const satisfies Record<Exclude<X2X3Attribute['kind'], 'unknown'>, AttributeType>;

const U32_MAX = 0xffffffff;
// Local copy: imported bindings are getters under tsx, and sizeAttributes runs per attribute.
const MAX_ATTRIBUTE_LENGTH = X2X3_MAX_ATTRIBUTE_LENGTH;
const ipv4Scratch = new Uint8Array(4);

function isUint(n: number, max: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= max;
}

function encodeFail(attr: X2X3Attribute, why: string): X2X3EncodeError {
  return new X2X3EncodeError('X2X3_INVALID_PDU', `attribute ${attr.kind}: ${why}`, {
    details: { attribute: attr.kind },
  });
}

/** Attribute Type on the wire. */
export function attributeTypeOf(attr: X2X3Attribute): number {
  return attr.kind === 'unknown' ? attr.type : ATTRIBUTE_KIND_TYPES[attr.kind];
}

/**
 * Octets of the attribute's Value (without the 4-octet Type/Length) after checking it can be
 * encoded. Throws X2X3_INVALID_PDU otherwise.
 */
export function attributeValueLength(attr: X2X3Attribute): number {
  switch (attr.kind) {
    case 'etsi102232':
    case 'ts33128':
    case 'ts33108':
    case 'domainId':
    case 'networkFunctionId':
    case 'interceptionPointId':
      return attr.value.length;
    case 'unknown':
      if (!isUint(attr.type, 0xffff) || attr.type in ATTRIBUTE_TYPES) {
        throw encodeFail(attr, `type ${attr.type} is not a free 16-bit attribute type (use its own kind)`);
      }
      return attr.value.length;
    case 'proprietary': {
      // Table 6: owner length is 8 bits; the FQDN is ASCII and shall not be empty.
      if (attr.owner.length === 0 || attr.owner.length > 255 || !isAscii(attr.owner)) {
        throw encodeFail(attr, 'owner must be 1..255 ASCII characters (Table 6)');
      }
      return 1 + attr.owner.length + attr.value.length;
    }
    case 'sequenceNumber':
      if (!isUint(attr.value, U32_MAX)) throw encodeFail(attr, 'not a 32-bit unsigned integer (§5.3.9)');
      return 4;
    case 'timestamp':
      if (!isUint(attr.value.seconds, U32_MAX) || !isUint(attr.value.nanoseconds, 999_999_999)) {
        throw encodeFail(attr, 'seconds must be 0..2^32-1 and nanoseconds 0..999999999 (§5.3.10)');
      }
      return 8;
    case 'sourceIpv4Address':
    case 'destinationIpv4Address':
      if (!writeIpv4(attr.value, ipv4Scratch, 0)) throw encodeFail(attr, 'not a dotted-quad IPv4 address');
      return 4;
    case 'sourceIpv6Address':
    case 'destinationIpv6Address':
      if (parseIpv6(attr.value) === undefined) throw encodeFail(attr, 'not an IPv6 address');
      return 16;
    case 'sourcePort':
    case 'destinationPort':
      if (!isUint(attr.value, 0xffff)) throw encodeFail(attr, 'not a 16-bit port (§5.3.15-16)');
      return 2;
    case 'ipProtocol':
      if (!isUint(attr.value, 0xff)) throw encodeFail(attr, 'not an 8-bit protocol number (§5.3.17)');
      return 1;
    case 'matchedTargetIdentifier':
    case 'otherTargetIdentifier':
    case 'mimeContentType':
    case 'mimeContentTransferEncoding':
    case 'sdpSessionDescription':
      return utf8Length(attr.value);
    case 'additionalXidRelatedInformation': {
      const v = attr.value;
      if (!writeUuid(v.xid, new Uint8Array(16), 0)) throw encodeFail(attr, 'xid is not a UUID');
      if (v.correlationId < 0n || v.correlationId > 0xffffffffffffffffn) {
        throw encodeFail(attr, 'correlationId is not a 64-bit unsigned integer');
      }
      if (v.sequenceNumber === undefined) return 24;
      if (!isUint(v.sequenceNumber, U32_MAX)) throw encodeFail(attr, 'sequenceNumber is not 32-bit unsigned');
      return 28;
    }
  }
}

/** Writes the Value of `attr` (length from attributeValueLength) at `o`. */
export function writeAttributeValue(
  attr: X2X3Attribute,
  buf: Uint8Array,
  view: DataView,
  o: number,
  length: number,
): void {
  switch (attr.kind) {
    case 'etsi102232':
    case 'ts33128':
    case 'ts33108':
    case 'domainId':
    case 'networkFunctionId':
    case 'interceptionPointId':
    case 'unknown':
      buf.set(attr.value, o);
      return;
    case 'proprietary':
      buf[o] = attr.owner.length;
      for (let i = 0; i < attr.owner.length; i++) buf[o + 1 + i] = attr.owner.charCodeAt(i);
      buf.set(attr.value, o + 1 + attr.owner.length);
      return;
    case 'sequenceNumber':
      view.setUint32(o, attr.value);
      return;
    case 'timestamp':
      view.setUint32(o, attr.value.seconds);
      view.setUint32(o + 4, attr.value.nanoseconds);
      return;
    case 'sourceIpv4Address':
    case 'destinationIpv4Address':
      writeIpv4(attr.value, buf, o);
      return;
    case 'sourceIpv6Address':
    case 'destinationIpv6Address':
      buf.set(parseIpv6(attr.value)!, o);
      return;
    case 'sourcePort':
    case 'destinationPort':
      view.setUint16(o, attr.value);
      return;
    case 'ipProtocol':
      buf[o] = attr.value;
      return;
    case 'matchedTargetIdentifier':
    case 'otherTargetIdentifier':
    case 'mimeContentType':
    case 'mimeContentTransferEncoding':
    case 'sdpSessionDescription':
      writeUtf8(attr.value, buf, o, length);
      return;
    case 'additionalXidRelatedInformation':
      writeUuid(attr.value.xid, buf, o);
      view.setBigUint64(o + 16, attr.value.correlationId);
      if (attr.value.sequenceNumber !== undefined) view.setUint32(o + 24, attr.value.sequenceNumber);
      return;
  }
}

/**
 * Checks every attribute and stores each Value length in `lengths`; returns the octets the TLVs
 * take. Throws X2X3_INVALID_PDU (a Value longer than the 16-bit Attribute Length, Table 4).
 */
export function sizeAttributes(attrs: readonly X2X3Attribute[], lengths: Int32Array): number {
  let total = 0;
  for (let i = 0; i < attrs.length; i++) {
    const attr = attrs[i]!;
    const len = attributeValueLength(attr);
    if (len > MAX_ATTRIBUTE_LENGTH) {
      throw encodeFail(attr, `${len} octets; Attribute Length is 16 bits (Table 4)`);
    }
    lengths[i] = len;
    total += 4 + len;
  }
  return total;
}

/** Writes the TLVs sized by sizeAttributes at `o`; returns the offset after them. */
export function writeAttributes(
  attrs: readonly X2X3Attribute[],
  lengths: Int32Array,
  buf: Uint8Array,
  view: DataView,
  o: number,
): number {
  for (let i = 0; i < attrs.length; i++) {
    const attr = attrs[i]!;
    const len = lengths[i]!;
    view.setUint16(o, attributeTypeOf(attr));
    view.setUint16(o + 2, len);
    writeAttributeValue(attr, buf, view, o + 4, len);
    o += 4 + len;
  }
  return o;
}
