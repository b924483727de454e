/**
 * The agency's end of the retained-data handover, as the console uses it: one exact TS 102 657
 * request under a production order (RequestID.externalIdentifier names the order, §6.1.2), sent to
 * the operator's RDHI over HI-A/HI-B (§7.3, BER) inside mutual TLS with the agency's own client
 * certificate (§8.2) — the RDHI requires the TLS peer to be the order's agency, and the console
 * already holds that certificate for HI-1 (`agencies[].lemf.console.hi1`). Every answer must carry a
 * retainedDataDigest that verifies under the operator's public key (§8.3, RdClient refuses it
 * otherwise). A refusal (ErrorMessage, or a ResponseMessage with responseFailed) is an outcome, not
 * an exception: it is kept and shown with its categorised error (src/standards/rd/categorised-errors.ts).
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import type { Credentials } from '../../platform/pki.ts';
import { buildExactRequest, encodeRdMessage, RdRequestError, type RdCategory, type RdIdentifier, type ResponseRecord, type RetainedDataMessage } from '../../standards/rd/index.ts';
import { RdClient, RdWireError, type RdAnswer } from '../../wires/rd/index.ts';
import { tlsConnector, type Connector } from '../../wires/transport.ts';
import { ConsoleError } from '../errors.ts';
import type { RdRefusal } from './view.ts';

export interface RdOperatorEndpoint {
  id: string;
  endpoint: { host: string; port: number };
  /** The RDHI's answer-signing public key (the `.pub.pem` beside `rdhi.signingKey`, docs/rd.md). */
  publicKey: KeyObject;
}

export interface RdRequesterOptions {
  /** The agency's client certificate and key (HI-1 client credentials) and the deployment CA. */
  creds: Credentials;
  agencyId: string;
  /** RequestID.countryCode: the ISO 3166 country of the authorisation (`mediation.authorizationCountryCode`). */
  countryCode: string;
  operators: readonly RdOperatorEndpoint[];
  timeoutMs?: number;
  connector?: Connector;
}

export interface RdQuestion {
  orderId: string;
  operator: string;
  category: RdCategory;
  identifier: RdIdentifier;
  period?: { start: Date; end: Date };
}

export interface RdExchange {
  requestId: string;
  requestBytes: Uint8Array;
  answers: RdAnswer[];
  records: ResponseRecord[];
  refusal?: RdRefusal;
}

/** The refusal an answer carries, if it is one (TS 102 657 §5.3.5 ErrorMessage, or ResponseStatus responseFailed). */
export function refusalOf(m: RetainedDataMessage): RdRefusal | undefined {
  const p = m.retainedDataPayload;
  const f = 'errorMessage' in p ? p.errorMessage : 'responseMessage' in p && 'responseFailed' in p.responseMessage.responseStatus ? p.responseMessage.responseStatus.responseFailed : undefined;
  if (!f) return undefined;
  const c = f.categorisedErrorDescription;
  return { value: c ? c.value : null, description: c?.description ?? '', information: f.information ?? '' };
}

/** The records and the refusal (if any) of an exchange's answers. */
export function readAnswers(answers: readonly { message: RetainedDataMessage }[]): { records: ResponseRecord[]; refusal?: RdRefusal } {
  const records: ResponseRecord[] = [];
  for (const a of answers) {
    const refusal = refusalOf(a.message);
    if (refusal) return { records: [], refusal };
    const p = a.message.retainedDataPayload;
    if ('responseMessage' in p) records.push(...(p.responseMessage.responsePayload ?? []));
  }
  return { records };
}

export class RdRequester {
  private readonly connector: Connector;

  constructor(private readonly o: RdRequesterOptions) {
    this.connector = o.connector ?? tlsConnector(o.creds);
  }

  operatorIds(): string[] {
    return this.o.operators.map((x) => x.id);
  }

  operator(id: string): RdOperatorEndpoint | undefined {
    return this.o.operators.find((x) => x.id === id);
  }

  /** Builds the request (typed 400 when it is not one exact request); nothing is sent. */
  build(q: RdQuestion): { requestId: string; bytes: Uint8Array; message: ReturnType<typeof buildExactRequest> } {
    const requestId = randomUUID();
    try {
      const message = buildExactRequest({
        requestID: { countryCode: this.o.countryCode, authorisedOrganisationID: this.o.agencyId, requestNumber: requestId, externalIdentifier: q.orderId },
        cSPID: q.operator,
        timeStamp: new Date(),
        category: q.category,
        identifier: q.identifier,
        ...(q.period ? { period: q.period } : {}),
      });
      return { requestId, bytes: encodeRdMessage(message), message };
    } catch (e) {
      if (e instanceof RdRequestError) throw new ConsoleError('CONSOLE_BAD_REQUEST', `not one exact request: ${e.message}`, { cause: e });
      throw e;
    }
  }

  /** Sends a built request to the operator's RDHI; the answers verified (§8.3) or a typed 502. */
  async send(operator: RdOperatorEndpoint, built: ReturnType<RdRequester['build']>): Promise<RdExchange> {
    const client = new RdClient({ connector: this.connector, endpoint: operator.endpoint, cspPublicKey: operator.publicKey, ...(this.o.timeoutMs === undefined ? {} : { timeoutMs: this.o.timeoutMs }) });
    let answers: RdAnswer[];
    try {
      answers = await client.exchange(built.message);
    } catch (e) {
      if (e instanceof RdWireError) {
        const bad = e.code === 'RD_WIRE_BAD_DIGEST' || e.code === 'RD_WIRE_PROTOCOL';
        throw new ConsoleError(bad ? 'CONSOLE_RD_BAD_ANSWER' : 'CONSOLE_RD_UNAVAILABLE', bad ? `the operator's answer was not accepted (${e.code})` : `the operator's RDHI could not be reached (${e.code})`, { cause: e });
      }
      throw e;
    }
    return { requestId: built.requestId, requestBytes: built.bytes, answers, ...readAnswers(answers.map((a) => ({ message: a.message }))) };
  }
}
