/**
 * Conditional attribute contents (TS 103 221-2 §5.3, Table 5): sizing, writing and reading of each
 * attribute's Value. The TLV walk itself (Table 4) lives in encode.ts / decode.ts.
 */
import { AttributeType, ATTRIBUTE_TYPES, X2X3_MAX_ATTRIBUTE_LENGTH } from './constants.ts';
import { X2X3DecodeError, X2X3EncodeError } from './errors.ts';
import type { X2X3Attribute } from './types.ts';
import {
  formatIpv4,
  formatIpv6,
  formatUuid,
  isAscii,
  writeIpv4,
  parseIpv6,
  readUtf8,
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

function badAttribute(type: number, offset: number, why: string): X2X3DecodeError {
  return new X2X3DecodeError('X2X3_BAD_ATTRIBUTE', `conditional attribute type ${type} at octet ${offset}: ${why}`, {
    details: { attributeType: type, offset },
  });
}

function fixed(type: number, offset: number, length: number, expected: number): void {
  if (length !== expected) throw badAttribute(type, offset, `length ${length}, §5.3 requires ${expected}`);
}

/**
 * The last text read per attribute type (17–22): a POI sends the same Matched Target Identifier (and
 * MIME types) on every PDU of a target, so equal octets give back the string already built, without
 * a view, a decode or a new string. Equal octets decode to an equal string and were valid UTF-8 then.
 */
const TEXT_CACHE_MAX = 256;
const textOctets: (Uint8Array | undefined)[] = [];
const textWords: (Uint32Array | undefined)[] = []; // the same octets as big-endian words: compared four at a time
const textStrings: string[] = [];

function text(type: number, offset: number, buf: Uint8Array, view: DataView, o: number, length: number): string {
  const last = textOctets[type];
  if (last !== undefined && last.length === length) {
    const words = textWords[type]!;
    let i = 0;
    for (let k = 0; i + 4 <= length; i += 4, k++) if (view.getUint32(o + i) !== words[k]) break;
    if (i + 4 > length) {
      while (i < length && last[i] === buf[o + i]) i++;
      if (i === length) return textStrings[type]!;
    }
  }
  const value = buf.subarray(o, o + length);
  const s = readUtf8(value);
  if (s === undefined) throw badAttribute(type, offset, 'contents are not valid UTF-8');
  if (length <= TEXT_CACHE_MAX) {
    const copy = new Uint8Array(value); // a copy (Buffer#slice would be a view)
    const words = new Uint32Array(length >>> 2);
    const v = new DataView(copy.buffer);
    for (let k = 0; k < words.length; k++) words[k] = v.getUint32(4 * k);
    textOctets[type] = copy;
    textWords[type] = words;
    textStrings[type] = s;
  }
  return s;
}

/**
 * Reads one attribute Value. `o` is where the Value starts in `buf`, `at` the offset reported in
 * errors (relative to the PDU). Fixed-size attributes of the wrong size are X2X3_BAD_ATTRIBUTE.
 */
export function readAttribute(
  type: number,
  buf: Uint8Array,
  view: DataView,
  o: number,
  length: number,
  at: number,
): X2X3Attribute {
  // Numeric case labels (Table 5): a switch over imported constants costs a property read per case.
  switch (type) {
    case 1: // Etsi102232_1DefinedAttribute
      return { kind: 'etsi102232', value: buf.subarray(o, o + length) };
    case 2: // Ts33128DefinedAttribute
      return { kind: 'ts33128', value: buf.subarray(o, o + length) };
    case 3: // Ts33108DefinedAttribute
      return { kind: 'ts33108', value: buf.subarray(o, o + length) };
    case 4: {
      // ProprietaryAttribute
      const ownerLength = length > 0 ? buf[o]! : 0;
      if (ownerLength === 0 || 1 + ownerLength > length) {
        throw badAttribute(type, at, 'Attribute Owner is empty or overruns the attribute (Table 6)');
      }
      let owner = '';
      for (let i = 0; i < ownerLength; i++) {
        const c = buf[o + 1 + i]!;
        if (c > 0x7f) throw badAttribute(type, at, 'Attribute Owner is not ASCII (Table 6)');
        owner += String.fromCharCode(c);
      }
      return { kind: 'proprietary', owner, value: buf.subarray(o + 1 + ownerLength, o + length) };
    }
    case 5: // DomainId
      return { kind: 'domainId', value: buf.subarray(o, o + length) };
    case 6: // NetworkFunctionId
      return { kind: 'networkFunctionId', value: buf.subarray(o, o + length) };
    case 7: // InterceptionPointId
      return { kind: 'interceptionPointId', value: buf.subarray(o, o + length) };
    case 8: // SequenceNumber
      fixed(type, at, length, 4);
      return { kind: 'sequenceNumber', value: view.getUint32(o) };
    case 9: {
      // Timestamp
      fixed(type, at, length, 8);
      const nanoseconds = view.getUint32(o + 4);
      if (nanoseconds > 999_999_999) throw badAttribute(type, at, 'nanoseconds >= 10^9 (§5.3.10)');
      return { kind: 'timestamp', value: { seconds: view.getUint32(o), nanoseconds } };
    }
    case 10: // SourceIpv4Address
      fixed(type, at, length, 4);
      return { kind: 'sourceIpv4Address', value: formatIpv4(buf, o) };
    case 11: // DestinationIpv4Address
      fixed(type, at, length, 4);
      return { kind: 'destinationIpv4Address', value: formatIpv4(buf, o) };
    case 12: // SourceIpv6Address
      fixed(type, at, length, 16);
      return { kind: 'sourceIpv6Address', value: formatIpv6(buf, o) };
    case 13: // DestinationIpv6Address
      fixed(type, at, length, 16);
      return { kind: 'destinationIpv6Address', value: formatIpv6(buf, o) };
    case 14: // SourcePort
      fixed(type, at, length, 2);
      return { kind: 'sourcePort', value: view.getUint16(o) };
    case 15: // DestinationPort
      fixed(type, at, length, 2);
      return { kind: 'destinationPort', value: view.getUint16(o) };
    case 16: // IpProtocol
      fixed(type, at, length, 1);
      return { kind: 'ipProtocol', value: buf[o]! };
    case 17: // MatchedTargetIdentifier
      return { kind: 'matchedTargetIdentifier', value: text(type, at, buf, view, o, length) };
    case 18: // OtherTargetIdentifier
      return { kind: 'otherTargetIdentifier', value: text(type, at, buf, view, o, length) };
    case 19: // MimeContentType
      return { kind: 'mimeContentType', value: text(type, at, buf, view, o, length) };
    case 20: // MimeContentTransferEncoding
      return { kind: 'mimeContentTransferEncoding', value: text(type, at, buf, view, o, length) };
    case 21: {
      // AdditionalXidRelatedInformation
      if (length !== 24 && length !== 28) throw badAttribute(type, at, `length ${length}, §5.3.22 requires 24 or 28`);
      const xid = formatUuid(buf, o);
      const correlationId = view.getBigUint64(o + 16);
      return {
        kind: 'additionalXidRelatedInformation',
        value: length === 28 ? { xid, correlationId, sequenceNumber: view.getUint32(o + 24) } : { xid, correlationId },
      };
    }
    case 22: // SdpSessionDescription
      return { kind: 'sdpSessionDescription', value: text(type, at, buf, view, o, length) };
    default:
      return { kind: 'unknown', type, value: buf.subarray(o, o + length) };
  }
}

// The TLV walks (Table 4) live here, beside the per-attribute code, so each PDU makes one call into
// this module rather than several per attribute.

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

/**
 * Reads the TLVs in bytes[start + 40, headerEnd) (§5.3.1 Table 4): they must exactly fill the
 * header. Offsets in errors are relative to `start` (the PDU).
 */
export function readAttributes(bytes: Uint8Array, view: DataView, start: number, headerEnd: number): X2X3Attribute[] {
  const attributes: X2X3Attribute[] = [];
  let o = start + 40;
  while (o < headerEnd) {
    if (o + 4 > headerEnd) {
      throw new X2X3DecodeError('X2X3_ATTRIBUTE_OVERRUN', `conditional attribute header at octet ${o - start} overruns Header Length ${headerEnd - start}`, {
        details: { offset: o - start, headerLength: headerEnd - start },
      });
    }
    const type = view.getUint16(o);
    const length = view.getUint16(o + 2);
    if (o + 4 + length > headerEnd) {
      throw new X2X3DecodeError('X2X3_ATTRIBUTE_OVERRUN', `conditional attribute type ${type} (length ${length}) at octet ${o - start} overruns Header Length ${headerEnd - start}`, {
        details: { offset: o - start, attributeType: type, attributeLength: length, headerLength: headerEnd - start },
      });
    }
    attributes.push(readAttribute(type, bytes, view, o + 4, length, o - start));
    o += 4 + length;
  }
  return attributes;
}
