/**
 * HI-1 message model (ETSI TS 103 120 §6-§10, XSDs Core/Common/Task and the Authorisation, Document,
 * Notification and Delivery schemas). Field names follow the XSD element names in camelCase; the
 * order of fields is the XSD sequence order. Timestamps are kept as the lexical strings received
 * (QualifiedDateTime / QualifiedMicrosecondDateTime, TS 103 280 §6.4/§6.5).
 */

import type { LDTaskObject } from './types-ldtask.ts';
export type * from './types-ldtask.ts';

/** Exact bytes of an element as received (for signature verification over received bytes). */
export interface ReceivedBytes {
  /** Set by the decoder only; the encoder ignores it. */
  received?: Uint8Array;
}

/** TS 103 120 §6.2.4 EndpointID. */
export interface EndpointId {
  countryCode: string;
  uniqueIdentifier: string;
}

/** TS 103 120 §6.2.3 Version. */
export interface Hi1Version {
  etsiVersion: string;
  nationalProfileOwner: string;
  nationalProfileVersion: string;
}

/** TS 103 120 §6.2.2 Table 6.1 MessageHeader. */
export interface Hi1Header {
  senderIdentifier: EndpointId;
  receiverIdentifier: EndpointId;
  /** UUID, RFC 4122 canonical lowercase (§6.2.5). */
  transactionIdentifier: string;
  /** QualifiedMicrosecondDateTime, e.g. "2015-09-01T12:00:00.000000Z". */
  timestamp: string;
  version: Hi1Version;
  workflowIdentifier?: string;
}

/** Annex F DictionaryEntry (common namespace). */
export interface DictionaryEntry {
  owner: string;
  name: string;
  value: string;
}

export interface Timespan {
  startTime?: string;
  endTime?: string;
}

/** §6.4.9 ActionUnsuccesfulInformation (sic, XSD spelling). */
export interface ActionUnsuccessfulInformation {
  errorCode: number;
  errorDescription: string;
}

export interface QName {
  namespace: string;
  localName: string;
}

/** Any XML element kept structurally (national extensions, xs:any content, config dictionaries). */
export interface GenericElement {
  namespace: string;
  name: string;
  attributes?: { namespace: string; name: string; value: string }[];
  text?: string;
  children?: GenericElement[];
}

/**
 * The abstract "National…" types (NationalHandlingParameters, NationalDigitalSignature,
 * NationalLITaskingParameters, …): an xsi:type naming the national extension, the mandatory
 * CountryCode, and the extension's own elements kept structurally.
 */
export interface NationalParameters {
  xsiType: QName;
  countryCode: string;
  elements: GenericElement[];
}

/** Common ApproverContactDetails (GenericContactDetails + approver fields). */
export interface ApproverContactDetails {
  name?: string;
  role?: string;
  emailAddress?: string;
  phoneNumber?: string;
  faxNumber?: string;
  address?: string;
  /** ISO 639 set 1 codes. */
  languages?: string[];
  approverAlternateName?: string;
  approverEmailAddress?: string;
  approverPhoneNumber?: string;
}

export interface ApproverDetails {
  approverName?: string;
  approverRole?: string;
  /** ApproverIdentity / NationalApproverIdentity. */
  approverIdentity?: NationalParameters;
  approverContactDetails?: ApproverContactDetails[];
}

/** Annex E ApprovalDetails: who approved, when, and the (national) digital signature. */
export interface ApprovalDetails {
  approvalType?: string;
  approvalDescription?: string;
  approvalReference?: string;
  approverDetails?: ApproverDetails;
  approvalTimestamp?: string;
  approvalIsEmergency?: boolean;
  /** ApprovalDigitalSignature / NationalDigitalSignature (its `received` bytes are what was signed over). */
  approvalDigitalSignature?: NationalParameters & ReceivedBytes;
  approvalNationalDetails?: NationalParameters;
}

/** §7.1 fields every HI1Object carries (Core namespace). */
export interface Hi1ObjectBase extends ReceivedBytes {
  /** UUID (§7.1.2). */
  objectIdentifier: string;
  countryCode?: string;
  ownerIdentifier?: string;
  generation?: number;
  externalIdentifier?: string;
  associatedObjects?: string[];
  lastChanged?: string;
  nationalHandlingParameters?: NationalParameters;
}

/** §7.2 AuthorisationObject (element order from the ETSI Authorisation schema). */
export interface AuthorisationObject extends Hi1ObjectBase {
  objectType: 'Authorisation';
  authorisationReference?: string;
  authorisationLegalType?: DictionaryEntry;
  authorisationPriority?: DictionaryEntry;
  authorisationStatus?: DictionaryEntry;
  authorisationDesiredStatus?: DictionaryEntry;
  authorisationTimespan?: Timespan;
  /** AuthorisationCSPID: one or more CSPID EndpointIDs. */
  authorisationCSPID?: EndpointId[];
  authorisationCreationTimestamp?: string;
  authorisationServedTimestamp?: string;
  authorisationTerminationTimestamp?: string;
  authorisationApprovalDetails?: ApprovalDetails[];
  authorisationInvalidReason?: ActionUnsuccessfulInformation;
  authorisationFlags?: DictionaryEntry[];
  authorisationManualInformation?: string;
  nationalAuthorisationParameters?: NationalParameters;
  authorisationJurisdiction?: string;
  authorisationTypeOfCase?: DictionaryEntry;
  authorisationLegalEntity?: string;
}

/** §8.2.6.2 TargetIdentifierValue: FormatType (owner + name, Annex C) and the value as received. */
export interface TargetIdentifierValue {
  formatOwner: string;
  formatName: string;
  value: string;
}

export interface TaskTargetIdentifier {
  targetIdentifierValues?: TargetIdentifierValue[];
  serviceType?: DictionaryEntry;
  targetIdentifierSubtype?: DictionaryEntry;
}

export interface TaskTimespan {
  startTime?: string;
  endTime?: string;
  terminationTime?: string;
  provisioningTime?: string;
  deprovisioningTime?: string;
}

export type IpAddress = { version: 4 | 6; value: string };
export type Port = { protocol: 'TCP' | 'UDP'; port: number };
export type PortRange = { protocol: 'TCP' | 'UDP'; start: number; end: number };

/** §8.2.8.3 DeliveryAddress (a choice). IPv6 values are on the wire fully expanded (TS 103 280 §6.13). */
export type DeliveryAddress =
  | { kind: 'IPv4Address' | 'IPv6Address' | 'E164Number' | 'FTPAddress' | 'URL' | 'FQDN' | 'EmailAddress' | 'DeliveryInformationID'; value: string }
  | { kind: 'IPAddressPort'; address: IpAddress; port: Port }
  | { kind: 'IPAddressPortRange'; address: IpAddress; portRange: PortRange }
  | { kind: 'EndpointID'; endpoint: EndpointId };

/** §8.2.8.2 DeliveryDestination. */
export interface DeliveryDestination {
  deliveryAddress?: DeliveryAddress;
  destinationReference?: string;
  encryptionReference?: string;
  encryptionDetails?: NationalParameters;
  iriOrCC?: DictionaryEntry;
  handoverFormat?: DictionaryEntry;
  deliveryProfile?: DictionaryEntry;
  nationalDeliveryParameters?: NationalParameters;
}

export interface PolicyReference {
  order?: number;
  objectIdentifier?: string;
}

/** §8.2 LITaskObject (Task namespace). */
export interface LITaskObject extends Hi1ObjectBase {
  objectType: 'LITask';
  /** LIID (TS 103 280 §6.1). */
  reference?: string;
  status?: DictionaryEntry;
  desiredStatus?: DictionaryEntry;
  timespan?: TaskTimespan;
  targetIdentifier?: TaskTargetIdentifier;
  deliveryType?: DictionaryEntry;
  deliveryDetails?: DeliveryDestination[];
  approvalDetails?: ApprovalDetails[];
  cspId?: EndpointId;
  handlingProfile?: DictionaryEntry;
  invalidReason?: ActionUnsuccessfulInformation;
  flags?: DictionaryEntry[];
  nationalLITaskingParameters?: NationalParameters;
  trafficPolicyReferences?: PolicyReference[];
  iriPolicyReferences?: PolicyReference[];
}

/** §7.3.9 DocumentBody. `contents` is the decoded base64 (the document itself). */
export interface DocumentBody {
  contents?: Uint8Array;
  contentType?: string;
  checksum?: string;
  checksumType?: string;
}

/** §7.3 DocumentObject. */
export interface DocumentObject extends Hi1ObjectBase {
  objectType: 'Document';
  documentReference?: string;
  documentName?: string;
  documentStatus?: DictionaryEntry;
  documentDesiredStatus?: DictionaryEntry;
  documentTimespan?: Timespan;
  documentType?: DictionaryEntry;
  documentProperties?: { propertyType: DictionaryEntry; propertyValue: string }[];
  documentBody?: DocumentBody;
  documentSignature?: ApprovalDetails[];
  documentInvalidReason?: ActionUnsuccessfulInformation;
  nationalDocumentParameters?: NationalParameters;
}

/** §7.4 NotificationObject. */
export interface NotificationObject extends Hi1ObjectBase {
  objectType: 'Notification';
  notificationDetails?: string;
  notificationType?: DictionaryEntry;
  newNotification?: boolean;
  notificationTimestamp?: string;
  statusOfAssociatedObjects?: { associatedObject: string; status: DictionaryEntry; details?: string }[];
  nationalNotificationParameters?: NationalParameters;
}

export interface ChecksumAndType {
  checksum: string;
  checksumType: string;
}

/** §10.2.3 Table 10.5 EmbeddedBinaryData. */
export interface EmbeddedBinaryData {
  data: Uint8Array;
  contentType?: string;
  checksum?: string;
  checksumType?: string;
  checksums?: ChecksumAndType[];
  originalFilename?: string;
  contentLength?: number;
}

export interface UrlObject {
  url: string;
  contentLength?: number;
  contentType?: string;
  expiry?: string;
  checksum?: string;
  originalFilename?: string;
  cspDefinedIdentifier?: string;
  checksumType?: string;
  checksums?: ChecksumAndType[];
}

export type DeliveryContent =
  | { kind: 'BinaryData'; binaryData: EmbeddedBinaryData }
  | { kind: 'XMLData' | 'JSONData'; elements: GenericElement[] }
  | { kind: 'URL'; url: UrlObject }
  | { kind: 'DataExistence'; dataExistence: boolean };

export type Manifest =
  | { kind: 'Specification'; specification: DictionaryEntry }
  | { kind: 'ExternalSchema'; manifestId?: string; manifestContents?: GenericElement };

/** §10.2 DeliveryObject. */
export interface DeliveryObject extends Hi1ObjectBase {
  objectType: 'Delivery';
  reference?: { kind: 'LDID' | 'LIID'; value: string };
  deliveryId?: string;
  sequenceNumber?: number;
  lastSequence?: boolean;
  manifest?: Manifest;
  delivery?: DeliveryContent;
  deliveryStatus?: DictionaryEntry;
  deliveryDesiredStatus?: DictionaryEntry;
  encryptionDetails?: { encryptionReference?: string; additionalInformation?: string };
}

/** Any other HI1Object type (LPTask, TDTask, destinations, policies, national types). */
export interface OtherHi1Object extends Hi1ObjectBase {
  objectType: 'Other';
  xsiType: QName;
  /** The type's own elements after the common HI1Object fields. */
  elements: GenericElement[];
}

export type Hi1Object = AuthorisationObject | LITaskObject | LDTaskObject | DocumentObject | NotificationObject | DeliveryObject | OtherHi1Object;

export interface ListRequest {
  objectType?: DictionaryEntry;
  lastChanged?: string;
  lastChangedTimespan?: Timespan;
  maximumObjectCount?: number;
  status?: DictionaryEntry;
  countryCode?: string;
}

export interface ListResponseRecord {
  objectType: DictionaryEntry;
  identifier: string;
  countryCode?: string;
  ownerIdentifier?: string;
  generation: number;
  externalIdentifier?: string;
  lastChanged?: string;
}

/** §6.4.2 Table 6.4 verbs. */
export type ActionRequest = { actionIdentifier: number } & (
  | { verb: 'GET'; identifier: string }
  | { verb: 'CREATE'; object: Hi1Object }
  | { verb: 'UPDATE'; object: Hi1Object }
  | { verb: 'LIST'; list: ListRequest }
  | { verb: 'DELIVER'; identifier: string; object: Hi1Object }
  | { verb: 'GETCSPCONFIG' }
);

/** §6.4.3 Table 6.5 responses. */
export type ActionResponse = { actionIdentifier: number } & (
  | { verb: 'GETResponse'; object: Hi1Object }
  | { verb: 'CREATEResponse' | 'UPDATEResponse'; identifier: string; object?: Hi1Object }
  | { verb: 'LISTResponse'; records: ListResponseRecord[] }
  | { verb: 'ErrorInformation'; error: ActionUnsuccessfulInformation }
  | { verb: 'DELIVERResponse'; identifier: string }
  | { verb: 'GETCSPCONFIGResponse'; elements: GenericElement[] }
);

export type Hi1Payload =
  | { kind: 'request'; actionRequests: ActionRequest[] }
  | { kind: 'response'; actionResponses: ActionResponse[] }
  /** Top-level ActionUnsuccesfulInformation (§6.4.9): nothing in the request was acted on. */
  | { kind: 'error'; errorInformation: ActionUnsuccessfulInformation };

/** TS 103 120 HI1Message. */
export interface HI1Message extends ReceivedBytes {
  header: Hi1Header;
  payload: Hi1Payload;
  /**
   * Message-level signature elements (untyped `Signature` or `digsig:Signature`, §9.2.3), kept
   * structurally; the decoder adds their received bytes.
   */
  signatures?: (GenericElement & ReceivedBytes)[];
}
