/**
 * X1 message types, named as in the TS 103 221-1 XSD (v1.22.1). Field names are the XSD element
 * names with the first letter lower-cased (LIID → liid, StartTime → startTime, ListOfXIDs → listOfXIDs).
 * Each concrete message carries `messageType`, the xsi:type the XSD gives it (e.g. "ActivateTaskRequest").
 * Timestamps are TS 103 280 QualifiedMicrosecondDateTime strings (use `x1Timestamp(date)`), kept as
 * text because a JS Date would lose the microseconds.
 */
import type { TargetIdentifier } from '../identifiers/types.ts';

/** TS 103 280 UUID, lower-case hex (XSD XId / DId / X1TransactionId / GenericObjectID). */
export type Uuid = string;
/** TS 103 280 QualifiedMicrosecondDateTime, e.g. "2024-01-01T00:00:00.000000Z". */
export type QualifiedMicrosecondDateTime = string;

// ---- §6.1 message details ------------------------------------------------------------------
/** §6.1 Table 1 fields common to every request (XSD complexType X1RequestMessage). */
export interface X1RequestMessage {
  admfIdentifier: string;
  neIdentifier: string;
  messageTimestamp: QualifiedMicrosecondDateTime;
  /** "v1.x.y" (§4.5); X1_SCHEMA_VERSION is the version of the XSD followed here. */
  version: string;
  x1TransactionId: Uuid;
}
/** §6.1 Table 1 fields common to every response (XSD complexType X1ResponseMessage). */
export type X1ResponseMessage = X1RequestMessage;

/** §6.1 "TopLevelError": the request could not be parsed; no transaction id. */
export interface TopLevelErrorResponse {
  admfIdentifier: string;
  neIdentifier: string;
  messageTimestamp: QualifiedMicrosecondDateTime;
  version: string;
}

// ---- simple types ---------------------------------------------------------------------------
export type DeliveryType = 'X2Only' | 'X3Only' | 'X2andX3';
export type MediationDeliveryType = 'HI2Only' | 'HI3Only' | 'HI2andHI3';
export type ServiceType = 'voice' | 'data' | 'messaging' | 'pushToTalk' | 'LALS' | 'RCS';
export type OK = 'AcknowledgedAndCompleted' | 'Acknowledged';
export type ProvisioningStatus = 'awaitingProvisioning' | 'failed' | 'complete';
export type DestinationDeliveryStatus = 'activeAndWorking' | 'deliveryFault';
export type NeStatus = 'OK' | 'Faults';
export type TaskReportType =
  | 'AllClear'
  | 'Warning'
  | 'NonTerminatingFault'
  | 'TerminatingFault'
  | 'ImplicitDeactivation'
  | 'FullyActionedAndSuccessful'
  | 'FullyActionedAndUnsuccessful';
export type TypeOfNeIssueMessage = 'Warning' | 'FaultCleared' | 'FaultReport' | 'Alert';
/** §6.7 Table 44 RequestMessageType (XSD enumeration, including the generic-object ones). */
export type RequestMessageType =
  | 'ActivateTask' | 'ModifyTask' | 'DeactivateTask' | 'DeactivateAllTasks' | 'GetTaskDetails'
  | 'CreateDestination' | 'ModifyDestination' | 'RemoveDestination' | 'RemoveAllDestinations'
  | 'GetDestinationDetails' | 'GetNEStatus' | 'GetAllDetails' | 'GetAllTaskDetails'
  | 'GetAllDestinationDetails' | 'GetAllGenericObjectDetails' | 'ListAllDetails' | 'ReportTaskIssue'
  | 'ReportDestinationIssue' | 'ReportNEIssue' | 'Ping' | 'Keepalive' | 'CreateObject' | 'ModifyObject'
  | 'GetObject' | 'DeleteObject' | 'ListObjectsOfType' | 'DeleteAllObjects' | 'ExtendedRequestMessageType';

// ---- warrant binding extension (Annex B) ---------------------------------------------------
/**
 * warranted's TaskDetails extension (namespace urn:warranted:x1:warrant-binding:1, docs/x1.md):
 * which warrant a task comes from, so an NE and mediation can check it.
 */
export interface WarrantBinding {
  /** Warrant identifier (1-255 characters, no control characters). */
  warrantId: string;
  /** Lower-case hex SHA-256 (64 characters) of the warrant's signed bytes. */
  warrantHash: string;
}

// ---- §6.2.1.2 TaskDetails, Annex C MediationDetails ----------------------------------------
export interface LocationType {
  beginningAndEnd?: boolean;
  uponChange?: boolean;
  lals?: boolean;
}
export type LocationTypeOptions = { doNotReport: true } | { listOfLocationTypes: LocationType[] };
export interface ServiceScopingOptions {
  serviceType?: ServiceType[];
  locationType?: LocationTypeOptions;
  suspendOnOutboundInternationalRoaming?: boolean;
  reportPostDialledDigits?: boolean;
}
/** Annex C Table C.1. */
export interface MediationDetails {
  /** TS 103 280 LIID. */
  liid: string;
  deliveryType: MediationDeliveryType;
  startTime?: QualifiedMicrosecondDateTime;
  endTime?: QualifiedMicrosecondDateTime;
  listOfDIDs?: Uuid[];
  listOfDSIDs?: Uuid[];
  serviceScopingOptions?: ServiceScopingOptions[];
  listOfTrafficPolicyReferences?: Uuid[];
}
/** §6.2.1.2 Table 4. */
export interface TaskDetails {
  xId: Uuid;
  /** One or more exact identities (TS 103 221-1 Table 5 choices mapped in targets.ts). */
  targetIdentifiers: TargetIdentifier[];
  deliveryType: DeliveryType;
  listOfDIDs: Uuid[];
  /** Destination set ids (dSId, Annex E) in the same ListOfDids. */
  listOfDSIDs?: Uuid[];
  listOfMediationDetails?: MediationDetails[];
  correlationID?: number;
  implicitDeactivationAllowed?: boolean;
  productID?: Uuid;
  listOfServiceTypes?: ServiceType[];
  /** Encoded as a taskDetailsExtensions element (Annex B); see docs/x1.md. */
  warrantBinding?: WarrantBinding;
  /**
   * warranted extension, same Annex B element as the binding (docs/x1.md): the certificate identities
   * of the network elements (POIs) the ADMF sent this task to. Only the MDF's task carries it; the MDF
   * refuses X2/X3 for the XID from any other POI. Empty: no POI may send for it.
   */
  taskedElements?: string[];
  listOfTrafficPolicyReferences?: Uuid[];
}

// ---- §6.3.1.2 DestinationDetails -----------------------------------------------------------
export interface IPAddress {
  kind: 'IPv4Address' | 'IPv6Address';
  /** IPv4 dotted quad, or IPv6 in the XSD's full form (8 groups of 4 lower-case hex digits). */
  value: string;
}
export interface Port {
  kind: 'TCPPort' | 'UDPPort';
  value: number;
}
export type DeliveryAddress =
  | { kind: 'ipAddressAndPort'; address: IPAddress; port: Port }
  | { kind: 'e164Number'; value: string }
  | { kind: 'uri'; value: string }
  | { kind: 'emailAddress'; value: string };
export interface DestinationDetails {
  dId: Uuid;
  friendlyName?: string;
  deliveryType: DeliveryType;
  deliveryAddress: DeliveryAddress;
}

// ---- §6.4 status structures ------------------------------------------------------------------
/** §6.7 Table 45 (also used for faults). */
export interface ErrorInformation {
  errorCode: number;
  errorDescription: string;
}
export interface TaskStatus {
  provisioningStatus: ProvisioningStatus;
  listOfFaults: ErrorInformation[];
  timeOfLastIntercept?: QualifiedMicrosecondDateTime;
  amountOfX2Data?: number;
  amountOfX3Data?: number;
  timeOfLastModification?: QualifiedMicrosecondDateTime;
  numberOfModifications?: number;
}
export interface TaskResponseDetails {
  taskDetails: TaskDetails;
  taskStatus: TaskStatus;
}
export interface DestinationStatus {
  destinationDeliveryStatus: DestinationDeliveryStatus;
  listOfFaults: ErrorInformation[];
}
export interface DestinationResponseDetails {
  destinationDetails: DestinationDetails;
  destinationStatus: DestinationStatus;
}
export interface NeStatusDetails {
  neStatus: NeStatus;
  listOfFaults: ErrorInformation[];
}
export interface ExtensionInformation {
  extensionSpecification: 'TS133128';
  extendedRequestMessageType: string;
}

// ---- requests (§6.2 - §6.6) ----------------------------------------------------------------
export interface ActivateTaskRequest extends X1RequestMessage { messageType: 'ActivateTaskRequest'; taskDetails: TaskDetails }
export interface ModifyTaskRequest extends X1RequestMessage { messageType: 'ModifyTaskRequest'; taskDetails: TaskDetails }
export interface DeactivateTaskRequest extends X1RequestMessage { messageType: 'DeactivateTaskRequest'; xId: Uuid }
export interface DeactivateAllTasksRequest extends X1RequestMessage { messageType: 'DeactivateAllTasksRequest' }
export interface CreateDestinationRequest extends X1RequestMessage { messageType: 'CreateDestinationRequest'; destinationDetails: DestinationDetails }
export interface ModifyDestinationRequest extends X1RequestMessage { messageType: 'ModifyDestinationRequest'; destinationDetails: DestinationDetails }
export interface RemoveDestinationRequest extends X1RequestMessage { messageType: 'RemoveDestinationRequest'; dId: Uuid }
export interface RemoveAllDestinationsRequest extends X1RequestMessage { messageType: 'RemoveAllDestinationsRequest' }
export interface GetTaskDetailsRequest extends X1RequestMessage { messageType: 'GetTaskDetailsRequest'; xId: Uuid }
export interface GetDestinationDetailsRequest extends X1RequestMessage { messageType: 'GetDestinationDetailsRequest'; dId: Uuid }
export interface GetNEStatusRequest extends X1RequestMessage { messageType: 'GetNEStatusRequest' }
export interface GetAllDetailsRequest extends X1RequestMessage { messageType: 'GetAllDetailsRequest' }
export interface GetAllTaskDetailsRequest extends X1RequestMessage { messageType: 'GetAllTaskDetailsRequest' }
export interface GetAllDestinationDetailsRequest extends X1RequestMessage { messageType: 'GetAllDestinationDetailsRequest' }
export interface ListAllDetailsRequest extends X1RequestMessage { messageType: 'ListAllDetailsRequest' }
export interface ReportTaskIssueRequest extends X1RequestMessage {
  messageType: 'ReportTaskIssueRequest';
  xId: Uuid;
  taskReportType: TaskReportType;
  taskIssueErrorCode?: number;
  taskIssueDetails?: string;
}
export interface ReportDestinationIssueRequest extends X1RequestMessage {
  messageType: 'ReportDestinationIssueRequest';
  dId: Uuid;
  destinationReportType: TaskReportType;
  destinationIssueErrorCode?: number;
  destinationIssueDetails?: string;
}
export interface ReportNEIssueRequest extends X1RequestMessage {
  messageType: 'ReportNEIssueRequest';
  typeOfNeIssueMessage: TypeOfNeIssueMessage;
  description: string;
  issueCode?: number;
}
export interface PingRequest extends X1RequestMessage { messageType: 'PingRequest' }
export interface KeepaliveRequest extends X1RequestMessage { messageType: 'KeepaliveRequest' }

export type AnyX1Request =
  | ActivateTaskRequest | ModifyTaskRequest | DeactivateTaskRequest | DeactivateAllTasksRequest
  | CreateDestinationRequest | ModifyDestinationRequest | RemoveDestinationRequest | RemoveAllDestinationsRequest
  | GetTaskDetailsRequest | GetDestinationDetailsRequest | GetNEStatusRequest | GetAllDetailsRequest
  | GetAllTaskDetailsRequest | GetAllDestinationDetailsRequest | ListAllDetailsRequest
  | ReportTaskIssueRequest | ReportDestinationIssueRequest | ReportNEIssueRequest | PingRequest | KeepaliveRequest;
export type X1RequestType = AnyX1Request['messageType'];

// ---- responses -----------------------------------------------------------------------------
interface OkResponse<T extends string> extends X1ResponseMessage { messageType: T; oK: OK }
export type ActivateTaskResponse = OkResponse<'ActivateTaskResponse'>;
export type ModifyTaskResponse = OkResponse<'ModifyTaskResponse'>;
export type DeactivateTaskResponse = OkResponse<'DeactivateTaskResponse'>;
export type DeactivateAllTasksResponse = OkResponse<'DeactivateAllTasksResponse'>;
export type CreateDestinationResponse = OkResponse<'CreateDestinationResponse'>;
export type ModifyDestinationResponse = OkResponse<'ModifyDestinationResponse'>;
export type RemoveDestinationResponse = OkResponse<'RemoveDestinationResponse'>;
export type RemoveAllDestinationsResponse = OkResponse<'RemoveAllDestinationsResponse'>;
export type ReportTaskIssueResponse = OkResponse<'ReportTaskIssueResponse'>;
export type ReportDestinationIssueResponse = OkResponse<'ReportDestinationIssueResponse'>;
export type PingResponse = OkResponse<'PingResponse'>;
export type KeepaliveResponse = OkResponse<'KeepaliveResponse'>;
/** XSD: ReportNEIssueResponse's oK is OKAckAndComplete (only "AcknowledgedAndCompleted"). */
export interface ReportNEIssueResponse extends X1ResponseMessage { messageType: 'ReportNEIssueResponse'; oK: 'AcknowledgedAndCompleted' }
export interface GetTaskDetailsResponse extends X1ResponseMessage { messageType: 'GetTaskDetailsResponse'; taskResponseDetails: TaskResponseDetails }
export interface GetDestinationDetailsResponse extends X1ResponseMessage {
  messageType: 'GetDestinationDetailsResponse';
  destinationResponseDetails: DestinationResponseDetails;
}
export interface GetNEStatusResponse extends X1ResponseMessage { messageType: 'GetNEStatusResponse'; neStatusDetails: NeStatusDetails }
export interface GetAllDetailsResponse extends X1ResponseMessage {
  messageType: 'GetAllDetailsResponse';
  neStatusDetails: NeStatusDetails;
  listOfTaskResponseDetails: TaskResponseDetails[];
  listOfDestinationResponseDetails: DestinationResponseDetails[];
}
export interface GetAllTaskDetailsResponse extends X1ResponseMessage {
  messageType: 'GetAllTaskDetailsResponse';
  listOfTaskResponseDetails?: TaskResponseDetails[];
}
export interface GetAllDestinationDetailsResponse extends X1ResponseMessage {
  messageType: 'GetAllDestinationDetailsResponse';
  listOfDestinationResponseDetails?: DestinationResponseDetails[];
}
export interface ListAllDetailsResponse extends X1ResponseMessage {
  messageType: 'ListAllDetailsResponse';
  listOfXIDs: Uuid[];
  listOfDIDs: Uuid[];
  listOfDSIDs?: Uuid[];
  listOfGenericObjectIDs?: Uuid[];
}
/** §6.7 Table 44. */
export interface ErrorResponse extends X1ResponseMessage {
  messageType: 'ErrorResponse';
  requestMessageType: RequestMessageType;
  errorInformation: ErrorInformation;
  extensionInformation?: ExtensionInformation;
}

export type AnyX1Response =
  | ActivateTaskResponse | ModifyTaskResponse | DeactivateTaskResponse | DeactivateAllTasksResponse
  | CreateDestinationResponse | ModifyDestinationResponse | RemoveDestinationResponse | RemoveAllDestinationsResponse
  | GetTaskDetailsResponse | GetDestinationDetailsResponse | GetNEStatusResponse | GetAllDetailsResponse
  | GetAllTaskDetailsResponse | GetAllDestinationDetailsResponse | ListAllDetailsResponse
  | ReportTaskIssueResponse | ReportDestinationIssueResponse | ReportNEIssueResponse | PingResponse
  | KeepaliveResponse | ErrorResponse;
export type X1ResponseType = AnyX1Response['messageType'];

// ---- containers (§6.1) ---------------------------------------------------------------------
/** XSD element X1Request (RequestContainer): one or more requests. */
export interface RequestContainer {
  x1RequestMessage: AnyX1Request[];
}
/** XSD element X1Response (ResponseContainer): one or more responses. */
export interface ResponseContainer {
  kind: 'X1Response';
  x1ResponseMessage: AnyX1Response[];
}
/** XSD element X1TopLevelErrorResponse. */
export interface X1TopLevelErrorResponseDocument extends TopLevelErrorResponse {
  kind: 'X1TopLevelErrorResponse';
}
/** What a responder sends back: a ResponseContainer, or a TopLevelErrorResponse (§6.1). */
export type X1ResponseDocument = ResponseContainer | X1TopLevelErrorResponseDocument;
