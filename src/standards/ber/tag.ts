/**
 * BER identifier and length octets, ITU-T X.690 §8.1.2 (identifier) and §8.1.3 (length).
 */
import { BerDecodeError } from './errors.ts';

export const TagClass = { Universal: 0, Application: 1, Context: 2, Private: 3 } as const;
export type TagClass = (typeof TagClass)[keyof typeof TagClass];

/** Universal tag numbers used by the LI modules (X.680 §8.4 Table 1). */
export const UniversalTag = {
  Boolean: 1,
  Integer: 2,
  BitString: 3,
  OctetString: 4,
  Null: 5,
  ObjectIdentifier: 6,
  Enumerated: 10,
  Utf8String: 12,
  RelativeOid: 13,
  Sequence: 16,
  Set: 17,
  NumericString: 18,
  PrintableString: 19,
  Ia5String: 22,
  UtcTime: 23,
  GeneralizedTime: 24,
  VisibleString: 26,
} as const;

export interface Tag {
  cls: TagClass;
  number: number;
}

/** Largest tag number accepted: the LI modules stay far below; this bounds hostile input. */
const MAX_TAG_NUMBER = 0x1fffff;

/** Number of identifier octets needed for a tag number (X.690 §8.1.2.4: base-128 above 30). */
export function tagLength(num: number): number {
  if (num < 31) return 1;
  let n = 1;
  for (let v = num; v > 0x7f; v = Math.floor(v / 128)) n++;
  return 1 + n;
}

export function writeTag(out: Uint8Array, pos: number, cls: TagClass, constructed: boolean, num: number): number {
  const first = (cls << 6) | (constructed ? 0x20 : 0);
  if (num < 31) {
    out[pos] = first | num;
    return pos + 1;
  }
  out[pos++] = first | 0x1f;
  const n = tagLength(num) - 1;
  for (let i = n - 1; i >= 0; i--) {
    const septet = Math.floor(num / 128 ** i) & 0x7f;
    out[pos++] = i === 0 ? septet : septet | 0x80;
  }
  return pos;
}

/**
 * Octets of a definite length (X.690 §8.1.3.3–8.1.3.5): short form below 128, else 0x80 | n and n
 * octets big-endian, n minimal. By comparisons and shifts below 2^32 (every length in memory: the
 * PS-PDU template calls these for each constructed layer of every PDU); beyond, by division, as
 * JavaScript's bitwise operators stop at 32 bits.
 */
export function lengthLength(len: number): number {
  if (len < 0x80) return 1;
  if (len < 0x100) return 2;
  if (len < 0x10000) return 3;
  if (len < 0x1000000) return 4;
  if (len < 0x100000000) return 5;
  let n = 0;
  for (let v = len; v > 0; v = Math.floor(v / 256)) n++;
  return 1 + n;
}

export function writeLength(out: Uint8Array, pos: number, len: number): number {
  if (len < 0x80) {
    out[pos] = len;
    return pos + 1;
  }
  if (len < 0x100) {
    out[pos] = 0x81;
    out[pos + 1] = len;
    return pos + 2;
  }
  if (len < 0x10000) {
    out[pos] = 0x82;
    out[pos + 1] = len >>> 8;
    out[pos + 2] = len & 0xff;
    return pos + 3;
  }
  if (len < 0x1000000) {
    out[pos] = 0x83;
    out[pos + 1] = len >>> 16;
    out[pos + 2] = (len >>> 8) & 0xff;
    out[pos + 3] = len & 0xff;
    return pos + 4;
  }
  if (len < 0x100000000) {
    out[pos] = 0x84;
    out[pos + 1] = len >>> 24;
    out[pos + 2] = (len >>> 16) & 0xff;
    out[pos + 3] = (len >>> 8) & 0xff;
    out[pos + 4] = len & 0xff;
    return pos + 5;
  }
  const n = lengthLength(len) - 1;
  out[pos++] = 0x80 | n;
  for (let i = n - 1; i >= 0; i--) out[pos++] = Math.floor(len / 256 ** i) & 0xff;
  return pos;
}

export interface Header {
  cls: TagClass;
  constructed: boolean;
  tagNumber: number;
  /** Octets of identifier + length. */
  headerLength: number;
  /** Content length, or -1 for the indefinite form (X.690 §8.1.3.6). */
  length: number;
}

/**
 * Reads identifier and length octets at `pos`. Returns undefined when more input is needed
 * (streaming callers); throws BerDecodeError when the octets can never be valid.
 */
export function readHeader(buf: Uint8Array, pos: number, end: number): Header | undefined {
  if (pos >= end) return undefined;
  const start = pos;
  const first = buf[pos++]!;
  const cls = (first >> 6) as TagClass;
  const constructed = (first & 0x20) !== 0;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    let octets = 0;
    for (;;) {
      if (pos >= end) return undefined;
      const b = buf[pos++]!;
      // X.690 §8.1.2.4.2 c): the first subsequent octet shall not be 0x80.
      if (octets === 0 && b === 0x80) throw new BerDecodeError('BER_BAD_TAG', 'tag number has a leading 0x80 octet');
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if (tagNumber > MAX_TAG_NUMBER) throw new BerDecodeError('BER_BAD_TAG', 'tag number too large');
      octets++;
      if ((b & 0x80) === 0) break;
    }
  }
  if (pos >= end) return undefined;
  const l0 = buf[pos++]!;
  let length: number;
  if (l0 < 0x80) length = l0;
  else if (l0 === 0x80) {
    if (!constructed) throw new BerDecodeError('BER_INDEFINITE_PRIMITIVE', 'indefinite length on a primitive element');
    length = -1;
  } else if (l0 === 0xff) throw new BerDecodeError('BER_BAD_LENGTH', 'reserved length octet 0xFF');
  else {
    const n = l0 & 0x7f;
    if (n > 6) throw new BerDecodeError('BER_BAD_LENGTH', `length of ${n} octets is beyond any accepted size`);
    if (pos + n > end) return undefined;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[pos++]!;
  }
  return { cls, constructed, tagNumber, headerLength: pos - start, length };
}
