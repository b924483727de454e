/**
 * Encoding of the X1 structures inside messages: TaskDetails (§6.2.1.2), MediationDetails (Annex C),
 * DestinationDetails (§6.3.1.2), task/destination/NE status (§6.4). Every value is checked against its
 * XSD type first, so the encoder never writes a document the XSD rejects.
 */
import type { create } from 'xmlbuilder2';
import { ETSI_103280_NS, X1_NS } from './constants.ts';
import { X1SchemaError } from './errors.ts';
import {
  DELIVERY_TYPES, DESTINATION_DELIVERY_STATUSES, MEDIATION_DELIVERY_TYPES, NE_STATUSES, PROVISIONING_STATUSES, SERVICE_TYPES,
} from './enums.ts';
import { encodeTargetIdentifier } from './targets.ts';
import type {
  DeliveryAddress, DestinationDetails, DestinationResponseDetails, DestinationStatus, ErrorInformation, MediationDetails,
  NeStatusDetails, ServiceScopingOptions, ServiceType, TaskDetails, TaskResponseDetails, TaskStatus,
} from './types.ts';
import {
  E164, IPV4_ADDRESS, LIID, checkEmail, checkEnum, checkInteger, checkPattern, checkTimestamp, checkToken, checkUuid,
  checkXmlString, expandIpv6,
} from './values.ts';
import { encodeWarrantedExtension } from './warrant-binding.ts';

export type Builder = ReturnType<typeof create>;

export function leaf(parent: Builder, name: string, text: string, ns = X1_NS): void {
  parent.ele(ns, ns === X1_NS ? name : `etsi:${name}`).txt(text);
}
function optLeaf(parent: Builder, name: string, text: string | undefined): void {
  if (text !== undefined) leaf(parent, name, text);
}

function isArray(v: unknown, path: string): v is unknown[] {
  if (!Array.isArray(v)) throw new X1SchemaError(`${path} must be an array`, { path });
  return true;
}

/** ListOfDids: dId* then dSId*. */
export function encodeListOfDids(parent: Builder, name: string, dIds: string[], dsIds: string[] | undefined, path: string): void {
  isArray(dIds, path);
  const list = parent.ele(X1_NS, name);
  dIds.forEach((d, i) => leaf(list, 'dId', checkUuid(d, `${path}/dId[${i}]`)));
  (dsIds ?? []).forEach((d, i) => leaf(list, 'dSId', checkUuid(d, `${path}/dSId[${i}]`)));
}
function encodeUuidList(parent: Builder, listName: string, itemName: string, ids: string[], path: string): void {
  isArray(ids, path);
  const list = parent.ele(X1_NS, listName);
  ids.forEach((d, i) => leaf(list, itemName, checkUuid(d, `${path}/${itemName}[${i}]`)));
}
function encodeServiceTypes(parent: Builder, name: string, types: ServiceType[], path: string): void {
  isArray(types, path);
  if (types.length === 0) throw new X1SchemaError(`${path} needs at least one serviceType`, { path });
  const list = parent.ele(X1_NS, name);
  types.forEach((t, i) => leaf(list, 'serviceType', checkEnum(t, SERVICE_TYPES, `${path}/serviceType[${i}]`)));
}
function bool(b: boolean | undefined): string | undefined {
  return b === undefined ? undefined : b ? 'true' : 'false';
}

function encodeServiceScopingOptions(parent: Builder, all: ServiceScopingOptions[], path: string): void {
  isArray(all, path);
  const list = parent.ele(X1_NS, 'serviceScopingOptions');
  all.forEach((o, i) => {
    const p = `${path}/serviceScopingOptions[${i}]`;
    const el = list.ele(X1_NS, 'serviceScopingOptions');
    if (o.serviceType !== undefined) encodeServiceTypes(el, 'serviceType', o.serviceType, `${p}/serviceType`);
    if (o.locationType !== undefined) {
      const lt = el.ele(X1_NS, 'locationType');
      if ('doNotReport' in o.locationType) lt.ele(X1_NS, 'doNotReport');
      else {
        const l = lt.ele(X1_NS, 'listOfLocationTypes');
        for (const t of o.locationType.listOfLocationTypes) {
          const e = l.ele(X1_NS, 'locationType');
          optLeaf(e, 'beginningAndEnd', bool(t.beginningAndEnd));
          optLeaf(e, 'uponChange', bool(t.uponChange));
          optLeaf(e, 'LALS', bool(t.lals));
        }
      }
    }
    optLeaf(el, 'suspendOnOutboundInternationalRoaming', bool(o.suspendOnOutboundInternationalRoaming));
    optLeaf(el, 'reportPostDialledDigits', bool(o.reportPostDialledDigits));
  });
}

/** Annex C Table C.1. */
function encodeMediationDetails(parent: Builder, m: MediationDetails, path: string): void {
  const el = parent.ele(X1_NS, 'mediationDetails');
  leaf(el, 'LIID', checkPattern(m.liid, LIID, `${path}/LIID`, 'LIID'));
  leaf(el, 'deliveryType', checkEnum(m.deliveryType, MEDIATION_DELIVERY_TYPES, `${path}/deliveryType`));
  if (m.startTime !== undefined) leaf(el, 'StartTime', checkTimestamp(m.startTime, `${path}/StartTime`));
  if (m.endTime !== undefined) leaf(el, 'EndTime', checkTimestamp(m.endTime, `${path}/EndTime`));
  if (m.listOfDIDs !== undefined || m.listOfDSIDs !== undefined) {
    encodeListOfDids(el, 'listOfDIDs', m.listOfDIDs ?? [], m.listOfDSIDs, `${path}/listOfDIDs`);
  }
  if (m.serviceScopingOptions !== undefined) encodeServiceScopingOptions(el, m.serviceScopingOptions, `${path}/serviceScopingOptions`);
  if (m.listOfTrafficPolicyReferences !== undefined) {
    encodeUuidList(el, 'listOfTrafficPolicyReferences', 'trafficPolicyReference', m.listOfTrafficPolicyReferences, `${path}/listOfTrafficPolicyReferences`);
  }
}

/** §6.2.1.2 Table 4, in XSD sequence order. */
export function encodeTaskDetails(parent: Builder, t: TaskDetails, path: string): void {
  if (typeof t !== 'object' || t === null) throw new X1SchemaError(`${path} missing`, { path });
  const el = parent.ele(X1_NS, 'taskDetails');
  leaf(el, 'xId', checkUuid(t.xId, `${path}/xId`));
  isArray(t.targetIdentifiers, `${path}/targetIdentifiers`);
  if (t.targetIdentifiers.length === 0) throw new X1SchemaError(`${path}/targetIdentifiers needs at least one target`, { path });
  const tis = el.ele(X1_NS, 'targetIdentifiers');
  t.targetIdentifiers.forEach((ti, i) => encodeTargetIdentifier(tis, ti, `${path}/targetIdentifiers/targetIdentifier[${i}]`));
  leaf(el, 'deliveryType', checkEnum(t.deliveryType, DELIVERY_TYPES, `${path}/deliveryType`));
  encodeListOfDids(el, 'listOfDIDs', t.listOfDIDs, t.listOfDSIDs, `${path}/listOfDIDs`);
  if (t.listOfMediationDetails !== undefined) {
    isArray(t.listOfMediationDetails, `${path}/listOfMediationDetails`);
    const l = el.ele(X1_NS, 'listOfMediationDetails');
    t.listOfMediationDetails.forEach((m, i) => encodeMediationDetails(l, m, `${path}/listOfMediationDetails/mediationDetails[${i}]`));
  }
  if (t.correlationID !== undefined) leaf(el, 'correlationID', String(checkInteger(t.correlationID, `${path}/correlationID`, 0)));
  optLeaf(el, 'implicitDeactivationAllowed', bool(t.implicitDeactivationAllowed));
  if (t.productID !== undefined) leaf(el, 'productID', checkUuid(t.productID, `${path}/productID`));
  if (t.listOfServiceTypes !== undefined) encodeServiceTypes(el, 'listOfServiceTypes', t.listOfServiceTypes, `${path}/listOfServiceTypes`);
  encodeWarrantedExtension(el, t.warrantBinding, t.taskedElements, `${path}/taskDetailsExtensions`);
  if (t.listOfTrafficPolicyReferences !== undefined) {
    encodeUuidList(el, 'listOfTrafficPolicyReferences', 'trafficPolicyReference', t.listOfTrafficPolicyReferences, `${path}/listOfTrafficPolicyReferences`);
  }
}

function encodeDeliveryAddress(parent: Builder, a: DeliveryAddress, path: string): void {
  const el = parent.ele(X1_NS, 'deliveryAddress');
  switch (a.kind) {
    case 'ipAddressAndPort': {
      const ap = el.ele(X1_NS, 'ipAddressAndPort');
      const addr = ap.ele(ETSI_103280_NS, 'etsi:address');
      if (a.address.kind === 'IPv4Address') leaf(addr, 'IPv4Address', checkPattern(a.address.value, IPV4_ADDRESS, `${path}/address`, 'IPv4Address'), ETSI_103280_NS);
      else if (a.address.kind === 'IPv6Address') {
        const full = expandIpv6(a.address.value);
        if (full === undefined) throw new X1SchemaError(`${path}/address is not a valid IPv6Address`, { path });
        leaf(addr, 'IPv6Address', full, ETSI_103280_NS);
      } else throw new X1SchemaError(`${path}/address has an unknown kind`, { path });
      const port = ap.ele(ETSI_103280_NS, 'etsi:port');
      // TS 103 280: TCPPort is 2..65535 (minExclusive 1), UDPPort 0..65535.
      if (a.port.kind === 'TCPPort') leaf(port, 'TCPPort', String(checkInteger(a.port.value, `${path}/port`, 2, 65535)), ETSI_103280_NS);
      else if (a.port.kind === 'UDPPort') leaf(port, 'UDPPort', String(checkInteger(a.port.value, `${path}/port`, 0, 65535)), ETSI_103280_NS);
      else throw new X1SchemaError(`${path}/port has an unknown kind`, { path });
      return;
    }
    case 'e164Number': leaf(el, 'e164Number', checkPattern(a.value, E164, path, 'InternationalE164')); return;
    case 'uri': leaf(el, 'uri', checkToken(a.value, path, false)); return;
    case 'emailAddress': leaf(el, 'emailAddress', checkEmail(a.value, path)); return;
    default: throw new X1SchemaError(`${path} has an unknown kind`, { path });
  }
}

/** §6.3.1.2 Table 13, in XSD sequence order (friendlyName before deliveryType). */
export function encodeDestinationDetails(parent: Builder, d: DestinationDetails, path: string): void {
  if (typeof d !== 'object' || d === null) throw new X1SchemaError(`${path} missing`, { path });
  const el = parent.ele(X1_NS, 'destinationDetails');
  leaf(el, 'dId', checkUuid(d.dId, `${path}/dId`));
  if (d.friendlyName !== undefined) leaf(el, 'friendlyName', checkXmlString(d.friendlyName, `${path}/friendlyName`));
  leaf(el, 'deliveryType', checkEnum(d.deliveryType, DELIVERY_TYPES, `${path}/deliveryType`));
  encodeDeliveryAddress(el, d.deliveryAddress, `${path}/deliveryAddress`);
}

export function encodeErrorInformation(parent: Builder, name: string, e: ErrorInformation, path: string): void {
  const el = parent.ele(X1_NS, name);
  leaf(el, 'errorCode', String(checkInteger(e.errorCode, `${path}/errorCode`)));
  leaf(el, 'errorDescription', checkXmlString(e.errorDescription, `${path}/errorDescription`));
}
function encodeFaults(parent: Builder, faults: ErrorInformation[], path: string): void {
  isArray(faults, path);
  const el = parent.ele(X1_NS, 'listOfFaults');
  faults.forEach((f, i) => encodeErrorInformation(el, 'unresolvedFault', f, `${path}/unresolvedFault[${i}]`));
}

function encodeTaskStatus(parent: Builder, s: TaskStatus, path: string): void {
  const el = parent.ele(X1_NS, 'taskStatus');
  leaf(el, 'provisioningStatus', checkEnum(s.provisioningStatus, PROVISIONING_STATUSES, `${path}/provisioningStatus`));
  encodeFaults(el, s.listOfFaults, `${path}/listOfFaults`);
  if (s.timeOfLastIntercept !== undefined) leaf(el, 'timeOfLastIntercept', checkTimestamp(s.timeOfLastIntercept, `${path}/timeOfLastIntercept`));
  if (s.amountOfX2Data !== undefined) leaf(el, 'amountOfX2Data', String(checkInteger(s.amountOfX2Data, `${path}/amountOfX2Data`)));
  if (s.amountOfX3Data !== undefined) leaf(el, 'amountOfX3Data', String(checkInteger(s.amountOfX3Data, `${path}/amountOfX3Data`)));
  if (s.timeOfLastModification !== undefined) {
    leaf(el, 'timeOfLastModification', checkTimestamp(s.timeOfLastModification, `${path}/timeOfLastModification`));
  }
  if (s.numberOfModifications !== undefined) {
    leaf(el, 'numberOfModifications', String(checkInteger(s.numberOfModifications, `${path}/numberOfModifications`)));
  }
}

export function encodeTaskResponseDetails(parent: Builder, name: string, r: TaskResponseDetails, path: string): void {
  const el = parent.ele(X1_NS, name);
  encodeTaskDetails(el, r.taskDetails, `${path}/taskDetails`);
  encodeTaskStatus(el, r.taskStatus, `${path}/taskStatus`);
}

function encodeDestinationStatus(parent: Builder, s: DestinationStatus, path: string): void {
  const el = parent.ele(X1_NS, 'destinationStatus');
  leaf(el, 'destinationDeliveryStatus', checkEnum(s.destinationDeliveryStatus, DESTINATION_DELIVERY_STATUSES, `${path}/destinationDeliveryStatus`));
  encodeFaults(el, s.listOfFaults, `${path}/listOfFaults`);
}

export function encodeDestinationResponseDetails(parent: Builder, name: string, r: DestinationResponseDetails, path: string): void {
  const el = parent.ele(X1_NS, name);
  encodeDestinationDetails(el, r.destinationDetails, `${path}/destinationDetails`);
  encodeDestinationStatus(el, r.destinationStatus, `${path}/destinationStatus`);
}

export function encodeNeStatusDetails(parent: Builder, s: NeStatusDetails, path: string): void {
  const el = parent.ele(X1_NS, 'neStatusDetails');
  leaf(el, 'neStatus', checkEnum(s.neStatus, NE_STATUSES, `${path}/neStatus`));
  encodeFaults(el, s.listOfFaults, `${path}/listOfFaults`);
}
