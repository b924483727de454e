/**
 * X1 encoders (TS 103 221-1 §6): RequestContainer / ResponseContainer / TopLevelErrorResponse to XML.
 * Built with xmlbuilder2 using explicit namespace URIs: X1 as the default namespace, TS 103 280 as
 * `etsi:`, XML Schema instance as `xsi:` (each message carries xsi:type, §6.1). Values are checked
 * against their XSD types first: the encoder throws X1EncodeError rather than emit an invalid document.
 */
import { create } from 'xmlbuilder2';
import { ETSI_103280_NS, WARRANT_BINDING_NS, X1_NS, XMLNS_NS, XSI_NS } from './constants.ts';
import { X1EncodeError, X1Error, X1SchemaError } from './errors.ts';
import {
  encodeDestinationDetails, encodeDestinationResponseDetails, encodeErrorInformation, encodeListOfDids, encodeNeStatusDetails,
  encodeTaskDetails, encodeTaskResponseDetails, leaf,
} from './encode-details.ts';
import type { Builder } from './encode-details.ts';
import { NE_ISSUE_TYPES, OK_VALUES, REQUEST_MESSAGE_TYPES, TASK_REPORT_TYPES } from './enums.ts';
import type {
  AnyX1Request, AnyX1Response, RequestContainer, TopLevelErrorResponse, X1RequestMessage, X1ResponseDocument,
} from './types.ts';
import { checkEnum, checkInteger, checkTimestamp, checkToken, checkUuid, checkVersion, checkXmlString } from './values.ts';

function newRoot(name: string): { doc: ReturnType<typeof create>; root: Builder } {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc
    .ele(X1_NS, name)
    .att(XMLNS_NS, 'xmlns:etsi', ETSI_103280_NS)
    .att(XMLNS_NS, 'xmlns:xsi', XSI_NS)
    .att(XMLNS_NS, 'xmlns:wb', WARRANT_BINDING_NS);
  return { doc, root };
}

/** §6.1 Table 1 header fields, in XSD order; x1TransactionId omitted for TopLevelErrorResponse. */
function encodeHeader(el: Builder, h: TopLevelErrorResponse & { x1TransactionId?: string }, path: string, withTransactionId: boolean): void {
  leaf(el, 'admfIdentifier', checkToken(h.admfIdentifier, `${path}/admfIdentifier`));
  leaf(el, 'neIdentifier', checkToken(h.neIdentifier, `${path}/neIdentifier`));
  leaf(el, 'messageTimestamp', checkTimestamp(h.messageTimestamp, `${path}/messageTimestamp`));
  leaf(el, 'version', checkVersion(h.version, `${path}/version`));
  if (withTransactionId) leaf(el, 'x1TransactionId', checkUuid(h.x1TransactionId ?? '', `${path}/x1TransactionId`));
}

function encodeRequestBody(el: Builder, m: AnyX1Request, path: string): void {
  switch (m.messageType) {
    case 'ActivateTaskRequest':
    case 'ModifyTaskRequest':
      encodeTaskDetails(el, m.taskDetails, `${path}/taskDetails`);
      return;
    case 'DeactivateTaskRequest':
    case 'GetTaskDetailsRequest':
      leaf(el, 'xId', checkUuid(m.xId, `${path}/xId`));
      return;
    case 'CreateDestinationRequest':
    case 'ModifyDestinationRequest':
      encodeDestinationDetails(el, m.destinationDetails, `${path}/destinationDetails`);
      return;
    case 'RemoveDestinationRequest':
    case 'GetDestinationDetailsRequest':
      leaf(el, 'dId', checkUuid(m.dId, `${path}/dId`));
      return;
    case 'ReportTaskIssueRequest':
      leaf(el, 'xId', checkUuid(m.xId, `${path}/xId`));
      leaf(el, 'taskReportType', checkEnum(m.taskReportType, TASK_REPORT_TYPES, `${path}/taskReportType`));
      if (m.taskIssueErrorCode !== undefined) leaf(el, 'taskIssueErrorCode', String(checkInteger(m.taskIssueErrorCode, `${path}/taskIssueErrorCode`)));
      if (m.taskIssueDetails !== undefined) leaf(el, 'taskIssueDetails', checkXmlString(m.taskIssueDetails, `${path}/taskIssueDetails`));
      return;
    case 'ReportDestinationIssueRequest':
      leaf(el, 'dId', checkUuid(m.dId, `${path}/dId`));
      leaf(el, 'destinationReportType', checkEnum(m.destinationReportType, TASK_REPORT_TYPES, `${path}/destinationReportType`));
      if (m.destinationIssueErrorCode !== undefined) {
        leaf(el, 'destinationIssueErrorCode', String(checkInteger(m.destinationIssueErrorCode, `${path}/destinationIssueErrorCode`)));
      }
      if (m.destinationIssueDetails !== undefined) {
        leaf(el, 'destinationIssueDetails', checkXmlString(m.destinationIssueDetails, `${path}/destinationIssueDetails`));
      }
      return;
    case 'ReportNEIssueRequest':
      leaf(el, 'typeOfNeIssueMessage', checkEnum(m.typeOfNeIssueMessage, NE_ISSUE_TYPES, `${path}/typeOfNeIssueMessage`));
      leaf(el, 'description', checkXmlString(m.description, `${path}/description`));
      if (m.issueCode !== undefined) leaf(el, 'issueCode', String(checkInteger(m.issueCode, `${path}/issueCode`)));
      return;
    case 'DeactivateAllTasksRequest':
    case 'RemoveAllDestinationsRequest':
    case 'GetNEStatusRequest':
    case 'GetAllDetailsRequest':
    case 'GetAllTaskDetailsRequest':
    case 'GetAllDestinationDetailsRequest':
    case 'ListAllDetailsRequest':
    case 'PingRequest':
    case 'KeepaliveRequest':
      return;
    default: {
      const unknown: never = m;
      throw new X1SchemaError(`${path}: unknown request messageType ${String((unknown as { messageType: unknown }).messageType)}`, { path });
    }
  }
}

function encodeResponseBody(el: Builder, m: AnyX1Response, path: string): void {
  switch (m.messageType) {
    case 'ActivateTaskResponse': case 'ModifyTaskResponse': case 'DeactivateTaskResponse': case 'DeactivateAllTasksResponse':
    case 'CreateDestinationResponse': case 'ModifyDestinationResponse': case 'RemoveDestinationResponse':
    case 'RemoveAllDestinationsResponse': case 'ReportTaskIssueResponse': case 'ReportDestinationIssueResponse':
    case 'PingResponse': case 'KeepaliveResponse':
      leaf(el, 'oK', checkEnum(m.oK, OK_VALUES, `${path}/oK`));
      return;
    case 'ReportNEIssueResponse':
      leaf(el, 'oK', checkEnum(m.oK, ['AcknowledgedAndCompleted'], `${path}/oK`));
      return;
    case 'GetTaskDetailsResponse':
      encodeTaskResponseDetails(el, 'taskResponseDetails', m.taskResponseDetails, `${path}/taskResponseDetails`);
      return;
    case 'GetDestinationDetailsResponse':
      encodeDestinationResponseDetails(el, 'destinationResponseDetails', m.destinationResponseDetails, `${path}/destinationResponseDetails`);
      return;
    case 'GetNEStatusResponse':
      encodeNeStatusDetails(el, m.neStatusDetails, `${path}/neStatusDetails`);
      return;
    case 'GetAllDetailsResponse': {
      encodeNeStatusDetails(el, m.neStatusDetails, `${path}/neStatusDetails`);
      const t = el.ele(X1_NS, 'listOfTaskResponseDetails');
      m.listOfTaskResponseDetails.forEach((r, i) => encodeTaskResponseDetails(t, 'taskResponseDetails', r, `${path}/listOfTaskResponseDetails[${i}]`));
      const d = el.ele(X1_NS, 'listOfDestinationResponseDetails');
      m.listOfDestinationResponseDetails.forEach((r, i) =>
        encodeDestinationResponseDetails(d, 'destinationResponseDetails', r, `${path}/listOfDestinationResponseDetails[${i}]`),
      );
      return;
    }
    case 'GetAllTaskDetailsResponse':
      if (m.listOfTaskResponseDetails !== undefined) {
        const t = el.ele(X1_NS, 'listOfTaskResponseDetails');
        m.listOfTaskResponseDetails.forEach((r, i) => encodeTaskResponseDetails(t, 'taskResponseDetails', r, `${path}/listOfTaskResponseDetails[${i}]`));
      }
      return;
    case 'GetAllDestinationDetailsResponse':
      if (m.listOfDestinationResponseDetails !== undefined) {
        const d = el.ele(X1_NS, 'listOfDestinationResponseDetails');
        m.listOfDestinationResponseDetails.forEach((r, i) =>
          encodeDestinationResponseDetails(d, 'destinationResponseDetails', r, `${path}/listOfDestinationResponseDetails[${i}]`),
        );
      }
      return;
    case 'ListAllDetailsResponse': {
      const x = el.ele(X1_NS, 'ListOfXIDs');
      m.listOfXIDs.forEach((id, i) => leaf(x, 'xId', checkUuid(id, `${path}/ListOfXIDs/xId[${i}]`)));
      encodeListOfDids(el, 'ListOfDIDs', m.listOfDIDs, m.listOfDSIDs, `${path}/ListOfDIDs`);
      if (m.listOfGenericObjectIDs !== undefined) {
        const g = el.ele(X1_NS, 'ListOfGenericObjectIDs');
        m.listOfGenericObjectIDs.forEach((id, i) => leaf(g, 'objectId', checkUuid(id, `${path}/ListOfGenericObjectIDs/objectId[${i}]`)));
      }
      return;
    }
    case 'ErrorResponse':
      leaf(el, 'requestMessageType', checkEnum(m.requestMessageType, REQUEST_MESSAGE_TYPES, `${path}/requestMessageType`));
      encodeErrorInformation(el, 'errorInformation', m.errorInformation, `${path}/errorInformation`);
      if (m.extensionInformation !== undefined) {
        const x = el.ele(X1_NS, 'extensionInformation');
        leaf(x, 'extensionSpecification', checkEnum(m.extensionInformation.extensionSpecification, ['TS133128'], `${path}/extensionInformation`));
        leaf(x, 'extendedRequestMessageType', checkXmlString(m.extensionInformation.extendedRequestMessageType, `${path}/extensionInformation`));
      }
      return;
    default: {
      const unknown: never = m;
      throw new X1SchemaError(`${path}: unknown response messageType ${String((unknown as { messageType: unknown }).messageType)}`, { path });
    }
  }
}

function serialise(build: () => ReturnType<typeof create>): string {
  try {
    // wellFormed: xmlbuilder2 refuses characters XML cannot carry instead of writing them.
    return build().end({ prettyPrint: false, wellFormed: true });
  } catch (e) {
    if (e instanceof X1EncodeError) throw e;
    if (e instanceof X1Error) throw new X1EncodeError(`cannot encode X1 message: ${e.message}`, e);
    throw new X1EncodeError('cannot encode X1 message: not well-formed', e);
  }
}

function checkMessages<T>(list: T[] | undefined, path: string): T[] {
  if (!Array.isArray(list) || list.length === 0) throw new X1SchemaError(`${path} needs at least one message`, { path });
  return list;
}

/** Encodes an X1Request (RequestContainer, §6.1) holding one or more requests. */
export function encodeX1Request(msg: RequestContainer): string {
  return serialise(() => {
    const messages = checkMessages(msg.x1RequestMessage, 'X1Request');
    const { doc, root } = newRoot('X1Request');
    messages.forEach((m, i) => {
      const path = `X1Request/x1RequestMessage[${i}]`;
      const el = root.ele(X1_NS, 'x1RequestMessage').att(XSI_NS, 'xsi:type', m.messageType);
      encodeHeader(el, m satisfies X1RequestMessage, path, true);
      encodeRequestBody(el, m, path);
    });
    return doc;
  });
}

/** Encodes an X1Response (ResponseContainer) or an X1TopLevelErrorResponse (§6.1). */
export function encodeX1Response(msg: X1ResponseDocument): string {
  return serialise(() => {
    if (msg.kind === 'X1TopLevelErrorResponse') {
      const { doc, root } = newRoot('X1TopLevelErrorResponse');
      encodeHeader(root, msg, 'X1TopLevelErrorResponse', false);
      return doc;
    }
    if (msg.kind !== 'X1Response') throw new X1SchemaError('X1 response document kind must be X1Response or X1TopLevelErrorResponse');
    const messages = checkMessages(msg.x1ResponseMessage, 'X1Response');
    const { doc, root } = newRoot('X1Response');
    messages.forEach((m, i) => {
      const path = `X1Response/x1ResponseMessage[${i}]`;
      const el = root.ele(X1_NS, 'x1ResponseMessage').att(XSI_NS, 'xsi:type', m.messageType);
      encodeHeader(el, m, path, true);
      encodeResponseBody(el, m, path);
    });
    return doc;
  });
}
