/**
 * Text forms of the address OCTET STRINGs of TS33128Payloads: IPv4Address (SIZE(4)), IPv6Address
 * (SIZE(16)), MACAddress (SIZE(6)). The model carries "192.0.2.1", "2001:db8::1" (RFC 5952 form on
 * output) and "00:11:22:aa:bb:cc", which is what mediation and the monitoring centre display.
 */
import { badValue, encodeFail, rOctets, wOctets, type Reader } from './asn.ts';
import type { BerNode } from '../ber/index.ts';

export function ipv4ToBytes(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return Uint8Array.from(parts.map(Number));
}
export const bytesToIpv4 = (b: Uint8Array): string => Array.from(b).join('.');

export function ipv6ToBytes(s: string): Uint8Array | undefined {
  let text = s;
  const tail: number[] = [];
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = ipv4ToBytes(v4[2]!);
    if (!b) return undefined;
    tail.push((b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!);
    text = v4[1]!.endsWith('::') ? v4[1]! : v4[1]!.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string): number[] | undefined => {
    if (h === '') return [];
    const gs = h.split(':');
    if (!gs.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
    return gs.map((g) => parseInt(g, 16));
  };
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return undefined;
  const words = [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

/** RFC 5952 §4: lower case, no leading zeros, the longest run (≥ 2) of zero groups as "::". */
export function bytesToIpv6(b: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((b[i]! << 8) | b[i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(':');
  if (bestStart < 0) return hex(words);
  return `${hex(words.slice(0, bestStart))}::${hex(words.slice(bestStart + bestLen))}`;
}

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
