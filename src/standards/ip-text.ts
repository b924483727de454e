/**
 * IP address text forms, one implementation for every codec: dotted-quad IPv4 (RFC 6943 §3.1.1),
 * IPv6 text (RFC 4291 §2.2, incl. "::" and a trailing dotted quad), RFC 5952 §4 canonical text and
 * the fully expanded 8-group form TS 103 280 §6.13/§6.14 puts on the wire. Pure: parsers return
 * undefined on malformed input so each caller raises its own typed error.
 */

export interface Ipv4TextOptions {
  /**
   * Accept octets with leading zeros ("010" read as ten), as the TS 103 280 XSD pattern does.
   * Off by default: RFC 6943 §3.1.1 warns that some parsers read "010" as octal.
   */
  allowLeadingZeros?: boolean;
}

/** 4 octets at `offset` → dotted-quad text. */
export function formatIpv4(bytes: Uint8Array, offset = 0): string {
  return `${bytes[offset]!}.${bytes[offset + 1]!}.${bytes[offset + 2]!}.${bytes[offset + 3]!}`;
}

/**
 * Writes dotted-quad text (four decimal octets 0-255) as 4 octets at `offset`; false when malformed.
 * A character loop, not a regex: X2/X3 encoding runs it once per address attribute.
 */
export function writeIpv4(text: string, target: Uint8Array, offset: number, options?: Ipv4TextOptions): boolean {
  const leadingZeros = options?.allowLeadingZeros === true;
  const n = text.length;
  if (n < 7 || n > 15) return false;
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || part > 3) return false;
      target[offset + part++] = value;
      value = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && value === 0 && !leadingZeros) return false; // leading zero
      if (digits === 3) return false; // at most three digits (only reachable with leading zeros)
      value = value * 10 + (c - 0x30);
      if (value > 255) return false;
      digits++;
    } else return false;
  }
  return part === 4;
}

/** Dotted-quad text → 4 octets, or undefined. */
export function parseIpv4(text: string, options?: Ipv4TextOptions): Uint8Array | undefined {
  const out = new Uint8Array(4);
  return writeIpv4(text, out, 0, options) ? out : undefined;
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * IPv6 text (RFC 4291 §2.2: hex groups in either case, one "::" standing for at least one zero
 * group, optionally a dotted quad as the last 32 bits) → 8 groups of 16 bits, or undefined.
 * Zone identifiers ("%eth0") are refused: they are local to one host. `options` apply to the dotted quad.
 */
export function parseIpv6Groups(text: string, options?: Ipv4TextOptions): number[] | undefined {
  // 45 = six full groups and a dotted quad, the longest valid text; 2 = "::".
  if (text.length < 2 || text.length > 45) return undefined;
  let body = text;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.indexOf('.', lastColon) >= 0) {
    const quad = parseIpv4(text.slice(lastColon + 1), options);
    if (quad === undefined) return undefined;
    tail.push((quad[0]! << 8) | quad[1]!, (quad[2]! << 8) | quad[3]!);
    // Keep a "::" that ends right before the quad; drop a single separating ':'.
    body = text.endsWith('::', lastColon + 1) ? text.slice(0, lastColon + 1) : text.slice(0, lastColon);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const side = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!HEX_GROUP.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = side(halves[0]!);
  const rest = halves.length === 2 ? side(halves[1]!) : [];
  if (head === undefined || rest === undefined) return undefined;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return undefined;
  return [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
}

/** 16 octets at `offset` → 8 groups of 16 bits. */
export function ipv6GroupsOf(bytes: Uint8Array, offset = 0): number[] {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[offset + i]! << 8) | bytes[offset + i + 1]!);
  return groups;
}

/** IPv6 text → 16 octets, or undefined (see parseIpv6Groups). */
export function parseIpv6(text: string, options?: Ipv4TextOptions): Uint8Array | undefined {
  const groups = parseIpv6Groups(text, options);
  if (groups === undefined) return undefined;
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    out[2 * i] = groups[i]! >> 8;
    out[2 * i + 1] = groups[i]! & 0xff;
  }
  return out;
}

/**
 * RFC 5952 §4: lowercase, no leading zeros, the longest run (>= 2) of zero groups as "::", the
 * first run on ties. Dotted-quad output for IPv4-mapped addresses (§5) is left to the caller.
 */
export function formatIpv6Groups(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

/** 16 octets at `offset` → RFC 5952 §4 text. */
export function formatIpv6(bytes: Uint8Array, offset = 0): string {
  return formatIpv6Groups(ipv6GroupsOf(bytes, offset));
}

/** 8 groups → the fully expanded lowercase form of TS 103 280 §6.13 ("2001:0db8:0000:…"). */
export function expandIpv6Groups(groups: readonly number[]): string {
  return groups.map((g) => g.toString(16).padStart(4, '0')).join(':');
}
