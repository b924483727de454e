/**
 * GeneralizedTime (ITU-T X.680 §46, the DER form of X.690 §11.7) contents.
 */
import { BerDecodeError, BerEncodeError } from './errors.ts';
import { decodeAscii, encodeAscii } from './values.ts';

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
  return decodeGeneralizedTimeUtc(v) ?? decodeGeneralizedTimeText(v);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** ASCII digits v[pos .. pos+n) as a number, or -1 if any is not a digit. */
function digitsAt(v: Uint8Array, pos: number, n: number): number {
  let r = 0;
  for (let i = pos; i < pos + n; i++) {
    const d = v[i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    r = r * 10 + d;
  }
  return r;
}

/**
 * The form our encoders and most peers write, "YYYYMMDDHHMMSS[.f{1,3}]Z" with a real calendar date,
 * years 100..9999, hours below 24: read digit by digit. Anything else (offsets, leap seconds, longer
 * fractions, odd dates) returns undefined and takes the general path below, which defines the result.
 */
function decodeGeneralizedTimeUtc(v: Uint8Array): Date | undefined {
  const n = v.length;
  if (n < 15 || v[n - 1] !== 0x5a) return undefined; // 'Z'
  let ms = 0;
  if (n > 15) {
    const fracDigits = n - 16;
    if (v[14] !== 0x2e || fracDigits < 1 || fracDigits > 3) return undefined; // '.'
    const f = digitsAt(v, 15, fracDigits);
    if (f < 0) return undefined;
    ms = f * 10 ** (3 - fracDigits);
  }
  const year = digitsAt(v, 0, 4);
  const month = digitsAt(v, 4, 2);
  const day = digitsAt(v, 6, 2);
  const hour = digitsAt(v, 8, 2);
  const minute = digitsAt(v, 10, 2);
  const second = digitsAt(v, 12, 2);
  if (year < 100 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > DAYS_IN_MONTH[month - 1]! + (month === 2 && leap ? 1 : 0)) return undefined;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
}

function decodeGeneralizedTimeText(v: Uint8Array): Date {
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
