/**
 * OBJECT IDENTIFIER (ITU-T X.690 §8.19) and RELATIVE-OID (§8.20) contents. Arcs that fit a number
 * take a number path; larger arcs, and the error messages for malformed text, the BigInt path.
 */
import { BerDecodeError, BerEncodeError } from './errors.ts';

/**
 * OBJECT IDENTIFIER contents (X.690 §8.19). The LI modules encode the same few OIDs (the TS 102 232
 * domain and object identifiers) for every PDU, so encodings are cached by their text; callers get
 * a copy, never the cached array.
 */
export function encodeOid(oid: string): Uint8Array {
  return cached(oidCache, oid, encodeOidUncached);
}

/** RELATIVE-OID (X.690 §8.20): the arcs without the first-two-arcs packing. */
export function encodeRelativeOid(oid: string): Uint8Array {
  return cached(relativeOidCache, oid, encodeRelativeOidUncached);
}

const OID_CACHE_LIMIT = 256;
const oidCache = new Map<string, Uint8Array>();
const relativeOidCache = new Map<string, Uint8Array>();

function cached(cache: Map<string, Uint8Array>, oid: string, encode: (oid: string) => Uint8Array): Uint8Array {
  let enc = cache.get(oid);
  if (enc === undefined) {
    enc = encode(oid);
    if (cache.size >= OID_CACHE_LIMIT) cache.clear();
    cache.set(oid, enc);
  }
  return enc.slice();
}

/** Arcs of up to 15 digits are exact as numbers (< 2^53); longer ones are parsed as BigInt. */
const MAX_NUMBER_ARC_DIGITS = 15;

/** Splits dotted text into arcs; undefined when an arc is not all digits or too long for a number. */
function numberArcs(oid: string): number[] | undefined {
  const arcs: number[] = [];
  let cur = 0;
  let digits = 0;
  for (let i = 0; i <= oid.length; i++) {
    const c = i < oid.length ? oid.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0) return undefined;
      arcs.push(cur);
      cur = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39 && digits < MAX_NUMBER_ARC_DIGITS) {
      cur = cur * 10 + (c - 0x30);
      digits++;
    } else return undefined;
  }
  return arcs;
}

function encodeOidUncached(oid: string): Uint8Array {
  const arcs = numberArcs(oid);
  if (arcs === undefined) return encodeOidBig(oid);
  if (arcs.length < 2 || arcs[0]! > 2 || (arcs[0]! < 2 && arcs[1]! > 39)) throw new BerEncodeError('BER_ENCODE', `invalid OID ${oid}`);
  const first = arcs[0]! * 40 + arcs[1]!;
  if (!Number.isSafeInteger(first)) return encodeOidBig(oid);
  arcs[1] = first;
  return encodeNumberArcs(arcs, 1);
}

function encodeRelativeOidUncached(oid: string): Uint8Array {
  const arcs = numberArcs(oid);
  if (arcs === undefined) return encodeArcs(oid.split('.').map((s) => BigInt(s)));
  return encodeNumberArcs(arcs, 0);
}

/** The general path: arcs of any size, and the error messages for malformed text. */
function encodeOidBig(oid: string): Uint8Array {
  const arcs = oid.split('.').map((s) => {
    if (!/^\d+$/.test(s)) throw new BerEncodeError('BER_ENCODE', `invalid OID arc "${s}" in ${oid}`);
    return BigInt(s);
  });
  if (arcs.length < 2 || arcs[0]! > 2n || (arcs[0]! < 2n && arcs[1]! > 39n))
    throw new BerEncodeError('BER_ENCODE', `invalid OID ${oid}`);
  return encodeArcs([arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)]);
}

const septetCount = (arc: number): number => {
  let n = 1;
  for (let v = arc; v >= 128; v = Math.floor(v / 128)) n++;
  return n;
};

/** Base-128 arcs, high bit on every octet but an arc's last (X.690 §8.19.2), from arcs[from]. */
function encodeNumberArcs(arcs: number[], from: number): Uint8Array {
  let total = 0;
  for (let i = from; i < arcs.length; i++) total += septetCount(arcs[i]!);
  const out = new Uint8Array(total);
  let end = 0;
  for (let i = from; i < arcs.length; i++) {
    let v = arcs[i]!;
    end += septetCount(v);
    let pos = end - 1;
    out[pos] = v % 128;
    for (v = Math.floor(v / 128); v > 0; v = Math.floor(v / 128)) out[--pos] = 0x80 | v % 128;
  }
  return out;
}

function encodeArcs(arcs: bigint[]): Uint8Array {
  const out: number[] = [];
  for (const arc of arcs) {
    const septets: number[] = [];
    let v = arc;
    do {
      septets.unshift(Number(v & 0x7fn));
      v >>= 7n;
    } while (v > 0n);
    for (let i = 0; i < septets.length - 1; i++) septets[i]! |= 0x80;
    out.push(...septets);
  }
  return Uint8Array.from(out);
}

function decodeArcs(v: Uint8Array): bigint[] {
  const arcs: bigint[] = [];
  let cur = 0n;
  let started = false;
  for (const b of v) {
    if (!started && b === 0x80) throw new BerDecodeError('BER_BAD_VALUE', 'OID arc with a leading 0x80 octet (X.690 §8.19.2)');
    started = true;
    cur = (cur << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) {
      arcs.push(cur);
      cur = 0n;
      started = false;
    }
  }
  if (started || v.length === 0) throw new BerDecodeError('BER_BAD_VALUE', 'truncated OBJECT IDENTIFIER');
  return arcs;
}

/**
 * Arcs as numbers while every arc stays below 2^46 (so arc * 128 + 127 is exact); undefined when an
 * arc is larger or the encoding is malformed, for the BigInt path to decode or reject.
 */
function decodeNumberArcs(v: Uint8Array): number[] | undefined {
  const arcs: number[] = [];
  let cur = 0;
  let started = false;
  for (let i = 0; i < v.length; i++) {
    const b = v[i]!;
    if (!started && b === 0x80) return undefined;
    started = true;
    if (cur >= 2 ** 46) return undefined;
    cur = cur * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      arcs.push(cur);
      cur = 0;
      started = false;
    }
  }
  if (started || v.length === 0) return undefined;
  return arcs;
}

export function decodeOid(v: Uint8Array): string {
  const small = decodeNumberArcs(v);
  if (small) {
    const first = small[0]!;
    const head = first < 80 ? `${Math.floor(first / 40)}.${first % 40}` : `2.${first - 80}`;
    return small.length === 1 ? head : `${head}.${small.slice(1).join('.')}`;
  }
  const arcs = decodeArcs(v);
  const first = arcs[0]!;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join('.');
}

export function decodeRelativeOid(v: Uint8Array): string {
  return (decodeNumberArcs(v) ?? decodeArcs(v)).join('.');
}
