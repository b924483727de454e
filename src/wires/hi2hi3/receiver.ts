/**
 * HI2/HI3 receiver (LEMF side), TS 102 232-1 §6: accepts mutual-TLS connections from the MDF,
 * reads the stream of BER PS-PDUs, answers the session layer (keep-alives, option negotiation, PDU
 * acknowledgement: session.ts LgwSession) and hands every other PDU, with its received bytes, to the
 * handler. Broken framing closes
 * the connection with an alarm; a PDU whose inner structure is bad is reported and skipped (its
 * length was sound, so the stream stays in step).
 */
import { encodePsPdu, PsPduStreamReader, type PsPdu, type ReceivedPsPdu } from '../../standards/hi2hi3/index.ts';
import type { Endpoint, ListenerFactory, StreamListener } from '../transport.ts';
import { LgwSession } from './session.ts';

export interface Hi2Hi3ReceiverOptions {
  bind: Endpoint;
  listener: ListenerFactory;
  maxPduSize?: number;
  onPdu: (received: { bytes: Uint8Array; pdu: PsPdu }, peer: string) => void;
  onAlarm?: (code: 'HI_MALFORMED_STREAM' | 'HI_BAD_PDU', detail: string, peer: string) => void;
  onConnection?: (peer: string, open: boolean) => void;
  /** Accept PDU acknowledgement (§6.3.6); answered after `makeDurable` resolves. */
  acknowledge?: boolean;
  /** Makes what `onPdu` was given so far durable (default: nothing to do, the handler keeps it in memory). */
  makeDurable?: () => Promise<void>;
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
    const session = new LgwSession({
      acknowledge: o.acknowledge ?? false,
      write: (b) => stream.write(b),
      makeDurable: o.makeDurable ?? (() => Promise.resolve()),
      onDurabilityFailed: () => stream.destroy(),
    });
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
        // The reader's result is already { bytes, pdu }: no second object per PDU.
        if (!session.handle(r.pdu)) o.onPdu(r, peer);
      }
      session.endOfChunk(received.at(-1)?.pdu);
    });
  });
}
