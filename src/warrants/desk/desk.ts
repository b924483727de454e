/**
 * The warrant desk: the HI-1 Receiver (TS 103 120) in front of WarrantService.
 *
 * One request message in, one response message out (§6.4). Before anything is acted on: the
 * message must decode (else a top-level ActionUnsuccesfulInformation with the codec's Annex D code,
 * §9.2.2), its SenderIdentifier must be the identity of the client certificate (mutual TLS), its
 * ReceiverIdentifier this desk, and the audit log must accept the record of its SHA-256. Each action
 * then succeeds or fails on its own; a failed action changes nothing and is audited as `hi1.refused`
 * with its Annex D code (target identities only as redactIdentity tags).
 */
import { createHash } from 'node:crypto';
import { redactIdentity } from '../../audit/index.ts';
import {
  decodeHI1Message,
  encodeHI1Message,
  Hi1Error,
  targetIdentifierFromHi1,
  type ActionRequest,
  type ActionResponse,
  type ActionUnsuccessfulInformation,
  type DocumentObject,
  type EndpointId,
  type HI1Message,
  type Hi1Header,
  type Hi1Version,
  type LDTaskObject,
  type LITaskObject,
} from '../../standards/hi1/index.ts';
import { WarrantError } from '../errors.ts';
import { ProductionOrderError } from '../production-order-errors.ts';
import type { AuditSink } from '../events.ts';
import type { KeyRegistry } from '../keys.ts';
import type { Clock, WarrantRecord } from '../model.ts';
import type { TickTransition, WarrantService } from '../service.ts';
import { createAuthorisation, createDocument, getObject, listObjects, updateAuthorisation, updateNotification, type ActionContext, type ActionResult, type Peer } from './actions.ts';
import { warrantAuditSink, type AuditAppender } from './audit.ts';
import { DeskError, ORDER_CODE_TO_HI1, WARRANT_CODE_TO_HI1, deskFail } from './errors.ts';
import { createOrder, getOrderObject, listOrderRecords, updateOrder, type OrderContext, type OrderDeskOptions } from './orders.ts';
import { isOrderParameters } from './order-mapping.ts';
import { activateDue } from './lifecycle.ts';
import { MemoryDeskObjectStore, type DeskObjectStore } from './objects.ts';

export interface WarrantDeskOptions {
  service: WarrantService;
  keys: KeyRegistry;
  /** The transparency log: the desk writes hi1.* events to it. */
  audit: AuditAppender;
  /** The sink the service writes to (default: warrantAuditSink(audit)); used for pre-check refusals. */
  coreAudit?: AuditSink;
  clock: Clock;
  /** HMAC key (>= 32 bytes) for redactIdentity tags of target identities in audit events. */
  identityKey: Uint8Array;
  objects?: DeskObjectStore;
  /** This desk's EndpointID (default XX / warrant-desk, docs/profile.md). */
  endpoint?: EndpointId;
  version?: Hi1Version;
  /** LIST is allowed only where the national profile says so (§6.4.8); default true. */
  allowList?: boolean;
  /** Production orders on HI-1 (orders.ts); absent: the desk knows warrants only. */
  orders?: OrderDeskOptions;
}

export interface DeskReply {
  /** HTTP status (200 for every HI-1 answer, including errors carried in the message). */
  status: number;
  body: string;
  message: HI1Message;
}

export const DEFAULT_DESK_ENDPOINT: EndpointId = { countryCode: 'XX', uniqueIdentifier: 'warrant-desk' };
export const DEFAULT_HI1_VERSION: Hi1Version = { etsiVersion: 'V1.11.1', nationalProfileOwner: 'XX', nationalProfileVersion: 'warranted-1' };

/** QualifiedMicrosecondDateTime (TS 103 280 §6.5) of an instant. */
export function microsecondTimestamp(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function errorInformation(e: unknown): ActionUnsuccessfulInformation & { code: string } {
  if (e instanceof DeskError || e instanceof Hi1Error) {
    const n = typeof e.standardCode === 'number' ? e.standardCode : 3000;
    return { errorCode: n, errorDescription: `${e.code}: ${e.message}`.slice(0, 1000), code: e.code };
  }
  if (e instanceof ProductionOrderError) {
    return { errorCode: ORDER_CODE_TO_HI1[e.code] ?? 3007, errorDescription: `${e.code}: ${e.message}`.slice(0, 1000), code: e.code };
  }
  if (e instanceof WarrantError) {
    return { errorCode: WARRANT_CODE_TO_HI1[e.code] ?? 3000, errorDescription: `${e.code}: ${e.message}`.slice(0, 1000), code: e.code };
  }
  return { errorCode: 3003, errorDescription: 'DESK_INTERNAL: the action could not be completed; nothing was changed', code: 'DESK_INTERNAL' };
}

export class WarrantDesk {
  readonly #o: WarrantDeskOptions;
  readonly #objects: DeskObjectStore;
  readonly #coreAudit: AuditSink;
  readonly endpoint: EndpointId;

  constructor(opts: WarrantDeskOptions) {
    if (opts.identityKey.length < 32) throw new RangeError('identityKey must be at least 32 bytes');
    this.#o = opts;
    this.#objects = opts.objects ?? new MemoryDeskObjectStore();
    this.#coreAudit = opts.coreAudit ?? warrantAuditSink(opts.audit);
    this.endpoint = opts.endpoint ?? DEFAULT_DESK_ENDPOINT;
  }

  /** Activates approved warrants whose start has come, then runs the expiry sweep. */
  async tick(): Promise<{ activated: WarrantRecord[]; ended: TickTransition[] }> {
    const activated = await activateDue(this.#deps());
    const ended = await this.#o.service.tick();
    return { activated, ended };
  }

  /** Handles one received HI1Message from the authenticated peer `peerId`. */
  async handle(body: Uint8Array, peerId: string): Promise<DeskReply> {
    const sha = createHash('sha256').update(body).digest('hex');
    const base = { peer: peerId, messageSha256: sha };
    let msg: HI1Message;
    try {
      msg = decodeHI1Message(body);
    } catch (e) {
      return this.#topLevel(undefined, peerId, e, base);
    }
    const h = msg.header;
    const where = { ...base, transactionId: h.transactionIdentifier, sender: h.senderIdentifier.uniqueIdentifier };
    try {
      if (h.senderIdentifier.uniqueIdentifier !== peerId) deskFail('DESK_PEER_MISMATCH', `the message claims to come from ${h.senderIdentifier.uniqueIdentifier} but the client certificate is ${peerId}`);
      if (h.receiverIdentifier.uniqueIdentifier !== this.endpoint.uniqueIdentifier || h.receiverIdentifier.countryCode !== this.endpoint.countryCode) {
        deskFail('DESK_RECEIVER_MISMATCH', `the message is addressed to ${h.receiverIdentifier.countryCode}/${h.receiverIdentifier.uniqueIdentifier}`);
      }
      if (msg.payload.kind !== 'request') deskFail('DESK_NOT_A_REQUEST', 'the desk only accepts RequestPayload messages');
    } catch (e) {
      return this.#topLevel(h, peerId, e, where);
    }
    const requests = msg.payload.actionRequests;
    try {
      await this.#log('hi1.received', peerId, undefined, { ...where, actions: requests.map((r) => r.verb) });
    } catch {
      return this.#topLevel(h, peerId, new DeskError('DESK_AUDIT_UNAVAILABLE', 'the audit log is unavailable: nothing was acted on'), where, false);
    }
    const authority = this.#o.keys.authority(peerId);
    const rdhiOperator = this.#o.orders?.rdhi?.get(peerId);
    const peer: Peer = rdhiOperator !== undefined ? { id: peerId, rdhiOperator } : authority ? { id: peerId, authority } : { id: peerId };
    const ctx: ActionContext = { ...this.#deps(), objects: this.#objects, countryCode: this.endpoint.countryCode, peer };
    const responses = await this.#actions(ctx, requests, where);
    return this.#reply(h, { kind: 'response', actionResponses: responses.sort((a, b) => a.actionIdentifier - b.actionIdentifier) });
  }

  #deps() {
    return { service: this.#o.service, keys: this.#o.keys, audit: this.#coreAudit, clock: this.#o.clock };
  }

  async #actions(ctx: ActionContext, requests: readonly ActionRequest[], where: Record<string, unknown>): Promise<ActionResponse[]> {
    const out: ActionResponse[] = [];
    const creates = requests.filter((r): r is Extract<ActionRequest, { verb: 'CREATE' }> => r.verb === 'CREATE');
    const authIds = new Set(creates.flatMap((r) => (r.object.objectType === 'Authorisation' ? [r.object.objectIdentifier] : [])));
    const attachedTo = (o: LITaskObject | LDTaskObject | DocumentObject) => o.associatedObjects?.find((id) => authIds.has(id));
    const authOutcome = new Map<string, boolean>();
    const run = async (r: ActionRequest, fn: () => Promise<ActionResult>, targets: string[] = []) => {
      try {
        const res = await fn();
        out.push({ ...res.response, actionIdentifier: r.actionIdentifier });
        await this.#log('hi1.accepted', ctx.peer.id, res.warrantId ?? res.objectIdentifier, {
          ...where, actionIdentifier: r.actionIdentifier, verb: r.verb,
          ...(res.objectType ? { objectType: res.objectType } : {}), ...(res.objectIdentifier ? { objectIdentifier: res.objectIdentifier } : {}),
        }).catch(() => undefined); // the change itself is already in the log (warrant.* events)
        return true;
      } catch (e) {
        const info = errorInformation(e);
        out.push({ actionIdentifier: r.actionIdentifier, verb: 'ErrorInformation', error: { errorCode: info.errorCode, errorDescription: info.errorDescription } });
        const objectIdentifier = r.verb === 'CREATE' || r.verb === 'UPDATE' ? r.object.objectIdentifier : r.verb === 'GET' ? r.identifier : undefined;
        await this.#log('hi1.refused', ctx.peer.id, objectIdentifier, {
          ...where, actionIdentifier: r.actionIdentifier, verb: r.verb, reasonCode: info.errorCode, code: info.code, description: info.errorDescription,
          ...(objectIdentifier ? { objectIdentifier } : {}), ...(targets.length > 0 ? { targets } : {}),
        }).catch(() => undefined);
        return false;
      }
    };
    // Authorisations first: their LITasks and Documents (any position in the message) go with them.
    for (const r of creates) {
      const auth = r.object;
      if (auth.objectType !== 'Authorisation') continue;
      const oc = this.#orderContext(ctx);
      if (oc && isOrderParameters(auth.nationalAuthorisationParameters)) {
        const ld = creates.flatMap((c) => (c.object.objectType === 'LDTask' && attachedTo(c.object) === auth.objectIdentifier ? [c.object] : []));
        authOutcome.set(auth.objectIdentifier, await run(r, () => createOrder(oc, auth, ld)));
        continue;
      }
      const tasks = creates.flatMap((c) => (c.object.objectType === 'LITask' && attachedTo(c.object) === auth.objectIdentifier ? [c.object] : []));
      const docs = creates.flatMap((c) => (c.object.objectType === 'Document' && attachedTo(c.object) === auth.objectIdentifier ? [c.object] : []));
      authOutcome.set(auth.objectIdentifier, await run(r, () => createAuthorisation(ctx, auth, tasks, docs), this.#redactedTargets(tasks)));
    }
    for (const r of requests) {
      if (r.verb === 'CREATE' && r.object.objectType === 'Authorisation') continue;
      await run(r, () => this.#other(ctx, r, attachedTo, authOutcome));
    }
    return out;
  }

  /** The action context with the production-order service, when the desk has one. */
  #orderContext(ctx: ActionContext): OrderContext | undefined {
    return this.#o.orders ? { ...ctx, orders: this.#o.orders } : undefined;
  }

  async #other(ctx: ActionContext, r: ActionRequest, attachedTo: (o: LITaskObject | LDTaskObject | DocumentObject) => string | undefined, authOutcome: ReadonlyMap<string, boolean>): Promise<ActionResult> {
    const oc = this.#orderContext(ctx);
    switch (r.verb) {
      case 'CREATE': {
        const o = r.object;
        if (o.objectType === 'LDTask' && attachedTo(o) === undefined) deskFail('DESK_ASSOCIATION_MISSING', `LDTask ${o.objectIdentifier} is not associated with an Authorisation in the same message: an order's identifiers are signed content`);
        if (o.objectType === 'LITask' || o.objectType === 'LDTask' || o.objectType === 'Document') {
          const auth = attachedTo(o);
          if (auth !== undefined) {
            if (!authOutcome.get(auth)) deskFail('DESK_ASSOCIATION_FAILED', `the Authorisation ${auth} this object belongs to was refused`);
            return { response: { actionIdentifier: 0, verb: 'CREATEResponse', identifier: o.objectIdentifier }, objectType: o.objectType, objectIdentifier: o.objectIdentifier, warrantId: auth };
          }
          if (o.objectType === 'Document') return createDocument(ctx, o);
          const existing = await Promise.all((o.associatedObjects ?? []).map((id) => ctx.service.get(id)));
          if (existing.some((x) => x !== undefined)) deskFail('DESK_TARGETS_FIXED', 'targets of an existing warrant cannot be added: they are signed legal content');
          deskFail('DESK_ASSOCIATION_MISSING', `LITask ${o.objectIdentifier} is not associated with an Authorisation`);
        }
        return deskFail('DESK_UNSUPPORTED', `CREATE of ${o.objectType} objects is not supported by the warrant desk`);
      }
      case 'UPDATE': {
        const o = r.object;
        const order = oc && o.objectType === 'Authorisation' ? await oc.orders.service.get(o.objectIdentifier) : undefined;
        if (oc && order) return updateOrder(oc, order, o as Extract<typeof o, { objectType: 'Authorisation' }>);
        if (o.objectType === 'Authorisation') return updateAuthorisation(ctx, o);
        if (o.objectType === 'Notification') return updateNotification(ctx, o.objectIdentifier, o.newNotification);
        return deskFail('DESK_UNSUPPORTED', `UPDATE of ${o.objectType} objects is not supported: tasks follow their warrant`);
      }
      case 'GET':
        return (oc && (await getOrderObject(oc, r.identifier))) || getObject(ctx, r.identifier);
      case 'LIST': {
        if (this.#o.allowList === false) deskFail('DESK_UNSUPPORTED', 'LIST is not allowed by this national profile (§6.4.8)');
        if (!oc) return listObjects(ctx, r.list);
        const type = r.list.objectType?.value;
        const warrants = type === 'LDTask' ? undefined : await listObjects(ctx, r.list);
        const orders = await listOrderRecords(oc, r.list);
        const records = [...(warrants?.response.verb === 'LISTResponse' ? warrants.response.records : []), ...orders];
        const max = r.list.maximumObjectCount;
        return { response: { actionIdentifier: 0, verb: 'LISTResponse', records: max === undefined ? records : records.slice(0, max) }, objectType: type ?? 'All' };
      }
      default:
        return deskFail('DESK_UNSUPPORTED', `${r.verb} is not supported by the warrant desk`);
    }
  }

  /** redactIdentity tags of the targets named in LITasks (normalised where the value parses). */
  #redactedTargets(tasks: readonly LITaskObject[]): string[] {
    const tags: string[] = [];
    for (const t of tasks) {
      for (const v of t.targetIdentifier?.targetIdentifierValues ?? []) {
        let value = v.value;
        try {
          value = targetIdentifierFromHi1(v).value;
        } catch {
          /* keep the value as received */
        }
        tags.push(redactIdentity(value, this.#o.identityKey));
      }
    }
    return tags;
  }

  async #log(type: string, actor: string, subject: string | undefined, details: Record<string, unknown>): Promise<void> {
    const at = this.#o.clock.now().toISOString();
    // An RDHI writes its own rd.* events and the log refuses events in its name from anyone else
    // (src/roles/audit.ts auditActorPolicy): its requests here are recorded in the desk's name, the
    // RDHI in details.peer (every hi1.* event carries it).
    const a = this.#o.orders?.rdhi?.has(actor) ? this.endpoint.uniqueIdentifier : actor.slice(0, 256) || 'unknown-peer';
    await this.#o.audit.append(subject === undefined ? { type, at, actor: a, details } : { type, at, actor: a, subject, details });
  }

  async #topLevel(h: Hi1Header | undefined, peer: string, e: unknown, details: Record<string, unknown>, audit = true): Promise<DeskReply> {
    const info = errorInformation(e);
    if (audit) await this.#log('hi1.refused', peer, undefined, { ...details, reasonCode: info.errorCode, code: info.code, description: info.errorDescription }).catch(() => undefined);
    const header: Hi1Header = h ?? {
      senderIdentifier: this.endpoint,
      receiverIdentifier: { countryCode: this.endpoint.countryCode, uniqueIdentifier: peer || 'unknown' },
      transactionIdentifier: crypto.randomUUID(),
      timestamp: '',
      version: this.#o.version ?? DEFAULT_HI1_VERSION,
    };
    return this.#reply(header, { kind: 'error', errorInformation: { errorCode: info.errorCode, errorDescription: info.errorDescription } });
  }

  #reply(request: Hi1Header, payload: HI1Message['payload']): DeskReply {
    const message: HI1Message = {
      header: {
        senderIdentifier: this.endpoint,
        receiverIdentifier: request.senderIdentifier.uniqueIdentifier === this.endpoint.uniqueIdentifier ? request.receiverIdentifier : request.senderIdentifier,
        transactionIdentifier: request.transactionIdentifier,
        timestamp: microsecondTimestamp(this.#o.clock.now()),
        version: this.#o.version ?? DEFAULT_HI1_VERSION,
      },
      payload,
    };
    try {
      return { status: 200, body: encodeHI1Message(message), message };
    } catch {
      const fallback: HI1Message = { header: message.header, payload: { kind: 'error', errorInformation: { errorCode: 3003, errorDescription: 'DESK_INTERNAL: the response could not be encoded' } } };
      return { status: 200, body: encodeHI1Message(fallback), message: fallback };
    }
  }
}
