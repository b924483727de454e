/**
 * GSM 7-bit default alphabet and extension table (3GPP TS 23.038 §6.2.1, §6.2.1.1) and septet
 * packing (TS 23.038 §6.1.2.1.1: septets packed LSB first into octets).
 */
import { PayloadError } from '../errors.ts';

const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION: Readonly<Record<number, string>> = { 0x0a: '\f', 0x14: '^', 0x28: '{', 0x29: '}', 0x2f: '\\', 0x3c: '[', 0x3d: '~', 0x3e: ']', 0x40: '|', 0x65: '€' };
const ESCAPE = 0x1b;

const basicIndex = new Map<string, number>(Array.from(BASIC, (c, i) => [c, i]));
const extensionIndex = new Map<string, number>(Object.entries(EXTENSION).map(([k, c]) => [c, Number(k)]));

export function isGsm7(text: string): boolean {
  for (const c of text) if (!basicIndex.has(c) && !extensionIndex.has(c)) return false;
  return true;
}

/** Text → septet values (extension characters become ESC + code). */
export function textToSeptets(text: string): number[] {
  const out: number[] = [];
  for (const c of text) {
    const basic = basicIndex.get(c);
    if (basic !== undefined && basic !== ESCAPE) {
      out.push(basic);
      continue;
    }
    const ext = extensionIndex.get(c);
    if (ext === undefined) throw new PayloadError('SMS_NOT_GSM7', 'character outside the GSM 7-bit default alphabet');
    out.push(ESCAPE, ext);
  }
  return out;
}

export function septetsToText(septets: readonly number[]): string {
  let text = '';
  for (let i = 0; i < septets.length; i++) {
    const s = septets[i] ?? 0;
    if (s === ESCAPE) {
      const next = septets[++i];
      text += next === undefined ? '' : (EXTENSION[next] ?? ' '); // §6.2.1.1: unknown → space
    } else text += BASIC[s] ?? '';
  }
  return text;
}

/** Packs septets LSB-first; `fillBits` leading bits (for a UDH, TS 23.040 §9.2.3.24) are left zero. */
export function packSeptets(septets: readonly number[], fillBits = 0): Uint8Array {
  const out = new Uint8Array(Math.ceil((septets.length * 7 + fillBits) / 8));
  let bit = fillBits;
  for (const s of septets) {
    const byte = bit >> 3;
    const shift = bit & 7;
    out[byte] = (out[byte] ?? 0) | ((s << shift) & 0xff);
    if (shift > 1) out[byte + 1] = (out[byte + 1] ?? 0) | (s >> (8 - shift));
    bit += 7;
  }
  return out;
}

export function unpackSeptets(bytes: Uint8Array, count: number, fillBits = 0): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const bit = fillBits + i * 7;
    const byte = bit >> 3;
    const shift = bit & 7;
    const word = (bytes[byte] ?? 0) | ((bytes[byte + 1] ?? 0) << 8);
    out.push((word >> shift) & 0x7f);
  }
  return out;
}
