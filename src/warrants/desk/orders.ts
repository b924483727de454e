/**
 * The HI-1 verbs on production orders (TS 103 120 §6.4.5-§6.4.8, objects in order-mapping.ts):
 * CREATE of an Authorisation with ProductionOrderParameters and its LDTasks = submit; UPDATE with
 * ApprovalDetails = approval signatures (ApprovalType Approval) or one signed revocation
 * (ApprovalType Revocation); GET / LIST of the Authorisation, its LDTasks and the DocumentObject
 * holding the canonical text. Who may do what (docs/hi1-intake.md "Production orders on HI-1"):
 * the agency that submitted the order sees and updates it; a registered authority sees every order
 * and sends only its own signatures; the RDHI identity of an operator the order names may GET it —
 * and only it receives the order's identifier salt — and nothing else.
 */
import type { AuthorisationObject, LDTaskObject, ListRequest, ListResponseRecord, Hi1Object } from '../../standards/hi1/index.ts';
import type { OrderSignature, ProductionOrderRecord } from '../production-order-model.ts';
import type { ProductionOrderProfile } from '../production-order-profiles.ts';
import type { ProductionOrderService } from '../production-order-service.ts';
import { ProductionOrderError } from '../production-order-errors.ts';
import { checkOrderContent, checkSignatures, verifyProductionOrder } from '../production-order-verify.ts';
import type { ActionContext, ActionResult } from './actions.ts';
import { deskFail } from './errors.ts';
import { dict } from './mapping.ts';
import { ldTaskIdFor, orderDocumentIdFor, orderDraftFromHi1 } from './order-mapping.ts';
import { approvalToOrder, orderAuthorisationObject, orderDocument, orderTaskObjects, type OrderRenderContext } from './order-render.ts';

/** What the desk needs for production orders (src/roles/control.ts builds it). */
export interface OrderDeskOptions {
  service: ProductionOrderService;
  profiles: ReadonlyMap<string, ProductionOrderProfile>;
  /** RDHI identity (deployment operators[].retainedData.rdhi.id) → the operator it serves. */
  rdhi?: ReadonlyMap<string, string>;
  /**
   * The order's identifier salt, warrantSalt(control.identityKey, orderId) (src/audit/commitment.ts;
   * injected: the desk does not import the audit module). Absent: no salt is handed out.
   */
  identifierSalt?: (orderId: string) => Uint8Array;
}

export interface OrderContext extends ActionContext {
  orders: OrderDeskOptions;
}

type Access = 'owner' | 'authority' | 'rdhi';

/** How the peer may see an order, or undefined (then the order does not exist for it). */
function access(ctx: OrderContext, rec: ProductionOrderRecord): Access | undefined {
  if (ctx.peer.rdhiOperator !== undefined) return rec.order.operators.includes(ctx.peer.rdhiOperator) ? 'rdhi' : undefined;
  if (ctx.peer.authority) return 'authority';
  return rec.order.agency.id === ctx.peer.id ? 'owner' : undefined;
}

async function renderContext(ctx: OrderContext, rec: ProductionOrderRecord): Promise<OrderRenderContext> {
  const taskIds = new Map<string, string>();
  for (const o of await ctx.objects.byWarrant(rec.order.id)) if (o.kind === 'ldtask') taskIds.set(o.taskKey, o.objectIdentifier);
  const rc: OrderRenderContext = { countryCode: ctx.countryCode, taskIds };
  // The salt opens the identifier commitments of this order in the log: it goes to the RDHI that
  // discloses under the order (to write rd.disclosed with the same commitments), to no one else.
  const salt = ctx.orders.identifierSalt;
  if (salt && access(ctx, rec) === 'rdhi') rc.identifierSalt = Buffer.from(salt(rec.order.id)).toString('hex');
  return rc;
}

async function authorisationResult(ctx: OrderContext, rec: ProductionOrderRecord, verb: 'CREATEResponse' | 'UPDATEResponse'): Promise<ActionResult> {
  const object = orderAuthorisationObject(rec, await renderContext(ctx, rec));
  return { response: { actionIdentifier: 0, verb, identifier: rec.order.id, object }, objectType: 'Authorisation', objectIdentifier: rec.order.id, warrantId: rec.order.id };
}

/** CREATE of an order's Authorisation with the LDTasks of the same message associated with it. */
export async function createOrder(ctx: OrderContext, auth: AuthorisationObject, tasks: readonly LDTaskObject[]): Promise<ActionResult> {
  if (ctx.peer.authority || ctx.peer.rdhiOperator !== undefined) deskFail('DESK_NOT_PERMITTED', `${ctx.peer.id} is not an agency: production orders are submitted by agencies`);
  if (auth.authorisationApprovalDetails) deskFail('DESK_BAD_FIELD', 'a production order is submitted unsigned: approvers sign its canonical text (GET its Document) and send UPDATE');
  const taken = await Promise.all(tasks.map((t) => ctx.objects.get(t.objectIdentifier)));
  if (taken.some((t) => t !== undefined)) deskFail('DESK_OBJECT_EXISTS', 'an LDTask identifier of this order is already in use');
  const { draft, taskIds } = orderDraftFromHi1(auth, tasks, ctx.peer.id, ctx.countryCode);
  const rec = await ctx.orders.service.submit(draft);
  await ctx.objects.put([...taskIds].map(([taskKey, objectIdentifier]) => ({ kind: 'ldtask' as const, objectIdentifier, warrantId: rec.order.id, agencyId: ctx.peer.id, taskKey })));
  return authorisationResult(ctx, rec, 'CREATEResponse');
}

/** The order `id` names, if the desk holds one (whoever may see it). */
export function findOrder(ctx: OrderContext, id: string): Promise<ProductionOrderRecord | undefined> {
  return ctx.orders.service.get(id);
}

/** Fields of the Authorisation that are signed content: an UPDATE may repeat them, not change them. */
function legalContent(a: AuthorisationObject): Record<string, unknown> {
  const params = a.nationalAuthorisationParameters?.elements.filter((e) => e.name !== 'OrderState' && e.name !== 'IdentifierSalt').map((e) => [e.name, e.text]);
  const all: Record<string, unknown> = {
    reference: a.authorisationReference,
    legalType: a.authorisationLegalType?.value,
    end: a.authorisationTimespan?.endTime,
    csps: a.authorisationCSPID?.map((c) => c.uniqueIdentifier).sort(),
    urgent: a.authorisationFlags?.some((f) => f.value === 'IsEmergency'),
    params,
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
}

/** UPDATE of an order: approval signatures (all or none applied) or one signed revocation. */
export async function updateOrder(ctx: OrderContext, rec: ProductionOrderRecord, auth: AuthorisationObject): Promise<ActionResult> {
  const how = access(ctx, rec);
  if (how === undefined) deskFail('DESK_UPDATE_NOT_FOUND', `no authorisation ${auth.objectIdentifier}`);
  if (how === 'rdhi') deskFail('DESK_NOT_PERMITTED', `${ctx.peer.id} is an operator's RDHI: it may read the order, not change it`);
  if (auth.authorisationStatus) deskFail('DESK_BAD_FIELD', 'AuthorisationStatus is set by the Receiver only (TS 103 120 §7.2.5)');
  if (auth.generation !== undefined && auth.generation !== rec.version) deskFail('DESK_GENERATION_MISMATCH', `generation is ${rec.version}, not ${auth.generation}`);
  if (auth.nationalAuthorisationParameters && !auth.nationalAuthorisationParameters.elements.length) deskFail('DESK_BAD_FIELD', 'empty ProductionOrderParameters');
  const current = legalContent(orderAuthorisationObject(rec, { countryCode: ctx.countryCode }));
  for (const [k, v] of Object.entries(legalContent(auth))) {
    if (JSON.stringify(v) !== JSON.stringify(current[k])) deskFail('DESK_VALUE_CHANGE', `the order's ${k} is signed content and cannot change: submit a new order`);
  }
  const recorded = new Set([...rec.signatures, ...rec.revocations].map((s) => s.signature));
  const given = (auth.authorisationApprovalDetails ?? []).map(approvalToOrder).filter((g) => !recorded.has('approval' in g ? g.approval.signature : g.revocation.signature));
  const signer = (g: (typeof given)[number]) => ('approval' in g ? g.approval : g.revocation).authorityId;
  if (ctx.peer.authority && given.some((g) => signer(g) !== ctx.peer.id)) deskFail('DESK_NOT_PERMITTED', 'an authority may only send its own signatures');
  const approvals = given.flatMap((g) => ('approval' in g ? [g.approval] : []));
  const revocations = given.flatMap((g) => ('revocation' in g ? [g.revocation] : []));
  const desired = auth.authorisationDesiredStatus?.value;
  let out = rec;
  if (revocations.length > 0) {
    if (revocations.length > 1 || approvals.length > 0) deskFail('DESK_BAD_FIELD', 'one signed revocation per UPDATE, without approval signatures');
    if (desired !== undefined && desired !== 'Cancelled') deskFail('DESK_BAD_FIELD', 'a revocation goes with DesiredStatus Cancelled');
    out = await ctx.orders.service.revoke(rec.order.id, revocations[0]!);
  } else {
    if (desired === 'Cancelled') deskFail('DESK_MISSING_FIELD', 'DesiredStatus Cancelled needs a signed revocation');
    if (desired !== undefined && desired !== 'Approved' && desired !== 'AwaitingApproval') deskFail('DESK_BAD_FIELD', `DesiredStatus ${desired} cannot be requested`);
    // A retry of an UPDATE whose answer was lost repeats recorded signatures: answered, not re-applied.
    const retry = approvals.length === 0 && (auth.authorisationApprovalDetails ?? []).length > 0;
    if (approvals.length === 0 && !retry) throw new ProductionOrderError('ORDER_UNSIGNED', 'the UPDATE carries no approval signature');
    if (approvals.length > 1) precheck(ctx, rec, approvals);
    for (const s of approvals) out = await ctx.orders.service.addSignature(rec.order.id, s);
  }
  return authorisationResult(ctx, out, 'UPDATEResponse');
}

/** Several signatures in one UPDATE: all are checked before the first is stored (nothing half-applied). */
function precheck(ctx: OrderContext, rec: ProductionOrderRecord, approvals: readonly OrderSignature[]): void {
  const profile = ctx.orders.profiles.get(rec.order.profileId);
  if (!profile) throw new ProductionOrderError('ORDER_PROFILE_UNKNOWN', `production-order profile ${rec.order.profileId} is not loaded`);
  const now = ctx.clock.now();
  const all = [...rec.signatures, ...approvals];
  const status = checkSignatures(rec.canonical, checkOrderContent(rec.order, profile), all, ctx.keys, now);
  if (status.complete) {
    const d = verifyProductionOrder(rec.order, all, ctx.keys, profile, now);
    if (!d.ok) throw d.error;
  }
}

type Found = { rec: ProductionOrderRecord; object: Hi1Object; type: 'Authorisation' | 'LDTask' | 'Document' };

async function objectsOf(ctx: OrderContext, rec: ProductionOrderRecord): Promise<Found[]> {
  const rc = await renderContext(ctx, rec);
  return [
    { rec, type: 'Authorisation', object: orderAuthorisationObject(rec, rc) },
    ...orderTaskObjects(rec, rc).map((object): Found => ({ rec, type: 'LDTask', object })),
    { rec, type: 'Document', object: orderDocument(rec, rc) },
  ];
}

async function visibleOrders(ctx: OrderContext): Promise<ProductionOrderRecord[]> {
  const all = ctx.peer.authority || ctx.peer.rdhiOperator !== undefined ? await ctx.orders.service.list() : await ctx.orders.service.list({ agencyId: ctx.peer.id });
  return all.filter((r) => access(ctx, r) !== undefined);
}

/** GET of an order object; undefined when no order object has that id for this peer. */
export async function getOrderObject(ctx: OrderContext, id: string): Promise<ActionResult | undefined> {
  const direct = await ctx.orders.service.get(id);
  const stored = direct ? undefined : await ctx.objects.get(id);
  const owner = stored?.kind === 'ldtask' ? await ctx.orders.service.get(stored.warrantId) : undefined;
  // Otherwise the id can only be derived (canonical document, an LDTask the desk named): a cheap
  // check of the derived ids before rendering, so that GETs of warrant objects stay cheap.
  const derivedFrom = (rec: ProductionOrderRecord) =>
    id === orderDocumentIdFor(rec.order.id) || rec.order.identifiers.some((i) => rec.order.categories.some((c) => id === ldTaskIdFor(rec.order.id, i, c)));
  const candidates = direct ? [direct] : owner ? [owner] : (await visibleOrders(ctx)).filter(derivedFrom);
  for (const rec of candidates) {
    if (access(ctx, rec) === undefined) continue;
    const hit = (await objectsOf(ctx, rec)).find((f) => f.object.objectIdentifier === id);
    if (hit) return { response: { actionIdentifier: 0, verb: 'GETResponse', object: hit.object }, objectType: hit.type, objectIdentifier: id, warrantId: rec.order.id };
  }
  return undefined;
}

function statusOf(o: Hi1Object): string | undefined {
  if (o.objectType === 'Authorisation') return o.authorisationStatus?.value;
  if (o.objectType === 'LDTask') return o.status?.value;
  if (o.objectType === 'Document') return o.documentStatus?.value;
  return undefined;
}

/** LIST records of the order objects this peer may see (§6.4.8 filters). */
export async function listOrderRecords(ctx: OrderContext, req: ListRequest): Promise<ListResponseRecord[]> {
  const type = req.objectType?.value;
  if (type !== undefined && !['Authorisation', 'LDTask', 'Document'].includes(type)) return [];
  const since = req.lastChanged ?? req.lastChangedTimespan?.startTime;
  const until = req.lastChangedTimespan?.endTime;
  const out: ListResponseRecord[] = [];
  for (const rec of await visibleOrders(ctx)) {
    for (const f of await objectsOf(ctx, rec)) {
      if (type !== undefined && f.type !== type) continue;
      if (req.status !== undefined && statusOf(f.object) !== req.status.value) continue;
      const changed = f.object.lastChanged;
      if (since !== undefined && changed !== undefined && Date.parse(changed) < Date.parse(since)) continue;
      if (until !== undefined && changed !== undefined && Date.parse(changed) > Date.parse(until)) continue;
      const r: ListResponseRecord = { objectType: dict('ObjectType', f.type), identifier: f.object.objectIdentifier, countryCode: ctx.countryCode, generation: f.object.generation ?? 1 };
      if (f.object.ownerIdentifier !== undefined) r.ownerIdentifier = f.object.ownerIdentifier;
      if (changed !== undefined) r.lastChanged = changed;
      out.push(r);
    }
  }
  return out;
}

