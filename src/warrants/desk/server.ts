/**
 * The desk on the wire: TS 103 120 §9.3 HTTP delivery (POST of one HI1Message, the response in the
 * HTTP response body) over HTTPS with mutual TLS; the peer identity comes from the verified client
 * certificate (src/platform/pki.ts) and must match the message's SenderIdentifier.
 */
import { startXmlHttpsServer, type XmlHttpsServer } from '../../wires/https-xml.ts';
import type { Credentials } from '../../platform/pki.ts';
import type { Endpoint } from '../../wires/transport.ts';
import type { WarrantDesk } from './desk.ts';
import { publishHi1Document } from './capture.ts';

export const HI1_PATH = '/HI1';

export interface DeskServerOptions {
  desk: WarrantDesk;
  /** The desk's certificate (identifier `warrant-desk`, docs/profile.md). */
  creds: Credentials;
  bind?: Endpoint;
  path?: string;
  maxBodyBytes?: number;
}

export function startDeskServer(opts: DeskServerOptions): Promise<XmlHttpsServer> {
  return startXmlHttpsServer({
    creds: opts.creds,
    bind: opts.bind ?? { host: '127.0.0.1', port: 0 },
    routes: { [opts.path ?? HI1_PATH]: async (body, ctx) => {
      const r = await opts.desk.handle(body, ctx.peer);
      publishHi1Document('desk', r.body);
      return { status: r.status, body: r.body };
    } },
    ...(opts.maxBodyBytes === undefined ? {} : { maxBodyBytes: opts.maxBodyBytes }),
  });
}
