/**
 * TS 102 232-3 (IPAccessPDU version18) types: IP access IRI and CC. Naming as in types.ts.
 */
import type { IPAddress } from './types.ts';

/** `IPCC ::= SEQUENCE { iPCCObjId [0] RELATIVE-OID, iPCCContents [1] IPCCContents }` */
export interface IPCC {
  /** Defaults to IP_CC_OBJ_ID ("5.3.18.2") when encoding. */
  iPCCObjId?: string;
  iPCCContents: IPCCContents;
}

/**
 * ```asn1
 * IPCCContents ::= CHOICE { iPPackets [0] OCTET STRING, ..., iPTruncatedPacket [1] IPTruncatedPacket }
 * IPTruncatedPacket ::= SEQUENCE { truncatedPacket [0] OCTET STRING, originalLength [1] INTEGER OPTIONAL, ... }
 * ```
 */
export type IPCCContents =
  | { kind: 'iPPackets'; value: Uint8Array }
  | { kind: 'iPTruncatedPacket'; value: { truncatedPacket: Uint8Array; originalLength?: number } };

/** `IPIRI ::= SEQUENCE { iPIRIObjId [0] RELATIVE-OID, iPIRIContents [1] IPIRIContents, ... }` */
export interface IPIRI {
  /** Defaults to IP_IRI_OBJ_ID ("5.3.18.1") when encoding. */
  iPIRIObjId?: string;
  iPIRIContents: IPIRIContents;
}

/**
 * ```asn1
 * IPIRIContents ::= SEQUENCE {
 *   accessEventType [0] AccessEventType, targetUsername [1] OCTET STRING, -- in ASCII-characters
 *   internetAccessType [2] InternetAccessType, iPVersion [3] IPVersion,
 *   targetIPAddress [4] LI-PS-PDU.IPAddress OPTIONAL, targetNetworkID [5] UTF8String (SIZE (1..20)) OPTIONAL,
 *   targetCPEID [6] UTF8String (SIZE (1..128)) OPTIONAL, targetLocation [7] UTF8String (SIZE (1..64)) OPTIONAL,
 *   pOPPortNumber [8] INTEGER (0..4294967295) OPTIONAL, callBackNumber [9] UTF8String (SIZE (1..20)) OPTIONAL,
 *   startTime [10] GeneralizedTime OPTIONAL, endTime [11] GeneralizedTime OPTIONAL, endReason [12] EndReason OPTIONAL,
 *   octetsReceived [13] INTEGER (0..18446744073709551615) OPTIONAL,
 *   octetsTransmitted [14] INTEGER (0..18446744073709551615) OPTIONAL, rawAAAData [15] OCTET STRING OPTIONAL, ...,
 *   expectedEndTime [16] GeneralizedTime OPTIONAL, pOPPhoneNumber [17] UTF8String (SIZE (1..20)) OPTIONAL,
 *   pOPIdentifier [18] IPIRIIDType OPTIONAL, pOPIPAddress [19] LI-PS-PDU.IPAddress OPTIONAL,
 *   nationalIPIRIParameters [20] NationalIPIRIParameters OPTIONAL, additionalIPAddress [21] LI-PS-PDU.IPAddress OPTIONAL,
 *   authenticationType [22] AuthenticationType OPTIONAL, otherTargetIdentifiers [23] SEQUENCE OF OtherTargetIdentifiers OPTIONAL,
 *   location [24] LI-PS-PDU.Location OPTIONAL, pOPPortID [25] OCTET STRING OPTIONAL,
 *   framedRoutes [26] SEQUENCE OF FramedRoute OPTIONAL }
 * ```
 * Fields [18], [20], [23], [24] and [26] are not modelled: each is kept as its whole TLV in `rawFields`
 * (by tag) and re-encoded from it.
 */
export interface IPIRIContents {
  accessEventType: number;
  /** ASCII (TS 102 232-3): kept as text. */
  targetUsername: string;
  internetAccessType: number;
  iPVersion: number;
  targetIPAddress?: IPAddress;
  targetNetworkID?: string;
  targetCPEID?: string;
  targetLocation?: string;
  pOPPortNumber?: number;
  callBackNumber?: string;
  startTime?: Date;
  endTime?: Date;
  endReason?: number;
  octetsReceived?: bigint;
  octetsTransmitted?: bigint;
  rawAAAData?: Uint8Array;
  expectedEndTime?: Date;
  pOPPhoneNumber?: string;
  pOPIPAddress?: IPAddress;
  additionalIPAddress?: IPAddress;
  authenticationType?: number;
  pOPPortID?: Uint8Array;
  /** Fields not modelled ([18], [20], [23], [24], [26] and later extensions), whole TLVs by tag. */
  rawFields?: Map<number, Uint8Array>;
}
