/** IPv6 fixed header build + parse (RFC 8200 §3). Extension headers are not generated or walked. */
import { PayloadError, need } from '../errors.ts';
import { formatIpv6Address, parseIpv6Address } from './checksum.ts';

export interface Ipv6Packet {
  src: string;
  dst: string;
  /** Next Header (RFC 8200 §3), here the transport protocol: 6 TCP, 17 UDP. */
  nextHeader: number;
  payload: Uint8Array;
  hopLimit?: number;
  trafficClass?: number;
  flowLabel?: number;
}

export interface ParsedIpv6 extends Required<Ipv6Packet> {
  version: 6;
  payloadLength: number;
}

export function buildIpv6(packet: Ipv6Packet): Uint8Array {
  if (packet.payload.length > 0xffff) throw new PayloadError('PAYLOAD_BAD_VALUE', 'IPv6 payload exceeds 65535 (no jumbograms)');
  const out = new Uint8Array(40 + packet.payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, (6 << 28) | (((packet.trafficClass ?? 0) & 0xff) << 20) | ((packet.flowLabel ?? 0) & 0xfffff));
  view.setUint16(4, packet.payload.length);
  out[6] = packet.nextHeader;
  out[7] = packet.hopLimit ?? 64;
  out.set(parseIpv6Address(packet.src), 8);
  out.set(parseIpv6Address(packet.dst), 24);
  out.set(packet.payload, 40);
  return out;
}

export function parseIpv6(bytes: Uint8Array): ParsedIpv6 {
  need(bytes, 0, 40, 'IPv6 header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = view.getUint32(0);
  if (word >>> 28 !== 6) throw new PayloadError('IP_BAD_VERSION', `IP version ${word >>> 28}, expected 6`);
  const payloadLength = view.getUint16(4);
  if (40 + payloadLength > bytes.length) throw new PayloadError('IP_BAD_HEADER_LENGTH', `payload length ${payloadLength} overruns ${bytes.length} bytes`);
  return {
    version: 6,
    trafficClass: (word >>> 20) & 0xff,
    flowLabel: word & 0xfffff,
    payloadLength,
    nextHeader: bytes[6] ?? 0,
    hopLimit: bytes[7] ?? 0,
    src: formatIpv6Address(bytes.subarray(8, 24)),
    dst: formatIpv6Address(bytes.subarray(24, 40)),
    payload: bytes.slice(40, 40 + payloadLength),
  };
}
