/**
 * Hi1Client: the agency's (or an approving authority's) side of HI-1 towards the warrant desk.
 * Builds TS 103 120 messages, POSTs them over HTTPS with mutual TLS (§9.3) and parses the answers.
 * Uses the codec, the XML/HTTPS wire and the pure builders only (no store, no service).
 */
import { randomUUID } from 'node:crypto';
import { WarrantedError } from '../../platform/errors.ts';
import type { Credentials } from '../../platform/pki.ts';
import {
  decodeHI1Message,
  encodeHI1Message,
  type ActionRequest,
  type ActionResponse,
  type EndpointId,
  type HI1Message,
  type Hi1Object,
  type Hi1Version,
  type ListRequest,
  type ListResponseRecord,
  type NotificationObject,
} from '../../standards/hi1/index.ts';
import { XmlHttpsClient } from '../../wires/https-xml.ts';
import type { Endpoint } from '../../wires/transport.ts';
import type { Signature, SignedStatement, WarrantDraft } from '../model.ts';
import { approvalUpdate, DESIRED_STATUS_FOR, warrantToHi1Objects, type BuildOptions } from './build.ts';
import { dict, canonicalDocumentIdFor } from './mapping.ts';
import { publishHi1Document } from './capture.ts';

export class Hi1ActionRefused extends WarrantedError {
  /** The desk's own error code that leads the description (e.g. DESK_NOT_FOUND, ORDER_SIGNATURE_WRONG_ROLE), when there is one. */
  readonly reasonCode: string | undefined;
  constructor(
    readonly errorCode: number,
    readonly errorDescription: string,
  ) {
    super('DESK_ACTION_REFUSED', `HI-1 action refused (${errorCode}): ${errorDescription}`, { standardCode: errorCode });
    this.reasonCode = /^([A-Z][A-Z0-9_]+):/.exec(errorDescription)?.[1];
  }
}

export interface Hi1ClientOptions {
  creds: Credentials;
  endpoint: Endpoint;
  /** Our EndpointID: UniqueIdentifier = the identity in our certificate. */
  self: EndpointId;
  /**
   * The desk's EndpointID; its UniqueIdentifier is also the identity its TLS certificate must name
   * (the connection is refused otherwise, before the request is sent). Absent: `warrant-desk` in the
   * message header, and any certificate of the CA is accepted.
   */
  desk?: EndpointId;
  path?: string;
  version?: Hi1Version;
  timeoutMs?: number;
}

export interface Hi1Exchange {
  request: HI1Message;
  requestXml: string;
  status: number;
  responseXml: string;
  response: HI1Message;
}

type NewAction = ActionRequest extends infer A ? (A extends ActionRequest ? Omit<A, 'actionIdentifier'> : never) : never;

function microseconds(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class Hi1Client {
  readonly #o: Hi1ClientOptions;
  readonly #http: XmlHttpsClient;

  constructor(opts: Hi1ClientOptions) {
    this.#o = opts;
    this.#http = new XmlHttpsClient(opts.creds, opts.endpoint, opts.timeoutMs, opts.desk?.uniqueIdentifier);
  }

  /** The CountryCode of our EndpointID (objects we build carry it). */
  get countryCode(): string {
    return this.#o.self.countryCode;
  }

  /** A request message with action identifiers 0, 1, 2 … (§6.4.4). */
  buildMessage(actions: readonly NewAction[]): HI1Message {
    return {
      header: {
        senderIdentifier: this.#o.self,
        receiverIdentifier: this.#o.desk ?? { countryCode: this.#o.self.countryCode, uniqueIdentifier: 'warrant-desk' },
        transactionIdentifier: randomUUID(),
        timestamp: microseconds(new Date()),
        version: this.#o.version ?? { etsiVersion: 'V1.11.1', nationalProfileOwner: 'XX', nationalProfileVersion: 'warranted-1' },
      },
      payload: { kind: 'request', actionRequests: actions.map((a, i) => ({ ...a, actionIdentifier: i })) },
    };
  }

  /** POSTs raw XML (tests use it for malformed documents); the answer decoded when possible. */
  async sendXml(xml: string): Promise<{ status: number; responseXml: string; response?: HI1Message }> {
    const r = await this.#http.post(this.#o.path ?? '/HI1', xml);
    try {
      return { status: r.status, responseXml: r.body, response: decodeHI1Message(new TextEncoder().encode(r.body)) };
    } catch {
      return { status: r.status, responseXml: r.body };
    }
  }

  async send(actions: readonly NewAction[]): Promise<Hi1Exchange> {
    const request = this.buildMessage(actions);
    const requestXml = encodeHI1Message(request);
    publishHi1Document('client', requestXml);
    const r = await this.sendXml(requestXml);
    if (!r.response) throw new WarrantedError('DESK_BAD_RESPONSE', `the desk answered HTTP ${r.status} without an HI-1 message`);
    return { request, requestXml, status: r.status, responseXml: r.responseXml, response: r.response };
  }

  /** CREATE of the warrant's Authorisation, LITasks and Documents in one message. */
  submitWarrant(draft: WarrantDraft & { id: string }, opts: Omit<BuildOptions, 'countryCode'> = {}): Promise<Hi1Exchange> {
    const objects = warrantToHi1Objects(draft, { ...opts, countryCode: this.#o.self.countryCode });
    return this.send(objects.map((object) => ({ verb: 'CREATE' as const, object })));
  }

  /** UPDATE adding approval signatures (optionally with a DesiredStatus). */
  approve(warrantId: string, signatures: readonly Signature[], desiredStatus?: string): Promise<Hi1Exchange> {
    return this.send([{ verb: 'UPDATE', object: approvalUpdate(warrantId, signatures, this.#o.self.countryCode, desiredStatus) }]);
  }

  /** UPDATE with one signed statement; the DesiredStatus follows from its purpose (revocation → Cancelled). */
  statement(warrantId: string, st: SignedStatement): Promise<Hi1Exchange> {
    return this.send([{ verb: 'UPDATE', object: approvalUpdate(warrantId, [st], this.#o.self.countryCode, DESIRED_STATUS_FOR[st.purpose]) }]);
  }

  revoke(warrantId: string, st: SignedStatement): Promise<Hi1Exchange> {
    return this.statement(warrantId, st);
  }

  /** UPDATE of the DesiredStatus only (e.g. Approved: activate an approved warrant). */
  setDesiredStatus(warrantId: string, status: string): Promise<Hi1Exchange> {
    return this.approve(warrantId, [], status);
  }

  async get(id: string): Promise<Hi1Object> {
    const r = firstResponse(await this.send([{ verb: 'GET', identifier: id }]));
    if (r.verb !== 'GETResponse') throw new WarrantedError('DESK_BAD_RESPONSE', `expected GETResponse, got ${r.verb}`);
    return r.object;
  }

  async list(req: ListRequest = {}): Promise<ListResponseRecord[]> {
    const r = firstResponse(await this.send([{ verb: 'LIST', list: req }]));
    if (r.verb !== 'LISTResponse') throw new WarrantedError('DESK_BAD_RESPONSE', `expected LISTResponse, got ${r.verb}`);
    return r.records;
  }

  /** New notifications (LIST Status New, then GET each), oldest first. */
  async notifications(): Promise<NotificationObject[]> {
    const records = await this.list({ objectType: dict('ObjectType', 'Notification'), status: dict('NotificationStatus', 'New') });
    const out: NotificationObject[] = [];
    for (const rec of records) {
      const o = await this.get(rec.identifier);
      if (o.objectType === 'Notification') out.push(o);
    }
    return out.sort((a, b) => Date.parse(a.notificationTimestamp ?? '') - Date.parse(b.notificationTimestamp ?? ''));
  }

  /** Marks a notification as seen (UPDATE NewNotification = false, §7.4.4). */
  async acknowledge(notificationId: string): Promise<void> {
    firstResponse(await this.send([{ verb: 'UPDATE', object: { objectType: 'Notification', objectIdentifier: notificationId, newNotification: false } }]));
  }

  /** The canonical bytes of a warrant (what approvers sign), from its canonical DocumentObject. */
  async canonicalBytes(warrantId: string): Promise<Uint8Array> {
    const o = await this.get(canonicalDocumentIdFor(warrantId));
    if (o.objectType !== 'Document' || !o.documentBody?.contents) throw new WarrantedError('DESK_BAD_RESPONSE', 'canonical document without body');
    return o.documentBody.contents;
  }

  close(): void {
    this.#http.close();
  }
}

/** The single action response of an exchange; throws Hi1ActionRefused for errors. */
export function firstResponse(x: Hi1Exchange): ActionResponse {
  const p = x.response.payload;
  if (p.kind === 'error') throw new Hi1ActionRefused(p.errorInformation.errorCode, p.errorInformation.errorDescription);
  if (p.kind !== 'response' || p.actionResponses.length === 0) throw new WarrantedError('DESK_BAD_RESPONSE', 'no action response');
  const r = p.actionResponses[0]!;
  if (r.verb === 'ErrorInformation') throw new Hi1ActionRefused(r.error.errorCode, r.error.errorDescription);
  return r;
}

/** Every action response of an exchange (top-level errors thrown). */
export function actionResponses(x: Hi1Exchange): ActionResponse[] {
  const p = x.response.payload;
  if (p.kind === 'error') throw new Hi1ActionRefused(p.errorInformation.errorCode, p.errorInformation.errorDescription);
  if (p.kind !== 'response') throw new WarrantedError('DESK_BAD_RESPONSE', 'not a response');
  return p.actionResponses;
}
