/**
 * X2/X3 receiver (MDF side), TS 103 221-2 §6.2: accepts mutual-TLS connections from POIs, frames
 * the PDU stream, answers Keepalives (§6.2.4) and hands every X2/X3 PDU to the handler together with
 * the authenticated POI identity. A malformed stream closes that connection and raises an alarm;
 * other connections are unaffected.
 */
import {
  encodeX2X3Pdu,
  keepaliveAcknowledgementPdu,
  PduType,
  X2X3Framer,
  firstAttribute,
  type DecodedX2X3Pdu,
} from '../../standards/x2x3/index.ts';
import type { Endpoint, ListenerFactory, StreamListener } from '../transport.ts';

export interface X2X3ReceiverOptions {
  bind: Endpoint;
  listener: ListenerFactory;
  maxPduSize?: number;
  /** Called for each X2 or X3 PDU, in stream order per connection. */
  onPdu: (pdu: DecodedX2X3Pdu, peer: string) => void;
  /**
   * Called once per chunk read from a connection, before its PDUs go to onPdu: every octet of those
   * PDUs had arrived by then (the MDF takes its receive time here, once per chunk).
   */
  onData?: (peer: string) => void;
  /** Called once the PDUs of a chunk have gone to onPdu, even if onPdu threw (the MDF records its X1 counts here). */
  onChunkEnd?: (peer: string) => void;
  onAlarm?: (code: 'X2X3_MALFORMED_STREAM', detail: string, peer: string) => void;
  onConnection?: (peer: string, open: boolean) => void;
}

export interface X2X3Receiver {
  readonly endpoint: Endpoint;
  /** Stops reading every connection (and new ones): TCP flow control holds the POIs back. */
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startX2X3Receiver(o: X2X3ReceiverOptions): Promise<X2X3Receiver> {
  const streams = new Set<{ pause(): unknown; resume(): unknown }>();
  let paused = false;
  const listener: StreamListener = await o.listener(o.bind, ({ stream, peer }) => {
    streams.add(stream);
    stream.on('close', () => streams.delete(stream));
    if (paused) stream.pause();
    const framer = new X2X3Framer(o.maxPduSize === undefined ? {} : { maxPduSize: o.maxPduSize });
    o.onConnection?.(peer, true);
    stream.on('close', () => o.onConnection?.(peer, false));
    stream.on('error', () => undefined);
    stream.on('data', (chunk: Buffer) => {
      let pdus: DecodedX2X3Pdu[];
      try {
        pdus = framer.push(chunk);
      } catch (e) {
        o.onAlarm?.('X2X3_MALFORMED_STREAM', (e as Error).message, peer);
        stream.destroy();
        return;
      }
      o.onData?.(peer);
      try {
        for (const pdu of pdus) {
          if (pdu.pduType === PduType.Keepalive) {
            const seq = firstAttribute(pdu, 'sequenceNumber')?.value ?? 0;
            stream.write(encodeX2X3Pdu(keepaliveAcknowledgementPdu(seq)));
          } else if (pdu.pduType === PduType.KeepaliveAcknowledgement) {
            // Only a POI acknowledges nothing; ignore stray acknowledgements.
          } else o.onPdu(pdu, peer);
        }
      } finally {
        o.onChunkEnd?.(peer);
      }
    });
  });
  return {
    endpoint: listener.endpoint,
    close: () => listener.close(),
    pause: () => {
      paused = true;
      for (const s of streams) s.pause();
    },
    resume: () => {
      paused = false;
      for (const s of streams) s.resume();
    },
  };
}
