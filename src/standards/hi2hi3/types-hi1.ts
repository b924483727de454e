/**
 * TS 101 671 HI1NotificationOperations (version7) types, carried in PS-PDU `hI1-Operation [3]`.
 * The validator's asn1c codec prunes this module (validators README): round trip only.
 */

/**
 * ```asn1
 * HI1-Operation ::= CHOICE {
 *   liActivated [1] Notification, liDeactivated [2] Notification, liModified [3] Notification,
 *   alarms-indicator [4] Alarm-Indicator, ..., national-HI1-ASN1parameters [5] National-HI1-ASN1parameters }
 * ```
 */
export type HI1Operation =
  | { kind: 'liActivated' | 'liDeactivated' | 'liModified'; value: Notification }
  | { kind: 'alarmsIndicator'; value: AlarmIndicator }
  | { kind: 'unknown'; tag: number; raw: Uint8Array };

/**
 * ```asn1
 * Notification ::= SEQUENCE {
 *   domainID [0] OBJECT IDENTIFIER (hi1OperationId) OPTIONAL,
 *   lawfulInterceptionIdentifier [1] LawfulInterceptionIdentifier, -- OCTET STRING (SIZE (1..25))
 *   communicationIdentifier [2] CommunicationIdentifier OPTIONAL, timeStamp [3] TimeStamp, ...,
 *   national-HI1-ASN1parameters [5] National-HI1-ASN1parameters OPTIONAL,
 *   target-Information [6] OCTET STRING (SIZE (1..256)) OPTIONAL }
 * ```
 */
export interface Notification {
  domainID?: string;
  lawfulInterceptionIdentifier: string;
  communicationIdentifier?: HI2CommunicationIdentifier;
  timeStamp: HI2TimeStamp;
  /** Not modelled: the whole [5] TLV. */
  nationalHI1ASN1parameters?: Uint8Array;
  targetInformation?: Uint8Array;
}

/**
 * ```asn1
 * Alarm-Indicator ::= SEQUENCE {
 *   domainID [0] OBJECT IDENTIFIER OPTIONAL, communicationIdentifier [1] CommunicationIdentifier OPTIONAL,
 *   timeStamp [2] TimeStamp, alarm-information [3] OCTET STRING (SIZE (1..256)), ...,
 *   lawfulInterceptionIdentifier [4] LawfulInterceptionIdentifier OPTIONAL,
 *   national-HI1-ASN1parameters [5] National-HI1-ASN1parameters OPTIONAL }
 * ```
 */
export interface AlarmIndicator {
  domainID?: string;
  communicationIdentifier?: HI2CommunicationIdentifier;
  timeStamp: HI2TimeStamp;
  alarmInformation: Uint8Array;
  lawfulInterceptionIdentifier?: string;
  nationalHI1ASN1parameters?: Uint8Array;
}

/**
 * TS 101 671 HI2Operations:
 * ```asn1
 * CommunicationIdentifier ::= SEQUENCE {
 *   communication-Identity-Number [0] OCTET STRING (SIZE (1..8)) OPTIONAL,
 *   network-Identifier [1] Network-Identifier, ... }
 * Network-Identifier ::= SEQUENCE {
 *   operator-Identifier [0] OCTET STRING (SIZE (1..5)),
 *   network-Element-Identifier [1] Network-Element-Identifier OPTIONAL, ... }
 * Network-Element-Identifier ::= CHOICE { e164-Format [1] OCTET STRING (SIZE (1..25)),
 *   x25-Format [2] …, iP-Format [3] …, dNS-Format [4] …, ..., iP-Address [5] IPAddress }
 * ```
 */
export interface HI2CommunicationIdentifier {
  communicationIdentityNumber?: string;
  networkIdentifier: {
    operatorIdentifier: string;
    /** [1]..[4] as octets; [5] iP-Address and later extensions kept as their raw TLV. */
    networkElementIdentifier?:
      | { kind: 'e164Format' | 'x25Format' | 'iPFormat' | 'dNSFormat'; value: Uint8Array }
      | { kind: 'unknown'; tag: number; raw: Uint8Array };
  };
}

/**
 * ```asn1
 * TimeStamp ::= CHOICE { localTime [0] LocalTimeStamp, utcTime [1] UTCTime }
 * LocalTimeStamp ::= SEQUENCE { generalizedTime [0] GeneralizedTime,
 *   winterSummerIndication [1] ENUMERATED { notProvided(0), winterTime(1), summerTime(2), ... } }
 * ```
 */
export type HI2TimeStamp =
  | { kind: 'localTime'; value: { generalizedTime: Date; winterSummerIndication: number } }
  | { kind: 'utcTime'; value: Date };
