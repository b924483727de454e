/**
 * TS 103 120 Annex C Table C.1 target identifier formats <-> TS 103 280 identities. A received
 * TargetIdentifierValue whose FormatOwner is "ETSI" and whose FormatName maps onto a kind is parsed
 * with the identifiers module: wildcards, ranges and malformed values are refused (§8.2.6.2: "If any
 * of the Target Identifier Values are not correctly formatted, the Action should be rejected").
 */
import { Hi1Error, hi1Fail } from './errors.ts';
import { parseTargetIdentifier, ipv6Expanded, IdentifierError } from '../identifiers/index.ts';
import type { TargetIdentifier, TargetIdentifierKind, CidrPolicy } from '../identifiers/index.ts';
import type { TargetIdentifierValue } from './types.ts';

/** Annex C format names (with the pre-1.11.1 "Ipv4…" spellings that §C.2 says shall be accepted). */
const FORMAT_TO_KIND: Readonly<Record<string, TargetIdentifierKind>> = {
  InternationalE164: 'e164Number',
  IMSI: 'imsi',
  IMEI: 'imei',
  IMEICheckDigit: 'imei',
  IMEISV: 'imeisv',
  IPv4Address: 'ipv4Address',
  Ipv4Address: 'ipv4Address',
  IPv6Address: 'ipv6Address',
  Ipv6Address: 'ipv6Address',
  IPv4CIDR: 'ipv4Cidr',
  Ipv4CIDR: 'ipv4Cidr',
  IPv6CIDR: 'ipv6Cidr',
  Ipv6CIDR: 'ipv6Cidr',
  EmailAddress: 'emailAddress',
  'SIP-URI': 'sipUri',
  'TEL-URI': 'telUri',
  NAI: 'nai',
  SUPIIMSI: 'imsi',
  SUPINAI: 'supiNai',
  PEIIMEI: 'imei',
  PEIIMEICheckDigit: 'imei',
  PEIIMEISV: 'imeisv',
  GPSIMSISDN: 'e164Number',
  GPSINAI: 'gpsiNai',
};

/** The FormatName this encoder writes for each kind. */
const KIND_TO_FORMAT: Readonly<Record<TargetIdentifierKind, string>> = {
  e164Number: 'InternationalE164',
  imsi: 'IMSI',
  imei: 'IMEI', // IMEICheckDigit when 15 digits, see below
  imeisv: 'IMEISV',
  sipUri: 'SIP-URI',
  telUri: 'TEL-URI',
  ipv4Address: 'IPv4Address',
  ipv6Address: 'IPv6Address',
  ipv4Cidr: 'IPv4CIDR',
  ipv6Cidr: 'IPv6CIDR',
  emailAddress: 'EmailAddress',
  nai: 'NAI',
  supiNai: 'SUPINAI',
  gpsiNai: 'GPSINAI',
};

const EXACT_KINDS: ReadonlySet<TargetIdentifierKind> = new Set<TargetIdentifierKind>([
  'e164Number', 'imsi', 'imei', 'imeisv', 'ipv4Address', 'ipv6Address', 'ipv4Cidr', 'ipv6Cidr',
]);

/** Kind for an ETSI-owned Annex C format, or undefined for formats outside TS 103 280 identities. */
export function kindForFormat(formatOwner: string, formatName: string): TargetIdentifierKind | undefined {
  return formatOwner === 'ETSI' ? FORMAT_TO_KIND[formatName] : undefined;
}

/**
 * Parses a received TargetIdentifierValue into an exact identity. Throws HI1_BAD_TARGET_IDENTIFIER
 * (cause: the IdentifierError) when the value is malformed, and also when the format is not an
 * ETSI identity format: the caller cannot intercept what it cannot check.
 */
export function targetIdentifierFromHi1(value: TargetIdentifierValue, options: { cidrPolicy?: CidrPolicy } = {}): TargetIdentifier {
  const kind = kindForFormat(value.formatOwner, value.formatName);
  if (kind === undefined) {
    hi1Fail('HI1_BAD_TARGET_IDENTIFIER', 'target identifier format is not an ETSI TS 103 280 identity format', {
      formatOwner: value.formatOwner, formatName: value.formatName,
    });
  }
  try {
    const id = parseTargetIdentifier(kind, value.value, options);
    const withCheckDigit = value.formatName === 'IMEICheckDigit' || value.formatName === 'PEIIMEICheckDigit';
    if (id.kind === 'imei' && withCheckDigit !== (id.value.length === 15)) {
      hi1Fail('HI1_BAD_TARGET_IDENTIFIER', 'IMEI length does not match its format (IMEI: 14 digits, IMEICheckDigit: 15)', { formatName: value.formatName });
    }
    // Digit and IP formats have exactly one wire spelling (TS 103 280 §6.6-6.14 patterns: digits only,
    // IPv6 fully expanded): a value that only matches after normalisation is not in the ETSI format.
    if (EXACT_KINDS.has(id.kind) && targetIdentifierToHi1(id).value !== value.value) {
      hi1Fail('HI1_BAD_TARGET_IDENTIFIER', 'target identifier value is not in the exact TS 103 280 format', { formatName: value.formatName });
    }
    return id;
  } catch (cause) {
    if (cause instanceof Hi1Error) throw cause;
    const code = cause instanceof IdentifierError ? cause.code : undefined;
    throw new Hi1Error('HI1_BAD_TARGET_IDENTIFIER', 'target identifier value is not one exact, valid identity', {
      cause, details: { formatName: value.formatName, identifierCode: code },
    });
  }
}

/** Builds the Annex C TargetIdentifierValue for an identity (IPv6 fully expanded per TS 103 280 §6.13). */
export function targetIdentifierToHi1(id: TargetIdentifier): TargetIdentifierValue {
  let formatName = KIND_TO_FORMAT[id.kind];
  if (id.kind === 'imei' && id.value.length === 15) formatName = 'IMEICheckDigit';
  const value = id.kind === 'ipv6Address' || id.kind === 'ipv6Cidr' ? ipv6Expanded(id.value) : id.value;
  return { formatOwner: 'ETSI', formatName, value };
}
