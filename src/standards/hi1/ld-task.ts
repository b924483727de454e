/**
 * Codec of TS 103 120 V1.11.1 §8.3 LDTaskObject (Task namespace, ts_103120_Task.xsd). Values of
 * RequestValues are kept as received (LongString): unlike TargetIdentifierValues (§8.2.6.2, checked
 * in decode-task.ts) what a disclosure request may name is the national profile's to judge
 * (§8.3.5.2 "closely coupled to national legislation"), so the Receiver checks them (for warranted:
 * src/warrants/desk/order-mapping.ts), and a wildcard is refused there with the order's own code.
 */
import { NS } from './namespaces.ts';
import { Reader, toGeneric, type XNode } from './xml-tree.ts';
import { v } from './values.ts';
import { actionUnsuccessful, approvalDetails, dictionaryEntry, endpointId, leaf as text, nationalParameters, optDict, optLeaf, put, putList, reqLeaf } from './decode-common.ts';
import { approval, dictionary, el, endpoint, generic, leaf, national, unsuccessful, type Node } from './encode-common.ts';
import type { Hi1ObjectBase } from './types.ts';
import type { LDTaskObject, RequestDetails, RequestValue } from './types-ldtask.ts';

const T = NS.task;

function requestDetails(n: XNode): RequestDetails {
  const r = new Reader(n);
  const d: RequestDetails = {};
  put(d, 'type', optDict(r, T, 'Type'));
  put(d, 'startTime', optLeaf(r, T, 'StartTime', v.qualifiedDateTime));
  put(d, 'endTime', optLeaf(r, T, 'EndTime', v.qualifiedDateTime));
  put(d, 'observedTime', optLeaf(r, T, 'ObservedTime', v.qualifiedDateTime));
  putList(d, 'observedTimes', r.many(T, 'ObservedTimes').map((x) => v.qualifiedDateTime(text(x), 'ObservedTimes')));
  const values = r.opt(T, 'RequestValues');
  if (values !== undefined) {
    const vr = new Reader(values);
    d.requestValues = vr.many(T, 'RequestValue').map((x): RequestValue => {
      const xr = new Reader(x);
      const ft = new Reader(xr.req(T, 'FormatType'));
      const formatOwner = reqLeaf(ft, T, 'FormatOwner', v.shortString);
      const formatName = reqLeaf(ft, T, 'FormatName', v.shortString);
      ft.end();
      const value = reqLeaf(xr, T, 'Value', v.longString);
      xr.end();
      return { formatOwner, formatName, value };
    });
    vr.end();
  }
  const sub = r.opt(T, 'Subtype');
  if (sub !== undefined) {
    const sr = new Reader(sub);
    d.subtypes = sr.many(T, 'RequestSubtype').map(dictionaryEntry);
    sr.end();
  }
  put(d, 'targetIdentifierSubtype', optDict(r, T, 'TargetIdentifierSubtype'));
  r.end();
  return d;
}


/** Decodes the LDTaskObject fields after the common HI1Object ones. */
export function decodeLDTask(r: Reader, b: Hi1ObjectBase): LDTaskObject {
  const o: LDTaskObject = { ...b, objectType: 'LDTask' };
  put(o, 'reference', optLeaf(r, T, 'Reference', v.ldid));
  put(o, 'status', optDict(r, T, 'Status'));
  const reason = r.opt(T, 'StatusReason');
  if (reason !== undefined) o.statusReason = actionUnsuccessful(reason);
  put(o, 'desiredStatus', optDict(r, T, 'DesiredStatus'));
  const rd = r.opt(T, 'RequestDetails');
  if (rd !== undefined) o.requestDetails = requestDetails(rd);
  const dd = r.opt(T, 'DeliveryDetails');
  if (dd !== undefined) o.deliveryDetails = toGeneric(dd);
  putList(o, 'approvalDetails', r.many(T, 'ApprovalDetails').map(approvalDetails));
  const csp = r.opt(T, 'CSPID');
  if (csp !== undefined) o.cspId = endpointId(csp);
  put(o, 'handlingProfile', optDict(r, T, 'HandlingProfile'));
  const flags = r.opt(T, 'Flags');
  if (flags !== undefined) {
    const fr = new Reader(flags);
    o.flags = fr.many(T, 'LDTaskFlag').map(dictionaryEntry);
    fr.end();
  }
  const alt = r.opt(T, 'AlternativePreservationReferences');
  if (alt !== undefined) o.alternativePreservationReferences = toGeneric(alt);
  const nat = r.opt(T, 'NationalLDTaskingParameters');
  if (nat !== undefined) o.nationalLDTaskingParameters = nationalParameters(nat, T);
  const dl = r.opt(T, 'Deadlines');
  if (dl !== undefined) o.deadlines = toGeneric(dl);
  put(o, 'manualInformation', optLeaf(r, T, 'ManualInformation', v.longString));
  return o;
}

/** Encodes the LDTaskObject fields after the common HI1Object ones (XSD sequence order). */
export function encodeLDTask(n: Node, o: LDTaskObject): void {
  leaf(n, T, 'Reference', o.reference, v.ldid);
  dictionary(n, T, 'Status', o.status);
  unsuccessful(n, T, 'StatusReason', o.statusReason);
  dictionary(n, T, 'DesiredStatus', o.desiredStatus);
  const d = o.requestDetails;
  if (d !== undefined) {
    const x = el(n, T, 'RequestDetails');
    dictionary(x, T, 'Type', d.type);
    leaf(x, T, 'StartTime', d.startTime, v.qualifiedDateTime);
    leaf(x, T, 'EndTime', d.endTime, v.qualifiedDateTime);
    leaf(x, T, 'ObservedTime', d.observedTime, v.qualifiedDateTime);
    for (const t of d.observedTimes ?? []) leaf(x, T, 'ObservedTimes', t, v.qualifiedDateTime);
    if (d.requestValues !== undefined) {
      const vs = el(x, T, 'RequestValues');
      for (const rv of d.requestValues) {
        const e = el(vs, T, 'RequestValue');
        const ft = el(e, T, 'FormatType');
        leaf(ft, T, 'FormatOwner', rv.formatOwner, v.shortString);
        leaf(ft, T, 'FormatName', rv.formatName, v.shortString);
        leaf(e, T, 'Value', rv.value, v.longString);
      }
    }
    if (d.subtypes !== undefined) {
      const s = el(x, T, 'Subtype');
      for (const e of d.subtypes) dictionary(s, T, 'RequestSubtype', e);
    }
    dictionary(x, T, 'TargetIdentifierSubtype', d.targetIdentifierSubtype);
  }
  if (o.deliveryDetails !== undefined) generic(n, o.deliveryDetails);
  for (const a of o.approvalDetails ?? []) approval(n, T, 'ApprovalDetails', a);
  endpoint(n, T, 'CSPID', o.cspId);
  dictionary(n, T, 'HandlingProfile', o.handlingProfile);
  if (o.flags !== undefined) {
    const f = el(n, T, 'Flags');
    for (const flag of o.flags) dictionary(f, T, 'LDTaskFlag', flag);
  }
  if (o.alternativePreservationReferences !== undefined) generic(n, o.alternativePreservationReferences);
  national(n, T, 'NationalLDTaskingParameters', o.nationalLDTaskingParameters);
  if (o.deadlines !== undefined) generic(n, o.deadlines);
  leaf(n, T, 'ManualInformation', o.manualInformation, v.longString);
}
