/**
 * One entry point per kind: `parseTargetIdentifier(kind, raw)` returns the normalised identity or
 * throws an IdentifierError. `detectTargetIdentifier(raw)` guesses the kind only where the text cannot
 * mean anything else; otherwise it refuses with IDENTIFIER_AMBIGUOUS (never guess a target).
 */
import { fail, IdentifierError } from './errors.ts';
import { guardRaw } from './guards.ts';
import { parseE164, parseImei, parseImeisv, parseImsi } from './digits.ts';
import { DEFAULT_CIDR_POLICY, parseIpv4Address, parseIpv4Cidr, parseIpv6Address, parseIpv6Cidr, type CidrPolicy } from './ip.ts';
import { parseEmailAddress, parseNai, parseSipUri, parseTelUri } from './uri.ts';
import { parseGpsi, parsePei, parseSupi } from './fiveg.ts';
import type { TargetIdentifier, TargetIdentifierKind } from './types.ts';

export interface ParseOptions {
  /** Breadth limit for CIDR targets (default DEFAULT_CIDR_POLICY: /24 and /48). */
  cidrPolicy?: CidrPolicy;
}

/** Every kind, in a stable order (for UIs, tests and exhaustiveness checks). */
export const TARGET_IDENTIFIER_KINDS: readonly TargetIdentifierKind[] = [
  'e164Number', 'imsi', 'imei', 'imeisv', 'sipUri', 'telUri', 'ipv4Address', 'ipv6Address',
  'ipv4Cidr', 'ipv6Cidr', 'emailAddress', 'nai', 'supiNai', 'gpsiNai',
];

export function parseTargetIdentifier(kind: TargetIdentifierKind, raw: string, options: ParseOptions = {}): TargetIdentifier {
  const policy = options.cidrPolicy ?? DEFAULT_CIDR_POLICY;
  const k: string = kind;
  switch (kind) {
    case 'e164Number': return { kind, value: parseE164(raw) };
    case 'imsi': return { kind, value: parseImsi(raw) };
    case 'imei': return { kind, value: parseImei(raw) };
    case 'imeisv': return { kind, value: parseImeisv(raw) };
    case 'sipUri': return { kind, value: parseSipUri(raw) };
    case 'telUri': return { kind, value: parseTelUri(raw) };
    case 'ipv4Address': return { kind, value: parseIpv4Address(raw) };
    case 'ipv6Address': return { kind, value: parseIpv6Address(raw) };
    case 'ipv4Cidr': return { kind, value: parseIpv4Cidr(raw, policy) };
    case 'ipv6Cidr': return { kind, value: parseIpv6Cidr(raw, policy) };
    case 'emailAddress': return { kind, value: parseEmailAddress(raw) };
    case 'nai': return { kind, value: parseNai(raw) };
    case 'supiNai': return { kind, value: parseNai(raw, 'SUPI_BAD_FORMAT') };
    case 'gpsiNai':
      if (!guardRaw(raw, { maxLength: 253 }).includes('@')) fail('GPSI_BAD_FORMAT', 'GPSI external identifier must be local-identifier@domain');
      return { kind, value: parseNai(raw, 'GPSI_BAD_FORMAT') };
    default:
      return fail('IDENTIFIER_UNKNOWN_KIND', 'unknown target identifier kind', { kind: k });
  }
}

/** Re-validates an identity from storage or another component; returns it normalised. */
export function normaliseTargetIdentifier(id: TargetIdentifier, options: ParseOptions = {}): TargetIdentifier {
  return parseTargetIdentifier(id.kind, id.value, options);
}

export function isValidTargetIdentifier(kind: TargetIdentifierKind, raw: string, options: ParseOptions = {}): boolean {
  try {
    parseTargetIdentifier(kind, raw, options);
    return true;
  } catch (e) {
    if (e instanceof IdentifierError) return false;
    throw e;
  }
}

/**
 * Detects the kind where the text is unambiguous: URI schemes (sip:, sips:, tel:), 5G prefixes
 * (imsi-, nai-, imei-, imeisv-, msisdn-, extid-), IP addresses and CIDRs, "+digits" (E.164) and
 * 16 digits (IMEISV). Bare digit strings of other lengths (IMSI vs IMEI vs national numbers) and
 * user@domain (e-mail vs NAI) are IDENTIFIER_AMBIGUOUS: the caller must name the kind.
 */
export function detectTargetIdentifier(raw: string, options: ParseOptions = {}): TargetIdentifier {
  const value = guardRaw(raw, { maxLength: 260 });
  const lower = value.toLowerCase();
  if (/^sips?:/u.test(lower)) return parseTargetIdentifier('sipUri', value, options);
  if (lower.startsWith('tel:')) return parseTargetIdentifier('telUri', value, options);
  if (/^(imsi|nai)-/u.test(lower)) return parseSupi(value);
  if (/^(imei|imeisv)-/u.test(lower)) return parsePei(value);
  if (/^(msisdn|extid)-/u.test(lower)) return parseGpsi(value);
  if (/^[0-9.]+\/[0-9]+$/u.test(value)) return parseTargetIdentifier('ipv4Cidr', value, options);
  if (/^[0-9a-f:.]+\/[0-9]+$/iu.test(value) && value.includes(':')) return parseTargetIdentifier('ipv6Cidr', value, options);
  if (/^[0-9]{1,3}(\.[0-9]{1,3}){3}$/u.test(value)) return parseTargetIdentifier('ipv4Address', value, options);
  if (/^[0-9a-f:.]+$/iu.test(value) && (value.match(/:/gu) ?? []).length >= 2) return parseTargetIdentifier('ipv6Address', value, options);
  if (/^\+[0-9 -]+$/u.test(value)) return parseTargetIdentifier('e164Number', value, options);
  const digits = value.replace(/[ -]/gu, '');
  if (/^[0-9]+$/u.test(digits)) {
    if (digits.length === 16) return parseTargetIdentifier('imeisv', value, options);
    const candidates = (['e164Number', 'imsi', 'imei'] as const).filter((k) => isValidTargetIdentifier(k, value, options));
    if (candidates.length === 0) fail('IDENTIFIER_UNRECOGNISED', 'digits match no identity format');
    fail('IDENTIFIER_AMBIGUOUS', 'bare digits could be several identity kinds: give the kind', { candidates });
  }
  if (value.includes('@')) {
    const candidates = (['emailAddress', 'nai'] as const).filter((k) => isValidTargetIdentifier(k, value, options));
    if (candidates.length === 0) fail('IDENTIFIER_UNRECOGNISED', 'user@domain value matches neither e-mail nor NAI');
    fail('IDENTIFIER_AMBIGUOUS', 'user@domain could be an e-mail address or an NAI: give the kind', { candidates });
  }
  return fail('IDENTIFIER_UNRECOGNISED', 'value matches no identity format that can be detected');
}
