/**
 * One LEMF listening port (HI2 or HI3), TS 102 232-1 §6: mutual-TLS connections from the MDF
 * carrying BER PS-PDUs back to back. Keep-alives are answered as `startHi2Hi3Receiver` does (same
 * helpers); unlike it, this loop hands over the bytes of PDUs that do not decode and of streams
 * whose framing breaks or that close mid-PDU, because the agency keeps them as evidence too.
 */
import { PsPduStreamReader, type PsPdu, type ReceivedPsPdu } from '../standards/hi2hi3/index.ts';
import { isKeepalive, keepaliveResponseFor } from '../wires/hi2hi3/receiver.ts';
import type { Endpoint, ListenerFactory, StreamListener } from '../wires/transport.ts';

export interface ChannelListenerOptions {
  bind: Endpoint;
  listener: ListenerFactory;
  maxPduSize?: number;
  /** Certificate identities allowed to deliver (e.g. ['mdf']); undefined: any peer of the CA. */
  acceptPeers?: readonly string[];
  onPdu: (bytes: Uint8Array, pdu: PsPdu, peer: string) => void;
  onUndecodable: (bytes: Uint8Array, error: Error, peer: string) => void;
  /** The framing broke (`bytes`: the chunk that broke it) or the connection closed mid-PDU. */
  onBroken: (kind: 'malformed' | 'truncated', bytes: Uint8Array, detail: string, peer: string) => void;
  onRefused: (peer: string) => void;
  onKeepalive: () => void;
  onConnection: (open: boolean) => void;
}

export async function listenChannel(o: ChannelListenerOptions): Promise<StreamListener> {
  return o.listener(o.bind, ({ stream, peer }) => {
    if (o.acceptPeers && !o.acceptPeers.includes(peer)) {
      o.onRefused(peer);
      stream.destroy();
      return;
    }
    const reader = new PsPduStreamReader(o.maxPduSize === undefined ? {} : { maxPduSize: o.maxPduSize });
    const held: Buffer[] = [];
    let broken = false;
    o.onConnection(true);
    stream.on('error', () => undefined);
    stream.on('close', () => {
      if (!broken && reader.pending > 0) o.onBroken('truncated', Buffer.concat(held).subarray(-reader.pending), `connection closed with ${reader.pending} bytes of a PDU pending`, peer);
      o.onConnection(false);
    });
    stream.on('data', (chunk: Buffer) => {
      if (broken) return;
      let received: ReceivedPsPdu[];
      try {
        received = reader.push(chunk);
      } catch (e) {
        broken = true;
        o.onBroken('malformed', chunk, (e as Error).message, peer);
        stream.destroy();
        return;
      }
      // Keep just enough of the stream to hand over a PDU cut short by the peer closing.
      held.push(chunk);
      let kept = held.reduce((n, b) => n + b.length, 0);
      while (held.length > 1 && kept - held[0]!.length >= reader.pending) kept -= held.shift()!.length;
      for (const r of received) {
        if (r.error) o.onUndecodable(r.bytes, r.error, peer);
        else if (isKeepalive(r.pdu)) {
          o.onKeepalive();
          stream.write(keepaliveResponseFor(r.pdu));
        } else o.onPdu(r.bytes, r.pdu, peer);
      }
    });
  });
}
