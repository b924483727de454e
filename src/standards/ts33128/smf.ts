/**
 * SMF records of TS33128Payloads r16 (TS 33.128 clause 6.2.3.2: PDU session establishment,
 * modification, release, start of interception with an established PDU session, unsuccessful
 * procedure). Over LI_HI2 they open, continue and close the PDU session's IRI sequence (clause 6.2.3.3).
 */
import { present } from '../ber/index.ts';
import {
  enumCodec,
  explicit,
  rBool,
  rChoiceList,
  rInt,
  rOctets,
  rSeqList,
  rTime,
  rUtf8,
  seqReader,
  wBool,
  wC,
  wChoiceList,
  wInt,
  wOctets,
  wS,
  wSeqList,
  wTime,
  wUtf8,
  type EnumName,
  type SeqCodec,
  type Fields,
} from './asn.ts';
import {
  AccessTypeEnum,
  AMFIDCodec,
  FiveGSMRequestTypeEnum,
  FTEIDCodec,
  GPSICodec,
  PDUSessionTypeEnum,
  PEICodec,
  RATTypeEnum,
  SNSSAICodec,
  SUPICodec,
  UEEndpointAddressCodec,
  type AccessType,
  type AMFID,
  type FiveGSMRequestType,
  type FTEID,
  type GPSI,
  type NSSAI,
  type PDUSessionType,
  type PEI,
  type RATType,
  type SNSSAI,
  type SUPI,
  type UEEndpointAddress,
} from './common.ts';
import { LocationCodec, type Location } from './location.ts';

const rSUPI = explicit(SUPICodec.read);
const rPEI = explicit(PEICodec.read);
const rGPSI = explicit(GPSICodec.read);
const rUEEndpoint = explicit(UEEndpointAddressCodec.read);
/** PDUSessionID ::= INTEGER (0..255) */
const rPDUSessionID = rInt(0, 255);
const wPDUSessionID = (n: number, v: number, w: string) => wInt(n, v, `${w}.pDUSessionID`, 0, 255);

/**
 * The components shared by SMFPDUSessionEstablishment and SMFStartOfInterceptionWithEstablishedPDUSession
 * (identical tags 1..18): sUPI [1], sUPIUnauthenticated [2] (SUPIUnauthenticatedIndication ::= BOOLEAN),
 * pEI [3], gPSI [4], pDUSessionID [5], gTPTunnelID [6] FTEID, pDUSessionType [7], sNSSAI [8],
 * uEEndpoint [9] SEQUENCE OF UEEndpointAddress, non3GPPAccessEndpoint [10], location [11], dNN [12] DNN
 * (UTF8String, dotted-label form), aMFID [13], hSMFURI [14] UTF8String, requestType [15] FiveGSMRequestType,
 * accessType [16], rATType [17], sMPDUDNRequest [18] OCTET STRING.
 */
interface SessionCommon {
  sUPI?: SUPI;
  sUPIUnauthenticated?: boolean;
  pEI?: PEI;
  gPSI?: GPSI;
  pDUSessionID: number;
  gTPTunnelID: FTEID;
  pDUSessionType: PDUSessionType;
  sNSSAI?: SNSSAI;
  non3GPPAccessEndpoint?: UEEndpointAddress;
  location?: Location;
  dNN: string;
  aMFID?: AMFID;
  hSMFURI?: string;
  requestType: FiveGSMRequestType;
  accessType?: AccessType;
  rATType?: RATType;
  sMPDUDNRequest?: Uint8Array;
}

/**
 * SMFPDUSessionEstablishment ::= SEQUENCE { ...SessionCommon [1..18] with uEEndpoint [9] OPTIONAL...,
 *   uEEPSPDNConnection [19] UEEPSPDNConnection OPTIONAL }  -- UEEPSPDNConnection ::= OCTET STRING
 * (clause 6.2.3.2.2)
 */
export interface SMFPDUSessionEstablishment extends SessionCommon {
  uEEndpoint?: UEEndpointAddress[];
  uEEPSPDNConnection?: Uint8Array;
}
/**
 * SMFStartOfInterceptionWithEstablishedPDUSession ::= SEQUENCE { ...SessionCommon [1..18] with uEEndpoint
 *   [9] mandatory..., timeOfSessionEstablishment [19] Timestamp OPTIONAL }  (clause 6.2.3.2.5)
 */
export interface SMFStartOfInterceptionWithEstablishedPDUSession extends SessionCommon {
  uEEndpoint: UEEndpointAddress[];
  timeOfSessionEstablishment?: Date;
}

function sessionFields(v: SessionCommon & { uEEndpoint?: UEEndpointAddress[] }, w: string) {
  return [
    v.sUPI && wC(1, SUPICodec, v.sUPI, `${w}.sUPI`),
    v.sUPIUnauthenticated !== undefined && wBool(2, v.sUPIUnauthenticated),
    v.pEI && wC(3, PEICodec, v.pEI, `${w}.pEI`),
    v.gPSI && wC(4, GPSICodec, v.gPSI, `${w}.gPSI`),
    wPDUSessionID(5, v.pDUSessionID, w),
    wS(6, FTEIDCodec, v.gTPTunnelID, `${w}.gTPTunnelID`),
    PDUSessionTypeEnum.write(7, v.pDUSessionType, `${w}.pDUSessionType`),
    v.sNSSAI && wS(8, SNSSAICodec, v.sNSSAI, `${w}.sNSSAI`),
    v.uEEndpoint && wChoiceList(9, UEEndpointAddressCodec, v.uEEndpoint, `${w}.uEEndpoint`),
    v.non3GPPAccessEndpoint && wC(10, UEEndpointAddressCodec, v.non3GPPAccessEndpoint, `${w}.non3GPPAccessEndpoint`),
    v.location && wS(11, LocationCodec, v.location, `${w}.location`),
    wUtf8(12, v.dNN),
    v.aMFID && wS(13, AMFIDCodec, v.aMFID, `${w}.aMFID`),
    v.hSMFURI !== undefined && wUtf8(14, v.hSMFURI),
    FiveGSMRequestTypeEnum.write(15, v.requestType, `${w}.requestType`),
    v.accessType && AccessTypeEnum.write(16, v.accessType, `${w}.accessType`),
    v.rATType && RATTypeEnum.write(17, v.rATType, `${w}.rATType`),
    v.sMPDUDNRequest && wOctets(18, v.sMPDUDNRequest, `${w}.sMPDUDNRequest`),
  ];
}
function readSession(f: Fields): SessionCommon {
  return {
    sUPI: f.opt(1, 'sUPI', rSUPI),
    sUPIUnauthenticated: f.opt(2, 'sUPIUnauthenticated', rBool),
    pEI: f.opt(3, 'pEI', rPEI),
    gPSI: f.opt(4, 'gPSI', rGPSI),
    pDUSessionID: f.req(5, 'pDUSessionID', rPDUSessionID),
    gTPTunnelID: f.req(6, 'gTPTunnelID', FTEIDCodec.read),
    pDUSessionType: f.req(7, 'pDUSessionType', PDUSessionTypeEnum.read),
    sNSSAI: f.opt(8, 'sNSSAI', SNSSAICodec.read),
    non3GPPAccessEndpoint: f.opt(10, 'non3GPPAccessEndpoint', rUEEndpoint),
    location: f.opt(11, 'location', LocationCodec.read),
    dNN: f.req(12, 'dNN', rUtf8),
    aMFID: f.opt(13, 'aMFID', AMFIDCodec.read),
    hSMFURI: f.opt(14, 'hSMFURI', rUtf8),
    requestType: f.req(15, 'requestType', FiveGSMRequestTypeEnum.read),
    accessType: f.opt(16, 'accessType', AccessTypeEnum.read),
    rATType: f.opt(17, 'rATType', RATTypeEnum.read),
    sMPDUDNRequest: f.opt(18, 'sMPDUDNRequest', rOctets()),
  };
}
const rUEEndpointList = rChoiceList(UEEndpointAddressCodec);

export const SMFPDUSessionEstablishmentCodec: SeqCodec<SMFPDUSessionEstablishment> = {
  fields: (v, w) => present([...sessionFields(v, w), v.uEEPSPDNConnection && wOctets(19, v.uEEPSPDNConnection, `${w}.uEEPSPDNConnection`)]),
  read: seqReader('SMFPDUSessionEstablishment', (f) => ({
    ...readSession(f),
    uEEndpoint: f.opt(9, 'uEEndpoint', rUEEndpointList),
    uEEPSPDNConnection: f.opt(19, 'uEEPSPDNConnection', rOctets()),
  })),
};

export const SMFStartOfInterceptionWithEstablishedPDUSessionCodec: SeqCodec<SMFStartOfInterceptionWithEstablishedPDUSession> = {
  fields: (v, w) => present([...sessionFields(v, w), v.timeOfSessionEstablishment && wTime(19, v.timeOfSessionEstablishment)]),
  read: seqReader('SMFStartOfInterceptionWithEstablishedPDUSession', (f) => ({
    ...readSession(f),
    uEEndpoint: f.req(9, 'uEEndpoint', rUEEndpointList),
    timeOfSessionEstablishment: f.opt(19, 'timeOfSessionEstablishment', rTime),
  })),
};

/**
 * SMFPDUSessionModification ::= SEQUENCE { sUPI [1] SUPI OPTIONAL, sUPIUnauthenticated [2]
 *   SUPIUnauthenticatedIndication OPTIONAL, pEI [3] PEI OPTIONAL, gPSI [4] GPSI OPTIONAL, sNSSAI [5] SNSSAI
 *   OPTIONAL, non3GPPAccessEndpoint [6] UEEndpointAddress OPTIONAL, location [7] Location OPTIONAL,
 *   requestType [8] FiveGSMRequestType, accessType [9] AccessType OPTIONAL, rATType [10] RATType OPTIONAL,
 *   pDUSessionID [11] PDUSessionID OPTIONAL }  (clause 6.2.3.2.3)
 */
export interface SMFPDUSessionModification {
  sUPI?: SUPI;
  sUPIUnauthenticated?: boolean;
  pEI?: PEI;
  gPSI?: GPSI;
  sNSSAI?: SNSSAI;
  non3GPPAccessEndpoint?: UEEndpointAddress;
  location?: Location;
  requestType: FiveGSMRequestType;
  accessType?: AccessType;
  rATType?: RATType;
  pDUSessionID?: number;
}
export const SMFPDUSessionModificationCodec: SeqCodec<SMFPDUSessionModification> = {
  fields: (v, w) =>
    present([
      v.sUPI && wC(1, SUPICodec, v.sUPI, `${w}.sUPI`),
      v.sUPIUnauthenticated !== undefined && wBool(2, v.sUPIUnauthenticated),
      v.pEI && wC(3, PEICodec, v.pEI, `${w}.pEI`),
      v.gPSI && wC(4, GPSICodec, v.gPSI, `${w}.gPSI`),
      v.sNSSAI && wS(5, SNSSAICodec, v.sNSSAI, `${w}.sNSSAI`),
      v.non3GPPAccessEndpoint && wC(6, UEEndpointAddressCodec, v.non3GPPAccessEndpoint, `${w}.non3GPPAccessEndpoint`),
      v.location && wS(7, LocationCodec, v.location, `${w}.location`),
      FiveGSMRequestTypeEnum.write(8, v.requestType, `${w}.requestType`),
      v.accessType && AccessTypeEnum.write(9, v.accessType, `${w}.accessType`),
      v.rATType && RATTypeEnum.write(10, v.rATType, `${w}.rATType`),
      v.pDUSessionID !== undefined && wPDUSessionID(11, v.pDUSessionID, w),
    ]),
  read: seqReader('SMFPDUSessionModification', (f) => ({
    sUPI: f.opt(1, 'sUPI', rSUPI),
    sUPIUnauthenticated: f.opt(2, 'sUPIUnauthenticated', rBool),
    pEI: f.opt(3, 'pEI', rPEI),
    gPSI: f.opt(4, 'gPSI', rGPSI),
    sNSSAI: f.opt(5, 'sNSSAI', SNSSAICodec.read),
    non3GPPAccessEndpoint: f.opt(6, 'non3GPPAccessEndpoint', rUEEndpoint),
    location: f.opt(7, 'location', LocationCodec.read),
    requestType: f.req(8, 'requestType', FiveGSMRequestTypeEnum.read),
    accessType: f.opt(9, 'accessType', AccessTypeEnum.read),
    rATType: f.opt(10, 'rATType', RATTypeEnum.read),
    pDUSessionID: f.opt(11, 'pDUSessionID', rPDUSessionID),
  })),
};

/**
 * SMFPDUSessionRelease ::= SEQUENCE { sUPI [1] SUPI, pEI [2] PEI OPTIONAL, gPSI [3] GPSI OPTIONAL,
 *   pDUSessionID [4] PDUSessionID, timeOfFirstPacket [5] Timestamp OPTIONAL, timeOfLastPacket [6] Timestamp
 *   OPTIONAL, uplinkVolume [7] INTEGER OPTIONAL, downlinkVolume [8] INTEGER OPTIONAL, location [9] Location
 *   OPTIONAL, cause [10] SMFErrorCodes OPTIONAL }  -- SMFErrorCodes ::= UTF8String  (clause 6.2.3.2.4)
 */
export interface SMFPDUSessionRelease {
  sUPI: SUPI;
  pEI?: PEI;
  gPSI?: GPSI;
  pDUSessionID: number;
  timeOfFirstPacket?: Date;
  timeOfLastPacket?: Date;
  /** Octets sent by the UE during the session. */
  uplinkVolume?: number;
  downlinkVolume?: number;
  location?: Location;
  cause?: string;
}
export const SMFPDUSessionReleaseCodec: SeqCodec<SMFPDUSessionRelease> = {
  fields: (v, w) =>
    present([
      wC(1, SUPICodec, v.sUPI, `${w}.sUPI`),
      v.pEI && wC(2, PEICodec, v.pEI, `${w}.pEI`),
      v.gPSI && wC(3, GPSICodec, v.gPSI, `${w}.gPSI`),
      wPDUSessionID(4, v.pDUSessionID, w),
      v.timeOfFirstPacket && wTime(5, v.timeOfFirstPacket),
      v.timeOfLastPacket && wTime(6, v.timeOfLastPacket),
      v.uplinkVolume !== undefined && wInt(7, v.uplinkVolume, `${w}.uplinkVolume`),
      v.downlinkVolume !== undefined && wInt(8, v.downlinkVolume, `${w}.downlinkVolume`),
      v.location && wS(9, LocationCodec, v.location, `${w}.location`),
      v.cause !== undefined && wUtf8(10, v.cause),
    ]),
  read: seqReader('SMFPDUSessionRelease', (f) => ({
    sUPI: f.req(1, 'sUPI', rSUPI),
    pEI: f.opt(2, 'pEI', rPEI),
    gPSI: f.opt(3, 'gPSI', rGPSI),
    pDUSessionID: f.req(4, 'pDUSessionID', rPDUSessionID),
    timeOfFirstPacket: f.opt(5, 'timeOfFirstPacket', rTime),
    timeOfLastPacket: f.opt(6, 'timeOfLastPacket', rTime),
    uplinkVolume: f.opt(7, 'uplinkVolume', rInt()),
    downlinkVolume: f.opt(8, 'downlinkVolume', rInt()),
    location: f.opt(9, 'location', LocationCodec.read),
    cause: f.opt(10, 'cause', rUtf8),
  })),
};

/** SMFFailedProcedureType ::= ENUMERATED { pDUSessionEstablishment(1), pDUSessionModification(2), pDUSessionRelease(3) } */
export const SMFFailedProcedureTypeEnum = enumCodec('SMFFailedProcedureType', { pDUSessionEstablishment: 1, pDUSessionModification: 2, pDUSessionRelease: 3 });
export type SMFFailedProcedureType = EnumName<typeof SMFFailedProcedureTypeEnum>;
/** Initiator ::= ENUMERATED { uE(1), network(2), unknown(3) } */
export const InitiatorEnum = enumCodec('Initiator', { uE: 1, network: 2, unknown: 3 });
export type Initiator = EnumName<typeof InitiatorEnum>;

/**
 * SMFUnsuccessfulProcedure ::= SEQUENCE { failedProcedureType [1] SMFFailedProcedureType, failureCause [2]
 *   FiveGSMCause, initiator [3] Initiator, requestedSlice [4] NSSAI OPTIONAL, sUPI [5] SUPI OPTIONAL,
 *   sUPIUnauthenticated [6] ... OPTIONAL, pEI [7] PEI OPTIONAL, gPSI [8] GPSI OPTIONAL, pDUSessionID [9]
 *   PDUSessionID OPTIONAL, uEEndpoint [10] SEQUENCE OF UEEndpointAddress OPTIONAL, non3GPPAccessEndpoint [11]
 *   UEEndpointAddress OPTIONAL, dNN [12] DNN OPTIONAL, aMFID [13] AMFID OPTIONAL, hSMFURI [14] HSMFURI
 *   OPTIONAL, requestType [15] FiveGSMRequestType OPTIONAL, accessType [16] AccessType OPTIONAL, rATType [17]
 *   RATType OPTIONAL, sMPDUDNRequest [18] SMPDUDNRequest OPTIONAL, location [19] Location OPTIONAL }
 * FiveGSMCause ::= INTEGER (0..255)  (clause 6.2.3.2.6)
 */
export interface SMFUnsuccessfulProcedure {
  failedProcedureType: SMFFailedProcedureType;
  failureCause: number;
  initiator: Initiator;
  requestedSlice?: NSSAI;
  sUPI?: SUPI;
  sUPIUnauthenticated?: boolean;
  pEI?: PEI;
  gPSI?: GPSI;
  pDUSessionID?: number;
  uEEndpoint?: UEEndpointAddress[];
  non3GPPAccessEndpoint?: UEEndpointAddress;
  dNN?: string;
  aMFID?: AMFID;
  hSMFURI?: string;
  requestType?: FiveGSMRequestType;
  accessType?: AccessType;
  rATType?: RATType;
  sMPDUDNRequest?: Uint8Array;
  location?: Location;
}
export const SMFUnsuccessfulProcedureCodec: SeqCodec<SMFUnsuccessfulProcedure> = {
  fields: (v, w) =>
    present([
      SMFFailedProcedureTypeEnum.write(1, v.failedProcedureType, `${w}.failedProcedureType`),
      wInt(2, v.failureCause, `${w}.failureCause`, 0, 255),
      InitiatorEnum.write(3, v.initiator, `${w}.initiator`),
      v.requestedSlice && wSeqList(4, SNSSAICodec, v.requestedSlice, `${w}.requestedSlice`),
      v.sUPI && wC(5, SUPICodec, v.sUPI, `${w}.sUPI`),
      v.sUPIUnauthenticated !== undefined && wBool(6, v.sUPIUnauthenticated),
      v.pEI && wC(7, PEICodec, v.pEI, `${w}.pEI`),
      v.gPSI && wC(8, GPSICodec, v.gPSI, `${w}.gPSI`),
      v.pDUSessionID !== undefined && wPDUSessionID(9, v.pDUSessionID, w),
      v.uEEndpoint && wChoiceList(10, UEEndpointAddressCodec, v.uEEndpoint, `${w}.uEEndpoint`),
      v.non3GPPAccessEndpoint && wC(11, UEEndpointAddressCodec, v.non3GPPAccessEndpoint, `${w}.non3GPPAccessEndpoint`),
      v.dNN !== undefined && wUtf8(12, v.dNN),
      v.aMFID && wS(13, AMFIDCodec, v.aMFID, `${w}.aMFID`),
      v.hSMFURI !== undefined && wUtf8(14, v.hSMFURI),
      v.requestType && FiveGSMRequestTypeEnum.write(15, v.requestType, `${w}.requestType`),
      v.accessType && AccessTypeEnum.write(16, v.accessType, `${w}.accessType`),
      v.rATType && RATTypeEnum.write(17, v.rATType, `${w}.rATType`),
      v.sMPDUDNRequest && wOctets(18, v.sMPDUDNRequest, `${w}.sMPDUDNRequest`),
      v.location && wS(19, LocationCodec, v.location, `${w}.location`),
    ]),
  read: seqReader('SMFUnsuccessfulProcedure', (f) => ({
    failedProcedureType: f.req(1, 'failedProcedureType', SMFFailedProcedureTypeEnum.read),
    failureCause: f.req(2, 'failureCause', rInt(0, 255)),
    initiator: f.req(3, 'initiator', InitiatorEnum.read),
    requestedSlice: f.opt(4, 'requestedSlice', rSeqList(SNSSAICodec)),
    sUPI: f.opt(5, 'sUPI', rSUPI),
    sUPIUnauthenticated: f.opt(6, 'sUPIUnauthenticated', rBool),
    pEI: f.opt(7, 'pEI', rPEI),
    gPSI: f.opt(8, 'gPSI', rGPSI),
    pDUSessionID: f.opt(9, 'pDUSessionID', rPDUSessionID),
    uEEndpoint: f.opt(10, 'uEEndpoint', rUEEndpointList),
    non3GPPAccessEndpoint: f.opt(11, 'non3GPPAccessEndpoint', rUEEndpoint),
    dNN: f.opt(12, 'dNN', rUtf8),
    aMFID: f.opt(13, 'aMFID', AMFIDCodec.read),
    hSMFURI: f.opt(14, 'hSMFURI', rUtf8),
    requestType: f.opt(15, 'requestType', FiveGSMRequestTypeEnum.read),
    accessType: f.opt(16, 'accessType', AccessTypeEnum.read),
    rATType: f.opt(17, 'rATType', RATTypeEnum.read),
    sMPDUDNRequest: f.opt(18, 'sMPDUDNRequest', rOctets()),
    location: f.opt(19, 'location', LocationCodec.read),
  })),
};
