/**
 * RemoteAuditLog: the audit service (server.ts) as the other roles see it — an `append(event)`
 * that structurally satisfies the AuditSink of mediation (src/mediation/mdf.ts), provisioning
 * (src/provisioning/admf.ts) and the warrant desk's AuditAppender (src/warrants/desk/audit.ts, so
 * `warrantAuditSink(remote, …)` yields the warrant core's AuditSink; no adapter is needed).
 *
 * Group commit across the wire: appends made in one tick go out as one request, and appends made
 * while a request is in flight go out together in the next one (at most one append request in
 * flight, so indexes follow call order, as with AuditLog). Each promise resolves only when the
 * service acknowledged the event durable; it rejects with AUDIT_UNAVAILABLE when the service is
 * down, refuses, answers malformed, or does not answer within `timeoutMs` — callers fail closed.
 * There is no silent retry; the next call after the service came back opens a fresh connection.
 * An append that timed out may still have reached the log: the log can over-record an action that
 * did not happen, never under-record one that did.
 */
import https from 'node:https';
import tls, { type PeerCertificate } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { mtlsClientOptions, subjectIdentity, type Credentials } from '../../platform/pki.ts';
import type { Endpoint } from '../../wires/transport.ts';
import { AuditError, AuditUnavailableError } from '../errors.ts';
import { encodeAuditEvent, type AuditEvent } from '../event.ts';
import { leafHash, toHex } from '../hash.ts';
import type { AppendResult, AuditLogEntry } from '../log.ts';
import { DEFAULT_MAX_BODY_BYTES, MAX_EVENTS_PER_REQUEST, PATH_ANCHOR, PATH_APPEND, PATH_CHECKPOINT, PATH_ENTRIES, PATH_SIZE, type AnchorResponse, type AppendResponse, type EntriesResponse, type ErrorResponse, type SizeResponse } from './protocol.ts';

export interface RemoteAuditLogOptions {
  /** This component's credentials; its certificate identity is the actor of its events. */
  creds: Credentials;
  endpoint: Endpoint;
  /** The audit service's certificate identity (UID/CN): any other server is refused at the handshake. */
  serverIdentity: string;
  /** Longest wait for an acknowledgement, from the call (default 5000 ms). */
  timeoutMs?: number;
  /**
   * Which actors this client may write (checked before sending, so one refused event never fails
   * the others batched with it). Default: only its own certificate identity, as the service checks.
   */
  actorPolicy?: (actor: string) => boolean;
  /** Largest request body (default 1 MiB, the service's default limit). */
  maxRequestBytes?: number;
}

interface Pending {
  json: string;
  /** UTF-8 length of `json`. */
  size: number;
  hash: string;
  resolve: (result: AppendResult) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  settled: boolean;
}

interface Reply {
  status: number;
  body: string;
}

export class RemoteAuditLog {
  /** This client's certificate identity. */
  readonly identity: string;
  private readonly agent: https.Agent;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly actorPolicy: (actor: string) => boolean;
  private queue: Pending[] = [];
  private scheduled = false;
  private sending = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  /** Append requests sent (each carries one or more events). */
  appendRequests = 0;

  constructor(private readonly options: RemoteAuditLogOptions) {
    const subject = Object.fromEntries(new X509Certificate(options.creds.certPem).subject.split('\n').map((line) => line.split('=', 2) as [string, string]));
    const identity = subjectIdentity(subject);
    if (identity === undefined) throw new AuditError('AUDIT_BAD_KEY', 'client certificate has no UID or CN');
    this.identity = identity;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.maxBytes = options.maxRequestBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.actorPolicy = options.actorPolicy ?? ((actor) => actor === identity);
    const expected = options.serverIdentity;
    this.agent = new https.Agent({
      ...mtlsClientOptions(options.creds),
      keepAlive: true,
      maxSockets: 4,
      // No session resumption: every connection must present (and have checked) the server's certificate.
      maxCachedSessions: 0,
      checkServerIdentity: (host: string, cert: PeerCertificate) => {
        const hostError = tls.checkServerIdentity(host, cert);
        if (hostError) return hostError;
        const found = subjectIdentity(cert.subject);
        return found === expected ? undefined : new Error(`audit server identity is "${found ?? ''}", expected "${expected}"`);
      },
    });
  }

  /** Appends one event; resolves once the service has made it durable (see the module comment). */
  append(event: AuditEvent): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new AuditUnavailableError('remote audit log is closed'));
    let leaf: Uint8Array;
    try {
      leaf = encodeAuditEvent(event);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new AuditError('AUDIT_BAD_EVENT', 'invalid event'));
    }
    if (!this.actorPolicy(event.actor)) {
      return Promise.reject(new AuditError('AUDIT_ACTOR_MISMATCH', `actor "${event.actor}" is not this client ("${this.identity}")`));
    }
    // The canonical leaf is valid JSON of the same event: send exactly those bytes.
    const json = Buffer.from(leaf).toString('utf8');
    if (leaf.length + 16 > this.maxBytes) {
      return Promise.reject(new AuditError('AUDIT_BODY_TOO_LARGE', `event of ${leaf.length} bytes exceeds the ${this.maxBytes}-byte request limit`));
    }
    return new Promise<AppendResult>((resolve, reject) => {
      const pending: Pending = { json, size: leaf.length, hash: toHex(leafHash(leaf)), resolve, reject, settled: false, timer: undefined as unknown as NodeJS.Timeout };
      pending.timer = setTimeout(() => this.settle(pending, new AuditUnavailableError(`no acknowledgement from the audit service within ${this.timeoutMs} ms`)), this.timeoutMs);
      this.queue.push(pending);
      this.schedule();
    });
  }

  /** Entries with from <= index < to (to defaults to the service's size), paging as needed. */
  async entries(from: number, to?: number): Promise<AuditLogEntry[]> {
    const out: AuditLogEntry[] = [];
    let next = from;
    let end = to;
    do {
      const query = `from=${next}${end === undefined ? '' : `&to=${end}`}`;
      const page = this.json(await this.request('GET', `${PATH_ENTRIES}?${query}`)) as EntriesResponse;
      end ??= page.size;
      for (const entry of page.entries) {
        if (entry.index !== next) throw new AuditUnavailableError(`audit service returned entry ${entry.index} where ${next} was due`);
        out.push(entry);
        next++;
      }
      if (page.entries.length === 0 && next < end) throw new AuditUnavailableError(`audit service returned no entries from ${next}`);
    } while (next < end);
    return out;
  }

  /** Every event in the log, in order (e.g. to rebuild the key registry from `keys.*` events). */
  async allEvents(): Promise<AuditEvent[]> {
    return (await this.entries(0)).map((entry) => entry.event);
  }

  /** The latest signed checkpoint note (published into the log directory before it is returned). */
  async checkpoint(): Promise<string> {
    const reply = await this.request('GET', PATH_CHECKPOINT);
    if (reply.status !== 200) this.json(reply);
    return reply.body;
  }

  /**
   * A checkpoint note covering entry `index`, carrying the cosignatures of a quorum of the
   * deployment's witnesses (the service waits at most its `maxWaitMs` for them). Rejects with
   * AUDIT_NO_QUORUM when the witnesses did not cosign in time — the caller must then not go ahead —,
   * AUDIT_BAD_RANGE for an entry not in the log, AUDIT_UNAVAILABLE when the service cannot answer.
   * With no witness policy the note is the log's signed checkpoint alone. `timeoutMs` must exceed
   * the service's maxWaitMs for AUDIT_NO_QUORUM to arrive before the client gives up.
   */
  async anchor(index: number): Promise<string> {
    const reply = await this.request('POST', PATH_ANCHOR, JSON.stringify({ index }));
    if (reply.status === 503) {
      const error = (this.parsed(reply) as Partial<ErrorResponse> | undefined)?.error;
      if (error?.code === 'AUDIT_NO_QUORUM') throw new AuditError('AUDIT_NO_QUORUM', error.message);
    }
    const answer = this.json(reply) as AnchorResponse;
    if (typeof answer.checkpoint !== 'string' || !Number.isSafeInteger(answer.size) || answer.size <= index) {
      throw new AuditUnavailableError(`audit service anchored entry ${index} with a checkpoint that does not cover it`);
    }
    return answer.checkpoint;
  }

  /** The service's durable log size; rejects AUDIT_UNAVAILABLE when it cannot be reached (health checks). */
  async ping(): Promise<number> {
    return (this.json(await this.request('GET', PATH_SIZE)) as SizeResponse).size;
  }

  /** Waits for queued appends to be answered (or time out), then drops the connections. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.queue.length > 0 || this.sending) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.agent.destroy();
  }

  private schedule(): void {
    if (this.scheduled || this.sending) return;
    this.scheduled = true;
    // setImmediate, not a microtask: everything appended in this tick joins the request.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.queue = this.queue.filter((p) => !p.settled); // timed out while queued: never sent
    const batch: Pending[] = [];
    let bytes = 12; // {"events":[]}
    while (batch.length < MAX_EVENTS_PER_REQUEST && this.queue.length > 0 && bytes + this.queue[0]!.size + 1 <= this.maxBytes) {
      const next = this.queue.shift()!;
      bytes += next.size + 1;
      batch.push(next);
    }
    if (batch.length === 0) return this.wakeIdle();
    this.sending = true;
    this.appendRequests++;
    try {
      const reply = await this.request('POST', PATH_APPEND, `{"events":[${batch.map((p) => p.json).join(',')}]}`);
      const ack = this.json(reply) as AppendResponse;
      const indexes = ack.indexes;
      if (!Array.isArray(indexes) || indexes.length !== batch.length || !indexes.every((i, k) => Number.isSafeInteger(i) && i === indexes[0]! + k)) {
        throw new AuditUnavailableError('audit service acknowledgement does not match the request');
      }
      batch.forEach((p, k) => this.settle(p, { index: indexes[k]!, leafHash: p.hash }));
    } catch (error) {
      const failure = error instanceof AuditUnavailableError ? error : new AuditUnavailableError('audit service refused the batch', { cause: error });
      for (const p of batch) this.settle(p, failure);
    } finally {
      this.sending = false;
      if (this.queue.length > 0) this.schedule();
      else this.wakeIdle();
    }
  }

  private settle(p: Pending, outcome: AppendResult | Error): void {
    if (p.settled) return;
    p.settled = true;
    clearTimeout(p.timer);
    if (outcome instanceof Error) p.reject(outcome);
    else p.resolve(outcome);
  }

  private wakeIdle(): void {
    if (this.sending || this.queue.length > 0) return;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private parsed(reply: Reply): unknown {
    try {
      return JSON.parse(reply.body);
    } catch {
      return undefined;
    }
  }

  /** A successful reply's JSON; any other reply becomes the matching error (never a false success). */
  private json(reply: Reply): unknown {
    const parsed = this.parsed(reply);
    if (reply.status === 200 && typeof parsed === 'object' && parsed !== null) return parsed;
    const error = (parsed as Partial<ErrorResponse> | undefined)?.error;
    const code = typeof error?.code === 'string' ? error.code : 'none';
    const message = typeof error?.message === 'string' ? error.message : reply.body.slice(0, 200);
    if (code === 'AUDIT_BAD_RANGE') throw new AuditError('AUDIT_BAD_RANGE', message);
    throw new AuditUnavailableError(`audit service answered HTTP ${reply.status} (${code}): ${message}`, { details: { status: reply.status, serviceCode: code } });
  }

  private request(method: 'GET' | 'POST', path: string, body?: string): Promise<Reply> {
    const { host, port } = this.options.endpoint;
    return new Promise<Reply>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: Reply | Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (outcome instanceof Error) reject(new AuditUnavailableError(`audit service at ${host}:${port} unavailable: ${outcome.message}`, { cause: outcome }));
        else resolve(outcome);
      };
      const headers: Record<string, string | number> = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
      const req = https.request({ host, port, path, method, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', finish);
        // A connection lost mid-answer: no 'end', and the answer must not count.
        res.on('close', () => finish(new Error('connection closed before the answer was complete')));
      });
      const timer = setTimeout(() => {
        finish(new Error(`no answer within ${this.timeoutMs} ms`));
        req.destroy();
      }, this.timeoutMs);
      req.on('error', finish);
      req.end(body);
    });
  }
}
