/**
 * Numeric code points of ETSI TS 103 221-2 V1.6.1 (X2/X3), named as in the standard's tables.
 * Plain `as const` objects (not TS enums) so values stay ordinary numbers on the wire and in logs.
 */

/** TS 103 221-2 §5.2.1: Version = major (upper 8 bits) . minor (lower 8 bits); V1.6.1 sends 0.5 = 5. */
export const X2X3_VERSION = 5;
/** Only major version 0 is understood: a higher major is backwards-incompatible (§5.2.1). */
export const X2X3_MAJOR_VERSION = 0;
/** TS 103 221-2 §5.1 Table 1: the mandatory header fields take 40 octets (§5.2.3 minimum). */
export const X2X3_MANDATORY_HEADER_LENGTH = 40;
/** Octets needed to know a PDU's total size: Version, PDU Type, Header Length, Payload Length. */
export const X2X3_LENGTH_PREFIX = 12;
/** Table 4: Attribute Type (2) + Attribute Length (2) octets before each attribute's contents. */
export const X2X3_ATTRIBUTE_HEADER_LENGTH = 4;
/** Attribute Length is a 16-bit unsigned integer (Table 4). */
export const X2X3_MAX_ATTRIBUTE_LENGTH = 0xffff;

/** TS 103 221-2 §5.2.2 Table 2: PDU Types. */
export const PduType = {
  X2: 1,
  X3: 2,
  Keepalive: 3,
  KeepaliveAcknowledgement: 4,
} as const;
export type PduType = (typeof PduType)[keyof typeof PduType];

/** TS 103 221-2 §5.2.6 Table 3: Payload Direction. */
export const PayloadDirection = {
  /** Reserved for the Keepalive mechanism (§5.1, §6.2.4). */
  ReservedForKeepalive: 0,
  /** The direction of the intercepted data or event is not known to the POI. */
  Unknown: 1,
  /** The intercepted data or event was sent to (i.e. received by) the target. */
  ToTarget: 2,
  /** The intercepted data or event was sent from the target. */
  FromTarget: 3,
  /** The intercepted data or event is a result of intercepted data or events in more than one direction. */
  MultipleDirections: 4,
  /** The concept of direction is not applicable to this intercepted data or event. */
  NotApplicable: 5,
} as const;
export type PayloadDirection = (typeof PayloadDirection)[keyof typeof PayloadDirection];

/** TS 103 221-2 §5.4.1 Table 7: Payload Formats. The list is extensible, so other values are passed through. */
export const PayloadFormat = {
  ReservedForKeepalive: 0,
  Etsi102232_1DefinedPayload: 1,
  Ts33128DefinedPayload: 2,
  Ts33108DefinedPayload: 3,
  ProprietaryPayload: 4,
  Ipv4Packet: 5,
  Ipv6Packet: 6,
  EthernetFrame: 7,
  RtpPacket: 8,
  SipMessage: 9,
  DhcpMessage: 10,
  RadiusPacket: 11,
  GtpUMessage: 12,
  MsrpMessage: 13,
  Ts33108EpsIriContent: 14,
  MimeMessage: 15,
  ThreeGppUnstructuredPdu: 16,
} as const;
export type PayloadFormat = (typeof PayloadFormat)[keyof typeof PayloadFormat];

/** TS 103 221-2 §5.3.1 Table 5: Conditional Attribute Types. The list is extensible (NOTE to Table 5). */
export const AttributeType = {
  Etsi102232_1DefinedAttribute: 1,
  Ts33128DefinedAttribute: 2,
  Ts33108DefinedAttribute: 3,
  ProprietaryAttribute: 4,
  DomainId: 5,
  NetworkFunctionId: 6,
  InterceptionPointId: 7,
  SequenceNumber: 8,
  Timestamp: 9,
  SourceIpv4Address: 10,
  DestinationIpv4Address: 11,
  SourceIpv6Address: 12,
  DestinationIpv6Address: 13,
  SourcePort: 14,
  DestinationPort: 15,
  IpProtocol: 16,
  MatchedTargetIdentifier: 17,
  OtherTargetIdentifier: 18,
  MimeContentType: 19,
  MimeContentTransferEncoding: 20,
  AdditionalXidRelatedInformation: 21,
  SdpSessionDescription: 22,
} as const;
export type AttributeType = (typeof AttributeType)[keyof typeof AttributeType];

/** Standard names (Table 2), for logs and docs. */
export const PDU_TYPE_NAMES: Readonly<Record<PduType, string>> = {
  1: 'X2 PDU',
  2: 'X3 PDU',
  3: 'Keepalive',
  4: 'Keepalive Acknowledgement',
};

/** Standard names (Table 7) and whether each format is permitted in X2 / X3 PDUs. */
export const PAYLOAD_FORMATS: Readonly<
  Record<PayloadFormat, { name: string; x2: boolean; x3: boolean; clause: string }>
> = {
  0: { name: 'Reserved for Keepalive mechanism', x2: false, x3: false, clause: '5.1' },
  1: { name: 'ETSI TS 102 232-1 Defined Payload', x2: true, x3: true, clause: '5.4.2' },
  2: { name: '3GPP TS 33.128 Defined Payload', x2: true, x3: true, clause: '5.4.3' },
  3: { name: '3GPP TS 33.108 Defined Payload', x2: true, x3: true, clause: '5.4.4' },
  4: { name: 'Proprietary Payload', x2: true, x3: true, clause: '5.4.5' },
  5: { name: 'IPv4 Packet', x2: true, x3: true, clause: '5.4.6' },
  6: { name: 'IPv6 Packet', x2: true, x3: true, clause: '5.4.7' },
  7: { name: 'Ethernet Frame', x2: false, x3: true, clause: '5.4.8' },
  8: { name: 'RTP Packet', x2: false, x3: true, clause: '5.4.9' },
  9: { name: 'SIP Message', x2: true, x3: false, clause: '5.4.10' },
  10: { name: 'DHCP Message', x2: true, x3: false, clause: '5.4.11' },
  11: { name: 'RADIUS Packet', x2: true, x3: false, clause: '5.4.12' },
  12: { name: 'GTP-U Message', x2: false, x3: true, clause: '5.4.13' },
  13: { name: 'MSRP Message', x2: false, x3: true, clause: '5.4.14' },
  14: { name: '3GPP TS 33.108 EpsIRIContent', x2: true, x3: false, clause: '5.4.15' },
  15: { name: 'MIME Message', x2: true, x3: true, clause: '5.4.16' },
  16: { name: '3GPP Unstructured PDU', x2: false, x3: true, clause: '5.4.17' },
};

/** Standard names (Table 5) and whether several occurrences are meaningful (else the MDF uses the first). */
export const ATTRIBUTE_TYPES: Readonly<
  Record<AttributeType, { name: string; multiple: boolean; clause: string }>
> = {
  1: { name: 'ETSI TS 102 232-1 Defined Attribute', multiple: true, clause: '5.3.2' },
  2: { name: '3GPP TS 33.128 Defined Attribute', multiple: true, clause: '5.3.3' },
  3: { name: '3GPP TS 33.108 Defined Attribute', multiple: true, clause: '5.3.4' },
  4: { name: 'Proprietary Attribute', multiple: true, clause: '5.3.5' },
  5: { name: 'Domain ID (DID)', multiple: false, clause: '5.3.6' },
  6: { name: 'Network Function ID (NFID)', multiple: false, clause: '5.3.7' },
  7: { name: 'Interception Point ID (IPID)', multiple: false, clause: '5.3.8' },
  8: { name: 'Sequence Number', multiple: false, clause: '5.3.9' },
  9: { name: 'Timestamp', multiple: false, clause: '5.3.10' },
  10: { name: 'Source IPv4 Address', multiple: false, clause: '5.3.11' },
  11: { name: 'Destination IPv4 Address', multiple: false, clause: '5.3.12' },
  12: { name: 'Source IPv6 Address', multiple: false, clause: '5.3.13' },
  13: { name: 'Destination IPv6 Address', multiple: false, clause: '5.3.14' },
  14: { name: 'Source Port', multiple: false, clause: '5.3.15' },
  15: { name: 'Destination Port', multiple: false, clause: '5.3.16' },
  16: { name: 'IP Protocol', multiple: false, clause: '5.3.17' },
  17: { name: 'Matched Target Identifier', multiple: true, clause: '5.3.18' },
  18: { name: 'Other Target Identifier', multiple: true, clause: '5.3.19' },
  19: { name: 'MIME Content Type', multiple: false, clause: '5.3.20' },
  20: { name: 'MIME Content Transfer Encoding', multiple: false, clause: '5.3.21' },
  21: { name: 'Additional XID Related Information', multiple: true, clause: '5.3.22' },
  22: { name: 'SDP Session Description', multiple: false, clause: '5.3.23' },
};

/**
 * Table 7's "Permitted in X2 / X3" columns. Formats not in Table 7 (a later minor version) are
 * reported as permitted: the list is extensible and an older reader cannot judge them.
 */
export function isPayloadFormatPermitted(pduType: number, payloadFormat: number): boolean {
  const entry = (PAYLOAD_FORMATS as Readonly<Record<number, { x2: boolean; x3: boolean } | undefined>>)[
    payloadFormat
  ];
  if (pduType === PduType.Keepalive || pduType === PduType.KeepaliveAcknowledgement) {
    return payloadFormat === PayloadFormat.ReservedForKeepalive;
  }
  if (entry === undefined) return true;
  if (pduType === PduType.X2) return entry.x2;
  if (pduType === PduType.X3) return entry.x3;
  return false;
}
