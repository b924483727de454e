/**
 * The RDHI wrapper of module RDMessage version26 (TS 102 657 Annex A.3.2): RetainedDataMessage,
 * its header, and every payload of RetainedDataPayload except the national supplementary ones.
 */
import { alt, choice, INT, NULL, OCTETS, OID, opt, req, seq, seqOf, sized, TIME, UTF8, type Infer } from './schema.ts';
import { CountryCode } from './types-common.ts';
import { TelephonyRecord } from './types-telephony.ts';
import { MessageRecord, NetworkAccessRecord } from './types-messaging-na.ts';

/** rdHeaderId OBJECT IDENTIFIER ::= {retainedDataDomainId rdHeader(0) version26(26)}, retainedDataDomainId = 0.4.0.2.3 */
export const RD_HEADER_ID = '0.4.0.2.3.0.26';

/**
 * RequestID ::= SEQUENCE { countryCode [1] CountryCode, authorisedOrganisationID [2] UTF8String,
 * requestNumber [3] RequestNumber OPTIONAL -- all messages except GetStatusMessage and StatusMessage (§6.1.2),
 * ..., externalIdentifier [4] ExternalIdentifier OPTIONAL }
 */
export const RequestID = seq({
  countryCode: req(1, CountryCode),
  authorisedOrganisationID: req(2, UTF8),
  requestNumber: opt(3, UTF8),
  externalIdentifier: opt(4, UTF8),
});
export type RequestID = Infer<typeof RequestID>;

/**
 * RetainedDataHeader ::= SEQUENCE { requestID [1] RequestID, cSPID [2] CSPID, timeStamp [3] GeneralizedTime,
 * thirdPartyCSPID [4] CSPID OPTIONAL, ..., requestType [5] RequestType OPTIONAL, requestFlag [6] RequestFlag OPTIONAL }
 */
export const RetainedDataHeader = seq({
  requestID: req(1, RequestID),
  cSPID: req(2, UTF8),
  timeStamp: req(3, TIME),
  thirdPartyCSPID: opt(4, UTF8),
  requestType: opt(5, UTF8),
  requestFlag: opt(6, UTF8),
});
export type RetainedDataHeader = Infer<typeof RetainedDataHeader>;

/** RetainedDataRecord ::= CHOICE { telephonyRecord [1], messageRecord [2], networkAccess [3], ..., multimediaRecord [4] } (multimedia not implemented) */
export const RetainedDataRecord = choice({
  telephonyRecord: alt(1, TelephonyRecord),
  messageRecord: alt(2, MessageRecord),
  networkAccess: alt(3, NetworkAccessRecord),
});
export type RetainedDataRecord = Infer<typeof RetainedDataRecord>;

/**
 * RequestConstraints ::= SEQUENCE { equals [1], notEqualTo [2], lessThan [3], lessThanOrEqualTo [4], greaterThan [5],
 * greaterThanOrEqualTo [6], startsWith [7], endsWith [8] RetainedDataRecord OPTIONAL, isAMemberOf [9] SEQUENCE OF
 * RetainedDataRecord OPTIONAL, ... }. All are decodable (so an RDHI can refuse them with a reason); the project's
 * request builder writes only equals / lessThanOrEqualTo / greaterThanOrEqualTo (request.ts).
 */
export const RequestConstraints = seq({
  equals: opt(1, RetainedDataRecord),
  notEqualTo: opt(2, RetainedDataRecord),
  lessThan: opt(3, RetainedDataRecord),
  lessThanOrEqualTo: opt(4, RetainedDataRecord),
  greaterThan: opt(5, RetainedDataRecord),
  greaterThanOrEqualTo: opt(6, RetainedDataRecord),
  startsWith: opt(7, RetainedDataRecord),
  endsWith: opt(8, RetainedDataRecord),
  isAMemberOf: opt(9, seqOf(RetainedDataRecord)),
});
export type RequestConstraints = Infer<typeof RequestConstraints>;

/** NationalRequestParameters / NationalResponsePayload / NationalRecordPayload ::= SEQUENCE { countryCode [1] UTF8String (SIZE (2)), ... } */
const National = seq({ countryCode: req(1, sized('utf8', 2, 2)) });

/**
 * RequestMessage ::= SEQUENCE { requestPriority [1] OCTET STRING, requestParameters [2] RequestConstraints,
 * deliveryPointHIB [3] UTF8String, maxHits [4] INTEGER, nationalRequestParameters [5], ..., maxRecordsPerBatch [6] INTEGER,
 * requestedData [7] SEQUENCE OF UTF8String, numberOfRecordsLimit [8] INTEGER } -- all OPTIONAL
 */
export const RequestMessage = seq({
  requestPriority: opt(1, OCTETS),
  requestParameters: opt(2, RequestConstraints),
  deliveryPointHIB: opt(3, UTF8),
  maxHits: opt(4, INT),
  nationalRequestParameters: opt(5, National),
  maxRecordsPerBatch: opt(6, INT),
  requestedData: opt(7, seqOf(UTF8)),
  numberOfRecordsLimit: opt(8, INT),
});
export type RequestMessage = Infer<typeof RequestMessage>;

/** CategorisedErrorDescription ::= SEQUENCE { value [1] INTEGER, description [2] UTF8String OPTIONAL, ... } (§6.4: values agreed nationally) */
export const CategorisedErrorDescription = seq({ value: req(1, INT), description: opt(2, UTF8) });
/** FurtherInformation ::= SEQUENCE { information [1] UTF8String, contactInformation [2] UTF8String OPTIONAL, ..., categorisedErrorDescription [3] OPTIONAL } */
export const FurtherInformation = seq({ information: req(1, UTF8), contactInformation: opt(2, UTF8), categorisedErrorDescription: opt(3, CategorisedErrorDescription) });
export type FurtherInformation = Infer<typeof FurtherInformation>;

/** ResponseStatus ::= CHOICE { responseComplete [1] NULL, responseIncomplete [2] NULL, responseUnavailable [3] NULL, responseFailed [4] FurtherInformation, ... } */
export const ResponseStatus = choice({
  responseComplete: alt(1, NULL),
  responseIncomplete: alt(2, NULL),
  responseUnavailable: alt(3, NULL),
  responseFailed: alt(4, FurtherInformation),
});

/** AdditionalInformation ::= SEQUENCE { contactInformation [1] UTF8String OPTIONAL, otherInformation [2] UTF8String OPTIONAL, ... } */
export const AdditionalInformation = seq({ contactInformation: opt(1, UTF8), otherInformation: opt(2, UTF8) });

/** ResponseRecord ::= SEQUENCE { recordNumber [1] INTEGER, recordPayload [2] RetainedDataRecord, additionalInformation [3] OPTIONAL, nationalRecordPayload [4] OPTIONAL, ... } */
export const ResponseRecord = seq({
  recordNumber: req(1, INT),
  recordPayload: req(2, RetainedDataRecord),
  additionalInformation: opt(3, AdditionalInformation),
  nationalRecordPayload: opt(4, National),
});
export type ResponseRecord = Infer<typeof ResponseRecord>;

/**
 * ResponseMessage ::= SEQUENCE { responseStatus [1] ResponseStatus, responsePayload [2] SEQUENCE OF ResponseRecord OPTIONAL,
 * nationalResponsePayload [3] OPTIONAL, ..., responseNumber [4] INTEGER OPTIONAL, numberOfRecordsFound [5] INTEGER OPTIONAL }
 */
export const ResponseMessage = seq({
  responseStatus: req(1, ResponseStatus),
  responsePayload: opt(2, seqOf(ResponseRecord)),
  nationalResponsePayload: opt(3, National),
  responseNumber: opt(4, INT),
  numberOfRecordsFound: opt(5, INT),
});
export type ResponseMessage = Infer<typeof ResponseMessage>;

/** RequestStatus ::= CHOICE { ready [1] NULL, incompleteResultsReady [2], failureResponseReady [3], notReady [4], error [5] FurtherInformation, inDelivery [6], invalidRequestID [7], ... } */
export const RequestStatus = choice({
  ready: alt(1, NULL),
  incompleteResultsReady: alt(2, NULL),
  failureResponseReady: alt(3, NULL),
  notReady: alt(4, NULL),
  error: alt(5, FurtherInformation),
  inDelivery: alt(6, NULL),
  invalidRequestID: alt(7, NULL),
});

/** RetainedDataPayload ::= CHOICE { requestMessage [1] … getResultsMessage [10], ..., supplementaryRequest [11], supplementaryResponse [12] } (11, 12 not implemented) */
export const RetainedDataPayload = choice({
  requestMessage: alt(1, RequestMessage),
  requestAcknowledgement: alt(2, seq({ suggestedCompletionTime: opt(1, TIME) })),
  responseMessage: alt(3, ResponseMessage),
  responseAcknowledgement: alt(4, choice({ acknowledgeCompleteResults: alt(1, NULL), acknowledgePartialResults: alt(2, NULL), acknowledgePartialResultsNumber: alt(3, INT) })),
  errorMessage: alt(5, FurtherInformation),
  cancelMessage: alt(6, NULL),
  cancelAcknowledgement: alt(7, NULL),
  getstatusMessage: alt(8, seq({ requestNumbers: req(1, seqOf(UTF8)) })),
  statusMessage: alt(9, seq({ statusResponse: req(1, seqOf(seq({ requestNumber: req(1, UTF8), requestStatus: req(2, RequestStatus) }))) })),
  getResultsMessage: alt(10, NULL),
});
export type RetainedDataPayload = Infer<typeof RetainedDataPayload>;

/** RetainedDataMessage ::= SEQUENCE { rdHeaderId [0] OBJECT IDENTIFIER, retainedDataHeader [1], retainedDataPayload [2], retainedDataDigest [3] OCTET STRING OPTIONAL, ... } */
export const RetainedDataMessage = seq({
  rdHeaderId: req(0, OID),
  retainedDataHeader: req(1, RetainedDataHeader),
  retainedDataPayload: req(2, RetainedDataPayload),
  retainedDataDigest: opt(3, OCTETS),
});
export type RetainedDataMessage = Infer<typeof RetainedDataMessage>;
