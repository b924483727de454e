/**
 * Building the HI-1 objects of a warrant request on the agency side: the inverse of draftFromHi1
 * (docs/hi1-intake.md). Pure; uses only the HI-1 codec types and the warrant model's types.
 */
import { randomUUID } from 'node:crypto';
import type { Categories, Signature, SignedStatement, WarrantDraft } from '../model.ts';
import { targetIdentifierToHi1, type AuthorisationObject, type DocumentObject, type Hi1Object, type LITaskObject } from '../../standards/hi1/index.ts';
import { deliveryTypeFor, dict, encodeWarrantParameters, qualifiedDateTime, warrantParametersOf } from './mapping.ts';
import { signatureToApprovalDetails } from './signatures-hi1.ts';

export interface BuildOptions {
  countryCode: string;
  /** LITask object ids, one per target in draft order (default: random UUIDs). */
  taskIds?: readonly string[];
  /** Approval signatures to send with the CREATE (over the canonical bytes of the draft). */
  signatures?: readonly Signature[];
  /** Documents to attach (e.g. the scanned warrant); associated with the Authorisation here. */
  documents?: readonly Omit<DocumentObject, 'objectType' | 'associatedObjects'>[];
}

function sameCategories(a: Categories, b: Categories): boolean {
  return a.content === b.content && a.services.join(',') === b.services.join(',');
}

/** The objects to CREATE for a warrant: the Authorisation, one LITask per target, the documents. */
export function warrantToHi1Objects(draft: WarrantDraft & { id: string }, opts: BuildOptions): Hi1Object[] {
  const auth: AuthorisationObject = {
    objectType: 'Authorisation',
    objectIdentifier: draft.id,
    countryCode: opts.countryCode,
    ownerIdentifier: draft.agency.id,
    authorisationReference: draft.reference,
    authorisationLegalType: dict('AuthorisationLegalType', draft.legalBasis, opts.countryCode),
    authorisationTimespan: { startTime: qualifiedDateTime(draft.start), endTime: qualifiedDateTime(draft.end) },
    authorisationCSPID: draft.operators.map((op) => ({ countryCode: opts.countryCode, uniqueIdentifier: op })),
    nationalAuthorisationParameters: encodeWarrantParameters(warrantParametersOf(draft), opts.countryCode),
  };
  if (draft.emergency) auth.authorisationFlags = [dict('AuthorisationFlag', 'IsEmergency')];
  if (opts.signatures && opts.signatures.length > 0) auth.authorisationApprovalDetails = opts.signatures.map((s) => signatureToApprovalDetails(s, opts.countryCode));
  const tasks: LITaskObject[] = draft.targets.map((target, i) => {
    const override = draft.targetCategories?.find((tc) => tc.target.kind === target.kind && tc.target.value === target.value)?.categories;
    const categories = override && !sameCategories(override, draft.categories) ? override : draft.categories;
    return {
      objectType: 'LITask',
      objectIdentifier: opts.taskIds?.[i] ?? randomUUID(),
      countryCode: opts.countryCode,
      associatedObjects: [draft.id],
      targetIdentifier: { targetIdentifierValues: [targetIdentifierToHi1(target)] },
      deliveryType: deliveryTypeFor(categories),
    };
  });
  const docs: DocumentObject[] = (opts.documents ?? []).map((d) => ({ ...d, objectType: 'Document', associatedObjects: [draft.id] }));
  return [auth, ...tasks, ...docs];
}

/** The UPDATE object that adds approval signatures (and optionally asks for a status). */
export function approvalUpdate(warrantId: string, signatures: readonly (Signature | SignedStatement)[], countryCode: string, desiredStatus?: string): AuthorisationObject {
  const o: AuthorisationObject = {
    objectType: 'Authorisation',
    objectIdentifier: warrantId,
    authorisationApprovalDetails: signatures.map((s) => signatureToApprovalDetails(s, countryCode)),
  };
  if (desiredStatus !== undefined) o.authorisationDesiredStatus = dict('AuthorisationDesiredStatus', desiredStatus);
  if (o.authorisationApprovalDetails?.length === 0) delete o.authorisationApprovalDetails;
  return o;
}

/** DesiredStatus for each statement purpose (revocation → Cancelled, …). */
export const DESIRED_STATUS_FOR: Readonly<Record<SignedStatement['purpose'], string | undefined>> = {
  revocation: 'Cancelled',
  rejection: 'Rejected',
  suspension: 'Suspended',
  resumption: 'Approved',
  'operator-confirmation': undefined,
};
