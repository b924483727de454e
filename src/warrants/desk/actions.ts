/**
 * The HI-1 verbs on warrants (TS 103 120 §6.4.5-§6.4.8): CREATE of an Authorisation with its
 * LITasks and Documents = submit; UPDATE = add signatures / signed statements / desired status;
 * GET and LIST of Authorisation, LITask, Document and Notification objects.
 */
import type { Authority } from '../keys.ts';
import type { SignedStatement, StatementPurpose, WarrantRecord } from '../model.ts';
import { targetKey } from '../targets.ts';
import type {
  ActionResponse,
  AuthorisationObject,
  DocumentObject,
  Hi1Object,
  LITaskObject,
  ListRequest,
  ListResponseRecord,
} from '../../standards/hi1/index.ts';
import { deskFail } from './errors.ts';
import { addApprovals, submitWithSignatures, type IntakeDeps } from './lifecycle.ts';
import { dict, draftFromHi1, legalContentOf, qualifiedDateTime, targetOfTask } from './mapping.ts';
import type { DeskObject, DeskObjectStore } from './objects.ts';
import { authorisationObject, canonicalDocument, liTaskObjects, notificationObjects, documentStatusFor, type RenderContext } from './render.ts';
import { approvalDetailsToSignature, isStatement } from './signatures-hi1.ts';

export interface Peer {
  id: string;
  /** Set when the peer is a registered approving authority (judge, minister, officer …). */
  authority?: Authority;
  /** Set when the peer is an operator's RDHI identity (it may only GET production orders addressed to that operator). */
  rdhiOperator?: string;
}

export interface ActionContext extends IntakeDeps {
  objects: DeskObjectStore;
  countryCode: string;
  peer: Peer;
}

/** Outcome of one accepted action, for the response and the audit event. */
export interface ActionResult {
  response: ActionResponse;
  objectType?: string;
  objectIdentifier?: string;
  warrantId?: string;
}

const PURPOSE_FOR_STATUS: Readonly<Record<string, StatementPurpose>> = {
  Cancelled: 'revocation',
  Rejected: 'rejection',
  Suspended: 'suspension',
};

async function renderContext(ctx: ActionContext, rec: WarrantRecord): Promise<RenderContext> {
  const objs = await ctx.objects.byWarrant(rec.warrant.id);
  const taskIds = new Map<string, string>();
  for (const o of objs) if (o.kind === 'litask') taskIds.set(o.targetKey, o.objectIdentifier);
  return {
    countryCode: ctx.countryCode,
    taskIds,
    documentIds: objs.filter((o) => o.kind === 'document').map((o) => o.objectIdentifier),
    policyOf: (op) => ctx.service.operatorPolicy(op),
  };
}

export async function renderAuthorisation(ctx: ActionContext, rec: WarrantRecord): Promise<AuthorisationObject> {
  return authorisationObject(rec, await renderContext(ctx, rec));
}

/** Whether the peer may see / act on a warrant: its agency, or a registered authority. */
function visible(ctx: ActionContext, rec: WarrantRecord): boolean {
  return rec.warrant.agency.id === ctx.peer.id || ctx.peer.authority !== undefined;
}

function notAgency(ctx: ActionContext): void {
  if (ctx.peer.authority) deskFail('DESK_NOT_PERMITTED', `${ctx.peer.id} is an approving authority: warrants are submitted by agencies`);
  if (ctx.peer.rdhiOperator !== undefined) deskFail('DESK_NOT_PERMITTED', `${ctx.peer.id} is an operator's RDHI: warrants are submitted by agencies`);
}

/** CREATE of an Authorisation with the LITasks and Documents of the same message associated with it. */
export async function createAuthorisation(ctx: ActionContext, auth: AuthorisationObject, tasks: readonly LITaskObject[], documents: readonly DocumentObject[]): Promise<ActionResult> {
  notAgency(ctx);
  const taken = await Promise.all([...tasks, ...documents].map((o) => ctx.objects.get(o.objectIdentifier)));
  if (taken.some((t) => t !== undefined)) deskFail('DESK_OBJECT_EXISTS', 'an LITask or Document identifier of this warrant is already in use');
  const signatures = (auth.authorisationApprovalDetails ?? []).map(approvalDetailsToSignature);
  if (signatures.some(isStatement)) deskFail('DESK_BAD_FIELD', 'a CREATE carries approval signatures only (statements need an existing warrant)');
  const draft = draftFromHi1(auth, tasks, { id: ctx.peer.id });
  const rec = await submitWithSignatures(ctx, draft, signatures);
  const now = ctx.clock.now().toISOString();
  const stored: DeskObject[] = [
    ...tasks.map((t): DeskObject => ({ kind: 'litask', objectIdentifier: t.objectIdentifier, warrantId: rec.warrant.id, agencyId: ctx.peer.id, targetKey: targetKey(targetOfTask(t)) })),
    ...documents.map((d): DeskObject => ({ kind: 'document', objectIdentifier: d.objectIdentifier, warrantId: rec.warrant.id, agencyId: ctx.peer.id, createdAt: now, document: d })),
  ];
  await ctx.objects.put(stored);
  return { response: { actionIdentifier: 0, verb: 'CREATEResponse', identifier: auth.objectIdentifier, object: await renderAuthorisation(ctx, rec) }, objectType: 'Authorisation', objectIdentifier: auth.objectIdentifier, warrantId: rec.warrant.id };
}

/** CREATE of a Document for a warrant that already exists (e.g. a later scan). */
export async function createDocument(ctx: ActionContext, doc: DocumentObject): Promise<ActionResult> {
  if (doc.documentStatus) deskFail('DESK_BAD_FIELD', 'DocumentStatus is set by the Receiver only (TS 103 120 §7.3.4)');
  const warrantId = doc.associatedObjects?.[0];
  const rec = warrantId === undefined ? undefined : await ctx.service.get(warrantId);
  if (!rec || rec.warrant.agency.id !== ctx.peer.id) deskFail('DESK_ASSOCIATION_MISSING', 'a Document must be associated with an Authorisation of the sending agency');
  if (await ctx.objects.get(doc.objectIdentifier)) deskFail('DESK_OBJECT_EXISTS', `object ${doc.objectIdentifier} exists`);
  await ctx.objects.put([{ kind: 'document', objectIdentifier: doc.objectIdentifier, warrantId: rec.warrant.id, agencyId: ctx.peer.id, createdAt: ctx.clock.now().toISOString(), document: doc }]);
  return { response: { actionIdentifier: 0, verb: 'CREATEResponse', identifier: doc.objectIdentifier }, objectType: 'Document', objectIdentifier: doc.objectIdentifier, warrantId: rec.warrant.id };
}

/** UPDATE of an Authorisation: approval signatures, one signed statement, DesiredStatus. */
export async function updateAuthorisation(ctx: ActionContext, auth: AuthorisationObject): Promise<ActionResult> {
  const rec = await ctx.service.get(auth.objectIdentifier);
  if (!rec || !visible(ctx, rec)) deskFail('DESK_UPDATE_NOT_FOUND', `no authorisation ${auth.objectIdentifier}`);
  if (auth.authorisationStatus) deskFail('DESK_BAD_FIELD', 'AuthorisationStatus is set by the Receiver only (TS 103 120 §7.2.5)');
  if (auth.generation !== undefined && auth.generation !== rec.version) deskFail('DESK_GENERATION_MISMATCH', `generation is ${rec.version}, not ${auth.generation}`);
  const current = legalContentOf(authorisationObject(rec, { countryCode: ctx.countryCode }));
  for (const [k, v] of Object.entries(legalContentOf(auth))) {
    if (JSON.stringify(v) !== JSON.stringify(current[k])) deskFail('DESK_VALUE_CHANGE', `the warrant's ${k} is signed legal content and cannot change: submit a renewal instead`);
  }
  const recorded = new Set([...rec.signatures, ...rec.confirmations, ...rec.statements].map((s) => s.signature));
  const given = (auth.authorisationApprovalDetails ?? []).map(approvalDetailsToSignature).filter((s) => !recorded.has(s.signature));
  if (ctx.peer.authority && given.some((s) => s.authorityId !== ctx.peer.id)) deskFail('DESK_NOT_PERMITTED', 'an authority may only send its own signatures');
  const approvals = given.filter((s) => !isStatement(s));
  const statements = given.filter(isStatement);
  const desired = auth.authorisationDesiredStatus?.value;
  let out: WarrantRecord;
  if (statements.length > 0) {
    if (statements.length > 1 || approvals.length > 0) deskFail('DESK_BAD_FIELD', 'one signed statement per UPDATE, without approval signatures');
    out = await applyStatement(ctx, rec, statements[0]!, desired);
  } else {
    if (desired !== undefined && PURPOSE_FOR_STATUS[desired] !== undefined) deskFail('DESK_MISSING_FIELD', `DesiredStatus ${desired} needs a signed ${PURPOSE_FOR_STATUS[desired]} statement`);
    if (desired !== undefined && !['Approved', 'AwaitingApproval', 'EmergencyApproval'].includes(desired)) deskFail('DESK_BAD_FIELD', `DesiredStatus ${desired} cannot be requested`);
    out = approvals.length > 0 ? await addApprovals(ctx, rec.warrant.id, approvals, { activate: desired !== 'AwaitingApproval' }) : rec;
    if (desired === 'Approved' && approvals.length === 0 && out.state !== 'Active') out = await ctx.service.activate(rec.warrant.id);
  }
  return { response: { actionIdentifier: 0, verb: 'UPDATEResponse', identifier: rec.warrant.id, object: await renderAuthorisation(ctx, out) }, objectType: 'Authorisation', objectIdentifier: rec.warrant.id, warrantId: rec.warrant.id };
}

async function applyStatement(ctx: ActionContext, rec: WarrantRecord, st: SignedStatement, desired: string | undefined): Promise<WarrantRecord> {
  const id = rec.warrant.id;
  const expected = desired === undefined ? undefined : (PURPOSE_FOR_STATUS[desired] ?? (desired === 'Approved' ? 'resumption' : undefined));
  if (st.purpose !== 'operator-confirmation' && expected !== st.purpose) {
    deskFail('DESK_BAD_FIELD', `a ${st.purpose} statement goes with DesiredStatus ${Object.entries(PURPOSE_FOR_STATUS).find(([, p]) => p === st.purpose)?.[0] ?? 'Approved'}`);
  }
  switch (st.purpose) {
    case 'revocation':
      return ctx.service.revoke(id, st);
    case 'rejection':
      return ctx.service.reject(id, st);
    case 'suspension':
      return ctx.service.suspend(id, st);
    case 'resumption':
      return ctx.service.resume(id, st);
    case 'operator-confirmation':
      return ctx.service.confirmByOperator(id, st);
  }
}

/** UPDATE of a Notification: only NewNotification = false (acknowledgement) has an effect (§7.4.4). */
export async function updateNotification(ctx: ActionContext, id: string, newNotification: boolean | undefined): Promise<ActionResult> {
  const found = await findDerived(ctx, id);
  if (found?.kind !== 'notification') deskFail('DESK_UPDATE_NOT_FOUND', `no notification ${id}`);
  if (newNotification === false) await ctx.objects.put([{ kind: 'notification-ack', objectIdentifier: id, warrantId: found.rec.warrant.id, agencyId: found.rec.warrant.agency.id }]);
  return { response: { actionIdentifier: 0, verb: 'UPDATEResponse', identifier: id }, objectType: 'Notification', objectIdentifier: id, warrantId: found.rec.warrant.id };
}

type Found = { kind: 'authorisation' | 'litask' | 'document' | 'notification'; rec: WarrantRecord; object: Hi1Object };

async function visibleRecords(ctx: ActionContext): Promise<WarrantRecord[]> {
  return ctx.peer.authority ? ctx.service.list() : ctx.service.list({ agencyId: ctx.peer.id });
}

async function objectsOf(ctx: ActionContext, rec: WarrantRecord): Promise<Found[]> {
  const rc = await renderContext(ctx, rec);
  const acks = new Set((await ctx.objects.byWarrant(rec.warrant.id)).filter((o) => o.kind === 'notification-ack').map((o) => o.objectIdentifier));
  const docs = (await ctx.objects.byWarrant(rec.warrant.id)).flatMap((o) => (o.kind === 'document' ? [o] : []));
  return [
    { kind: 'authorisation', rec, object: authorisationObject(rec, rc) },
    ...liTaskObjects(rec, rc).map((object): Found => ({ kind: 'litask', rec, object })),
    { kind: 'document', rec, object: canonicalDocument(rec, rc) },
    ...docs.map((d): Found => ({
      kind: 'document',
      rec,
      object: { ...d.document, countryCode: ctx.countryCode, generation: 1, lastChanged: qualifiedDateTime(d.createdAt), documentStatus: dict('DocumentStatus', documentStatusFor(rec.state)) },
    })),
    ...notificationObjects(rec, rc, acks).map((object): Found => ({ kind: 'notification', rec, object })),
  ];
}

async function findDerived(ctx: ActionContext, id: string): Promise<Found | undefined> {
  const direct = await ctx.service.get(id);
  const stored = direct ? undefined : await ctx.objects.get(id);
  const candidates = direct ? [direct] : stored ? [await ctx.service.get(stored.warrantId)].filter((r) => r !== undefined) : await visibleRecords(ctx);
  for (const rec of candidates) {
    if (!visible(ctx, rec)) continue;
    const hit = (await objectsOf(ctx, rec)).find((f) => f.object.objectIdentifier === id);
    if (hit) return hit;
  }
  return undefined;
}

export async function getObject(ctx: ActionContext, id: string): Promise<ActionResult> {
  const found = await findDerived(ctx, id);
  if (!found) deskFail('DESK_NOT_FOUND', `no object ${id} for ${ctx.peer.id}`);
  return { response: { actionIdentifier: 0, verb: 'GETResponse', object: found.object }, objectType: found.object.objectType, objectIdentifier: id, warrantId: found.rec.warrant.id };
}

const OBJECT_TYPE: Readonly<Record<Found['kind'], string>> = { authorisation: 'Authorisation', litask: 'LITask', document: 'Document', notification: 'Notification' };

function statusOf(f: Found): string | undefined {
  const o = f.object;
  if (o.objectType === 'Authorisation') return o.authorisationStatus?.value;
  if (o.objectType === 'LITask') return o.status?.value;
  if (o.objectType === 'Document') return o.documentStatus?.value;
  if (o.objectType === 'Notification') return o.newNotification ? 'New' : 'Acknowledged';
  return undefined;
}

/** LIST (§6.4.8): the objects the peer may know of, filtered by ObjectType, Status and LastChanged. */
export async function listObjects(ctx: ActionContext, req: ListRequest): Promise<ActionResult> {
  const type = req.objectType?.value;
  if (type !== undefined && !Object.values(OBJECT_TYPE).includes(type)) deskFail('DESK_UNSUPPORTED', `ObjectType ${type} is not held by the warrant desk`);
  const since = req.lastChanged ?? req.lastChangedTimespan?.startTime;
  const until = req.lastChangedTimespan?.endTime;
  const records: ListResponseRecord[] = [];
  for (const rec of await visibleRecords(ctx)) {
    for (const f of await objectsOf(ctx, rec)) {
      const t = OBJECT_TYPE[f.kind];
      if (type !== undefined && t !== type) continue;
      if (req.status !== undefined && statusOf(f) !== req.status.value) continue;
      const changed = f.object.lastChanged;
      if (since !== undefined && changed !== undefined && Date.parse(changed) < Date.parse(since)) continue;
      if (until !== undefined && changed !== undefined && Date.parse(changed) > Date.parse(until)) continue;
      const r: ListResponseRecord = { objectType: dict('ObjectType', t), identifier: f.object.objectIdentifier, countryCode: ctx.countryCode, generation: f.object.generation ?? 1 };
      if (f.object.ownerIdentifier !== undefined) r.ownerIdentifier = f.object.ownerIdentifier;
      if (changed !== undefined) r.lastChanged = changed;
      records.push(r);
    }
  }
  const max = req.maximumObjectCount;
  return { response: { actionIdentifier: 0, verb: 'LISTResponse', records: max === undefined ? records : records.slice(0, max) }, objectType: type ?? 'All' };
}

