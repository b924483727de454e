/** Public API of the warrant desk (HI-1 intake, TS 103 120) and its agency-side client. */
export { WarrantDesk, DEFAULT_DESK_ENDPOINT, DEFAULT_HI1_VERSION, errorInformation, microsecondTimestamp, type WarrantDeskOptions, type DeskReply } from './desk.ts';
export { startDeskServer, HI1_PATH, type DeskServerOptions } from './server.ts';
export { Hi1Client, Hi1ActionRefused, firstResponse, actionResponses, type Hi1ClientOptions, type Hi1Exchange } from './client.ts';
export { warrantToHi1Objects, approvalUpdate, DESIRED_STATUS_FOR, type BuildOptions } from './build.ts';
export {
  draftFromHi1,
  encodeWarrantParameters,
  decodeWarrantParameters,
  canonicalDocumentIdFor,
  liTaskIdFor,
  stableUuid,
  WARRANT_PARAMETERS_TYPE,
  type WarrantParameters,
} from './mapping.ts';
export { signatureToApprovalDetails, approvalDetailsToSignature, WARRANTED_HI1_NS, SIGNATURE_TYPE } from './signatures-hi1.ts';
export { authorisationObject, liTaskObjects, canonicalDocument, notificationObjects, notificationStatusOf, statusChangeParameters, STATUS_CHANGE_TYPE, notificationIdFor, taskStatusFor, documentStatusFor, type RenderContext } from './render.ts';
export { submitWithSignatures, addApprovals, activateDue, type IntakeDeps } from './lifecycle.ts';
export { MemoryDeskObjectStore, FileDeskObjectStore, deskObjectsKeyFrom, type DeskObject, type DeskObjectStore } from './objects.ts';
export { warrantAuditSink, logEventFromCore, coreEventFromLog, keyRegistryEventsFromLog, type AuditAppender } from './audit.ts';
export { DeskError, ERROR_CODES, WARRANT_CODE_TO_HI1, type DeskErrorCode } from './errors.ts';
export { HI1_EMITTED_CHANNEL, publishHi1Document, type Hi1EmittedDocument } from './capture.ts';
export { submitOrder, signOrder, revokeOrder, fetchOrder, listOrders, deskOrderOf, type DeskOrder } from './order-client.ts';
export { orderToHi1Objects, orderDraftFromHi1, orderDocumentIdFor, ldTaskIdFor, ORDER_PARAMETERS_TYPE, ORDER_TASK_PARAMETERS_TYPE } from './order-mapping.ts';
export { type OrderDeskOptions } from './orders.ts';
export { ORDER_CODE_TO_HI1 } from './errors.ts';
