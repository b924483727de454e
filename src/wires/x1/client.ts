/**
 * X1 requester over HTTPS with mutual TLS (TS 103 221-1 §7.2): the ADMF toward one NE or the MDF
 * (POST to `/X1/NE`), or an NE toward the ADMF (POST to `/X1/ADMF`). One client per peer.
 *
 * `send` wraps request bodies in a RequestContainer with the §6.1 Table 1 header (a fresh
 * X1TransactionId per message), checks that the responder's certificate is the peer addressed
 * (§8, mutual authentication), decodes the answer and matches one response to each request by
 * X1TransactionId. ErrorResponses become `X1ErrorResponseError` (§6.7 code in `standardCode`), a
 * TopLevelErrorResponse `X1TopLevelError`; transport failures `X1WireError` (X1_TIMEOUT,
 * X1_UNREACHABLE, X1_HTTP_STATUS). `onExchange` sees both documents of every exchange verbatim.
 */
import { randomUUID } from 'node:crypto';
import { HttpsXmlError, XmlHttpsClient } from '../https-xml.ts';
import type { Endpoint } from '../transport.ts';
import type { Credentials } from '../../platform/pki.ts';
import { decodeX1Response, encodeX1Request, x1Timestamp, X1_SCHEMA_VERSION } from '../../standards/x1/index.ts';
import type { AnyX1Request, AnyX1Response, ErrorResponse, X1RequestMessage, X1ResponseDocument } from '../../standards/x1/index.ts';
import { X1ErrorResponseError, X1TopLevelError, X1WireError } from './errors.ts';
import type { X1Path } from './server.ts';

/** A request without its §6.1 header (the client fills it in). */
export type X1RequestBody = AnyX1Request extends infer R ? (R extends AnyX1Request ? Omit<R, keyof X1RequestMessage> : never) : never;
/** The response type that answers request type `T` (e.g. 'GetTaskDetailsRequest' → GetTaskDetailsResponse). */
export type X1ResponseFor<T extends AnyX1Request['messageType']> = T extends `${infer Base}Request`
  ? Extract<AnyX1Response, { messageType: `${Base}Response` }>
  : never;
/** Successful (non-error) responses. */
export type X1OkResponse = Exclude<AnyX1Response, ErrorResponse>;

/** The outcome of one request of a container. */
export type X1Outcome =
  | { ok: true; request: AnyX1Request; response: X1OkResponse }
  | { ok: false; request: AnyX1Request; response: ErrorResponse; error: X1ErrorResponseError };

/** One exchange, verbatim, for the requester's audit log. */
export interface X1ClientExchange {
  admfIdentifier: string;
  neIdentifier: string;
  path: X1Path;
  requestXml: string;
  responseXml?: string;
  error?: Error;
  /** From sending the request to the answer (or the failure), in milliseconds. */
  durationMs?: number;
}

export interface X1ClientOptions {
  creds: Credentials;
  endpoint: Endpoint;
  admfIdentifier: string;
  neIdentifier: string;
  /** Default '/X1/NE' (the ADMF as requester); '/X1/ADMF' for an NE reporting to the ADMF. */
  path?: X1Path;
  /** Identity the responder's certificate must carry: default neIdentifier at /X1/NE, admfIdentifier at /X1/ADMF. */
  expectedPeer?: string;
  timeoutMs?: number;
  /** §4.5 version written in each message (default the XSD version followed, v1.22.1). */
  version?: string;
  now?: () => Date;
  /**
   * Sees every exchange. A returned promise is awaited before the request settles and its rejection
   * becomes the request's: a requester that must record each exchange before acting on it (the
   * ADMF's audit log) learns at once that it could not.
   */
  onExchange?: (ex: X1ClientExchange) => unknown;
  /**
   * Sees every request before it is sent, and is awaited: if it rejects, nothing is sent and the
   * rejection is the request's (the ADMF records each request in its audit log first — fail closed).
   */
  beforeSend?: (req: Pick<X1ClientExchange, 'admfIdentifier' | 'neIdentifier' | 'path' | 'requestXml'>) => unknown;
}

const baseOf = (t: string) => t.replace(/(Request|Response)$/, '');

export class X1Client {
  private readonly http: XmlHttpsClient;
  readonly path: X1Path;
  private readonly expectedPeer: string;

  constructor(private readonly o: X1ClientOptions) {
    this.http = new XmlHttpsClient(o.creds, o.endpoint, o.timeoutMs ?? 10_000);
    this.path = o.path ?? '/X1/NE';
    this.expectedPeer = o.expectedPeer ?? (this.path === '/X1/NE' ? o.neIdentifier : o.admfIdentifier);
  }

  get neIdentifier(): string {
    return this.o.neIdentifier;
  }

  /** Sends the requests in one RequestContainer; one outcome per request, in request order. */
  async send(bodies: readonly X1RequestBody[]): Promise<X1Outcome[]> {
    const now = this.o.now ?? (() => new Date());
    const requests = bodies.map(
      (b) =>
        ({
          ...b,
          admfIdentifier: this.o.admfIdentifier,
          neIdentifier: this.o.neIdentifier,
          messageTimestamp: x1Timestamp(now()),
          version: this.o.version ?? X1_SCHEMA_VERSION,
          x1TransactionId: randomUUID(),
        }),
    );
    const requestXml = encodeX1Request({ x1RequestMessage: requests });
    const audit = { admfIdentifier: this.o.admfIdentifier, neIdentifier: this.o.neIdentifier, path: this.path, requestXml };
    await this.o.beforeSend?.(audit);
    const t0 = performance.now();
    let durationMs: number | undefined;
    let responseXml: string | undefined;
    let outcomes: X1Outcome[] | undefined;
    let failure: Error | undefined;
    try {
      const res = await this.post(requestXml);
      durationMs = performance.now() - t0;
      responseXml = res.body;
      if (res.peer !== this.expectedPeer) {
        throw new X1WireError('X1_WRONG_RESPONDER', `the responder's certificate is not ${this.expectedPeer}`, { details: { peer: res.peer } });
      }
      if (res.status !== 200) throw new X1WireError('X1_HTTP_STATUS', `HTTP ${res.status} from ${this.expectedPeer}`, { details: { status: res.status } });
      let doc: X1ResponseDocument;
      try {
        doc = decodeX1Response(res.body);
      } catch (e) {
        throw new X1WireError('X1_BAD_RESPONSE', `response from ${this.expectedPeer} is not a valid X1 response document`, { cause: e });
      }
      if (doc.kind === 'X1TopLevelErrorResponse') throw new X1TopLevelError();
      outcomes = this.match(requests, doc.x1ResponseMessage);
    } catch (e) {
      failure = e instanceof Error ? e : new Error(String(e));
    }
    // Outside the try: a failing onExchange must not be reported to itself as a failed exchange.
    await this.o.onExchange?.({ ...audit, durationMs: durationMs ?? performance.now() - t0, ...(responseXml !== undefined && { responseXml }), ...(failure && { error: failure }) });
    if (failure || !outcomes) throw failure ?? new X1WireError('X1_RESPONSE_MISMATCH', 'no response');
    return outcomes;
  }

  /** One request; resolves to its response or throws (X1ErrorResponseError for an ErrorResponse). */
  async request<B extends X1RequestBody>(body: B): Promise<X1ResponseFor<B['messageType']>> {
    const [outcome] = await this.send([body]);
    if (!outcome) throw new X1WireError('X1_RESPONSE_MISMATCH', 'no response');
    if (!outcome.ok) throw outcome.error;
    return outcome.response as X1ResponseFor<B['messageType']>;
  }

  close(): void {
    this.http.close();
  }

  private async post(xml: string): Promise<{ status: number; body: string; peer: string }> {
    try {
      return await this.http.post(this.path, xml);
    } catch (e) {
      if (e instanceof HttpsXmlError && e.code === 'HTTPS_TIMEOUT') throw new X1WireError('X1_TIMEOUT', e.message, { cause: e });
      throw new X1WireError('X1_UNREACHABLE', e instanceof Error ? e.message : 'unreachable', { cause: e });
    }
  }

  /** §6.1: exactly one response per request, matched by X1TransactionId, same identifiers, right type. */
  private match(requests: AnyX1Request[], responses: AnyX1Response[]): X1Outcome[] {
    const byId = new Map<string, AnyX1Response>();
    for (const r of responses) {
      if (byId.has(r.x1TransactionId)) throw new X1WireError('X1_RESPONSE_MISMATCH', 'two responses carry the same X1TransactionId');
      byId.set(r.x1TransactionId, r);
    }
    if (responses.length !== requests.length) {
      throw new X1WireError('X1_RESPONSE_MISMATCH', `${responses.length} responses to ${requests.length} requests`);
    }
    return requests.map((request): X1Outcome => {
      const response = byId.get(request.x1TransactionId);
      if (!response) throw new X1WireError('X1_RESPONSE_MISMATCH', `no response to ${request.messageType}`);
      if (response.admfIdentifier !== request.admfIdentifier || response.neIdentifier !== request.neIdentifier) {
        throw new X1WireError('X1_RESPONSE_MISMATCH', `response to ${request.messageType} carries other ADMF/NE identifiers`);
      }
      const base = baseOf(request.messageType);
      if (response.messageType === 'ErrorResponse') {
        if (response.requestMessageType !== base) throw new X1WireError('X1_RESPONSE_MISMATCH', `ErrorResponse for ${response.requestMessageType} answers ${request.messageType}`);
        const { errorCode, errorDescription } = response.errorInformation;
        return { ok: false, request, response, error: new X1ErrorResponseError(response.requestMessageType, errorCode, errorDescription, request.x1TransactionId) };
      }
      if (baseOf(response.messageType) !== base) throw new X1WireError('X1_RESPONSE_MISMATCH', `${response.messageType} answers ${request.messageType}`);
      return { ok: true, request, response };
    });
  }
}
