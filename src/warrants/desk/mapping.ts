/**
 * HI-1 objects (TS 103 120 §7.2 AuthorisationObject, §8.2 LITaskObject) <-> the Warrant model.
 * Standard fields carry what they can (reference, legal type, timespan, CSPs, emergency flag,
 * one exact target per LITask with its delivery type); the rest of the legal content travels in
 * NationalAuthorisationParameters of type {urn:warranted:hi1:1}WarrantParameters (Annex G).
 * The full table is in docs/hi1-intake.md. Pure: no I/O.
 */
import { SERVICE_CATEGORIES, type Categories, type ServiceCategory, type TargetCategories, type WarrantDraft } from '../model.ts';
import {
  targetIdentifierFromHi1,
  type AuthorisationObject,
  type DictionaryEntry,
  type GenericElement,
  type LITaskObject,
  type NationalParameters,
} from '../../standards/hi1/index.ts';
import type { TargetIdentifier } from '../../standards/identifiers/types.ts';
import { deskFail } from './errors.ts';
import { WARRANTED_HI1_NS, qualifiedDateTime } from './signatures-hi1.ts';

export const WARRANT_PARAMETERS_TYPE = 'WarrantParameters';

/** A stable UUID (v4/variant bits set) from a domain-separated name: ids of objects the desk makes. */
export { stableUuid } from '../../platform/ids.ts';
import { stableUuid } from '../../platform/ids.ts';

/** Id of the LITask the desk reports for a target when the agency gave none (e.g. a CLI submission). */
export function liTaskIdFor(warrantId: string, target: TargetIdentifier): string {
  return stableUuid('warranted-hi1-litask-v1', warrantId, target.kind, target.value);
}
/** Id of the DocumentObject that carries a warrant's canonical bytes (what approvers sign). */
export function canonicalDocumentIdFor(warrantId: string): string {
  return stableUuid('warranted-hi1-canonical-document-v1', warrantId);
}

export function dict(name: string, value: string, owner = 'ETSI'): DictionaryEntry {
  return { owner, name, value };
}

function wEl(name: string, value: string): GenericElement {
  return { namespace: WARRANTED_HI1_NS, name, text: value };
}

/** The fields of a warrant that have no standard HI-1 field. */
export interface WarrantParameters {
  profileId: string;
  agencyName: string;
  officer: string;
  offence: string;
  retentionDays: number;
  categories: Categories;
  delivery: { destinationId: string; address: string };
  renews?: string;
  progressReport?: string;
  reportFields?: Record<string, string>;
}

/** The WarrantParameters of a warrant (or of a draft the agency is about to send). */
export function warrantParametersOf(w: WarrantDraft): WarrantParameters {
  const params: WarrantParameters = {
    profileId: w.profileId,
    agencyName: w.agency.name,
    officer: w.officer,
    offence: w.offence,
    retentionDays: w.retentionDays,
    categories: w.categories,
    delivery: w.delivery,
  };
  if (w.renews !== undefined) params.renews = w.renews;
  if (w.progressReport !== undefined) params.progressReport = w.progressReport;
  if (w.reportFields !== undefined) params.reportFields = w.reportFields;
  return params;
}

export function encodeWarrantParameters(p: WarrantParameters, countryCode: string): NationalParameters {
  const elements: GenericElement[] = [
    wEl('ProfileId', p.profileId),
    wEl('AgencyName', p.agencyName),
    wEl('Officer', p.officer),
    wEl('Offence', p.offence),
    wEl('RetentionDays', String(p.retentionDays)),
    wEl('ContentAuthorised', String(p.categories.content)),
    ...p.categories.services.map((s) => wEl('Service', s)),
    wEl('DeliveryDestinationId', p.delivery.destinationId),
    wEl('DeliveryAddress', p.delivery.address),
  ];
  if (p.renews !== undefined) elements.push(wEl('Renews', p.renews));
  if (p.progressReport !== undefined) elements.push(wEl('ProgressReport', p.progressReport));
  for (const [name, value] of Object.entries(p.reportFields ?? {})) {
    elements.push({ namespace: WARRANTED_HI1_NS, name: 'ReportField', children: [wEl('Name', name), wEl('Value', value)] });
  }
  return { xsiType: { namespace: WARRANTED_HI1_NS, localName: WARRANT_PARAMETERS_TYPE }, countryCode, elements };
}

export function decodeWarrantParameters(n: NationalParameters | undefined): WarrantParameters {
  if (!n) deskFail('DESK_MISSING_FIELD', `NationalAuthorisationParameters of type {${WARRANTED_HI1_NS}}${WARRANT_PARAMETERS_TYPE} are required`);
  if (n.xsiType.namespace !== WARRANTED_HI1_NS || n.xsiType.localName !== WARRANT_PARAMETERS_TYPE) {
    deskFail('DESK_UNSUPPORTED', `national authorisation parameters {${n.xsiType.namespace}}${n.xsiType.localName} are not supported`);
  }
  const all = (name: string) => n.elements.filter((e) => e.namespace === WARRANTED_HI1_NS && e.name === name);
  const known = new Set(['ProfileId', 'AgencyName', 'Officer', 'Offence', 'RetentionDays', 'ContentAuthorised', 'Service', 'DeliveryDestinationId', 'DeliveryAddress', 'Renews', 'ProgressReport', 'ReportField']);
  for (const e of n.elements) if (e.namespace !== WARRANTED_HI1_NS || !known.has(e.name)) deskFail('DESK_BAD_FIELD', `unexpected element ${e.name} in ${WARRANT_PARAMETERS_TYPE}`);
  const one = (name: string, required: boolean): string | undefined => {
    const f = all(name);
    if (f.length > 1) deskFail('DESK_BAD_FIELD', `${WARRANT_PARAMETERS_TYPE} has ${name} twice`);
    const t = f[0]?.text;
    if (required && (t === undefined || t.trim() === '')) deskFail('DESK_MISSING_FIELD', `${WARRANT_PARAMETERS_TYPE} lacks ${name}`);
    return t;
  };
  const retention = one('RetentionDays', true)!.trim();
  if (!/^\d{1,5}$/.test(retention)) deskFail('DESK_BAD_FIELD', 'RetentionDays must be a whole number of days');
  const content = one('ContentAuthorised', true)!.trim();
  if (content !== 'true' && content !== 'false') deskFail('DESK_BAD_FIELD', 'ContentAuthorised must be true or false');
  const services = all('Service').map((e) => (e.text ?? '').trim());
  for (const s of services) if (!(SERVICE_CATEGORIES as readonly string[]).includes(s)) deskFail('DESK_BAD_FIELD', `unknown service "${s}"`);
  const p: WarrantParameters = {
    profileId: one('ProfileId', true)!.trim(),
    agencyName: one('AgencyName', true)!,
    officer: one('Officer', true)!,
    offence: one('Offence', true)!,
    retentionDays: Number(retention),
    categories: { content: content === 'true', services: services as ServiceCategory[] },
    delivery: { destinationId: one('DeliveryDestinationId', true)!.trim(), address: one('DeliveryAddress', true)!.trim() },
  };
  const renews = one('Renews', false);
  if (renews !== undefined) p.renews = renews.trim();
  const progress = one('ProgressReport', false);
  if (progress !== undefined) p.progressReport = progress;
  const fields = all('ReportField');
  if (fields.length > 0) {
    p.reportFields = {};
    for (const f of fields) {
      const name = f.children?.find((c) => c.name === 'Name')?.text?.trim();
      const value = f.children?.find((c) => c.name === 'Value')?.text;
      if (!name || value === undefined) deskFail('DESK_MISSING_FIELD', 'ReportField needs Name and Value');
      p.reportFields[name] = value;
    }
  }
  return p;
}

/** TaskDeliveryType (TS 103 120 §8.2.7) for categories. */
export function deliveryTypeFor(c: Categories): DictionaryEntry {
  return dict('TaskDeliveryType', c.content ? 'IRIandCC' : 'IRIOnly');
}

/** The target of one LITask: exactly one TS 103 280 identity (wildcards refused by the codec). */
export function targetOfTask(t: LITaskObject): TargetIdentifier {
  const values = t.targetIdentifier?.targetIdentifierValues ?? [];
  if (values.length === 0) deskFail('DESK_MISSING_FIELD', `LITask ${t.objectIdentifier} names no target identifier`);
  if (values.length > 1) deskFail('DESK_BAD_FIELD', `LITask ${t.objectIdentifier} names ${values.length} identifiers: one exact identity per task`);
  return targetIdentifierFromHi1(values[0]!);
}

function sameInstant(a: string | undefined, b: string): boolean {
  return a !== undefined && Date.parse(a) === Date.parse(b);
}

/**
 * The warrant draft a CREATE describes. `agency` is the authenticated sender. Throws DeskError /
 * Hi1Error (target formats); content rules are left to the warrant core (validateWarrant, profile).
 */
export function draftFromHi1(auth: AuthorisationObject, tasks: readonly LITaskObject[], agency: { id: string }): WarrantDraft {
  if (auth.authorisationStatus) deskFail('DESK_BAD_FIELD', 'AuthorisationStatus is set by the Receiver only (TS 103 120 §7.2.5)');
  const p = decodeWarrantParameters(auth.nationalAuthorisationParameters);
  if (!auth.authorisationReference) deskFail('DESK_MISSING_FIELD', 'AuthorisationReference is required');
  if (!auth.authorisationLegalType) deskFail('DESK_MISSING_FIELD', 'AuthorisationLegalType is required');
  const start = auth.authorisationTimespan?.startTime;
  const end = auth.authorisationTimespan?.endTime;
  if (!start || !end) deskFail('DESK_MISSING_FIELD', 'AuthorisationTimespan needs StartTime and EndTime');
  const operators = (auth.authorisationCSPID ?? []).map((e) => e.uniqueIdentifier);
  if (operators.length === 0) deskFail('DESK_MISSING_FIELD', 'AuthorisationCSPID must name the operators');
  if (tasks.length === 0) deskFail('DESK_MISSING_FIELD', 'a warrant needs at least one LITask naming its target');
  const targets: TargetIdentifier[] = [];
  const overrides: TargetCategories[] = [];
  for (const t of tasks) {
    if (t.status) deskFail('DESK_BAD_FIELD', 'LITask Status is set by the Receiver only (TS 103 120 §8.2.3)');
    if (t.deliveryDetails) deskFail('DESK_UNSUPPORTED', 'LITask DeliveryDetails: delivery is agreed per warrant (DeliveryDestinationId/DeliveryAddress)');
    if (t.timespan && (!sameInstant(t.timespan.startTime ?? start, start) || !sameInstant(t.timespan.endTime ?? end, end))) {
      deskFail('DESK_BAD_FIELD', `LITask ${t.objectIdentifier} timespan differs from the authorisation timespan`);
    }
    if (t.cspId && !operators.includes(t.cspId.uniqueIdentifier)) deskFail('DESK_BAD_FIELD', `LITask ${t.objectIdentifier} names a CSP that is not on the authorisation`);
    const target = targetOfTask(t);
    targets.push(target);
    const dt = t.deliveryType?.value;
    if (dt !== undefined && dt !== 'IRIOnly' && dt !== 'IRIandCC') deskFail('DESK_UNSUPPORTED', `TaskDeliveryType ${dt} is not supported (IRIOnly or IRIandCC)`);
    if (dt !== undefined && (dt === 'IRIandCC') !== p.categories.content) {
      overrides.push({ target, categories: { content: dt === 'IRIandCC', services: [...p.categories.services] } });
    }
  }
  const draft: WarrantDraft = {
    id: auth.objectIdentifier,
    reference: auth.authorisationReference,
    agency: { id: agency.id, name: p.agencyName },
    officer: p.officer,
    legalBasis: auth.authorisationLegalType.value,
    offence: p.offence,
    targets,
    categories: p.categories,
    operators,
    start,
    end,
    delivery: p.delivery,
    retentionDays: p.retentionDays,
    emergency: (auth.authorisationFlags ?? []).some((f) => f.name === 'AuthorisationFlag' && f.value === 'IsEmergency'),
    profileId: p.profileId,
  };
  if (overrides.length > 0) draft.targetCategories = overrides;
  if (p.renews !== undefined) draft.renews = p.renews;
  if (p.progressReport !== undefined) draft.progressReport = p.progressReport;
  if (p.reportFields) draft.reportFields = p.reportFields;
  return draft;
}

/** The legal-content fields of an AuthorisationObject (what an UPDATE must not change). */
export function legalContentOf(auth: AuthorisationObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (auth.authorisationReference !== undefined) out.reference = auth.authorisationReference;
  if (auth.authorisationLegalType !== undefined) out.legalType = auth.authorisationLegalType.value;
  if (auth.authorisationTimespan !== undefined) {
    out.timespan = [auth.authorisationTimespan.startTime, auth.authorisationTimespan.endTime].map((t) => (t === undefined ? null : Date.parse(t)));
  }
  if (auth.authorisationCSPID !== undefined) out.csps = auth.authorisationCSPID.map((c) => c.uniqueIdentifier).sort();
  if (auth.authorisationFlags !== undefined) out.emergency = auth.authorisationFlags.some((f) => f.value === 'IsEmergency');
  if (auth.nationalAuthorisationParameters !== undefined) out.parameters = decodeWarrantParameters(auth.nationalAuthorisationParameters);
  return out;
}

export { qualifiedDateTime };
