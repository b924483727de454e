/** Encoder helpers over xmlbuilder2 with explicit namespaces (prefixes from namespaces.ts). */
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { NS, prefixFor } from './namespaces.ts';
import { v } from './values.ts';
import type {
  ActionUnsuccessfulInformation, ApprovalDetails, ApproverContactDetails, DictionaryEntry, EndpointId, GenericElement, NationalParameters,
  QName, Timespan,
} from './types.ts';

export type Node = XMLBuilder;
type Conv = (s: string, where: string) => unknown;

const XMLNS = 'http://www.w3.org/2000/xmlns/';
let generated = 0;

/** Restarts generated prefix numbering so one message always encodes to the same bytes. */
export function resetGeneratedPrefixes(): void {
  generated = 0;
}

/** Appends {ns}local; namespaces without a fixed prefix get a generated one declared on the element. */
export function el(parent: Node, ns: string, local: string): Node {
  const prefix = prefixFor(ns);
  if (prefix !== undefined) return parent.ele(ns, prefix === '' ? local : `${prefix}:${local}`);
  if (ns === '') return parent.ele(local);
  const p = `ns${++generated % 1000}`;
  return parent.ele(ns, `${p}:${local}`).att(XMLNS, `xmlns:${p}`, ns);
}

/** Appends a leaf after checking the value with the same XSD check the decoder uses. */
export function leaf(parent: Node, ns: string, local: string, value: string | number | boolean | undefined, check?: Conv): void {
  if (value === undefined) return;
  const text = String(value);
  if (check !== undefined) check(text, local);
  el(parent, ns, local).txt(text);
}

/** xsi:type value for a QName: known namespace prefix, or a generated one declared on the element. */
export function setXsiType(node: Node, type: QName): void {
  let prefix = prefixFor(type.namespace);
  if (prefix === undefined || prefix === '') {
    prefix = prefix === '' ? 'core' : `t${++generated % 1000}`;
    node.att(XMLNS, `xmlns:${prefix}`, type.namespace);
  }
  node.att(NS.xsi, 'xsi:type', `${prefix}:${type.localName}`);
}

export function dictionary(parent: Node, ns: string, local: string, e: DictionaryEntry | undefined): void {
  if (e === undefined) return;
  const n = el(parent, ns, local);
  leaf(n, NS.common, 'Owner', e.owner, v.shortString);
  leaf(n, NS.common, 'Name', e.name, v.shortString);
  leaf(n, NS.common, 'Value', e.value, v.shortString);
}

export function endpoint(parent: Node, ns: string, local: string, e: EndpointId | undefined): void {
  if (e === undefined) return;
  const n = el(parent, ns, local);
  leaf(n, NS.core, 'CountryCode', e.countryCode, v.countryCode);
  leaf(n, NS.core, 'UniqueIdentifier', e.uniqueIdentifier, v.longString);
}

/** Timespan element {ns}local whose StartTime/EndTime live in `childNs` (defaults to `ns`). */
export function timespan(parent: Node, ns: string, local: string, t: Timespan | undefined, childNs = ns): void {
  if (t === undefined) return;
  const n = el(parent, ns, local);
  leaf(n, childNs, 'StartTime', t.startTime, v.qualifiedDateTime);
  leaf(n, childNs, 'EndTime', t.endTime, v.qualifiedDateTime);
}

export function unsuccessful(parent: Node, ns: string, local: string, e: ActionUnsuccessfulInformation | undefined): void {
  if (e === undefined) return;
  const n = el(parent, ns, local);
  leaf(n, NS.core, 'ErrorCode', e.errorCode, v.nonNegativeInteger);
  leaf(n, NS.core, 'ErrorDescription', e.errorDescription, v.longString);
}

export function generic(parent: Node, g: GenericElement): void {
  const n = el(parent, g.namespace, g.name);
  for (const a of g.attributes ?? []) {
    if (a.namespace === '') n.att(a.name, a.value);
    else if (a.namespace === NS.xsi) n.att(NS.xsi, `xsi:${a.name}`, a.value);
    else n.att(a.namespace, `${prefixFor(a.namespace) ?? 'a'}:${a.name}`, a.value);
  }
  if (g.children !== undefined && g.children.length > 0) for (const c of g.children) generic(n, c);
  else if (g.text !== undefined) n.txt(g.text);
}

/** Abstract "National…" structure: xsi:type, CountryCode in the declaring schema's namespace, then the extension. */
export function national(parent: Node, ns: string, local: string, p: NationalParameters | undefined, baseNs = ns): void {
  if (p === undefined) return;
  const n = el(parent, ns, local);
  setXsiType(n, p.xsiType);
  leaf(n, baseNs, 'CountryCode', p.countryCode, v.countryCode);
  for (const g of p.elements) generic(n, g);
}

function contact(parent: Node, c: ApproverContactDetails): void {
  const C = NS.common;
  const n = el(parent, C, 'ApproverContactDetails');
  leaf(n, C, 'Name', c.name, v.longString);
  leaf(n, C, 'Role', c.role, v.longString);
  leaf(n, C, 'EmailAddress', c.emailAddress, v.internationalizedEmail);
  leaf(n, C, 'PhoneNumber', c.phoneNumber, v.internationalE164);
  leaf(n, C, 'FaxNumber', c.faxNumber, v.internationalE164);
  leaf(n, C, 'Address', c.address, v.longString);
  for (const l of c.languages ?? []) leaf(el(n, C, 'Languages'), C, 'ISO639Set1LanguageIdentifier', l, v.language);
  leaf(n, C, 'ApproverAlternateName', c.approverAlternateName, v.longString);
  leaf(n, C, 'ApproverEmailAddress', c.approverEmailAddress, v.internationalizedEmail);
  leaf(n, C, 'ApproverPhoneNumber', c.approverPhoneNumber, v.internationalE164);
}

/** Annex E ApprovalDetails under element {ns}local. */
export function approval(parent: Node, ns: string, local: string, a: ApprovalDetails): void {
  const C = NS.common;
  const n = el(parent, ns, local);
  leaf(n, C, 'ApprovalType', a.approvalType, v.longString);
  leaf(n, C, 'ApprovalDescription', a.approvalDescription, v.longString);
  leaf(n, C, 'ApprovalReference', a.approvalReference, v.longString);
  const d = a.approverDetails;
  if (d !== undefined) {
    const dn = el(n, C, 'ApproverDetails');
    leaf(dn, C, 'ApproverName', d.approverName, v.longString);
    leaf(dn, C, 'ApproverRole', d.approverRole, v.longString);
    if (d.approverIdentity !== undefined) national(el(dn, C, 'ApproverIdentity'), C, 'NationalApproverIdentity', d.approverIdentity);
    for (const c of d.approverContactDetails ?? []) contact(dn, c);
  }
  leaf(n, C, 'ApprovalTimestamp', a.approvalTimestamp, v.qualifiedDateTime);
  leaf(n, C, 'ApprovalIsEmergency', a.approvalIsEmergency);
  if (a.approvalDigitalSignature !== undefined) national(el(n, C, 'ApprovalDigitalSignature'), C, 'NationalDigitalSignature', a.approvalDigitalSignature);
  national(n, C, 'ApprovalNationalDetails', a.approvalNationalDetails);
}
