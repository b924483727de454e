/**
 * TCP reassembly for `inspect` on pcaps: groups the segments that src/standards/pcap extracts by
 * flow (source address/port → destination address/port, one direction each) and orders them by
 * sequence number (RFC 9293 §3.4), dropping retransmitted octets. SYN/FIN are not in the
 * extracted segments (they carry no payload), so a flow starts at its lowest sequence number seen.
 */
import type { TcpSegment } from '../../standards/pcap/pcap.ts';

export interface TcpFlow {
  /** "10.0.0.1:40000 -> 10.0.0.2:50000" */
  id: string;
  source: string;
  sourcePort: number;
  destination: string;
  destinationPort: number;
  /** In-order, de-duplicated payload pieces, contiguous from the flow's first octet up to any gap. */
  chunks: Uint8Array[];
  /** Total octets in `chunks`. */
  length: number;
  segments: number;
  /** Set when octets are missing: the stream offset where the hole starts and how many are lost. */
  gap?: { offset: number; missing: number };
}

function endpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** Splits TCP segments into flows (in order of first appearance) and reassembles each. */
export function reassembleTcpFlows(segments: readonly TcpSegment[]): TcpFlow[] {
  const byFlow = new Map<string, TcpSegment[]>();
  for (const s of segments) {
    const id = `${endpoint(s.source, s.sourcePort)} -> ${endpoint(s.destination, s.destinationPort)}`;
    let list = byFlow.get(id);
    if (!list) byFlow.set(id, (list = []));
    list.push(s);
  }
  const flows: TcpFlow[] = [];
  for (const [id, list] of byFlow) {
    const first = list[0]!;
    // Sequence numbers wrap at 2^32: place each segment by its signed 32-bit distance from the first.
    const placed = list.map((s) => ({ rel: (s.sequenceNumber - first.sequenceNumber) | 0, payload: s.payload }));
    const base = Math.min(...placed.map((p) => p.rel));
    placed.sort((a, b) => a.rel - b.rel || b.payload.length - a.payload.length);
    const chunks: Uint8Array[] = [];
    let next = 0; // stream offset of the next octet wanted
    let gap: TcpFlow['gap'];
    for (const p of placed) {
      const start = p.rel - base;
      const end = start + p.payload.length;
      if (end <= next) continue; // retransmission of octets already placed
      if (start > next) {
        gap = { offset: next, missing: start - next };
        break;
      }
      chunks.push(p.payload.subarray(next - start));
      next = end;
    }
    const flow: TcpFlow = {
      id,
      source: first.source,
      sourcePort: first.sourcePort,
      destination: first.destination,
      destinationPort: first.destinationPort,
      chunks,
      length: next,
      segments: list.length,
    };
    if (gap) flow.gap = gap;
    flows.push(flow);
  }
  return flows;
}

/** The first `n` octets of a flow (for content detection). */
export function flowPrefix(flow: TcpFlow, n: number): Uint8Array {
  const out = new Uint8Array(Math.min(n, flow.length));
  let o = 0;
  for (const c of flow.chunks) {
    if (o >= out.length) break;
    const take = c.subarray(0, out.length - o);
    out.set(take, o);
    o += take.length;
  }
  return out;
}
