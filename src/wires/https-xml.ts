/**
 * XML over HTTPS with mutual TLS: the transport of X1 (TS 103 221-1 §7: HTTP POST of one XML
 * document, response in the HTTP response body) and of HI-1 (TS 103 120 §9 HTTP delivery).
 * This layer knows nothing of the messages: it moves documents and says who the peer is.
 */
import https from 'node:https';
import tls, { type PeerCertificate } from 'node:tls';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import { mtlsClientOptions, mtlsServerOptions, peerIdentifier, subjectIdentity, type Credentials } from '../platform/pki.ts';
import { WarrantedError } from '../platform/errors.ts';
import type { Endpoint } from './transport.ts';

export class HttpsXmlError extends WarrantedError {}

export interface XmlRequestContext {
  /** Authenticated peer (client certificate UID/CN). */
  peer: string;
  path: string;
}

/** Returns the XML response body and HTTP status. */
export type XmlHandler = (body: Uint8Array, ctx: XmlRequestContext) => Promise<{ status: number; body: string }>;

export interface XmlHttpsServer {
  readonly endpoint: Endpoint;
  close(): Promise<void>;
}

export async function startXmlHttpsServer(opts: {
  creds: Credentials;
  bind: Endpoint;
  routes: Record<string, XmlHandler>;
  maxBodyBytes?: number;
}): Promise<XmlHttpsServer> {
  const max = opts.maxBodyBytes ?? 4 * 1024 * 1024;
  const server = https.createServer(mtlsServerOptions(opts.creds), (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res);
  });
  // Every TCP connection, also one still in its TLS handshake (closeAllConnections knows only those
  // that reached HTTP): close() must not wait for a peer that keeps a connection busy or half open.
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  const reply = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/xml; charset=utf-8' });
    res.end(body);
  };
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let peer: string;
    try {
      peer = peerIdentifier(req.socket);
    } catch {
      reply(res, 403, '');
      return;
    }
    const path = (req.url ?? '').split('?')[0] ?? '';
    const handler = opts.routes[path];
    if (req.method !== 'POST' || !handler) {
      reply(res, req.method !== 'POST' ? 405 : 404, '');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > max) {
        reply(res, 413, '');
        req.destroy();
        return;
      }
      chunks.push(c);
    }
    try {
      const out = await handler(Buffer.concat(chunks), { peer, path });
      reply(res, out.status, out.body);
    } catch {
      // Handlers turn every expected failure into a protocol error document; this is the last net.
      reply(res, 500, '');
    }
  }
  server.on('tlsClientError', () => undefined);
  server.keepAliveTimeout = 30_000;
  server.listen(opts.bind.port, opts.bind.host);
  await once(server, 'listening');
  const addr = server.address() as AddressInfo;
  return {
    endpoint: { host: opts.bind.host, port: addr.port },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      }),
  };
}

/** Client side: POSTs XML documents to one peer over a kept-alive mutual TLS connection. */
export class XmlHttpsClient {
  private readonly agent: https.Agent;
  constructor(
    private readonly creds: Credentials,
    private readonly endpoint: Endpoint,
    private readonly timeoutMs = 10_000,
    /** The identity (UID, else CN) the server's certificate must name: anything else fails the handshake, before a byte is sent. */
    expectedPeer?: string,
  ) {
    // No TLS session resumption: a resumed session carries no peer certificate, and every connection
    // must prove the peer's identity afresh (TS 103 221-1 §7.2 identifies the peer by its certificate).
    this.agent = new https.Agent({
      ...mtlsClientOptions(creds),
      keepAlive: true,
      maxSockets: 4,
      maxCachedSessions: 0,
      ...(expectedPeer === undefined
        ? {}
        : {
            checkServerIdentity: (host: string, cert: PeerCertificate) => {
              const hostError = tls.checkServerIdentity(host, cert);
              if (hostError) return hostError;
              const found = subjectIdentity(cert.subject);
              return found === expectedPeer ? undefined : new Error(`the server's certificate names "${found ?? ''}", expected "${expectedPeer}"`);
            },
          }),
    });
  }

  post(path: string, xml: string): Promise<{ status: number; body: string; peer: string }> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: this.endpoint.host,
          port: this.endpoint.port,
          path,
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/xml; charset=utf-8', 'content-length': Buffer.byteLength(xml) },
          timeout: this.timeoutMs,
        },
        (res) => {
          // Read the peer now: a kept-alive socket is handed back to the agent after 'end'.
          let peer = '';
          try {
            peer = peerIdentifier(res.socket);
          } catch {
            /* the agent verified the server against the CA already; identity is informative */
          }
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), peer }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new HttpsXmlError('HTTPS_TIMEOUT', `no answer from ${this.endpoint.host}:${this.endpoint.port} in ${this.timeoutMs} ms`)));
      req.on('error', (e) => reject(e instanceof HttpsXmlError ? e : new HttpsXmlError('HTTPS_UNREACHABLE', `cannot reach ${this.endpoint.host}:${this.endpoint.port}: ${e.message}`, { cause: e })));
      req.end(xml);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'HTTPS_TIMEOUT', meaning: 'The peer did not answer an XML POST in time.' },
  { code: 'HTTPS_UNREACHABLE', meaning: 'The TCP/TLS connection to the peer failed (refused, reset, certificate rejected).' },
];
