/**
 * Decoding of the X1 structures inside messages (mirror of encode-details.ts): TaskDetails (§6.2.1.2),
 * MediationDetails (Annex C), DestinationDetails (§6.3.1.2), status structures (§6.4). Strict XSD
 * sequence order; values checked against their XSD types (after XSD white-space handling).
 */
import type { XmlElement } from 'libxml2-wasm';
import { ETSI_103280_NS } from './constants.ts';
import { X1SchemaError } from './errors.ts';
import type { X1ErrorDetails } from './errors.ts';
import {
  DELIVERY_TYPES, DESTINATION_DELIVERY_STATUSES, MEDIATION_DELIVERY_TYPES, NE_STATUSES, PROVISIONING_STATUSES, SERVICE_TYPES,
} from './enums.ts';
import { decodeTargetIdentifier } from './targets.ts';
import type {
  DeliveryAddress, DestinationDetails, DestinationResponseDetails, ErrorInformation, LocationType, MediationDetails,
  NeStatusDetails, ServiceScopingOptions, ServiceType, TaskDetails, TaskResponseDetails, TaskStatus,
} from './types.ts';
import {
  E164, IPV4_ADDRESS, IPV6_ADDRESS, LIID, checkEmail, checkEnum, checkPattern, checkTimestamp, checkUuid, checkXmlString,
  collapse, parseBoolean, parseInteger,
} from './values.ts';
import { decodeTaskDetailsExtensions } from './warrant-binding.ts';
import { SequenceReader, textOf } from './xml-reader.ts';

/** Decoding context: the element path so far and the error details (message index, request type). */
export interface Ctx {
  path: string;
  details: X1ErrorDetails;
}
export function child(ctx: Ctx, name: string): Ctx {
  return { path: `${ctx.path}/${name}`, details: ctx.details };
}
export function seqOf(el: XmlElement, ctx: Ctx): SequenceReader {
  return new SequenceReader(el, ctx.path, ctx.details);
}

/** Collapsed text (xs:token, numbers, booleans, dateTime, enumerations of those). */
export function tok(el: XmlElement, ctx: Ctx): string {
  return collapse(textOf(el, ctx.path, ctx.details));
}
/** Raw text (xs:string: white space preserved). */
export function str(el: XmlElement, ctx: Ctx): string {
  return checkXmlString(textOf(el, ctx.path, ctx.details), ctx.path);
}
/** xs:string enumerations: white space is significant, so the text must match exactly. */
export function strEnum<T extends string>(el: XmlElement, allowed: readonly T[], ctx: Ctx): T {
  return checkEnum(textOf(el, ctx.path, ctx.details), allowed, ctx.path);
}
export function uuid(el: XmlElement, ctx: Ctx): string {
  return checkUuid(tok(el, ctx), ctx.path);
}
export function int(el: XmlElement, ctx: Ctx, min?: number, max?: number): number {
  return parseInteger(tok(el, ctx), ctx.path, min, max);
}
export function timestamp(el: XmlElement, ctx: Ctx): string {
  return checkTimestamp(tok(el, ctx), ctx.path);
}
function bool(el: XmlElement | undefined, ctx: Ctx): boolean | undefined {
  return el === undefined ? undefined : parseBoolean(tok(el, ctx), ctx.path);
}

/** ListOfDids: dId* then dSId*. */
export function decodeListOfDids(el: XmlElement, ctx: Ctx): { dIds: string[]; dsIds: string[] } {
  const seq = seqOf(el, ctx);
  const dIds = seq.many('dId').map((d, i) => uuid(d, child(ctx, `dId[${i}]`)));
  const dsIds = seq.many('dSId').map((d, i) => uuid(d, child(ctx, `dSId[${i}]`)));
  seq.end();
  return { dIds, dsIds };
}
export function decodeUuidList(el: XmlElement, itemName: string, ctx: Ctx): string[] {
  const seq = seqOf(el, ctx);
  const ids = seq.many(itemName).map((d, i) => uuid(d, child(ctx, `${itemName}[${i}]`)));
  seq.end();
  return ids;
}
function decodeServiceTypes(el: XmlElement, ctx: Ctx): ServiceType[] {
  const seq = seqOf(el, ctx);
  const types = seq.many('serviceType', undefined, 1).map((t, i) => strEnum(t, SERVICE_TYPES, child(ctx, `serviceType[${i}]`)));
  seq.end();
  return types;
}

function decodeLocationType(el: XmlElement, ctx: Ctx): LocationType {
  const seq = seqOf(el, ctx);
  const beginningAndEnd = bool(seq.opt('beginningAndEnd'), child(ctx, 'beginningAndEnd'));
  const uponChange = bool(seq.opt('uponChange'), child(ctx, 'uponChange'));
  const lals = bool(seq.opt('LALS'), child(ctx, 'LALS'));
  seq.end();
  return {
    ...(beginningAndEnd !== undefined && { beginningAndEnd }),
    ...(uponChange !== undefined && { uponChange }),
    ...(lals !== undefined && { lals }),
  };
}

function decodeServiceScopingOptions(el: XmlElement, ctx: Ctx): ServiceScopingOptions {
  const seq = seqOf(el, ctx);
  const st = seq.opt('serviceType');
  const lt = seq.opt('locationType');
  const roaming = bool(seq.opt('suspendOnOutboundInternationalRoaming'), child(ctx, 'suspendOnOutboundInternationalRoaming'));
  const pdd = bool(seq.opt('reportPostDialledDigits'), child(ctx, 'reportPostDialledDigits'));
  seq.end();
  const out: ServiceScopingOptions = {};
  if (st !== undefined) out.serviceType = decodeServiceTypes(st, child(ctx, 'serviceType'));
  if (lt !== undefined) {
    const lctx = child(ctx, 'locationType');
    const ls = seqOf(lt, lctx);
    const dnr = ls.opt('doNotReport');
    if (dnr !== undefined) {
      // XSD: doNotReport is xs:string fixed="" (an empty element).
      if (textOf(dnr, `${lctx.path}/doNotReport`, ctx.details) !== '') throw new X1SchemaError(`${lctx.path}/doNotReport must be empty`, ctx.details);
      ls.end();
      out.locationType = { doNotReport: true };
    } else {
      const lolt = ls.take('listOfLocationTypes');
      ls.end();
      const c = child(lctx, 'listOfLocationTypes');
      const lseq = seqOf(lolt, c);
      const list = lseq.many('locationType').map((x, i) => decodeLocationType(x, child(c, `locationType[${i}]`)));
      lseq.end();
      out.locationType = { listOfLocationTypes: list };
    }
  }
  if (roaming !== undefined) out.suspendOnOutboundInternationalRoaming = roaming;
  if (pdd !== undefined) out.reportPostDialledDigits = pdd;
  return out;
}

function decodeMediationDetails(el: XmlElement, ctx: Ctx): MediationDetails {
  const seq = seqOf(el, ctx);
  // LIID is xs:normalizedString whose pattern excludes spaces: read exactly.
  const liid = checkPattern(textOf(seq.take('LIID'), `${ctx.path}/LIID`, ctx.details), LIID, `${ctx.path}/LIID`, 'LIID');
  const deliveryType = strEnum(seq.take('deliveryType'), MEDIATION_DELIVERY_TYPES, child(ctx, 'deliveryType'));
  const start = seq.opt('StartTime');
  const end = seq.opt('EndTime');
  const dids = seq.opt('listOfDIDs');
  // mediationDetailsExtensions: other owners' extensions, not interpreted (Annex B).
  seq.many('mediationDetailsExtensions').forEach((x, i) => seqOf(x, child(ctx, `mediationDetailsExtensions[${i}]`)).take('Owner'));
  const sso = seq.opt('serviceScopingOptions');
  const tpr = seq.opt('listOfTrafficPolicyReferences');
  seq.end();
  const m: MediationDetails = { liid, deliveryType };
  if (start !== undefined) m.startTime = timestamp(start, child(ctx, 'StartTime'));
  if (end !== undefined) m.endTime = timestamp(end, child(ctx, 'EndTime'));
  if (dids !== undefined) {
    const { dIds, dsIds } = decodeListOfDids(dids, child(ctx, 'listOfDIDs'));
    m.listOfDIDs = dIds;
    if (dsIds.length > 0) m.listOfDSIDs = dsIds;
  }
  if (sso !== undefined) {
    const c = child(ctx, 'serviceScopingOptions');
    const s = seqOf(sso, c);
    m.serviceScopingOptions = s.many('serviceScopingOptions').map((x, i) => decodeServiceScopingOptions(x, child(c, `serviceScopingOptions[${i}]`)));
    s.end();
  }
  if (tpr !== undefined) m.listOfTrafficPolicyReferences = decodeUuidList(tpr, 'trafficPolicyReference', child(ctx, 'listOfTrafficPolicyReferences'));
  return m;
}

/** §6.2.1.2 Table 4. */
export function decodeTaskDetails(el: XmlElement, ctx: Ctx): TaskDetails {
  const seq = seqOf(el, ctx);
  const xId = uuid(seq.take('xId'), child(ctx, 'xId'));
  const tictx = child(ctx, 'targetIdentifiers');
  const tis = seqOf(seq.take('targetIdentifiers'), tictx);
  const targetIdentifiers = tis
    .many('targetIdentifier', undefined, 1)
    .map((t, i) => decodeTargetIdentifier(t, `${tictx.path}/targetIdentifier[${i}]`, ctx.details));
  tis.end();
  const deliveryType = strEnum(seq.take('deliveryType'), DELIVERY_TYPES, child(ctx, 'deliveryType'));
  const { dIds, dsIds } = decodeListOfDids(seq.take('listOfDIDs'), child(ctx, 'listOfDIDs'));
  const lomd = seq.opt('listOfMediationDetails');
  const corr = seq.opt('correlationID');
  const ida = seq.opt('implicitDeactivationAllowed');
  const product = seq.opt('productID');
  const services = seq.opt('listOfServiceTypes');
  const exts = seq.many('taskDetailsExtensions');
  const tpr = seq.opt('listOfTrafficPolicyReferences');
  seq.end();
  const t: TaskDetails = { xId, targetIdentifiers, deliveryType, listOfDIDs: dIds };
  if (dsIds.length > 0) t.listOfDSIDs = dsIds;
  if (lomd !== undefined) {
    const c = child(ctx, 'listOfMediationDetails');
    const s = seqOf(lomd, c);
    t.listOfMediationDetails = s.many('mediationDetails').map((m, i) => decodeMediationDetails(m, child(c, `mediationDetails[${i}]`)));
    s.end();
  }
  if (corr !== undefined) t.correlationID = int(corr, child(ctx, 'correlationID'), 0);
  const idaValue = bool(ida, child(ctx, 'implicitDeactivationAllowed'));
  if (idaValue !== undefined) t.implicitDeactivationAllowed = idaValue;
  if (product !== undefined) t.productID = uuid(product, child(ctx, 'productID'));
  if (services !== undefined) t.listOfServiceTypes = decodeServiceTypes(services, child(ctx, 'listOfServiceTypes'));
  const { warrantBinding, taskedElements } = decodeTaskDetailsExtensions(exts, ctx.path, ctx.details);
  if (warrantBinding !== undefined) t.warrantBinding = warrantBinding;
  if (taskedElements !== undefined) t.taskedElements = taskedElements;
  if (tpr !== undefined) t.listOfTrafficPolicyReferences = decodeUuidList(tpr, 'trafficPolicyReference', child(ctx, 'listOfTrafficPolicyReferences'));
  return t;
}

function decodeDeliveryAddress(el: XmlElement, ctx: Ctx): DeliveryAddress {
  const seq = seqOf(el, ctx);
  const ap = seq.opt('ipAddressAndPort');
  const e164 = ap === undefined ? seq.opt('e164Number') : undefined;
  const uri = ap === undefined && e164 === undefined ? seq.opt('uri') : undefined;
  const email = ap === undefined && e164 === undefined && uri === undefined ? seq.take('emailAddress') : undefined;
  seq.end();
  if (e164 !== undefined) return { kind: 'e164Number', value: checkPattern(tok(e164, child(ctx, 'e164Number')), E164, ctx.path, 'InternationalE164') };
  if (uri !== undefined) {
    const v = tok(uri, child(ctx, 'uri'));
    if (v === '') throw new X1SchemaError(`${ctx.path}/uri is empty`, ctx.details);
    return { kind: 'uri', value: v };
  }
  if (email !== undefined) return { kind: 'emailAddress', value: checkEmail(tok(email, child(ctx, 'emailAddress')), ctx.path) };
  const c = child(ctx, 'ipAddressAndPort');
  const s = seqOf(ap!, c);
  const addrEl = s.take('address', ETSI_103280_NS);
  const portEl = s.take('port', ETSI_103280_NS);
  s.end();
  const ac = child(c, 'address');
  const as = seqOf(addrEl, ac);
  const v4 = as.opt('IPv4Address', ETSI_103280_NS);
  const v6 = v4 === undefined ? as.take('IPv6Address', ETSI_103280_NS) : undefined;
  as.end();
  const address = v4 !== undefined
    ? { kind: 'IPv4Address' as const, value: checkPattern(tok(v4, ac), IPV4_ADDRESS, ac.path, 'IPv4Address') }
    : { kind: 'IPv6Address' as const, value: checkPattern(tok(v6!, ac), IPV6_ADDRESS, ac.path, 'IPv6Address') };
  const pc = child(c, 'port');
  const ps = seqOf(portEl, pc);
  const tcp = ps.opt('TCPPort', ETSI_103280_NS);
  const udp = tcp === undefined ? ps.take('UDPPort', ETSI_103280_NS) : undefined;
  ps.end();
  const port = tcp !== undefined
    ? { kind: 'TCPPort' as const, value: int(tcp, pc, 2, 65535) }
    : { kind: 'UDPPort' as const, value: int(udp!, pc, 0, 65535) };
  return { kind: 'ipAddressAndPort', address, port };
}

/** §6.3.1.2. */
export function decodeDestinationDetails(el: XmlElement, ctx: Ctx): DestinationDetails {
  const seq = seqOf(el, ctx);
  const dId = uuid(seq.take('dId'), child(ctx, 'dId'));
  const fn = seq.opt('friendlyName');
  const deliveryType = strEnum(seq.take('deliveryType'), DELIVERY_TYPES, child(ctx, 'deliveryType'));
  const deliveryAddress = decodeDeliveryAddress(seq.take('deliveryAddress'), child(ctx, 'deliveryAddress'));
  seq.many('destinationDetailsExtensions').forEach((x, i) => seqOf(x, child(ctx, `destinationDetailsExtensions[${i}]`)).take('Owner'));
  seq.end();
  const d: DestinationDetails = { dId, deliveryType, deliveryAddress };
  if (fn !== undefined) d.friendlyName = str(fn, child(ctx, 'friendlyName'));
  return d;
}

export function decodeErrorInformation(el: XmlElement, ctx: Ctx): ErrorInformation {
  const seq = seqOf(el, ctx);
  const errorCode = int(seq.take('errorCode'), child(ctx, 'errorCode'));
  const errorDescription = str(seq.take('errorDescription'), child(ctx, 'errorDescription'));
  seq.end();
  return { errorCode, errorDescription };
}
function decodeFaults(el: XmlElement, ctx: Ctx): ErrorInformation[] {
  const seq = seqOf(el, ctx);
  const faults = seq.many('unresolvedFault').map((f, i) => decodeErrorInformation(f, child(ctx, `unresolvedFault[${i}]`)));
  seq.end();
  return faults;
}

function decodeTaskStatus(el: XmlElement, ctx: Ctx): TaskStatus {
  const seq = seqOf(el, ctx);
  const s: TaskStatus = {
    provisioningStatus: strEnum(seq.take('provisioningStatus'), PROVISIONING_STATUSES, child(ctx, 'provisioningStatus')),
    listOfFaults: decodeFaults(seq.take('listOfFaults'), child(ctx, 'listOfFaults')),
  };
  const tli = seq.opt('timeOfLastIntercept');
  const x2 = seq.opt('amountOfX2Data');
  const x3 = seq.opt('amountOfX3Data');
  const tlm = seq.opt('timeOfLastModification');
  const nom = seq.opt('numberOfModifications');
  seq.many('taskStatusExtensions').forEach((x, i) => seqOf(x, child(ctx, `taskStatusExtensions[${i}]`)).take('Owner'));
  seq.end();
  if (tli !== undefined) s.timeOfLastIntercept = timestamp(tli, child(ctx, 'timeOfLastIntercept'));
  if (x2 !== undefined) s.amountOfX2Data = int(x2, child(ctx, 'amountOfX2Data'));
  if (x3 !== undefined) s.amountOfX3Data = int(x3, child(ctx, 'amountOfX3Data'));
  if (tlm !== undefined) s.timeOfLastModification = timestamp(tlm, child(ctx, 'timeOfLastModification'));
  if (nom !== undefined) s.numberOfModifications = int(nom, child(ctx, 'numberOfModifications'));
  return s;
}

export function decodeTaskResponseDetails(el: XmlElement, ctx: Ctx): TaskResponseDetails {
  const seq = seqOf(el, ctx);
  const taskDetails = decodeTaskDetails(seq.take('taskDetails'), child(ctx, 'taskDetails'));
  const taskStatus = decodeTaskStatus(seq.take('taskStatus'), child(ctx, 'taskStatus'));
  seq.end();
  return { taskDetails, taskStatus };
}

export function decodeDestinationResponseDetails(el: XmlElement, ctx: Ctx): DestinationResponseDetails {
  const seq = seqOf(el, ctx);
  const destinationDetails = decodeDestinationDetails(seq.take('destinationDetails'), child(ctx, 'destinationDetails'));
  const sc = child(ctx, 'destinationStatus');
  const s = seqOf(seq.take('destinationStatus'), sc);
  seq.end();
  const destinationDeliveryStatus = strEnum(s.take('destinationDeliveryStatus'), DESTINATION_DELIVERY_STATUSES, child(sc, 'destinationDeliveryStatus'));
  const listOfFaults = decodeFaults(s.take('listOfFaults'), child(sc, 'listOfFaults'));
  s.end();
  return { destinationDetails, destinationStatus: { destinationDeliveryStatus, listOfFaults } };
}

export function decodeNeStatusDetails(el: XmlElement, ctx: Ctx): NeStatusDetails {
  const seq = seqOf(el, ctx);
  const neStatus = strEnum(seq.take('neStatus'), NE_STATUSES, child(ctx, 'neStatus'));
  const listOfFaults = decodeFaults(seq.take('listOfFaults'), child(ctx, 'listOfFaults'));
  seq.end();
  return { neStatus, listOfFaults };
}
