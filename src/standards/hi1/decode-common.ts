/** Decoders for the shared HI-1 structures (Core EndpointID, Common DictionaryEntry, Annex E ApprovalDetails…). */
import { hi1Fail } from './errors.ts';
import { NS } from './namespaces.ts';
import { Reader, toGeneric, type XNode } from './xml-tree.ts';
import { v } from './values.ts';
import type {
  ActionUnsuccessfulInformation, ApprovalDetails, ApproverContactDetails, ApproverDetails, DictionaryEntry, EndpointId,
  NationalParameters, Timespan,
} from './types.ts';

/** Text content of an element that must not have child elements. */
export function leaf(n: XNode): string {
  if (n.children.length > 0) hi1Fail('HI1_SCHEMA_VIOLATION', `element ${n.name} must contain text only`, { line: n.line, element: n.name });
  return n.text;
}

type Conv<T> = (s: string, where: string) => T;

/** Reads an optional leaf element and converts it. */
export function optLeaf<T>(r: Reader, ns: string, name: string, conv: Conv<T>): T | undefined {
  const n = r.opt(ns, name);
  return n === undefined ? undefined : conv(leaf(n), name);
}

export function reqLeaf<T>(r: Reader, ns: string, name: string, conv: Conv<T>): T {
  return conv(leaf(r.req(ns, name)), name);
}

/** Assigns only defined values, so decoded objects have no `undefined`-valued keys (deepEqual round trips). */
export function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

export function putList<T extends object, K extends keyof T>(target: T, key: K, value: T[K] & unknown[]): void {
  if (value.length > 0) target[key] = value;
}

export function dictionaryEntry(n: XNode): DictionaryEntry {
  const r = new Reader(n);
  const e = {
    owner: reqLeaf(r, NS.common, 'Owner', v.shortString),
    name: reqLeaf(r, NS.common, 'Name', v.shortString),
    value: reqLeaf(r, NS.common, 'Value', v.shortString),
  };
  r.end();
  return e;
}

export function optDict(r: Reader, ns: string, name: string): DictionaryEntry | undefined {
  const n = r.opt(ns, name);
  return n === undefined ? undefined : dictionaryEntry(n);
}

/** Core EndpointID: its children are always in the Core namespace. */
export function endpointId(n: XNode): EndpointId {
  const r = new Reader(n);
  const e = { countryCode: reqLeaf(r, NS.core, 'CountryCode', v.countryCode), uniqueIdentifier: reqLeaf(r, NS.core, 'UniqueIdentifier', v.longString) };
  r.end();
  return e;
}

/** A timespan whose StartTime/EndTime children live in namespace `ns` (Common, Authorisation, Document). */
export function timespan(n: XNode, ns: string): Timespan {
  const r = new Reader(n);
  const t: Timespan = {};
  put(t, 'startTime', optLeaf(r, ns, 'StartTime', v.qualifiedDateTime));
  put(t, 'endTime', optLeaf(r, ns, 'EndTime', v.qualifiedDateTime));
  r.end();
  return t;
}

export function actionUnsuccessful(n: XNode): ActionUnsuccessfulInformation {
  const r = new Reader(n);
  const e = { errorCode: reqLeaf(r, NS.core, 'ErrorCode', v.nonNegativeInteger), errorDescription: reqLeaf(r, NS.core, 'ErrorDescription', v.longString) };
  r.end();
  return e;
}

/**
 * An abstract "National…" structure: xsi:type required (the type is abstract), CountryCode in the
 * namespace `baseNs` of the schema declaring the abstract type, then the extension's own elements.
 */
export function nationalParameters(n: XNode, baseNs: string): NationalParameters {
  if (n.xsiTypeUnresolved === true) hi1Fail('HI1_UNKNOWN_OBJECT_TYPE', `xsi:type prefix of ${n.name} is not declared`, { line: n.line });
  if (n.xsiType === undefined) hi1Fail('HI1_SCHEMA_VIOLATION', `${n.name} is abstract and needs an xsi:type`, { line: n.line });
  const r = new Reader(n);
  const countryCode = reqLeaf(r, baseNs, 'CountryCode', v.countryCode);
  return { xsiType: n.xsiType, countryCode, elements: r.rest().map(toGeneric) };
}

function approverContactDetails(n: XNode): ApproverContactDetails {
  const r = new Reader(n);
  const c: ApproverContactDetails = {};
  const C = NS.common;
  put(c, 'name', optLeaf(r, C, 'Name', v.longString));
  put(c, 'role', optLeaf(r, C, 'Role', v.longString));
  put(c, 'emailAddress', optLeaf(r, C, 'EmailAddress', v.internationalizedEmail));
  put(c, 'phoneNumber', optLeaf(r, C, 'PhoneNumber', v.internationalE164));
  put(c, 'faxNumber', optLeaf(r, C, 'FaxNumber', v.internationalE164));
  put(c, 'address', optLeaf(r, C, 'Address', v.longString));
  putList(c, 'languages', r.many(C, 'Languages').map((l) => {
    const lr = new Reader(l);
    const code = reqLeaf(lr, C, 'ISO639Set1LanguageIdentifier', v.language);
    lr.end();
    return code;
  }));
  put(c, 'approverAlternateName', optLeaf(r, C, 'ApproverAlternateName', v.longString));
  put(c, 'approverEmailAddress', optLeaf(r, C, 'ApproverEmailAddress', v.internationalizedEmail));
  put(c, 'approverPhoneNumber', optLeaf(r, C, 'ApproverPhoneNumber', v.internationalE164));
  r.end();
  return c;
}

function approverDetails(n: XNode): ApproverDetails {
  const r = new Reader(n);
  const C = NS.common;
  const d: ApproverDetails = {};
  put(d, 'approverName', optLeaf(r, C, 'ApproverName', v.longString));
  put(d, 'approverRole', optLeaf(r, C, 'ApproverRole', v.longString));
  const id = r.opt(C, 'ApproverIdentity');
  if (id !== undefined) {
    const ir = new Reader(id);
    d.approverIdentity = nationalParameters(ir.req(C, 'NationalApproverIdentity'), C);
    ir.end();
  }
  putList(d, 'approverContactDetails', r.many(C, 'ApproverContactDetails').map(approverContactDetails));
  r.end();
  return d;
}

/** Annex E ApprovalDetails (Common namespace). */
export function approvalDetails(n: XNode): ApprovalDetails {
  const r = new Reader(n);
  const C = NS.common;
  const a: ApprovalDetails = {};
  put(a, 'approvalType', optLeaf(r, C, 'ApprovalType', v.longString));
  put(a, 'approvalDescription', optLeaf(r, C, 'ApprovalDescription', v.longString));
  put(a, 'approvalReference', optLeaf(r, C, 'ApprovalReference', v.longString));
  const ad = r.opt(C, 'ApproverDetails');
  if (ad !== undefined) a.approverDetails = approverDetails(ad);
  put(a, 'approvalTimestamp', optLeaf(r, C, 'ApprovalTimestamp', v.qualifiedDateTime));
  put(a, 'approvalIsEmergency', optLeaf(r, C, 'ApprovalIsEmergency', v.boolean));
  const sig = r.opt(C, 'ApprovalDigitalSignature');
  if (sig !== undefined) {
    const sr = new Reader(sig);
    const nds = sr.req(C, 'NationalDigitalSignature');
    sr.end();
    a.approvalDigitalSignature = { ...nationalParameters(nds, C), received: nds.bytes };
  }
  const nat = r.opt(C, 'ApprovalNationalDetails');
  if (nat !== undefined) a.approvalNationalDetails = nationalParameters(nat, C);
  r.end();
  return a;
}
