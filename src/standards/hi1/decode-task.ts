/** §8.2 LITaskObject decoder (Task namespace), including DeliveryDestination and TargetIdentifier. */
import { hi1Fail } from './errors.ts';
import { NS } from './namespaces.ts';
import { Reader, type XNode } from './xml-tree.ts';
import { v } from './values.ts';
import {
  actionUnsuccessful, approvalDetails, dictionaryEntry, endpointId, leaf, nationalParameters, optDict, optLeaf, put, putList, reqLeaf,
} from './decode-common.ts';
import { kindForFormat, targetIdentifierFromHi1 } from './target-format.ts';
import type {
  DeliveryAddress, DeliveryDestination, Hi1ObjectBase, IpAddress, LITaskObject, PolicyReference, TaskTargetIdentifier, TaskTimespan,
  TargetIdentifierValue,
} from './types.ts';

const T = NS.task;
const E = NS.etsi;

function ipAddress(n: XNode): IpAddress {
  const r = new Reader(n);
  const v4 = r.opt(E, 'IPv4Address');
  const out: IpAddress = v4 !== undefined ? { version: 4, value: v.ipv4Address(leaf(v4), 'IPv4Address') } : { version: 6, value: v.ipv6Address(leaf(r.req(E, 'IPv6Address')), 'IPv6Address') };
  r.end();
  return out;
}

function deliveryAddress(n: XNode): DeliveryAddress {
  const c = n.children[0];
  if (c === undefined || n.children.length !== 1 || c.ns !== T) hi1Fail('HI1_SCHEMA_VIOLATION', 'DeliveryAddress must hold one choice element', { line: n.line });
  const text = (conv: (s: string, w: string) => string): string => conv(leaf(c), c.name);
  switch (c.name) {
    case 'IPv4Address': return { kind: c.name, value: text(v.ipv4Address) };
    case 'IPv6Address': return { kind: c.name, value: text(v.ipv6Address) };
    case 'E164Number': return { kind: c.name, value: text(v.internationalE164) };
    case 'EmailAddress': return { kind: c.name, value: text(v.emailAddress) };
    case 'FTPAddress': case 'URL': case 'FQDN': case 'DeliveryInformationID': return { kind: c.name, value: text(v.longString) };
    case 'EndpointID': return { kind: c.name, endpoint: endpointId(c) };
    case 'IPAddressPort': case 'IPAddressPortRange': {
      const r = new Reader(c);
      const address = ipAddress(r.req(E, 'address'));
      const pn = c.name === 'IPAddressPort' ? r.req(E, 'port') : r.req(E, 'portRange');
      r.end();
      const pr = new Reader(pn);
      const tcp = pn.children[0]?.name.startsWith('TCP') === true;
      if (c.name === 'IPAddressPort') {
        const port = tcp ? reqLeaf(pr, E, 'TCPPort', v.tcpPort) : reqLeaf(pr, E, 'UDPPort', v.udpPort);
        pr.end();
        return { kind: c.name, address, port: { protocol: tcp ? 'TCP' : 'UDP', port } };
      }
      const range = pr.req(E, tcp ? 'TCPPortRange' : 'UDPPortRange');
      pr.end();
      const rr = new Reader(range);
      const conv = tcp ? v.tcpPort : v.udpPort;
      const start = reqLeaf(rr, E, 'start', conv);
      const end = reqLeaf(rr, E, 'end', conv);
      rr.end();
      return { kind: c.name, address, portRange: { protocol: tcp ? 'TCP' : 'UDP', start, end } };
    }
    default: return hi1Fail('HI1_SCHEMA_VIOLATION', `unexpected element ${c.name} in DeliveryAddress`, { line: c.line });
  }
}

function deliveryDestination(n: XNode): DeliveryDestination {
  const r = new Reader(n);
  const d: DeliveryDestination = {};
  const addr = r.opt(T, 'DeliveryAddress');
  if (addr !== undefined) d.deliveryAddress = deliveryAddress(addr);
  put(d, 'destinationReference', optLeaf(r, T, 'DestinationReference', v.uuid));
  put(d, 'encryptionReference', optLeaf(r, T, 'EncryptionReference', v.uuid));
  const enc = r.opt(T, 'EncryptionDetails');
  if (enc !== undefined) d.encryptionDetails = nationalParameters(enc, T);
  put(d, 'iriOrCC', optDict(r, T, 'IRIorCC'));
  put(d, 'handoverFormat', optDict(r, T, 'HandoverFormat'));
  put(d, 'deliveryProfile', optDict(r, T, 'DeliveryProfile'));
  const ndp = r.opt(T, 'NationalDeliveryParameters');
  if (ndp !== undefined) d.nationalDeliveryParameters = nationalParameters(ndp, T);
  r.end();
  return d;
}

function targetIdentifier(n: XNode, objectIdentifier: string): TaskTargetIdentifier {
  const r = new Reader(n);
  const t: TaskTargetIdentifier = {};
  const values = r.opt(T, 'TargetIdentifierValues');
  if (values !== undefined) {
    const vr = new Reader(values);
    t.targetIdentifierValues = vr.many(T, 'TargetIdentifierValue').map((tv): TargetIdentifierValue => {
      const tr = new Reader(tv);
      const ft = new Reader(tr.req(T, 'FormatType'));
      const formatOwner = reqLeaf(ft, T, 'FormatOwner', v.shortString);
      const formatName = reqLeaf(ft, T, 'FormatName', v.shortString);
      ft.end();
      const value = reqLeaf(tr, T, 'Value', v.longString);
      tr.end();
      const out = { formatOwner, formatName, value };
      // Refuse malformed ETSI identities (wildcards, ranges, bad check digits) at the codec boundary.
      if (kindForFormat(formatOwner, formatName) !== undefined) {
        try {
          targetIdentifierFromHi1(out);
        } catch (e) {
          if (e instanceof Error && 'details' in e && typeof e.details === 'object' && e.details !== null) {
            Object.assign(e.details, { objectIdentifier, line: tv.line });
          }
          throw e;
        }
      }
      return out;
    });
    if (t.targetIdentifierValues.length === 0) hi1Fail('HI1_SCHEMA_VIOLATION', 'TargetIdentifierValues needs at least one value', { line: values.line });
    vr.end();
  }
  put(t, 'serviceType', optDict(r, T, 'ServiceType'));
  put(t, 'targetIdentifierSubtype', optDict(r, T, 'TargetIdentifierSubtype'));
  r.end();
  return t;
}

function policyReferences(n: XNode, name: string): PolicyReference[] {
  const r = new Reader(n);
  const list = r.many(T, name).map((p) => {
    const pr = new Reader(p);
    const ref: PolicyReference = {};
    put(ref, 'order', optLeaf(pr, T, 'Order', v.positiveInteger));
    put(ref, 'objectIdentifier', optLeaf(pr, T, 'ObjectIdentifier', v.uuid));
    pr.end();
    return ref;
  });
  r.end();
  return list;
}

export function decodeLITask(r: Reader, b: Hi1ObjectBase): LITaskObject {
  const o: LITaskObject = { ...b, objectType: 'LITask' };
  put(o, 'reference', optLeaf(r, T, 'Reference', v.liid));
  put(o, 'status', optDict(r, T, 'Status'));
  put(o, 'desiredStatus', optDict(r, T, 'DesiredStatus'));
  const ts = r.opt(T, 'Timespan');
  if (ts !== undefined) {
    const tr = new Reader(ts);
    const span: TaskTimespan = {};
    for (const [key, name] of [['startTime', 'StartTime'], ['endTime', 'EndTime'], ['terminationTime', 'TerminationTime'],
      ['provisioningTime', 'ProvisioningTime'], ['deprovisioningTime', 'DeprovisioningTime']] as const) {
      put(span, key, optLeaf(tr, T, name, v.qualifiedDateTime));
    }
    tr.end();
    o.timespan = span;
  }
  const ti = r.opt(T, 'TargetIdentifier');
  if (ti !== undefined) o.targetIdentifier = targetIdentifier(ti, b.objectIdentifier);
  put(o, 'deliveryType', optDict(r, T, 'DeliveryType'));
  const dd = r.opt(T, 'DeliveryDetails');
  if (dd !== undefined) {
    const dr = new Reader(dd);
    o.deliveryDetails = dr.many(T, 'DeliveryDestination').map(deliveryDestination);
    if (o.deliveryDetails.length === 0) hi1Fail('HI1_SCHEMA_VIOLATION', 'DeliveryDetails needs at least one DeliveryDestination', { line: dd.line });
    dr.end();
  }
  putList(o, 'approvalDetails', r.many(T, 'ApprovalDetails').map(approvalDetails));
  const csp = r.opt(T, 'CSPID');
  if (csp !== undefined) o.cspId = endpointId(csp);
  put(o, 'handlingProfile', optDict(r, T, 'HandlingProfile'));
  const inv = r.opt(T, 'InvalidReason');
  if (inv !== undefined) o.invalidReason = actionUnsuccessful(inv);
  const flags = r.opt(T, 'Flags');
  if (flags !== undefined) {
    const fr = new Reader(flags);
    o.flags = fr.many(T, 'TaskFlag').map(dictionaryEntry);
    fr.end();
  }
  const nlp = r.opt(T, 'NationalLITaskingParameters');
  if (nlp !== undefined) o.nationalLITaskingParameters = nationalParameters(nlp, T);
  const tp = r.opt(T, 'ListOfTrafficPolicyReferences');
  if (tp !== undefined) o.trafficPolicyReferences = policyReferences(tp, 'TrafficPolicyReference');
  const ip = r.opt(T, 'ListOfIRIPolicyReferences');
  if (ip !== undefined) o.iriPolicyReferences = policyReferences(ip, 'IRIPolicyReference');
  return o;
}
