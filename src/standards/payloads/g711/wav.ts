/**
 * WAV (RIFF/WAVE) container for 8 kHz mono G.711, so a console can play decoded call audio.
 * Non-PCM formats carry an 18-byte fmt chunk (cbSize = 0) and a `fact` chunk with the sample count
 * (Microsoft RIFF "Multimedia Programming Interface and Data Specifications 1.0", WAVE_FORMAT_MULAW = 7,
 * WAVE_FORMAT_ALAW = 6).
 */
import { PayloadError } from '../errors.ts';

export const WAVE_FORMAT_ALAW = 6;
export const WAVE_FORMAT_MULAW = 7;

export interface WavInfo {
  formatCode: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  data: Uint8Array;
}

function ascii(view: DataView, offset: number, text: string): void {
  for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
}

/** Wraps G.711 code bytes (one per sample) in a WAV file. */
export function writeG711Wav(codes: Uint8Array, formatCode: number = WAVE_FORMAT_MULAW, sampleRate = 8000): Uint8Array {
  const pad = codes.length % 2; // RIFF chunks are word aligned
  const total = 12 + 26 + 12 + 8 + codes.length + pad;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  ascii(view, 0, 'RIFF');
  view.setUint32(4, total - 8, true);
  ascii(view, 8, 'WAVE');
  ascii(view, 12, 'fmt ');
  view.setUint32(16, 18, true);
  view.setUint16(20, formatCode, true);
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate, true); // byte rate = rate × 1 byte
  view.setUint16(32, 1, true); // block align
  view.setUint16(34, 8, true); // bits per sample
  view.setUint16(36, 0, true); // cbSize
  ascii(view, 38, 'fact');
  view.setUint32(42, 4, true);
  view.setUint32(46, codes.length, true);
  ascii(view, 50, 'data');
  view.setUint32(54, codes.length, true);
  out.set(codes, 58);
  return out;
}

/** Convenience: µ-law codes → WAV. */
export function writeMulawWav(codes: Uint8Array): Uint8Array {
  return writeG711Wav(codes, WAVE_FORMAT_MULAW);
}

/** Reads a WAV file's format and data chunk (enough to check what writeG711Wav produced). */
export function readWav(bytes: Uint8Array): WavInfo {
  const text = (o: number): string => String.fromCharCode(...bytes.subarray(o, o + 4));
  if (bytes.length < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE') throw new PayloadError('WAV_BAD_FILE', 'not a RIFF/WAVE file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12;
  let info: Omit<WavInfo, 'data'> | undefined;
  while (offset + 8 <= bytes.length) {
    const id = text(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (body + size > bytes.length) throw new PayloadError('WAV_BAD_FILE', `chunk ${id} overruns the file`);
    if (id === 'fmt ') {
      if (size < 16) throw new PayloadError('WAV_BAD_FILE', 'fmt chunk too short');
      info = {
        formatCode: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!info) throw new PayloadError('WAV_BAD_FILE', 'data chunk before fmt chunk');
      return { ...info, data: bytes.slice(body, body + size) };
    }
    offset = body + size + (size % 2);
  }
  throw new PayloadError('WAV_BAD_FILE', 'no data chunk');
}
