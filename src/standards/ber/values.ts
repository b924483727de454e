/**
 * Primitive value codecs, ITU-T X.690 §8.2 (BOOLEAN), §8.3 (INTEGER), §8.4 (ENUMERATED),
 * §8.19 (OBJECT IDENTIFIER), §8.23 (restricted strings), X.680 §46 (GeneralizedTime).
 */
import { BerDecodeError, BerEncodeError } from './errors.ts';

const utf8 = new TextEncoder();
const utf8Dec = new TextDecoder('utf-8', { fatal: true });

/** Minimal two's-complement INTEGER contents (X.690 §8.3.2). Numbers take a float-arithmetic path. */
export function encodeInteger(v: number | bigint): Uint8Array {
  if (typeof v === 'number') {
    // Safe integers are exact in a double: no BigInt needed. Anything else goes the BigInt way, which
    // keeps the old behaviour (RangeError for a fraction, exact octets for a large integral double).
    if (Number.isSafeInteger(v)) return encodeSafeInteger(v);
    return encodeBigInteger(BigInt(v));
  }
  if (v >= MIN_SAFE && v <= MAX_SAFE) return encodeSafeInteger(Number(v));
  return encodeBigInteger(v);
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function encodeSafeInteger(v: number): Uint8Array {
  if (v >= -128 && v < 128) return Uint8Array.of(v & 0xff);
  // n octets hold -2^(8n-1) .. 2^(8n-1)-1; a safe integer needs at most 7.
  let n = 2;
  for (let lim = 0x8000; v >= lim || v < -lim; lim *= 256) n++;
  const out = new Uint8Array(n);
  let r = v;
  for (let i = n - 1; i >= 0; i--) {
    const q = Math.floor(r / 256);
    out[i] = r - q * 256; // 0..255 for negative r too (floor division)
    r = q;
  }
  return out;
}

function encodeBigInteger(v: bigint): Uint8Array {
  let b = v;
  if (b >= -128n && b < 128n) return Uint8Array.of(Number(BigInt.asUintN(8, b)));
  const bytes: number[] = [];
  for (;;) {
    const byte = Number(BigInt.asUintN(8, b));
    bytes.push(byte);
    b >>= 8n;
    if ((b === 0n && (byte & 0x80) === 0) || (b === -1n && (byte & 0x80) !== 0)) break;
  }
  return Uint8Array.from(bytes.reverse());
}

export function decodeBigInt(v: Uint8Array): bigint {
  if (v.length === 0) throw new BerDecodeError('BER_BAD_VALUE', 'INTEGER with no contents octets (X.690 §8.3.1)');
  let r = 0n;
  for (const b of v) r = (r << 8n) | BigInt(b);
  if ((v[0]! & 0x80) !== 0) r -= 1n << BigInt(8 * v.length);
  return r;
}

/** INTEGER as a JS number; throws when it is not a safe integer. */
export function decodeInteger(v: Uint8Array): number {
  if (v.length === 0) throw new BerDecodeError('BER_BAD_VALUE', 'INTEGER with no contents octets (X.690 §8.3.1)');
  if (v.length <= 6) {
    const b0 = v[0]!;
    let r = b0 & 0x80 ? b0 - 256 : b0;
    for (let i = 1; i < v.length; i++) r = r * 256 + v[i]!;
    return r;
  }
  const b = decodeBigInt(v);
  if (b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(Number.MIN_SAFE_INTEGER))
    throw new BerDecodeError('BER_BAD_VALUE', 'INTEGER beyond the safe range of a number');
  return Number(b);
}

export function encodeBoolean(v: boolean): Uint8Array {
  return Uint8Array.of(v ? 0xff : 0x00);
}

export function decodeBoolean(v: Uint8Array): boolean {
  if (v.length !== 1) throw new BerDecodeError('BER_BAD_VALUE', 'BOOLEAN must have one contents octet (X.690 §8.2.1)');
  return v[0] !== 0;
}

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

export function decodeOid(v: Uint8Array): string {
  const arcs = decodeArcs(v);
  const first = arcs[0]!;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join('.');
}

export function decodeRelativeOid(v: Uint8Array): string {
  return decodeArcs(v).join('.');
}

export function encodeUtf8(s: string): Uint8Array {
  return utf8.encode(s);
}

export function decodeUtf8(v: Uint8Array): string {
  try {
    return utf8Dec.decode(v);
  } catch (cause) {
    throw new BerDecodeError('BER_BAD_VALUE', 'invalid UTF-8 in a string value', { cause });
  }
}

/** PrintableString / IA5String / NumericString / VisibleString contents: ASCII only. */
export function decodeAscii(v: Uint8Array): string {
  for (const b of v) if (b > 0x7e || (b < 0x20 && b !== 0x0a && b !== 0x0d)) throw new BerDecodeError('BER_BAD_VALUE', 'non-ASCII octet in a string value');
  return String.fromCharCode(...v);
}

export function encodeAscii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7e) throw new BerEncodeError('BER_ENCODE', 'non-ASCII character in an ASCII string type');
    out[i] = c;
  }
  return out;
}

/**
 * GeneralizedTime in UTC with milliseconds, "YYYYMMDDHHMMSS.mmmZ" (X.680 §46.2; the DER form of
 * X.690 §11.7 drops trailing zeros of the fraction, which we follow).
 */
export function encodeGeneralizedTime(d: Date): Uint8Array {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new BerEncodeError('BER_ENCODE', 'invalid date');
  const year = d.getUTCFullYear();
  // Four-digit years are written digit by digit; others keep the ISO-string path (and its output).
  if (year < 0 || year > 9999) return encodeGeneralizedTimeIso(d);
  const ms = d.getUTCMilliseconds();
  const fracDigits = ms === 0 ? 0 : ms % 100 === 0 ? 1 : ms % 10 === 0 ? 2 : 3;
  const out = new Uint8Array(14 + (fracDigits ? 1 + fracDigits : 0) + 1);
  put(out, 0, year, 4);
  put(out, 4, d.getUTCMonth() + 1, 2);
  put(out, 6, d.getUTCDate(), 2);
  put(out, 8, d.getUTCHours(), 2);
  put(out, 10, d.getUTCMinutes(), 2);
  put(out, 12, d.getUTCSeconds(), 2);
  let pos = 14;
  if (fracDigits) {
    out[pos++] = 0x2e; // '.'
    put(out, pos, Math.floor(ms / 10 ** (3 - fracDigits)), fracDigits);
    pos += fracDigits;
  }
  out[pos] = 0x5a; // 'Z'
  return out;
}

/** Writes `v` as `width` ASCII decimal digits at `pos`, zero-padded. */
function put(out: Uint8Array, pos: number, v: number, width: number): void {
  for (let i = pos + width - 1; i >= pos; i--) {
    out[i] = 0x30 + (v % 10);
    v = Math.floor(v / 10);
  }
}

function encodeGeneralizedTimeIso(d: Date): Uint8Array {
  const iso = d.toISOString(); // 2024-01-02T03:04:05.678Z
  let frac = iso.slice(20, 23).replace(/0+$/, '');
  frac = frac ? `.${frac}` : '';
  const s = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}${frac}Z`;
  return encodeAscii(s);
}

const GT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{4})?$/;

export function decodeGeneralizedTime(v: Uint8Array): Date {
  const s = decodeAscii(v);
  const m = GT.exec(s);
  if (!m) throw new BerDecodeError('BER_BAD_VALUE', `invalid GeneralizedTime "${s}"`);
  const [, y, mo, d, h, mi = '00', se = '00', frac = '', zone = 'Z'] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${se}.${String(ms).padStart(3, '0').slice(0, 3)}${offset}`);
  if (Number.isNaN(date.getTime())) throw new BerDecodeError('BER_BAD_VALUE', `invalid GeneralizedTime "${s}"`);
  return date;
}
