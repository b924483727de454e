/**
 * The operator's RDHI (TS 102 656/657): one RetainedDataMessage in, its answers out, in this order —
 * and nothing is read from the store before the order has been found, the request has been audited,
 * and the order has been judged to cover it:
 *   1. only an exact RequestMessage is taken (parseExactRequest: wildcards, ranges, lists, cells are
 *      refused by design, 422); anything else is refused (400);
 *   2. the production order named in RequestID.externalIdentifier (§6.1.2) must be known, else 401
 *      (503 when the source of orders could not be asked: OrderSourceUnavailable);
 *   3. `rd.request` is audited (fail closed: no audit, no answer — 503);
 *   4. the order's signatures, state, requesting agency and scope must cover the request; a period,
 *      category or identifier beyond it is refused (401/403), never trimmed;
 *   5. the store answers exactly the request (store.ts), the answer is signed (§8.4.3.4) and
 *      `rd.disclosed` — with the SHA-256 of the bytes about to be sent — is audited before they are.
 * Refusals are answered as TS 102 657 §6.4 ErrorMessages (not understood: 400, 422) or as a
 * ResponseMessage responseFailed (understood, refused: 401, 403), each with the categorised value
 * (RD_CATEGORISED_ERRORS), and are all audited as `rd.refused`.
 */
import { createHash, type KeyObject } from 'node:crypto';
import {
  encodeRdMessage,
  furtherInformation,
  parseExactRequest,
  RD_CATEGORISED_ERRORS,
  RdRequestError,
  type ExactRdRequest,
  type RdCategorisedError,
  type RetainedDataHeader,
  type RetainedDataMessage,
  type RetainedDataMessageInput,
} from '../../standards/rd/index.ts';
import { signRdMessage, type RdHandler } from '../../wires/rd/index.ts';
import type { RetainedAnswer, RetainedDataStore } from '../store.ts';
import { answerRecords } from './records.ts';

/** What the RDHI knows of an order once found (its identity; nothing about scope yet). */
export interface OrderRef {
  orderId: string;
  orderHash: string;
  /** Where the RDHI got the order (the warrant desk, or a file served by hand); recorded with it. */
  source?: 'desk' | 'file';
}

export type OrderJudgement =
  | { ok: true; identifierCommitment: string }
  | { ok: false; code: string; refusal: Extract<RdCategorisedError, 'orderMissingOrInvalid' | 'outsideOrder' | 'unavailable'>; message: string };

/**
 * Thrown by OrderAuthority.find when no source of orders could be asked (e.g. the warrant desk is
 * unreachable and no file serves the order): refused "unavailable" (503), audited, nothing read.
 */
export class OrderSourceUnavailable extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The operator's judge of production orders (verifies signatures with the authorities' keys it holds). */
export interface OrderAuthority {
  find(orderId: string): Promise<OrderRef | undefined>;
  judge(order: OrderRef, request: ExactRdRequest, peer: string, now: Date): Promise<OrderJudgement>;
}

interface Common {
  requestNumber: string;
  category: string;
  period: { start: string; end: string };
  identifierKind: string;
}

/** Where the RDHI's decisions go (the role writes them to the transparency log as rd.* events). Each call must be durable when it resolves. */
export interface RdhiRecorder {
  request(d: Common & OrderRef & { requestSha256: string }): Promise<void>;
  refused(d: Partial<Common> & Partial<OrderRef> & { code: string; rdError: number }): Promise<void>;
  disclosed(d: Common & OrderRef & { identifier: string; responseSha256: string; records: number }): Promise<void>;
}

export interface RdhiOptions {
  cspId: string;
  store: RetainedDataStore;
  authority: OrderAuthority;
  recorder: RdhiRecorder;
  /** The operator's Ed25519 key: every answer is signed (§8.3 "certified by the CSP"). */
  signingKey: KeyObject;
  now?: () => Date;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function common(r: ExactRdRequest): Common {
  const start = r.period?.start ?? (r.identifier.kind === 'ip' ? r.identifier.at : new Date(0));
  const end = r.period?.end ?? start;
  return { requestNumber: r.requestID.requestNumber, category: r.category, period: { start: start.toISOString(), end: end.toISOString() }, identifierKind: r.identifier.kind };
}

async function read(store: RetainedDataStore, r: ExactRdRequest): Promise<RetainedAnswer> {
  return store.answer({ category: r.category, identifier: r.identifier, ...(r.period ? { period: r.period } : {}) });
}

export function rdhiHandler(o: RdhiOptions): RdHandler {
  const now = o.now ?? (() => new Date());
  const header = (h: RetainedDataHeader): RetainedDataHeader => ({ ...h, cSPID: o.cspId, timeStamp: now() });
  const signed = (m: RetainedDataMessageInput) => signRdMessage(m, o.signingKey);
  const error = (h: RetainedDataHeader, kind: RdCategorisedError, text: string) => [signed({ retainedDataHeader: header(h), retainedDataPayload: { errorMessage: furtherInformation(kind, text) } })];
  const failed = (h: RetainedDataHeader, kind: RdCategorisedError, text: string) => [
    signed({ retainedDataHeader: header(h), retainedDataPayload: { responseMessage: { responseStatus: { responseFailed: furtherInformation(kind, text) } } } }),
  ];

  return async (msg: RetainedDataMessage, ctx) => {
    const h = msg.retainedDataHeader;
    let request: ExactRdRequest;
    try {
      request = parseExactRequest(msg);
    } catch (e) {
      const code = e instanceof RdRequestError ? e.code : 'RD_NOT_EXACT';
      const kind: RdCategorisedError = code === 'RD_NOT_EXACT' ? 'notExact' : 'malformedRequest';
      await o.recorder.refused({ code, rdError: RD_CATEGORISED_ERRORS[kind].value });
      return error(h, kind, `${code}: ${e instanceof Error ? e.message : ''}`.slice(0, 300));
    }
    const c = common(request);
    const orderId = request.requestID.externalIdentifier;
    let order: OrderRef | undefined;
    try {
      order = orderId === undefined ? undefined : await o.authority.find(orderId);
    } catch (e) {
      if (!(e instanceof OrderSourceUnavailable)) throw e;
      await o.recorder.refused({ ...c, ...(orderId === undefined ? {} : { orderId }), code: e.code, rdError: RD_CATEGORISED_ERRORS.unavailable.value });
      return error(h, 'unavailable', `${e.code}: the production order cannot be looked up now; nothing was read`);
    }
    if (order === undefined) {
      await o.recorder.refused({ ...c, code: 'ORDER_NOT_FOUND', rdError: RD_CATEGORISED_ERRORS.orderMissingOrInvalid.value });
      return failed(h, 'orderMissingOrInvalid', 'no production order is named by RequestID.externalIdentifier, or it is unknown to this CSP');
    }
    try {
      await o.recorder.request({ ...c, ...order, requestSha256: sha256(ctx.raw) });
    } catch {
      return error(h, 'unavailable', 'the request could not be recorded; nothing was read');
    }
    const verdict = await o.authority.judge(order, request, ctx.peer, now());
    if (!verdict.ok) {
      await o.recorder.refused({ ...c, ...order, code: verdict.code, rdError: RD_CATEGORISED_ERRORS[verdict.refusal].value });
      // Not a judgement of the order (its keys or state could not be checked): an ErrorMessage, retry later.
      if (verdict.refusal === 'unavailable') return error(h, 'unavailable', `${verdict.code}: ${verdict.message}`.slice(0, 300));
      return failed(h, verdict.refusal, `${verdict.code}: ${verdict.message}`.slice(0, 300));
    }
    const records = answerRecords(await read(o.store, request));
    const answer = signed({
      retainedDataHeader: header(h),
      retainedDataPayload: { responseMessage: { responseStatus: { responseComplete: null }, responsePayload: records, numberOfRecordsFound: records.length } },
    });
    try {
      await o.recorder.disclosed({ ...c, ...order, identifier: verdict.identifierCommitment, responseSha256: sha256(encodeRdMessage(answer)), records: records.length });
    } catch {
      return error(h, 'unavailable', 'the disclosure could not be recorded; nothing is disclosed');
    }
    return [answer];
  };
}
