/**
 * X1 error codes (ETSI TS 103 221-1 §6.7 Table 46) and the typed errors this codec raises.
 * Every error carries a stable string `code` (documented in docs/errors/x1.md) and the §6.7 integer in
 * `standardCode`, so an X1 server can answer a failed decode with the right ErrorResponse /
 * TopLevelErrorResponse without string matching. Messages name elements, never values: a value may
 * be a target identity, and logs must not show those.
 */
import { WarrantedError } from '../../platform/errors.ts';
import type { WarrantedErrorOptions } from '../../platform/errors.ts';

/** TS 103 221-1 §6.7 Table 46: every X1 error code. */
export const X1ErrorCode = {
  // General message errors
  GenericError: 1000,
  SyntaxSchemaError: 1010,
  UnsupportedVersion: 1020,
  AdmfIdentifierDoesNotMatchCertificate: 1030,
  UnexpectedAdmfIdentifier: 1040,
  NeIdentifierDoesNotMatchCertificate: 1050,
  UnexpectedNeIdentifier: 1060,
  KeepaliveNotSupported: 1070,
  // Identifier errors
  XidAlreadyExists: 2010,
  XidDoesNotExist: 2020,
  DidAlreadyExists: 2030,
  DidDoesNotExist: 2040,
  GenericObjectIdAlreadyExists: 2050,
  GenericObjectIdDoesNotExist: 2060,
  // ActivateTask/ModifyTask errors
  GenericActivateTaskFailure: 3000,
  GenericModifyTaskFailure: 3001,
  UnsupportedTargetIdentifierType: 3010,
  UnsupportedCombinationOfTargetIdentifiers: 3020,
  MultipleDestinationsNotSupported: 3030,
  InvalidCombinationOfDeliveryTypeAndDestinations: 3040,
  UnsupportedServiceType: 3050,
  // DeactivateTask failures
  GenericDeactivateTaskFailure: 4000,
  // DeactivateAllTasks failures
  GenericDeactivateAllTasksFailure: 5000,
  DeactivateAllTasksNotEnabled: 5010,
  // CreateDestination/ModifyDestination failures
  GenericCreateDestinationFailure: 6000,
  GenericModifyDestinationFailure: 6001,
  UnsupportedDeliveryAddressType: 6020,
  // RemoveDestination failures
  GenericRemoveDestinationFailure: 7000,
  DestinationInUse: 7010,
  // RemoveAllDestinations failures
  GenericRemoveAllDestinationsFailure: 8000,
  DestinationsInUse: 8010,
  RemoveAllDestinationsNotEnabled: 8020,
  // Generic Object failures
  GenericCreateObjectFailure: 8500,
  GenericModifyObjectFailure: 8510,
  GenericDeleteObjectFailure: 8530,
  GenericDeleteAllObjectsFailure: 8540,
  DeleteAllObjectsNotEnabled: 8550,
  // Status/fault codes
  ErrorCleared: 9000,
  GenericWarning: 9010,
  GenericNonTerminatingFault: 9020,
  TerminatingFault: 9030,
  RequestActioned: 9040,
} as const;
export type X1ErrorCode = (typeof X1ErrorCode)[keyof typeof X1ErrorCode];

/** TS 103 221-1 §6.7 Table 46: "Error Description" and "Suggested information elements" per code. */
export const X1_ERROR_CODE_MEANINGS: Readonly<Record<X1ErrorCode, { description: string; suggestedInformation: string }>> = {
  1000: { description: 'Generic error', suggestedInformation: 'Details of the error' },
  1010: { description: 'Syntax/schema error', suggestedInformation: 'Details of the schema or syntax error' },
  1020: { description: 'Unsupported version', suggestedInformation: 'Version supported by the issuing system' },
  1030: { description: 'ADMF Identifier does not match certificate details', suggestedInformation: 'None' },
  1040: { description: 'Unexpected ADMF Identifier', suggestedInformation: 'None' },
  1050: { description: 'NE Identifier does not match certificate details', suggestedInformation: 'None' },
  1060: { description: 'Unexpected NE Identifier', suggestedInformation: 'None' },
  1070: { description: 'Keepalive not supported', suggestedInformation: 'None' },
  2010: { description: 'XID already exists on NE', suggestedInformation: 'XID in question' },
  2020: { description: 'XID does not exist on NE', suggestedInformation: 'XID in question' },
  2030: { description: 'DID already exists on the NE', suggestedInformation: 'DID in question' },
  2040: { description: 'DID does not exist on the NE', suggestedInformation: 'DID in question' },
  2050: { description: 'GenericObjectID already exists on the NE', suggestedInformation: 'GenericObjectID in question' },
  2060: { description: 'GenericObjectID does not exist on the NE', suggestedInformation: 'GenericObjectID in question' },
  3000: { description: 'Generic ActivateTask failure', suggestedInformation: 'Details of why the Task cannot be activated' },
  3001: { description: 'Generic ModifyTask failure', suggestedInformation: 'Details of why the Task cannot be modified' },
  3010: { description: 'Unsupported TargetIdentifier type', suggestedInformation: 'Details of the unsupported TargetIdentifier type' },
  3020: { description: 'Unsupported combination of TargetIdentifiers', suggestedInformation: 'Details of the unsupported combination' },
  3030: { description: 'Multiple destinations not supported', suggestedInformation: 'None' },
  3040: { description: 'Invalid combination of DeliveryType and Destinations specified', suggestedInformation: 'None' },
  3050: { description: 'Unsupported ServiceType', suggestedInformation: 'Details of the unsupported ServiceType' },
  4000: { description: 'Generic DeactivateTask failure', suggestedInformation: 'Details of why the Task cannot be deactivated' },
  5000: { description: 'Generic DeactiveAllTasks failure', suggestedInformation: 'Details of why all Tasks cannot be removed' },
  5010: { description: 'DeactivateAllTasks not enabled', suggestedInformation: 'None' },
  6000: { description: 'Generic CreateDestination failure', suggestedInformation: 'Details of why the Destination cannot be created' },
  6001: { description: 'Generic ModifyDestination failure', suggestedInformation: 'Details of why the Destination cannot be modified' },
  6020: { description: 'Unsupported DeliveryAddress type', suggestedInformation: 'Details of the DeliveryAddress type requested' },
  7000: { description: 'Generic RemoveDestination failure', suggestedInformation: 'Details of why the Destination cannot be removed' },
  7010: { description: 'Destination in use', suggestedInformation: 'Details of the Task(s) referencing the Destination if possible' },
  8000: { description: 'Generic RemoveAllDestinations failure', suggestedInformation: 'Details of why all Destinations cannot be removed' },
  8010: { description: 'Destinations in use', suggestedInformation: 'Details of which Destinations are in use, and (if possible) by which Tasks' },
  8020: { description: 'RemoveAllDestinations not enabled', suggestedInformation: 'None' },
  8500: { description: 'Generic CreateObject failure', suggestedInformation: 'Details of why the Generic Object cannot be created' },
  8510: { description: 'Generic ModifyObject failure', suggestedInformation: 'Details of why the Generic Object cannot be modified' },
  8530: { description: 'Generic DeleteObject failure', suggestedInformation: 'Details of why the Generic Object cannot be deleted' },
  8540: { description: 'Generic DeleteAllObjects failure', suggestedInformation: 'Details of why all Generic Objects cannot be deleted' },
  8550: { description: 'DeleteAllObjects not enabled', suggestedInformation: 'None' },
  9000: { description: 'Error cleared', suggestedInformation: 'Nature of the error which has now cleared' },
  9010: { description: 'Generic warning', suggestedInformation: 'Details of the warning' },
  9020: { description: 'Generic non-terminating fault', suggestedInformation: 'Details of the fault' },
  9030: { description: 'Terminating fault', suggestedInformation: 'Details of the fault' },
  9040: { description: 'Request actioned', suggestedInformation: 'X1TransactionID of the request now actioned' },
};

/** True when `n` is one of the §6.7 Table 46 codes. */
export function isX1ErrorCode(n: number): n is X1ErrorCode {
  return Object.hasOwn(X1_ERROR_CODE_MEANINGS, n);
}

/** Where in the document a decode error was found (element path, message index). Never values. */
export interface X1ErrorDetails extends Record<string, unknown> {
  /** Element path such as "X1Request/x1RequestMessage[0]/taskDetails/xId". */
  path?: string;
  /** Index of the x1RequestMessage / x1ResponseMessage in its container, when the error is inside one. */
  messageIndex?: number;
  /** The request type (§6.7 Table 44 RequestMessageType) when known, so a server can build an ErrorResponse. */
  requestMessageType?: string;
}

/** Base of every X1 codec error: `standardCode` is the §6.7 code an X1 responder should report. */
export class X1Error extends WarrantedError {
  declare readonly standardCode: X1ErrorCode;
  declare readonly details: X1ErrorDetails;
  constructor(
    code: string,
    standardCode: X1ErrorCode,
    message: string,
    options: Omit<WarrantedErrorOptions, 'standardCode'> & { details?: X1ErrorDetails } = {},
  ) {
    super(code, message, { ...options, standardCode, details: { ...options.details } });
  }

  /** Adds where-it-happened context (message index, request type) without overwriting what is set. */
  addContext(context: X1ErrorDetails): this {
    for (const [k, v] of Object.entries(context)) if (this.details[k] === undefined) this.details[k] = v;
    return this;
  }
}

/** Input is not well-formed XML (§6.7 code 1010). */
export class X1MalformedXmlError extends X1Error {
  constructor(message: string, options: { cause?: unknown; details?: X1ErrorDetails } = {}) {
    super('X1_XML_MALFORMED', X1ErrorCode.SyntaxSchemaError, message, options);
  }
}

/** A DOCTYPE / DTD / entity declaration was present: refused outright (XXE, entity expansion). */
export class X1DtdForbiddenError extends X1Error {
  constructor(options: { details?: X1ErrorDetails } = {}) {
    super('X1_DTD_FORBIDDEN', X1ErrorCode.SyntaxSchemaError, 'X1 documents must not contain a DTD or entity declarations', options);
  }
}

/** Input larger than the codec accepts. */
export class X1InputTooLargeError extends X1Error {
  constructor(size: number, limit: number) {
    super('X1_INPUT_TOO_LARGE', X1ErrorCode.GenericError, `X1 document of ${size} bytes exceeds the ${limit}-byte limit`, {
      details: { size, limit },
    });
  }
}

/** Root or child element in the wrong namespace (§6.7 code 1010). */
export class X1NamespaceError extends X1Error {
  constructor(message: string, details: X1ErrorDetails = {}) {
    super('X1_WRONG_NAMESPACE', X1ErrorCode.SyntaxSchemaError, message, { details });
  }
}

/** Structure or value not allowed by the TS 103 221-1 XSD (§6.7 code 1010). */
export class X1SchemaError extends X1Error {
  constructor(message: string, details: X1ErrorDetails = {}, cause?: unknown) {
    super('X1_SCHEMA_VIOLATION', X1ErrorCode.SyntaxSchemaError, message, { details, cause });
  }
}

/** XId / DId / X1TransactionId / other UUID field not a TS 103 280 UUID (§6.7 code 1010). */
export class X1BadUuidError extends X1Error {
  constructor(path: string, details: X1ErrorDetails = {}) {
    super('X1_BAD_UUID', X1ErrorCode.SyntaxSchemaError, `${path} is not a lower-case TS 103 280 UUID`, {
      details: { ...details, path },
    });
  }
}

/** Timestamp not a TS 103 280 QualifiedMicrosecondDateTime (§6.7 code 1010). */
export class X1BadTimestampError extends X1Error {
  constructor(path: string, details: X1ErrorDetails = {}) {
    super('X1_BAD_TIMESTAMP', X1ErrorCode.SyntaxSchemaError, `${path} is not a QualifiedMicrosecondDateTime`, {
      details: { ...details, path },
    });
  }
}

/** Version field is not a major-version-1 X1 version (§4.5, §6.7 code 1020). */
export class X1UnsupportedVersionError extends X1Error {
  constructor(details: X1ErrorDetails = {}) {
    super('X1_UNSUPPORTED_VERSION', X1ErrorCode.UnsupportedVersion, 'unsupported X1 version (supported: v1.x.y)', { details });
  }
}

/** Message type the XSD defines but this codec does not handle (generic objects, §6.8). */
export class X1UnsupportedMessageError extends X1Error {
  constructor(messageType: string, details: X1ErrorDetails = {}) {
    super('X1_UNSUPPORTED_MESSAGE', X1ErrorCode.GenericError, `X1 message type ${messageType} is not supported`, {
      details: { ...details, messageType },
    });
  }
}

/** TargetIdentifier choice the system does not handle (§6.7 code 3010). */
export class X1UnsupportedTargetIdentifierError extends X1Error {
  constructor(choice: string, details: X1ErrorDetails = {}) {
    super('X1_UNSUPPORTED_TARGET_IDENTIFIER', X1ErrorCode.UnsupportedTargetIdentifierType, `TargetIdentifier ${choice} is not supported`, {
      details: { ...details, choice },
    });
  }
}

/** The warranted warrant-binding extension is malformed (§6.7 code 1010). */
export class X1WarrantBindingError extends X1Error {
  constructor(message: string, details: X1ErrorDetails = {}) {
    super('X1_WARRANT_BINDING_INVALID', X1ErrorCode.SyntaxSchemaError, message, { details });
  }
}

/** The encoder was given a message that would not validate against the XSD. */
export class X1EncodeError extends X1Error {
  constructor(message: string, cause?: unknown) {
    super('X1_ENCODE_INVALID', X1ErrorCode.GenericError, message, { cause });
  }
}

/** validateX1AgainstXsd: the document does not validate against the XSDs given (§6.7 code 1010). */
export class X1XsdValidationError extends X1Error {
  constructor(message: string, details: X1ErrorDetails = {}, cause?: unknown) {
    super('X1_XSD_INVALID', X1ErrorCode.SyntaxSchemaError, message, { details, cause });
  }
}

/** Every code this folder raises (docs/errors/x1.md documents each). */
export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'X1_XML_MALFORMED', standardCode: 1010, meaning: 'input is not well-formed XML' },
  { code: 'X1_DTD_FORBIDDEN', standardCode: 1010, meaning: 'document contains a DOCTYPE/DTD/entity declaration (refused: XXE, entity expansion)' },
  { code: 'X1_INPUT_TOO_LARGE', standardCode: 1000, meaning: 'document larger than the decoder limit' },
  { code: 'X1_WRONG_NAMESPACE', standardCode: 1010, meaning: 'element not in the X1 namespace http://uri.etsi.org/03221/X1/2017/10 (or TS 103 280 where the XSD says so)' },
  { code: 'X1_SCHEMA_VIOLATION', standardCode: 1010, meaning: 'missing, unexpected or out-of-order element, or a value the XSD does not allow' },
  { code: 'X1_BAD_UUID', standardCode: 1010, meaning: 'XID/DID/X1TransactionId/other UUID field is not a lower-case TS 103 280 UUID' },
  { code: 'X1_BAD_TIMESTAMP', standardCode: 1010, meaning: 'timestamp is not a TS 103 280 QualifiedMicrosecondDateTime' },
  { code: 'X1_UNSUPPORTED_VERSION', standardCode: 1020, meaning: 'version is not v1.x.y (major version 1, §4.5)' },
  { code: 'X1_UNSUPPORTED_MESSAGE', standardCode: 1000, meaning: 'message type defined by the XSD but not handled (generic objects, §6.8)' },
  { code: 'X1_UNSUPPORTED_TARGET_IDENTIFIER', standardCode: 3010, meaning: 'TargetIdentifier choice the system does not handle (not an exact identity kind it knows)' },
  { code: 'X1_WARRANT_BINDING_INVALID', standardCode: 1010, meaning: 'the warranted warrant-binding TaskDetails extension is malformed or repeated' },
  { code: 'X1_ENCODE_INVALID', standardCode: 1000, meaning: 'encoder given a value that would not validate against the XSD' },
  { code: 'X1_XSD_INVALID', standardCode: 1010, meaning: 'validateX1AgainstXsd: document does not validate against the given XSDs' },
];
