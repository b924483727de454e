/** Target identities per ETSI TS 103 280: parse, validate, normalise; never wildcards or bulk. */
export type { TargetIdentifier, TargetIdentifierKind, Liid } from './types.ts';
export { ERROR_CODES, IdentifierError } from './errors.ts';
export { parseLiid, isLiid } from './liid.ts';
export {
  parseE164, parseImsi, imsiMcc, parseImei, parseImeisv, imeiCheckDigit, imeiBody, imeiWithCheckDigit,
  luhnCheckDigit, luhnValid,
} from './digits.ts';
export {
  parseIpv4Address, parseIpv6Address, parseIpv4Cidr, parseIpv6Cidr, ipv6Expanded, DEFAULT_CIDR_POLICY, type CidrPolicy,
} from './ip.ts';
export { parseSipUri, parseTelUri, parseEmailAddress, parseNai } from './uri.ts';
export { parseSupi, parsePei, parseGpsi } from './fiveg.ts';
export {
  parseTargetIdentifier, detectTargetIdentifier, normaliseTargetIdentifier, isValidTargetIdentifier,
  TARGET_IDENTIFIER_KINDS, type ParseOptions,
} from './parse.ts';
