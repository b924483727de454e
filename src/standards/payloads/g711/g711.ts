/**
 * ITU-T G.711 µ-law and A-law companding (ITU-T G.711 §2 Tables 1a/1b and 2a/2b).
 * Linear samples are 16-bit signed PCM; the decode tables (256 entries each) are computed at load
 * time from the segment/quantisation rules, never pasted, and the encode tables (65 536 entries) are
 * built lazily from the same rules so encoding a packet is a table lookup.
 */

const MULAW_BIAS = 0x84; // 33 in the 14-bit domain, scaled to 16 bits (G.711 Table 2a "bias")
const MULAW_CLIP = 32635;
const ALAW_SEGMENT_ENDS = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff] as const;

function mulawDecodeOne(code: number): number {
  const u = ~code & 0xff; // G.711 transmits the complement of the code word (Table 2a note)
  let t = ((u & 0x0f) << 3) + MULAW_BIAS;
  t <<= (u & 0x70) >> 4;
  return u & 0x80 ? MULAW_BIAS - t : t - MULAW_BIAS;
}

function alawDecodeOne(code: number): number {
  const a = code ^ 0x55; // even-bit inversion (G.711 §3 Table 1a note)
  let t = (a & 0x0f) << 4;
  const segment = (a & 0x70) >> 4;
  if (segment === 0) t += 8;
  else t = (t + 0x108) << (segment - 1);
  return a & 0x80 ? t : -t;
}

function mulawEncodeOne(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.trunc(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  if (s > MULAW_CLIP) s = MULAW_CLIP;
  s += MULAW_BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function alawEncodeOne(sample: number): number {
  let pcm = Math.max(-32768, Math.min(32767, Math.trunc(sample))) >> 3; // 13-bit domain
  let mask: number;
  if (pcm >= 0) mask = 0xd5;
  else {
    mask = 0x55;
    pcm = -pcm - 1;
  }
  let segment = 0;
  while (segment < 8 && pcm > (ALAW_SEGMENT_ENDS[segment] ?? 0)) segment++;
  if (segment >= 8) return 0x7f ^ mask;
  let value = segment << 4;
  value |= segment < 2 ? (pcm >> 1) & 0x0f : (pcm >> segment) & 0x0f;
  return value ^ mask;
}

/** µ-law code → 16-bit linear sample, computed from G.711 Table 2a. */
export const MULAW_DECODE_TABLE: Int16Array = Int16Array.from({ length: 256 }, (_, i) => mulawDecodeOne(i));
/** A-law code → 16-bit linear sample, computed from G.711 Table 1a. */
export const ALAW_DECODE_TABLE: Int16Array = Int16Array.from({ length: 256 }, (_, i) => alawDecodeOne(i));

let mulawEncodeTable: Uint8Array | undefined;
let alawEncodeTable: Uint8Array | undefined;
function buildEncodeTable(encode: (s: number) => number): Uint8Array {
  const table = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) table[i] = encode(i - 32768);
  return table;
}

/** Encodes one 16-bit linear sample to µ-law. */
export function linearToMulaw(sample: number): number {
  mulawEncodeTable ??= buildEncodeTable(mulawEncodeOne);
  const s = Math.max(-32768, Math.min(32767, Math.trunc(sample)));
  return mulawEncodeTable[s + 32768] ?? 0xff;
}
/** Encodes one 16-bit linear sample to A-law. */
export function linearToAlaw(sample: number): number {
  alawEncodeTable ??= buildEncodeTable(alawEncodeOne);
  const s = Math.max(-32768, Math.min(32767, Math.trunc(sample)));
  return alawEncodeTable[s + 32768] ?? 0xd5;
}
export function mulawToLinear(code: number): number {
  return MULAW_DECODE_TABLE[code & 0xff] ?? 0;
}
export function alawToLinear(code: number): number {
  return ALAW_DECODE_TABLE[code & 0xff] ?? 0;
}

export function encodeMulaw(samples: Int16Array | readonly number[]): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = linearToMulaw(samples[i] ?? 0);
  return out;
}
export function decodeMulaw(codes: Uint8Array): Int16Array {
  const out = new Int16Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = MULAW_DECODE_TABLE[codes[i] ?? 0xff] ?? 0;
  return out;
}
export function encodeAlaw(samples: Int16Array | readonly number[]): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = linearToAlaw(samples[i] ?? 0);
  return out;
}
export function decodeAlaw(codes: Uint8Array): Int16Array {
  const out = new Int16Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = ALAW_DECODE_TABLE[codes[i] ?? 0xd5] ?? 0;
  return out;
}
