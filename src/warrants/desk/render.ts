/**
 * The HI-1 objects the desk reports for a stored warrant (GET, LIST, CREATE/UPDATE responses):
 * the AuthorisationObject (status per TS 103 120 Table 7.6 via toTs103120Status), one LITaskObject
 * per target (TaskStatus, Table 8.2), the DocumentObject holding the canonical bytes that approvers
 * sign, and one NotificationObject per lifecycle transition (§7.4) whose national parameters
 * ({urn:warranted:hi1:1}StatusChange, src/standards/hi1/schema/warranted-hi1-1.xsd) give the new state.
 */
import { WARRANT_STATES, toTs103120Status, type WarrantRecord, type WarrantState } from '../model.ts';
import type { OperatorPolicy } from '../model.ts';
import {
  targetIdentifierToHi1,
  type AuthorisationObject,
  type DocumentObject,
  type LITaskObject,
  type NationalParameters,
  type NotificationObject,
} from '../../standards/hi1/index.ts';
import type { TargetIdentifier } from '../../standards/identifiers/types.ts';
import { targetKey } from '../targets.ts';
import { categoriesFor } from '../validate.ts';
import { canonicalDocumentIdFor, deliveryTypeFor, dict, encodeWarrantParameters, liTaskIdFor, qualifiedDateTime, stableUuid, warrantParametersOf } from './mapping.ts';
import { WARRANTED_HI1_NS, signatureToApprovalDetails } from './signatures-hi1.ts';

export interface RenderContext {
  countryCode: string;
  /** Agency-given LITask object ids by target key (targetKey); others get liTaskIdFor(). */
  taskIds?: ReadonlyMap<string, string>;
  /** Ids of agency documents associated with the warrant. */
  documentIds?: readonly string[];
  policyOf?: (operatorId: string) => OperatorPolicy | undefined;
}

/** TS 103 120 Table 8.2 TaskStatus for a warrant state. */
export function taskStatusFor(state: WarrantState): string {
  switch (state) {
    case 'AwaitingApproval':
      return 'AwaitingApproval';
    case 'EmergencyApproval':
    case 'Approved':
      return 'AwaitingProvisioning';
    case 'Lapsed':
      return 'Expired';
    default:
      return state;
  }
}

/** TS 103 120 Table 7.11 DocumentStatus for a warrant state (no EmergencyApproval there). */
export function documentStatusFor(state: WarrantState): string {
  const s = toTs103120Status(state);
  return s === 'EmergencyApproval' ? 'Approved' : s;
}

function termination(rec: WarrantRecord): string | undefined {
  if (rec.state !== 'Cancelled' && rec.state !== 'Rejected') return undefined;
  const last = rec.history[rec.history.length - 1];
  return last ? qualifiedDateTime(last.at) : undefined;
}

export function taskIdsOf(rec: WarrantRecord, ctx: RenderContext): { target: TargetIdentifier; id: string }[] {
  return rec.warrant.targets.map((t) => ({ target: t, id: ctx.taskIds?.get(targetKey(t)) ?? liTaskIdFor(rec.warrant.id, t) }));
}

export function authorisationObject(rec: WarrantRecord, ctx: RenderContext): AuthorisationObject {
  const w = rec.warrant;
  const o: AuthorisationObject = {
    objectType: 'Authorisation',
    objectIdentifier: w.id,
    countryCode: ctx.countryCode,
    ownerIdentifier: w.agency.id,
    generation: rec.version,
    associatedObjects: [...taskIdsOf(rec, ctx).map((t) => t.id), canonicalDocumentIdFor(w.id), ...(ctx.documentIds ?? [])],
    lastChanged: qualifiedDateTime(rec.updatedAt),
    authorisationReference: w.reference,
    authorisationLegalType: dict('AuthorisationLegalType', w.legalBasis.slice(0, 255), ctx.countryCode),
    authorisationStatus: dict('AuthorisationStatus', toTs103120Status(rec.state)),
    authorisationTimespan: { startTime: qualifiedDateTime(w.start), endTime: qualifiedDateTime(w.end) },
    authorisationCSPID: w.operators.map((op) => ({ countryCode: ctx.countryCode, uniqueIdentifier: op })),
    authorisationCreationTimestamp: qualifiedDateTime(rec.createdAt),
  };
  const ended = termination(rec);
  if (ended) o.authorisationTerminationTimestamp = ended;
  const approvals = [...rec.signatures, ...rec.confirmations, ...rec.statements].map((s) => signatureToApprovalDetails(s, ctx.countryCode));
  if (approvals.length > 0) o.authorisationApprovalDetails = approvals;
  if (w.emergency) o.authorisationFlags = [dict('AuthorisationFlag', 'IsEmergency')];
  o.nationalAuthorisationParameters = encodeWarrantParameters(warrantParametersOf(w), ctx.countryCode);
  return o;
}

export function liTaskObjects(rec: WarrantRecord, ctx: RenderContext): LITaskObject[] {
  const w = rec.warrant;
  return taskIdsOf(rec, ctx).map(({ target, id }) => ({
    objectType: 'LITask',
    objectIdentifier: id,
    countryCode: ctx.countryCode,
    ownerIdentifier: w.agency.id,
    generation: rec.version,
    associatedObjects: [w.id],
    lastChanged: qualifiedDateTime(rec.updatedAt),
    reference: rec.liid,
    status: dict('TaskStatus', taskStatusFor(rec.state)),
    timespan: { startTime: qualifiedDateTime(w.start), endTime: qualifiedDateTime(w.end) },
    targetIdentifier: { targetIdentifierValues: [targetIdentifierToHi1(target)] },
    deliveryType: deliveryTypeFor(categoriesFor(w, target)),
  }));
}

/** The DocumentObject whose body is the warrant's canonical bytes (checksum = warrant hash). */
export function canonicalDocument(rec: WarrantRecord, ctx: RenderContext): DocumentObject {
  return {
    objectType: 'Document',
    objectIdentifier: canonicalDocumentIdFor(rec.warrant.id),
    countryCode: ctx.countryCode,
    ownerIdentifier: rec.warrant.agency.id,
    generation: 1,
    associatedObjects: [rec.warrant.id],
    lastChanged: qualifiedDateTime(rec.createdAt),
    documentReference: rec.warrant.reference,
    documentName: 'Canonical warrant (RFC 8785 JSON): approvers sign "warranted-warrant-approval-v1\\n" + these bytes',
    documentStatus: dict('DocumentStatus', documentStatusFor(rec.state)),
    documentType: dict('DocumentType', 'Warrant'),
    documentBody: { contents: new TextEncoder().encode(rec.canonical), contentType: 'application/json', checksum: rec.hash, checksumType: 'sha-256' },
  };
}

export function notificationIdFor(warrantId: string, seq: number): string {
  return stableUuid('warranted-hi1-notification-v1', warrantId, String(seq));
}

/** One NotificationObject per lifecycle transition (including submission). */
export function notificationObjects(rec: WarrantRecord, ctx: RenderContext, acknowledged: ReadonlySet<string>): NotificationObject[] {
  return rec.history.map((h) => {
    const id = notificationIdFor(rec.warrant.id, h.seq);
    return {
      objectType: 'Notification',
      objectIdentifier: id,
      countryCode: ctx.countryCode,
      ownerIdentifier: rec.warrant.agency.id,
      generation: acknowledged.has(id) ? 2 : 1,
      associatedObjects: [rec.warrant.id],
      lastChanged: qualifiedDateTime(h.at),
      notificationDetails: `${h.from === null ? 'submitted' : `${toTs103120Status(h.from)} -> ${toTs103120Status(h.to)}`} (${h.to}): ${h.reason}`.slice(0, 65535),
      notificationType: dict('NotificationType', 'General'),
      newNotification: !acknowledged.has(id),
      notificationTimestamp: qualifiedDateTime(h.at),
      // Not StatusOfAssociatedObjects: TS 103 120 V1.11.1, the version our header declares, has no
      // such field (§7.4, Table 7.17); the status travels in NationalNotificationParameters (Annex G).
      nationalNotificationParameters: statusChangeParameters(h.from, h.to, ctx.countryCode),
    };
  });
}

export const STATUS_CHANGE_TYPE = 'StatusChange';

/** {urn:warranted:hi1:1}StatusChange: the transition a NotificationObject reports. */
export function statusChangeParameters(from: WarrantState | null, to: WarrantState, countryCode: string): NationalParameters {
  const el = (name: string, text: string) => ({ namespace: WARRANTED_HI1_NS, name, text });
  const elements = [el('AuthorisationStatus', toTs103120Status(to)), el('WarrantState', to)];
  if (from !== null) elements.push(el('PreviousWarrantState', from));
  return { xsiType: { namespace: WARRANTED_HI1_NS, localName: STATUS_CHANGE_TYPE }, countryCode, elements };
}

/** The status change a desk NotificationObject reports (undefined for any other notification). */
export function notificationStatusOf(n: NotificationObject): { authorisationStatus: string; warrantState: WarrantState; previous?: WarrantState } | undefined {
  const p = n.nationalNotificationParameters;
  if (p?.xsiType.namespace !== WARRANTED_HI1_NS || p.xsiType.localName !== STATUS_CHANGE_TYPE) return undefined;
  const text = (name: string) => p.elements.find((e) => e.namespace === WARRANTED_HI1_NS && e.name === name)?.text?.trim();
  const authorisationStatus = text('AuthorisationStatus');
  const state = text('WarrantState');
  if (authorisationStatus === undefined || !(WARRANT_STATES as readonly string[]).includes(state ?? '')) return undefined;
  const previous = text('PreviousWarrantState');
  const out: { authorisationStatus: string; warrantState: WarrantState; previous?: WarrantState } = { authorisationStatus, warrantState: state as WarrantState };
  if (previous !== undefined && (WARRANT_STATES as readonly string[]).includes(previous)) out.previous = previous as WarrantState;
  return out;
}
