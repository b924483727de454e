/**
 * Approval signatures and signed statements on HI-1: one Annex E ApprovalDetails per signature,
 * whose ApprovalDigitalSignature is a NationalDigitalSignature (TS 103 120 Annex G extension
 * point) of type {urn:warranted:hi1:1}Ed25519Signature carrying the fields of our Signature
 * (docs/hi1-intake.md "Signatures"). The signature is verified over the warrant's canonical bytes
 * (approval) or the statement message, never over the XML: the XML only transports it.
 */
import { AUTHORITY_ROLES, type AuthorityRole, type Signature, type SignedStatement, type StatementPurpose } from '../model.ts';
import type { ApprovalDetails, GenericElement } from '../../standards/hi1/index.ts';
import { deskFail } from './errors.ts';

export const WARRANTED_HI1_NS = 'urn:warranted:hi1:1';
export const SIGNATURE_TYPE = 'Ed25519Signature';

const PURPOSE_TO_TYPE: Readonly<Record<StatementPurpose, string>> = {
  revocation: 'Revocation',
  rejection: 'Rejection',
  suspension: 'Suspension',
  resumption: 'Resumption',
  'operator-confirmation': 'OperatorConfirmation',
};
const TYPE_TO_PURPOSE = new Map(Object.entries(PURPOSE_TO_TYPE).map(([p, t]) => [t, p as StatementPurpose]));

/** QualifiedDateTime (TS 103 280 §6.4) has no fractional seconds: the exact signedAt travels in SignedAt. */
export function qualifiedDateTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function el(name: string, textValue: string): GenericElement {
  return { namespace: WARRANTED_HI1_NS, name, text: textValue };
}

/** ApprovalDetails for an approval signature or a signed statement. */
export function signatureToApprovalDetails(s: Signature | SignedStatement, countryCode: string): ApprovalDetails {
  const purpose = 'purpose' in s ? s.purpose : undefined;
  const elements = [el('AuthorityId', s.authorityId), el('KeyId', s.keyId), el('Role', s.role), el('SignedAt', s.signedAt)];
  if (purpose !== undefined && 'subject' in s) elements.push(el('Purpose', purpose), el('Subject', s.subject));
  elements.push(el('Value', s.signature));
  return {
    approvalType: purpose === undefined ? 'Approval' : PURPOSE_TO_TYPE[purpose],
    approverDetails: { approverName: s.authorityId, approverRole: s.role },
    approvalTimestamp: qualifiedDateTime(s.signedAt),
    approvalDigitalSignature: { xsiType: { namespace: WARRANTED_HI1_NS, localName: SIGNATURE_TYPE }, countryCode, elements },
  };
}

function field(elements: readonly GenericElement[], name: string, required: boolean): string | undefined {
  const found = elements.filter((e) => e.namespace === WARRANTED_HI1_NS && e.name === name);
  if (found.length > 1) deskFail('DESK_BAD_FIELD', `${SIGNATURE_TYPE} has ${name} twice`);
  const value = found[0]?.text;
  if (required && (value === undefined || value.trim() === '')) deskFail('DESK_MISSING_FIELD', `${SIGNATURE_TYPE} lacks ${name}`);
  return value?.trim();
}

/** The Signature or SignedStatement one ApprovalDetails carries (typed refusals otherwise). */
export function approvalDetailsToSignature(a: ApprovalDetails): Signature | SignedStatement {
  const sig = a.approvalDigitalSignature;
  if (!sig) deskFail('DESK_MISSING_FIELD', 'ApprovalDetails without ApprovalDigitalSignature: an unsigned approval is not an approval');
  if (sig.xsiType.namespace !== WARRANTED_HI1_NS || sig.xsiType.localName !== SIGNATURE_TYPE) {
    deskFail('DESK_UNSUPPORTED', `digital signature type {${sig.xsiType.namespace}}${sig.xsiType.localName} is not supported`);
  }
  const known = new Set(['AuthorityId', 'KeyId', 'Role', 'SignedAt', 'Purpose', 'Subject', 'Value']);
  for (const e of sig.elements) {
    if (e.namespace !== WARRANTED_HI1_NS || !known.has(e.name) || e.children) deskFail('DESK_BAD_FIELD', `unexpected element ${e.name} in ${SIGNATURE_TYPE}`);
  }
  const role = field(sig.elements, 'Role', true)!;
  if (!(AUTHORITY_ROLES as readonly string[]).includes(role)) deskFail('DESK_BAD_FIELD', `unknown authority role "${role}"`);
  const signedAt = field(sig.elements, 'SignedAt', true)!;
  if (Number.isNaN(Date.parse(signedAt)) || !/Z$|[+-]\d{2}:\d{2}$/.test(signedAt)) deskFail('DESK_BAD_FIELD', 'SignedAt is not a time with a zone');
  const base: Signature = {
    authorityId: field(sig.elements, 'AuthorityId', true)!,
    keyId: field(sig.elements, 'KeyId', true)!,
    role: role as AuthorityRole,
    signedAt,
    signature: field(sig.elements, 'Value', true)!,
  };
  const purposeText = field(sig.elements, 'Purpose', false);
  const typePurpose = a.approvalType === undefined ? undefined : TYPE_TO_PURPOSE.get(a.approvalType);
  if (purposeText === undefined) {
    if (typePurpose !== undefined) deskFail('DESK_MISSING_FIELD', `a ${a.approvalType ?? ''} statement needs Purpose and Subject`);
    return base;
  }
  const purpose = [...TYPE_TO_PURPOSE.values()].find((p) => p === purposeText);
  if (!purpose) deskFail('DESK_BAD_FIELD', `unknown statement purpose "${purposeText}"`);
  if (typePurpose !== undefined && typePurpose !== purpose) deskFail('DESK_BAD_FIELD', 'ApprovalType does not match the statement purpose');
  return { ...base, purpose, subject: field(sig.elements, 'Subject', true)! };
}

export function isStatement(s: Signature | SignedStatement): s is SignedStatement {
  return 'purpose' in s;
}
