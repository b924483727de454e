/**
 * X1 responder over HTTPS with mutual TLS (TS 103 221-1 §7.2): an NE or the MDF at `/X1/NE`
 * (requests from the ADMF), or the ADMF at `/X1/ADMF` (reports from NEs). Each POST carries one
 * RequestContainer; the answer is one ResponseContainer with a response per request, or a
 * TopLevelErrorResponse (§6.1) when the container cannot be parsed or the peer is not allowed.
 * X1-level errors always travel as HTTP 200 (§7.2.2.2).
 *
 * Identity checks (§6.1 Table 1: identifiers "required to match the details provided by the X.509
 * certificate", §8): an unauthorised peer never reaches the decoder (TopLevelErrorResponse, profile
 * "What is refused"); a parsed request whose identifiers do not match the certificate or this
 * responder is answered with an ErrorResponse carrying 1030/1040/1050/1060.
 */
import { startXmlHttpsServer } from '../https-xml.ts';
import type { XmlHttpsServer } from '../https-xml.ts';
import type { Endpoint } from '../transport.ts';
import type { Credentials } from '../../platform/pki.ts';
import {
  decodeX1Request, encodeX1Response, x1Timestamp, X1Error, X1_SCHEMA_VERSION,
} from '../../standards/x1/index.ts';
import type {
  AnyX1Request, AnyX1Response, RequestContainer, RequestMessageType, X1ResponseMessage,
} from '../../standards/x1/index.ts';
import { refusals } from './errors.ts';
import { dispatchX1Request } from './handler.ts';
import type { X1HandlerContext, X1RequestHandler } from './handler.ts';

export type X1Path = '/X1/NE' | '/X1/ADMF';

/** One exchange as the responder saw it (for the audit log: bytes verbatim). */
export interface X1ServerExchange {
  peer: string;
  path: X1Path;
  requestBytes: Uint8Array;
  responseXml: string;
  /** Set when the whole container was refused with a TopLevelErrorResponse. */
  topLevelError?: { code: string; standardCode: number };
  /** The decoded container, when decoding succeeded. */
  container?: RequestContainer;
  /** The responses sent, when a ResponseContainer was sent. */
  responses?: AnyX1Response[];
}

export interface X1ServerOptions {
  creds: Credentials;
  bind: Endpoint;
  path: X1Path;
  /** This responder's X1 identifier (neIdentifier at /X1/NE, admfIdentifier at /X1/ADMF). */
  identifier: string;
  /** Certificate identities allowed to send requests (the ADMF at /X1/NE; the NEs at /X1/ADMF). */
  allowedPeers: readonly string[];
  handler: X1RequestHandler;
  onExchange?: (ex: X1ServerExchange) => void;
  /** Clock for response timestamps (default: real time). */
  now?: () => Date;
}

export interface X1Server {
  readonly endpoint: Endpoint;
  close(): Promise<void>;
}

const requestMessageTypeOf = (m: AnyX1Request): RequestMessageType => m.messageType.replace(/Request$/, '') as RequestMessageType;

/** The §6.7 ErrorResponse refusing request `m` (an X1Error's code, else 1000 internal). */
function errorResponse(m: AnyX1Request, header: X1ResponseMessage, e: unknown): AnyX1Response {
  const err = e instanceof X1Error ? e : refusals.internal();
  return {
    admfIdentifier: header.admfIdentifier,
    neIdentifier: header.neIdentifier,
    messageTimestamp: header.messageTimestamp,
    version: header.version,
    x1TransactionId: header.x1TransactionId,
    messageType: 'ErrorResponse',
    requestMessageType: requestMessageTypeOf(m),
    errorInformation: { errorCode: err.standardCode, errorDescription: err.message.slice(0, 1000) },
  };
}

export async function startX1Server(o: X1ServerOptions): Promise<X1Server> {
  const allowed = new Set(o.allowedPeers);
  const now = o.now ?? (() => new Date());
  const atNe = o.path === '/X1/NE';

  /** §6.1: ADMF and NE identifiers, the requester's taken from its certificate. */
  const topLevel = (peer: string) =>
    encodeX1Response({
      kind: 'X1TopLevelErrorResponse',
      admfIdentifier: atNe ? peer : o.identifier,
      neIdentifier: atNe ? o.identifier : peer,
      messageTimestamp: x1Timestamp(now()),
      version: X1_SCHEMA_VERSION,
    });

  /** The §6.7 identifier check of one parsed request; returns the refusal or undefined. */
  const identityRefusal = (m: AnyX1Request, peer: string): X1Error | undefined => {
    if (atNe) {
      if (m.admfIdentifier !== peer) return refusals.admfIdMismatch();
      if (m.neIdentifier !== o.identifier) return refusals.unexpectedNeId();
    } else {
      if (m.neIdentifier !== peer) return refusals.neIdMismatch();
      if (m.admfIdentifier !== o.identifier) return refusals.unexpectedAdmfId();
    }
    return undefined;
  };

  const respond = async (container: RequestContainer, peer: string, requestBytes: Uint8Array): Promise<AnyX1Response[]> => {
    const out: AnyX1Response[] = [];
    // §6.1: no order is implied within a container; processing in document order keeps it deterministic.
    for (const [index, m] of container.x1RequestMessage.entries()) {
      const header: X1ResponseMessage = {
        admfIdentifier: m.admfIdentifier,
        neIdentifier: m.neIdentifier,
        messageTimestamp: x1Timestamp(now()),
        version: X1_SCHEMA_VERSION,
        x1TransactionId: m.x1TransactionId,
      };
      const ctx: X1HandlerContext = { peer, requestBytes, container, index };
      try {
        const refused = identityRefusal(m, peer);
        if (refused) throw refused;
        out.push({ ...(await dispatchX1Request(o.handler, m, header, ctx)), messageTimestamp: x1Timestamp(now()) });
      } catch (e) {
        out.push(errorResponse(m, header, e));
      }
    }
    await afterContainer(container, peer, out);
    return out;
  };

  /** The handler's container-level step; the requests it refuses get their ErrorResponse now. */
  const afterContainer = async (container: RequestContainer, peer: string, out: AnyX1Response[]): Promise<void> => {
    if (!o.handler.afterContainer) return;
    let refused: ReadonlyMap<number, X1Error> | undefined;
    try {
      refused = await o.handler.afterContainer(container, peer);
    } catch {
      refused = new Map(out.map((_, i) => [i, refusals.internal()]));
    }
    for (const [i, e] of refused ?? []) {
      const m = container.x1RequestMessage[i];
      const r = out[i];
      if (m && r) out[i] = errorResponse(m, { ...r, messageTimestamp: x1Timestamp(now()) }, e);
    }
  };

  /**
   * The ResponseContainer's XML. A handler answer the XSD would not accept becomes an ErrorResponse,
   * not an HTTP 500: only when the whole container does not encode is each answer tried alone (one
   * encoding per container on the normal path, not one more per request: RequestContainers carry
   * thousands of ActivateTasks, bench/x1-activation-scale.bench.ts).
   */
  const encodeResponses = (container: RequestContainer, responses: AnyX1Response[]): string => {
    try {
      return encodeX1Response({ kind: 'X1Response', x1ResponseMessage: responses });
    } catch {
      for (const [i, r] of responses.entries()) {
        try {
          encodeX1Response({ kind: 'X1Response', x1ResponseMessage: [r] });
        } catch (e) {
          const m = container.x1RequestMessage[i]!;
          responses[i] = errorResponse(m, r, e instanceof X1Error ? e : refusals.internal());
        }
      }
      return encodeX1Response({ kind: 'X1Response', x1ResponseMessage: responses });
    }
  };

  const server: XmlHttpsServer = await startXmlHttpsServer({
    creds: o.creds,
    bind: o.bind,
    routes: {
      [o.path]: async (body, { peer }) => {
        const record = (ex: Omit<X1ServerExchange, 'peer' | 'path' | 'requestBytes'>) => {
          o.onExchange?.({ peer, path: o.path, requestBytes: body, ...ex });
          return { status: 200, body: ex.responseXml };
        };
        if (!allowed.has(peer)) {
          const refusal = atNe ? refusals.unexpectedAdmfId() : refusals.unexpectedNeId();
          return record({ responseXml: topLevel(peer), topLevelError: { code: refusal.code, standardCode: refusal.standardCode } });
        }
        let container: RequestContainer;
        try {
          container = decodeX1Request(body);
        } catch (e) {
          const err = e instanceof X1Error ? e : refusals.internal();
          return record({ responseXml: topLevel(peer), topLevelError: { code: err.code, standardCode: err.standardCode } });
        }
        const responses = await respond(container, peer, body);
        const responseXml = encodeResponses(container, responses);
        return record({ responseXml, container, responses });
      },
    },
  });
  return server;
}
