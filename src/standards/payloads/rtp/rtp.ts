/**
 * RTP fixed header (RFC 3550 §5.1): V=2, P, X, CC, M, PT, sequence number, timestamp, SSRC, CSRCs,
 * optional header extension (§5.3.1), optional padding.
 */
import { PayloadError, need } from '../errors.ts';

/** Static payload types used here (RFC 3551 §6 Table 4). */
export const RTP_PT_PCMU = 0;
export const RTP_PT_PCMA = 8;
/** A dynamic payload type (96-127, RFC 3551 §6) conventionally bound to H.264 in SDP. */
export const RTP_PT_H264_DYNAMIC = 96;

export interface RtpPacket {
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  marker?: boolean;
  csrcs?: readonly number[];
  /** Header extension (RFC 3550 §5.3.1): profile-defined id and 32-bit-word-aligned data. */
  extension?: { profile: number; data: Uint8Array };
  /** Number of padding octets to append (0-255). */
  paddingLength?: number;
  payload: Uint8Array;
}

function checkRange(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new PayloadError('PAYLOAD_BAD_VALUE', `RTP ${name} ${value} outside 0..${max}`);
  }
}

export function buildRtp(packet: RtpPacket): Uint8Array {
  checkRange('payloadType', packet.payloadType, 127);
  checkRange('sequenceNumber', packet.sequenceNumber, 0xffff);
  checkRange('timestamp', packet.timestamp, 0xffffffff);
  checkRange('ssrc', packet.ssrc, 0xffffffff);
  const csrcs = packet.csrcs ?? [];
  if (csrcs.length > 15) throw new PayloadError('PAYLOAD_BAD_VALUE', 'RTP allows at most 15 CSRCs');
  const ext = packet.extension;
  if (ext && ext.data.length % 4 !== 0) throw new PayloadError('PAYLOAD_BAD_VALUE', 'RTP extension data must be 32-bit aligned');
  const padding = packet.paddingLength ?? 0;
  checkRange('paddingLength', padding, 255);
  const headerLength = 12 + 4 * csrcs.length + (ext ? 4 + ext.data.length : 0);
  const out = new Uint8Array(headerLength + packet.payload.length + padding);
  const view = new DataView(out.buffer);
  out[0] = 0x80 | (padding > 0 ? 0x20 : 0) | (ext ? 0x10 : 0) | csrcs.length;
  out[1] = (packet.marker ? 0x80 : 0) | packet.payloadType;
  view.setUint16(2, packet.sequenceNumber);
  view.setUint32(4, packet.timestamp);
  view.setUint32(8, packet.ssrc);
  let offset = 12;
  for (const csrc of csrcs) {
    checkRange('csrc', csrc, 0xffffffff);
    view.setUint32(offset, csrc);
    offset += 4;
  }
  if (ext) {
    checkRange('extension profile', ext.profile, 0xffff);
    view.setUint16(offset, ext.profile);
    view.setUint16(offset + 2, ext.data.length / 4);
    out.set(ext.data, offset + 4);
    offset += 4 + ext.data.length;
  }
  out.set(packet.payload, offset);
  if (padding > 0) out[out.length - 1] = padding;
  return out;
}

export function parseRtp(bytes: Uint8Array): RtpPacket & { marker: boolean; csrcs: number[]; paddingLength: number } {
  need(bytes, 0, 12, 'RTP header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const b0 = bytes[0] ?? 0;
  if (b0 >> 6 !== 2) throw new PayloadError('RTP_BAD_VERSION', `RTP version ${b0 >> 6}, expected 2`);
  const cc = b0 & 0x0f;
  let offset = 12;
  need(bytes, offset, 4 * cc, 'RTP CSRC list');
  const csrcs: number[] = [];
  for (let i = 0; i < cc; i++, offset += 4) csrcs.push(view.getUint32(offset));
  let extension: RtpPacket['extension'];
  if (b0 & 0x10) {
    need(bytes, offset, 4, 'RTP extension header');
    const words = view.getUint16(offset + 2);
    need(bytes, offset + 4, words * 4, 'RTP extension data');
    extension = { profile: view.getUint16(offset), data: bytes.slice(offset + 4, offset + 4 + words * 4) };
    offset += 4 + words * 4;
  }
  let end = bytes.length;
  let paddingLength = 0;
  if (b0 & 0x20) {
    paddingLength = bytes[bytes.length - 1] ?? 0;
    if (paddingLength === 0 || end - paddingLength < offset) {
      throw new PayloadError('RTP_BAD_PADDING', `RTP padding ${paddingLength} does not fit the packet`);
    }
    end -= paddingLength;
  }
  const b1 = bytes[1] ?? 0;
  const packet = {
    payloadType: b1 & 0x7f,
    marker: (b1 & 0x80) !== 0,
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    csrcs,
    paddingLength,
    payload: bytes.slice(offset, end),
  };
  return extension ? { ...packet, extension } : packet;
}
