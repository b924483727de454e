/**
 * Value readers of the PS-PDU fast path (fast-decode.ts): each reads exactly what the generic readers
 * of ber-util.ts / ber/*.ts accept for the common forms and throws FALLBACK for anything else, so the
 * generic decoder decides those octets (X.690 §8.3 INTEGER, X.680 §46 GeneralizedTime, §41.4 PrintableString).
 */
import { decodeBigInt, decodeRelativeOid } from '../ber/index.ts';
import type { MicroSecondTimeStamp } from './types.ts';

/** Thrown inside the fast path to hand the PDU to the generic decoder; never escapes this module. */
export const FALLBACK = new Error('PS-PDU fast path: generic decoder needed');

/** INTEGER contents (X.690 §8.3) as decodeInteger computes them, for 1..6 octets; else the generic path. */
export function int(b: Uint8Array, s: number, e: number, min = -Infinity, max = Infinity): number {
  const n = e - s;
  if (n < 1 || n > 6) throw FALLBACK;
  const b0 = b[s]!;
  let r = b0 & 0x80 ? b0 - 256 : b0;
  for (let i = s + 1; i < e; i++) r = r * 256 + b[i]!;
  if (r < min || r > max) throw FALLBACK;
  return r;
}

/**
 * Octet strings of up to SLAB_MAX octets are copied into a shared slab (as the template's encoder
 * does with records, template.ts) instead of each getting an ArrayBuffer of its own: a backing store
 * per value (malloc, sweeping) was the dearest step of decoding a PDU at line rate. A value is still a
 * copy (writing into it changes neither the received octets nor another value) and a plain
 * Uint8Array; its `.buffer` holds other values too, so code uses the view (offset, length), never
 * the whole `.buffer` (structuredClone or postMessage of a value would copy its whole slab). A slab is
 * never written again once full.
 */
const SLAB_SIZE = 16 * 1024;
const SLAB_MAX = 1024;
let slab = new Uint8Array(SLAB_SIZE);
let slabAt = 0;

/** A copy of the contents as a plain Uint8Array (the input may be a Buffer), as copyBytes does. */
export function octets(b: Uint8Array, s: number, e: number): Uint8Array {
  const n = e - s;
  if (n > SLAB_MAX) return new Uint8Array(b.subarray(s, e));
  if (slabAt + n > SLAB_SIZE) {
    slab = new Uint8Array(SLAB_SIZE);
    slabAt = 0;
  }
  const at = slabAt;
  slab.set(new Uint8Array(b.buffer, b.byteOffset + s, n), at);
  slabAt = at + n;
  return new Uint8Array(slab.buffer, at, n);
}

/** ASCII digits b[pos .. pos+n) as a number, or -1. */
function digits(b: Uint8Array, pos: number, n: number): number {
  let r = 0;
  for (let i = pos; i < pos + n; i++) {
    const d = b[i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    r = r * 10 + d;
  }
  return r;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** The "YYYYMMDDHHMMSS" octets last read and their time: consecutive PDUs mostly share the second. */
const secondKey = new Uint8Array(14);
let secondMs = NaN;

/**
 * GeneralizedTime "YYYYMMDDHHMMSS[.f{1,3}]Z" (X.680 §46, the form the template writes) with the checks
 * of ber/time.ts decodeGeneralizedTimeUtc; any other form (offsets, other fractions, odd dates) takes
 * the generic path, whose text parser defines the result.
 */
export function time(b: Uint8Array, s: number, e: number): Date {
  const n = e - s;
  if (n < 15 || b[e - 1] !== 0x5a) throw FALLBACK;
  let ms = 0;
  if (n > 15) {
    const k = n - 16;
    if (b[s + 14] !== 0x2e || k < 1 || k > 3) throw FALLBACK;
    const f = digits(b, s + 15, k);
    if (f < 0) throw FALLBACK;
    ms = f * 10 ** (3 - k);
  }
  let same = secondMs === secondMs; // not NaN
  for (let i = 0; same && i < 14; i++) same = secondKey[i] === b[s + i];
  if (!same) {
    const year = digits(b, s, 4);
    const month = digits(b, s + 4, 2);
    const day = digits(b, s + 6, 2);
    const hour = digits(b, s + 8, 2);
    const minute = digits(b, s + 10, 2);
    const second = digits(b, s + 12, 2);
    if (year < 100 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) throw FALLBACK;
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (day > DAYS_IN_MONTH[month - 1]! + (month === 2 && leap ? 1 : 0)) throw FALLBACK;
    secondMs = Date.UTC(year, month - 1, day, hour, minute, second, 0);
    for (let i = 0; i < 14; i++) secondKey[i] = b[s + i]!;
  }
  return new Date(secondMs + ms);
}

/** PrintableString characters (X.680 §41.4), as ber-util's readPrintable accepts them. */
export function printable(b: Uint8Array, s: number, e: number, min: number, max: number): string {
  if (e - s < min || e - s > max) throw FALLBACK;
  let out = '';
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    const ok = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x2b && c <= 0x3a) || c === 0x20 || c === 0x27 || c === 0x28 || c === 0x29 || c === 0x3d || c === 0x3f;
    if (!ok) throw FALLBACK;
    out += String.fromCharCode(c);
  }
  return out;
}

// The contents of the last TLV read by tlv(): start and end (module state: no allocation per TLV).
export let vs = 0;
export let ve = 0;

/**
 * Reads the TLV at `p` inside `[p, end)`: single-octet identifier (tag number < 31, X.690 §8.1.2.2),
 * definite length in short or long form up to 3 octets (§8.1.3.4–5). Any other form, or contents
 * running past `end`, takes the generic path (which accepts it or raises the typed error).
 */
export function tlv(b: Uint8Array, p: number, end: number): number {
  if (p + 2 > end) throw FALLBACK;
  const t = b[p]!;
  if ((t & 0x1f) === 0x1f) throw FALLBACK;
  let l = b[p + 1]!;
  let s = p + 2;
  if (l & 0x80) {
    const n = l & 0x7f;
    if (n === 0 || n > 3 || s + n > end) throw FALLBACK;
    l = 0;
    for (let i = 0; i < n; i++) l = l * 256 + b[s++]!;
  }
  if (s + l > end) throw FALLBACK;
  vs = s;
  ve = s + l;
  return t;
}

/** `MicroSecondTimeStamp ::= SEQUENCE { seconds [0] INTEGER (0..2^64-1), microSeconds [1] INTEGER (0..999999) }` exactly. */
export function micro(b: Uint8Array, s: number, e: number): MicroSecondTimeStamp {
  if (tlv(b, s, e) !== 0x80) throw FALLBACK;
  const seconds = decodeBigInt(b.subarray(vs, ve));
  if (seconds < 0n || seconds > 0xffffffffffffffffn) throw FALLBACK;
  if (tlv(b, ve, e) !== 0x81 || ve !== e) throw FALLBACK;
  return { seconds, microSeconds: int(b, vs, ve, 0, 999999) };
}

/** RELATIVE-OID contents last decoded (the CC object identifiers repeat in every PDU). */
let relOidKey: Uint8Array = new Uint8Array(0);
let relOidText = '';

export function relOid(b: Uint8Array, s: number, e: number): string {
  const n = e - s;
  let same = relOidKey.length === n && n > 0;
  for (let i = 0; same && i < n; i++) same = relOidKey[i] === b[s + i];
  if (!same) {
    relOidText = decodeRelativeOid(b.subarray(s, e));
    relOidKey = octets(b, s, e);
  }
  return relOidText;
}
