/**
 * Schema-reading helpers over the generic lazy BER decoder (../ber): SEQUENCE field maps with the
 * ordering rules of X.680 (context tags strictly ascending in these modules), value readers with the
 * ASN.1 constraints of TS 102 232, and the re-encoding of raw TLVs kept for unmodelled alternatives.
 */
import {
  children,
  decodeBer,
  decodeBigInt,
  decodeBoolean,
  decodeGeneralizedTime,
  decodeInteger,
  decodeOid,
  decodeRelativeOid,
  decodeUtf8,
  TagClass,
  type BerElement,
  type BerNode,
} from '../ber/index.ts';
import { PsPduDecodeError, PsPduEncodeError } from './errors.ts';

export type Fields = Map<number, BerElement>;

function tagName(el: BerElement): string {
  const cls = ['UNIVERSAL ', '[APPLICATION ', '[', '[PRIVATE '][el.cls]!;
  return el.cls === TagClass.Universal ? `${cls}${el.tagNumber}` : `${cls}${el.tagNumber}]`;
}

export function unexpected(where: string, message: string): PsPduDecodeError {
  return new PsPduDecodeError('HI2HI3_UNEXPECTED_TAG', `${where}: ${message}`);
}
export function badValue(where: string, message: string): PsPduDecodeError {
  return new PsPduDecodeError('HI2HI3_BAD_VALUE', `${where}: ${message}`);
}

/** The element must be constructed with the given class and tag (UNIVERSAL SEQUENCE by default). */
export function expectConstructed(el: BerElement, where: string, cls: TagClass = TagClass.Universal, tag = 16): BerElement[] {
  if (el.cls !== cls || el.tagNumber !== tag || !el.constructed) {
    const want = cls === TagClass.Universal ? `UNIVERSAL ${tag}` : `[${tag}]`;
    throw unexpected(where, `expected constructed ${want}, got ${el.constructed ? 'constructed' : 'primitive'} ${tagName(el)}`);
  }
  return children(el);
}

/**
 * The context-tagged fields of a SEQUENCE, by tag. Every field of the TS 102 232 SEQUENCEs has a
 * context tag and tags ascend in definition order, so a repeated or out-of-order tag is an error.
 */
export function fieldsOf(el: BerElement, where: string, cls: TagClass = TagClass.Universal, tag = 16): Fields {
  const out: Fields = new Map();
  let last = -1;
  for (const c of expectConstructed(el, where, cls, tag)) {
    if (c.cls !== TagClass.Context) throw unexpected(where, `field with non-context tag ${tagName(c)}`);
    if (c.tagNumber <= last) throw unexpected(where, `field [${c.tagNumber}] repeated or out of order`);
    last = c.tagNumber;
    out.set(c.tagNumber, c);
  }
  return out;
}

/** Fails on any field above `maxKnown` (for SEQUENCEs without an extension marker). */
export function noExtraFields(f: Fields, maxKnown: number, where: string): void {
  for (const t of f.keys()) if (t > maxKnown) throw unexpected(where, `unknown field [${t}] in a non-extensible SEQUENCE`);
}

export function req(f: Fields, tag: number, where: string, name: string): BerElement {
  const el = f.get(tag);
  if (!el) throw new PsPduDecodeError('HI2HI3_MISSING_FIELD', `${where}: mandatory ${name} [${tag}] is absent`);
  return el;
}

/** The single element inside an explicit tag (a tagged CHOICE is always explicit, X.680 §31.2.7). */
export function explicitInner(el: BerElement, where: string): BerElement {
  if (!el.constructed) throw unexpected(where, `[${el.tagNumber}] must be constructed (explicit tag around a CHOICE)`);
  const c = children(el);
  if (c.length !== 1) throw unexpected(where, `[${el.tagNumber}] must hold exactly one CHOICE alternative, holds ${c.length}`);
  const inner = c[0]!;
  if (inner.cls !== TagClass.Context) throw unexpected(where, `CHOICE alternative with non-context tag ${tagName(inner)}`);
  return inner;
}

function prim(el: BerElement, where: string): Uint8Array {
  if (el.constructed) throw unexpected(where, `[${el.tagNumber}] must be primitive`);
  return el.value;
}

/** A plain Uint8Array copy (input may be a Buffer, whose slice() is a view). */
export const copyBytes = (v: Uint8Array): Uint8Array => new Uint8Array(v);

export const readOctets = (el: BerElement, where: string): Uint8Array => copyBytes(prim(el, where));

export function readOctetsSized(el: BerElement, where: string, min: number, max: number): Uint8Array {
  const v = readOctets(el, where);
  if (v.length < min || v.length > max) throw badValue(where, `SIZE ${v.length} outside (${min}..${max})`);
  return v;
}

export function readInt(el: BerElement, where: string, min = -Infinity, max = Infinity): number {
  const v = decodeInteger(prim(el, where));
  if (v < min || v > max) throw badValue(where, `value ${v} outside (${min}..${max})`);
  return v;
}

export const readUint32 = (el: BerElement, where: string): number => readInt(el, where, 0, 0xffffffff);

export function readUint64(el: BerElement, where: string): bigint {
  const v = decodeBigInt(prim(el, where));
  if (v < 0n || v > 0xffffffffffffffffn) throw badValue(where, `value ${v} outside (0..18446744073709551615)`);
  return v;
}

export const readBool = (el: BerElement, where: string): boolean => decodeBoolean(prim(el, where));
export const readTime = (el: BerElement, where: string): Date => decodeGeneralizedTime(prim(el, where));
export const readOid = (el: BerElement, where: string): string => decodeOid(prim(el, where));
export const readRelOid = (el: BerElement, where: string): string => decodeRelativeOid(prim(el, where));

export function readUtf8(el: BerElement, where: string, min = 0, max = Infinity): string {
  const s = decodeUtf8(prim(el, where));
  const n = codePoints(s);
  if (n < min || n > max) throw badValue(where, `SIZE ${n} outside (${min}..${max})`);
  return s;
}

/** OCTET STRING that the standard says holds ASCII (LIID, operator identifiers): latin1 keeps every byte. */
export function readText(el: BerElement, where: string, min: number, max: number): string {
  const v = prim(el, where);
  if (v.length < min || v.length > max) throw badValue(where, `SIZE ${v.length} outside (${min}..${max})`);
  return Buffer.from(v.buffer, v.byteOffset, v.length).toString('latin1');
}

/** Characters of a UTF8String as X.680 counts them for SIZE (code points). */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++; // a low surrogate completes a pair already counted
  }
  return n;
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

export function readPrintable(el: BerElement, where: string, min: number, max: number): string {
  const s = readText(el, where, min, max);
  if (!PRINTABLE.test(s)) throw badValue(where, 'character outside the PrintableString set (X.680 §41.4)');
  return s;
}

export function readNull(el: BerElement, where: string): void {
  if (prim(el, where).length !== 0) throw badValue(where, 'NULL with contents octets (X.690 §8.8.2)');
}

// ---- encoding side ----

export function encodeFail(message: string): PsPduEncodeError {
  return new PsPduEncodeError('HI2HI3_ENCODE', message);
}

export function checkRange(v: number | bigint, min: number | bigint, max: number | bigint, name: string): void {
  if (typeof v === 'number' && !Number.isInteger(v)) throw encodeFail(`${name} ${v} is not an integer`);
  if (v < min || v > max) throw encodeFail(`${name} ${v} outside (${min}..${max})`);
}

export function checkSize(len: number, min: number, max: number, name: string): void {
  if (len < min || len > max) throw encodeFail(`${name} SIZE ${len} outside (${min}..${max})`);
}

export function textBytes(s: string, min: number, max: number, name: string): Uint8Array {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) throw encodeFail(`${name} has a character beyond one octet`);
  const b = Buffer.from(s, 'latin1');
  checkSize(b.length, min, max, name);
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

export function printableBytes(s: string, min: number, max: number, name: string): Uint8Array {
  if (!PRINTABLE.test(s)) throw encodeFail(`${name} has a character outside the PrintableString set`);
  return textBytes(s, min, max, name);
}

export function checkUtf8(s: string, min: number, max: number, name: string): string {
  checkSize(codePoints(s), min, max, name);
  return s;
}

/** Re-creates an encoder node from a raw TLV kept from decoding (indefinite lengths become definite). */
export function nodeFromRaw(raw: Uint8Array): BerNode {
  return nodeFromElement(decodeBer(raw));
}

function nodeFromElement(el: BerElement): BerNode {
  if (!el.constructed) return { cls: el.cls, tag: el.tagNumber, value: el.value };
  return { cls: el.cls, tag: el.tagNumber, children: children(el).map(nodeFromElement) };
}

/** A raw TLV kept for an unmodelled alternative must carry the tag it claims. */
export function rawAlternative(tag: number, raw: Uint8Array, where: string): BerNode {
  const n = nodeFromRaw(raw);
  if (n.cls !== TagClass.Context || n.tag !== tag) throw encodeFail(`${where}: raw alternative does not carry tag [${tag}]`);
  return n;
}

export const TagClassContext = TagClass.Context;
