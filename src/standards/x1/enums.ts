/** Enumerations of the TS 103 221-1 XSD, as runtime lists (decoder and encoder check against them). */
import type {
  DeliveryType, DestinationDeliveryStatus, MediationDeliveryType, NeStatus, OK, ProvisioningStatus,
  RequestMessageType, ServiceType, TaskReportType, TypeOfNeIssueMessage,
} from './types.ts';

export const DELIVERY_TYPES: readonly DeliveryType[] = ['X2Only', 'X3Only', 'X2andX3'];
export const MEDIATION_DELIVERY_TYPES: readonly MediationDeliveryType[] = ['HI2Only', 'HI3Only', 'HI2andHI3'];
export const SERVICE_TYPES: readonly ServiceType[] = ['voice', 'data', 'messaging', 'pushToTalk', 'LALS', 'RCS'];
export const OK_VALUES: readonly OK[] = ['AcknowledgedAndCompleted', 'Acknowledged'];
export const PROVISIONING_STATUSES: readonly ProvisioningStatus[] = ['awaitingProvisioning', 'failed', 'complete'];
export const DESTINATION_DELIVERY_STATUSES: readonly DestinationDeliveryStatus[] = ['activeAndWorking', 'deliveryFault'];
export const NE_STATUSES: readonly NeStatus[] = ['OK', 'Faults'];
export const TASK_REPORT_TYPES: readonly TaskReportType[] = [
  'AllClear', 'Warning', 'NonTerminatingFault', 'TerminatingFault', 'ImplicitDeactivation',
  'FullyActionedAndSuccessful', 'FullyActionedAndUnsuccessful',
];
export const NE_ISSUE_TYPES: readonly TypeOfNeIssueMessage[] = ['Warning', 'FaultCleared', 'FaultReport', 'Alert'];
export const REQUEST_MESSAGE_TYPES: readonly RequestMessageType[] = [
  'ActivateTask', 'ModifyTask', 'DeactivateTask', 'DeactivateAllTasks', 'GetTaskDetails', 'CreateDestination',
  'ModifyDestination', 'RemoveDestination', 'RemoveAllDestinations', 'GetDestinationDetails', 'GetNEStatus',
  'GetAllDetails', 'GetAllTaskDetails', 'GetAllDestinationDetails', 'GetAllGenericObjectDetails', 'ListAllDetails',
  'ReportTaskIssue', 'ReportDestinationIssue', 'ReportNEIssue', 'Ping', 'Keepalive', 'CreateObject', 'ModifyObject',
  'GetObject', 'DeleteObject', 'ListObjectsOfType', 'DeleteAllObjects', 'ExtendedRequestMessageType',
];
