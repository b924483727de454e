/**
 * TS 102 232-5 (IPMultimediaPDU version13, §7) types: IP multimedia (SIP/RTP) IRI and CC.
 * The validator's asn1c codec prunes this module (validators README), so these encodings are checked
 * by our own round trip only.
 */
import type { IPAddress } from './types.ts';

/**
 * ```asn1
 * IPMMCC ::= SEQUENCE {
 *   iPMMCCObjId [0] RELATIVE-OID, mMCCContents [1] OCTET STRING, ...,
 *   frameType [2] FrameType OPTIONAL, streamIdentifier [3] OCTET STRING OPTIONAL,
 *   mMCCprotocol [4] MMCCprotocol OPTIONAL }
 * ```
 * mMCCContents is one intercepted RTP/RTCP, UDPTL or MSRP packet (TS 102 232-5 §5.5).
 */
export interface IPMMCC {
  /** Defaults to IPMM_CC_OBJ_ID ("5.5.13.2") when encoding. */
  iPMMCCObjId?: string;
  mMCCContents: Uint8Array;
  frameType?: number;
  streamIdentifier?: Uint8Array;
  mMCCprotocol?: number;
}

/**
 * ```asn1
 * IPMMIRI ::= SEQUENCE {
 *   iPMMIRIObjId [0] RELATIVE-OID, iPMMIRIContents [1] IPIRIContents, ...,
 *   targetLocation [2] Location OPTIONAL, additionalSignalling [3] SEQUENCE OF AdditionalSignalling OPTIONAL }
 * AdditionalSignalling ::= CHOICE { sipHeaderLine [0] OCTET STRING, ... }
 * ```
 */
export interface IPMMIRI {
  /** Defaults to IPMM_IRI_OBJ_ID ("5.5.13.1") when encoding. */
  iPMMIRIObjId?: string;
  iPMMIRIContents: IPMMIRIContents;
  /** LI-PS-PDU Location: not modelled, the whole [2] TLV. */
  targetLocation?: Uint8Array;
  /** sipHeaderLine values, e.g. "Contact: tel:+123456789". */
  additionalSignalling?: Uint8Array[];
}

/**
 * The -5 module's own `IPIRIContents` (named IPMMIRIContents here to keep it apart from -3's):
 * ```asn1
 * IPIRIContents ::= CHOICE {
 *   originalIPMMMessage [0] OCTET STRING, sIPMessage [1] SIPMessage, h323Message [2] H323Message, ...,
 *   nationalIPMMIRIParameters [3] NationalIPMMIRIParameters, xCAPMessage [4] OCTET STRING,
 *   iRIOnlyOriginalIPMMMessage [5] OCTET STRING, iRIOnlySIPMessage [6] SIPMessage }
 * SIPMessage ::= SEQUENCE { iPSourceAddress [0] IPAddress, iPDestinationAddress [1] IPAddress, sIPContent [2] OCTET STRING, ... }
 * ```
 */
export type IPMMIRIContents =
  | { kind: 'originalIPMMMessage' | 'xCAPMessage' | 'iRIOnlyOriginalIPMMMessage'; value: Uint8Array }
  | { kind: 'sIPMessage' | 'iRIOnlySIPMessage'; value: SIPMessage }
  | { kind: 'unknown'; tag: number; raw: Uint8Array };

export interface SIPMessage {
  iPSourceAddress: IPAddress;
  iPDestinationAddress: IPAddress;
  sIPContent: Uint8Array;
}
