/**
 * Production orders on HI-1 (TS 103 120 V1.11.1): the order is an AuthorisationObject (§7.2) whose
 * NationalAuthorisationParameters are {urn:warranted:hi1:1}ProductionOrderParameters (Annex G), with
 * one LDTaskObject (§8.3) per identifier and category — each one exactly what one TS 102 657 request
 * to the RDHI may ask for. The table is in docs/hi1-intake.md "Production orders on HI-1". Pure.
 *
 *   order.id          ObjectIdentifier            reference    AuthorisationReference
 *   authorisation     AuthorisationLegalType (national dictionary, e.g. "2703d-order")
 *   validUntil        AuthorisationTimespan EndTime (whole seconds) + ValidUntil (exact)
 *   operators         AuthorisationCSPID           urgent       AuthorisationFlag IsEmergency
 *   identifier        LDTask RequestValues (Annex C formats; IP: address AND Port) [+ ObservedTime]
 *   category          LDTask RequestDetails Type (national RequestType dictionary, §8.3.5.2)
 *   period            LDTask StartTime/EndTime (whole seconds) + PeriodStart/PeriodEnd (exact)
 */
import { ipv6Expanded } from '../../standards/identifiers/index.ts';
import type { AuthorisationObject, DictionaryEntry, GenericElement, LDTaskObject, NationalParameters, RequestValue } from '../../standards/hi1/index.ts';
import { stableUuid } from '../../platform/ids.ts';
import { ORDER_CATEGORIES, ORDER_STATES, type OrderCategory, type OrderIdentifier, type OrderState, type ProductionOrder, type ProductionOrderDraft } from '../production-order-model.ts';
import { ProductionOrderError } from '../production-order-errors.ts';
import { normaliseOrderIdentifier } from '../production-order-canonical.ts';
import { deskFail } from './errors.ts';
import { dict } from './mapping.ts';
import { WARRANTED_HI1_NS, qualifiedDateTime } from './signatures-hi1.ts';

export const ORDER_PARAMETERS_TYPE = 'ProductionOrderParameters';
export const ORDER_TASK_PARAMETERS_TYPE = 'OrderTaskParameters';
/** Name of the national RequestType dictionary (§8.3.5.2 defines no ETSI entries). */
export const REQUEST_TYPE = 'RequestType';

/** Id of the DocumentObject holding an order's canonical text (what approvers sign). */
export function orderDocumentIdFor(orderId: string): string {
  return stableUuid('warranted-hi1-order-canonical-document-v1', orderId);
}

/** Id of the LDTask of one identifier and category when the agency did not give one. */
export function ldTaskIdFor(orderId: string, identifier: OrderIdentifier, category: OrderCategory): string {
  return stableUuid('warranted-hi1-ldtask-v1', orderId, identifierKey(identifier), category);
}

export function identifierKey(i: OrderIdentifier): string {
  return i.kind === 'ip' ? `ip|${i.address}|${i.at}|${i.port ?? ''}` : `${i.kind}|${i.value}`;
}

/** The fields of ProductionOrderParameters. */
export interface OrderParameters {
  profileId: string;
  purpose: string;
  legalBasis: string;
  agencyName: string;
  officer: string;
  offence: string;
  periodStart: string;
  periodEnd: string;
  validUntil: string;
  /** Receiver only. */
  state?: OrderState;
  /** Receiver only, to the addressed RDHI only (hex). */
  identifierSalt?: string;
}

const PARAM_ELEMENTS = [
  ['profileId', 'ProfileId'], ['purpose', 'Purpose'], ['legalBasis', 'LegalBasis'], ['agencyName', 'AgencyName'], ['officer', 'Officer'],
  ['offence', 'Offence'], ['periodStart', 'PeriodStart'], ['periodEnd', 'PeriodEnd'], ['validUntil', 'ValidUntil'],
  ['state', 'OrderState'], ['identifierSalt', 'IdentifierSalt'],
] as const;

const wEl = (name: string, text: string): GenericElement => ({ namespace: WARRANTED_HI1_NS, name, text });

export function encodeOrderParameters(p: OrderParameters, countryCode: string): NationalParameters {
  const elements = PARAM_ELEMENTS.flatMap(([k, name]) => (p[k] === undefined ? [] : [wEl(name, p[k])]));
  return { xsiType: { namespace: WARRANTED_HI1_NS, localName: ORDER_PARAMETERS_TYPE }, countryCode, elements };
}

export function isOrderParameters(n: NationalParameters | undefined): boolean {
  return n?.xsiType.namespace === WARRANTED_HI1_NS && n.xsiType.localName === ORDER_PARAMETERS_TYPE;
}

export function decodeOrderParameters(n: NationalParameters | undefined): OrderParameters {
  if (!n || !isOrderParameters(n)) deskFail('DESK_MISSING_FIELD', `NationalAuthorisationParameters of type {${WARRANTED_HI1_NS}}${ORDER_PARAMETERS_TYPE} are required`);
  const byName = new Map<string, string>();
  for (const e of n.elements) {
    const known = PARAM_ELEMENTS.find(([, name]) => name === e.name);
    if (e.namespace !== WARRANTED_HI1_NS || !known || e.children) deskFail('DESK_BAD_FIELD', `unexpected element ${e.name} in ${ORDER_PARAMETERS_TYPE}`);
    if (byName.has(e.name)) deskFail('DESK_BAD_FIELD', `${ORDER_PARAMETERS_TYPE} has ${e.name} twice`);
    byName.set(e.name, e.text ?? '');
  }
  const req = (name: string): string => {
    const t = byName.get(name);
    if (t === undefined || t.trim() === '') deskFail('DESK_MISSING_FIELD', `${ORDER_PARAMETERS_TYPE} lacks ${name}`);
    return t;
  };
  const p: OrderParameters = {
    profileId: req('ProfileId').trim(), purpose: req('Purpose').trim(), legalBasis: req('LegalBasis'), agencyName: req('AgencyName'),
    officer: req('Officer'), offence: req('Offence'), periodStart: req('PeriodStart').trim(), periodEnd: req('PeriodEnd').trim(), validUntil: req('ValidUntil').trim(),
  };
  const state = byName.get('OrderState')?.trim();
  if (state !== undefined) {
    if (!(ORDER_STATES as readonly string[]).includes(state)) deskFail('DESK_BAD_FIELD', `unknown OrderState ${state}`);
    p.state = state as OrderState;
  }
  const salt = byName.get('IdentifierSalt')?.trim();
  if (salt !== undefined) p.identifierSalt = salt;
  return p;
}

/** Annex C RequestValues of one identifier (IPv6 fully expanded, TS 103 280 §6.13; IMEI with its check digit when it has 15 digits). */
export function requestValuesOf(i: OrderIdentifier): RequestValue[] {
  const etsi = (formatName: string, value: string): RequestValue => ({ formatOwner: 'ETSI', formatName, value });
  switch (i.kind) {
    case 'msisdn':
      return [etsi('InternationalE164', i.value)];
    case 'imsi':
      return [etsi('IMSI', i.value)];
    case 'imei':
      return [etsi(i.value.length === 15 ? 'IMEICheckDigit' : 'IMEI', i.value)];
    case 'ip': {
      const v6 = i.address.includes(':');
      const out = [etsi(v6 ? 'IPv6Address' : 'IPv4Address', v6 ? expandedOrAsIs(i.address) : i.address)];
      if (i.port !== undefined) out.push(etsi('Port', String(i.port)));
      return out;
    }
  }
}

function expandedOrAsIs(a: string): string {
  try {
    return ipv6Expanded(a);
  } catch {
    return a; // the desk refuses it with the order's own code
  }
}

const FORMAT_KIND: Readonly<Record<string, OrderIdentifier['kind']>> = {
  InternationalE164: 'msisdn', GPSIMSISDN: 'msisdn', IMSI: 'imsi', SUPIIMSI: 'imsi', IMEI: 'imei', IMEICheckDigit: 'imei', PEIIMEI: 'imei', PEIIMEICheckDigit: 'imei',
  IPv4Address: 'ip', Ipv4Address: 'ip', IPv6Address: 'ip', Ipv6Address: 'ip',
};
/** Annex C formats that designate many subscribers: refused by design (TS 103 120 §8.3.5.3 "the Action should be rejected"). */
const NOT_EXACT_FORMATS = new Set(['IPv4CIDR', 'Ipv4CIDR', 'IPv6CIDR', 'Ipv6CIDR', 'TCPPortRange', 'UDPPortRange']);

/** The identifier one LDTask names (raw: the order core normalises and refuses wildcards). */
export function identifierOfTask(t: LDTaskObject, index: number): Record<string, unknown> {
  const values = t.requestDetails?.requestValues ?? [];
  const where = { index, kind: 'unknown' };
  for (const v of values) {
    if (v.formatOwner === 'ETSI' && NOT_EXACT_FORMATS.has(v.formatName)) {
      throw new ProductionOrderError('ORDER_IDENTIFIER_NOT_EXACT', `LDTask ${t.objectIdentifier}: ${v.formatName} designates many subscribers`, { details: where });
    }
  }
  const ports = values.filter((v) => v.formatOwner === 'ETSI' && v.formatName === 'Port');
  const ids = values.filter((v) => !ports.includes(v));
  if (ids.length !== 1 || ports.length > 1) deskFail('DESK_BAD_FIELD', `LDTask ${t.objectIdentifier} must name one identifier (IP: with at most one Port)`);
  const v = ids[0]!;
  const kind = v.formatOwner === 'ETSI' ? FORMAT_KIND[v.formatName] : undefined;
  if (kind === undefined) throw new ProductionOrderError('ORDER_IDENTIFIER_INVALID', `LDTask ${t.objectIdentifier}: format ${v.formatOwner}/${v.formatName} is not an identifier an order may name`, { details: where });
  if (kind !== 'ip') {
    if (ports.length > 0) deskFail('DESK_BAD_FIELD', `LDTask ${t.objectIdentifier}: a Port goes with an IP address only`);
    return { kind, value: v.value };
  }
  const out: Record<string, unknown> = { kind, address: v.value, at: observedAt(t) };
  if (ports.length === 1) {
    const p = ports[0]!.value;
    out.port = /^\d{1,5}$/.test(p) ? Number(p) : p;
  }
  return out;
}

function observedAt(t: LDTaskObject): string {
  const n = t.nationalLDTaskingParameters;
  const whole = t.requestDetails?.observedTime;
  let exact: string | undefined;
  if (n !== undefined) {
    if (n.xsiType.namespace !== WARRANTED_HI1_NS || n.xsiType.localName !== ORDER_TASK_PARAMETERS_TYPE) deskFail('DESK_UNSUPPORTED', `NationalLDTaskingParameters {${n.xsiType.namespace}}${n.xsiType.localName}`);
    const e = n.elements.filter((x) => x.namespace === WARRANTED_HI1_NS && x.name === 'ObservedAt');
    if (e.length !== 1 || n.elements.length !== 1) deskFail('DESK_BAD_FIELD', `${ORDER_TASK_PARAMETERS_TYPE} holds exactly one ObservedAt`);
    exact = e[0]!.text?.trim();
  }
  const at = exact ?? whole;
  if (at === undefined) deskFail('DESK_MISSING_FIELD', `LDTask ${t.objectIdentifier} names an IP address without the time it was observed (ObservedTime)`);
  if (exact !== undefined && whole !== undefined && !sameSecond(exact, whole)) deskFail('DESK_BAD_FIELD', `LDTask ${t.objectIdentifier}: ObservedTime is not the whole-second form of ObservedAt`);
  return at;
}

/** `whole` (QualifiedDateTime) is `exact` truncated to the second. */
export function sameSecond(exact: string, whole: string): boolean {
  const a = Date.parse(exact);
  const b = Date.parse(whole);
  return !Number.isNaN(a) && !Number.isNaN(b) && Math.floor(a / 1000) * 1000 === b;
}

/** The LDTasks of an order: one per identifier and category (ids derived unless `ids` gives them). */
export function orderLdTasks(o: ProductionOrder, countryCode: string, ids?: ReadonlyMap<string, string>): LDTaskObject[] {
  return o.identifiers.flatMap((i) =>
    o.categories.map((c): LDTaskObject => {
      const t: LDTaskObject = {
        objectType: 'LDTask',
        objectIdentifier: ids?.get(`${identifierKey(i)}#${c}`) ?? ldTaskIdFor(o.id, i, c),
        countryCode,
        associatedObjects: [o.id],
        requestDetails: {
          type: dict(REQUEST_TYPE, c, countryCode),
          startTime: qualifiedDateTime(o.period.start),
          endTime: qualifiedDateTime(o.period.end),
          ...(i.kind === 'ip' ? { observedTime: qualifiedDateTime(i.at) } : {}),
          requestValues: requestValuesOf(i),
        },
      };
      if (o.urgent) t.flags = [dict('LDTaskFlag', 'IsEmergency')];
      if (i.kind === 'ip') t.nationalLDTaskingParameters = { xsiType: { namespace: WARRANTED_HI1_NS, localName: ORDER_TASK_PARAMETERS_TYPE }, countryCode, elements: [wEl('ObservedAt', i.at)] };
      return t;
    }),
  );
}

/** What the agency sends in a CREATE: the Authorisation (no status, no signatures) and its LDTasks. */
export function orderToHi1Objects(o: ProductionOrder, countryCode: string): [AuthorisationObject, ...LDTaskObject[]] {
  const tasks = orderLdTasks(o, countryCode);
  const auth: AuthorisationObject = {
    objectType: 'Authorisation',
    objectIdentifier: o.id,
    countryCode,
    associatedObjects: tasks.map((t) => t.objectIdentifier),
    authorisationReference: o.reference,
    authorisationLegalType: dict('AuthorisationLegalType', o.authorisation, countryCode),
    authorisationTimespan: { endTime: qualifiedDateTime(o.validUntil) },
    authorisationCSPID: o.operators.map((op) => ({ countryCode, uniqueIdentifier: op })),
    nationalAuthorisationParameters: encodeOrderParameters(parametersOf(o), countryCode),
  };
  if (o.urgent) auth.authorisationFlags = [dict('AuthorisationFlag', 'IsEmergency')];
  return [auth, ...tasks];
}

export function parametersOf(o: ProductionOrder): OrderParameters {
  return {
    profileId: o.profileId, purpose: o.purpose, legalBasis: o.legalBasis, agencyName: o.agency.name, officer: o.officer, offence: o.offence,
    periodStart: o.period.start, periodEnd: o.period.end, validUntil: o.validUntil,
  };
}

function category(t: LDTaskObject, countryCode: string): OrderCategory {
  const ty: DictionaryEntry | undefined = t.requestDetails?.type;
  if (!ty) deskFail('DESK_MISSING_FIELD', `LDTask ${t.objectIdentifier} lacks RequestDetails Type (the category of records)`);
  if (ty.owner !== countryCode || ty.name !== REQUEST_TYPE || !(ORDER_CATEGORIES as readonly string[]).includes(ty.value)) {
    deskFail('DESK_BAD_FIELD', `LDTask ${t.objectIdentifier}: RequestType ${ty.owner}/${ty.name}/${ty.value} is not one of ${countryCode}/${REQUEST_TYPE}/{${ORDER_CATEGORIES.join(',')}}`);
  }
  return ty.value as OrderCategory;
}

/**
 * The order draft a CREATE describes; `agencyId` is the authenticated sender. Structure is checked
 * here (DeskError), content by the order core (validateProductionOrder, the profile). Also returns
 * the agency's LDTask ids by identifier and category, to report them back.
 */
export function orderDraftFromHi1(auth: AuthorisationObject, tasks: readonly LDTaskObject[], agencyId: string, countryCode: string): { draft: ProductionOrderDraft & { id: string }; taskIds: Map<string, string> } {
  if (auth.authorisationStatus) deskFail('DESK_BAD_FIELD', 'AuthorisationStatus is set by the Receiver only (TS 103 120 §7.2.5)');
  const p = decodeOrderParameters(auth.nationalAuthorisationParameters);
  if (p.state !== undefined || p.identifierSalt !== undefined) deskFail('DESK_BAD_FIELD', 'OrderState and IdentifierSalt are set by the Receiver only');
  if (!auth.authorisationReference) deskFail('DESK_MISSING_FIELD', 'AuthorisationReference is required');
  if (!auth.authorisationLegalType) deskFail('DESK_MISSING_FIELD', 'AuthorisationLegalType (the authorisation of the profile) is required');
  const end = auth.authorisationTimespan?.endTime;
  if (end !== undefined && !sameSecond(p.validUntil, end)) deskFail('DESK_BAD_FIELD', 'AuthorisationTimespan EndTime is not the whole-second form of ValidUntil');
  const operators = (auth.authorisationCSPID ?? []).map((e) => e.uniqueIdentifier);
  if (operators.length === 0) deskFail('DESK_MISSING_FIELD', 'AuthorisationCSPID must name the operators');
  if (tasks.length === 0) deskFail('DESK_MISSING_FIELD', 'a production order needs at least one LDTask naming an identifier');
  const identifiers = new Map<string, OrderIdentifier>();
  const cats = new Map<string, Set<OrderCategory>>();
  const taskIds = new Map<string, string>();
  tasks.forEach((t, index) => {
    if (t.status) deskFail('DESK_BAD_FIELD', 'LDTask Status is set by the Receiver only (TS 103 120 §8.3.3)');
    if (t.approvalDetails) deskFail('DESK_UNSUPPORTED', 'approvals go on the Authorisation, not on LDTasks');
    if (t.deliveryDetails) deskFail('DESK_UNSUPPORTED', 'LDTask DeliveryDetails: records are disclosed by the RDHI over TS 102 657, at the agency\'s request');
    if (t.cspId && !operators.includes(t.cspId.uniqueIdentifier)) deskFail('DESK_BAD_FIELD', `LDTask ${t.objectIdentifier} names a CSP that is not on the authorisation`);
    const d = t.requestDetails;
    if (d?.startTime !== undefined && !sameSecond(p.periodStart, d.startTime)) deskFail('DESK_BAD_FIELD', `LDTask ${t.objectIdentifier}: StartTime is not the whole-second form of PeriodStart`);
    if (d?.endTime !== undefined && !sameSecond(p.periodEnd, d.endTime)) deskFail('DESK_BAD_FIELD', `LDTask ${t.objectIdentifier}: EndTime is not the whole-second form of PeriodEnd`);
    // Normalised as the order core does (wildcards refused there with ORDER_IDENTIFIER_NOT_EXACT).
    const id = normaliseOrderIdentifier(identifierOfTask(t, index), index);
    const key = identifierKey(id);
    const c = category(t, countryCode);
    if (!identifiers.has(key)) identifiers.set(key, id);
    const set = cats.get(key) ?? new Set<OrderCategory>();
    if (set.has(c)) deskFail('DESK_BAD_FIELD', `two LDTasks name the same identifier and category ${c}`);
    set.add(c);
    cats.set(key, set);
    taskIds.set(`${key}#${c}`, t.objectIdentifier);
  });
  const sets = [...cats.values()].map((s) => ORDER_CATEGORIES.filter((c) => s.has(c)).join(','));
  if (new Set(sets).size !== 1) deskFail('DESK_BAD_FIELD', 'an order authorises the same categories for every identifier: one LDTask per identifier and category');
  const draft = {
    id: auth.objectIdentifier,
    reference: auth.authorisationReference,
    agency: { id: agencyId, name: p.agencyName },
    officer: p.officer,
    profileId: p.profileId,
    authorisation: auth.authorisationLegalType.value,
    purpose: p.purpose,
    legalBasis: p.legalBasis,
    offence: p.offence,
    identifiers: [...identifiers.values()],
    categories: sets[0]!.split(',') as OrderCategory[],
    period: { start: p.periodStart, end: p.periodEnd },
    operators,
    validUntil: p.validUntil,
    urgent: (auth.authorisationFlags ?? []).some((f) => f.name === 'AuthorisationFlag' && f.value === 'IsEmergency'),
  };
  return { draft, taskIds };
}
