/**
 * Generic BER encoder/decoder over the schema DSL (schema.ts), for module RDMessage of TS 102 657,
 * which is `DEFINITIONS IMPLICIT TAGS` (Annex A.3.2):
 *   - a component `name [n] T` is encoded with context tag [n] in place of T's tag (IMPLICIT),
 *     except when T is a CHOICE: then [n] is EXPLICIT and wraps the alternative (X.680 §31.2.7 c));
 *   - untagged types (SEQUENCE OF items) carry their universal tag; a CHOICE carries the tag of
 *     its alternative.
 * The encoder writes DER (X.690 §10: definite lengths, minimal INTEGERs, BOOLEAN TRUE = 0xFF,
 * GeneralizedTime with 'Z' and no trailing fraction zeros), which decode-rd.sh -s requires.
 * The decoder is strict: components in the module's order, each at most once, unknown tags refused
 * (fail closed: an element the module does not define is not silently skipped), primitive/constructed
 * form checked, SIZE and range constraints checked, depth and size bounded.
 */
import {
  type BerElement,
  type BerNode,
  BerDecodeError,
  children,
  cons,
  decodeAscii,
  decodeBoolean,
  decodeGeneralizedTime,
  decodeInteger,
  decodeOid,
  decodeUtf8,
  encodeAscii,
  encodeBoolean,
  encodeGeneralizedTime,
  encodeInteger,
  encodeOid,
  encodeUtf8,
  prim,
  TagClass,
  UniversalTag,
} from '../ber/index.ts';
import { RdDecodeError, RdEncodeError } from './errors.ts';
import type { ChoiceSchema, Prim, Schema, SizeRange } from './schema.ts';

const C = TagClass.Context;
const U = TagClass.Universal;

const UNIVERSAL: Record<Schema['kind'], number> = {
  utf8: UniversalTag.Utf8String,
  ia5: UniversalTag.Ia5String,
  numeric: UniversalTag.NumericString,
  octets: UniversalTag.OctetString,
  int: UniversalTag.Integer,
  bool: UniversalTag.Boolean,
  null: UniversalTag.Null,
  time: UniversalTag.GeneralizedTime,
  oid: UniversalTag.ObjectIdentifier,
  enum: UniversalTag.Enumerated,
  seq: UniversalTag.Sequence,
  seqOf: UniversalTag.Sequence,
  choice: -1,
};

// ---------------------------------------------------------------- encode

function encFail(path: string, message: string): never {
  throw new RdEncodeError('RD_ENCODE', `${path}: ${message}`, { details: { path } });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);
}

/** X.680 §41: SIZE of a UTF8String counts characters (code points), not octets. */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

function checkSize(size: SizeRange | undefined, n: number, path: string, fail: (p: string, m: string) => never): void {
  if (size && (n < size.min || n > size.max)) fail(path, `size ${n} outside SIZE(${size.min}..${size.max})`);
}

function primContents(s: Prim, v: unknown, path: string): Uint8Array {
  switch (s.kind) {
    case 'utf8':
      if (typeof v !== 'string') encFail(path, 'expected a string');
      checkSize(s.size, codePoints(v), path, encFail);
      return encodeUtf8(v);
    case 'ia5':
    case 'numeric':
      if (typeof v !== 'string') encFail(path, 'expected a string');
      if (s.kind === 'numeric' && !/^[0-9 ]*$/u.test(v)) encFail(path, 'NumericString holds digits and space only');
      checkSize(s.size, v.length, path, encFail);
      try {
        return encodeAscii(v);
      } catch {
        return encFail(path, 'non-ASCII character');
      }
    case 'octets':
      if (!(v instanceof Uint8Array)) encFail(path, 'expected a Uint8Array');
      checkSize(s.size, v.length, path, encFail);
      return v;
    case 'int':
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) encFail(path, 'expected a safe integer');
      if ((s.min !== undefined && v < s.min) || (s.max !== undefined && v > s.max)) encFail(path, `${v} outside (${s.min ?? 'MIN'}..${s.max ?? 'MAX'})`);
      return encodeInteger(v);
    case 'bool':
      if (typeof v !== 'boolean') encFail(path, 'expected a boolean');
      return encodeBoolean(v);
    case 'null':
      if (v !== null) encFail(path, 'expected null');
      return new Uint8Array(0);
    case 'time':
      if (!(v instanceof Date) || Number.isNaN(v.getTime())) encFail(path, 'expected a valid Date');
      return encodeGeneralizedTime(v);
    case 'oid':
      if (typeof v !== 'string') encFail(path, 'expected a dotted OID string');
      try {
        return encodeOid(v);
      } catch (cause) {
        throw new RdEncodeError('RD_ENCODE', `${path}: invalid OID`, { cause, details: { path } });
      }
  }
}

/** Encodes `value` of `schema`; `tag` is the component's context tag (undefined: untagged). */
export function encodeNode(schema: Schema, value: unknown, path: string, tag?: number): BerNode {
  if (schema.kind === 'choice') {
    const inner = encodeChoice(schema, value, path);
    return tag === undefined ? inner : cons(C, tag, [inner]);
  }
  const cls = tag === undefined ? U : C;
  const num = tag ?? UNIVERSAL[schema.kind];
  switch (schema.kind) {
    case 'enum': {
      if (typeof value !== 'string' || !Object.hasOwn(schema.values, value)) encFail(path, `not a value of the ENUMERATED type: ${String(value)}`);
      return prim(cls, num, encodeInteger(schema.values[value]!));
    }
    case 'seq': {
      if (!isRecord(value)) encFail(path, 'expected an object');
      for (const k of Object.keys(value)) if (!Object.hasOwn(schema.fields, k) && value[k] !== undefined) encFail(`${path}.${k}`, 'not a component of this SEQUENCE');
      const kids: BerNode[] = [];
      for (const [name, f] of Object.entries(schema.fields)) {
        const v = value[name];
        if (v === undefined) {
          if (!f.optional) encFail(`${path}.${name}`, 'mandatory component missing');
          continue;
        }
        kids.push(encodeNode(f.schema, v, `${path}.${name}`, f.tag));
      }
      return cons(cls, num, kids);
    }
    case 'seqOf': {
      if (!Array.isArray(value)) encFail(path, 'expected an array');
      return cons(
        cls,
        num,
        value.map((v, i) => encodeNode(schema.item, v, `${path}[${i}]`)),
      );
    }
    default:
      return prim(cls, num, primContents(schema, value, path));
  }
}

function encodeChoice(schema: ChoiceSchema, value: unknown, path: string): BerNode {
  if (!isRecord(value)) encFail(path, 'expected an object with one alternative');
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  if (keys.length !== 1) encFail(path, `a CHOICE takes exactly one alternative, got ${keys.length}`);
  const name = keys[0]!;
  const a = schema.alts[name];
  if (!a || !Object.hasOwn(schema.alts, name)) encFail(`${path}.${name}`, 'not an alternative of this CHOICE');
  return encodeNode(a.schema, value[name], `${path}.${name}`, a.tag);
}

// ---------------------------------------------------------------- decode

export interface DecodeLimits {
  maxDepth: number;
}

function decFail(code: string, path: string, message: string, cause?: unknown): never {
  throw new RdDecodeError(code, `${path}: ${message}`, { cause, details: { path } });
}

function kids(el: BerElement, path: string): BerElement[] {
  try {
    return children(el);
  } catch (cause) {
    return decFail('RD_BAD_BER', path, 'malformed BER inside a constructed element', cause);
  }
}

function decodePrim(s: Prim, v: Uint8Array, path: string): unknown {
  const bad = (m: string): never => decFail('RD_BAD_VALUE', path, m);
  try {
    switch (s.kind) {
      case 'utf8': {
        const str = decodeUtf8(v);
        if (s.size) checkSize(s.size, codePoints(str), path, (_p, m) => bad(m));
        return str;
      }
      case 'ia5':
      case 'numeric': {
        for (const b of v) if (b > 0x7f) bad('octet above 0x7F in a 7-bit string');
        const str = decodeAscii(v);
        if (s.kind === 'numeric' && !/^[0-9 ]*$/u.test(str)) bad('NumericString holds digits and space only');
        checkSize(s.size, v.length, path, (_p, m) => bad(m));
        return str;
      }
      case 'octets':
        checkSize(s.size, v.length, path, (_p, m) => bad(m));
        return v.slice();
      case 'int': {
        const n = decodeInteger(v);
        if ((s.min !== undefined && n < s.min) || (s.max !== undefined && n > s.max)) bad(`${n} outside (${s.min ?? 'MIN'}..${s.max ?? 'MAX'})`);
        return n;
      }
      case 'bool':
        return decodeBoolean(v);
      case 'null':
        if (v.length !== 0) bad('NULL with contents octets (X.690 §8.8.2)');
        return null;
      case 'time':
        return decodeGeneralizedTime(v);
      case 'oid':
        return decodeOid(v);
    }
  } catch (cause) {
    if (cause instanceof RdDecodeError) throw cause;
    if (cause instanceof BerDecodeError) return decFail('RD_BAD_VALUE', path, cause.message, cause);
    throw cause;
  }
}

/** Decodes the contents of `el`, whose tag has been matched by the caller, as `schema`. */
function decodeContents(schema: Exclude<Schema, ChoiceSchema>, el: BerElement, path: string, depth: number, lim: DecodeLimits): unknown {
  if (depth > lim.maxDepth) decFail('RD_TOO_DEEP', path, `nesting deeper than ${lim.maxDepth}`);
  const constructed = schema.kind === 'seq' || schema.kind === 'seqOf';
  if (el.constructed !== constructed) decFail('RD_UNEXPECTED_TAG', path, `expected ${constructed ? 'constructed' : 'primitive'} form`);
  switch (schema.kind) {
    case 'enum': {
      const n = decodePrim({ kind: 'int' }, el.value, path) as number;
      for (const [name, value] of Object.entries(schema.values)) if (value === n) return name;
      return decFail('RD_BAD_VALUE', path, `${n} is not a value of the ENUMERATED type`);
    }
    case 'seq': {
      const out: Record<string, unknown> = {};
      const entries = Object.entries(schema.fields);
      let i = 0;
      for (const c of kids(el, path)) {
        // A tag no remaining component has is an unknown, repeated or misplaced element (not a missing one).
        if (c.cls !== C || !entries.slice(i).some(([, f]) => f.tag === c.tagNumber))
          decFail('RD_UNEXPECTED_TAG', path, `[${c.cls}:${c.tagNumber}] not known here, repeated or out of order`);
        while (i < entries.length && !(c.cls === C && c.tagNumber === entries[i]![1].tag)) {
          if (!entries[i]![1].optional) decFail('RD_MISSING_FIELD', `${path}.${entries[i]![0]}`, 'mandatory component missing');
          i++;
        }
        if (i === entries.length) decFail('RD_UNEXPECTED_TAG', path, `[${c.cls}:${c.tagNumber}] not known here, repeated or out of order`);
        const [name, f] = entries[i]!;
        out[name] = decodeTagged(f.schema, c, `${path}.${name}`, depth + 1, lim);
        i++;
      }
      for (; i < entries.length; i++) if (!entries[i]![1].optional) decFail('RD_MISSING_FIELD', `${path}.${entries[i]![0]}`, 'mandatory component missing');
      return out;
    }
    case 'seqOf':
      return kids(el, path).map((c, k) => decodeUntagged(schema.item, c, `${path}[${k}]`, depth + 1, lim));
    default:
      return decodePrim(schema, el.value, path);
  }
}

/** A component whose context tag matched: CHOICE types are EXPLICIT (one inner element). */
export function decodeTagged(schema: Schema, el: BerElement, path: string, depth: number, lim: DecodeLimits): unknown {
  if (schema.kind !== 'choice') return decodeContents(schema, el, path, depth, lim);
  if (!el.constructed) decFail('RD_UNEXPECTED_TAG', path, 'a tagged CHOICE must be constructed (EXPLICIT tag)');
  const inner = kids(el, path);
  if (inner.length !== 1) decFail(inner.length === 0 ? 'RD_MISSING_FIELD' : 'RD_UNEXPECTED_TAG', path, `a CHOICE holds one alternative, got ${inner.length}`);
  return decodeChoice(schema, inner[0]!, path, depth + 1, lim);
}

function decodeChoice(schema: ChoiceSchema, el: BerElement, path: string, depth: number, lim: DecodeLimits): unknown {
  if (depth > lim.maxDepth) decFail('RD_TOO_DEEP', path, `nesting deeper than ${lim.maxDepth}`);
  if (el.cls === C)
    for (const [name, a] of Object.entries(schema.alts))
      if (a.tag === el.tagNumber) return { [name]: decodeTagged(a.schema, el, `${path}.${name}`, depth + 1, lim) };
  return decFail('RD_UNEXPECTED_TAG', path, `[${el.cls}:${el.tagNumber}] is not an alternative this codec knows`);
}

/** An untagged type (SEQUENCE OF item): universal tag, or the alternative's tag for a CHOICE. */
function decodeUntagged(schema: Schema, el: BerElement, path: string, depth: number, lim: DecodeLimits): unknown {
  if (schema.kind === 'choice') return decodeChoice(schema, el, path, depth, lim);
  if (el.cls !== U || el.tagNumber !== UNIVERSAL[schema.kind]) decFail('RD_UNEXPECTED_TAG', path, `expected universal tag ${UNIVERSAL[schema.kind]}, got [${el.cls}:${el.tagNumber}]`);
  return decodeContents(schema, el, path, depth, lim);
}

export { decodeUntagged };
