/**
 * Errors of the X1 wire (TS 103 221-1 over HTTPS, §7): what the X1 client raises for a refused or
 * failed exchange, and the business-rule refusals of the in-memory task table (§6.2 - §6.3, codes of
 * §6.7 Table 46). Messages name XIDs/DIDs at most, never a target identity.
 */
import { WarrantedError } from '../../platform/errors.ts';
import { X1Error, X1ErrorCode } from '../../standards/x1/index.ts';
import type { RequestMessageType } from '../../standards/x1/index.ts';

/** A task-table / responder refusal; the server turns it into an ErrorResponse with `standardCode`. */
export class X1RequestRefusedError extends X1Error {}

const refuse = (code: string, standardCode: X1ErrorCode, message: string) => new X1RequestRefusedError(code, standardCode, message);

export const refusals = {
  xidExists: (xId: string) => refuse('X1_XID_ALREADY_EXISTS', X1ErrorCode.XidAlreadyExists, `XID ${xId} already exists on the NE`),
  xidUnknown: (xId: string) => refuse('X1_XID_UNKNOWN', X1ErrorCode.XidDoesNotExist, `XID ${xId} does not exist on the NE`),
  didExists: (dId: string) => refuse('X1_DID_ALREADY_EXISTS', X1ErrorCode.DidAlreadyExists, `DID ${dId} already exists on the NE`),
  didUnknown: (dId: string) => refuse('X1_DID_UNKNOWN', X1ErrorCode.DidDoesNotExist, `DID ${dId} does not exist on the NE`),
  deliveryMismatch: (why: string) =>
    refuse('X1_DELIVERY_TYPE_MISMATCH', X1ErrorCode.InvalidCombinationOfDeliveryTypeAndDestinations, `invalid combination of DeliveryType and destinations: ${why}`),
  unsupportedTarget: (kind: string) => refuse('X1_TARGET_NOT_SUPPORTED', X1ErrorCode.UnsupportedTargetIdentifierType, `TargetIdentifier kind ${kind} is not supported by this NE`),
  targetCombination: (why: string) => refuse('X1_TARGET_COMBINATION', X1ErrorCode.UnsupportedCombinationOfTargetIdentifiers, why),
  multipleDestinations: (n: number) => refuse('X1_MULTIPLE_DESTINATIONS', X1ErrorCode.MultipleDestinationsNotSupported, `${n} destinations per task not supported`),
  destinationSets: () => refuse('X1_DESTINATION_SETS_UNSUPPORTED', X1ErrorCode.GenericActivateTaskFailure, 'destination sets (dSId) are not supported'),
  deliveryAddress: (kind: string) => refuse('X1_DELIVERY_ADDRESS_UNSUPPORTED', X1ErrorCode.UnsupportedDeliveryAddressType, `DeliveryAddress ${kind} is not supported`),
  modifyDestination: (why: string) => refuse('X1_MODIFY_DESTINATION_REFUSED', X1ErrorCode.GenericModifyDestinationFailure, why),
  destinationInUse: (dId: string, xIds: string[]) =>
    refuse('X1_DESTINATION_IN_USE', X1ErrorCode.DestinationInUse, `destination ${dId} is used by task(s) ${xIds.join(', ')}`),
  destinationsInUse: (dIds: string[]) => refuse('X1_DESTINATIONS_IN_USE', X1ErrorCode.DestinationsInUse, `destinations in use: ${dIds.join(', ')}`),
  deactivateAllDisabled: () => refuse('X1_DEACTIVATE_ALL_DISABLED', X1ErrorCode.DeactivateAllTasksNotEnabled, 'DeactivateAllTasks not enabled'),
  removeAllDisabled: () => refuse('X1_REMOVE_ALL_DISABLED', X1ErrorCode.RemoveAllDestinationsNotEnabled, 'RemoveAllDestinations not enabled'),
  keepaliveUnsupported: () => refuse('X1_KEEPALIVE_NOT_SUPPORTED', X1ErrorCode.KeepaliveNotSupported, 'Keepalive not supported'),
  notHandled: (type: string) => refuse('X1_REQUEST_NOT_HANDLED', X1ErrorCode.GenericError, `${type} is not handled by this responder`),
  internal: () => refuse('X1_HANDLER_FAILED', X1ErrorCode.GenericError, 'the responder failed to carry out the request'),
  admfIdMismatch: () => refuse('X1_ADMF_ID_MISMATCH', X1ErrorCode.AdmfIdentifierDoesNotMatchCertificate, 'ADMF Identifier does not match certificate details'),
  unexpectedAdmfId: () => refuse('X1_UNEXPECTED_ADMF_ID', X1ErrorCode.UnexpectedAdmfIdentifier, 'Unexpected ADMF Identifier'),
  neIdMismatch: () => refuse('X1_NE_ID_MISMATCH', X1ErrorCode.NeIdentifierDoesNotMatchCertificate, 'NE Identifier does not match certificate details'),
  unexpectedNeId: () => refuse('X1_UNEXPECTED_NE_ID', X1ErrorCode.UnexpectedNeIdentifier, 'Unexpected NE Identifier'),
};

/** Base of the client-side failures of one X1 exchange. */
export class X1WireError extends WarrantedError {}

/** The responder answered one request with an ErrorResponse (§6.7): `standardCode` is its ErrorCode. */
export class X1ErrorResponseError extends X1WireError {
  constructor(
    readonly requestMessageType: RequestMessageType,
    readonly errorCode: number,
    readonly errorDescription: string,
    readonly x1TransactionId: string,
  ) {
    super('X1_ERROR_RESPONSE', `${requestMessageType} refused with X1 error ${errorCode}: ${errorDescription}`, {
      standardCode: errorCode,
      details: { requestMessageType, x1TransactionId },
    });
  }
}

/**
 * The responder answered with a TopLevelErrorResponse (§6.1): the whole container was refused. The
 * XSD gives it no error code; §6.1 defines it for requests that could not be parsed, so the error
 * carries 1010. A responder that refuses an unauthorised peer also answers this way (the precise
 * code, 1040/1060, is in the responder's own record of the exchange).
 */
export class X1TopLevelError extends X1WireError {
  constructor() {
    super('X1_TOP_LEVEL_ERROR', 'the responder refused the request container (TopLevelErrorResponse)', {
      standardCode: X1ErrorCode.SyntaxSchemaError,
    });
  }
}

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'X1_XID_ALREADY_EXISTS', standardCode: 2010, meaning: 'ActivateTask for an XID the NE already has' },
  { code: 'X1_XID_UNKNOWN', standardCode: 2020, meaning: 'ModifyTask/DeactivateTask/GetTaskDetails for an XID the NE does not have' },
  { code: 'X1_DID_ALREADY_EXISTS', standardCode: 2030, meaning: 'CreateDestination for a DID the NE already has' },
  { code: 'X1_DID_UNKNOWN', standardCode: 2040, meaning: 'a task names, or a request addresses, a DID the NE does not have' },
  { code: 'X1_DELIVERY_TYPE_MISMATCH', standardCode: 3040, meaning: "the task's DeliveryType is not covered by its destinations' DeliveryTypes, or a destination carries none of it" },
  { code: 'X1_TARGET_NOT_SUPPORTED', standardCode: 3010, meaning: 'TargetIdentifier kind this NE does not intercept (e.g. a CIDR: only exact identities)' },
  { code: 'X1_TARGET_COMBINATION', standardCode: 3020, meaning: 'more TargetIdentifiers in one task than the NE accepts (one per task in the warranted profile), or none' },
  { code: 'X1_MULTIPLE_DESTINATIONS', standardCode: 3030, meaning: 'more destinations per task than the NE accepts' },
  { code: 'X1_DESTINATION_SETS_UNSUPPORTED', standardCode: 3000, meaning: 'task names destination sets (dSId, Annex E), which are not supported' },
  { code: 'X1_DELIVERY_ADDRESS_UNSUPPORTED', standardCode: 6020, meaning: 'DeliveryAddress kind the NE cannot deliver to (only IP address and TCP port)' },
  { code: 'X1_MODIFY_DESTINATION_REFUSED', standardCode: 6001, meaning: 'ModifyDestination would leave a task using it with a DeliveryType it no longer covers' },
  { code: 'X1_DESTINATION_IN_USE', standardCode: 7010, meaning: 'RemoveDestination for a destination that a task still uses' },
  { code: 'X1_DESTINATIONS_IN_USE', standardCode: 8010, meaning: 'RemoveAllDestinations while tasks still use destinations' },
  { code: 'X1_DEACTIVATE_ALL_DISABLED', standardCode: 5010, meaning: 'DeactivateAllTasks not enabled on this responder' },
  { code: 'X1_REMOVE_ALL_DISABLED', standardCode: 8020, meaning: 'RemoveAllDestinations not enabled on this responder' },
  { code: 'X1_KEEPALIVE_NOT_SUPPORTED', standardCode: 1070, meaning: 'Keepalive sent to a responder without a Keepalive handler' },
  { code: 'X1_REQUEST_NOT_HANDLED', standardCode: 1000, meaning: 'request type this responder does not handle (e.g. ActivateTask sent to /X1/ADMF)' },
  { code: 'X1_HANDLER_FAILED', standardCode: 1000, meaning: 'the handler failed unexpectedly; details stay in the responder' },
  { code: 'X1_ADMF_ID_MISMATCH', standardCode: 1030, meaning: 'admfIdentifier in the request differs from the certificate of the ADMF that sent it' },
  { code: 'X1_UNEXPECTED_ADMF_ID', standardCode: 1040, meaning: 'the ADMF (certificate or admfIdentifier) is not one this responder accepts; unauthorised peers get a TopLevelErrorResponse' },
  { code: 'X1_NE_ID_MISMATCH', standardCode: 1050, meaning: 'neIdentifier in a request to /X1/ADMF differs from the certificate of the NE that sent it' },
  { code: 'X1_UNEXPECTED_NE_ID', standardCode: 1060, meaning: 'neIdentifier is not this NE (or, at /X1/ADMF, not an NE the ADMF knows)' },
  { code: 'X1_ERROR_RESPONSE', meaning: 'client: the responder answered a request with an ErrorResponse; standardCode is its §6.7 ErrorCode' },
  { code: 'X1_TOP_LEVEL_ERROR', standardCode: 1010, meaning: 'client: the responder answered the whole container with a TopLevelErrorResponse' },
  { code: 'X1_TIMEOUT', meaning: 'client: no HTTP answer from the responder in time' },
  { code: 'X1_UNREACHABLE', meaning: 'client: the TCP/TLS connection to the responder failed' },
  { code: 'X1_HTTP_STATUS', meaning: 'client: HTTP status other than 200 (§7.2.2.2: HTTP-level errors only)' },
  { code: 'X1_BAD_RESPONSE', meaning: 'client: the response body is not a valid X1 response document' },
  { code: 'X1_RESPONSE_MISMATCH', meaning: 'client: a response is missing, duplicated, of the wrong type, or carries other identifiers than the request' },
  { code: 'X1_WRONG_RESPONDER', meaning: "client: the responder's certificate identity is not the NE/ADMF the request was addressed to" },
];
