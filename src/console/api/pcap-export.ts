/**
 * The PCAP of an export: classic pcap (draft-ietf-opsawg-pcap §4, LINKTYPE_RAW 101: each record an
 * IPv4 or IPv6 packet) holding
 * - call content: each RTP packet rebuilt from the iPMMCC fields the store keeps (RFC 3550 §5.1) in
 *   UDP/IPv4. iPMMCC carries the RTP frame only (TS 102 232-5 frameType rtpFrame), so the UDP/IP
 *   addresses are documentation ones (RFC 5737), 192.0.2.1 for the target's side and 192.0.2.2 for the
 *   other, ports 40000 / 40002;
 * - IP content: each packet exactly as delivered — iPCC `iPPackets` / `iPTruncatedPacket` (TS 102
 *   232-3 §6.3.2) or TS 33.128 `uPFCCPDU` / `extendedUPFCCPDU` — read back from the LEMF's evidence
 *   (the store keeps only its summary), and checked against that summary (length, addresses) so the
 *   bytes written are the record's.
 */
import type { MonitoringRecord } from '../../monitoring/types.ts';
import { decodePsPdu, type CCPayload } from '../../standards/hi2hi3/index.ts';
import { buildRtp, buildUdpPacket } from '../../standards/payloads/index.ts';
import { decodeCCPayload } from '../../standards/ts33128/index.ts';
import { ConsoleError } from '../errors.ts';
import type { StoredRecord } from '../store/types.ts';

/** The received bytes of a record's PDU (the LEMF's `evidenceOf`, src/monitoring/store.ts). */
export type EvidenceReader = (record: Pick<MonitoringRecord, 'liid' | 'evidence'>) => Uint8Array;

const LINKTYPE_RAW = 101;

interface Packet {
  atUs: bigint;
  bytes: Uint8Array;
}

export function pcapOf(callContent: readonly StoredRecord[], ipContent: readonly StoredRecord[], evidenceOf: EvidenceReader | undefined): Uint8Array {
  const packets: Packet[] = [];
  for (const r of callContent) {
    const p = rtpPacket(r);
    if (p) packets.push({ atUs: r.atUs, bytes: p });
  }
  if (ipContent.length > 0) {
    if (!evidenceOf) throw new ConsoleError('CONSOLE_INTERNAL', 'IP content needs the LEMF evidence reader');
    packets.push(...ipPackets(ipContent, evidenceOf));
  }
  // Stable: records of one time keep the store's (time, id) order.
  packets.sort((a, b) => (a.atUs < b.atUs ? -1 : a.atUs > b.atUs ? 1 : 0));
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0); // microsecond timestamps
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(LINKTYPE_RAW, 20);
  const chunks: Uint8Array[] = [head];
  for (const p of packets) {
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(Number(p.atUs / 1_000_000n), 0);
    rec.writeUInt32LE(Number(p.atUs % 1_000_000n), 4);
    const kept = p.bytes.subarray(0, 65535);
    rec.writeUInt32LE(kept.length, 8);
    rec.writeUInt32LE(p.bytes.length, 12);
    chunks.push(rec, kept);
  }
  return Buffer.concat(chunks);
}

function rtpPacket(r: StoredRecord): Uint8Array | undefined {
  const s = r.summary;
  if (s.kind !== 'call-content' || s.media === undefined || s.ssrc === undefined || s.payloadType === undefined) return undefined;
  const rtp = buildRtp({ payloadType: s.payloadType, sequenceNumber: s.rtpSequence ?? 0, timestamp: s.rtpTimestamp ?? 0, ssrc: s.ssrc, marker: s.marker === true, payload: Buffer.from(s.media, 'base64') });
  const fromTarget = r.direction === 'fromTarget';
  return buildUdpPacket({ src: fromTarget ? '192.0.2.1' : '192.0.2.2', dst: fromTarget ? '192.0.2.2' : '192.0.2.1' }, { srcPort: fromTarget ? 40000 : 40002, dstPort: fromTarget ? 40002 : 40000, payload: rtp });
}

/**
 * Each IP-content record's packet from its PDU. Records of one PDU share its evidence reference; the
 * store does not keep which element a record was, so each takes the first unused element whose packet
 * matches its summary. A record whose packet is not found means the evidence and the store disagree:
 * the export fails rather than leave a packet out unsaid.
 */
function ipPackets(records: readonly StoredRecord[], evidenceOf: EvidenceReader): Packet[] {
  const byPdu = new Map<string, StoredRecord[]>();
  for (const r of records) {
    const key = `${r.evidence.file}/${r.evidence.offset}/${r.evidence.length}`;
    const list = byPdu.get(key);
    if (list) list.push(r);
    else byPdu.set(key, [r]);
  }
  const out: Packet[] = [];
  for (const list of byPdu.values()) {
    const first = list[0]!;
    const packets = packetsOfPdu(evidenceOf({ liid: first.liid, evidence: first.evidence }));
    const used = new Set<number>();
    for (const r of list) {
      const i = packets.findIndex((p, j) => !used.has(j) && matches(r, p));
      if (i < 0) throw new ConsoleError('CONSOLE_INTERNAL', `record ${r.id}: its IP packet is not in its evidence`);
      used.add(i);
      out.push({ atUs: r.atUs, bytes: packets[i]! });
    }
  }
  return out;
}

/** The record's summary was made from these bytes (src/monitoring/decode-ip.ts): same length and addresses. */
function matches(r: StoredRecord, packet: Uint8Array): boolean {
  const s = r.summary;
  if (s.kind !== 'data-content' || s.length !== packet.length) return false;
  if (s.src === undefined || packet.length < 20) return true;
  const v4 = packet[0]! >> 4 === 4;
  return !v4 || (s.src === [...packet.subarray(12, 16)].join('.') && s.dst === [...packet.subarray(16, 20)].join('.'));
}

/** The IP packets of a PS-PDU's CC elements, in element order. */
function packetsOfPdu(bytes: Uint8Array): Uint8Array[] {
  const pdu = decodePsPdu(bytes);
  if (pdu.payload.kind !== 'cCPayloadSequence') return [];
  return pdu.payload.value.map(packetOf).filter((p): p is Uint8Array => p !== undefined);
}

function packetOf(cc: CCPayload): Uint8Array | undefined {
  const c = cc.cCContents;
  if (c.kind === 'iPCC') {
    const ip = c.value.iPCCContents;
    return ip.kind === 'iPPackets' ? ip.value : ip.value.truncatedPacket;
  }
  if (c.kind === 'threeGPP33128DefinedCC') {
    try {
      const pdu = decodeCCPayload(c.value).pDU;
      if (pdu.kind === 'uPFCCPDU') return pdu.value;
      if (pdu.kind === 'extendedUPFCCPDU' && pdu.value.payload.kind === 'uPFIPCC') return pdu.value.payload.value;
    } catch {
      return undefined; // the LEMF made an `other` record of it, not IP content
    }
  }
  return undefined;
}
