/**
 * Object identifiers and ENUMERATED values of the TS 102 232 modules, named as in the ASN.1
 * (hyphens dropped, the following letter upper-cased: `iRI-Begin` → `iRIBegin`).
 */

/** `li-psDomainId OBJECT IDENTIFIER ::= {lawfulInterceptDomainId li-ps(5) genHeader(1) version43(43)}` (TS 102 232-1 Annex A). */
export const LI_PS_DOMAIN_ID = '0.4.0.2.2.5.1.43';
/** `iPIRIObjId RELATIVE-OID ::= {li-ps(5) iPAccess(3) version18(18) iRI(1)}` (TS 102 232-3, IPAccessPDU version18). */
export const IP_IRI_OBJ_ID = '5.3.18.1';
/** `iPCCObjId RELATIVE-OID ::= {li-ps(5) iPAccess(3) version18(18) cC(2)}`. */
export const IP_CC_OBJ_ID = '5.3.18.2';
/** `iPMMIRIObjId RELATIVE-OID ::= {li-ps(5) iPMultimedia(5) version13(13) iRI(1)}` (TS 102 232-5 §7). */
export const IPMM_IRI_OBJ_ID = '5.5.13.1';
/** `iPMMCCObjId RELATIVE-OID ::= {li-ps(5) iPMultimedia(5) version13(13) cC(2)}`. */
export const IPMM_CC_OBJ_ID = '5.5.13.2';
/** `hi1OperationId OBJECT IDENTIFIER ::= {hi1NotificationOperationsId version6(6)}` (TS 101 671 HI1NotificationOperations). */
export const HI1_OPERATION_ID = '0.4.0.2.2.0.1.6';

/** `IRIType ::= ENUMERATED { iRI-Begin(1), iRI-End(2), iRI-Continue(3), iRI-Report(4) }` (TS 102 232-1 §5.2.10). */
export const IRIType = { iRIBegin: 1, iRIEnd: 2, iRIContinue: 3, iRIReport: 4 } as const;
export type IRIType = (typeof IRIType)[keyof typeof IRIType];

/** `PayloadDirection ::= ENUMERATED { fromTarget(0), toTarget(1), ..., indeterminate(2), combined(3), notapplicable(4) }` */
export const PayloadDirection = { fromTarget: 0, toTarget: 1, indeterminate: 2, combined: 3, notapplicable: 4 } as const;

/** `TimeStampQualifier ::= ENUMERATED { unknown(0), timeOfInterception(1), timeOfMediation(2), ..., timeOfAggregation(3) }` */
export const TimeStampQualifier = { unknown: 0, timeOfInterception: 1, timeOfMediation: 2, timeOfAggregation: 3 } as const;

/** `CheckType ::= ENUMERATED { hash(1), signature(2), ... }` (Annex J). */
export const CheckType = { hash: 1, signature: 2 } as const;
/** `DataType ::= ENUMERATED { iRI(1), cC(2), ..., iLHI(3) }` */
export const DataType = { iRI: 1, cC: 2, iLHI: 3 } as const;
/** `HashAlgorithm ::= ENUMERATED { sHA-1(1), sHA-256(2), sHA-384(3), sHA-512(4), ... }` */
export const HashAlgorithm = { sHA1: 1, sHA256: 2, sHA384: 3, sHA512: 4 } as const;
/** `SignatureAlgorithm ::= ENUMERATED { dSA(1), eCDSA(2), edDSA(3), ... }` */
export const SignatureAlgorithm = { dSA: 1, eCDSA: 2, edDSA: 3 } as const;

/** `OperatorLeaMessagePriority ::= ENUMERATED { error(1), informational(2), ... }` */
export const OperatorLeaMessagePriority = { error: 1, informational: 2 } as const;

/** `EncryptionType ::= ENUMERATED { none(1), national-option(2), aES-192-CBC(3), aES-256-CBC(4), blowfish-192-CBC(5), blowfish-256-CBC(6), threedes-cbc(7), ... }` (Annex G) */
export const EncryptionType = {
  none: 1,
  nationalOption: 2,
  aES192CBC: 3,
  aES256CBC: 4,
  blowfish192CBC: 5,
  blowfish256CBC: 6,
  threedesCbc: 7,
} as const;

/** `EncryptedPayloadType ::= ENUMERATED { unknown(1), part2(2) … part7(7), ..., part1(8) }` */
export const EncryptedPayloadType = { unknown: 1, part2: 2, part3: 3, part4: 4, part5: 5, part6: 6, part7: 7, part1: 8 } as const;

/** `AccessEventType ::= ENUMERATED { accessAttempt(0), … unknown(10) }` (TS 102 232-3). */
export const AccessEventType = {
  accessAttempt: 0,
  accessAccept: 1,
  accessReject: 2,
  accessFailed: 3,
  sessionStart: 4,
  sessionEnd: 5,
  interimUpdate: 6,
  startOfInterceptionWithSessionActive: 7,
  accessEnd: 8,
  endOfInterceptionWithSessionActive: 9,
  unknown: 10,
} as const;

/** `InternetAccessType ::= ENUMERATED { undefined(0), dialUp(1), xDSL(2), cableModem(3), lAN(4), ..., wirelessLAN(5), fTTx(6), wIMAX-HIPERMAN(7), satellite(8), wireless-other(9) }` */
export const InternetAccessType = {
  undefined: 0,
  dialUp: 1,
  xDSL: 2,
  cableModem: 3,
  lAN: 4,
  wirelessLAN: 5,
  fTTx: 6,
  wIMAXHIPERMAN: 7,
  satellite: 8,
  wirelessOther: 9,
} as const;

/** `IPVersion ::= ENUMERATED { iPV4(1), iPV6(2), iPV4andV6(3), ... }` */
export const IPVersion = { iPV4: 1, iPV6: 2, iPV4andV6: 3 } as const;

/** `EndReason ::= ENUMERATED { undefined(0), regularLogoff(1), connectionLoss(2), connectionTimeout(3), leaseExpired(4), ... }` */
export const EndReason = { undefined: 0, regularLogoff: 1, connectionLoss: 2, connectionTimeout: 3, leaseExpired: 4 } as const;

/** `AuthenticationType ::= ENUMERATED { unknown(0), static(1), radiusAAA(2), dhcpAAA(3), diameterAAA(4), ... }` */
export const AuthenticationType = { unknown: 0, static: 1, radiusAAA: 2, dhcpAAA: 3, diameterAAA: 4 } as const;

/** IPAddress `iP-type [1] ENUMERATED { iPV4(0), iPV6(1), ... }` (TS 102 232-1 Annex A). */
export const IPType = { iPV4: 0, iPV6: 1 } as const;
/** IPAddress `iP-assignment [3] ENUMERATED { static(1), dynamic(2), notKnown(3), ... }` */
export const IPAssignment = { static: 1, dynamic: 2, notKnown: 3 } as const;

/** `FrameType ::= ENUMERATED { ipFrame(0), udpFrame(1), rtpFrame(2), audioFrame(3), ..., tcpFrame(4), artificialRtpFrame(5), udptlFrame(6), msrpFrame(7) }` (TS 102 232-5 §7) */
export const FrameType = {
  ipFrame: 0,
  udpFrame: 1,
  rtpFrame: 2,
  audioFrame: 3,
  tcpFrame: 4,
  artificialRtpFrame: 5,
  udptlFrame: 6,
  msrpFrame: 7,
} as const;
/** `MMCCprotocol ::= ENUMERATED { rTP(0), mSRP(1), ..., uDPTL(2) }` */
export const MMCCprotocol = { rTP: 0, mSRP: 1, uDPTL: 2 } as const;

/** `InterceptType ::= ENUMERATED { iriAndCc(1), iriOnly(2), ccOnly(3), ... }` (HI4LINotification). */
export const InterceptType = { iriAndCc: 1, iriOnly: 2, ccOnly: 3 } as const;
/** LocalTimeStamp `winterSummerIndication ENUMERATED { notProvided(0), winterTime(1), summerTime(2), ... }` (TS 101 671). */
export const WinterSummerIndication = { notProvided: 0, winterTime: 1, summerTime: 2 } as const;
