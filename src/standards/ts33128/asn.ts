/**
 * Small schema helpers over the generic BER layer (src/standards/ber) for TS33128Payloads, a module
 * with `DEFINITIONS IMPLICIT TAGS EXTENSIBILITY IMPLIED` (TS 33.128 Annex A):
 *  - every SEQUENCE component is context-tagged [n]; the tag replaces the type's own tag (IMPLICIT),
 *    except where the type is a CHOICE, which is always tagged EXPLICITLY (X.680 §31.2.7): [n] then
 *    wraps the chosen alternative's element;
 *  - EXTENSIBILITY IMPLIED: a SEQUENCE may carry components added by later releases; a Release 16
 *    decoder skips context tags it does not know (X.680 §52) instead of rejecting the record.
 * Encoders emit DER (definite lengths, components in tag order, minimal INTEGERs).
 */
import {
  children,
  cons,
  ctx,
  ctxAscii,
  ctxBoolean,
  ctxCons,
  ctxInteger,
  ctxTime,
  ctxUtf8,
  decodeAscii,
  decodeBoolean,
  decodeGeneralizedTime,
  decodeInteger,
  decodeUtf8,
  encodeBer,
  prim,
  TagClass,
  UniversalTag,
  type BerElement,
  type BerNode,
} from '../ber/index.ts';
import { Ts33128DecodeError, Ts33128EncodeError } from './errors.ts';

/** Reads one element (already identified by its tag) into a value; `where` names it in errors. */
export type Reader<T> = (el: BerElement, where: string) => T;

/**
 * A component kept as received because this codec does not model its type (e.g. LocationPresenceReport).
 * The tag is the component's own; re-encoding emits it unchanged (lengths normalised to definite).
 */
export interface RawValue {
  constructed: boolean;
  /** Contents octets of the element. */
  contents: Uint8Array;
}

export function unexpected(where: string, what: string): Ts33128DecodeError {
  return new Ts33128DecodeError('TS33128_UNEXPECTED_TAG', `${where}: ${what}`);
}
export function badValue(where: string, what: string): Ts33128DecodeError {
  return new Ts33128DecodeError('TS33128_BAD_VALUE', `${where}: ${what}`);
}
export function encodeFail(where: string, what: string): Ts33128EncodeError {
  return new Ts33128EncodeError(`${where}: ${what}`);
}

/** The context-tagged components of a SEQUENCE, by tag number. */
export class Fields {
  private readonly byTag = new Map<number, BerElement>();
  constructor(
    el: BerElement,
    private readonly typeName: string,
  ) {
    if (!el.constructed) throw unexpected(typeName, 'a SEQUENCE must be constructed');
    for (const c of children(el)) {
      if (c.cls !== TagClass.Context) throw unexpected(typeName, `component with non-context tag [${c.cls}:${c.tagNumber}]`);
      if (this.byTag.has(c.tagNumber))
        throw new Ts33128DecodeError('TS33128_DUPLICATE_FIELD', `${typeName}: component [${c.tagNumber}] occurs twice`);
      this.byTag.set(c.tagNumber, c);
    }
  }
  opt<T>(tag: number, field: string, read: Reader<T>): T | undefined {
    const el = this.byTag.get(tag);
    return el === undefined ? undefined : read(el, `${this.typeName}.${field}`);
  }
  req<T>(tag: number, field: string, read: Reader<T>): T {
    const el = this.byTag.get(tag);
    if (el === undefined)
      throw new Ts33128DecodeError('TS33128_MISSING_FIELD', `${this.typeName}.${field} [${tag}] is mandatory and absent`);
    return read(el, `${this.typeName}.${field}`);
  }
}

// ---- primitive readers ----
function primitive(el: BerElement, where: string): Uint8Array {
  if (el.constructed) throw unexpected(where, 'expected a primitive encoding');
  return el.value;
}

export const rInt =
  (min?: number, max?: number): Reader<number> =>
  (el, where) => {
    const v = decodeInteger(primitive(el, where));
    if ((min !== undefined && v < min) || (max !== undefined && v > max)) throw badValue(where, `${v} outside ${min}..${max}`);
    return v;
  };
export const rBool: Reader<boolean> = (el, where) => decodeBoolean(primitive(el, where));
export const rUtf8: Reader<string> = (el, where) => decodeUtf8(primitive(el, where));
export const rTime: Reader<Date> = (el, where) => decodeGeneralizedTime(primitive(el, where));
export const rOctets =
  (min?: number, max?: number): Reader<Uint8Array> =>
  (el, where) => {
    const v = primitive(el, where);
    if ((min !== undefined && v.length < min) || (max !== undefined && v.length > max))
      throw badValue(where, `OCTET STRING of ${v.length} octets outside SIZE(${min}..${max})`);
    return v.slice();
  };
/** NumericString (X.680 §41.2: digits and space) with a SIZE constraint. */
export const rNumeric =
  (min: number, max: number): Reader<string> =>
  (el, where) => {
    const s = decodeAscii(primitive(el, where));
    checkNumeric(s, min, max, (m) => badValue(where, m));
    return s;
  };

function checkNumeric(s: string, min: number, max: number, fail: (m: string) => Error): void {
  if (!/^[0-9 ]*$/.test(s)) throw fail('NumericString holds characters other than digits and space');
  if (s.length < min || s.length > max) throw fail(`NumericString of ${s.length} characters outside SIZE(${min}..${max})`);
}

/** BIT STRING (X.690 §8.6): `length` bits, most significant first, as a non-negative integer (≤ 53 bits). */
export interface Bits {
  length: number;
  value: number;
}
export const rBits =
  (min: number, max: number): Reader<Bits> =>
  (el, where) => {
    const v = primitive(el, where);
    const unused = v[0];
    if (unused === undefined || unused > 7 || (v.length === 1 && unused !== 0)) throw badValue(where, 'invalid BIT STRING initial octet');
    const length = (v.length - 1) * 8 - unused;
    if (length < min || length > max) throw badValue(where, `BIT STRING of ${length} bits outside SIZE(${min}..${max})`);
    let value = 0;
    for (let i = 1; i < v.length; i++) value = value * 256 + v[i]!;
    return { length, value: Math.floor(value / 2 ** unused) };
  };

/** Explicitly tagged CHOICE component: [n] wraps exactly one alternative element. */
export const explicit =
  <T>(read: Reader<T>): Reader<T> =>
  (el, where) => {
    if (!el.constructed) throw unexpected(where, 'an EXPLICIT tag must be constructed');
    const cs = children(el);
    if (cs.length !== 1) throw unexpected(where, `expected one CHOICE alternative, found ${cs.length}`);
    return read(cs[0]!, where);
  };

/** SEQUENCE OF / SET OF: every child read with `read`. */
export const seqOf =
  <T>(read: Reader<T>): Reader<T[]> =>
  (el, where) => {
    if (!el.constructed) throw unexpected(where, 'SEQUENCE OF must be constructed');
    return children(el).map((c, i) => read(c, `${where}[${i}]`));
  };

/** A SEQUENCE element of a SEQUENCE OF: universal tag 16, constructed. */
export const universalSeq =
  <T>(read: Reader<T>): Reader<T> =>
  (el, where) => {
    if (el.cls !== TagClass.Universal || el.tagNumber !== UniversalTag.Sequence || !el.constructed)
      throw unexpected(where, `expected SEQUENCE, found [${el.cls}:${el.tagNumber}]`);
    return read(el, where);
  };

/** Context-tagged alternative of a CHOICE, dispatched on its tag number. */
export function choiceTag(el: BerElement, where: string): number {
  if (el.cls !== TagClass.Context) throw unexpected(where, `CHOICE alternative with non-context tag [${el.cls}:${el.tagNumber}]`);
  return el.tagNumber;
}
export function unknownAlternative(where: string, tag: number): Ts33128DecodeError {
  return new Ts33128DecodeError('TS33128_UNKNOWN_ALTERNATIVE', `${where}: unknown CHOICE alternative [${tag}]`);
}

/** Keeps an element raw; a constructed one must still be well-formed BER all the way down (it is re-encoded later). */
export const rRaw: Reader<RawValue> = (el) => {
  if (el.constructed) elementToNode(el);
  return { constructed: el.constructed, contents: el.value.slice() };
};

// ---- writers (context tag n, IMPLICIT) ----
export function wInt(n: number, v: number, where: string, min?: number, max?: number): BerNode {
  if (!Number.isSafeInteger(v) || (min !== undefined && v < min) || (max !== undefined && v > max))
    throw encodeFail(where, `${v} is not an integer in ${min}..${max}`);
  return ctxInteger(n, v);
}
export const wBool = ctxBoolean;
export const wUtf8 = ctxUtf8;
export const wTime = ctxTime;
export function wOctets(n: number, v: Uint8Array, where: string, min?: number, max?: number): BerNode {
  if ((min !== undefined && v.length < min) || (max !== undefined && v.length > max))
    throw encodeFail(where, `OCTET STRING of ${v.length} octets outside SIZE(${min}..${max})`);
  return ctx(n, v);
}
export function wNumeric(n: number, s: string, where: string, min: number, max: number): BerNode {
  checkNumeric(s, min, max, (m) => encodeFail(where, m));
  return ctxAscii(n, s);
}
export function wBits(n: number, b: Bits, where: string, min: number, max: number): BerNode {
  if (b.length < min || b.length > max || !Number.isSafeInteger(b.value) || b.value < 0 || b.value >= 2 ** b.length)
    throw encodeFail(where, `BIT STRING value does not fit SIZE(${min}..${max})`);
  const octets = Math.ceil(b.length / 8);
  const unused = octets * 8 - b.length;
  const out = new Uint8Array(1 + octets);
  out[0] = unused;
  let v = b.value * 2 ** unused;
  for (let i = octets; i >= 1; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return ctx(n, out);
}
/** [n] EXPLICIT around a CHOICE alternative. */
export const wExplicit = (n: number, alternative: BerNode): BerNode => ctxCons(n, [alternative]);
/** [n] IMPLICIT SEQUENCE / SEQUENCE OF with the given components. */
export const wSeq = ctxCons;
/** SET OF in DER order (X.690 §11.6: components sorted by their encodings). */
export function derSetOf(items: BerNode[]): BerNode[] {
  const enc = items.map((node) => ({ node, bytes: encodeBer(node) }));
  enc.sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  return enc.map((e) => e.node);
}
export function wRaw(n: number, v: RawValue): BerNode {
  if (!v.constructed) return ctx(n, v.contents);
  const nodes = children({ cls: TagClass.Context, constructed: true, tagNumber: n, indefinite: false, raw: v.contents, value: v.contents }).map(elementToNode);
  return ctxCons(n, nodes);
}
/** Rebuilds an encoder node from a decoded element (used to pass unknown parts through unchanged). */
export function elementToNode(el: BerElement): BerNode {
  return el.constructed ? cons(el.cls, el.tagNumber, children(el).map(elementToNode)) : prim(el.cls, el.tagNumber, el.value);
}

// ---- ENUMERATED ----
export interface EnumCodec<N extends string> {
  readonly typeName: string;
  readonly values: Readonly<Record<N, number>>;
  write(n: number, v: N, where: string): BerNode;
  read: Reader<N>;
}
/** ENUMERATED with the named numbers of the ASN.1; values are the identifiers (e.g. 'uEInitiated'). */
export function enumCodec<N extends string>(typeName: string, values: Record<N, number>): EnumCodec<N> {
  const byNumber = new Map<number, N>();
  for (const [name, num] of Object.entries(values) as [N, number][]) byNumber.set(num, name);
  return {
    typeName,
    values,
    write(n, v, where) {
      const num = values[v] as number | undefined;
      if (num === undefined) throw encodeFail(where, `${v} is not a ${typeName} value`);
      return ctxInteger(n, num);
    },
    read(el, where) {
      const num = decodeInteger(primitive(el, where));
      const name = byNumber.get(num);
      if (name === undefined) throw badValue(where, `${num} is not a ${typeName} value`);
      return name;
    },
  };
}
export type EnumName<C> = C extends EnumCodec<infer N> ? N : never;

/** Drops undefined entries (optional components). */
export function opt<T>(v: T | undefined, write: (v: T) => BerNode): BerNode | undefined {
  return v === undefined ? undefined : write(v);
}

// ---- codecs of constructed types ----
/** A SEQUENCE type: its components (without the outer tag) and a reader of any-tagged encodings. */
export interface SeqCodec<T> {
  fields(v: T, where: string): BerNode[];
  read: Reader<T>;
}
/** A CHOICE type: the chosen alternative's element, and a reader of that element. */
export interface ChoiceCodec<T> {
  node(v: T, where: string): BerNode;
  read: Reader<T>;
}
/** `name [n] SeqType` (IMPLICIT): the SEQUENCE's components under [n]. */
export const wS = <T>(n: number, c: SeqCodec<T>, v: T, where: string): BerNode => ctxCons(n, c.fields(v, where));
/** `name [n] SEQUENCE OF SeqType`: each item is a universal SEQUENCE. */
export const wSeqList = <T>(n: number, c: SeqCodec<T>, vs: readonly T[], where: string, set = false): BerNode => {
  const items = vs.map((v, i) => cons(TagClass.Universal, UniversalTag.Sequence, c.fields(v, `${where}[${i}]`)));
  return ctxCons(n, set ? derSetOf(items) : items);
};
/** `name [n] ChoiceType` (EXPLICIT). */
export const wC = <T>(n: number, c: ChoiceCodec<T>, v: T, where: string): BerNode => wExplicit(n, c.node(v, where));
/** `name [n] SEQUENCE OF ChoiceType`: the alternatives' elements directly. */
export const wChoiceList = <T>(n: number, c: ChoiceCodec<T>, vs: readonly T[], where: string): BerNode =>
  ctxCons(n, vs.map((v, i) => c.node(v, `${where}[${i}]`)));
export const rSeqList = <T>(c: SeqCodec<T>): Reader<T[]> => seqOf(universalSeq(c.read));
export const rChoiceList = <T>(c: ChoiceCodec<T>): Reader<T[]> => seqOf(c.read);
/** Reads a SEQUENCE via a Fields view; absent OPTIONAL components are left out of the object (not `undefined`). */
export const seqReader =
  <T extends object>(typeName: string, read: (f: Fields) => T): Reader<T> =>
  (el, where) => {
    const v = read(new Fields(el, where.endsWith(typeName) ? where : `${where}(${typeName})`));
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as T;
  };
