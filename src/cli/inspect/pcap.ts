/**
 * `inspect` on a classic pcap: TCP payloads are extracted (src/standards/pcap), reassembled per flow
 * in sequence-number order, and each flow that starts like an X2/X3 (TS 103 221-2) or PS-PDU
 * (TS 102 232-1) stream goes through that format's streaming decoder. Other flows (SIP, HTTP, TLS…)
 * are listed as skipped; they are not errors: a capture holds other traffic too.
 */
import { tcpSegments } from '../../standards/pcap/pcap.ts';
import { detectStreamFormat } from './detect.ts';
import { errorJson } from './json.ts';
import { InspectError } from './errors.ts';
import { inspectPsPduStream, inspectX2X3Stream, type Emit, type JsonRecord } from './decoders.ts';
import { flowPrefix, reassembleTcpFlows, type TcpFlow } from './tcp-flows.ts';

export interface InspectedFlow {
  flow: TcpFlow;
  stream: 'x2x3' | 'pspdu' | undefined;
}

/** Decodes every LI flow of a pcap; returns the flows (for --validate) and whether all decoded. */
export function inspectPcap(bytes: Uint8Array, where: JsonRecord, emit: Emit): { ok: boolean; flows: InspectedFlow[] } {
  let flows: TcpFlow[];
  try {
    flows = reassembleTcpFlows(tcpSegments(bytes));
  } catch (err) {
    emit({ ...where, error: errorJson(err) });
    return { ok: false, flows: [] };
  }
  let ok = true;
  const inspected: InspectedFlow[] = [];
  for (const flow of flows) {
    const stream = detectStreamFormat(flowPrefix(flow, 64));
    inspected.push({ flow, stream });
    const at: JsonRecord = { ...where, flow: flow.id };
    if (stream === undefined) {
      emit({ ...at, stream: null, skipped: 'not an X2/X3 or PS-PDU stream', octets: flow.length, segments: flow.segments });
      continue;
    }
    const decoded =
      stream === 'x2x3' ? inspectX2X3Stream(flow.chunks, { ...at, stream }, emit) : inspectPsPduStream(flow.chunks, { ...at, stream }, emit);
    ok &&= decoded;
    if (flow.gap) {
      const err = new InspectError('INSPECT_TCP_GAP', `flow misses ${flow.gap.missing} octets at stream offset ${flow.gap.offset}`, {
        details: { ...flow.gap },
      });
      emit({ ...at, stream, error: errorJson(err) });
      ok = false;
    }
  }
  emit({ ...where, summary: { flows: flows.length, decodedFlows: inspected.filter((f) => f.stream !== undefined).length } });
  return { ok, flows: inspected };
}
