/**
 * UDP (RFC 768) and TCP (RFC 9293 §3.1) segments with checksums over the IPv4 pseudo-header
 * (RFC 768 "pseudo header") or the IPv6 pseudo-header (RFC 8200 §8.1).
 */
import { PayloadError, need } from '../errors.ts';
import { internetChecksum, onesComplementSum, parseIpv4Address, parseIpv6Address } from './checksum.ts';

export interface PseudoHeader {
  src: string;
  dst: string;
  protocol: number;
}

export interface UdpDatagram {
  srcPort: number;
  dstPort: number;
  payload: Uint8Array;
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  /** Bit set of TCP_FIN | TCP_SYN | TCP_RST | TCP_PSH | TCP_ACK (| URG 0x20, ECE 0x40, CWR 0x80). */
  flags: number;
  window?: number;
  /** Raw options, padded here to a 32-bit boundary with NOPs/EOL. */
  options?: Uint8Array;
  payload: Uint8Array;
}

function pseudoHeaderSum(pseudo: PseudoHeader, length: number): number {
  const v6 = pseudo.src.includes(':');
  const src = v6 ? parseIpv6Address(pseudo.src) : parseIpv4Address(pseudo.src);
  const dst = v6 ? parseIpv6Address(pseudo.dst) : parseIpv4Address(pseudo.dst);
  const tail = new Uint8Array(v6 ? 8 : 4);
  const view = new DataView(tail.buffer);
  if (v6) {
    view.setUint32(0, length); // RFC 8200 §8.1: upper-layer length (32 bits), 3 zero bytes, next header
    tail[7] = pseudo.protocol;
  } else {
    tail[1] = pseudo.protocol; // RFC 768: zero, protocol, UDP length
    view.setUint16(2, length);
  }
  return onesComplementSum(tail, onesComplementSum(dst, onesComplementSum(src)));
}

/** Checksum of a transport segment (checksum field already zero or to be verified). */
export function transportChecksum(segment: Uint8Array, pseudo: PseudoHeader): number {
  return internetChecksum(segment, pseudoHeaderSum(pseudo, segment.length));
}

function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 0xffff) throw new PayloadError('PAYLOAD_BAD_VALUE', `port ${port} outside 0..65535`);
}

export function buildUdp(datagram: UdpDatagram, pseudo: Omit<PseudoHeader, 'protocol'>): Uint8Array {
  checkPort(datagram.srcPort);
  checkPort(datagram.dstPort);
  const length = 8 + datagram.payload.length;
  if (length > 0xffff) throw new PayloadError('PAYLOAD_BAD_VALUE', 'UDP datagram exceeds 65535 bytes');
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  view.setUint16(0, datagram.srcPort);
  view.setUint16(2, datagram.dstPort);
  view.setUint16(4, length);
  out.set(datagram.payload, 8);
  const sum = transportChecksum(out, { ...pseudo, protocol: 17 });
  view.setUint16(6, sum === 0 ? 0xffff : sum); // RFC 768: a computed zero is sent as all ones
  return out;
}

export interface ParsedUdp extends UdpDatagram {
  length: number;
  checksum: number;
  /** undefined when no pseudo-header was given (checksum not checked) or the checksum is 0 (unused, IPv4 only). */
  checksumValid: boolean | undefined;
}

export function parseUdp(bytes: Uint8Array, pseudo?: Omit<PseudoHeader, 'protocol'>): ParsedUdp {
  need(bytes, 0, 8, 'UDP header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint16(4);
  if (length < 8 || length > bytes.length) throw new PayloadError('PAYLOAD_TRUNCATED', `UDP length ${length}, have ${bytes.length}`);
  const datagram = bytes.subarray(0, length);
  const checksum = view.getUint16(6);
  let checksumValid: boolean | undefined;
  if (pseudo && checksum !== 0) {
    checksumValid = transportChecksum(datagram, { ...pseudo, protocol: 17 }) === 0;
    if (!checksumValid) throw new PayloadError('IP_BAD_CHECKSUM', 'UDP checksum does not verify');
  }
  return { srcPort: view.getUint16(0), dstPort: view.getUint16(2), length, checksum, checksumValid, payload: bytes.slice(8, length) };
}

export function buildTcp(segment: TcpSegment, pseudo: Omit<PseudoHeader, 'protocol'>): Uint8Array {
  checkPort(segment.srcPort);
  checkPort(segment.dstPort);
  const rawOptions = segment.options ?? new Uint8Array(0);
  const optionsLength = Math.ceil(rawOptions.length / 4) * 4;
  if (optionsLength > 40) throw new PayloadError('PAYLOAD_BAD_VALUE', 'TCP options exceed 40 bytes');
  const headerLength = 20 + optionsLength;
  const out = new Uint8Array(headerLength + segment.payload.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, segment.srcPort);
  view.setUint16(2, segment.dstPort);
  view.setUint32(4, segment.seq >>> 0);
  view.setUint32(8, segment.ack >>> 0);
  out[12] = (headerLength / 4) << 4;
  out[13] = segment.flags & 0xff;
  view.setUint16(14, segment.window ?? 65535);
  out.set(rawOptions, 20); // trailing zero bytes are EOL (RFC 9293 §3.1 option kind 0)
  out.set(segment.payload, headerLength);
  view.setUint16(16, transportChecksum(out, { ...pseudo, protocol: 6 }));
  return out;
}

export interface ParsedTcp extends Required<TcpSegment> {
  headerLength: number;
  checksum: number;
  checksumValid: boolean | undefined;
}

export function parseTcp(bytes: Uint8Array, pseudo?: Omit<PseudoHeader, 'protocol'>): ParsedTcp {
  need(bytes, 0, 20, 'TCP header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = ((bytes[12] ?? 0) >> 4) * 4;
  if (headerLength < 20 || headerLength > bytes.length) throw new PayloadError('PAYLOAD_TRUNCATED', `TCP data offset ${headerLength}, have ${bytes.length}`);
  let checksumValid: boolean | undefined;
  if (pseudo) {
    checksumValid = transportChecksum(bytes, { ...pseudo, protocol: 6 }) === 0;
    if (!checksumValid) throw new PayloadError('IP_BAD_CHECKSUM', 'TCP checksum does not verify');
  }
  return {
    srcPort: view.getUint16(0),
    dstPort: view.getUint16(2),
    seq: view.getUint32(4),
    ack: view.getUint32(8),
    headerLength,
    flags: bytes[13] ?? 0,
    window: view.getUint16(14),
    checksum: view.getUint16(16),
    checksumValid,
    options: bytes.slice(20, headerLength),
    payload: bytes.slice(headerLength),
  };
}
