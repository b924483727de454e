/**
 * Sample X1 messages of every type, shared by the X1 tests (round trip, external validation, fuzz).
 * Identities are from the documentation ranges (RFC 5737/3849 addresses, +44 7700 900xxx numbers).
 */
import type {
  AnyX1Request, AnyX1Response, DestinationDetails, DestinationResponseDetails, RequestContainer, ResponseContainer,
  TaskDetails, TaskResponseDetails, X1RequestMessage, X1TopLevelErrorResponseDocument,
} from './types.ts';

export const header: X1RequestMessage = {
  admfIdentifier: 'admf.example',
  neIdentifier: 'ne-01.operator.example',
  messageTimestamp: '2024-05-01T12:34:56.123456Z',
  version: 'v1.22.1',
  x1TransactionId: '0f4b1c2e-3d5a-4b6c-8d7e-9f0a1b2c3d4e',
};

export const XID = '2b36a78b-b628-416d-bd22-404e68a0cd36';
export const DID = '1ae1a5e5-0b9e-4c3e-8a44-0d7d3c0f0b2a';
export const DID2 = '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f';

/** Every TargetIdentifierKind, in the form the decoder returns. */
export const allTargets: TaskDetails['targetIdentifiers'] = [
  { kind: 'e164Number', value: '447700900123' },
  { kind: 'imsi', value: '234150999999999' },
  { kind: 'imei', value: '35209900176148' },
  { kind: 'imei', value: '352099001761481' },
  { kind: 'imeisv', value: '3520990017614823' },
  { kind: 'sipUri', value: 'sip:alice@example.com' },
  { kind: 'telUri', value: 'tel:+447700900123' },
  { kind: 'ipv4Address', value: '192.0.2.10' },
  { kind: 'ipv6Address', value: '2001:0db8:0000:0000:0000:0000:0000:0001' },
  { kind: 'ipv4Cidr', value: '198.51.100.7/32' },
  { kind: 'ipv6Cidr', value: '2001:0db8:0000:0000:0000:0000:0000:0001/128' },
  { kind: 'emailAddress', value: 'bob@example.org' },
  { kind: 'nai', value: 'user@realm.example' },
  { kind: 'supiNai', value: 'type1.rid678.schid0.userid0999999999@nai.5gc.mnc015.mcc234.3gppnetwork.org' },
  { kind: 'gpsiNai', value: 'gpsi-user@ims.example' },
];

export const fullTask: TaskDetails = {
  xId: XID,
  targetIdentifiers: allTargets,
  deliveryType: 'X2andX3',
  listOfDIDs: [DID, DID2],
  listOfMediationDetails: [
    {
      liid: 'LIID-2024-0001',
      deliveryType: 'HI2andHI3',
      startTime: '2024-05-01T00:00:00.000000Z',
      endTime: '2024-06-01T00:00:00.000000+01:00',
      listOfDIDs: [DID],
      serviceScopingOptions: [
        {
          serviceType: ['voice', 'messaging'],
          locationType: { listOfLocationTypes: [{ beginningAndEnd: true, uponChange: false, lals: true }] },
          suspendOnOutboundInternationalRoaming: true,
          reportPostDialledDigits: false,
        },
        { locationType: { doNotReport: true } },
      ],
    },
    { liid: 'LIID-2024-0002', deliveryType: 'HI2Only' },
  ],
  correlationID: 42,
  implicitDeactivationAllowed: false,
  productID: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
  listOfServiceTypes: ['voice', 'data'],
  warrantBinding: { warrantId: 'W-2024-000123', warrantHash: 'a'.repeat(16) + '0123456789abcdef'.repeat(3) },
};

export const minimalTask: TaskDetails = {
  xId: XID,
  targetIdentifiers: [{ kind: 'e164Number', value: '447700900000' }],
  deliveryType: 'X2Only',
  listOfDIDs: [DID],
};

export const destination: DestinationDetails = {
  dId: DID,
  friendlyName: 'MDF-1 X2/X3 <primary> & "backup"',
  deliveryType: 'X2andX3',
  deliveryAddress: { kind: 'ipAddressAndPort', address: { kind: 'IPv4Address', value: '192.0.2.10' }, port: { kind: 'TCPPort', value: 50000 } },
};
export const destinationV6: DestinationDetails = {
  dId: DID2,
  deliveryType: 'X3Only',
  deliveryAddress: {
    kind: 'ipAddressAndPort',
    address: { kind: 'IPv6Address', value: '2001:0db8:0000:0000:0000:0000:0000:00aa' },
    port: { kind: 'UDPPort', value: 5004 },
  },
};

const taskResponse: TaskResponseDetails = {
  taskDetails: fullTask,
  taskStatus: {
    provisioningStatus: 'complete',
    listOfFaults: [{ errorCode: 9010, errorDescription: 'generic warning' }],
    timeOfLastIntercept: '2024-05-01T12:00:00.000001Z',
    amountOfX2Data: 1234,
    amountOfX3Data: 0,
    timeOfLastModification: '2024-05-01T11:00:00.000000Z',
    numberOfModifications: 2,
  },
};
const destinationResponse: DestinationResponseDetails = {
  destinationDetails: destination,
  destinationStatus: { destinationDeliveryStatus: 'activeAndWorking', listOfFaults: [] },
};

/** One request of each type (the ActivateTask ones carry the warrant binding). */
export const requests: AnyX1Request[] = [
  { ...header, messageType: 'ActivateTaskRequest', taskDetails: fullTask },
  { ...header, messageType: 'ActivateTaskRequest', taskDetails: minimalTask },
  { ...header, messageType: 'ActivateTaskRequest', taskDetails: { ...minimalTask, warrantBinding: fullTask.warrantBinding!, taskedElements: ['opA-ims', 'opA-5gc'] } },
  { ...header, messageType: 'ModifyTaskRequest', taskDetails: { ...minimalTask, taskedElements: [] } },
  { ...header, messageType: 'ModifyTaskRequest', taskDetails: { ...minimalTask, listOfDSIDs: [DID2], listOfTrafficPolicyReferences: [DID2] } },
  { ...header, messageType: 'DeactivateTaskRequest', xId: XID },
  { ...header, messageType: 'DeactivateAllTasksRequest' },
  { ...header, messageType: 'CreateDestinationRequest', destinationDetails: destination },
  { ...header, messageType: 'ModifyDestinationRequest', destinationDetails: destinationV6 },
  { ...header, messageType: 'CreateDestinationRequest', destinationDetails: { dId: DID, deliveryType: 'X2Only', deliveryAddress: { kind: 'uri', value: 'https://mdf.example/x2' } } },
  { ...header, messageType: 'CreateDestinationRequest', destinationDetails: { dId: DID, deliveryType: 'X2Only', deliveryAddress: { kind: 'e164Number', value: '447700900999' } } },
  { ...header, messageType: 'CreateDestinationRequest', destinationDetails: { dId: DID, deliveryType: 'X2Only', deliveryAddress: { kind: 'emailAddress', value: 'lemf@agency.example' } } },
  { ...header, messageType: 'RemoveDestinationRequest', dId: DID },
  { ...header, messageType: 'RemoveAllDestinationsRequest' },
  { ...header, messageType: 'GetTaskDetailsRequest', xId: XID },
  { ...header, messageType: 'GetDestinationDetailsRequest', dId: DID },
  { ...header, messageType: 'GetNEStatusRequest' },
  { ...header, messageType: 'GetAllDetailsRequest' },
  { ...header, messageType: 'GetAllTaskDetailsRequest' },
  { ...header, messageType: 'GetAllDestinationDetailsRequest' },
  { ...header, messageType: 'ListAllDetailsRequest' },
  { ...header, messageType: 'ReportTaskIssueRequest', xId: XID, taskReportType: 'NonTerminatingFault', taskIssueErrorCode: 9020, taskIssueDetails: 'X3 link flapping' },
  { ...header, messageType: 'ReportTaskIssueRequest', xId: XID, taskReportType: 'AllClear' },
  { ...header, messageType: 'ReportDestinationIssueRequest', dId: DID, destinationReportType: 'Warning', destinationIssueErrorCode: 9010, destinationIssueDetails: 'slow' },
  { ...header, messageType: 'ReportNEIssueRequest', typeOfNeIssueMessage: 'FaultReport', description: 'disk full', issueCode: 9030 },
  { ...header, messageType: 'PingRequest' },
  { ...header, messageType: 'KeepaliveRequest' },
];

/** One response of each type. */
export const responses: AnyX1Response[] = [
  ...(['ActivateTaskResponse', 'ModifyTaskResponse', 'DeactivateTaskResponse', 'DeactivateAllTasksResponse', 'CreateDestinationResponse',
    'ModifyDestinationResponse', 'RemoveDestinationResponse', 'RemoveAllDestinationsResponse', 'ReportTaskIssueResponse',
    'ReportDestinationIssueResponse', 'PingResponse', 'KeepaliveResponse'] as const).map(
    (messageType, i): AnyX1Response => ({ ...header, messageType, oK: i % 2 === 0 ? 'AcknowledgedAndCompleted' : 'Acknowledged' }),
  ),
  { ...header, messageType: 'ReportNEIssueResponse', oK: 'AcknowledgedAndCompleted' },
  { ...header, messageType: 'GetTaskDetailsResponse', taskResponseDetails: taskResponse },
  { ...header, messageType: 'GetDestinationDetailsResponse', destinationResponseDetails: destinationResponse },
  { ...header, messageType: 'GetNEStatusResponse', neStatusDetails: { neStatus: 'OK', listOfFaults: [] } },
  {
    ...header, messageType: 'GetAllDetailsResponse',
    neStatusDetails: { neStatus: 'Faults', listOfFaults: [{ errorCode: 9030, errorDescription: 'terminating' }] },
    listOfTaskResponseDetails: [taskResponse, { taskDetails: minimalTask, taskStatus: { provisioningStatus: 'awaitingProvisioning', listOfFaults: [] } }],
    listOfDestinationResponseDetails: [destinationResponse],
  },
  { ...header, messageType: 'GetAllTaskDetailsResponse', listOfTaskResponseDetails: [taskResponse] },
  { ...header, messageType: 'GetAllTaskDetailsResponse' },
  { ...header, messageType: 'GetAllDestinationDetailsResponse', listOfDestinationResponseDetails: [destinationResponse] },
  { ...header, messageType: 'ListAllDetailsResponse', listOfXIDs: [XID], listOfDIDs: [DID, DID2], listOfGenericObjectIDs: [] },
  { ...header, messageType: 'ListAllDetailsResponse', listOfXIDs: [], listOfDIDs: [] },
  { ...header, messageType: 'ErrorResponse', requestMessageType: 'ActivateTask', errorInformation: { errorCode: 2010, errorDescription: XID } },
  {
    ...header, messageType: 'ErrorResponse', requestMessageType: 'ExtendedRequestMessageType',
    errorInformation: { errorCode: 1000, errorDescription: 'generic error' },
    extensionInformation: { extensionSpecification: 'TS133128', extendedRequestMessageType: 'Foo' },
  },
];

export const topLevelError: X1TopLevelErrorResponseDocument = {
  kind: 'X1TopLevelErrorResponse',
  admfIdentifier: header.admfIdentifier,
  neIdentifier: header.neIdentifier,
  messageTimestamp: header.messageTimestamp,
  version: header.version,
};

/** Whether a request/response carries the warrant-binding extension (needs warrant-binding-1.xsd to validate). */
export function hasWarrantBinding(m: AnyX1Request | AnyX1Response): boolean {
  const text = JSON.stringify(m);
  return text.includes('"warrantBinding"') || text.includes('"taskedElements"');
}

export const requestContainers: RequestContainer[] = [
  ...requests.map((m) => ({ x1RequestMessage: [m] })),
  { x1RequestMessage: requests.filter((m) => !hasWarrantBinding(m)) },
];
export const responseContainers: ResponseContainer[] = [
  ...responses.map((m): ResponseContainer => ({ kind: 'X1Response', x1ResponseMessage: [m] })),
  { kind: 'X1Response', x1ResponseMessage: responses.filter((m) => !hasWarrantBinding(m)) },
];
