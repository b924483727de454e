/**
 * The HI-1 objects the desk reports for a stored production order (GET, LIST, CREATE/UPDATE
 * responses): the AuthorisationObject (AuthorisationStatus, TS 103 120 Table 7.6; our exact state in
 * ProductionOrderParameters OrderState), its LDTaskObjects (LDTaskStatus, Table 8.16) and the
 * DocumentObject whose body is the canonical text approvers sign (Checksum = the order hash).
 * Approvals and revocations travel as Annex E ApprovalDetails with the Ed25519Signature of
 * signatures-hi1.ts (a revocation = statement purpose "revocation", Subject = its reason).
 */
import type { ApprovalDetails, AuthorisationObject, DocumentObject, LDTaskObject } from '../../standards/hi1/index.ts';
import type { OrderRevocation, OrderSignature, OrderState, ProductionOrderRecord } from '../production-order-model.ts';
import { dict } from './mapping.ts';
import { encodeOrderParameters, orderDocumentIdFor, orderLdTasks, parametersOf } from './order-mapping.ts';
import { approvalDetailsToSignature, isStatement, qualifiedDateTime, signatureToApprovalDetails } from './signatures-hi1.ts';
import { deskFail } from './errors.ts';

export interface OrderRenderContext {
  countryCode: string;
  /** Agency-given LDTask ids by identifierKey + "#" + category. */
  taskIds?: ReadonlyMap<string, string>;
  /** Hex identifier salt: set only when the peer is the RDHI of an operator the order names. */
  identifierSalt?: string;
}

/** TS 103 120 Table 7.6 AuthorisationStatus of an order state (Revoked = Cancelled; Lapsed = Expired). */
export function orderAuthorisationStatus(state: OrderState): string {
  switch (state) {
    case 'Active':
      return 'Approved';
    case 'Revoked':
      return 'Cancelled';
    case 'Lapsed':
      return 'Expired';
    default:
      return state;
  }
}

/** TS 103 120 Table 8.16 LDTaskStatus: an Active order's tasks await disclosure; ended ones are Cancelled. */
export function ldTaskStatusFor(state: OrderState): string {
  if (state === 'AwaitingApproval') return 'AwaitingApproval';
  return state === 'Active' ? 'AwaitingDisclosure' : 'Cancelled';
}

export function orderSignatureToApproval(s: OrderSignature, countryCode: string): ApprovalDetails {
  return signatureToApprovalDetails({ authorityId: s.authorityId, keyId: s.keyId, role: s.role, signedAt: s.signedAt, signature: s.signature }, countryCode);
}

export function orderRevocationToApproval(r: OrderRevocation, countryCode: string): ApprovalDetails {
  return signatureToApprovalDetails({ authorityId: r.authorityId, keyId: r.keyId, role: r.role, signedAt: r.signedAt, signature: r.signature, purpose: 'revocation', subject: r.reason }, countryCode);
}

/** An approval or a revocation from its ApprovalDetails; any other statement is refused (orders have none). */
export function approvalToOrder(a: ApprovalDetails): { approval: OrderSignature } | { revocation: OrderRevocation } {
  const s = approvalDetailsToSignature(a);
  const base = { authorityId: s.authorityId, keyId: s.keyId, role: s.role, signedAt: s.signedAt, signature: s.signature };
  if (!isStatement(s)) return { approval: base };
  if (s.purpose !== 'revocation') deskFail('DESK_UNSUPPORTED', `a ${s.purpose} statement does not apply to production orders (Approval or Revocation only)`);
  return { revocation: { ...base, reason: s.subject } };
}

export function orderTaskObjects(rec: ProductionOrderRecord, ctx: OrderRenderContext): LDTaskObject[] {
  return orderLdTasks(rec.order, ctx.countryCode, ctx.taskIds).map((t) => ({
    ...t,
    ownerIdentifier: rec.order.agency.id,
    generation: rec.version,
    lastChanged: qualifiedDateTime(rec.updatedAt),
    status: dict('LDTaskStatus', ldTaskStatusFor(rec.state)),
  }));
}

export function orderAuthorisationObject(rec: ProductionOrderRecord, ctx: OrderRenderContext): AuthorisationObject {
  const o = rec.order;
  const params = { ...parametersOf(o), state: rec.state, ...(ctx.identifierSalt === undefined ? {} : { identifierSalt: ctx.identifierSalt }) };
  const auth: AuthorisationObject = {
    objectType: 'Authorisation',
    objectIdentifier: o.id,
    countryCode: ctx.countryCode,
    ownerIdentifier: o.agency.id,
    generation: rec.version,
    associatedObjects: [...orderTaskObjects(rec, ctx).map((t) => t.objectIdentifier), orderDocumentIdFor(o.id)],
    lastChanged: qualifiedDateTime(rec.updatedAt),
    authorisationReference: o.reference,
    authorisationLegalType: dict('AuthorisationLegalType', o.authorisation, ctx.countryCode),
    authorisationStatus: dict('AuthorisationStatus', orderAuthorisationStatus(rec.state)),
    authorisationTimespan: { endTime: qualifiedDateTime(o.validUntil) },
    authorisationCSPID: o.operators.map((op) => ({ countryCode: ctx.countryCode, uniqueIdentifier: op })),
    authorisationCreationTimestamp: qualifiedDateTime(rec.createdAt),
  };
  const ended = rec.history.findLast((h) => h.to === 'Revoked');
  if (ended) auth.authorisationTerminationTimestamp = qualifiedDateTime(ended.at);
  const approvals = [...rec.signatures.map((s) => orderSignatureToApproval(s, ctx.countryCode)), ...rec.revocations.map((r) => orderRevocationToApproval(r, ctx.countryCode))];
  if (approvals.length > 0) auth.authorisationApprovalDetails = approvals;
  if (o.urgent) auth.authorisationFlags = [dict('AuthorisationFlag', 'IsEmergency')];
  auth.nationalAuthorisationParameters = encodeOrderParameters(params, ctx.countryCode);
  return auth;
}

/** The DocumentObject whose body is the order's canonical text (checksum = order hash). */
export function orderDocument(rec: ProductionOrderRecord, ctx: OrderRenderContext): DocumentObject {
  return {
    objectType: 'Document',
    objectIdentifier: orderDocumentIdFor(rec.order.id),
    countryCode: ctx.countryCode,
    ownerIdentifier: rec.order.agency.id,
    generation: 1,
    associatedObjects: [rec.order.id],
    lastChanged: qualifiedDateTime(rec.createdAt),
    documentReference: rec.order.reference,
    documentName: 'Canonical production order (RFC 8785 JSON): approvers sign "warranted-production-order-approval-v1\\n" + these bytes',
    documentStatus: dict('DocumentStatus', orderAuthorisationStatus(rec.state)),
    documentType: dict('DocumentType', 'ProductionOrder', ctx.countryCode),
    documentBody: { contents: new TextEncoder().encode(rec.canonical), contentType: 'application/json', checksum: rec.hash, checksumType: 'sha-256' },
  };
}
