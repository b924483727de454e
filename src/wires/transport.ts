/**
 * Transports are injected (DESIGN.md): every wire takes a `Connector` to open client streams and a
 * `Listener` factory to accept them, so tests can run the same code over TLS, plain TCP or memory.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { mtlsClientOptions, mtlsServerOptions, peerIdentifier, type Credentials } from '../platform/pki.ts';

export interface Endpoint {
  host: string;
  port: number;
}

/** Opens a client stream; resolves once the stream is ready (TLS handshake done). */
export type Connector = (endpoint: Endpoint) => Promise<Duplex>;

export interface AcceptedStream {
  stream: Duplex;
  /** Authenticated peer identity (certificate UID/CN) or a label for unauthenticated transports. */
  peer: string;
  remote: string;
}

export interface StreamListener {
  readonly endpoint: Endpoint;
  close(): Promise<void>;
}

export type ListenerFactory = (bind: Endpoint, onStream: (s: AcceptedStream) => void) => Promise<StreamListener>;

/** Mutual-TLS client connector. */
export function tlsConnector(creds: Credentials): Connector {
  return (ep) =>
    new Promise((resolve, reject) => {
      const s = tls.connect({ ...mtlsClientOptions(creds), host: ep.host, port: ep.port, servername: ep.host === '127.0.0.1' || ep.host === '::1' ? undefined : ep.host });
      s.setNoDelay(true);
      const onError = (e: Error) => reject(e);
      s.once('error', onError);
      s.once('secureConnect', () => {
        s.off('error', onError);
        resolve(s);
      });
    });
}

/** Mutual-TLS listener: peers without a certificate from our CA never reach `onStream`. */
export function tlsListener(creds: Credentials): ListenerFactory {
  return async (bind, onStream) => {
    const server = tls.createServer(mtlsServerOptions(creds), (s) => {
      let peer: string;
      try {
        peer = peerIdentifier(s);
      } catch {
        s.destroy();
        return;
      }
      s.setNoDelay(true);
      onStream({ stream: s, peer, remote: `${s.remoteAddress ?? '?'}:${s.remotePort ?? 0}` });
    });
    // Failed handshakes (wrong CA, no certificate) are refused by TLS itself; nothing to deliver.
    server.on('tlsClientError', () => undefined);
    return listen(server, bind);
  };
}

/** Plain TCP (tests and benchmarks only: every deployment wire is mutual TLS). */
export const tcpConnector: Connector = (ep) =>
  new Promise((resolve, reject) => {
    const s = net.connect({ host: ep.host, port: ep.port });
    s.setNoDelay(true);
    s.once('error', reject);
    s.once('connect', () => {
      s.off('error', reject);
      resolve(s);
    });
  });

export const tcpListener: ListenerFactory = async (bind, onStream) => {
  const server = net.createServer((s) => {
    s.setNoDelay(true);
    onStream({ stream: s, peer: 'unauthenticated', remote: `${s.remoteAddress ?? '?'}:${s.remotePort ?? 0}` });
  });
  return listen(server, bind);
};

async function listen(server: net.Server, bind: Endpoint): Promise<StreamListener> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(bind.port, bind.host);
  await once(server, 'listening');
  const addr = server.address() as AddressInfo;
  return {
    endpoint: { host: bind.host, port: addr.port },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
