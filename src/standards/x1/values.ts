/**
 * Checks for the XSD simple types X1 uses (TS 103 221-1 XSD, TS 103 280 XSD). Shared by the decoder
 * (values read from XML, after XSD whitespace handling) and the encoder (so it never emits a
 * document the XSD rejects). Errors name the element path, never the value.
 */
import { X1BadTimestampError, X1BadUuidError, X1SchemaError, X1UnsupportedVersionError } from './errors.ts';
import { X1_SUPPORTED_VERSION } from './constants.ts';
import { expandIpv6Groups, parseIpv6Groups } from '../ip-text.ts';

/** XSD whiteSpace="collapse" (xs:token and every type derived from it, numbers, booleans, dateTime). */
export function collapse(s: string): string {
  return s.replace(/[\t\n\r ]+/g, ' ').trim();
}

/** TS 103 280 UUID: lower-case only (XSD pattern [a-f0-9]{8}-...). */
const UUID = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;
export function checkUuid(v: string, path: string): string {
  if (!UUID.test(v)) throw new X1BadUuidError(path);
  return v;
}

/** TS 103 280 QualifiedMicrosecondDateTime, and a real date (xs:dateTime value space). */
const QMDT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}(Z|([+-])(\d{2}):(\d{2}))$/;
export function checkTimestamp(v: string, path: string): string {
  const m = QMDT.exec(v);
  if (!m) throw new X1BadTimestampError(path);
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number, number, number, number, number, number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const tzOk = m[7] === 'Z' || (Number(m[9]) <= 14 && Number(m[10]) <= 59 && (Number(m[9]) < 14 || Number(m[10]) === 0));
  // xs:dateTime allows 24:00:00 only as end-of-day; refuse it: no X1 sender needs it.
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59 || !tzOk) {
    throw new X1BadTimestampError(path);
  }
  return v;
}

/** Formats a Date as a QualifiedMicrosecondDateTime in UTC (microseconds from `micros`, default 0). */
export function x1Timestamp(date: Date, micros = 0): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid Date');
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const sub = String(micros % 1000).padStart(3, '0');
  return `${iso.slice(0, 23)}${sub}Z`;
}

export function checkVersion(v: string, path: string): string {
  if (!X1_SUPPORTED_VERSION.test(v)) throw new X1UnsupportedVersionError({ path });
  return v;
}

/** XML 1.0 Char production (no C0 controls but tab/LF/CR, no lone surrogates, no U+FFFE/FFFF). */
// eslint-disable-next-line no-control-regex
const NON_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export function checkXmlString(v: string, path: string): string {
  if (NON_XML_CHAR.test(v)) throw new X1SchemaError(`${path} contains characters XML cannot carry`, { path });
  return v;
}

/** xs:token: no leading/trailing/double spaces, no tab/CR/LF (what the encoder must emit). */
export function checkToken(v: string, path: string, allowEmpty = true): string {
  checkXmlString(v, path);
  if (collapse(v) !== v) throw new X1SchemaError(`${path} is not an xs:token (surrounding or repeated white space)`, { path });
  if (!allowEmpty && v.length === 0) throw new X1SchemaError(`${path} is empty`, { path });
  return v;
}

export function checkPattern(v: string, re: RegExp, path: string, what: string): string {
  if (!re.test(v)) throw new X1SchemaError(`${path} is not a valid ${what}`, { path });
  return v;
}

export function checkEnum<T extends string>(v: string, allowed: readonly T[], path: string): T {
  if (!(allowed as readonly string[]).includes(v)) throw new X1SchemaError(`${path} has a value outside its enumeration`, { path });
  return v as T;
}

/** xs:integer that fits a JS safe integer (X1 counters and codes), optionally bounded. */
export function parseInteger(v: string, path: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^[+-]?\d{1,16}$/.test(v)) throw new X1SchemaError(`${path} is not an integer in range`, { path });
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new X1SchemaError(`${path} is not an integer in range`, { path });
  return n;
}
export function checkInteger(n: number, path: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new X1SchemaError(`${path} is not an integer in range`, { path });
  return n;
}

export function parseBoolean(v: string, path: string): boolean {
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new X1SchemaError(`${path} is not an xs:boolean`, { path });
}

// ---- TS 103 280 patterns (XSD patterns are anchored) ------------------------------------------
const OCTET = '(25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])';
export const IPV4_ADDRESS = new RegExp(`^(${OCTET}\\.){3}${OCTET}$`);
export const IPV4_CIDR = new RegExp(`^(${OCTET}\\.){3}${OCTET}/([1-2]?[0-9]|3[0-2])$`);
/** TS 103 280 IPv6Address: the full form, 8 groups of 4 lower-case hex digits. */
export const IPV6_ADDRESS = /^([0-9a-f]{4}:){7}[0-9a-f]{4}$/;
export const IPV6_CIDR = /^([0-9a-f]{4}:){7}[0-9a-f]{4}\/(([1-9][0-9]?)|(1[0-1][0-9])|(12[0-8]))$/;
export const E164 = /^[0-9]{1,15}$/;
export const IMSI = /^[0-9]{6,15}$/;
export const IMEI = /^[0-9]{14}$/;
export const IMEI_CHECK_DIGIT = /^[0-9]{15}$/;
export const IMEISV = /^[0-9]{16}$/;
/** TS 103 280 SIPURI / TELURI: the class [a-zA-Z0-9!#$&-;=?-\[\]_~%] spelled out. */
export const SIP_URI = /^sips?:[a-zA-Z0-9!#$&-;=?-[\]_~%]+$/;
export const TEL_URI = /^tel:[a-zA-Z0-9!#$&-;=?-[\]_~%]+$/;
export const EMAIL_ADDRESS =
  /^[a-zA-Z0-9.!#$%&'*+\\/=?^_`{|}~-]+@[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
/** TS 103 280 LIID: ([!-~]{1,25})|([0-9a-f]{26,50}). */
export const LIID = /^(([!-~]{1,25})|([0-9a-f]{26,50}))$/;

/** EmailAddress is a ShortString (max 255). */
export function checkEmail(v: string, path: string): string {
  if (v.length > 255) throw new X1SchemaError(`${path} is longer than 255 characters`, { path });
  return checkPattern(v, EMAIL_ADDRESS, path, 'EmailAddress');
}

/**
 * Writes an IPv6 address in TS 103 280's full form (8 x 4 lower-case hex digits). Accepts the
 * compressed forms of RFC 4291 §2.2 (including an embedded IPv4 tail); returns undefined if invalid.
 */
export function expandIpv6(addr: string): string | undefined {
  // The dotted quad may carry leading zeros, as the TS 103 280 IPv4Address pattern allows.
  const groups = parseIpv6Groups(addr, { allowLeadingZeros: true });
  return groups === undefined ? undefined : expandIpv6Groups(groups);
}
