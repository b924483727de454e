/** Messages used by the HI-1 tests: one of every verb and object type, values fictitious. */
import type { ApprovalDetails, HI1Message, Hi1Header, Hi1Object, LITaskObject } from './types.ts';
import { NS } from './namespaces.ts';

export const header: Hi1Header = {
  senderIdentifier: { countryCode: 'XX', uniqueIdentifier: 'LEA01' },
  receiverIdentifier: { countryCode: 'XX', uniqueIdentifier: 'CSP01' },
  transactionIdentifier: 'c02358b2-76cf-4ba4-a8eb-f6436ccaea2e',
  timestamp: '2025-01-02T03:04:05.123456Z',
  version: { etsiVersion: 'V1.11.1', nationalProfileOwner: 'XX', nationalProfileVersion: 'v1.0' },
};

export const judgeApproval: ApprovalDetails = {
  approvalType: 'Creation',
  approvalReference: 'JUDGE-2025-0001',
  approverDetails: {
    approverName: 'Judge A. Example',
    approverRole: 'Investigating judge',
    approverContactDetails: [{ name: 'Court registry', emailAddress: 'registry@court.example', phoneNumber: '441632960000', languages: ['en', 'fr'] }],
  },
  approvalTimestamp: '2025-01-01T09:00:00Z',
  approvalIsEmergency: false,
  approvalDigitalSignature: {
    xsiType: { namespace: 'urn:example:national', localName: 'Ed25519Signature' },
    countryCode: 'XX',
    elements: [
      { namespace: 'urn:example:national', name: 'KeyId', text: 'judge-key-1' },
      { namespace: 'urn:example:national', name: 'Value', text: 'bWFkZS11cC1zaWduYXR1cmU=' },
    ],
  },
};

export const liTask: LITaskObject = {
  objectType: 'LITask',
  objectIdentifier: '2b36a78b-b628-416d-bd22-404e68a0cd36',
  countryCode: 'XX',
  ownerIdentifier: 'LEA01',
  associatedObjects: ['7dbbc880-8750-4d3c-abe7-ea4a17646045'],
  reference: 'LIID1',
  desiredStatus: { owner: 'ETSI', name: 'TaskDesiredStatus', value: 'Active' },
  timespan: { startTime: '2025-01-02T00:00:00Z', endTime: '2025-03-02T00:00:00Z' },
  targetIdentifier: {
    targetIdentifierValues: [
      { formatOwner: 'ETSI', formatName: 'InternationalE164', value: '447700900123' },
      { formatOwner: 'ETSI', formatName: 'IPv6Address', value: '2001:0db8:0000:0000:0000:0000:0000:0001' },
    ],
    serviceType: { owner: 'ETSI', name: 'TaskServiceType', value: 'Voice' },
  },
  deliveryType: { owner: 'ETSI', name: 'TaskDeliveryType', value: 'IRIandCC' },
  deliveryDetails: [
    { deliveryAddress: { kind: 'IPAddressPort', address: { version: 4, value: '192.0.2.10' }, port: { protocol: 'TCP', port: 50000 } },
      handoverFormat: { owner: 'ETSI', name: 'HandoverFormat', value: 'TS102232-5' } },
    { deliveryAddress: { kind: 'IPAddressPortRange', address: { version: 6, value: '2001:0db8:0000:0000:0000:0000:0000:0002' }, portRange: { protocol: 'UDP', start: 0, end: 100 } } },
    { deliveryAddress: { kind: 'EndpointID', endpoint: { countryCode: 'XX', uniqueIdentifier: 'LEMF01' } } },
  ],
  approvalDetails: [{ approvalType: 'Creation', approvalTimestamp: '2025-01-01T09:00:00Z' }],
  cspId: { countryCode: 'XX', uniqueIdentifier: 'CSP01' },
  flags: [{ owner: 'ETSI', name: 'TaskFlag', value: 'IsTest' }],
  nationalLITaskingParameters: { xsiType: { namespace: 'urn:example:national', localName: 'XXTasking' }, countryCode: 'XX', elements: [] },
  trafficPolicyReferences: [{ order: 1, objectIdentifier: 'a1a1a1a1-0000-4000-8000-000000000001' }],
};

export const objects: Hi1Object[] = [
  {
    objectType: 'Authorisation',
    objectIdentifier: '7dbbc880-8750-4d3c-abe7-ea4a17646045',
    countryCode: 'XX',
    ownerIdentifier: 'LEA01',
    generation: 2,
    nationalHandlingParameters: { xsiType: { namespace: 'urn:example:national', localName: 'XXHandling' }, countryCode: 'XX', elements: [{ namespace: 'urn:example:national', name: 'Route', text: 'A' }] },
    authorisationReference: 'W000001',
    authorisationLegalType: { owner: 'XX', name: 'AuthorisationLegalType', value: 'Art.100' },
    authorisationPriority: { owner: 'ETSI', name: 'AuthorisationPriority', value: 'Routine' },
    authorisationDesiredStatus: { owner: 'ETSI', name: 'AuthorisationDesiredStatus', value: 'Approved' },
    authorisationTimespan: { startTime: '2025-01-02T00:00:00Z', endTime: '2025-03-02T00:00:00+01:00' },
    authorisationCSPID: [{ countryCode: 'XX', uniqueIdentifier: 'CSP01' }, { countryCode: 'XX', uniqueIdentifier: 'CSP02' }],
    authorisationCreationTimestamp: '2025-01-01T08:00:00Z',
    authorisationApprovalDetails: [judgeApproval],
    authorisationFlags: [{ owner: 'ETSI', name: 'AuthorisationFlag', value: 'IsTest' }],
    authorisationJurisdiction: 'XX-Court-1',
  },
  liTask,
  {
    objectType: 'Document',
    objectIdentifier: 'd0c00000-0000-4000-8000-000000000001',
    documentReference: 'DOC-1',
    documentName: 'Warrant scan',
    documentType: { owner: 'ETSI', name: 'DocumentType', value: 'Warrant' },
    documentTimespan: { startTime: '2025-01-02T00:00:00Z' },
    documentProperties: [{ propertyType: { owner: 'XX', name: 'DocumentProperty', value: 'Pages' }, propertyValue: '3' }],
    documentBody: { contents: new Uint8Array([0, 1, 2, 253, 254, 255]), contentType: 'application/pdf', checksum: 'ab', checksumType: 'sha-256' },
    documentSignature: [judgeApproval],
  },
  {
    objectType: 'Notification',
    objectIdentifier: 'a0000000-0000-4000-8000-00000000000e',
    notificationDetails: 'Task activated',
    notificationType: { owner: 'ETSI', name: 'NotificationType', value: 'General' },
    newNotification: true,
    notificationTimestamp: '2025-01-02T00:00:01Z',
    statusOfAssociatedObjects: [{ associatedObject: '2b36a78b-b628-416d-bd22-404e68a0cd36', status: { owner: 'ETSI', name: 'TaskStatus', value: 'Active' }, details: 'ok' }],
  },
  {
    objectType: 'Delivery',
    objectIdentifier: 'de100000-0000-4000-8000-000000000001',
    associatedObjects: ['2b36a78b-b628-416d-bd22-404e68a0cd36'],
    reference: { kind: 'LIID', value: 'LIID1' },
    deliveryId: 'de100000-0000-4000-8000-0000000000ff',
    sequenceNumber: 1,
    lastSequence: true,
    manifest: { kind: 'Specification', specification: { owner: 'ETSI', name: 'ManifestSpecification', value: 'TS102657-XML' } },
    delivery: { kind: 'BinaryData', binaryData: { data: new TextEncoder().encode('hello'), contentType: 'text/plain', checksums: [{ checksum: '00', checksumType: 'sha-256' }], contentLength: 5 } },
    encryptionDetails: { additionalInformation: 'none' },
  },
  {
    objectType: 'Other',
    objectIdentifier: 'f1205c94-4f56-4d97-9717-39410073979b',
    xsiType: { namespace: NS.task, localName: 'LPTaskObject' },
    elements: [{ namespace: NS.task, name: 'DesiredPreservationExpiration', text: '2023-06-30T12:00:00Z' }],
  },
  {
    objectType: 'LDTask',
    objectIdentifier: '1d7a5c00-0000-4000-8000-000000000001',
    associatedObjects: ['7dbbc880-8750-4d3c-abe7-ea4a17646045'],
    reference: 'XX-ACTOR01-1234',
    desiredStatus: { owner: 'ETSI', name: 'LDTaskDesiredStatus', value: 'AwaitingDisclosure' },
    requestDetails: {
      type: { owner: 'XX', name: 'RequestType', value: 'calls' },
      startTime: '2025-01-01T00:00:00Z',
      endTime: '2025-01-31T23:59:59Z',
      observedTime: '2025-01-15T12:00:00Z',
      requestValues: [{ formatOwner: 'ETSI', formatName: 'IPv4Address', value: '192.0.2.7' }, { formatOwner: 'ETSI', formatName: 'Port', value: '40123' }],
    },
    approvalDetails: [judgeApproval],
    cspId: { countryCode: 'XX', uniqueIdentifier: 'CSP01' },
    handlingProfile: { owner: 'XX', name: 'LDHandlingProfile', value: 'Standard' },
    flags: [{ owner: 'ETSI', name: 'LDTaskFlag', value: 'IsEmergency' }],
    manualInformation: 'by hand',
  },
];

export function requestWith(...objs: Hi1Object[]): HI1Message {
  return { header, payload: { kind: 'request', actionRequests: objs.map((object, i) => ({ actionIdentifier: i, verb: 'CREATE' as const, object })) } };
}

export const allVerbsRequest: HI1Message = {
  header,
  payload: {
    kind: 'request',
    actionRequests: [
      { actionIdentifier: 0, verb: 'GET', identifier: '2b36a78b-b628-416d-bd22-404e68a0cd36' },
      { actionIdentifier: 1, verb: 'CREATE', object: liTask },
      { actionIdentifier: 2, verb: 'UPDATE', object: { ...liTask, generation: 1 } },
      { actionIdentifier: 3, verb: 'LIST', list: { objectType: { owner: 'ETSI', name: 'ObjectType', value: 'Task' }, lastChanged: '2025-01-01T00:00:00Z', lastChangedTimespan: { startTime: '2025-01-01T00:00:00Z' }, maximumObjectCount: 10, countryCode: 'XX' } },
      { actionIdentifier: 4, verb: 'DELIVER', identifier: 'de100000-0000-4000-8000-000000000001', object: objects[4]! },
      { actionIdentifier: 5, verb: 'GETCSPCONFIG' },
    ],
  },
};

export const allVerbsResponse: HI1Message = {
  header,
  payload: {
    kind: 'response',
    actionResponses: [
      { actionIdentifier: 0, verb: 'GETResponse', object: liTask },
      { actionIdentifier: 1, verb: 'CREATEResponse', identifier: liTask.objectIdentifier },
      { actionIdentifier: 2, verb: 'UPDATEResponse', identifier: liTask.objectIdentifier, object: { ...liTask, generation: 2 } },
      { actionIdentifier: 3, verb: 'LISTResponse', records: [{ objectType: { owner: 'ETSI', name: 'ObjectType', value: 'Task' }, identifier: liTask.objectIdentifier, generation: 2, countryCode: 'XX', lastChanged: '2025-01-02T00:00:00Z' }] },
      { actionIdentifier: 4, verb: 'ErrorInformation', error: { errorCode: 3014, errorDescription: 'Object_ID: de100000-0000-4000-8000-000000000001' } },
      { actionIdentifier: 5, verb: 'DELIVERResponse', identifier: 'de100000-0000-4000-8000-000000000001' },
    ],
  },
};

export const topLevelError: HI1Message = { header, payload: { kind: 'error', errorInformation: { errorCode: 3000, errorDescription: 'schema validation failed' } } };
