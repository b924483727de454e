/**
 * Report records of TS33128Payloads r16: LALSReport (clause 7.3.3), PDHeaderReport / PDSummaryReport
 * (packet data header reporting, clause 6.2.3.4.1), MDFCellSiteReport (clause 7.3.4) and the
 * LINotification of the HI4 payload.
 */
import { present } from '../ber/index.ts';
import {
  enumCodec,
  explicit,
  rInt,
  rSeqList,
  rTime,
  seqReader,
  wC,
  wInt,
  wS,
  wSeqList,
  wTime,
  type EnumName,
  type SeqCodec,
  type Fields,
} from './asn.ts';
import {
  DirectionEnum,
  GPSICodec,
  IPAddressCodec,
  PEICodec,
  SUPICodec,
  TargetIdentifierCodec,
  type Direction,
  type GPSI,
  type IPAddress,
  type PEI,
  type SUPI,
  type TargetIdentifier,
} from './common.ts';
import { LocationCodec, type Location } from './location.ts';
import { CellInformationCodec, type CellInformation } from './ran.ts';

/** LALSReport ::= SEQUENCE { sUPI [1] SUPI OPTIONAL, pEI [2] PEI OPTIONAL, gPSI [3] GPSI OPTIONAL, location [4] Location OPTIONAL } */
export interface LALSReport {
  sUPI?: SUPI;
  pEI?: PEI;
  gPSI?: GPSI;
  location?: Location;
}
export const LALSReportCodec: SeqCodec<LALSReport> = {
  fields: (v, w) =>
    present([
      v.sUPI && wC(1, SUPICodec, v.sUPI, `${w}.sUPI`),
      v.pEI && wC(2, PEICodec, v.pEI, `${w}.pEI`),
      v.gPSI && wC(3, GPSICodec, v.gPSI, `${w}.gPSI`),
      v.location && wS(4, LocationCodec, v.location, `${w}.location`),
    ]),
  read: seqReader('LALSReport', (f) => ({
    sUPI: f.opt(1, 'sUPI', explicit(SUPICodec.read)),
    pEI: f.opt(2, 'pEI', explicit(PEICodec.read)),
    gPSI: f.opt(3, 'gPSI', explicit(GPSICodec.read)),
    location: f.opt(4, 'location', LocationCodec.read),
  })),
};

/** PDSRSummaryTrigger ::= ENUMERATED { timerExpiry(1), packetCount(2), byteCount(3), startOfFlow(4), endOfFlow(5) } */
export const PDSRSummaryTriggerEnum = enumCodec('PDSRSummaryTrigger', { timerExpiry: 1, packetCount: 2, byteCount: 3, startOfFlow: 4, endOfFlow: 5 });
export type PDSRSummaryTrigger = EnumName<typeof PDSRSummaryTriggerEnum>;

/**
 * The flow components shared by PDHeaderReport and PDSummaryReport (tags 1..8): pDUSessionID [1]
 * PDUSessionID, sourceIPAddress [2] IPAddress, sourcePort [3] PortNumber OPTIONAL, destinationIPAddress [4]
 * IPAddress, destinationPort [5] PortNumber OPTIONAL, nextLayerProtocol [6] NextLayerProtocol, iPv6flowLabel
 * [7] IPv6FlowLabel OPTIONAL, direction [8] Direction.
 * PortNumber ::= INTEGER(0..65535); NextLayerProtocol ::= INTEGER(0..255); IPv6FlowLabel ::= INTEGER(0..1048575)
 */
interface PDFlow {
  pDUSessionID: number;
  sourceIPAddress: IPAddress;
  sourcePort?: number;
  destinationIPAddress: IPAddress;
  destinationPort?: number;
  nextLayerProtocol: number;
  iPv6flowLabel?: number;
  direction: Direction;
}
const flowFields = (v: PDFlow, w: string) => [
  wInt(1, v.pDUSessionID, `${w}.pDUSessionID`, 0, 255),
  wC(2, IPAddressCodec, v.sourceIPAddress, `${w}.sourceIPAddress`),
  v.sourcePort !== undefined && wInt(3, v.sourcePort, `${w}.sourcePort`, 0, 65535),
  wC(4, IPAddressCodec, v.destinationIPAddress, `${w}.destinationIPAddress`),
  v.destinationPort !== undefined && wInt(5, v.destinationPort, `${w}.destinationPort`, 0, 65535),
  wInt(6, v.nextLayerProtocol, `${w}.nextLayerProtocol`, 0, 255),
  v.iPv6flowLabel !== undefined && wInt(7, v.iPv6flowLabel, `${w}.iPv6flowLabel`, 0, 1048575),
  DirectionEnum.write(8, v.direction, `${w}.direction`),
];
const readFlow = (f: Fields): PDFlow => ({
  pDUSessionID: f.req(1, 'pDUSessionID', rInt(0, 255)),
  sourceIPAddress: f.req(2, 'sourceIPAddress', explicit(IPAddressCodec.read)),
  sourcePort: f.opt(3, 'sourcePort', rInt(0, 65535)),
  destinationIPAddress: f.req(4, 'destinationIPAddress', explicit(IPAddressCodec.read)),
  destinationPort: f.opt(5, 'destinationPort', rInt(0, 65535)),
  nextLayerProtocol: f.req(6, 'nextLayerProtocol', rInt(0, 255)),
  iPv6flowLabel: f.opt(7, 'iPv6flowLabel', rInt(0, 1048575)),
  direction: f.req(8, 'direction', DirectionEnum.read),
});

/** PDHeaderReport ::= SEQUENCE { ...flow components [1..8]..., packetSize [9] INTEGER } */
export interface PDHeaderReport extends PDFlow {
  packetSize: number;
}
export const PDHeaderReportCodec: SeqCodec<PDHeaderReport> = {
  fields: (v, w) => present([...flowFields(v, w), wInt(9, v.packetSize, `${w}.packetSize`)]),
  read: seqReader('PDHeaderReport', (f) => ({ ...readFlow(f), packetSize: f.req(9, 'packetSize', rInt()) })),
};

/**
 * PDSummaryReport ::= SEQUENCE { ...flow components [1..8]..., pDSRSummaryTrigger [9] PDSRSummaryTrigger,
 *   firstPacketTimestamp [10] Timestamp, lastPacketTimestamp [11] Timestamp, packetCount [12] INTEGER,
 *   byteCount [13] INTEGER }
 */
export interface PDSummaryReport extends PDFlow {
  pDSRSummaryTrigger: PDSRSummaryTrigger;
  firstPacketTimestamp: Date;
  lastPacketTimestamp: Date;
  packetCount: number;
  byteCount: number;
}
export const PDSummaryReportCodec: SeqCodec<PDSummaryReport> = {
  fields: (v, w) =>
    present([
      ...flowFields(v, w),
      PDSRSummaryTriggerEnum.write(9, v.pDSRSummaryTrigger, `${w}.pDSRSummaryTrigger`),
      wTime(10, v.firstPacketTimestamp),
      wTime(11, v.lastPacketTimestamp),
      wInt(12, v.packetCount, `${w}.packetCount`),
      wInt(13, v.byteCount, `${w}.byteCount`),
    ]),
  read: seqReader('PDSummaryReport', (f) => ({
    ...readFlow(f),
    pDSRSummaryTrigger: f.req(9, 'pDSRSummaryTrigger', PDSRSummaryTriggerEnum.read),
    firstPacketTimestamp: f.req(10, 'firstPacketTimestamp', rTime),
    lastPacketTimestamp: f.req(11, 'lastPacketTimestamp', rTime),
    packetCount: f.req(12, 'packetCount', rInt()),
    byteCount: f.req(13, 'byteCount', rInt()),
  })),
};

/** MDFCellSiteReport ::= SEQUENCE OF CellInformation  (IRIEvent [16] only: the MDF2 adds it, clause 7.3.4) */
export type MDFCellSiteReport = CellInformation[];
export const rMDFCellSiteReport = rSeqList(CellInformationCodec);
export const wMDFCellSiteReport = (n: number, v: MDFCellSiteReport, w: string) => wSeqList(n, CellInformationCodec, v, w);

/** LINotificationType ::= ENUMERATED { activation(1), deactivation(2), modification(3) } */
export const LINotificationTypeEnum = enumCodec('LINotificationType', { activation: 1, deactivation: 2, modification: 3 });
export type LINotificationType = EnumName<typeof LINotificationTypeEnum>;

/**
 * LIAppliedDeliveryInformation ::= SEQUENCE { hI2DeliveryIPAddress [1] IPAddress OPTIONAL,
 *   hI2DeliveryPortNumber [2] PortNumber OPTIONAL, hI3DeliveryIPAddress [3] IPAddress OPTIONAL,
 *   hI3DeliveryPortNumber [4] PortNumber OPTIONAL }
 */
export interface LIAppliedDeliveryInformation {
  hI2DeliveryIPAddress?: IPAddress;
  hI2DeliveryPortNumber?: number;
  hI3DeliveryIPAddress?: IPAddress;
  hI3DeliveryPortNumber?: number;
}
const LIAppliedDeliveryInformationCodec: SeqCodec<LIAppliedDeliveryInformation> = {
  fields: (v, w) =>
    present([
      v.hI2DeliveryIPAddress && wC(1, IPAddressCodec, v.hI2DeliveryIPAddress, `${w}.hI2DeliveryIPAddress`),
      v.hI2DeliveryPortNumber !== undefined && wInt(2, v.hI2DeliveryPortNumber, `${w}.hI2DeliveryPortNumber`, 0, 65535),
      v.hI3DeliveryIPAddress && wC(3, IPAddressCodec, v.hI3DeliveryIPAddress, `${w}.hI3DeliveryIPAddress`),
      v.hI3DeliveryPortNumber !== undefined && wInt(4, v.hI3DeliveryPortNumber, `${w}.hI3DeliveryPortNumber`, 0, 65535),
    ]),
  read: seqReader('LIAppliedDeliveryInformation', (f) => ({
    hI2DeliveryIPAddress: f.opt(1, 'hI2DeliveryIPAddress', explicit(IPAddressCodec.read)),
    hI2DeliveryPortNumber: f.opt(2, 'hI2DeliveryPortNumber', rInt(0, 65535)),
    hI3DeliveryIPAddress: f.opt(3, 'hI3DeliveryIPAddress', explicit(IPAddressCodec.read)),
    hI3DeliveryPortNumber: f.opt(4, 'hI3DeliveryPortNumber', rInt(0, 65535)),
  })),
};

/**
 * LINotification ::= SEQUENCE { notificationType [1] LINotificationType, appliedTargetID [2] TargetIdentifier
 *   OPTIONAL, appliedDeliveryInformation [3] SEQUENCE OF LIAppliedDeliveryInformation OPTIONAL,
 *   appliedStartTime [4] Timestamp OPTIONAL, appliedEndTime [5] Timestamp OPTIONAL }
 */
export interface LINotification {
  notificationType: LINotificationType;
  appliedTargetID?: TargetIdentifier;
  appliedDeliveryInformation?: LIAppliedDeliveryInformation[];
  appliedStartTime?: Date;
  appliedEndTime?: Date;
}
export const LINotificationCodec: SeqCodec<LINotification> = {
  fields: (v, w) =>
    present([
      LINotificationTypeEnum.write(1, v.notificationType, `${w}.notificationType`),
      v.appliedTargetID && wC(2, TargetIdentifierCodec, v.appliedTargetID, `${w}.appliedTargetID`),
      v.appliedDeliveryInformation && wSeqList(3, LIAppliedDeliveryInformationCodec, v.appliedDeliveryInformation, `${w}.appliedDeliveryInformation`),
      v.appliedStartTime && wTime(4, v.appliedStartTime),
      v.appliedEndTime && wTime(5, v.appliedEndTime),
    ]),
  read: seqReader('LINotification', (f) => ({
    notificationType: f.req(1, 'notificationType', LINotificationTypeEnum.read),
    appliedTargetID: f.opt(2, 'appliedTargetID', explicit(TargetIdentifierCodec.read)),
    appliedDeliveryInformation: f.opt(3, 'appliedDeliveryInformation', rSeqList(LIAppliedDeliveryInformationCodec)),
    appliedStartTime: f.opt(4, 'appliedStartTime', rTime),
    appliedEndTime: f.opt(5, 'appliedEndTime', rTime),
  })),
};
