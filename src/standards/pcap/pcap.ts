/**
 * Minimal classic pcap reader (draft-ietf-opsawg-pcap §4-§5; not pcapng) and TCP payload extraction
 * for IPv4 (RFC 791) / IPv6 (RFC 8200) packets — enough to replay captured X2/X3 or HI2/HI3 streams
 * in tests. No reassembly or reordering: segments come back in capture order.
 */
import { formatIpv4, formatIpv6 } from '../ip-text.ts';
import { PcapError } from './errors.ts';

export interface PcapRecord {
  /** Seconds since the epoch. */
  seconds: number;
  /** Sub-second part in nanoseconds (microsecond files are scaled up). */
  nanoseconds: number;
  /** Original length on the wire. */
  originalLength: number;
  /** Captured octets (a view of the file buffer). */
  data: Uint8Array;
}

export interface PcapFile {
  linkType: number;
  snapLength: number;
  records: PcapRecord[];
}

export interface TcpSegment {
  recordIndex: number;
  seconds: number;
  nanoseconds: number;
  ipVersion: 4 | 6;
  /** Dotted quad or RFC 5952 text. */
  source: string;
  destination: string;
  sourcePort: number;
  destinationPort: number;
  sequenceNumber: number;
  /** TCP payload (a view of the file buffer; padding beyond the IP length is cut off). */
  payload: Uint8Array;
}

/** Parses a classic pcap file (both byte orders, micro- and nanosecond variants). */
export function readPcap(bytes: Uint8Array): PcapFile {
  if (bytes.length < 24) throw new PcapError('PCAP_TRUNCATED', `pcap file header needs 24 octets, have ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magicBE = view.getUint32(0, false);
  const magicLE = view.getUint32(0, true);
  let little: boolean;
  let nanoScale: number;
  if (magicLE === 0xa1b2c3d4 || magicLE === 0xa1b23c4d) {
    little = true;
    nanoScale = magicLE === 0xa1b23c4d ? 1 : 1000;
  } else if (magicBE === 0xa1b2c3d4 || magicBE === 0xa1b23c4d) {
    little = false;
    nanoScale = magicBE === 0xa1b23c4d ? 1 : 1000;
  } else {
    throw new PcapError('PCAP_BAD_MAGIC', `not a classic pcap file (magic 0x${magicBE.toString(16)})`);
  }
  const snapLength = view.getUint32(16, little);
  // The link type is the low 16 bits of the field; the upper bits carry FCS flags (§4).
  const linkType = view.getUint32(20, little) & 0xffff;
  const records: PcapRecord[] = [];
  let o = 24;
  while (o < bytes.length) {
    if (o + 16 > bytes.length) throw new PcapError('PCAP_TRUNCATED', `record header at ${o} truncated`, { details: { offset: o } });
    const capLen = view.getUint32(o + 8, little);
    if (o + 16 + capLen > bytes.length) {
      throw new PcapError('PCAP_TRUNCATED', `record at ${o} claims ${capLen} octets past the end`, { details: { offset: o } });
    }
    records.push({
      seconds: view.getUint32(o, little),
      nanoseconds: view.getUint32(o + 4, little) * nanoScale,
      originalLength: view.getUint32(o + 12, little),
      data: bytes.subarray(o + 16, o + 16 + capLen),
    });
    o += 16 + capLen;
  }
  return { linkType, snapLength, records };
}

/** Offset of the IP header in a frame of this link type and its EtherType-like protocol, or undefined. */
function networkLayer(linkType: number, d: Uint8Array, v: DataView): number | undefined {
  switch (linkType) {
    case 0: // DLT_NULL: 4-octet host-order address family
    case 108: // DLT_LOOP: network-order family
      return d.length >= 4 ? 4 : undefined;
    case 1: {
      // Ethernet II, skipping 802.1Q / 802.1ad tags.
      let o = 12;
      while (o + 2 <= d.length) {
        const et = v.getUint16(o);
        if (et === 0x8100 || et === 0x88a8) {
          o += 4;
          continue;
        }
        return et === 0x0800 || et === 0x86dd ? o + 2 : undefined;
      }
      return undefined;
    }
    case 12:
    case 101:
    case 228:
    case 229:
      return 0;
    case 113: // Linux cooked v1: protocol at 14, header 16
      return d.length >= 16 && (v.getUint16(14) === 0x0800 || v.getUint16(14) === 0x86dd) ? 16 : undefined;
    case 276: // Linux cooked v2: protocol at 0, header 20
      return d.length >= 20 && (v.getUint16(0) === 0x0800 || v.getUint16(0) === 0x86dd) ? 20 : undefined;
    default:
      throw new PcapError('PCAP_UNSUPPORTED_LINKTYPE', `link type ${linkType} is not supported`, { details: { linkType } });
  }
}

/** TCP segments with a non-empty payload in a pcap's IPv4/IPv6 packets, in capture order. */
export function tcpSegments(bytes: Uint8Array): TcpSegment[] {
  const file = readPcap(bytes);
  const out: TcpSegment[] = [];
  file.records.forEach((rec, recordIndex) => {
    const d = rec.data;
    const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
    const ip = networkLayer(file.linkType, d, v);
    if (ip === undefined || ip >= d.length) return;
    const version = d[ip]! >> 4;
    let l4: number;
    let end: number;
    let source: string;
    let destination: string;
    if (version === 4) {
      const ihl = (d[ip]! & 0x0f) * 4;
      if (ihl < 20 || ip + ihl > d.length || d[ip + 9] !== 6) return;
      if ((v.getUint16(ip + 6) & 0x3fff) !== 0) return; // fragment: no reassembly here
      end = Math.min(d.length, ip + v.getUint16(ip + 2));
      l4 = ip + ihl;
      source = formatIpv4(d, ip + 12);
      destination = formatIpv4(d, ip + 16);
    } else if (version === 6) {
      if (ip + 40 > d.length) return;
      end = Math.min(d.length, ip + 40 + v.getUint16(ip + 4));
      let next = d[ip + 6]!;
      l4 = ip + 40;
      // Skip hop-by-hop (0), routing (43), destination options (60); give up on fragments (44).
      while (next === 0 || next === 43 || next === 60) {
        if (l4 + 2 > end) return;
        next = d[l4]!;
        l4 += (d[l4 + 1]! + 1) * 8;
      }
      if (next !== 6) return;
      source = formatIpv6(d, ip + 8);
      destination = formatIpv6(d, ip + 24);
    } else return;
    if (l4 + 20 > end) return;
    const dataOffset = (d[l4 + 12]! >> 4) * 4;
    if (dataOffset < 20 || l4 + dataOffset > end) return;
    const payload = d.subarray(l4 + dataOffset, end);
    if (payload.length === 0) return;
    out.push({
      recordIndex,
      seconds: rec.seconds,
      nanoseconds: rec.nanoseconds,
      ipVersion: version,
      source,
      destination,
      sourcePort: v.getUint16(l4),
      destinationPort: v.getUint16(l4 + 2),
      sequenceNumber: v.getUint32(l4 + 4),
      payload,
    });
  });
  return out;
}
