/**
 * Reading conditional attributes (TS 103 221-2 §5.3, Table 5): each attribute's Value checked and
 * decoded, and the TLV walk over a PDU's header (Table 4). Sizing and writing are in attributes.ts.
 */
import { X2X3DecodeError } from './errors.ts';
import type { X2X3Attribute } from './types.ts';
import { formatIpv4, formatIpv6, formatUuid, readUtf8 } from './text.ts';

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

// The TLV walk (Table 4) lives here, beside the per-attribute code, so each PDU makes one call into
// this module rather than several per attribute.

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
