/**
 * Rebuilds call audio from intercepted RTP (RFC 3550) carrying G.711 (RFC 3551 PT 0 PCMU, PT 8
 * PCMA), as µ-law 8 kHz mono in a WAV file. Each RTP stream (SSRC and direction) is placed on the
 * call's timeline by the time of interception of its first packet, then by RTP timestamp (one tick
 * per sample at 8 kHz), so lost packets leave silence and reordered ones land in place. `mixed`
 * sums both directions (as a listener on the line would hear them); `fromTarget` / `toTarget` keep
 * one side. A sample covered by a single µ-law stream keeps its original code byte.
 */
import { alawToLinear, linearToMulaw, mulawToLinear, RTP_PT_PCMA, RTP_PT_PCMU, writeMulawWav } from '../standards/payloads/index.ts';
import type { MonitoringRecord } from './types.ts';

export type AudioDirection = 'mixed' | 'fromTarget' | 'toTarget';

export interface CallAudioOptions {
  direction?: AudioDirection;
  /** Longest audio rebuilt (bounds memory against hostile timestamps); default 1800 s. */
  maxSeconds?: number;
}

const RATE = 8000;
const MULAW_SILENCE = 0xff;

interface Packet {
  at: number;
  rtpTimestamp: number;
  payloadType: number;
  media: Uint8Array;
}

/** The µ-law sample codes of one call (before the WAV container). */
export function callAudioCodes(records: readonly MonitoringRecord[], options: CallAudioOptions = {}): Uint8Array {
  const direction = options.direction ?? 'mixed';
  const maxSamples = Math.floor((options.maxSeconds ?? 1800) * RATE);
  const streams = new Map<string, Packet[]>();
  let callStart = Number.POSITIVE_INFINITY;
  for (const r of records) {
    const s = r.summary;
    if (s.kind !== 'call-content' || s.media === undefined || s.ssrc === undefined || s.rtpTimestamp === undefined || s.payloadType === undefined) continue;
    if (s.payloadType !== RTP_PT_PCMU && s.payloadType !== RTP_PT_PCMA) continue;
    if (r.duplicate || (direction !== 'mixed' && r.direction !== direction)) continue;
    const at = Date.parse(r.timeStamp ?? r.receivedAt);
    if (!Number.isFinite(at)) continue;
    callStart = Math.min(callStart, at);
    const key = `${s.ssrc}/${r.direction ?? ''}`;
    let list = streams.get(key);
    if (!list) streams.set(key, (list = []));
    list.push({ at, rtpTimestamp: s.rtpTimestamp, payloadType: s.payloadType, media: Buffer.from(s.media, 'base64') });
  }
  const placed: { position: number; p: Packet }[] = [];
  let length = 0;
  for (const list of streams.values()) {
    const first = list[0]!;
    const offset = Math.round(((first.at - callStart) * RATE) / 1000);
    for (const p of list) {
      const delta = ((p.rtpTimestamp - first.rtpTimestamp) | 0); // RFC 3550 §5.1: timestamps wrap mod 2^32
      const position = offset + delta;
      if (position < 0 || position >= maxSamples) continue;
      placed.push({ position, p });
      length = Math.max(length, Math.min(maxSamples, position + p.media.length));
    }
  }
  const codes = new Uint8Array(length).fill(MULAW_SILENCE);
  const sums = new Int32Array(length);
  const counts = new Uint8Array(length);
  for (const { position, p } of placed) {
    const pcmu = p.payloadType === RTP_PT_PCMU;
    for (let i = 0; i < p.media.length && position + i < length; i++) {
      const code = p.media[i]!;
      const at = position + i;
      sums[at]! += pcmu ? mulawToLinear(code) : alawToLinear(code);
      if (counts[at]! < 255) counts[at]!++;
      codes[at] = pcmu ? code : linearToMulaw(alawToLinear(code));
    }
  }
  for (let i = 0; i < length; i++) if (counts[i]! > 1) codes[i] = linearToMulaw(Math.max(-32768, Math.min(32767, sums[i]!)));
  return codes;
}

/** WAV (WAVE_FORMAT_MULAW = 7, 8 kHz, mono) of one call. */
export function callAudioWav(records: readonly MonitoringRecord[], options: CallAudioOptions = {}): Uint8Array {
  return writeMulawWav(callAudioCodes(records, options));
}
