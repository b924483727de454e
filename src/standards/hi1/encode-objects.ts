/** HI1Object encoders (field order = XSD sequence order; the decoder checks the same order). */
import { NS } from './namespaces.ts';
import { v, base64Encode } from './values.ts';
import { approval, dictionary, el, endpoint, generic, leaf, national, setXsiType, timespan, unsuccessful, type Node } from './encode-common.ts';
import { kindForFormat, targetIdentifierFromHi1 } from './target-format.ts';
import { encodeLDTask } from './ld-task.ts';
import type {
  AuthorisationObject, DeliveryAddress, DeliveryObject, DocumentObject, EmbeddedBinaryData, Hi1Object, IpAddress, LITaskObject,
  NotificationObject, PolicyReference, UrlObject, ChecksumAndType,
} from './types.ts';

const E = NS.etsi;

function authorisation(n: Node, o: AuthorisationObject): void {
  const A = NS.auth;
  leaf(n, A, 'AuthorisationReference', o.authorisationReference, v.longString);
  dictionary(n, A, 'AuthorisationLegalType', o.authorisationLegalType);
  dictionary(n, A, 'AuthorisationPriority', o.authorisationPriority);
  dictionary(n, A, 'AuthorisationStatus', o.authorisationStatus);
  dictionary(n, A, 'AuthorisationDesiredStatus', o.authorisationDesiredStatus);
  timespan(n, A, 'AuthorisationTimespan', o.authorisationTimespan);
  if (o.authorisationCSPID !== undefined) {
    const c = el(n, A, 'AuthorisationCSPID');
    for (const id of o.authorisationCSPID) endpoint(c, A, 'CSPID', id);
  }
  leaf(n, A, 'AuthorisationCreationTimestamp', o.authorisationCreationTimestamp, v.qualifiedDateTime);
  leaf(n, A, 'AuthorisationServedTimestamp', o.authorisationServedTimestamp, v.qualifiedDateTime);
  leaf(n, A, 'AuthorisationTerminationTimestamp', o.authorisationTerminationTimestamp, v.qualifiedDateTime);
  for (const a of o.authorisationApprovalDetails ?? []) approval(n, A, 'AuthorisationApprovalDetails', a);
  unsuccessful(n, A, 'AuthorisationInvalidReason', o.authorisationInvalidReason);
  if (o.authorisationFlags !== undefined) {
    const f = el(n, A, 'AuthorisationFlags');
    for (const flag of o.authorisationFlags) dictionary(f, A, 'AuthorisationFlag', flag);
  }
  leaf(n, A, 'AuthorisationManualInformation', o.authorisationManualInformation, v.longString);
  national(n, A, 'NationalAuthorisationParameters', o.nationalAuthorisationParameters);
  leaf(n, A, 'AuthorisationJurisdiction', o.authorisationJurisdiction, v.longString);
  dictionary(n, A, 'AuthorisationTypeOfCase', o.authorisationTypeOfCase);
  leaf(n, A, 'AuthorisationLegalEntity', o.authorisationLegalEntity, v.shortString);
}

function ipAddress(parent: Node, a: IpAddress): void {
  const n = el(parent, E, 'address');
  if (a.version === 4) leaf(n, E, 'IPv4Address', a.value, v.ipv4Address);
  else leaf(n, E, 'IPv6Address', a.value, v.ipv6Address);
}

function deliveryAddress(parent: Node, d: DeliveryAddress): void {
  const T = NS.task;
  const n = el(parent, T, 'DeliveryAddress');
  switch (d.kind) {
    case 'IPv4Address': return leaf(n, T, d.kind, d.value, v.ipv4Address);
    case 'IPv6Address': return leaf(n, T, d.kind, d.value, v.ipv6Address);
    case 'E164Number': return leaf(n, T, d.kind, d.value, v.internationalE164);
    case 'EmailAddress': return leaf(n, T, d.kind, d.value, v.emailAddress);
    case 'FTPAddress': case 'URL': case 'FQDN': case 'DeliveryInformationID': return leaf(n, T, d.kind, d.value, v.longString);
    case 'EndpointID': return endpoint(n, T, 'EndpointID', d.endpoint);
    case 'IPAddressPort': {
      const c = el(n, T, d.kind);
      ipAddress(c, d.address);
      leaf(el(c, E, 'port'), E, `${d.port.protocol}Port`, d.port.port, d.port.protocol === 'TCP' ? v.tcpPort : v.udpPort);
      return;
    }
    case 'IPAddressPortRange': {
      const c = el(n, T, d.kind);
      ipAddress(c, d.address);
      const r = el(el(c, E, 'portRange'), E, `${d.portRange.protocol}PortRange`);
      const check = d.portRange.protocol === 'TCP' ? v.tcpPort : v.udpPort;
      leaf(r, E, 'start', d.portRange.start, check);
      leaf(r, E, 'end', d.portRange.end, check);
    }
  }
}

function policies(parent: Node, list: string, item: string, refs: PolicyReference[] | undefined): void {
  if (refs === undefined) return;
  const T = NS.task;
  const n = el(parent, T, list);
  for (const r of refs) {
    const i = el(n, T, item);
    leaf(i, T, 'Order', r.order, v.positiveInteger);
    leaf(i, T, 'ObjectIdentifier', r.objectIdentifier, v.uuid);
  }
}

function liTask(n: Node, o: LITaskObject): void {
  const T = NS.task;
  leaf(n, T, 'Reference', o.reference, v.liid);
  dictionary(n, T, 'Status', o.status);
  dictionary(n, T, 'DesiredStatus', o.desiredStatus);
  if (o.timespan !== undefined) {
    const t = el(n, T, 'Timespan');
    leaf(t, T, 'StartTime', o.timespan.startTime, v.qualifiedDateTime);
    leaf(t, T, 'EndTime', o.timespan.endTime, v.qualifiedDateTime);
    leaf(t, T, 'TerminationTime', o.timespan.terminationTime, v.qualifiedDateTime);
    leaf(t, T, 'ProvisioningTime', o.timespan.provisioningTime, v.qualifiedDateTime);
    leaf(t, T, 'DeprovisioningTime', o.timespan.deprovisioningTime, v.qualifiedDateTime);
  }
  if (o.targetIdentifier !== undefined) {
    const t = el(n, T, 'TargetIdentifier');
    if (o.targetIdentifier.targetIdentifierValues !== undefined) {
      const vals = el(t, T, 'TargetIdentifierValues');
      for (const tv of o.targetIdentifier.targetIdentifierValues) {
        // Never send a malformed or wildcard ETSI identity (same check as on receipt).
        if (kindForFormat(tv.formatOwner, tv.formatName) !== undefined) targetIdentifierFromHi1(tv);
        const x = el(vals, T, 'TargetIdentifierValue');
        const ft = el(x, T, 'FormatType');
        leaf(ft, T, 'FormatOwner', tv.formatOwner, v.shortString);
        leaf(ft, T, 'FormatName', tv.formatName, v.shortString);
        leaf(x, T, 'Value', tv.value, v.longString);
      }
    }
    dictionary(t, T, 'ServiceType', o.targetIdentifier.serviceType);
    dictionary(t, T, 'TargetIdentifierSubtype', o.targetIdentifier.targetIdentifierSubtype);
  }
  dictionary(n, T, 'DeliveryType', o.deliveryType);
  if (o.deliveryDetails !== undefined) {
    const dd = el(n, T, 'DeliveryDetails');
    for (const d of o.deliveryDetails) {
      const x = el(dd, T, 'DeliveryDestination');
      if (d.deliveryAddress !== undefined) deliveryAddress(x, d.deliveryAddress);
      leaf(x, T, 'DestinationReference', d.destinationReference, v.uuid);
      leaf(x, T, 'EncryptionReference', d.encryptionReference, v.uuid);
      national(x, T, 'EncryptionDetails', d.encryptionDetails);
      dictionary(x, T, 'IRIorCC', d.iriOrCC);
      dictionary(x, T, 'HandoverFormat', d.handoverFormat);
      dictionary(x, T, 'DeliveryProfile', d.deliveryProfile);
      national(x, T, 'NationalDeliveryParameters', d.nationalDeliveryParameters);
    }
  }
  for (const a of o.approvalDetails ?? []) approval(n, T, 'ApprovalDetails', a);
  endpoint(n, T, 'CSPID', o.cspId);
  dictionary(n, T, 'HandlingProfile', o.handlingProfile);
  unsuccessful(n, T, 'InvalidReason', o.invalidReason);
  if (o.flags !== undefined) {
    const f = el(n, T, 'Flags');
    for (const flag of o.flags) dictionary(f, T, 'TaskFlag', flag);
  }
  national(n, T, 'NationalLITaskingParameters', o.nationalLITaskingParameters);
  policies(n, 'ListOfTrafficPolicyReferences', 'TrafficPolicyReference', o.trafficPolicyReferences);
  policies(n, 'ListOfIRIPolicyReferences', 'IRIPolicyReference', o.iriPolicyReferences);
}

function document(n: Node, o: DocumentObject): void {
  const D = NS.doc;
  leaf(n, D, 'DocumentReference', o.documentReference, v.longString);
  leaf(n, D, 'DocumentName', o.documentName, v.longString);
  dictionary(n, D, 'DocumentStatus', o.documentStatus);
  dictionary(n, D, 'DocumentDesiredStatus', o.documentDesiredStatus);
  timespan(n, D, 'DocumentTimespan', o.documentTimespan);
  dictionary(n, D, 'DocumentType', o.documentType);
  if (o.documentProperties !== undefined) {
    const ps = el(n, D, 'DocumentProperties');
    for (const p of o.documentProperties) {
      const x = el(ps, D, 'DocumentProperty');
      dictionary(x, D, 'PropertyType', p.propertyType);
      leaf(x, D, 'PropertyValue', p.propertyValue, v.longString);
    }
  }
  if (o.documentBody !== undefined) {
    const b = el(n, D, 'DocumentBody');
    leaf(b, D, 'Contents', o.documentBody.contents === undefined ? undefined : base64Encode(o.documentBody.contents));
    leaf(b, D, 'ContentType', o.documentBody.contentType, v.shortString);
    leaf(b, D, 'Checksum', o.documentBody.checksum, v.shortString);
    leaf(b, D, 'ChecksumType', o.documentBody.checksumType, v.shortString);
  }
  for (const a of o.documentSignature ?? []) approval(n, D, 'DocumentSignature', a);
  unsuccessful(n, D, 'DocumentInvalidReason', o.documentInvalidReason);
  national(n, D, 'NationalDocumentParameters', o.nationalDocumentParameters);
}

function notification(n: Node, o: NotificationObject): void {
  const N = NS.notification;
  leaf(n, N, 'NotificationDetails', o.notificationDetails, v.longString);
  dictionary(n, N, 'NotificationType', o.notificationType);
  leaf(n, N, 'NewNotification', o.newNotification);
  leaf(n, N, 'NotificationTimestamp', o.notificationTimestamp, v.qualifiedDateTime);
  if (o.statusOfAssociatedObjects !== undefined) {
    const l = el(n, N, 'StatusOfAssociatedObjects');
    for (const s of o.statusOfAssociatedObjects) {
      const x = el(l, N, 'AssociatedObjectStatus');
      leaf(x, N, 'AssociatedObject', s.associatedObject, v.uuid);
      dictionary(x, N, 'Status', s.status);
      leaf(x, N, 'Details', s.details, v.longString);
    }
  }
  national(n, N, 'NationalNotificationParameters', o.nationalNotificationParameters);
}

function checksums(n: Node, list: ChecksumAndType[] | undefined): void {
  if (list === undefined) return;
  const c = el(n, NS.delivery, 'Checksums');
  for (const x of list) {
    const e = el(c, NS.common, 'ChecksumAndType');
    leaf(e, NS.common, 'Checksum', x.checksum, v.shortString);
    leaf(e, NS.common, 'ChecksumType', x.checksumType, v.shortString);
  }
}

function binary(parent: Node, local: string, b: EmbeddedBinaryData): void {
  const X = NS.delivery;
  const n = el(parent, X, local);
  leaf(n, X, 'Data', base64Encode(b.data));
  leaf(n, X, 'ContentType', b.contentType, v.shortString);
  leaf(n, X, 'Checksum', b.checksum, v.shortString);
  leaf(n, X, 'ChecksumType', b.checksumType, v.shortString);
  checksums(n, b.checksums);
  leaf(n, X, 'OriginalFilename', b.originalFilename, v.longString);
  leaf(n, X, 'ContentLength', b.contentLength, v.nonNegativeInteger);
}

function url(parent: Node, u: UrlObject): void {
  const X = NS.delivery;
  const n = el(parent, X, 'URL');
  leaf(n, X, 'URL', u.url, v.longString);
  leaf(n, X, 'ContentLength', u.contentLength, v.nonNegativeInteger);
  leaf(n, X, 'ContentType', u.contentType, v.longString);
  leaf(n, X, 'Expiry', u.expiry, v.qualifiedMicrosecondDateTime);
  leaf(n, X, 'Checksum', u.checksum, v.shortString);
  leaf(n, X, 'OriginalFilename', u.originalFilename, v.longString);
  leaf(n, X, 'CSPDefinedIdentifier', u.cspDefinedIdentifier, v.longString);
  leaf(n, X, 'ChecksumType', u.checksumType, v.shortString);
  checksums(n, u.checksums);
}

function delivery(n: Node, o: DeliveryObject): void {
  const X = NS.delivery;
  if (o.reference !== undefined) leaf(el(n, X, 'Reference'), X, o.reference.kind, o.reference.value, o.reference.kind === 'LIID' ? v.liid : v.ldid);
  leaf(n, X, 'DeliveryID', o.deliveryId, v.uuid);
  leaf(n, X, 'SequenceNumber', o.sequenceNumber, v.nonNegativeInteger);
  leaf(n, X, 'LastSequence', o.lastSequence);
  if (o.manifest !== undefined) {
    const m = el(n, X, 'Manifest');
    if (o.manifest.kind === 'Specification') dictionary(m, X, 'Specification', o.manifest.specification);
    else {
      const s = el(m, X, 'ExternalSchema');
      leaf(s, X, 'ManifestID', o.manifest.manifestId, v.longString);
      if (o.manifest.manifestContents !== undefined) generic(el(s, X, 'ManifestContents'), o.manifest.manifestContents);
    }
  }
  if (o.delivery !== undefined) {
    const d = el(n, X, 'Delivery');
    const c = o.delivery;
    if (c.kind === 'BinaryData') binary(d, 'BinaryData', c.binaryData);
    else if (c.kind === 'URL') url(d, c.url);
    else if (c.kind === 'DataExistence') leaf(d, X, 'DataExistence', c.dataExistence);
    else {
      const x = el(d, X, c.kind);
      for (const g of c.elements) generic(x, g);
    }
  }
  dictionary(n, X, 'DeliveryStatus', o.deliveryStatus);
  dictionary(n, X, 'DeliveryDesiredStatus', o.deliveryDesiredStatus);
  if (o.encryptionDetails !== undefined) {
    const e = el(n, X, 'EncryptionDetails');
    leaf(e, X, 'EncryptionReference', o.encryptionDetails.encryptionReference, v.uuid);
    leaf(e, X, 'AdditionalInformation', o.encryptionDetails.additionalInformation, v.longString);
  }
}

const TYPES = {
  Authorisation: { namespace: NS.auth, localName: 'AuthorisationObject' },
  LITask: { namespace: NS.task, localName: 'LITaskObject' },
  LDTask: { namespace: NS.task, localName: 'LDTaskObject' },
  Document: { namespace: NS.doc, localName: 'DocumentObject' },
  Notification: { namespace: NS.notification, localName: 'NotificationObject' },
  Delivery: { namespace: NS.delivery, localName: 'DeliveryObject' },
} as const;

/** Writes <HI1Object xsi:type="…"> under `parent`. */
export function encodeHi1Object(parent: Node, o: Hi1Object): void {
  const C = NS.core;
  const n = el(parent, C, 'HI1Object');
  setXsiType(n, o.objectType === 'Other' ? o.xsiType : TYPES[o.objectType]);
  leaf(n, C, 'ObjectIdentifier', o.objectIdentifier, v.uuid);
  leaf(n, C, 'CountryCode', o.countryCode, v.countryCode);
  leaf(n, C, 'OwnerIdentifier', o.ownerIdentifier, v.shortString);
  leaf(n, C, 'Generation', o.generation, v.nonNegativeInteger);
  leaf(n, C, 'ExternalIdentifier', o.externalIdentifier, v.longString);
  if (o.associatedObjects !== undefined) {
    const a = el(n, C, 'AssociatedObjects');
    for (const id of o.associatedObjects) leaf(a, C, 'AssociatedObject', id, v.uuid);
  }
  leaf(n, C, 'LastChanged', o.lastChanged, v.qualifiedDateTime);
  national(n, C, 'NationalHandlingParameters', o.nationalHandlingParameters);
  switch (o.objectType) {
    case 'Authorisation': return authorisation(n, o);
    case 'LITask': return liTask(n, o);
    case 'LDTask': return encodeLDTask(n, o);
    case 'Document': return document(n, o);
    case 'Notification': return notification(n, o);
    case 'Delivery': return delivery(n, o);
    case 'Other': for (const g of o.elements) generic(n, g);
  }
}
