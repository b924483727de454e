/**
 * Text forms of the address OCTET STRINGs of TS33128Payloads: IPv4Address (SIZE(4)), IPv6Address
 * (SIZE(16)), MACAddress (SIZE(6)). The model carries "192.0.2.1", "2001:db8::1" (RFC 5952 form on
 * output) and "00:11:22:aa:bb:cc", which is what mediation and the monitoring centre display.
 */
import { badValue, encodeFail, rOctets, wOctets, type Reader } from './asn.ts';
import type { BerNode } from '../ber/index.ts';
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from '../ip-text.ts';

// The shared text forms of ../ip-text.ts: dotted quads without leading zeros, RFC 5952 IPv6 output.
export const ipv4ToBytes = (s: string): Uint8Array | undefined => parseIpv4(s);
export const bytesToIpv4 = (b: Uint8Array): string => formatIpv4(b);
export const ipv6ToBytes = (s: string): Uint8Array | undefined => parseIpv6(s);
export const bytesToIpv6 = (b: Uint8Array): string => formatIpv6(b);

export function macToBytes(s: string): Uint8Array | undefined {
  const m = /^([0-9a-fA-F]{2})([:-]?)([0-9a-fA-F]{2})\2([0-9a-fA-F]{2})\2([0-9a-fA-F]{2})\2([0-9a-fA-F]{2})\2([0-9a-fA-F]{2})$/.exec(s);
  if (!m) return undefined;
  return Uint8Array.from([m[1], m[3], m[4], m[5], m[6], m[7]].map((h) => parseInt(h!, 16)));
}
export const bytesToMac = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':');

function textCodec(kind: string, size: number, toBytes: (s: string) => Uint8Array | undefined, toText: (b: Uint8Array) => string) {
  return {
    write(n: number, s: string, where: string): BerNode {
      const b = toBytes(s);
      if (!b) throw encodeFail(where, `not a valid ${kind}`);
      return wOctets(n, b, where, size, size);
    },
    read: ((el, where) => {
      const b = rOctets(size, size)(el, where);
      if (b.length !== size) throw badValue(where, `${kind} must be ${size} octets`);
      return toText(b);
    }) as Reader<string>,
  };
}

/** IPv4Address ::= OCTET STRING (SIZE(4)) */
export const IPv4AddressCodec = textCodec('IPv4 address', 4, ipv4ToBytes, bytesToIpv4);
/** IPv6Address ::= OCTET STRING (SIZE(16)) */
export const IPv6AddressCodec = textCodec('IPv6 address', 16, ipv6ToBytes, bytesToIpv6);
/** MACAddress ::= OCTET STRING (SIZE(6)) */
export const MACAddressCodec = textCodec('MAC address', 6, macToBytes, bytesToMac);
