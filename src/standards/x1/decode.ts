/**
 * X1 decoders (TS 103 221-1 §6): XML → RequestContainer / X1ResponseDocument. Namespace-aware parse
 * with libxml2-wasm (no DTD, no external entities, no network), then a strict walk of the XSD
 * sequences. Every failure is a typed X1Error whose `standardCode` is the §6.7 code to report:
 * 1010 syntax/schema, 1020 unsupported version, 3010 unsupported TargetIdentifier type, ...
 */
import type { XmlElement } from 'libxml2-wasm';
import { X1_NS } from './constants.ts';
import { X1Error, X1NamespaceError, X1SchemaError, X1UnsupportedMessageError } from './errors.ts';
import type { X1ErrorDetails } from './errors.ts';
import {
  child, decodeDestinationDetails, decodeDestinationResponseDetails, decodeErrorInformation, decodeListOfDids,
  decodeNeStatusDetails, decodeTaskDetails, decodeTaskResponseDetails, decodeUuidList, int, seqOf, str, strEnum, timestamp,
  tok, uuid,
} from './decode-details.ts';
import type { Ctx } from './decode-details.ts';
import { NE_ISSUE_TYPES, OK_VALUES, REQUEST_MESSAGE_TYPES, TASK_REPORT_TYPES } from './enums.ts';
import type {
  AnyX1Request, AnyX1Response, ErrorResponse, ListAllDetailsResponse, RequestContainer, TopLevelErrorResponse,
  X1RequestMessage, X1ResponseDocument, X1RequestType, X1ResponseType,
} from './types.ts';
import { checkToken, checkVersion } from './values.ts';
import type { SequenceReader } from './xml-reader.ts';
import { withParsedDocument, x1XsiType } from './xml-reader.ts';

const REQUEST_TYPES: readonly X1RequestType[] = [
  'ActivateTaskRequest', 'ModifyTaskRequest', 'DeactivateTaskRequest', 'DeactivateAllTasksRequest', 'CreateDestinationRequest',
  'ModifyDestinationRequest', 'RemoveDestinationRequest', 'RemoveAllDestinationsRequest', 'GetTaskDetailsRequest',
  'GetDestinationDetailsRequest', 'GetNEStatusRequest', 'GetAllDetailsRequest', 'GetAllTaskDetailsRequest',
  'GetAllDestinationDetailsRequest', 'ListAllDetailsRequest', 'ReportTaskIssueRequest', 'ReportDestinationIssueRequest',
  'ReportNEIssueRequest', 'PingRequest', 'KeepaliveRequest',
];
const RESPONSE_TYPES: readonly X1ResponseType[] = [
  'ActivateTaskResponse', 'ModifyTaskResponse', 'DeactivateTaskResponse', 'DeactivateAllTasksResponse', 'CreateDestinationResponse',
  'ModifyDestinationResponse', 'RemoveDestinationResponse', 'RemoveAllDestinationsResponse', 'GetTaskDetailsResponse',
  'GetDestinationDetailsResponse', 'GetNEStatusResponse', 'GetAllDetailsResponse', 'GetAllTaskDetailsResponse',
  'GetAllDestinationDetailsResponse', 'ListAllDetailsResponse', 'ReportTaskIssueResponse', 'ReportDestinationIssueResponse',
  'ReportNEIssueResponse', 'PingResponse', 'KeepaliveResponse', 'ErrorResponse',
];
/** xsi:types the XSD defines for generic objects (§6.8): recognised, but not handled here. */
const GENERIC_OBJECT_TYPES = new Set(
  ['CreateObject', 'ModifyObject', 'GetObject', 'DeleteObject', 'ListObjectsOfType', 'DeleteAllObjects', 'GetAllGenericObjectDetails']
    .flatMap((t) => [`${t}Request`, `${t}Response`]),
);

/** Reads the §6.1 header (in XSD order) and checks the version first, so a bad version reports 1020. */
function decodeHeader(seq: SequenceReader, ctx: Ctx, withTransactionId: boolean): TopLevelErrorResponse & { x1TransactionId?: string } {
  const admf = seq.take('admfIdentifier');
  const ne = seq.take('neIdentifier');
  const ts = seq.take('messageTimestamp');
  const version = checkVersion(tok(seq.take('version'), child(ctx, 'version')), `${ctx.path}/version`);
  const h: TopLevelErrorResponse & { x1TransactionId?: string } = {
    admfIdentifier: checkToken(tok(admf, child(ctx, 'admfIdentifier')), `${ctx.path}/admfIdentifier`),
    neIdentifier: checkToken(tok(ne, child(ctx, 'neIdentifier')), `${ctx.path}/neIdentifier`),
    messageTimestamp: timestamp(ts, child(ctx, 'messageTimestamp')),
    version,
  };
  if (withTransactionId) h.x1TransactionId = uuid(seq.take('x1TransactionId'), child(ctx, 'x1TransactionId'));
  return h;
}

/** The xsi:type of a container child, checked against the list for its container. */
function messageType<T extends string>(el: XmlElement, known: readonly T[], ctx: Ctx): T {
  const type = x1XsiType(el, ctx.path, ctx.details);
  if ((known as readonly string[]).includes(type)) return type as T;
  if (GENERIC_OBJECT_TYPES.has(type)) throw new X1UnsupportedMessageError(type, { ...ctx.details, path: ctx.path });
  throw new X1SchemaError(`${ctx.path}: xsi:type is not an X1 message type of this container`, { ...ctx.details, path: ctx.path });
}

/** Runs one message's decoder, tagging any error with that message's index and request type. */
function inMessage<T>(details: X1ErrorDetails, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof X1Error) e.addContext(details);
    throw e;
  }
}

function decodeRequest(el: XmlElement, index: number): AnyX1Request {
  const details: X1ErrorDetails = { messageIndex: index };
  return inMessage(details, () => decodeRequestIn(el, index, details));
}

function decodeRequestIn(el: XmlElement, index: number, details: X1ErrorDetails): AnyX1Request {
  const ctx: Ctx = { path: `X1Request/x1RequestMessage[${index}]`, details };
  const type = messageType(el, REQUEST_TYPES, ctx);
  details.requestMessageType = type.slice(0, -'Request'.length);
  const seq = seqOf(el, ctx);
  const header = decodeHeader(seq, ctx, true) as X1RequestMessage;
  let m: AnyX1Request;
  switch (type) {
    case 'ActivateTaskRequest':
    case 'ModifyTaskRequest':
      m = { ...header, messageType: type, taskDetails: decodeTaskDetails(seq.take('taskDetails'), child(ctx, 'taskDetails')) };
      break;
    case 'DeactivateTaskRequest':
    case 'GetTaskDetailsRequest':
      m = { ...header, messageType: type, xId: uuid(seq.take('xId'), child(ctx, 'xId')) };
      break;
    case 'CreateDestinationRequest':
    case 'ModifyDestinationRequest':
      m = { ...header, messageType: type, destinationDetails: decodeDestinationDetails(seq.take('destinationDetails'), child(ctx, 'destinationDetails')) };
      break;
    case 'RemoveDestinationRequest':
    case 'GetDestinationDetailsRequest':
      m = { ...header, messageType: type, dId: uuid(seq.take('dId'), child(ctx, 'dId')) };
      break;
    case 'ReportTaskIssueRequest': {
      const xId = uuid(seq.take('xId'), child(ctx, 'xId'));
      const taskReportType = strEnum(seq.take('taskReportType'), TASK_REPORT_TYPES, child(ctx, 'taskReportType'));
      const code = seq.opt('taskIssueErrorCode');
      const det = seq.opt('taskIssueDetails');
      seq.many('taskIssueExtensions').forEach((x, i) => seqOf(x, child(ctx, `taskIssueExtensions[${i}]`)).take('Owner'));
      m = {
        ...header, messageType: type, xId, taskReportType,
        ...(code !== undefined && { taskIssueErrorCode: int(code, child(ctx, 'taskIssueErrorCode')) }),
        ...(det !== undefined && { taskIssueDetails: str(det, child(ctx, 'taskIssueDetails')) }),
      };
      break;
    }
    case 'ReportDestinationIssueRequest': {
      const dId = uuid(seq.take('dId'), child(ctx, 'dId'));
      const destinationReportType = strEnum(seq.take('destinationReportType'), TASK_REPORT_TYPES, child(ctx, 'destinationReportType'));
      const code = seq.opt('destinationIssueErrorCode');
      const det = seq.opt('destinationIssueDetails');
      m = {
        ...header, messageType: type, dId, destinationReportType,
        ...(code !== undefined && { destinationIssueErrorCode: int(code, child(ctx, 'destinationIssueErrorCode')) }),
        ...(det !== undefined && { destinationIssueDetails: str(det, child(ctx, 'destinationIssueDetails')) }),
      };
      break;
    }
    case 'ReportNEIssueRequest': {
      const typeOfNeIssueMessage = strEnum(seq.take('typeOfNeIssueMessage'), NE_ISSUE_TYPES, child(ctx, 'typeOfNeIssueMessage'));
      const description = str(seq.take('description'), child(ctx, 'description'));
      const code = seq.opt('issueCode');
      seq.many('nEIssueExtensions').forEach((x, i) => seqOf(x, child(ctx, `nEIssueExtensions[${i}]`)).take('Owner'));
      m = { ...header, messageType: type, typeOfNeIssueMessage, description, ...(code !== undefined && { issueCode: int(code, child(ctx, 'issueCode')) }) };
      break;
    }
    default:
      m = { ...header, messageType: type };
  }
  seq.end();
  return m;
}

function decodeListAll(seq: SequenceReader, ctx: Ctx, header: X1RequestMessage): ListAllDetailsResponse {
  const listOfXIDs = decodeUuidList(seq.take('ListOfXIDs'), 'xId', child(ctx, 'ListOfXIDs'));
  const { dIds, dsIds } = decodeListOfDids(seq.take('ListOfDIDs'), child(ctx, 'ListOfDIDs'));
  const g = seq.opt('ListOfGenericObjectIDs');
  return {
    ...header, messageType: 'ListAllDetailsResponse', listOfXIDs, listOfDIDs: dIds,
    ...(dsIds.length > 0 && { listOfDSIDs: dsIds }),
    ...(g !== undefined && { listOfGenericObjectIDs: decodeUuidList(g, 'objectId', child(ctx, 'ListOfGenericObjectIDs')) }),
  };
}

function decodeErrorResponse(seq: SequenceReader, ctx: Ctx, header: X1RequestMessage): ErrorResponse {
  const requestMessageType = strEnum(seq.take('requestMessageType'), REQUEST_MESSAGE_TYPES, child(ctx, 'requestMessageType'));
  const errorInformation = decodeErrorInformation(seq.take('errorInformation'), child(ctx, 'errorInformation'));
  const ext = seq.opt('extensionInformation');
  const r: ErrorResponse = { ...header, messageType: 'ErrorResponse', requestMessageType, errorInformation };
  if (ext !== undefined) {
    const c = child(ctx, 'extensionInformation');
    const s = seqOf(ext, c);
    const extensionSpecification = strEnum(s.take('extensionSpecification'), ['TS133128'] as const, child(c, 'extensionSpecification'));
    const extendedRequestMessageType = str(s.take('extendedRequestMessageType'), child(c, 'extendedRequestMessageType'));
    s.end();
    r.extensionInformation = { extensionSpecification, extendedRequestMessageType };
  }
  return r;
}

/** listOf*ResponseDetails wrappers: the generic-object list may only be absent or empty here. */
function refuseGenericObjects(el: XmlElement | undefined, ctx: Ctx): void {
  if (el !== undefined && seqOf(el, ctx).rest().length > 0) throw new X1UnsupportedMessageError('GenericObjectResponseDetails', { ...ctx.details, path: ctx.path });
}

function decodeResponse(el: XmlElement, index: number): AnyX1Response {
  const details: X1ErrorDetails = { messageIndex: index };
  return inMessage(details, () => decodeResponseIn(el, index, details));
}

function decodeResponseIn(el: XmlElement, index: number, details: X1ErrorDetails): AnyX1Response {
  const ctx: Ctx = { path: `X1Response/x1ResponseMessage[${index}]`, details };
  const type = messageType(el, RESPONSE_TYPES, ctx);
  const seq = seqOf(el, ctx);
  const header = decodeHeader(seq, ctx, true) as X1RequestMessage;
  const taskList = (wrapper: XmlElement, c: Ctx) => {
    const s = seqOf(wrapper, c);
    const out = s.many('taskResponseDetails').map((x, i) => decodeTaskResponseDetails(x, child(c, `taskResponseDetails[${i}]`)));
    s.end();
    return out;
  };
  const destList = (wrapper: XmlElement, c: Ctx) => {
    const s = seqOf(wrapper, c);
    const out = s.many('destinationResponseDetails').map((x, i) => decodeDestinationResponseDetails(x, child(c, `destinationResponseDetails[${i}]`)));
    s.end();
    return out;
  };
  let m: AnyX1Response;
  switch (type) {
    case 'ReportNEIssueResponse':
      m = { ...header, messageType: type, oK: strEnum(seq.take('oK'), ['AcknowledgedAndCompleted'] as const, child(ctx, 'oK')) };
      break;
    case 'GetTaskDetailsResponse':
      m = { ...header, messageType: type, taskResponseDetails: decodeTaskResponseDetails(seq.take('taskResponseDetails'), child(ctx, 'taskResponseDetails')) };
      break;
    case 'GetDestinationDetailsResponse':
      m = {
        ...header, messageType: type,
        destinationResponseDetails: decodeDestinationResponseDetails(seq.take('destinationResponseDetails'), child(ctx, 'destinationResponseDetails')),
      };
      break;
    case 'GetNEStatusResponse':
      m = { ...header, messageType: type, neStatusDetails: decodeNeStatusDetails(seq.take('neStatusDetails'), child(ctx, 'neStatusDetails')) };
      break;
    case 'GetAllDetailsResponse': {
      const neStatusDetails = decodeNeStatusDetails(seq.take('neStatusDetails'), child(ctx, 'neStatusDetails'));
      const tasks = taskList(seq.take('listOfTaskResponseDetails'), child(ctx, 'listOfTaskResponseDetails'));
      const dests = destList(seq.take('listOfDestinationResponseDetails'), child(ctx, 'listOfDestinationResponseDetails'));
      refuseGenericObjects(seq.opt('listOfGenericObjectResponseDetails'), child(ctx, 'listOfGenericObjectResponseDetails'));
      m = { ...header, messageType: type, neStatusDetails, listOfTaskResponseDetails: tasks, listOfDestinationResponseDetails: dests };
      break;
    }
    case 'GetAllTaskDetailsResponse': {
      const l = seq.opt('listOfTaskResponseDetails');
      m = { ...header, messageType: type, ...(l !== undefined && { listOfTaskResponseDetails: taskList(l, child(ctx, 'listOfTaskResponseDetails')) }) };
      break;
    }
    case 'GetAllDestinationDetailsResponse': {
      const l = seq.opt('listOfDestinationResponseDetails');
      m = {
        ...header, messageType: type,
        ...(l !== undefined && { listOfDestinationResponseDetails: destList(l, child(ctx, 'listOfDestinationResponseDetails')) }),
      };
      break;
    }
    case 'ListAllDetailsResponse':
      m = decodeListAll(seq, ctx, header);
      break;
    case 'ErrorResponse':
      m = decodeErrorResponse(seq, ctx, header);
      break;
    default:
      m = { ...header, messageType: type, oK: strEnum(seq.take('oK'), OK_VALUES, child(ctx, 'oK')) };
  }
  seq.end();
  return m;
}

function rootOf(doc: { root: XmlElement }, expected: readonly string[]): XmlElement {
  const root = doc.root;
  if (root.namespaceUri !== X1_NS) throw new X1NamespaceError(`root element is not in the X1 namespace ${X1_NS}`, { path: root.name });
  if (!expected.includes(root.name)) throw new X1SchemaError(`root element ${root.name} is not one of ${expected.join(', ')}`, { path: root.name });
  return root;
}

/** Anything unexpected escaping the walk is still reported as a typed X1 error (never a crash). */
function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof X1Error) throw e;
    throw new X1SchemaError('X1 document could not be decoded', {}, e);
  }
}

/** Decodes an X1Request document (RequestContainer with one or more requests). */
export function decodeX1Request(xml: string | Uint8Array): RequestContainer {
  return guard(() =>
    withParsedDocument(xml, (doc) => {
      const root = rootOf(doc, ['X1Request']);
      const seq = seqOf(root, { path: 'X1Request', details: {} });
      const items = seq.many('x1RequestMessage', X1_NS, 1);
      seq.end();
      return { x1RequestMessage: items.map((el, i) => decodeRequest(el, i)) };
    }),
  );
}

/** Decodes an X1Response (ResponseContainer) or X1TopLevelErrorResponse document. */
export function decodeX1Response(xml: string | Uint8Array): X1ResponseDocument {
  return guard(() =>
    withParsedDocument(xml, (doc) => {
      const root = rootOf(doc, ['X1Response', 'X1TopLevelErrorResponse']);
      if (root.name === 'X1TopLevelErrorResponse') {
        const ctx: Ctx = { path: 'X1TopLevelErrorResponse', details: {} };
        const seq = seqOf(root, ctx);
        const header = decodeHeader(seq, ctx, false);
        seq.end();
        return { kind: 'X1TopLevelErrorResponse', ...header };
      }
      const seq = seqOf(root, { path: 'X1Response', details: {} });
      const items = seq.many('x1ResponseMessage', X1_NS, 1);
      seq.end();
      return { kind: 'X1Response', x1ResponseMessage: items.map((el, i) => decodeResponse(el, i)) };
    }),
  );
}
