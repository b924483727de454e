/**
 * Classic libpcap file format (draft-ietf-opsawg-pcap §4, §5): 24-byte file header, then per packet a
 * 16-byte record header. Link type 101 LINKTYPE_RAW (packets start at the IP header, v4 or v6).
 */
import { PayloadError } from '../errors.ts';

export const LINKTYPE_RAW = 101;

export interface PcapRecord {
  timeMs: number;
  data: Uint8Array;
}

export function writePcap(records: readonly PcapRecord[], linkType = LINKTYPE_RAW, snapLength = 65535): Uint8Array {
  let total = 24;
  for (const r of records) total += 16 + Math.min(r.data.length, snapLength);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0xa1b2c3d4, true); // microsecond-resolution magic, little endian
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, snapLength, true);
  view.setUint32(20, linkType, true);
  let offset = 24;
  for (const r of records) {
    const captured = r.data.subarray(0, snapLength);
    const micros = Math.round(r.timeMs * 1000);
    view.setUint32(offset, Math.floor(micros / 1e6), true);
    view.setUint32(offset + 4, micros % 1e6, true);
    view.setUint32(offset + 8, captured.length, true);
    view.setUint32(offset + 12, r.data.length, true);
    out.set(captured, offset + 16);
    offset += 16 + captured.length;
  }
  return out;
}

export function readPcap(bytes: Uint8Array): { linkType: number; records: PcapRecord[] } {
  if (bytes.length < 24) throw new PayloadError('PCAP_BAD_FILE', 'pcap file header truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, true);
  const little = magic === 0xa1b2c3d4;
  if (!little && magic !== 0xd4c3b2a1) throw new PayloadError('PCAP_BAD_FILE', `bad pcap magic 0x${magic.toString(16)}`);
  const linkType = view.getUint32(20, little);
  const records: PcapRecord[] = [];
  let offset = 24;
  while (offset < bytes.length) {
    if (offset + 16 > bytes.length) throw new PayloadError('PCAP_BAD_FILE', 'pcap record header truncated');
    const length = view.getUint32(offset + 8, little);
    if (offset + 16 + length > bytes.length) throw new PayloadError('PCAP_BAD_FILE', 'pcap record data truncated');
    const timeMs = view.getUint32(offset, little) * 1000 + view.getUint32(offset + 4, little) / 1000;
    records.push({ timeMs, data: bytes.slice(offset + 16, offset + 16 + length) });
    offset += 16 + length;
  }
  return { linkType, records };
}
