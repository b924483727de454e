/**
 * IP addresses and CIDR blocks (TS 103 280 §6.11-6.14). Values are normalised to one spelling:
 * IPv4 dotted decimal without leading zeros, IPv6 in RFC 5952 canonical form. TS 103 280 §6.13 puts
 * IPv6 on the wire fully expanded ("2001:0db8:0000:…"): use `ipv6Expanded` when encoding XML.
 * A CIDR names one network exactly (no host bits set) and is refused when wider than the policy.
 */
import { expandIpv6Groups, formatIpv6Groups, parseIpv4, parseIpv6Groups } from '../ip-text.ts';
import { fail } from './errors.ts';
import { guardRaw } from './guards.ts';

/** How wide a CIDR target may be. Bulk interception is forbidden, so the defaults are narrow. */
export interface CidrPolicy {
  /** Shortest IPv4 prefix accepted (default 24; hard floor 16). */
  minIpv4Prefix: number;
  /** Shortest IPv6 prefix accepted (default 48; hard floor 32). */
  minIpv6Prefix: number;
}

export const DEFAULT_CIDR_POLICY: Readonly<CidrPolicy> = Object.freeze({ minIpv4Prefix: 24, minIpv6Prefix: 48 });

function checkPolicy(policy: CidrPolicy): void {
  const v4 = policy.minIpv4Prefix;
  const v6 = policy.minIpv6Prefix;
  if (!Number.isInteger(v4) || v4 < 16 || v4 > 32 || !Number.isInteger(v6) || v6 < 32 || v6 > 128) {
    fail('IDENTIFIER_POLICY_INVALID', 'CIDR policy must keep IPv4 prefixes within /16../32 and IPv6 within /32../128');
  }
}

/** Dotted decimal → 4 octets, or undefined. Leading zeros are refused: "010" is octal to some parsers. */
function ipv4Octets(s: string): number[] | undefined {
  const octets = parseIpv4(s);
  return octets === undefined ? undefined : Array.from(octets);
}

export function parseIpv4Address(raw: string): string {
  const value = guardRaw(raw, { maxLength: 15 });
  const octets = ipv4Octets(value);
  if (octets === undefined) fail('IPV4_BAD_FORMAT', 'not a dotted-decimal IPv4 address (four octets 0-255, no leading zeros)');
  if (octets.every((o) => o === 0)) fail('IDENTIFIER_WILDCARD', '0.0.0.0 is the unspecified address ("any")');
  if (octets.every((o) => o === 255)) fail('IDENTIFIER_TOO_BROAD', '255.255.255.255 is the limited broadcast address');
  return octets.join('.');
}

/** RFC 5952 §4 text; §5: IPv4-mapped addresses are written with the dotted quad. */
function ipv6Canonical(groups: number[]): string {
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const a = groups[6]!;
    const b = groups[7]!;
    return `::ffff:${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
  }
  return formatIpv6Groups(groups);
}

export function parseIpv6Address(raw: string): string {
  const value = guardRaw(raw, { maxLength: 45 });
  const groups = parseIpv6Groups(value);
  if (groups === undefined) fail('IPV6_BAD_FORMAT', 'not an IPv6 address in RFC 4291 text form');
  if (groups.every((g) => g === 0)) fail('IDENTIFIER_WILDCARD', ':: is the unspecified address ("any")');
  return ipv6Canonical(groups);
}

/** Fully expanded lowercase form required on the wire by TS 103 280 §6.13/§6.14 (XSD IPv6Address/IPv6CIDR). */
export function ipv6Expanded(value: string): string {
  const [addr, prefix] = value.split('/');
  const groups = parseIpv6Groups(addr ?? '');
  if (groups === undefined) fail('IPV6_BAD_FORMAT', 'not an IPv6 address in RFC 4291 text form');
  const text = expandIpv6Groups(groups);
  return prefix === undefined ? text : `${text}/${prefix}`;
}

function splitPrefix(value: string, max: number): [string, number] {
  const slash = value.indexOf('/');
  if (slash < 0 || slash !== value.lastIndexOf('/')) fail('CIDR_BAD_PREFIX', 'CIDR must be address/prefix-length');
  const p = value.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/u.test(p) || Number(p) > max) fail('CIDR_BAD_PREFIX', `CIDR prefix length must be 0-${max}`);
  return [value.slice(0, slash), Number(p)];
}

function hostBitsClear(groups: number[], bitsPerGroup: number, prefix: number): boolean {
  return groups.every((g, i) => {
    const keep = Math.max(0, Math.min(bitsPerGroup, prefix - i * bitsPerGroup));
    const hostMask = keep >= bitsPerGroup ? 0 : (1 << (bitsPerGroup - keep)) - 1;
    return (g & hostMask) === 0;
  });
}

export function parseIpv4Cidr(raw: string, policy: CidrPolicy = DEFAULT_CIDR_POLICY): string {
  checkPolicy(policy);
  const value = guardRaw(raw, { maxLength: 18 });
  const [addr, prefix] = splitPrefix(value, 32);
  const octets = ipv4Octets(addr);
  if (octets === undefined) fail('IPV4_BAD_FORMAT', 'not a dotted-decimal IPv4 address (four octets 0-255, no leading zeros)');
  if (prefix < policy.minIpv4Prefix) {
    fail('IDENTIFIER_TOO_BROAD', `IPv4 CIDR wider than /${policy.minIpv4Prefix} is refused: bulk interception is forbidden`, { prefix });
  }
  if (!hostBitsClear(octets, 8, prefix)) fail('CIDR_HOST_BITS_SET', 'IPv4 CIDR has host bits set beyond the prefix');
  return `${octets.join('.')}/${prefix}`;
}

export function parseIpv6Cidr(raw: string, policy: CidrPolicy = DEFAULT_CIDR_POLICY): string {
  checkPolicy(policy);
  const value = guardRaw(raw, { maxLength: 49 });
  const [addr, prefix] = splitPrefix(value, 128);
  const groups = parseIpv6Groups(addr);
  if (groups === undefined) fail('IPV6_BAD_FORMAT', 'not an IPv6 address in RFC 4291 text form');
  if (prefix < policy.minIpv6Prefix) {
    fail('IDENTIFIER_TOO_BROAD', `IPv6 CIDR wider than /${policy.minIpv6Prefix} is refused: bulk interception is forbidden`, { prefix });
  }
  if (!hostBitsClear(groups, 16, prefix)) fail('CIDR_HOST_BITS_SET', 'IPv6 CIDR has host bits set beyond the prefix');
  return `${ipv6Canonical(groups)}/${prefix}`;
}
