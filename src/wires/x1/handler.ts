/**
 * The typed request handler an X1 responder implements (NE/MDF at /X1/NE, ADMF at /X1/ADMF), and
 * the dispatch of one decoded request to it (TS 103 221-1 §6.2 - §6.6). A handler that throws an
 * `X1Error` refuses that request: the server answers it with an ErrorResponse carrying the error's
 * §6.7 code (§6.7 Table 44). A missing handler method is answered with the §6.7 code for "not
 * enabled/supported" where Table 46 has one, else 1000. `afterContainer` may still refuse requests the
 * handler accepted, once the whole container is processed.
 */
import type {
  ActivateTaskRequest, AnyX1Request, AnyX1Response, CreateDestinationRequest, DeactivateAllTasksRequest,
  DeactivateTaskRequest, DestinationResponseDetails, GetAllDestinationDetailsRequest, GetAllDetailsRequest,
  GetAllTaskDetailsRequest, GetDestinationDetailsRequest, GetNEStatusRequest, GetTaskDetailsRequest, KeepaliveRequest,
  ListAllDetailsRequest, ModifyDestinationRequest, ModifyTaskRequest, NeStatusDetails, OK, PingRequest,
  RemoveAllDestinationsRequest, RemoveDestinationRequest, ReportDestinationIssueRequest, ReportNEIssueRequest,
  ReportTaskIssueRequest, RequestContainer, TaskResponseDetails, X1ResponseMessage,
} from '../../standards/x1/index.ts';
import type { X1Error } from '../../standards/x1/index.ts';
import { refusals } from './errors.ts';

/** What a handler learns about the exchange besides the request itself. */
export interface X1HandlerContext {
  /** Authenticated peer (client certificate UID/CN). */
  peer: string;
  /** The request body exactly as received (to hash, sign or audit). */
  requestBytes: Uint8Array;
  /** The whole decoded container and this request's index in it. */
  container: RequestContainer;
  index: number;
}

type Result<T> = T | Promise<T>;
/** OK-type requests: return nothing for "AcknowledgedAndCompleted", or the OK value to send. */
type OkResult = Result<OK | undefined | void>; // eslint-disable-line @typescript-eslint/no-invalid-void-type

export interface X1RequestHandler {
  onActivateTask?(req: ActivateTaskRequest, ctx: X1HandlerContext): OkResult;
  onModifyTask?(req: ModifyTaskRequest, ctx: X1HandlerContext): OkResult;
  onDeactivateTask?(req: DeactivateTaskRequest, ctx: X1HandlerContext): OkResult;
  onDeactivateAllTasks?(req: DeactivateAllTasksRequest, ctx: X1HandlerContext): OkResult;
  onCreateDestination?(req: CreateDestinationRequest, ctx: X1HandlerContext): OkResult;
  onModifyDestination?(req: ModifyDestinationRequest, ctx: X1HandlerContext): OkResult;
  onRemoveDestination?(req: RemoveDestinationRequest, ctx: X1HandlerContext): OkResult;
  onRemoveAllDestinations?(req: RemoveAllDestinationsRequest, ctx: X1HandlerContext): OkResult;
  onGetTaskDetails?(req: GetTaskDetailsRequest, ctx: X1HandlerContext): Result<TaskResponseDetails>;
  onGetDestinationDetails?(req: GetDestinationDetailsRequest, ctx: X1HandlerContext): Result<DestinationResponseDetails>;
  onGetNEStatus?(req: GetNEStatusRequest, ctx: X1HandlerContext): Result<NeStatusDetails>;
  onGetAllDetails?(req: GetAllDetailsRequest, ctx: X1HandlerContext): Result<{
    neStatusDetails: NeStatusDetails;
    listOfTaskResponseDetails: TaskResponseDetails[];
    listOfDestinationResponseDetails: DestinationResponseDetails[];
  }>;
  onGetAllTaskDetails?(req: GetAllTaskDetailsRequest, ctx: X1HandlerContext): Result<TaskResponseDetails[]>;
  onGetAllDestinationDetails?(req: GetAllDestinationDetailsRequest, ctx: X1HandlerContext): Result<DestinationResponseDetails[]>;
  onListAllDetails?(req: ListAllDetailsRequest, ctx: X1HandlerContext): Result<{ listOfXIDs: string[]; listOfDIDs: string[] }>;
  onReportTaskIssue?(req: ReportTaskIssueRequest, ctx: X1HandlerContext): OkResult;
  onReportDestinationIssue?(req: ReportDestinationIssueRequest, ctx: X1HandlerContext): OkResult;
  onReportNEIssue?(req: ReportNEIssueRequest, ctx: X1HandlerContext): Result<undefined | void>; // eslint-disable-line @typescript-eslint/no-invalid-void-type
  onPing?(req: PingRequest, ctx: X1HandlerContext): OkResult;
  onKeepalive?(req: KeepaliveRequest, ctx: X1HandlerContext): OkResult;
  /**
   * Called once per RequestContainer, after its last request and before its ResponseContainer is
   * encoded (so a responder can make the container's changes durable with one write: §6.1 allows
   * many requests per container). Returns the requests to answer with an ErrorResponse after all,
   * by index in the container; a throw refuses every request of the container (code 1000).
   */
  afterContainer?(container: RequestContainer, peer: string): Result<ReadonlyMap<number, X1Error> | undefined>;
}

const ok = (v: OK | undefined | void): OK => v ?? 'AcknowledgedAndCompleted'; // eslint-disable-line @typescript-eslint/no-invalid-void-type

/** Runs one request through the handler; throws an X1Error to refuse it. */
export async function dispatchX1Request(h: X1RequestHandler, req: AnyX1Request, header: X1ResponseMessage, ctx: X1HandlerContext): Promise<AnyX1Response> {
  const missing = () => refusals.notHandled(req.messageType);
  switch (req.messageType) {
    case 'ActivateTaskRequest':
      if (!h.onActivateTask) throw missing();
      return { ...header, messageType: 'ActivateTaskResponse', oK: ok(await h.onActivateTask(req, ctx)) };
    case 'ModifyTaskRequest':
      if (!h.onModifyTask) throw missing();
      return { ...header, messageType: 'ModifyTaskResponse', oK: ok(await h.onModifyTask(req, ctx)) };
    case 'DeactivateTaskRequest':
      if (!h.onDeactivateTask) throw missing();
      return { ...header, messageType: 'DeactivateTaskResponse', oK: ok(await h.onDeactivateTask(req, ctx)) };
    case 'DeactivateAllTasksRequest':
      if (!h.onDeactivateAllTasks) throw refusals.deactivateAllDisabled();
      return { ...header, messageType: 'DeactivateAllTasksResponse', oK: ok(await h.onDeactivateAllTasks(req, ctx)) };
    case 'CreateDestinationRequest':
      if (!h.onCreateDestination) throw missing();
      return { ...header, messageType: 'CreateDestinationResponse', oK: ok(await h.onCreateDestination(req, ctx)) };
    case 'ModifyDestinationRequest':
      if (!h.onModifyDestination) throw missing();
      return { ...header, messageType: 'ModifyDestinationResponse', oK: ok(await h.onModifyDestination(req, ctx)) };
    case 'RemoveDestinationRequest':
      if (!h.onRemoveDestination) throw missing();
      return { ...header, messageType: 'RemoveDestinationResponse', oK: ok(await h.onRemoveDestination(req, ctx)) };
    case 'RemoveAllDestinationsRequest':
      if (!h.onRemoveAllDestinations) throw refusals.removeAllDisabled();
      return { ...header, messageType: 'RemoveAllDestinationsResponse', oK: ok(await h.onRemoveAllDestinations(req, ctx)) };
    case 'GetTaskDetailsRequest':
      if (!h.onGetTaskDetails) throw missing();
      return { ...header, messageType: 'GetTaskDetailsResponse', taskResponseDetails: await h.onGetTaskDetails(req, ctx) };
    case 'GetDestinationDetailsRequest':
      if (!h.onGetDestinationDetails) throw missing();
      return { ...header, messageType: 'GetDestinationDetailsResponse', destinationResponseDetails: await h.onGetDestinationDetails(req, ctx) };
    case 'GetNEStatusRequest':
      if (!h.onGetNEStatus) throw missing();
      return { ...header, messageType: 'GetNEStatusResponse', neStatusDetails: await h.onGetNEStatus(req, ctx) };
    case 'GetAllDetailsRequest':
      if (!h.onGetAllDetails) throw missing();
      return { ...header, messageType: 'GetAllDetailsResponse', ...(await h.onGetAllDetails(req, ctx)) };
    case 'GetAllTaskDetailsRequest':
      if (!h.onGetAllTaskDetails) throw missing();
      return { ...header, messageType: 'GetAllTaskDetailsResponse', listOfTaskResponseDetails: await h.onGetAllTaskDetails(req, ctx) };
    case 'GetAllDestinationDetailsRequest':
      if (!h.onGetAllDestinationDetails) throw missing();
      return { ...header, messageType: 'GetAllDestinationDetailsResponse', listOfDestinationResponseDetails: await h.onGetAllDestinationDetails(req, ctx) };
    case 'ListAllDetailsRequest':
      if (!h.onListAllDetails) throw missing();
      return { ...header, messageType: 'ListAllDetailsResponse', ...(await h.onListAllDetails(req, ctx)) };
    case 'ReportTaskIssueRequest':
      if (!h.onReportTaskIssue) throw missing();
      return { ...header, messageType: 'ReportTaskIssueResponse', oK: ok(await h.onReportTaskIssue(req, ctx)) };
    case 'ReportDestinationIssueRequest':
      if (!h.onReportDestinationIssue) throw missing();
      return { ...header, messageType: 'ReportDestinationIssueResponse', oK: ok(await h.onReportDestinationIssue(req, ctx)) };
    case 'ReportNEIssueRequest':
      if (!h.onReportNEIssue) throw missing();
      await h.onReportNEIssue(req, ctx);
      return { ...header, messageType: 'ReportNEIssueResponse', oK: 'AcknowledgedAndCompleted' };
    case 'PingRequest':
      if (!h.onPing) return { ...header, messageType: 'PingResponse', oK: 'AcknowledgedAndCompleted' };
      return { ...header, messageType: 'PingResponse', oK: ok(await h.onPing(req, ctx)) };
    case 'KeepaliveRequest':
      if (!h.onKeepalive) throw refusals.keepaliveUnsupported();
      return { ...header, messageType: 'KeepaliveResponse', oK: ok(await h.onKeepalive(req, ctx)) };
  }
}
