/**
 * BER/DER encoder over a small node tree: definite lengths only (what DER requires and what every
 * receiver accepts). Sizes are computed once, then everything is written into one buffer.
 */
import { BerEncodeError } from './errors.ts';
import { lengthLength, tagLength, TagClass, UniversalTag, writeLength, writeTag } from './tag.ts';
import { encodeAscii, encodeBoolean, encodeInteger, encodeUtf8 } from './values.ts';
import { encodeOid, encodeRelativeOid } from './oid.ts';
import { encodeGeneralizedTime } from './time.ts';

export type BerNode =
  | { cls: TagClass; tag: number; value: Uint8Array; children?: undefined }
  | { cls: TagClass; tag: number; children: BerNode[]; value?: undefined };

/**
 * Content lengths of the constructed nodes, in pre-order: `measure` reserves a node's slot before
 * its children's and `write` walks the tree in the same order, so a cursor finds each length again
 * (cheaper than a Map keyed by node). Primitive nodes need no slot: their length is value.length.
 */
interface SizeWalk {
  sizes: number[];
  next: number;
}

/** Returns the encoded length of `n` (identifier + length + contents), recording constructed sizes. */
function measure(n: BerNode, sizes: number[]): number {
  let len: number;
  if (n.value) len = n.value.length;
  else {
    const slot = sizes.length;
    sizes.push(0);
    len = 0;
    for (const c of n.children) len += measure(c, sizes);
    sizes[slot] = len;
  }
  return tagLength(n.tag) + lengthLength(len) + len;
}

function write(n: BerNode, out: Uint8Array, pos: number, walk: SizeWalk): number {
  if (n.value) {
    pos = writeTag(out, pos, n.cls, false, n.tag);
    pos = writeLength(out, pos, n.value.length);
    out.set(n.value, pos);
    return pos + n.value.length;
  }
  const len = walk.sizes[walk.next++]!;
  pos = writeTag(out, pos, n.cls, true, n.tag);
  pos = writeLength(out, pos, len);
  for (const c of n.children) pos = write(c, out, pos, walk);
  return pos;
}

export function encodeBer(node: BerNode): Uint8Array {
  if (node.tag < 0 || !Number.isInteger(node.tag)) throw new BerEncodeError('BER_ENCODE', `invalid tag ${node.tag}`);
  const sizes: number[] = [];
  const total = measure(node, sizes);
  const out = new Uint8Array(total);
  const end = write(node, out, 0, { sizes, next: 0 });
  if (end !== total) throw new BerEncodeError('BER_ENCODE', 'internal size mismatch');
  return out;
}

// ---- builders (names follow the ASN.1 types) ----
const U = TagClass.Universal;
const C = TagClass.Context;

export const prim = (cls: TagClass, tag: number, value: Uint8Array): BerNode => ({ cls, tag, value });
export const cons = (cls: TagClass, tag: number, children: BerNode[]): BerNode => ({ cls, tag, children });
export const sequence = (children: BerNode[]): BerNode => cons(U, UniversalTag.Sequence, children);
export const integer = (v: number | bigint): BerNode => prim(U, UniversalTag.Integer, encodeInteger(v));
export const enumerated = (v: number): BerNode => prim(U, UniversalTag.Enumerated, encodeInteger(v));
export const boolean = (v: boolean): BerNode => prim(U, UniversalTag.Boolean, encodeBoolean(v));
export const octetString = (v: Uint8Array): BerNode => prim(U, UniversalTag.OctetString, v);
export const utf8String = (s: string): BerNode => prim(U, UniversalTag.Utf8String, encodeUtf8(s));
export const oid = (s: string): BerNode => prim(U, UniversalTag.ObjectIdentifier, encodeOid(s));
export const nullValue = (): BerNode => prim(U, UniversalTag.Null, new Uint8Array(0));
export const generalizedTime = (d: Date): BerNode => prim(U, UniversalTag.GeneralizedTime, encodeGeneralizedTime(d));

/** Context-specific IMPLICIT primitive: [n] IMPLICIT <type>, contents given. */
export const ctx = (n: number, value: Uint8Array): BerNode => prim(C, n, value);
/** Context-specific constructed: [n] SEQUENCE {...}, a CHOICE alternative, or an EXPLICIT wrapper. */
export const ctxCons = (n: number, children: BerNode[]): BerNode => cons(C, n, children);
export const ctxInteger = (n: number, v: number | bigint): BerNode => ctx(n, encodeInteger(v));
export const ctxEnumerated = ctxInteger;
export const ctxBoolean = (n: number, v: boolean): BerNode => ctx(n, encodeBoolean(v));
export const ctxUtf8 = (n: number, s: string): BerNode => ctx(n, encodeUtf8(s));
export const ctxAscii = (n: number, s: string): BerNode => ctx(n, encodeAscii(s));
export const ctxOid = (n: number, s: string): BerNode => ctx(n, encodeOid(s));
export const ctxRelativeOid = (n: number, s: string): BerNode => ctx(n, encodeRelativeOid(s));
export const ctxTime = (n: number, d: Date): BerNode => ctx(n, encodeGeneralizedTime(d));
export const ctxNull = (n: number): BerNode => ctx(n, new Uint8Array(0));

/** Drops undefined entries, so optional fields read naturally: sequence(opt([...])). */
export function present(nodes: (BerNode | undefined | false)[]): BerNode[] {
  return nodes.filter((n): n is BerNode => n !== undefined && n !== false);
}
