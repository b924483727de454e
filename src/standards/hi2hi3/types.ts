/**
 * TS 102 232-1 (LI-PS-PDU version43, Annex A) types, named as in the ASN.1. Field names follow the
 * ASN.1 with hyphens dropped and the next letter upper-cased (`li-psDomainId` → `liPsDomainId`).
 * INTEGER (0..4294967295) is a number, INTEGER (0..18446744073709551615) a bigint, OCTET STRING a
 * Uint8Array, ENUMERATED a number (names in constants.ts), CHOICE a `{ kind, value }` union.
 * Alternatives this codec does not model are kept as `{ kind: 'unknown', tag, raw }` with `raw` the
 * whole TLV as received, and are re-encoded from it.
 */
import type { IRIType } from './constants.ts';
import type { IPCC, IPIRI } from './types-ipaccess.ts';
import type { IPMMCC, IPMMIRI } from './types-ipmm.ts';
import type { HI1Operation } from './types-hi1.ts';

/** An alternative (or field) the codec does not model: the whole TLV as received. */
export interface UnknownAlternative {
  kind: 'unknown';
  /** Context-specific tag number of the alternative. */
  tag: number;
  raw: Uint8Array;
}

/**
 * ```asn1
 * PS-PDU ::= SEQUENCE { pSHeader [1] PSHeader, payload [2] Payload }
 * ```
 */
export interface PsPdu {
  pSHeader: PSHeader;
  payload: Payload;
}

/**
 * ```asn1
 * PSHeader ::= SEQUENCE {
 *   li-psDomainId [0] OBJECT IDENTIFIER, lawfulInterceptionIdentifier [1] LawfulInterceptionIdentifier,
 *   authorizationCountryCode [2] PrintableString (SIZE (2)) OPTIONAL,
 *   communicationIdentifier [3] CommunicationIdentifier, sequenceNumber [4] INTEGER (0..4294967295),
 *   timeStamp [5] GeneralizedTime OPTIONAL, ...,
 *   interceptionPointID [6] PrintableString (SIZE (1..8)) OPTIONAL,
 *   microSecondTimeStamp [7] MicroSecondTimeStamp OPTIONAL, timeStampQualifier [8] TimeStampQualifier OPTIONAL,
 *   extendedInterceptionPointID [9] OCTET STRING (SIZE (1..65535)) OPTIONAL,
 *   networkFunctionIdentifier [10] OCTET STRING (SIZE (1..65535)) OPTIONAL }
 * ```
 */
export interface PSHeader {
  /** Defaults to LI_PS_DOMAIN_ID (version43) when encoding. */
  liPsDomainId: string;
  /** `LawfulInterceptionIdentifier ::= Common-Parameters.LIID` = OCTET STRING (SIZE (1..25)), TS 103 280; kept as text. */
  lawfulInterceptionIdentifier: string;
  authorizationCountryCode?: string;
  communicationIdentifier: CommunicationIdentifier;
  sequenceNumber: number;
  timeStamp?: Date;
  interceptionPointID?: string;
  microSecondTimeStamp?: MicroSecondTimeStamp;
  timeStampQualifier?: number;
  extendedInterceptionPointID?: Uint8Array;
  networkFunctionIdentifier?: Uint8Array;
}

/**
 * ```asn1
 * CommunicationIdentifier ::= SEQUENCE {
 *   networkIdentifier [0] NetworkIdentifier,
 *   communicationIdentityNumber [1] INTEGER (0..4294967295) OPTIONAL,
 *   deliveryCountryCode [2] PrintableString (SIZE (2)) OPTIONAL, ...,
 *   cINExtension [3] UmtsHI2Operations.CorrelationValues OPTIONAL }
 * ```
 */
export interface CommunicationIdentifier {
  networkIdentifier: NetworkIdentifier;
  communicationIdentityNumber?: number;
  deliveryCountryCode?: string;
  /** TS 33.108 CorrelationValues: not modelled, the whole [3] TLV. */
  cINExtension?: Uint8Array;
}

/**
 * ```asn1
 * NetworkIdentifier ::= SEQUENCE {
 *   operatorIdentifier [0] OCTET STRING (SIZE(1..16)),
 *   networkElementIdentifier [1] OCTET STRING (SIZE(1..16)) OPTIONAL, ...,
 *   eTSI671NEID [2] HI2Operations.Network-Element-Identifier OPTIONAL }
 * ```
 * The identifiers are ASCII in practice; kept as text (TS 102 232-1 §5.2.4).
 */
export interface NetworkIdentifier {
  operatorIdentifier: string;
  networkElementIdentifier?: string;
  /** Not modelled: the whole [2] TLV. */
  eTSI671NEID?: Uint8Array;
}

/** `MicroSecondTimeStamp ::= SEQUENCE { seconds [0] INTEGER (0..18446744073709551615), microSeconds [1] INTEGER (0..999999), ... }` */
export interface MicroSecondTimeStamp {
  seconds: bigint;
  microSeconds: number;
}

/**
 * ```asn1
 * Payload ::= CHOICE {
 *   iRIPayloadSequence [0] SEQUENCE OF IRIPayload, cCPayloadSequence [1] SEQUENCE OF CCPayload,
 *   tRIPayload [2] TRIPayload, ..., hI1-Operation [3] HI1NotificationOperations.HI1-Operation,
 *   encryptionContainer [4] EncryptionContainer,
 *   threeGPP-HI1-Operation [5] ThreeGPP-HI1NotificationOperations.ThreeGPP-HI1-Operation,
 *   iLHIPayload [6] SEQUENCE OF ILHIPDU.ILHIPayload, hI4Payload [7] SEQUENCE OF HI4Payload }
 * ```
 */
export type Payload =
  | { kind: 'iRIPayloadSequence'; value: IRIPayload[] }
  | { kind: 'cCPayloadSequence'; value: CCPayload[] }
  | { kind: 'tRIPayload'; value: TRIPayload }
  | { kind: 'hI1Operation'; value: HI1Operation }
  | { kind: 'encryptionContainer'; value: EncryptionContainer }
  | { kind: 'hI4Payload'; value: HI4Payload[] }
  | UnknownAlternative;

/**
 * ```asn1
 * IRIPayload ::= SEQUENCE {
 *   iRIType [0] IRIType OPTIONAL, timeStamp [1] GeneralizedTime OPTIONAL, iRIContents [2] IRIContents, ...,
 *   microSecondTimeStamp [3] MicroSecondTimeStamp OPTIONAL, timeStampQualifier [4] TimeStampQualifier OPTIONAL,
 *   sessionDirection [5] PayloadDirection OPTIONAL, payloadDirection [6] PayloadDirection OPTIONAL }
 * ```
 */
export interface IRIPayload {
  iRIType?: IRIType;
  timeStamp?: Date;
  iRIContents: IRIContents;
  microSecondTimeStamp?: MicroSecondTimeStamp;
  timeStampQualifier?: number;
  sessionDirection?: number;
  payloadDirection?: number;
}

/**
 * ```asn1
 * IRIContents ::= CHOICE {
 *   emailIRI [1] EmailPDU.EmailIRI, iPIRI [2] IPAccessPDU.IPIRI, iPIRIOnly [3] IPAccessPDU.IPIRIOnly,
 *   uMTSIRI [4] UMTSIRI, eTSI671IRI [5] ETSI671IRI, ..., … iPMMIRI [11] IPMultimediaPDU.IPMMIRI, …
 *   threeGPP33128DefinedIRI [19] OCTET STRING (CONTAINING TS33128Payloads.IRIPayload),
 *   iPIRIPacketReport [20] IPAccessPDU.IPIRIPacketReport }
 * ```
 * iPIRIOnly, iPIRIPacketReport and the service modules not obtained (-2, -4, -6, TS 33.108) decode as
 * `unknown` and re-encode from their raw bytes.
 */
export type IRIContents =
  | { kind: 'iPIRI'; value: IPIRI }
  | { kind: 'iPMMIRI'; value: IPMMIRI }
  /** BER of a TS 33.128 IRIPayload, carried opaque (see src/standards/ts33128). */
  | { kind: 'threeGPP33128DefinedIRI'; value: Uint8Array }
  | UnknownAlternative;

/**
 * ```asn1
 * CCPayload ::= SEQUENCE {
 *   payloadDirection [0] PayloadDirection OPTIONAL, timeStamp [1] GeneralizedTime OPTIONAL,
 *   cCContents [2] CCContents, ..., microSecondTimeStamp [3] MicroSecondTimeStamp OPTIONAL,
 *   timeStampQualifier [4] TimeStampQualifier OPTIONAL }
 * ```
 */
export interface CCPayload {
  payloadDirection?: number;
  timeStamp?: Date;
  cCContents: CCContents;
  microSecondTimeStamp?: MicroSecondTimeStamp;
  timeStampQualifier?: number;
}

/**
 * ```asn1
 * CCContents ::= CHOICE {
 *   emailCC [1] EmailPDU.EmailCC, iPCC [2] IPAccessPDU.IPCC, uMTSCC [4] OCTET STRING, ..., …
 *   iPMMCC [12] IPMultimediaPDU.IPMMCC, … ePSCC [15] OCTET STRING, …
 *   threeGPP33128DefinedCC [23] OCTET STRING (CONTAINING TS33128Payloads.CCPayload) }
 * ```
 */
export type CCContents =
  | { kind: 'iPCC'; value: IPCC }
  | { kind: 'uMTSCC'; value: Uint8Array }
  | { kind: 'iPMMCC'; value: IPMMCC }
  | { kind: 'ePSCC'; value: Uint8Array }
  /** BER of a TS 33.128 CCPayload, carried opaque. */
  | { kind: 'threeGPP33128DefinedCC'; value: Uint8Array }
  | UnknownAlternative;

/**
 * ```asn1
 * TRIPayload ::= CHOICE {
 *   integrityCheck [0] IntegrityCheck, testPDU [1] NULL, paddingPDU [2] OCTET STRING,
 *   keep-alive [3] NULL, keep-aliveResponse [4] NULL, firstSegmentFlag [5] NULL, lastSegmentFlag [6] NULL, ...,
 *   cINReset [7] NULL, operatorLeaMessage [8] OperatorLeaMessage, optionRequest [9] OptionRequest,
 *   optionResponse [10] OptionResponse, optionComplete [11] NULL,
 *   pDUAcknowledgementRequest [12] NULL, pDUAcknowledgementResponse [13] NULL }
 * ```
 */
export type TRIPayload =
  | { kind: 'integrityCheck'; value: IntegrityCheck }
  | { kind: 'paddingPDU'; value: Uint8Array }
  | { kind: 'operatorLeaMessage'; value: OperatorLeaMessage }
  | { kind: 'optionRequest'; value: OptionRequest }
  | { kind: 'optionResponse'; value: OptionResponse }
  | { kind: TRINullKind }
  | UnknownAlternative;

/** The NULL alternatives of TRIPayload, by tag. */
export const TRI_NULL_TAGS = {
  testPDU: 1,
  keepAlive: 3,
  keepAliveResponse: 4,
  firstSegmentFlag: 5,
  lastSegmentFlag: 6,
  cINReset: 7,
  optionComplete: 11,
  pDUAcknowledgementRequest: 12,
  pDUAcknowledgementResponse: 13,
} as const;
export type TRINullKind = keyof typeof TRI_NULL_TAGS;

/**
 * ```asn1
 * IntegrityCheck ::= SEQUENCE {
 *   includedSequenceNumbers [0] SEQUENCE OF INTEGER (0..4294967295), checkType [1] CheckType,
 *   dataType [2] DataType OPTIONAL, checkValue [3] OCTET STRING, ...,
 *   hashAlgorithm [4] HashAlgorithm OPTIONAL, signatureAlgorithm [5] SignatureAlgorithm OPTIONAL }
 * ```
 */
export interface IntegrityCheck {
  includedSequenceNumbers: number[];
  checkType: number;
  dataType?: number;
  checkValue: Uint8Array;
  hashAlgorithm?: number;
  signatureAlgorithm?: number;
}

/** `OperatorLeaMessage ::= SEQUENCE { messagePriority [0] OperatorLeaMessagePriority, message [1] OCTET STRING (SIZE(1..255)), ... }` */
export interface OperatorLeaMessage {
  messagePriority: number;
  message: Uint8Array;
}

/** `Option ::= CHOICE { pDUAcknowledgement [0] NULL, ... }` */
export type Option = { kind: 'pDUAcknowledgement' } | UnknownAlternative;
/** `OptionRequest ::= SEQUENCE { requestedOptions [0] SEQUENCE OF Option, ... }` */
export interface OptionRequest {
  requestedOptions: Option[];
}
/** `OptionResponse ::= SEQUENCE { acceptedOptions [0] SEQUENCE OF Option, declinedOptions [1] SEQUENCE OF Option, ... }` */
export interface OptionResponse {
  acceptedOptions: Option[];
  declinedOptions: Option[];
}

/**
 * ```asn1
 * EncryptionContainer ::= SEQUENCE {
 *   encryptionType [0] EncryptionType, encryptedPayload [1] OCTET STRING, ...,
 *   encryptedPayloadType [2] EncryptedPayloadType OPTIONAL }
 * ```
 */
export interface EncryptionContainer {
  encryptionType: number;
  encryptedPayload: Uint8Array;
  encryptedPayloadType?: number;
}

/** `EncryptedPayload ::= SEQUENCE { byteCounter [0] INTEGER (0..18446744073709551615), payload [1] Payload, ... }` (Annex G) */
export interface EncryptedPayload {
  byteCounter: bigint;
  payload: Payload;
}

/** `HI4Payload ::= CHOICE { threeGPP-LI-Notification [1] TS33128Payloads.LINotificationPayload, ..., hi4Notification [2] HI4Notification }` */
export type HI4Payload = { kind: 'hi4Notification'; value: HI4Notification } | UnknownAlternative;

/** `HI4Notification ::= CHOICE { liActivated [1] HI4LINotification, liDeactivated [2] HI4LINotification, liModified [3] HI4LINotification, ... }` */
export type HI4Notification =
  | { kind: 'liActivated' | 'liDeactivated' | 'liModified'; value: HI4LINotification }
  | UnknownAlternative;

/**
 * ```asn1
 * HI4LINotification ::= SEQUENCE {
 *   activationTime [1] GeneralizedTime OPTIONAL, deactivationTime [2] GeneralizedTime OPTIONAL,
 *   targetIdentifiers [3] SEQUENCE OF TargetIdentifier OPTIONAL, serviceType [4] DictionaryEntry OPTIONAL,
 *   targetIdentifierSubtype [5] DictionaryEntry OPTIONAL, interceptType [6] InterceptType OPTIONAL,
 *   ownerIdentifier [7] ShortString OPTIONAL, authorizationReference [8] LongString OPTIONAL, ... }
 * TargetIdentifier ::= CHOICE { targetIdentifierFormat [1] TargetIdentifierFormat, ... }
 * TargetIdentifierFormat ::= SEQUENCE { formatOwner [1] ShortString, formatName [2] ShortString, targetValue [3] LongString, ... }
 * DictionaryEntry ::= SEQUENCE { owner [1] ShortString, name [2] ShortString, value [3] ShortString, ... }
 * ```
 */
export interface HI4LINotification {
  activationTime?: Date;
  deactivationTime?: Date;
  targetIdentifiers?: TargetIdentifierFormat[];
  serviceType?: DictionaryEntry;
  targetIdentifierSubtype?: DictionaryEntry;
  interceptType?: number;
  ownerIdentifier?: string;
  authorizationReference?: string;
}
export interface TargetIdentifierFormat {
  formatOwner: string;
  formatName: string;
  targetValue: string;
}
export interface DictionaryEntry {
  owner: string;
  name: string;
  value: string;
}

/**
 * ```asn1
 * IPAddress ::= SEQUENCE {
 *   iP-type [1] ENUMERATED { iPV4(0), iPV6(1), ... }, iP-value [2] IP-value,
 *   iP-assignment [3] ENUMERATED { static(1), dynamic(2), notKnown(3), ... } OPTIONAL, ...,
 *   iPv6PrefixLength [4] INTEGER (1..128) OPTIONAL, iPv4SubnetMask [5] OCTET STRING (SIZE(4)) OPTIONAL,
 *   iP-NAT-translated [6] BOOLEAN OPTIONAL }
 * IP-value ::= CHOICE { iPBinaryAddress [1] OCTET STRING (SIZE(4..16)), iPTextAddress [2] IA5String (SIZE(7..45)), ... }
 * ```
 */
export interface IPAddress {
  iPType: number;
  iPValue: { kind: 'iPBinaryAddress'; value: Uint8Array } | { kind: 'iPTextAddress'; value: string };
  iPAssignment?: number;
  iPv6PrefixLength?: number;
  iPv4SubnetMask?: Uint8Array;
  iPNATTranslated?: boolean;
}
