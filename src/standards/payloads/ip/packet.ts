/**
 * Whole IP packets: one call builds IPv4/IPv6 + UDP/TCP with every checksum right, one call parses
 * and verifies them. Version is chosen from the address text (a ':' means IPv6).
 */
import { PayloadError, need } from '../errors.ts';
import { IP_PROTOCOL_TCP, IP_PROTOCOL_UDP, buildIpv4, parseIpv4 } from './ipv4.ts';
import { buildIpv6, parseIpv6 } from './ipv6.ts';
import { buildTcp, buildUdp, parseTcp, parseUdp } from './transport.ts';
import type { ParsedTcp, ParsedUdp, TcpSegment, UdpDatagram } from './transport.ts';

export interface IpEndpoints {
  src: string;
  dst: string;
  ttl?: number;
  identification?: number;
  dscp?: number;
}

function wrap(endpoints: IpEndpoints, protocol: number, segment: Uint8Array): Uint8Array {
  if (endpoints.src.includes(':') !== endpoints.dst.includes(':')) {
    throw new PayloadError('PAYLOAD_BAD_VALUE', 'source and destination must be the same IP version');
  }
  if (endpoints.src.includes(':')) {
    return buildIpv6({ src: endpoints.src, dst: endpoints.dst, nextHeader: protocol, payload: segment, hopLimit: endpoints.ttl ?? 64, trafficClass: (endpoints.dscp ?? 0) << 2 });
  }
  return buildIpv4({ ...endpoints, protocol, payload: segment });
}

export function buildUdpPacket(endpoints: IpEndpoints, datagram: UdpDatagram): Uint8Array {
  return wrap(endpoints, IP_PROTOCOL_UDP, buildUdp(datagram, endpoints));
}

export function buildTcpPacket(endpoints: IpEndpoints, segment: TcpSegment): Uint8Array {
  return wrap(endpoints, IP_PROTOCOL_TCP, buildTcp(segment, endpoints));
}

export interface ParsedIpPacket {
  version: 4 | 6;
  src: string;
  dst: string;
  protocol: number;
  udp?: ParsedUdp;
  tcp?: ParsedTcp;
  /** The transport payload (application bytes) for UDP/TCP, else the IP payload. */
  payload: Uint8Array;
}

/** Parses an IPv4 or IPv6 packet and its UDP/TCP segment, verifying all checksums. */
export function parseIpPacket(bytes: Uint8Array): ParsedIpPacket {
  need(bytes, 0, 1, 'IP packet');
  const version = (bytes[0] ?? 0) >> 4;
  let header: { src: string; dst: string; protocol: number; payload: Uint8Array };
  if (version === 4) header = parseIpv4(bytes);
  else if (version === 6) {
    const v6 = parseIpv6(bytes);
    header = { src: v6.src, dst: v6.dst, protocol: v6.nextHeader, payload: v6.payload };
  } else throw new PayloadError('IP_BAD_VERSION', `IP version ${version}`);
  const base: Omit<ParsedIpPacket, 'payload'> = { version: version === 4 ? 4 : 6, src: header.src, dst: header.dst, protocol: header.protocol };
  if (header.protocol === IP_PROTOCOL_UDP) {
    const udp = parseUdp(header.payload, header);
    return { ...base, udp, payload: udp.payload };
  }
  if (header.protocol === IP_PROTOCOL_TCP) {
    const tcp = parseTcp(header.payload, header);
    return { ...base, tcp, payload: tcp.payload };
  }
  return { ...base, payload: header.payload };
}
