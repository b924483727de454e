/** Decoders for HI1Object types: §7.2 Authorisation, §8.2 LITask, §8.3 LDTask, §7.3 Document, §7.4 Notification, §10 Delivery, others kept generic. */
import { hi1Fail } from './errors.ts';
import { NS } from './namespaces.ts';
import { Reader, toGeneric, type XNode } from './xml-tree.ts';
import { v } from './values.ts';
import {
  actionUnsuccessful, approvalDetails, dictionaryEntry, endpointId, leaf, nationalParameters, optDict, optLeaf, put, putList, reqLeaf, timespan,
} from './decode-common.ts';
import { decodeLITask } from './decode-task.ts';
import { decodeLDTask } from './ld-task.ts';
import type {
  AuthorisationObject, ChecksumAndType, DeliveryContent, DeliveryObject, DocumentObject, EmbeddedBinaryData, Hi1Object, Hi1ObjectBase,
  Manifest, NotificationObject, UrlObject,
} from './types.ts';

function base(r: Reader, n: XNode): Hi1ObjectBase {
  const C = NS.core;
  const b: Hi1ObjectBase = { objectIdentifier: reqLeaf(r, C, 'ObjectIdentifier', v.uuid) };
  put(b, 'countryCode', optLeaf(r, C, 'CountryCode', v.countryCode));
  put(b, 'ownerIdentifier', optLeaf(r, C, 'OwnerIdentifier', v.shortString));
  put(b, 'generation', optLeaf(r, C, 'Generation', v.nonNegativeInteger));
  put(b, 'externalIdentifier', optLeaf(r, C, 'ExternalIdentifier', v.longString));
  const assoc = r.opt(C, 'AssociatedObjects');
  if (assoc !== undefined) {
    const ar = new Reader(assoc);
    b.associatedObjects = ar.many(C, 'AssociatedObject').map((a) => v.uuid(leaf(a), 'AssociatedObject'));
    ar.end();
  }
  put(b, 'lastChanged', optLeaf(r, C, 'LastChanged', v.qualifiedDateTime));
  const nhp = r.opt(C, 'NationalHandlingParameters');
  if (nhp !== undefined) b.nationalHandlingParameters = nationalParameters(nhp, C);
  b.received = n.bytes;
  return b;
}

function authorisation(r: Reader, b: Hi1ObjectBase): AuthorisationObject {
  const A = NS.auth;
  const o: AuthorisationObject = { ...b, objectType: 'Authorisation' };
  put(o, 'authorisationReference', optLeaf(r, A, 'AuthorisationReference', v.longString));
  put(o, 'authorisationLegalType', optDict(r, A, 'AuthorisationLegalType'));
  put(o, 'authorisationPriority', optDict(r, A, 'AuthorisationPriority'));
  put(o, 'authorisationStatus', optDict(r, A, 'AuthorisationStatus'));
  put(o, 'authorisationDesiredStatus', optDict(r, A, 'AuthorisationDesiredStatus'));
  const ts = r.opt(A, 'AuthorisationTimespan');
  if (ts !== undefined) o.authorisationTimespan = timespan(ts, A);
  const csp = r.opt(A, 'AuthorisationCSPID');
  if (csp !== undefined) {
    const cr = new Reader(csp);
    o.authorisationCSPID = cr.many(A, 'CSPID').map(endpointId);
    if (o.authorisationCSPID.length === 0) hi1Fail('HI1_SCHEMA_VIOLATION', 'AuthorisationCSPID needs at least one CSPID', { line: csp.line });
    cr.end();
  }
  put(o, 'authorisationCreationTimestamp', optLeaf(r, A, 'AuthorisationCreationTimestamp', v.qualifiedDateTime));
  put(o, 'authorisationServedTimestamp', optLeaf(r, A, 'AuthorisationServedTimestamp', v.qualifiedDateTime));
  put(o, 'authorisationTerminationTimestamp', optLeaf(r, A, 'AuthorisationTerminationTimestamp', v.qualifiedDateTime));
  putList(o, 'authorisationApprovalDetails', r.many(A, 'AuthorisationApprovalDetails').map(approvalDetails));
  const inv = r.opt(A, 'AuthorisationInvalidReason');
  if (inv !== undefined) o.authorisationInvalidReason = actionUnsuccessful(inv);
  const flags = r.opt(A, 'AuthorisationFlags');
  if (flags !== undefined) {
    const fr = new Reader(flags);
    o.authorisationFlags = fr.many(A, 'AuthorisationFlag').map(dictionaryEntry);
    fr.end();
  }
  put(o, 'authorisationManualInformation', optLeaf(r, A, 'AuthorisationManualInformation', v.longString));
  const nap = r.opt(A, 'NationalAuthorisationParameters');
  if (nap !== undefined) o.nationalAuthorisationParameters = nationalParameters(nap, A);
  put(o, 'authorisationJurisdiction', optLeaf(r, A, 'AuthorisationJurisdiction', v.longString));
  put(o, 'authorisationTypeOfCase', optDict(r, A, 'AuthorisationTypeOfCase'));
  put(o, 'authorisationLegalEntity', optLeaf(r, A, 'AuthorisationLegalEntity', v.shortString));
  return o;
}

function document(r: Reader, b: Hi1ObjectBase): DocumentObject {
  const D = NS.doc;
  const o: DocumentObject = { ...b, objectType: 'Document' };
  put(o, 'documentReference', optLeaf(r, D, 'DocumentReference', v.longString));
  put(o, 'documentName', optLeaf(r, D, 'DocumentName', v.longString));
  put(o, 'documentStatus', optDict(r, D, 'DocumentStatus'));
  put(o, 'documentDesiredStatus', optDict(r, D, 'DocumentDesiredStatus'));
  const ts = r.opt(D, 'DocumentTimespan');
  if (ts !== undefined) o.documentTimespan = timespan(ts, D);
  put(o, 'documentType', optDict(r, D, 'DocumentType'));
  const props = r.opt(D, 'DocumentProperties');
  if (props !== undefined) {
    const pr = new Reader(props);
    o.documentProperties = pr.many(D, 'DocumentProperty').map((p) => {
      const r2 = new Reader(p);
      const prop = { propertyType: dictionaryEntry(r2.req(D, 'PropertyType')), propertyValue: reqLeaf(r2, D, 'PropertyValue', v.longString) };
      r2.end();
      return prop;
    });
    pr.end();
  }
  const body = r.opt(D, 'DocumentBody');
  if (body !== undefined) {
    const br = new Reader(body);
    o.documentBody = {};
    put(o.documentBody, 'contents', optLeaf(br, D, 'Contents', v.base64));
    put(o.documentBody, 'contentType', optLeaf(br, D, 'ContentType', v.shortString));
    put(o.documentBody, 'checksum', optLeaf(br, D, 'Checksum', v.shortString));
    put(o.documentBody, 'checksumType', optLeaf(br, D, 'ChecksumType', v.shortString));
    br.end();
  }
  putList(o, 'documentSignature', r.many(D, 'DocumentSignature').map(approvalDetails));
  const inv = r.opt(D, 'DocumentInvalidReason');
  if (inv !== undefined) o.documentInvalidReason = actionUnsuccessful(inv);
  const ndp = r.opt(D, 'NationalDocumentParameters');
  if (ndp !== undefined) o.nationalDocumentParameters = nationalParameters(ndp, D);
  return o;
}

function notification(r: Reader, b: Hi1ObjectBase): NotificationObject {
  const N = NS.notification;
  const o: NotificationObject = { ...b, objectType: 'Notification' };
  put(o, 'notificationDetails', optLeaf(r, N, 'NotificationDetails', v.longString));
  put(o, 'notificationType', optDict(r, N, 'NotificationType'));
  put(o, 'newNotification', optLeaf(r, N, 'NewNotification', v.boolean));
  put(o, 'notificationTimestamp', optLeaf(r, N, 'NotificationTimestamp', v.qualifiedDateTime));
  const list = r.opt(N, 'StatusOfAssociatedObjects');
  if (list !== undefined) {
    const lr = new Reader(list);
    o.statusOfAssociatedObjects = lr.many(N, 'AssociatedObjectStatus').map((s) => {
      const sr = new Reader(s);
      const entry: { associatedObject: string; status: ReturnType<typeof dictionaryEntry>; details?: string } = {
        associatedObject: reqLeaf(sr, N, 'AssociatedObject', v.uuid),
        status: dictionaryEntry(sr.req(N, 'Status')),
      };
      put(entry, 'details', optLeaf(sr, N, 'Details', v.longString));
      sr.end();
      return entry;
    });
    lr.end();
  }
  const nnp = r.opt(N, 'NationalNotificationParameters');
  if (nnp !== undefined) o.nationalNotificationParameters = nationalParameters(nnp, N);
  return o;
}

function checksums(r: Reader): ChecksumAndType[] | undefined {
  const n = r.opt(NS.delivery, 'Checksums');
  if (n === undefined) return undefined;
  const cr = new Reader(n);
  const list = cr.many(NS.common, 'ChecksumAndType').map((c) => {
    const r2 = new Reader(c);
    const e = { checksum: reqLeaf(r2, NS.common, 'Checksum', v.shortString), checksumType: reqLeaf(r2, NS.common, 'ChecksumType', v.shortString) };
    r2.end();
    return e;
  });
  cr.end();
  return list;
}

function binaryData(n: XNode): EmbeddedBinaryData {
  const r = new Reader(n);
  const X = NS.delivery;
  const d: EmbeddedBinaryData = { data: reqLeaf(r, X, 'Data', v.base64) };
  put(d, 'contentType', optLeaf(r, X, 'ContentType', v.shortString));
  put(d, 'checksum', optLeaf(r, X, 'Checksum', v.shortString));
  put(d, 'checksumType', optLeaf(r, X, 'ChecksumType', v.shortString));
  put(d, 'checksums', checksums(r));
  put(d, 'originalFilename', optLeaf(r, X, 'OriginalFilename', v.longString));
  put(d, 'contentLength', optLeaf(r, X, 'ContentLength', v.nonNegativeInteger));
  r.end();
  return d;
}

function urlObject(n: XNode): UrlObject {
  const r = new Reader(n);
  const X = NS.delivery;
  const u: UrlObject = { url: reqLeaf(r, X, 'URL', v.longString) };
  put(u, 'contentLength', optLeaf(r, X, 'ContentLength', v.nonNegativeInteger));
  put(u, 'contentType', optLeaf(r, X, 'ContentType', v.longString));
  put(u, 'expiry', optLeaf(r, X, 'Expiry', v.qualifiedMicrosecondDateTime));
  put(u, 'checksum', optLeaf(r, X, 'Checksum', v.shortString));
  put(u, 'originalFilename', optLeaf(r, X, 'OriginalFilename', v.longString));
  put(u, 'cspDefinedIdentifier', optLeaf(r, X, 'CSPDefinedIdentifier', v.longString));
  put(u, 'checksumType', optLeaf(r, X, 'ChecksumType', v.shortString));
  put(u, 'checksums', checksums(r));
  r.end();
  return u;
}

function onlyChild(n: XNode): XNode {
  const c = n.children[0];
  if (c === undefined || n.children.length !== 1) hi1Fail('HI1_SCHEMA_VIOLATION', `${n.name} must hold exactly one choice element`, { line: n.line });
  return c;
}

function deliveryContent(n: XNode): DeliveryContent {
  const c = onlyChild(n);
  if (c.ns !== NS.delivery) hi1Fail('HI1_SCHEMA_VIOLATION', `unexpected element ${c.name} in Delivery`, { line: c.line });
  switch (c.name) {
    case 'BinaryData': return { kind: 'BinaryData', binaryData: binaryData(c) };
    case 'XMLData': case 'JSONData': {
      if (c.children.length === 0) hi1Fail('HI1_SCHEMA_VIOLATION', `${c.name} needs content`, { line: c.line });
      return { kind: c.name, elements: c.children.map(toGeneric) };
    }
    case 'URL': return { kind: 'URL', url: urlObject(c) };
    case 'DataExistence': return { kind: 'DataExistence', dataExistence: v.boolean(leaf(c), 'DataExistence') };
    default: return hi1Fail('HI1_SCHEMA_VIOLATION', `unexpected element ${c.name} in Delivery`, { line: c.line });
  }
}

function manifest(n: XNode): Manifest {
  const c = onlyChild(n);
  const X = NS.delivery;
  if (c.ns === X && c.name === 'Specification') return { kind: 'Specification', specification: dictionaryEntry(c) };
  if (c.ns !== X || c.name !== 'ExternalSchema') hi1Fail('HI1_SCHEMA_VIOLATION', `unexpected element ${c.name} in Manifest`, { line: c.line });
  const r = new Reader(c);
  const m: Manifest = { kind: 'ExternalSchema' };
  put(m, 'manifestId', optLeaf(r, X, 'ManifestID', v.longString));
  const contents = r.opt(X, 'ManifestContents');
  if (contents !== undefined) m.manifestContents = toGeneric(onlyChild(contents));
  r.end();
  return m;
}

function delivery(r: Reader, b: Hi1ObjectBase): DeliveryObject {
  const X = NS.delivery;
  const o: DeliveryObject = { ...b, objectType: 'Delivery' };
  const ref = r.opt(X, 'Reference');
  if (ref !== undefined) {
    const c = onlyChild(ref);
    if (c.ns !== X || (c.name !== 'LDID' && c.name !== 'LIID')) hi1Fail('HI1_SCHEMA_VIOLATION', 'Reference must be LDID or LIID', { line: c.line });
    o.reference = { kind: c.name, value: c.name === 'LDID' ? v.ldid(leaf(c), 'LDID') : v.liid(leaf(c), 'LIID') };
  }
  put(o, 'deliveryId', optLeaf(r, X, 'DeliveryID', v.uuid));
  put(o, 'sequenceNumber', optLeaf(r, X, 'SequenceNumber', v.nonNegativeInteger));
  put(o, 'lastSequence', optLeaf(r, X, 'LastSequence', v.boolean));
  const man = r.opt(X, 'Manifest');
  if (man !== undefined) o.manifest = manifest(man);
  const del = r.opt(X, 'Delivery');
  if (del !== undefined) o.delivery = deliveryContent(del);
  put(o, 'deliveryStatus', optDict(r, X, 'DeliveryStatus'));
  put(o, 'deliveryDesiredStatus', optDict(r, X, 'DeliveryDesiredStatus'));
  const enc = r.opt(X, 'EncryptionDetails');
  if (enc !== undefined) {
    const er = new Reader(enc);
    o.encryptionDetails = {};
    put(o.encryptionDetails, 'encryptionReference', optLeaf(er, X, 'EncryptionReference', v.uuid));
    put(o.encryptionDetails, 'additionalInformation', optLeaf(er, X, 'AdditionalInformation', v.longString));
    er.end();
  }
  return o;
}

/** Decodes one <HI1Object xsi:type="…"> element. */
export function decodeHi1Object(n: XNode): Hi1Object {
  if (n.xsiTypeUnresolved === true) hi1Fail('HI1_UNKNOWN_OBJECT_TYPE', 'HI1Object xsi:type prefix is not declared', { line: n.line });
  const t = n.xsiType;
  if (t === undefined) hi1Fail('HI1_UNKNOWN_OBJECT_TYPE', 'HI1Object is abstract and needs an xsi:type', { line: n.line });
  const r = new Reader(n);
  const b = base(r, n);
  let o: Hi1Object;
  if (t.namespace === NS.auth && t.localName === 'AuthorisationObject') o = authorisation(r, b);
  else if (t.namespace === NS.task && t.localName === 'LITaskObject') o = decodeLITask(r, b);
  else if (t.namespace === NS.task && t.localName === 'LDTaskObject') o = decodeLDTask(r, b);
  else if (t.namespace === NS.doc && t.localName === 'DocumentObject') o = document(r, b);
  else if (t.namespace === NS.notification && t.localName === 'NotificationObject') o = notification(r, b);
  else if (t.namespace === NS.delivery && t.localName === 'DeliveryObject') o = delivery(r, b);
  else o = { ...b, objectType: 'Other', xsiType: t, elements: r.rest().map(toGeneric) };
  r.end();
  return o;
}
