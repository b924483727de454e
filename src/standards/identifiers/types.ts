/**
 * Target identity kinds the system handles (ETSI TS 103 280 formats; X1 TargetIdentifier choices of
 * TS 103 221-1 Table 5 / XSD `TargetIdentifier`). Values are always the normalised form produced by
 * the parser in this folder: one exact identity, never a pattern, range or wildcard.
 */
export type TargetIdentifierKind =
  | 'e164Number' // MSISDN / GPSI-msisdn, digits only without '+', e.g. "447700900123"
  | 'imsi' // 14-15 digits (SUPI-imsi)
  | 'imei' // 14 digits without the check digit, or 15 with a valid Luhn check digit (PEI-imei)
  | 'imeisv' // 16 digits
  | 'sipUri' // "sip:alice@example.com"
  | 'telUri' // "tel:+447700900123"
  | 'ipv4Address'
  | 'ipv6Address'
  | 'ipv4Cidr'
  | 'ipv6Cidr'
  | 'emailAddress'
  | 'nai' // network access identifier, user@realm
  | 'supiNai'
  | 'gpsiNai';

export interface TargetIdentifier {
  kind: TargetIdentifierKind;
  /** Normalised value (see each kind). */
  value: string;
}

/** A Lawful Interception IDentifier: TS 103 280 §6.1, 1-25 chars of [A-Za-z0-9-_.] in X1. */
export type Liid = string;
