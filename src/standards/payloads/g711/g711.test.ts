import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ALAW_DECODE_TABLE, MULAW_DECODE_TABLE, alawToLinear, decodeMulaw, encodeMulaw, linearToAlaw, linearToMulaw, mulawToLinear } from './g711.ts';
import { readWav, writeMulawWav, WAVE_FORMAT_MULAW } from './wav.ts';

/** Independent decode straight from G.711 Table 2a: magnitude = ((2m + 33)·2^e − 33), 14-bit, ×4 to 16-bit. */
function mulawReference(code: number): number {
  const u = ~code & 0xff;
  const e = (u >> 4) & 7;
  const m = u & 0x0f;
  const magnitude = ((2 * m + 33) * 2 ** e - 33) * 4;
  return (u & 0x80 ? -magnitude : magnitude) + 0; // + 0 turns -0 into 0
}
/** Independent A-law decode from G.711 Table 1a: segment 0: (2m+1), else (2m+33)·2^(s−1), 13-bit, ×8. */
function alawReference(code: number): number {
  const a = code ^ 0x55;
  const s = (a >> 4) & 7;
  const m = a & 0x0f;
  const magnitude = (s === 0 ? 2 * m + 1 : (2 * m + 33) * 2 ** (s - 1)) * 8;
  return a & 0x80 ? magnitude : -magnitude;
}

describe('G.711', () => {
  test('µ-law known values from the ITU tables', () => {
    assert.equal(mulawToLinear(0x00), -32124);
    assert.equal(mulawToLinear(0x80), 32124);
    assert.equal(mulawToLinear(0xff), 0);
    assert.equal(mulawToLinear(0x7f), 0);
    assert.equal(mulawToLinear(0xfe), 8);
    assert.equal(linearToMulaw(0), 0xff);
    assert.equal(linearToMulaw(32767), 0x80);
    assert.equal(linearToMulaw(-32768), 0x00);
  });

  test('A-law known values from the ITU tables', () => {
    assert.equal(alawToLinear(0xd5), 8);
    assert.equal(alawToLinear(0x55), -8);
    assert.equal(alawToLinear(0xaa), 32256);
    assert.equal(alawToLinear(0x2a), -32256);
    assert.equal(linearToAlaw(0), 0xd5);
    assert.equal(linearToAlaw(32767), 0xaa);
  });

  test('decode tables agree with an independent formula for all 256 codes', () => {
    for (let c = 0; c < 256; c++) {
      assert.equal(MULAW_DECODE_TABLE[c], mulawReference(c), `µ-law ${c}`);
      assert.equal(ALAW_DECODE_TABLE[c], alawReference(c), `A-law ${c}`);
    }
  });

  test('code → linear → code round trips (µ-law negative zero maps to positive zero)', () => {
    for (let c = 0; c < 256; c++) {
      assert.equal(linearToMulaw(mulawToLinear(c)), c === 0x7f ? 0xff : c);
      assert.equal(linearToAlaw(alawToLinear(c)), c);
    }
  });

  test('linear → code → linear error stays within half a quantisation step', () => {
    let worstMu = 0;
    let worstA = 0;
    for (let s = -32124; s <= 32124; s++) {
      const errMu = Math.abs(mulawToLinear(linearToMulaw(s)) - s);
      const errA = Math.abs(alawToLinear(linearToAlaw(s)) - s);
      // steps double per segment; the largest is 1024 (µ) and 1024 (A) in the 16-bit domain
      assert.ok(errMu <= Math.max(8, Math.abs(s) / 16 + 4), `µ-law error ${errMu} at ${s}`);
      assert.ok(errA <= Math.max(16, Math.abs(s) / 16 + 8), `A-law error ${errA} at ${s}`);
      worstMu = Math.max(worstMu, errMu);
      worstA = Math.max(worstA, errA);
    }
    assert.ok(worstMu <= 512 && worstA <= 512, `${worstMu} ${worstA}`);
  });

  test('encode/decode arrays, and a µ-law WAV is readable back (format 7, 8 kHz mono)', () => {
    const samples = Int16Array.from({ length: 801 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));
    const codes = encodeMulaw(samples);
    const decoded = decodeMulaw(codes);
    assert.equal(decoded.length, 801);
    const wav = writeMulawWav(codes);
    assert.equal(new DataView(wav.buffer).getUint16(20, true), WAVE_FORMAT_MULAW);
    assert.equal(wav.length % 2, 0);
    const info = readWav(wav);
    assert.deepEqual([info.formatCode, info.channels, info.sampleRate, info.bitsPerSample], [7, 1, 8000, 8]);
    assert.deepEqual(info.data, codes);
    assert.throws(() => readWav(wav.subarray(0, 40)), { code: 'WAV_BAD_FILE' });
  });
});
