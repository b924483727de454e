/**
 * The audit log as a service (the `audit` role's core): every other role appends its events here
 * over HTTPS with mutual TLS (protocol.ts). An append is acknowledged only once AuditLog.appendMany
 * has resolved, i.e. once the whole request is written and fdatasync'ed by the file store — so a
 * crash (kill -9, power loss) can lose only events nobody was told were logged. A request is one
 * atomic batch: it is validated in full before anything is appended, and appended all or nothing.
 *
 * With a witness policy (`witnessing`), each checkpoint round also collects the witnesses'
 * cosignatures (cosigning.ts) and `POST /v1/anchor` answers only with a checkpoint a quorum of them
 * cosigned; the policy is written to `<dir>/witness-policy.txt` at start for offline verifiers.
 */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { mtlsServerOptions, peerIdentifier, type Credentials } from '../../platform/pki.ts';
import type { Endpoint } from '../../wires/transport.ts';
import { AuditError } from '../errors.ts';
import { encodeAuditEvent, type AuditEvent } from '../event.ts';
import type { AuditLog } from '../log.ts';
import { CheckpointPublisher } from './checkpoints.ts';
import { CosignatureCollector, writeWitnessPolicyFile, type CosigningStats } from './cosigning.ts';
import type { WitnessEndpoint } from './witness-client.ts';
import type { WitnessPolicy } from '../witness-policy.ts';
import {
  DEFAULT_MAX_BODY_BYTES,
  MAX_ENTRIES_PAGE,
  MAX_EVENTS_PER_REQUEST,
  PATH_ANCHOR,
  PATH_APPEND,
  PATH_CHECKPOINT,
  PATH_ENTRIES,
  PATH_SIZE,
  type AnchorResponse,
  type AppendResponse,
  type EntriesResponse,
  type SizeResponse,
} from './protocol.ts';
import { closeGracefully } from '../../platform/http-close.ts';
import { readBoundedBody } from '../../platform/http-body.ts';

export interface AuditServiceAlarm {
  /** AUDIT_CLIENT_REFUSED, AUDIT_ACTOR_MISMATCH, or AUDIT_UNAVAILABLE (a checkpoint could not be published). */
  code: string;
  detail: string;
  at: Date;
  /** The client's certificate identity, where one was presented. */
  peer?: string;
}

export interface AuditServiceOptions {
  creds: Credentials;
  bind: Endpoint;
  /**
   * The log, opened with fsync (openAuditDirectory's default `fsync: true`): acknowledgements are
   * only as durable as AuditLog.appendMany, which resolves after the store's fdatasync.
   */
  log: AuditLog;
  /** The log's directory (openAuditDirectory's `dir`): checkpoints are published into it. */
  dir: string;
  /** Certificate identities (UID/CN) allowed to use the service; anyone else gets 403 and an alarm. */
  allowedClients: readonly string[];
  /** Publish a signed checkpoint this often when the log grew (and once more on close). */
  checkpointIntervalMs: number;
  onAlarm?: (alarm: AuditServiceAlarm) => void;
  /**
   * May `client` append an event naming `actor`? Default: only its own identity (a role cannot
   * write events in another's name). A deployment may let one role record acts of outside parties
   * it authenticated itself (e.g. the warrant desk recording a judge's signature).
   */
  actorPolicy?: (client: string, actor: string) => boolean;
  /** Request body limit (default 1 MiB, HTTP 413 beyond). */
  maxBodyBytes?: number;
  /** Witnesses to collect cosignatures from, and the quorum anchors need (absent: no witnesses, quorum none). */
  witnessing?: {
    policy: WitnessPolicy;
    endpoints: readonly WitnessEndpoint[];
    /** Longest POST /v1/anchor waits for the quorum before 503 AUDIT_NO_QUORUM. */
    maxWaitMs: number;
    /** Longest one add-checkpoint request may take (default maxWaitMs). */
    requestTimeoutMs?: number;
  };
}

export interface AuditServiceStats {
  /** HTTP requests received (any route, including refused ones). */
  requests: number;
  /** POST /v1/append requests that were acknowledged. */
  appendRequests: number;
  /** Events acknowledged. */
  eventsAppended: number;
  /** Requests refused (4xx/5xx). */
  refused: number;
  /** Checkpoints published by this service instance. */
  checkpointsPublished: number;
  /** Witness rounds, anchors and per-witness counters (only with `witnessing`). */
  cosigning?: CosigningStats;
}

export interface AuditService {
  readonly endpoint: Endpoint;
  stats(): AuditServiceStats;
  /** Stops accepting, lets in-flight requests finish, publishes a final checkpoint. Leaves the log open. */
  close(): Promise<void>;
}

/** Longest wait on close for requests in progress (an append's fsync takes milliseconds). */
const CLOSE_GRACE_MS = 5000;

class Refusal extends AuditError {
  constructor(
    readonly status: number,
    code: ConstructorParameters<typeof AuditError>[0],
    message: string,
  ) {
    super(code, message);
  }
}

export async function startAuditService(options: AuditServiceOptions): Promise<AuditService> {
  const { log } = options;
  const allowed = new Set(options.allowedClients);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const actorPolicy = options.actorPolicy ?? ((client: string, actor: string) => client === actor);
  const publisher = new CheckpointPublisher(log, options.dir);
  const w = options.witnessing;
  if (w !== undefined) await writeWitnessPolicyFile(options.dir, w.policy);
  const collector =
    w === undefined
      ? undefined
      : new CosignatureCollector(log, publisher, {
          policy: w.policy,
          endpoints: w.endpoints,
          creds: options.creds,
          maxWaitMs: w.maxWaitMs,
          ...(w.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: w.requestTimeoutMs }),
          alarm: (code, detail) => alarm(code, detail),
        });
  const counters = { requests: 0, appendRequests: 0, eventsAppended: 0, refused: 0 };
  const inFlight = new Set<Promise<void>>();
  const alarm = (code: string, detail: string, peer?: string): void => {
    options.onAlarm?.({ code, detail, at: new Date(), ...(peer === undefined ? {} : { peer }) });
  };

  const server = https.createServer(mtlsServerOptions(options.creds), (req, res) => {
    const done = handle(req, res).catch((error: unknown) => {
      const refusal = error instanceof Refusal ? error : toRefusal(error);
      counters.refused++;
      if (refusal.code === 'AUDIT_CLIENT_REFUSED' || refusal.code === 'AUDIT_ACTOR_MISMATCH') alarm(refusal.code, refusal.message, peerOf(req));
      sendJson(res, refusal.status, { error: { code: refusal.code, message: refusal.message } });
    });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counters.requests++;
    const peer = peerOf(req);
    if (peer === undefined) throw new Refusal(403, 'AUDIT_CLIENT_REFUSED', 'no verified client certificate');
    if (!allowed.has(peer)) throw new Refusal(403, 'AUDIT_CLIENT_REFUSED', `client "${peer}" may not use the audit service`);
    const url = new URL(req.url ?? '/', 'https://audit.invalid');
    const route = `${req.method ?? ''} ${url.pathname}`;
    if (route === `POST ${PATH_APPEND}`) return append(peer, req, res);
    if (route === `GET ${PATH_ENTRIES}`) return entries(url.searchParams, res);
    if (route === `GET ${PATH_CHECKPOINT}`) {
      const checkpoint = await publisher.current();
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(checkpoint.note);
      return;
    }
    if (route === `GET ${PATH_SIZE}`) return sendJson(res, 200, { size: log.size, origin: log.origin } satisfies SizeResponse);
    if (route === `POST ${PATH_ANCHOR}`) return anchor(req, res);
    const known = [PATH_APPEND, PATH_ENTRIES, PATH_CHECKPOINT, PATH_SIZE, PATH_ANCHOR].includes(url.pathname);
    throw new Refusal(known ? 405 : 404, 'AUDIT_BAD_REQUEST', `no route ${route}`);
  }

  async function append(peer: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const events = parseAppendBody(await readBody(req, res, maxBody));
    // Validate everything before appending anything: the request is one atomic batch.
    events.forEach((event, i) => {
      try {
        encodeAuditEvent(event);
      } catch (error) {
        throw new Refusal(400, 'AUDIT_BAD_EVENT', `events[${i}]: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!actorPolicy(peer, event.actor)) {
        throw new Refusal(403, 'AUDIT_ACTOR_MISMATCH', `events[${i}]: actor "${event.actor}" is not the client "${peer}"`);
      }
    });
    const results = await log.appendMany(events);
    counters.appendRequests++;
    counters.eventsAppended += results.length;
    sendJson(res, 200, { indexes: results.map((r) => r.index), size: log.size } satisfies AppendResponse);
  }

  /** POST /v1/anchor: a checkpoint covering the entry, cosigned by the quorum (see the file comment). */
  async function anchor(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const index = parseAnchorBody(await readBody(req, res, maxBody));
    if (collector === undefined) {
      // No witness policy: the log's own signed checkpoint is all there is to give.
      if (index >= log.size) throw new Refusal(400, 'AUDIT_BAD_RANGE', `entry ${index} is not in the log (size ${log.size})`);
      const checkpoint = await publisher.current();
      return sendJson(res, 200, { checkpoint: checkpoint.note, size: checkpoint.size, witnesses: [] } satisfies AnchorResponse);
    }
    try {
      const anchored = await collector.anchor(index);
      sendJson(res, 200, { checkpoint: anchored.checkpoint.note, size: anchored.checkpoint.size, witnesses: anchored.cosigners } satisfies AnchorResponse);
    } catch (error) {
      if (error instanceof AuditError && error.code === 'AUDIT_NO_QUORUM') {
        alarm('AUDIT_NO_QUORUM', error.message, peerOf(req));
        throw new Refusal(503, 'AUDIT_NO_QUORUM', error.message);
      }
      throw error;
    }
  }

  async function entries(query: URLSearchParams, res: ServerResponse): Promise<void> {
    const size = log.size;
    const from = queryInt(query, 'from') ?? 0;
    const asked = queryInt(query, 'to');
    if (from > size || (asked !== undefined && (asked < from || asked > size))) {
      throw new Refusal(400, 'AUDIT_BAD_RANGE', `entries ${from}..${asked ?? size} outside 0..${size}`);
    }
    const to = Math.min(asked ?? size, from + MAX_ENTRIES_PAGE);
    const page = await log.entries(from, to);
    sendJson(res, 200, { entries: page, from, to, size } satisfies EntriesResponse);
  }

  server.on('tlsClientError', () => undefined);
  server.keepAliveTimeout = 30_000;
  // Bound slow clients (a half-sent body holds no lock, but must not hold a socket for ever).
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.listen(options.bind.port, options.bind.host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;

  const publish = async (): Promise<void> => {
    try {
      // A round publishes too (when the log grew), then collects what the witnesses lack.
      await (collector === undefined ? publisher.current() : collector.round());
    } catch (error) {
      alarm('AUDIT_UNAVAILABLE', `checkpoint could not be published: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const timer = setInterval(() => void publish(), options.checkpointIntervalMs);

  let closing: Promise<void> | undefined;
  return {
    endpoint: { host: options.bind.host, port: address.port },
    stats: () => ({ ...counters, checkpointsPublished: publisher.published, ...(collector === undefined ? {} : { cosigning: collector.stats() }) }),
    close: () =>
      (closing ??= (async () => {
        clearInterval(timer);
        // Requests already inside appendMany get their answer (their events are being made durable);
        // a client still trickling its body is not waited for beyond CLOSE_GRACE_MS.
        await closeGracefully(server, inFlight, CLOSE_GRACE_MS);
        // The last checkpoint covers the whole log: one more round asks the witnesses for it, bounded
        // (a witness already gone is asked again by the next start's first round).
        if (collector === undefined) await publish();
        else {
          let bound: NodeJS.Timeout | undefined;
          await Promise.race([publish(), new Promise((resolve) => (bound = setTimeout(resolve, 2 * (w?.requestTimeoutMs ?? w?.maxWaitMs ?? 0))))]);
          clearTimeout(bound);
          collector.close();
        }
      })()),
  };
}

function peerOf(req: IncomingMessage): string | undefined {
  try {
    return peerIdentifier(req.socket);
  } catch {
    return undefined;
  }
}

function toRefusal(error: unknown): Refusal {
  if (error instanceof AuditError) {
    const status = error.code === 'AUDIT_UNAVAILABLE' || error.code === 'AUDIT_NO_QUORUM' ? 503 : error.code === 'AUDIT_BAD_EVENT' || error.code === 'AUDIT_BAD_RANGE' ? 400 : 500;
    return new Refusal(status, error.code, error.message);
  }
  return new Refusal(503, 'AUDIT_UNAVAILABLE', 'internal error; nothing of the request was appended');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Reads the request body up to `max` bytes; beyond that answers 413 and drops the connection. */
function readBody(req: IncomingMessage, res: ServerResponse, max: number): Promise<Buffer> {
  return readBoundedBody(req, res, max, () => new Refusal(413, 'AUDIT_BODY_TOO_LARGE', `request body exceeds ${max} bytes`));
}

function parseAppendBody(body: Buffer): AuditEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new Refusal(400, 'AUDIT_BAD_REQUEST', 'body is not UTF-8 JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.keys(parsed).join() !== 'events') {
    throw new Refusal(400, 'AUDIT_BAD_REQUEST', 'body must be {"events": [...]}');
  }
  const { events } = parsed as { events: unknown };
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_EVENTS_PER_REQUEST) {
    throw new Refusal(400, 'AUDIT_BAD_REQUEST', `"events" must be an array of 1..${MAX_EVENTS_PER_REQUEST} events`);
  }
  return events as AuditEvent[];
}

function parseAnchorBody(body: Buffer): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new Refusal(400, 'AUDIT_BAD_REQUEST', 'body is not UTF-8 JSON');
  }
  const index = (parsed as { index?: unknown } | null)?.index;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.keys(parsed).join() !== 'index' || typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) {
    throw new Refusal(400, 'AUDIT_BAD_REQUEST', 'body must be {"index": <entry index>}');
  }
  return index;
}

function queryInt(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  if (!/^\d{1,15}$/.test(text)) throw new Refusal(400, 'AUDIT_BAD_REQUEST', `query "${name}" must be a non-negative integer`);
  return Number(text);
}
