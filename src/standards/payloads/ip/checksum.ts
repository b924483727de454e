/**
 * The Internet checksum (RFC 1071 §4.1): 16-bit one's complement of the one's complement sum,
 * plus the pseudo-headers UDP and TCP include (RFC 768, RFC 9293 §3.1, RFC 8200 §8.1).
 */
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

export function parseIpv4Address(text: string): Uint8Array {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new PayloadError('PAYLOAD_BAD_VALUE', `not an IPv4 address: ${text}`);
  }
  return Uint8Array.from(parts.map(Number));
}

export function formatIpv4Address(bytes: Uint8Array): string {
  return `${bytes[0] ?? 0}.${bytes[1] ?? 0}.${bytes[2] ?? 0}.${bytes[3] ?? 0}`;
}

/** Parses RFC 4291 §2.2 text forms (with `::` compression and an optional embedded IPv4 tail). */
export function parseIpv6Address(text: string): Uint8Array {
  const bad = (): PayloadError => new PayloadError('PAYLOAD_BAD_VALUE', `not an IPv6 address: ${text}`);
  let body = text;
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.') && lastColon >= 0) {
    // embedded IPv4 tail (RFC 4291 §2.2 form 3): rewrite as two hex groups
    const v4 = parseIpv4Address(body.slice(lastColon + 1));
    const hi = (((v4[0] ?? 0) << 8) | (v4[1] ?? 0)).toString(16);
    const lo = (((v4[2] ?? 0) << 8) | (v4[3] ?? 0)).toString(16);
    body = `${body.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) throw bad();
  const toGroups = (s: string): number[] =>
    s === '' ? [] : s.split(':').map((g) => {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw bad();
      return parseInt(g, 16);
    });
  const head = toGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (head.length + rest.length > (halves.length === 2 ? 7 : 8)) throw bad();
  const groups = halves.length === 2 ? [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest] : head;
  if (groups.length !== 8) throw bad();
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** RFC 5952 canonical text: lower case, longest run of ≥2 zero groups compressed. */
export function formatIpv6Address(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
