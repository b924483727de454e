/**
 * XSD simple types used by HI-1 (TS 103 280 XSD and TS 103 120 Common/Core), checked identically by
 * the decoder (received values) and the encoder (values about to be sent, §9.2.1: "The Sender and
 * Receiver shall only send messages that are successfully validated against the schema").
 * Token-typed values (xs:token restrictions) have surrounding whitespace collapsed; strings are kept.
 */
import { hi1Fail } from './errors.ts';

function bad(where: string, what: string): never {
  hi1Fail('HI1_BAD_VALUE', `${where}: not a valid ${what}`, { element: where });
}

function check(re: RegExp, what: string) {
  return (s: string, where: string): string => {
    const v = s.trim();
    if (!re.test(v)) bad(where, what);
    return v;
  };
}

function dateParts(v: string, where: string, what: string): string {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})/u.exec(v);
  if (m === null) bad(where, what);
  const [mo, d, h, mi, se] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  const dim = new Date(Date.UTC(Number(m[1]), mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > dim || h > 23 || mi > 59 || se > 59) bad(where, what);
  return v;
}

export const v = {
  /** TS 103 280 §6.28 ISOCountryCode. */
  countryCode: check(/^[A-Z]{2}$/u, 'ISO 3166-1 alpha-2 country code (two capital letters)'),
  /** TS 103 280 §6.27 UUID (lowercase canonical form). */
  uuid: check(/^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/u, 'lowercase RFC 4122 UUID'),
  /** TS 103 280 §6.4 QualifiedDateTime. */
  qualifiedDateTime: (s: string, where: string): string => {
    const t = check(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})$/u, 'QualifiedDateTime')(s, where);
    return dateParts(t, where, 'QualifiedDateTime');
  },
  /** TS 103 280 §6.5 QualifiedMicrosecondDateTime. */
  qualifiedMicrosecondDateTime: (s: string, where: string): string => {
    const t = check(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}(Z|[+-][0-9]{2}:[0-9]{2})$/u, 'QualifiedMicrosecondDateTime')(s, where);
    return dateParts(t, where, 'QualifiedMicrosecondDateTime');
  },
  /** Common ETSIVersion "VX.Y.Z". */
  etsiVersion: check(/^V\d+\.\d+\.\d+$/u, 'ETSIVersion (VX.Y.Z)'),
  /** TS 103 280 §6.1 LIID (xs:normalizedString: kept exactly). */
  liid: (s: string, where: string): string => {
    if (!/^(?:[!-~]{1,25}|[0-9a-f]{26,50})$/u.test(s)) bad(where, 'LIID');
    return s;
  },
  /** TS 103 280 §6.48 LDID. */
  ldid: (s: string, where: string): string => {
    if (!/^[A-Z]{2}-.+-.+$/su.test(s)) bad(where, 'LDID');
    return s;
  },
  internationalE164: check(/^[0-9]{1,15}$/u, 'InternationalE164'),
  internationalizedEmail: (s: string, where: string): string => {
    if (!/^.+@.+$/su.test(s) || s.length > 255) bad(where, 'InternationalizedEmailAddress');
    return s;
  },
  emailAddress: check(
    /^[a-zA-Z0-9.!#$%&'*+\\/=?^_`{|}~-]+@[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/u,
    'EmailAddress',
  ),
  ipv4Address: check(/^((25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])$/u, 'IPv4Address'),
  /** TS 103 280 §6.13: fully expanded lowercase. */
  ipv6Address: check(/^([0-9a-f]{4}:){7}[0-9a-f]{4}$/u, 'IPv6Address (fully expanded, lowercase)'),
  language: check(/^[a-z]{2}$/u, 'ISO 639-1 language code'),
  shortString: (s: string, where: string): string => {
    if (s.length > 255) bad(where, 'ShortString (at most 255 characters)');
    return s;
  },
  longString: (s: string, where: string): string => {
    if (s.length > 65535) bad(where, 'LongString (at most 65535 characters)');
    return s;
  },
  nonNegativeInteger: (s: string, where: string): number => {
    const t = check(/^\+?[0-9]{1,15}$/u, 'non-negative integer')(s, where);
    return Number(t);
  },
  positiveInteger: (s: string, where: string): number => {
    const n = v.nonNegativeInteger(s, where);
    if (n < 1) bad(where, 'positive integer');
    return n;
  },
  /** TS 103 280 TCPPort: 1 < port <= 65535 (minExclusive 1). */
  tcpPort: (s: string, where: string): number => {
    const n = v.nonNegativeInteger(s, where);
    if (n < 2 || n > 65535) bad(where, 'TCPPort');
    return n;
  },
  udpPort: (s: string, where: string): number => {
    const n = v.nonNegativeInteger(s, where);
    if (n > 65535) bad(where, 'UDPPort');
    return n;
  },
  boolean: (s: string, where: string): boolean => {
    const t = s.trim();
    if (t === 'true' || t === '1') return true;
    if (t === 'false' || t === '0') return false;
    return bad(where, 'boolean');
  },
  base64: (s: string, where: string): Uint8Array => {
    const t = s.replace(/[ \t\r\n]/gu, '');
    if (t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/u.test(t)) bad(where, 'base64Binary');
    return new Uint8Array(Buffer.from(t, 'base64'));
  },
};

export function base64Encode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
