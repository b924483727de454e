/**
 * One LEMF listening port (HI2 or HI3), TS 102 232-1 §6: mutual-TLS connections from the MDF
 * carrying BER PS-PDUs back to back. The session layer (keep-alives, option negotiation, PDU
 * acknowledgement answered only once what was received is durable) is the same LgwSession as
 * `startHi2Hi3Receiver`'s; unlike it, this loop hands over the bytes of PDUs that do not decode and of streams
 * whose framing breaks or that close mid-PDU, because the agency keeps them as evidence too.
 */
import { PsPduStreamReader, type PsPdu, type ReceivedPsPdu } from '../standards/hi2hi3/index.ts';
import { LgwSession } from '../wires/hi2hi3/session.ts';
import type { Endpoint, ListenerFactory, StreamListener } from '../wires/transport.ts';

export interface ChannelListenerOptions {
  bind: Endpoint;
  listener: ListenerFactory;
  maxPduSize?: number;
  /** Certificate identities allowed to deliver (e.g. ['mdf']); undefined: any peer of the CA. */
  acceptPeers?: readonly string[];
  /** `connection` numbers the connections of this process (a resend arrives on a later one). */
  onPdu: (bytes: Uint8Array, pdu: PsPdu, peer: string, connection: number) => void;
  onUndecodable: (bytes: Uint8Array, error: Error, peer: string) => void;
  /** The framing broke (`bytes`: the chunk that broke it) or the connection closed mid-PDU. */
  onBroken: (kind: 'malformed' | 'truncated', bytes: Uint8Array, detail: string, peer: string) => void;
  onRefused: (peer: string) => void;
  onKeepalive: () => void;
  onConnection: (open: boolean) => void;
  /** Accept PDU acknowledgement (TS 102 232-1 §6.3.6). */
  acknowledge: boolean;
  /** Makes everything handed over so far durable; an acknowledgement is answered only after it. */
  makeDurable: () => Promise<void>;
  /** Durability failed: no acknowledgement is given and the connection is closed (the MDF resends). */
  onDurabilityFailed: (error: Error) => void;
}

export async function listenChannel(o: ChannelListenerOptions): Promise<StreamListener> {
  let connections = 0;
  return o.listener(o.bind, ({ stream, peer }) => {
    if (o.acceptPeers && !o.acceptPeers.includes(peer)) {
      o.onRefused(peer);
      stream.destroy();
      return;
    }
    const connection = ++connections;
    const reader = new PsPduStreamReader(o.maxPduSize === undefined ? {} : { maxPduSize: o.maxPduSize });
    const held: Buffer[] = [];
    let broken = false;
    const session = new LgwSession({
      acknowledge: o.acknowledge,
      write: (b) => stream.write(b),
      makeDurable: o.makeDurable,
      onDurabilityFailed: (e) => {
        o.onDurabilityFailed(e);
        stream.destroy();
      },
    });
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
        else if (session.handle(r.pdu)) {
          if (r.pdu.payload.kind === 'tRIPayload' && r.pdu.payload.value.kind === 'keepAlive') o.onKeepalive();
        } else o.onPdu(r.bytes, r.pdu, peer, connection);
      }
      session.endOfChunk(received.at(-1)?.pdu);
    });
  });
}
