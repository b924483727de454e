/**
 * Text forms of binary X2/X3 fields: XID (UUID, TS 103 221-2 §5.2.7 / TS 103 221-1 §5.1.2), IPv4
 * (§5.3.11-12) and IPv6 (§5.3.13-14) addresses, UTF-8 strings (§5.3.18-23). Each parser returns
 * undefined on malformed input so the encoder can raise its own typed error. The address forms are
 * the shared ones of ../ip-text.ts (dotted quads without leading zeros, RFC 5952 output).
 */
export { formatIpv4, parseIpv4, writeIpv4, formatIpv6, parseIpv6 } from '../ip-text.ts';

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The all-zero XID that Keepalive PDUs carry (§5.2.7). */
export const ZERO_XID = '00000000-0000-0000-0000-000000000000';

/** 16 octets at `offset` → lowercase "8-4-4-4-12" UUID text. */
export function formatUuid(bytes: Uint8Array, offset = 0): string {
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    s += HEX[bytes[offset + i]!]!;
  }
  return s;
}

function hexNibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/** Writes a UUID text (either case, hyphens at 8/13/18/23) as 16 octets; false when malformed. */
export function writeUuid(text: string, target: Uint8Array, offset: number): boolean {
  if (text.length !== 36) return false;
  let o = offset;
  for (let i = 0; i < 36; ) {
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (text.charCodeAt(i) !== 0x2d) return false;
      i++;
      continue;
    }
    const hi = hexNibble(text.charCodeAt(i));
    const lo = hexNibble(text.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) return false;
    target[o++] = (hi << 4) | lo;
    i += 2;
  }
  return true;
}

/** Parses a UUID text into 16 octets, or undefined. */
export function parseUuid(text: string): Uint8Array | undefined {
  const out = new Uint8Array(16);
  return writeUuid(text, out, 0) ? out : undefined;
}

/** Number of octets `s` takes in UTF-8 (lone surrogates count as U+FFFD, as TextEncoder writes them). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

const utf8Encoder = new TextEncoder();
const utf8StrictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Writes `s` as UTF-8 at `offset` (the caller has reserved `utf8Length(s)` octets). */
export function writeUtf8(s: string, target: Uint8Array, offset: number, length: number): void {
  if (length === s.length) {
    // All ASCII (typical for target identifiers, MIME types, SDP): a plain loop beats encodeInto.
    for (let i = 0; i < length; i++) target[offset + i] = s.charCodeAt(i);
    return;
  }
  utf8Encoder.encodeInto(s, target.subarray(offset, offset + length));
}

/** Strict UTF-8 → string; undefined on invalid sequences (so the decoder can raise a typed error). */
export function readUtf8(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return '';
  if (bytes.length <= 1024) {
    // ASCII fast path: TextDecoder's per-call overhead dominates for short strings.
    let ascii = true;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i]! > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  }
  try {
    return utf8StrictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** True when every octet / code unit is 7-bit ASCII (FQDN owners, Table 6 and Table 8). */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}
