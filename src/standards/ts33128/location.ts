/**
 * Location parameters of TS33128Payloads r16 (TS 33.128 Annex A "Location parameters"; the structures
 * follow TS 29.518 [22] clause 6.4.6.2.6 LocationInfo and TS 29.571 [17] clause 5.4.4.7 UserLocation).
 * LocationPresenceReport and the less used parts of LocationData (velocity, positioning method lists)
 * are kept as raw BER so that they pass through mediation unchanged.
 */
import { present } from '../ber/index.ts';
import {
  choiceTag,
  enumCodec,
  explicit,
  rBits,
  rBool,
  rInt,
  rRaw,
  rSeqList,
  rTime,
  rUtf8,
  seqReader,
  unknownAlternative,
  wBits,
  wBool,
  wC,
  wInt,
  wRaw,
  wS,
  wSeqList,
  wTime,
  wUtf8,
  type ChoiceCodec,
  type EnumName,
  type RawValue,
  type SeqCodec,
} from './asn.ts';
import { IPv4AddressCodec, IPv6AddressCodec } from './addresses.ts';
import { RATTypeEnum, type RATType } from './common.ts';
import { CivicAddressCodec, GeographicAreaCodec, type CivicAddress, type GeographicArea } from './geo.ts';
import {
  CellInformationCodec,
  CellSiteInformationCodec,
  ECGICodec,
  GlobalRANNodeIDCodec,
  NCGICodec,
  TAICodec,
  type CellInformation,
  type CellSiteInformation,
  type ECGI,
  type GlobalRANNodeID,
  type NCGI,
  type TAI,
} from './ran.ts';

/**
 * EUTRALocation ::= SEQUENCE { tAI [1] TAI, eCGI [2] ECGI, ageOfLocatonInfo [3] INTEGER OPTIONAL,
 *   uELocationTimestamp [4] Timestamp OPTIONAL, geographicalInformation [5] UTF8String OPTIONAL,
 *   geodeticInformation [6] UTF8String OPTIONAL, globalNGENbID [7] GlobalRANNodeID OPTIONAL,
 *   cellSiteInformation [8] CellSiteInformation OPTIONAL, globalENbID [9] GlobalRANNodeID OPTIONAL }
 */
export interface EUTRALocation {
  tAI: TAI;
  eCGI: ECGI;
  ageOfLocatonInfo?: number;
  uELocationTimestamp?: Date;
  geographicalInformation?: string;
  geodeticInformation?: string;
  globalNGENbID?: GlobalRANNodeID;
  cellSiteInformation?: CellSiteInformation;
  globalENbID?: GlobalRANNodeID;
}
export const EUTRALocationCodec: SeqCodec<EUTRALocation> = {
  fields: (v, w) =>
    present([
      wS(1, TAICodec, v.tAI, `${w}.tAI`),
      wS(2, ECGICodec, v.eCGI, `${w}.eCGI`),
      v.ageOfLocatonInfo !== undefined && wInt(3, v.ageOfLocatonInfo, `${w}.ageOfLocatonInfo`),
      v.uELocationTimestamp && wTime(4, v.uELocationTimestamp),
      v.geographicalInformation !== undefined && wUtf8(5, v.geographicalInformation),
      v.geodeticInformation !== undefined && wUtf8(6, v.geodeticInformation),
      v.globalNGENbID && wS(7, GlobalRANNodeIDCodec, v.globalNGENbID, `${w}.globalNGENbID`),
      v.cellSiteInformation && wS(8, CellSiteInformationCodec, v.cellSiteInformation, `${w}.cellSiteInformation`),
      v.globalENbID && wS(9, GlobalRANNodeIDCodec, v.globalENbID, `${w}.globalENbID`),
    ]),
  read: seqReader('EUTRALocation', (f) => ({
    tAI: f.req(1, 'tAI', TAICodec.read),
    eCGI: f.req(2, 'eCGI', ECGICodec.read),
    ageOfLocatonInfo: f.opt(3, 'ageOfLocatonInfo', rInt()),
    uELocationTimestamp: f.opt(4, 'uELocationTimestamp', rTime),
    geographicalInformation: f.opt(5, 'geographicalInformation', rUtf8),
    geodeticInformation: f.opt(6, 'geodeticInformation', rUtf8),
    globalNGENbID: f.opt(7, 'globalNGENbID', GlobalRANNodeIDCodec.read),
    cellSiteInformation: f.opt(8, 'cellSiteInformation', CellSiteInformationCodec.read),
    globalENbID: f.opt(9, 'globalENbID', GlobalRANNodeIDCodec.read),
  })),
};

/**
 * NRLocation ::= SEQUENCE { tAI [1] TAI, nCGI [2] NCGI, ageOfLocatonInfo [3] INTEGER OPTIONAL,
 *   uELocationTimestamp [4] Timestamp OPTIONAL, geographicalInformation [5] UTF8String OPTIONAL,
 *   geodeticInformation [6] UTF8String OPTIONAL, globalGNbID [7] GlobalRANNodeID OPTIONAL,
 *   cellSiteInformation [8] CellSiteInformation OPTIONAL }
 */
export interface NRLocation {
  tAI: TAI;
  nCGI: NCGI;
  ageOfLocatonInfo?: number;
  uELocationTimestamp?: Date;
  geographicalInformation?: string;
  geodeticInformation?: string;
  globalGNbID?: GlobalRANNodeID;
  cellSiteInformation?: CellSiteInformation;
}
export const NRLocationCodec: SeqCodec<NRLocation> = {
  fields: (v, w) =>
    present([
      wS(1, TAICodec, v.tAI, `${w}.tAI`),
      wS(2, NCGICodec, v.nCGI, `${w}.nCGI`),
      v.ageOfLocatonInfo !== undefined && wInt(3, v.ageOfLocatonInfo, `${w}.ageOfLocatonInfo`),
      v.uELocationTimestamp && wTime(4, v.uELocationTimestamp),
      v.geographicalInformation !== undefined && wUtf8(5, v.geographicalInformation),
      v.geodeticInformation !== undefined && wUtf8(6, v.geodeticInformation),
      v.globalGNbID && wS(7, GlobalRANNodeIDCodec, v.globalGNbID, `${w}.globalGNbID`),
      v.cellSiteInformation && wS(8, CellSiteInformationCodec, v.cellSiteInformation, `${w}.cellSiteInformation`),
    ]),
  read: seqReader('NRLocation', (f) => ({
    tAI: f.req(1, 'tAI', TAICodec.read),
    nCGI: f.req(2, 'nCGI', NCGICodec.read),
    ageOfLocatonInfo: f.opt(3, 'ageOfLocatonInfo', rInt()),
    uELocationTimestamp: f.opt(4, 'uELocationTimestamp', rTime),
    geographicalInformation: f.opt(5, 'geographicalInformation', rUtf8),
    geodeticInformation: f.opt(6, 'geodeticInformation', rUtf8),
    globalGNbID: f.opt(7, 'globalGNbID', GlobalRANNodeIDCodec.read),
    cellSiteInformation: f.opt(8, 'cellSiteInformation', CellSiteInformationCodec.read),
  })),
};

/** IPAddr ::= SEQUENCE { iPv4Addr [1] IPv4Address OPTIONAL, iPv6Addr [2] IPv6Address OPTIONAL } */
export interface IPAddr {
  iPv4Addr?: string;
  iPv6Addr?: string;
}
const IPAddrCodec: SeqCodec<IPAddr> = {
  fields: (v, w) =>
    present([
      v.iPv4Addr !== undefined && IPv4AddressCodec.write(1, v.iPv4Addr, `${w}.iPv4Addr`),
      v.iPv6Addr !== undefined && IPv6AddressCodec.write(2, v.iPv6Addr, `${w}.iPv6Addr`),
    ]),
  read: seqReader('IPAddr', (f) => ({ iPv4Addr: f.opt(1, 'iPv4Addr', IPv4AddressCodec.read), iPv6Addr: f.opt(2, 'iPv6Addr', IPv6AddressCodec.read) })),
};

/**
 * N3GALocation ::= SEQUENCE { tAI [1] TAI OPTIONAL, n3IWFID [2] N3IWFIDNGAP OPTIONAL,
 *   uEIPAddr [3] IPAddr OPTIONAL, portNumber [4] INTEGER OPTIONAL }  -- N3IWFIDNGAP ::= BIT STRING (SIZE(16))
 */
export interface N3GALocation {
  tAI?: TAI;
  n3IWFID?: number;
  uEIPAddr?: IPAddr;
  portNumber?: number;
}
const N3GALocationCodec: SeqCodec<N3GALocation> = {
  fields: (v, w) =>
    present([
      v.tAI && wS(1, TAICodec, v.tAI, `${w}.tAI`),
      v.n3IWFID !== undefined && wBits(2, { length: 16, value: v.n3IWFID }, `${w}.n3IWFID`, 16, 16),
      v.uEIPAddr && wS(3, IPAddrCodec, v.uEIPAddr, `${w}.uEIPAddr`),
      v.portNumber !== undefined && wInt(4, v.portNumber, `${w}.portNumber`),
    ]),
  read: seqReader('N3GALocation', (f) => ({
    tAI: f.opt(1, 'tAI', TAICodec.read),
    n3IWFID: f.opt(2, 'n3IWFID', (el, w) => rBits(16, 16)(el, w).value),
    uEIPAddr: f.opt(3, 'uEIPAddr', IPAddrCodec.read),
    portNumber: f.opt(4, 'portNumber', rInt()),
  })),
};

/** UserLocation ::= SEQUENCE { eUTRALocation [1] EUTRALocation OPTIONAL, nRLocation [2] NRLocation OPTIONAL, n3GALocation [3] N3GALocation OPTIONAL } */
export interface UserLocation {
  eUTRALocation?: EUTRALocation;
  nRLocation?: NRLocation;
  n3GALocation?: N3GALocation;
}
export const UserLocationCodec: SeqCodec<UserLocation> = {
  fields: (v, w) =>
    present([
      v.eUTRALocation && wS(1, EUTRALocationCodec, v.eUTRALocation, `${w}.eUTRALocation`),
      v.nRLocation && wS(2, NRLocationCodec, v.nRLocation, `${w}.nRLocation`),
      v.n3GALocation && wS(3, N3GALocationCodec, v.n3GALocation, `${w}.n3GALocation`),
    ]),
  read: seqReader('UserLocation', (f) => ({
    eUTRALocation: f.opt(1, 'eUTRALocation', EUTRALocationCodec.read),
    nRLocation: f.opt(2, 'nRLocation', NRLocationCodec.read),
    n3GALocation: f.opt(3, 'n3GALocation', N3GALocationCodec.read),
  })),
};

/**
 * LocationInfo ::= SEQUENCE { userLocation [1] UserLocation OPTIONAL, currentLoc [2] BOOLEAN OPTIONAL,
 *   geoInfo [3] GeographicArea OPTIONAL, rATType [4] RATType OPTIONAL, timeZone [5] TimeZone OPTIONAL,
 *   additionalCellIDs [6] SEQUENCE OF CellInformation OPTIONAL }  -- TimeZone ::= UTF8String
 */
export interface LocationInfo {
  userLocation?: UserLocation;
  currentLoc?: boolean;
  geoInfo?: GeographicArea;
  rATType?: RATType;
  timeZone?: string;
  additionalCellIDs?: CellInformation[];
}
const LocationInfoCodec: SeqCodec<LocationInfo> = {
  fields: (v, w) =>
    present([
      v.userLocation && wS(1, UserLocationCodec, v.userLocation, `${w}.userLocation`),
      v.currentLoc !== undefined && wBool(2, v.currentLoc),
      v.geoInfo && wC(3, GeographicAreaCodec, v.geoInfo, `${w}.geoInfo`),
      v.rATType && RATTypeEnum.write(4, v.rATType, `${w}.rATType`),
      v.timeZone !== undefined && wUtf8(5, v.timeZone),
      v.additionalCellIDs && wSeqList(6, CellInformationCodec, v.additionalCellIDs, `${w}.additionalCellIDs`),
    ]),
  read: seqReader('LocationInfo', (f) => ({
    userLocation: f.opt(1, 'userLocation', UserLocationCodec.read),
    currentLoc: f.opt(2, 'currentLoc', rBool),
    geoInfo: f.opt(3, 'geoInfo', explicit(GeographicAreaCodec.read)),
    rATType: f.opt(4, 'rATType', RATTypeEnum.read),
    timeZone: f.opt(5, 'timeZone', rUtf8),
    additionalCellIDs: f.opt(6, 'additionalCellIDs', rSeqList(CellInformationCodec)),
  })),
};

/** AccuracyFulfilmentIndicator ::= ENUMERATED { requestedAccuracyFulfilled(1), requestedAccuracyNotFulfilled(2) } */
export const AccuracyFulfilmentIndicatorEnum = enumCodec('AccuracyFulfilmentIndicator', { requestedAccuracyFulfilled: 1, requestedAccuracyNotFulfilled: 2 });
export type AccuracyFulfilmentIndicator = EnumName<typeof AccuracyFulfilmentIndicatorEnum>;

/**
 * LocationData ::= SEQUENCE { locationEstimate [1] GeographicArea, accuracyFulfilmentIndicator [2] ... OPTIONAL,
 *   ageOfLocationEstimate [3] AgeOfLocationEstimate OPTIONAL, velocityEstimate [4] VelocityEstimate OPTIONAL,
 *   civicAddress [5] CivicAddress OPTIONAL, positioningDataList [6] SET OF PositioningMethodAndUsage OPTIONAL,
 *   gNSSPositioningDataList [7] SET OF GNSSPositioningMethodAndUsage OPTIONAL, eCGI [8] ECGI OPTIONAL,
 *   nCGI [9] NCGI OPTIONAL, altitude [10] Altitude OPTIONAL, barometricPressure [11] BarometricPressure OPTIONAL }
 * AgeOfLocationEstimate ::= INTEGER (0..32767); BarometricPressure ::= INTEGER (30000..155000).
 * velocityEstimate, positioningDataList and gNSSPositioningDataList are kept raw.
 */
export interface LocationData {
  locationEstimate: GeographicArea;
  accuracyFulfilmentIndicator?: AccuracyFulfilmentIndicator;
  ageOfLocationEstimate?: number;
  velocityEstimate?: RawValue;
  civicAddress?: CivicAddress;
  positioningDataList?: RawValue;
  gNSSPositioningDataList?: RawValue;
  eCGI?: ECGI;
  nCGI?: NCGI;
  altitude?: string;
  barometricPressure?: number;
}
const LocationDataCodec: SeqCodec<LocationData> = {
  fields: (v, w) =>
    present([
      wC(1, GeographicAreaCodec, v.locationEstimate, `${w}.locationEstimate`),
      v.accuracyFulfilmentIndicator && AccuracyFulfilmentIndicatorEnum.write(2, v.accuracyFulfilmentIndicator, `${w}.accuracyFulfilmentIndicator`),
      v.ageOfLocationEstimate !== undefined && wInt(3, v.ageOfLocationEstimate, `${w}.ageOfLocationEstimate`, 0, 32767),
      v.velocityEstimate && wRaw(4, v.velocityEstimate),
      v.civicAddress && wS(5, CivicAddressCodec, v.civicAddress, `${w}.civicAddress`),
      v.positioningDataList && wRaw(6, v.positioningDataList),
      v.gNSSPositioningDataList && wRaw(7, v.gNSSPositioningDataList),
      v.eCGI && wS(8, ECGICodec, v.eCGI, `${w}.eCGI`),
      v.nCGI && wS(9, NCGICodec, v.nCGI, `${w}.nCGI`),
      v.altitude !== undefined && wUtf8(10, v.altitude),
      v.barometricPressure !== undefined && wInt(11, v.barometricPressure, `${w}.barometricPressure`, 30000, 155000),
    ]),
  read: seqReader('LocationData', (f) => ({
    locationEstimate: f.req(1, 'locationEstimate', explicit(GeographicAreaCodec.read)),
    accuracyFulfilmentIndicator: f.opt(2, 'accuracyFulfilmentIndicator', AccuracyFulfilmentIndicatorEnum.read),
    ageOfLocationEstimate: f.opt(3, 'ageOfLocationEstimate', rInt(0, 32767)),
    velocityEstimate: f.opt(4, 'velocityEstimate', rRaw),
    civicAddress: f.opt(5, 'civicAddress', CivicAddressCodec.read),
    positioningDataList: f.opt(6, 'positioningDataList', rRaw),
    gNSSPositioningDataList: f.opt(7, 'gNSSPositioningDataList', rRaw),
    eCGI: f.opt(8, 'eCGI', ECGICodec.read),
    nCGI: f.opt(9, 'nCGI', NCGICodec.read),
    altitude: f.opt(10, 'altitude', rUtf8),
    barometricPressure: f.opt(11, 'barometricPressure', rInt(30000, 155000)),
  })),
};

/** RawMLPResponse ::= CHOICE { mLPPositionData [1] UTF8String, mLPErrorCode [2] INTEGER (1..699) } */
export type RawMLPResponse = { kind: 'mLPPositionData'; value: string } | { kind: 'mLPErrorCode'; value: number };
const RawMLPResponseCodec: ChoiceCodec<RawMLPResponse> = {
  node: (v, w) => (v.kind === 'mLPPositionData' ? wUtf8(1, v.value) : wInt(2, v.value, `${w}.mLPErrorCode`, 1, 699)),
  read(el, w) {
    switch (choiceTag(el, w)) {
      case 1:
        return { kind: 'mLPPositionData', value: rUtf8(el, `${w}.mLPPositionData`) };
      case 2:
        return { kind: 'mLPErrorCode', value: rInt(1, 699)(el, `${w}.mLPErrorCode`) };
      default:
        throw unknownAlternative(`${w}(RawMLPResponse)`, el.tagNumber);
    }
  },
};

/** PositioningInfo ::= SEQUENCE { positionInfo [1] LocationData OPTIONAL, rawMLPResponse [2] RawMLPResponse OPTIONAL } */
export interface PositioningInfo {
  positionInfo?: LocationData;
  rawMLPResponse?: RawMLPResponse;
}
const PositioningInfoCodec: SeqCodec<PositioningInfo> = {
  fields: (v, w) =>
    present([
      v.positionInfo && wS(1, LocationDataCodec, v.positionInfo, `${w}.positionInfo`),
      v.rawMLPResponse && wC(2, RawMLPResponseCodec, v.rawMLPResponse, `${w}.rawMLPResponse`),
    ]),
  read: seqReader('PositioningInfo', (f) => ({
    positionInfo: f.opt(1, 'positionInfo', LocationDataCodec.read),
    rawMLPResponse: f.opt(2, 'rawMLPResponse', explicit(RawMLPResponseCodec.read)),
  })),
};

/**
 * Location ::= SEQUENCE { locationInfo [1] LocationInfo OPTIONAL, positioningInfo [2] PositioningInfo OPTIONAL,
 *   locationPresenceReport [3] LocationPresenceReport OPTIONAL }
 * (locationPresenceReport, TS 29.518 clause 6.2.6.2.5, is kept raw.)
 */
export interface Location {
  locationInfo?: LocationInfo;
  positioningInfo?: PositioningInfo;
  locationPresenceReport?: RawValue;
}
export const LocationCodec: SeqCodec<Location> = {
  fields: (v, w) =>
    present([
      v.locationInfo && wS(1, LocationInfoCodec, v.locationInfo, `${w}.locationInfo`),
      v.positioningInfo && wS(2, PositioningInfoCodec, v.positioningInfo, `${w}.positioningInfo`),
      v.locationPresenceReport && wRaw(3, v.locationPresenceReport),
    ]),
  read: seqReader('Location', (f) => ({
    locationInfo: f.opt(1, 'locationInfo', LocationInfoCodec.read),
    positioningInfo: f.opt(2, 'positioningInfo', PositioningInfoCodec.read),
    locationPresenceReport: f.opt(3, 'locationPresenceReport', rRaw),
  })),
};

/** TAIList ::= SEQUENCE OF TAI */
export type TAIList = TAI[];
export const rTAIList = rSeqList(TAICodec);
export const wTAIList = (n: number, v: TAIList, w: string) => wSeqList(n, TAICodec, v, w);
