/**
 * The Internet checksum (RFC 1071 §4.1): 16-bit one's complement of the one's complement sum,
 * plus the pseudo-headers UDP and TCP include (RFC 768, RFC 9293 §3.1, RFC 8200 §8.1).
 */
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from '../../ip-text.ts';
import { PayloadError } from '../errors.ts';

/** One's complement sum of `bytes` folded to 16 bits, starting from `initial`. Not complemented. */
export function onesComplementSum(bytes: Uint8Array, initial = 0): number {
  let sum = initial;
  const even = bytes.length & ~1;
  for (let i = 0; i < even; i += 2) sum += ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  if (bytes.length & 1) sum += (bytes[bytes.length - 1] ?? 0) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

export function internetChecksum(bytes: Uint8Array, initial = 0): number {
  return ~onesComplementSum(bytes, initial) & 0xffff;
}

// Leading zeros stay accepted here ("010.0.0.1" is ten), as this module always has.
const LENIENT = { allowLeadingZeros: true } as const;

export function parseIpv4Address(text: string): Uint8Array {
  const bytes = parseIpv4(text, LENIENT);
  if (bytes === undefined) throw new PayloadError('PAYLOAD_BAD_VALUE', `not an IPv4 address: ${text}`);
  return bytes;
}

export function formatIpv4Address(bytes: Uint8Array): string {
  return formatIpv4(bytes);
}

/** Parses RFC 4291 §2.2 text forms (with `::` compression and an optional embedded IPv4 tail). */
export function parseIpv6Address(text: string): Uint8Array {
  const bytes = parseIpv6(text, LENIENT);
  if (bytes === undefined) throw new PayloadError('PAYLOAD_BAD_VALUE', `not an IPv6 address: ${text}`);
  return bytes;
}

/** RFC 5952 canonical text: lower case, longest run of ≥2 zero groups compressed. */
export function formatIpv6Address(bytes: Uint8Array): string {
  return formatIpv6(bytes);
}
