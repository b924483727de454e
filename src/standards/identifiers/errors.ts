/**
 * Typed errors for target identities (ETSI TS 103 280 formats). Messages never echo the rejected
 * value: they may end up in logs, and logs never print target identities.
 */
import { WarrantedError, type WarrantedErrorOptions } from '../../platform/errors.ts';

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'IDENTIFIER_EMPTY', meaning: 'The identity is empty or only whitespace: an empty selector would match everything.' },
  { code: 'IDENTIFIER_WILDCARD', meaning: 'The identity contains a wildcard (*, ?, bare %, "all", "any", unspecified address): bulk interception is forbidden.' },
  { code: 'IDENTIFIER_RANGE', meaning: 'The identity is a range or list of identities (.., ~, [..], {..}, "a - b", "to", commas): one exact identity only.' },
  { code: 'IDENTIFIER_TOO_BROAD', meaning: 'An IP CIDR block is wider than the configured policy allows (default: shorter than /24 for IPv4 or /48 for IPv6).' },
  { code: 'IDENTIFIER_TOO_LONG', meaning: 'The raw input is longer than any valid identity of this kind can be.' },
  { code: 'IDENTIFIER_BAD_CHARACTERS', meaning: 'The identity contains control characters or characters not allowed for its kind.' },
  { code: 'IDENTIFIER_UNKNOWN_KIND', meaning: 'The identifier kind is not one this system handles.' },
  { code: 'IDENTIFIER_AMBIGUOUS', meaning: 'The value could be several kinds of identity (e.g. 15 digits: IMSI, IMEI or E.164); the kind must be given explicitly.' },
  { code: 'IDENTIFIER_UNRECOGNISED', meaning: 'The value matches no identity format that can be detected without an explicit kind.' },
  { code: 'IDENTIFIER_POLICY_INVALID', meaning: 'The CIDR breadth policy is outside the hard floor (IPv4 /16..32, IPv6 /32..128).' },
  { code: 'LIID_BAD_FORMAT', meaning: 'LIID does not match TS 103 280 §6.1: 1-25 printable ASCII characters or 26-50 lowercase hex digits.' },
  { code: 'E164_BAD_FORMAT', meaning: 'E.164 number contains characters other than a leading +, digits, spaces and dashes (TS 103 280 §6.6).' },
  { code: 'E164_BAD_LENGTH', meaning: 'E.164 number does not have 1-15 digits (ITU-T E.164 §6, TS 103 280 §6.6).' },
  { code: 'E164_BAD_COUNTRY_CODE', meaning: 'E.164 number starts with 0: no country code begins with 0 (national or 00-prefixed forms are not international format).' },
  { code: 'IMSI_BAD_FORMAT', meaning: 'IMSI contains characters other than digits (TS 103 280 §6.7).' },
  { code: 'IMSI_BAD_LENGTH', meaning: 'IMSI does not have 14 or 15 digits (MCC 3 + MNC 2-3 + MSIN, 3GPP TS 23.003 §2.2).' },
  { code: 'IMSI_BAD_MCC', meaning: 'IMSI mobile country code is not allocatable (ITU-T E.212: must start with 2-9, or be the 001 test code).' },
  { code: 'IMEI_BAD_FORMAT', meaning: 'IMEI contains characters other than digits, spaces and dashes (TS 103 280 §6.8/6.9).' },
  { code: 'IMEI_BAD_LENGTH', meaning: 'IMEI does not have 14 digits (without check digit) or 15 digits (with Luhn check digit).' },
  { code: 'IMEI_BAD_CHECK_DIGIT', meaning: 'The 15th digit of the IMEI is not its Luhn check digit (3GPP TS 23.003 §6.2.1, ISO/IEC 7812-1 annex B).' },
  { code: 'IMEISV_BAD_FORMAT', meaning: 'IMEISV is not exactly 16 decimal digits (TS 103 280 §6.10, 3GPP TS 23.003 §6.2.2).' },
  { code: 'SIP_URI_BAD_FORMAT', meaning: 'SIP URI is not "sip:" or "sips:" user@host[:port][;params] (RFC 3261 §19.1, TS 103 280 §6.31).' },
  { code: 'SIP_URI_NO_USER', meaning: 'SIP URI names only a host or domain, which would select every user there.' },
  { code: 'TEL_URI_BAD_FORMAT', meaning: 'TEL URI is not a global "+digits" number or a local number with phone-context (RFC 3966, TS 103 280 §6.32).' },
  { code: 'IPV4_BAD_FORMAT', meaning: 'Not a dotted-decimal IPv4 address (four octets 0-255, no leading zeros) (TS 103 280 §6.11).' },
  { code: 'IPV6_BAD_FORMAT', meaning: 'Not an IPv6 address in RFC 4291 §2.2 text form (zone identifiers are refused) (TS 103 280 §6.13).' },
  { code: 'CIDR_BAD_PREFIX', meaning: 'CIDR prefix length missing, not decimal, or out of range (0-32 / 0-128) (TS 103 280 §6.12/6.14).' },
  { code: 'CIDR_HOST_BITS_SET', meaning: 'CIDR address has bits set beyond the prefix length, so it does not name one network exactly.' },
  { code: 'EMAIL_BAD_FORMAT', meaning: 'Not an e-mail address per TS 103 280 §6.26 (W3C HTML5 pattern), or longer than 255 characters.' },
  { code: 'NAI_BAD_FORMAT', meaning: 'Not a network access identifier username@realm (RFC 7542 §2.2), or longer than 253 octets.' },
  { code: 'NAI_NO_USERNAME', meaning: 'NAI has a realm but no username, which would select every user of the realm.' },
  { code: 'SUPI_BAD_FORMAT', meaning: 'SUPI is not "imsi-<IMSI>" or "nai-<NAI>" (3GPP TS 23.003 §2.2A, TS 29.571 Supi).' },
  { code: 'PEI_BAD_FORMAT', meaning: 'PEI is not "imei-<IMEI>" or "imeisv-<IMEISV>" (3GPP TS 23.003 §6, TS 29.571 Pei).' },
  { code: 'GPSI_BAD_FORMAT', meaning: 'GPSI is not "msisdn-<E.164>" or "extid-<username@realm>" (3GPP TS 23.003 §28.8, §19.7.2).' },
];

/** One identity was refused; `code` says why (see ERROR_CODES and docs/errors/identifiers.md). */
export class IdentifierError extends WarrantedError {
  constructor(code: string, message: string, options: WarrantedErrorOptions = {}) {
    super(code, message, options);
  }
}

export function fail(code: string, message: string, details?: Record<string, unknown>): never {
  throw new IdentifierError(code, message, details === undefined ? {} : { details });
}
