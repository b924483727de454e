/**
 * Primitive value codecs, ITU-T X.690 §8.2 (BOOLEAN), §8.3 (INTEGER), §8.4 (ENUMERATED),
 * §8.23 (restricted strings). OBJECT IDENTIFIER is in oid.ts, GeneralizedTime in time.ts.
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
