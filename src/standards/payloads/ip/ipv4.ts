/** IPv4 header build + parse (RFC 791 §3.1) with the header checksum (RFC 1071). */
import { PayloadError, need } from '../errors.ts';
import { formatIpv4Address, internetChecksum, parseIpv4Address } from './checksum.ts';

export const IP_PROTOCOL_TCP = 6;
export const IP_PROTOCOL_UDP = 17;

export interface Ipv4Packet {
  src: string;
  dst: string;
  protocol: number;
  payload: Uint8Array;
  ttl?: number;
  identification?: number;
  /** Differentiated services code point (RFC 2474), e.g. 46 (EF) for voice. */
  dscp?: number;
  dontFragment?: boolean;
}

export interface ParsedIpv4 extends Required<Ipv4Packet> {
  version: 4;
  headerLength: number;
  totalLength: number;
  headerChecksum: number;
  checksumValid: boolean;
}

export function buildIpv4(packet: Ipv4Packet): Uint8Array {
  const total = 20 + packet.payload.length;
  if (total > 0xffff) throw new PayloadError('PAYLOAD_BAD_VALUE', `IPv4 packet of ${total} bytes exceeds 65535`);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out[0] = 0x45; // version 4, IHL 5 (no options)
  out[1] = ((packet.dscp ?? 0) & 0x3f) << 2;
  view.setUint16(2, total);
  view.setUint16(4, (packet.identification ?? 0) & 0xffff);
  view.setUint16(6, packet.dontFragment === false ? 0 : 0x4000);
  out[8] = packet.ttl ?? 64;
  out[9] = packet.protocol;
  out.set(parseIpv4Address(packet.src), 12);
  out.set(parseIpv4Address(packet.dst), 16);
  view.setUint16(10, internetChecksum(out.subarray(0, 20)));
  out.set(packet.payload, 20);
  return out;
}

/** Parses an IPv4 packet; with `verify` (default) a bad header checksum raises IP_BAD_CHECKSUM. */
export function parseIpv4(bytes: Uint8Array, verify = true): ParsedIpv4 {
  need(bytes, 0, 20, 'IPv4 header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const b0 = bytes[0] ?? 0;
  if (b0 >> 4 !== 4) throw new PayloadError('IP_BAD_VERSION', `IP version ${b0 >> 4}, expected 4`);
  const headerLength = (b0 & 0x0f) * 4;
  const totalLength = view.getUint16(2);
  if (headerLength < 20 || totalLength < headerLength || totalLength > bytes.length) {
    throw new PayloadError('IP_BAD_HEADER_LENGTH', `IHL ${headerLength} / total length ${totalLength} / have ${bytes.length}`);
  }
  const checksumValid = internetChecksum(bytes.subarray(0, headerLength)) === 0;
  if (verify && !checksumValid) throw new PayloadError('IP_BAD_CHECKSUM', 'IPv4 header checksum does not verify');
  return {
    version: 4,
    headerLength,
    totalLength,
    dscp: (bytes[1] ?? 0) >> 2,
    identification: view.getUint16(4),
    dontFragment: (view.getUint16(6) & 0x4000) !== 0,
    ttl: bytes[8] ?? 0,
    protocol: bytes[9] ?? 0,
    headerChecksum: view.getUint16(10),
    checksumValid,
    src: formatIpv4Address(bytes.subarray(12, 16)),
    dst: formatIpv4Address(bytes.subarray(16, 20)),
    payload: bytes.slice(headerLength, totalLength),
  };
}
