/**
 * A witness as a service: C2SP tlog-witness `POST /add-checkpoint` over HTTPS with mutual TLS.
 * The witness stands outside the system, like an agency: it imports only the audit log's pure
 * format modules (checkpoint, signed note, cosignature, proof verification), wires/ and platform/.
 *
 * Responses (c2sp.org/tlog-witness §add-checkpoint):
 *   200  text/plain         the witness's cosignature/v1 line(s) ("— <name> <base64>\n")
 *   409  text/x.tlog.size   "<latest cosigned size>\n"
 *   400 / 403 / 404 / 413 / 422 / 500   text/plain "<CODE>: <message>\n"
 */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { mtlsServerOptions, peerIdentifier, type Credentials } from '../platform/pki.ts';
import type { Endpoint } from '../wires/transport.ts';
import type { NoteSigner, NoteVerifier } from '../audit/note.ts';
import { WitnessRefusal } from './errors.ts';
import { LogWitness, type ForkAlarm, type LogWitnessStats } from './log-witness.ts';
import { parseAddCheckpointBody } from './request.ts';
import { WitnessStateStore } from './state.ts';
import { closeGracefully } from '../platform/http-close.ts';
import { readBoundedBody } from '../platform/http-body.ts';

export const PATH_ADD_CHECKPOINT = '/add-checkpoint';
/** Largest body read: 63 proof lines and a checkpoint with a few signatures fit in a few KiB. */
export const MAX_BODY_BYTES = 64 * 1024;
const CLOSE_GRACE_MS = 5000;

export interface WitnessServiceOptions {
  creds: Credentials;
  bind: Endpoint;
  /** The witness's cosignature/v1 key (createCosigner): its name is on every cosignature line. */
  cosigner: NoteSigner;
  /** The logs it witnesses: each log's checkpoint key, whose name is the log's origin. */
  logs: readonly NoteVerifier[];
  /** State and fork evidence (state.ts). */
  dir: string;
  /** Certificate identities (UID/CN) that may submit; absent: any certificate the CA issued. */
  allowedClients?: readonly string[];
  onAlarm?: (alarm: { code: string; detail: string; evidence?: string }) => void;
  /** POSIX seconds for cosignature timestamps (default: the clock). */
  now?: () => number;
}

export interface WitnessServiceStats {
  requests: number;
  logs: LogWitnessStats[];
}

export interface WitnessService {
  readonly endpoint: Endpoint;
  stats(): WitnessServiceStats;
  close(): Promise<void>;
}

export async function startWitnessService(options: WitnessServiceOptions): Promise<WitnessService> {
  const store = new WitnessStateStore(options.dir);
  await store.init();
  const onFork = (a: ForkAlarm): void =>
    options.onAlarm?.({ code: 'WITNESS_FORK_DETECTED', detail: `${a.origin}: ${a.kind}: ${a.reason}`, evidence: a.evidence });
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const logs = new Map<string, LogWitness>();
  for (const log of options.logs) logs.set(log.name, await LogWitness.open({ log, cosigner: options.cosigner, store, onFork, now }));
  const allowed = options.allowedClients === undefined ? undefined : new Set(options.allowedClients);
  let requests = 0;
  const inFlight = new Set<Promise<void>>();

  const server = https.createServer(mtlsServerOptions(options.creds), (req, res) => {
    const done = handle(req, res).catch((error: unknown) => {
      const refusal = error instanceof WitnessRefusal ? error : new WitnessRefusal(500, 'WITNESS_STATE_WRITE_FAILED', 'internal error; nothing was cosigned');
      if (refusal.status === 409 && refusal.latestSize !== undefined) return send(res, 409, 'text/x.tlog.size', `${refusal.latestSize}\n`);
      send(res, refusal.status, 'text/plain; charset=utf-8', `${refusal.code}: ${refusal.message}\n`);
    });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requests++;
    const peer = peerOf(req);
    if (peer === undefined || (allowed !== undefined && !allowed.has(peer))) {
      throw new WitnessRefusal(403, 'WITNESS_CLIENT_REFUSED', `client "${peer ?? ''}" may not submit checkpoints`);
    }
    const path = new URL(req.url ?? '/', 'https://witness.invalid').pathname;
    if (path !== PATH_ADD_CHECKPOINT) throw new WitnessRefusal(404, 'WITNESS_BAD_REQUEST', `no route ${path}`);
    if (req.method !== 'POST') throw new WitnessRefusal(405, 'WITNESS_BAD_REQUEST', `${PATH_ADD_CHECKPOINT} takes POST`);
    const request = parseAddCheckpointBody(await readBody(req, res));
    const log = logs.get(request.checkpoint.origin);
    if (log === undefined) throw new WitnessRefusal(404, 'WITNESS_UNKNOWN_LOG', `unknown log origin "${request.checkpoint.origin}"`);
    const lines = await log.add(request);
    send(res, 200, 'text/plain; charset=utf-8', lines);
  }

  server.on('tlsClientError', () => undefined);
  server.keepAliveTimeout = 30_000;
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.listen(options.bind.port, options.bind.host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    endpoint: { host: options.bind.host, port: address.port },
    stats: () => ({ requests, logs: [...logs.values()].map((l) => l.stats()) }),
    close: () =>
      // A request past its checks is persisting its state: let it answer.
      (closing ??= closeGracefully(server, inFlight, CLOSE_GRACE_MS)),
  };
}

function peerOf(req: IncomingMessage): string | undefined {
  try {
    return peerIdentifier(req.socket);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

function readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer> {
  return readBoundedBody(req, res, MAX_BODY_BYTES, () => new WitnessRefusal(413, 'WITNESS_BODY_TOO_LARGE', `request body exceeds ${MAX_BODY_BYTES} bytes`));
}
