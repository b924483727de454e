/**
 * HI2/HI3 receiver (LEMF side), TS 102 232-1 §6: accepts mutual-TLS connections from the MDF,
 * reads the stream of BER PS-PDUs, answers TRI keep-alives with keep-aliveResponse (§6.3, TRIPayload
 * [3]/[4]) and hands every other PDU, with its received bytes, to the handler. Broken framing closes
 * the connection with an alarm; a PDU whose inner structure is bad is reported and skipped (its
 * length was sound, so the stream stays in step).
 */
import { encodePsPdu, PsPduStreamReader, type PsPdu, type ReceivedPsPdu } from '../../standards/hi2hi3/index.ts';
import type { Endpoint, ListenerFactory, StreamListener } from '../transport.ts';

export interface Hi2Hi3ReceiverOptions {
  bind: Endpoint;
  listener: ListenerFactory;
  maxPduSize?: number;
  onPdu: (received: { bytes: Uint8Array; pdu: PsPdu }, peer: string) => void;
  onAlarm?: (code: 'HI_MALFORMED_STREAM' | 'HI_BAD_PDU', detail: string, peer: string) => void;
  onConnection?: (peer: string, open: boolean) => void;
}

export function isKeepalive(pdu: PsPdu): boolean {
  return pdu.payload.kind === 'tRIPayload' && pdu.payload.value.kind === 'keepAlive';
}

export function isKeepaliveResponse(pdu: PsPdu): boolean {
  return pdu.payload.kind === 'tRIPayload' && pdu.payload.value.kind === 'keepAliveResponse';
}

/** The keep-aliveResponse for a keep-alive: same header, so the MDF can match it. */
export function keepaliveResponseFor(pdu: PsPdu): Uint8Array {
  return encodePsPdu({ pSHeader: pdu.pSHeader, payload: { kind: 'tRIPayload', value: { kind: 'keepAliveResponse' } } });
}

export async function startHi2Hi3Receiver(o: Hi2Hi3ReceiverOptions): Promise<StreamListener> {
  return o.listener(o.bind, ({ stream, peer }) => {
    const reader = new PsPduStreamReader(o.maxPduSize === undefined ? {} : { maxPduSize: o.maxPduSize });
    o.onConnection?.(peer, true);
    stream.on('close', () => o.onConnection?.(peer, false));
    stream.on('error', () => undefined);
    stream.on('data', (chunk: Buffer) => {
      let received: ReceivedPsPdu[];
      try {
        received = reader.push(chunk);
      } catch (e) {
        o.onAlarm?.('HI_MALFORMED_STREAM', (e as Error).message, peer);
        stream.destroy();
        return;
      }
      for (const r of received) {
        if (r.error) {
          o.onAlarm?.('HI_BAD_PDU', r.error.message, peer);
          continue;
        }
        if (isKeepalive(r.pdu)) stream.write(keepaliveResponseFor(r.pdu));
        else o.onPdu({ bytes: r.bytes, pdu: r.pdu }, peer);
      }
    });
  });
}
