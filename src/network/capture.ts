/**
 * Turns events back into IP packets as they crossed the wire (SIP and RTP wrapped in IPv4/UDP from
 * their `transport`; user-plane packets as they are) and writes them as a pcap for Wireshark/tshark.
 */
import { buildUdpPacket } from '../standards/payloads/ip/packet.ts';
import { writePcap } from '../standards/payloads/ip/pcap.ts';
import type { NetworkEvent } from './events.ts';

export function eventIpPacket(event: NetworkEvent): Uint8Array | undefined {
  switch (event.kind) {
    case 'sip':
      return buildUdpPacket({ src: event.transport.src, dst: event.transport.dst, dscp: 26 }, { srcPort: event.transport.srcPort, dstPort: event.transport.dstPort, payload: event.payload.bytes });
    case 'rtp':
      return buildUdpPacket({ src: event.transport.src, dst: event.transport.dst, dscp: 46 }, { srcPort: event.transport.srcPort, dstPort: event.transport.dstPort, payload: event.payload.bytes });
    case 'ip-packet':
      return event.payload.bytes;
    default:
      return undefined;
  }
}

/** A pcap (LINKTYPE_RAW) of every event that has an IP form, in event order. */
export function eventsToPcap(events: Iterable<NetworkEvent>): Uint8Array {
  const records: { timeMs: number; data: Uint8Array }[] = [];
  for (const e of events) {
    const data = eventIpPacket(e);
    if (data) records.push({ timeMs: e.timeMs, data });
  }
  return writePcap(records);
}
