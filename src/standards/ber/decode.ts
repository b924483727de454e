/**
 * Lazy BER decoder (ITU-T X.690 §8.1): elements are views into the input, children are parsed on
 * demand. Definite and indefinite lengths, high tag numbers. Never recurses unboundedly: nesting is
 * limited by `maxDepth`.
 */
import { BerDecodeError } from './errors.ts';
import { readHeader, type TagClass } from './tag.ts';

export interface BerElement {
  cls: TagClass;
  constructed: boolean;
  tagNumber: number;
  indefinite: boolean;
  /** The whole encoding (identifier, length, contents and end-of-contents octets). */
  raw: Uint8Array;
  /** Contents octets (without the end-of-contents octets of the indefinite form). */
  value: Uint8Array;
}

export interface BerDecodeOptions {
  maxDepth?: number;
  maxSize?: number;
}

const DEFAULT_MAX_DEPTH = 64;

/**
 * Finds where the element starting at `pos` ends. Returns undefined when the input is incomplete
 * (streaming), throws when it is malformed.
 */
export function elementEnd(buf: Uint8Array, pos: number, end: number, depth = 0, maxDepth = DEFAULT_MAX_DEPTH): number | undefined {
  if (depth > maxDepth) throw new BerDecodeError('BER_TOO_DEEP', `nesting deeper than ${maxDepth}`);
  const h = readHeader(buf, pos, end);
  if (!h) return undefined;
  let p = pos + h.headerLength;
  if (h.length >= 0) {
    const e = p + h.length;
    return e > end ? undefined : e;
  }
  // Indefinite form: contents are elements up to an end-of-contents 0x00 0x00 (X.690 §8.1.5).
  for (;;) {
    if (p + 2 > end) return undefined;
    if (buf[p] === 0 && buf[p + 1] === 0) return p + 2;
    const e = elementEnd(buf, p, end, depth + 1, maxDepth);
    if (e === undefined) return undefined;
    p = e;
  }
}

const definiteEnd = (e: number, end: number): number | undefined => (e > end ? undefined : e);

function elementAt(buf: Uint8Array, pos: number, end: number, maxDepth: number): BerElement {
  const h = readHeader(buf, pos, end);
  if (!h) throw new BerDecodeError('BER_TRUNCATED', `input ends inside an element header at offset ${pos}`);
  // Definite length: the end is known from the header just read (elementEnd would read it again).
  const e = h.length >= 0 && maxDepth >= 0 ? definiteEnd(pos + h.headerLength + h.length, end) : elementEnd(buf, pos, end, 0, maxDepth);
  if (e === undefined) throw new BerDecodeError('BER_TRUNCATED', `element at offset ${pos} is longer than the input`);
  const contentStart = pos + h.headerLength;
  const indefinite = h.length < 0;
  return {
    cls: h.cls,
    constructed: h.constructed,
    tagNumber: h.tagNumber,
    indefinite,
    raw: buf.subarray(pos, e),
    value: buf.subarray(contentStart, indefinite ? e - 2 : e),
  };
}

/** Decodes exactly one element; trailing bytes are an error. */
export function decodeBer(bytes: Uint8Array, options: BerDecodeOptions = {}): BerElement {
  if (options.maxSize !== undefined && bytes.length > options.maxSize)
    throw new BerDecodeError('BER_TOO_LARGE', `element of ${bytes.length} bytes exceeds ${options.maxSize}`);
  const el = elementAt(bytes, 0, bytes.length, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  if (el.raw.length !== bytes.length)
    throw new BerDecodeError('BER_BAD_LENGTH', `${bytes.length - el.raw.length} trailing bytes after the element`);
  return el;
}

/** The child elements of a constructed element (one level). */
export function children(el: BerElement, maxDepth = DEFAULT_MAX_DEPTH): BerElement[] {
  if (!el.constructed) throw new BerDecodeError('BER_UNEXPECTED', `[${el.cls}:${el.tagNumber}] is primitive, expected constructed`);
  const out: BerElement[] = [];
  const v = el.value;
  let p = 0;
  while (p < v.length) {
    const c = elementAt(v, p, v.length, maxDepth);
    out.push(c);
    p += c.raw.length;
  }
  return out;
}

/** Decodes a sequence of concatenated top-level elements (e.g. a file of PS-PDUs). */
export function decodeAll(bytes: Uint8Array, options: BerDecodeOptions = {}): BerElement[] {
  const out: BerElement[] = [];
  let p = 0;
  while (p < bytes.length) {
    const el = elementAt(bytes, p, bytes.length, options.maxDepth ?? DEFAULT_MAX_DEPTH);
    out.push(el);
    p += el.raw.length;
  }
  return out;
}
