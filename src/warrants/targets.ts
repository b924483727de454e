/**
 * Target identity checks for warrants: exact TS 103 280 identities only. A warrant may never name a
 * wildcard, a pattern, a range, an address prefix or "all subscribers" (issue #4).
 *
 * Two layers: the warrant-policy checks below (wildcards, ranges, "all", prefixes shorter than a
 * full address, domain-only URIs: each with its precise WARRANT_TARGET_* code), then the shared
 * TS 103 280 parser `parseTargetIdentifier` (src/standards/identifiers), whose normalised value is
 * the one that goes into the canonical bytes.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { parseTargetIdentifier } from '../standards/identifiers/index.ts';
import type { TargetIdentifier, TargetIdentifierKind } from '../standards/identifiers/types.ts';
import { WarrantError } from './errors.ts';

export const TARGET_KINDS: readonly TargetIdentifierKind[] = [
  'e164Number',
  'imsi',
  'imei',
  'imeisv',
  'sipUri',
  'telUri',
  'ipv4Address',
  'ipv6Address',
  'ipv4Cidr',
  'ipv6Cidr',
  'emailAddress',
  'nai',
  'supiNai',
  'gpsiNai',
];

/** Characters and words that mean "more than one identity" in some notation or other. */
const WILDCARD = /[*?%#[\]{}^$|\\,;]|\.\.|\s/;
const ALL_WORDS = /^(all|any|every|none|null|undefined|-)$/i;
/** A digit range such as "4477009000-4477009999" or "44770090[0-9]". */
const DIGIT_RANGE = /^\+?\d+\s*[-–~]\s*\+?\d+$/;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function invalid(index: number, kind: string, why: string): WarrantError {
  return new WarrantError('WARRANT_TARGET_INVALID', `target ${index} (${kind}): ${why}`, { details: { index, kind } });
}
function tooBroad(index: number, kind: string, why: string): WarrantError {
  return new WarrantError('WARRANT_TARGET_TOO_BROAD', `target ${index} (${kind}): ${why}`, { details: { index, kind } });
}

function userAtRealm(index: number, kind: string, v: string, scheme = ''): string {
  const body = v.slice(scheme.length);
  const at = body.lastIndexOf('@');
  if (at <= 0 || at === body.length - 1) {
    // A realm/domain alone designates every user of it.
    if (at === -1 && /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(body)) throw tooBroad(index, kind, 'a domain alone names every user');
    throw invalid(index, kind, 'expected user@realm');
  }
  const user = body.slice(0, at);
  const realm = body.slice(at + 1).toLowerCase();
  if (!/^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/.test(realm) || realm.includes('..')) throw invalid(index, kind, 'bad realm');
  if (/[\s@<>"]/.test(user) || user.length > 256) throw invalid(index, kind, 'bad user part');
  return `${scheme}${user}@${realm}`;
}

function normaliseIpv6(v: string): string {
  // The WHATWG URL parser yields RFC 5952 compressed lower-case text.
  return new URL(`http://[${v}]/`).hostname.slice(1, -1);
}

/**
 * Returns the normalised identity, or throws WARRANT_TARGET_WILDCARD / _TOO_BROAD / _INVALID.
 * `index` only labels the error (details never carry the identity itself).
 */
export function normaliseTarget(target: TargetIdentifier, index = 0): TargetIdentifier {
  const kind = target.kind;
  if (!TARGET_KINDS.includes(kind)) throw invalid(index, kind, 'unknown identifier kind');
  if (typeof target.value !== 'string') throw invalid(index, kind, 'value must be a string');
  const raw = target.value.trim();
  if (raw.length === 0 || ALL_WORDS.test(raw)) throw tooBroad(index, kind, 'empty or "all" is not an identity');
  if (WILDCARD.test(raw)) throw new WarrantError('WARRANT_TARGET_WILDCARD', `target ${index} (${kind}): wildcard or pattern characters`, { details: { index, kind } });
  if (DIGIT_RANGE.test(raw)) throw new WarrantError('WARRANT_TARGET_WILDCARD', `target ${index} (${kind}): a range is not an identity`, { details: { index, kind } });
  if (raw.length > 512) throw invalid(index, kind, 'too long');
  const local = normaliseValue(kind, raw, index);
  return sharedParse(kind, local, index);
}

/** Exact identities only: CIDR kinds must be a single address (TS 103 280 allows prefixes; we don't). */
const EXACT_ONLY = { minIpv4Prefix: 32, minIpv6Prefix: 128 };

function sharedParse(kind: TargetIdentifierKind, value: string, index: number): TargetIdentifier {
  try {
    return parseTargetIdentifier(kind, value, { cidrPolicy: EXACT_ONLY });
  } catch (cause) {
    const code = typeof cause === 'object' && cause !== null ? String((cause as { code?: unknown }).code) : '';
    const details = { index, kind, identifierCode: code };
    if (code === 'IDENTIFIER_WILDCARD' || code === 'IDENTIFIER_RANGE') {
      throw new WarrantError('WARRANT_TARGET_WILDCARD', `target ${index} (${kind}): not an exact identity`, { cause, details });
    }
    if (code === 'IDENTIFIER_TOO_BROAD' || code === 'CIDR_BAD_PREFIX') {
      throw new WarrantError('WARRANT_TARGET_TOO_BROAD', `target ${index} (${kind}): designates more than one subscriber`, { cause, details });
    }
    throw new WarrantError('WARRANT_TARGET_INVALID', `target ${index} (${kind}): ${code || 'invalid'}`, { cause, details });
  }
}

function normaliseValue(kind: TargetIdentifierKind, raw: string, index: number): string {
  switch (kind) {
    case 'e164Number': {
      const v = raw.startsWith('+') ? raw.slice(1) : raw;
      // ITU-T E.164 §6: at most 15 digits; fewer than 5 cannot be a subscriber number.
      if (!/^[1-9]\d{4,14}$/.test(v)) throw invalid(index, kind, 'expected 5-15 digits, no leading zero');
      return v;
    }
    case 'imsi':
      // TS 23.003 §2.2: MCC(3)+MNC(2-3)+MSIN, at most 15 digits.
      if (!/^\d{14,15}$/.test(raw)) throw invalid(index, kind, 'expected 14-15 digits');
      return raw;
    case 'imei':
      // TS 23.003 §6.2.1: 14 digits, or 15 with the Luhn check digit.
      if (/^\d{14}$/.test(raw)) return raw;
      if (/^\d{15}$/.test(raw) && luhnValid(raw)) return raw;
      throw invalid(index, kind, 'expected 14 digits or 15 with a valid check digit');
    case 'imeisv':
      if (!/^\d{16}$/.test(raw)) throw invalid(index, kind, 'expected 16 digits');
      return raw;
    case 'telUri': {
      if (!/^tel:\+[1-9]\d{4,14}$/i.test(raw)) throw invalid(index, kind, 'expected tel:+<E.164>');
      return `tel:${raw.slice(4)}`;
    }
    case 'sipUri': {
      const m = /^(sips?):/i.exec(raw);
      if (!m) throw invalid(index, kind, 'expected sip: or sips:');
      const scheme = `${m[1]!.toLowerCase()}:`;
      return userAtRealm(index, kind, scheme + raw.slice(scheme.length), scheme);
    }
    case 'emailAddress':
    case 'nai':
    case 'supiNai':
    case 'gpsiNai':
      return userAtRealm(index, kind, raw);
    case 'ipv4Address':
      if (!isIPv4(raw)) throw invalid(index, kind, 'not an IPv4 address');
      if (raw === '0.0.0.0' || raw === '255.255.255.255') throw tooBroad(index, kind, 'unspecified/broadcast address');
      return raw;
    case 'ipv6Address':
      if (!isIPv6(raw)) throw invalid(index, kind, 'not an IPv6 address');
      if (normaliseIpv6(raw) === '::') throw tooBroad(index, kind, 'unspecified address');
      return normaliseIpv6(raw);
    case 'ipv4Cidr':
    case 'ipv6Cidr': {
      const slash = raw.indexOf('/');
      const addr = slash < 0 ? raw : raw.slice(0, slash);
      const prefix = slash < 0 ? NaN : Number(raw.slice(slash + 1));
      const v4 = kind === 'ipv4Cidr';
      const full = v4 ? 32 : 128;
      if (!(v4 ? isIPv4(addr) : isIPv6(addr)) || !Number.isInteger(prefix) || prefix < 0 || prefix > full) {
        throw invalid(index, kind, 'expected address/prefix');
      }
      // A prefix shorter than the address designates many subscribers: never allowed (issue #4).
      if (prefix !== full) throw tooBroad(index, kind, `prefix /${prefix} covers more than one address`);
      return `${v4 ? addr : normaliseIpv6(addr)}/${prefix}`;
    }
  }
}

/** Stable key for comparing identities (kind + normalised value). */
export function targetKey(t: TargetIdentifier): string {
  return `${t.kind}\u0000${t.value}`;
}
