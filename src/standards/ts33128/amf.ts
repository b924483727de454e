/**
 * AMF records of TS33128Payloads r16 (TS 33.128 clause 6.2.2.2: registration, deregistration,
 * location update, start of interception with a registered UE, unsuccessful procedure, identifier
 * association). The IRI-POI in the AMF sends them as xIRI over LI_X2; the MDF2 forwards them as
 * IRI-REPORT records over LI_HI2 (clause 6.2.2.3).
 */
import { present } from '../ber/index.ts';
import {
  choiceTag,
  enumCodec,
  explicit,
  rInt,
  rSeqList,
  rTime,
  seqReader,
  unknownAlternative,
  wC,
  wInt,
  wS,
  wSeqList,
  wTime,
  type ChoiceCodec,
  type EnumName,
  type SeqCodec,
} from './asn.ts';
import {
  AccessTypeEnum,
  FiveGGUTICodec,
  GPSICodec,
  PEICodec,
  SNSSAICodec,
  SliceCodec,
  SUCICodec,
  SUPICodec,
  UEEndpointAddressCodec,
  type AccessType,
  type FiveGGUTI,
  type GPSI,
  type NSSAI,
  type PEI,
  type Slice,
  type SUCI,
  type SUPI,
  type UEEndpointAddress,
} from './common.ts';
import { LocationCodec, rTAIList, wTAIList, type Location, type TAIList } from './location.ts';

const rSUPI = explicit(SUPICodec.read);
const rPEI = explicit(PEICodec.read);
const rGPSI = explicit(GPSICodec.read);
const rUEEndpoint = explicit(UEEndpointAddressCodec.read);

/** AMFRegistrationType ::= ENUMERATED { initial(1), mobility(2), periodic(3), emergency(4) } */
export const AMFRegistrationTypeEnum = enumCodec('AMFRegistrationType', { initial: 1, mobility: 2, periodic: 3, emergency: 4 });
export type AMFRegistrationType = EnumName<typeof AMFRegistrationTypeEnum>;
/** AMFRegistrationResult ::= ENUMERATED { threeGPPAccess(1), nonThreeGPPAccess(2), threeGPPAndNonThreeGPPAccess(3) } */
export const AMFRegistrationResultEnum = enumCodec('AMFRegistrationResult', { threeGPPAccess: 1, nonThreeGPPAccess: 2, threeGPPAndNonThreeGPPAccess: 3 });
export type AMFRegistrationResult = EnumName<typeof AMFRegistrationResultEnum>;
/** AMFDirection ::= ENUMERATED { networkInitiated(1), uEInitiated(2) } */
export const AMFDirectionEnum = enumCodec('AMFDirection', { networkInitiated: 1, uEInitiated: 2 });
export type AMFDirection = EnumName<typeof AMFDirectionEnum>;
/** AMFFailedProcedureType ::= ENUMERATED { registration(1), sMS(2), pDUSessionEstablishment(3) } */
export const AMFFailedProcedureTypeEnum = enumCodec('AMFFailedProcedureType', { registration: 1, sMS: 2, pDUSessionEstablishment: 3 });
export type AMFFailedProcedureType = EnumName<typeof AMFFailedProcedureTypeEnum>;

/**
 * AMFRegistration ::= SEQUENCE { registrationType [1] AMFRegistrationType, registrationResult [2]
 *   AMFRegistrationResult, slice [3] Slice OPTIONAL, sUPI [4] SUPI, sUCI [5] SUCI OPTIONAL, pEI [6] PEI
 *   OPTIONAL, gPSI [7] GPSI OPTIONAL, gUTI [8] FiveGGUTI, location [9] Location OPTIONAL,
 *   non3GPPAccessEndpoint [10] UEEndpointAddress OPTIONAL, fiveGSTAIList [11] TAIList OPTIONAL }
 * (TS 33.128 clause 6.2.2.2.2)
 */
export interface AMFRegistration {
  registrationType: AMFRegistrationType;
  registrationResult: AMFRegistrationResult;
  slice?: Slice;
  sUPI: SUPI;
  sUCI?: SUCI;
  pEI?: PEI;
  gPSI?: GPSI;
  gUTI: FiveGGUTI;
  location?: Location;
  non3GPPAccessEndpoint?: UEEndpointAddress;
  fiveGSTAIList?: TAIList;
}
export const AMFRegistrationCodec: SeqCodec<AMFRegistration> = {
  fields: (v, w) =>
    present([
      AMFRegistrationTypeEnum.write(1, v.registrationType, `${w}.registrationType`),
      AMFRegistrationResultEnum.write(2, v.registrationResult, `${w}.registrationResult`),
      v.slice && wS(3, SliceCodec, v.slice, `${w}.slice`),
      wC(4, SUPICodec, v.sUPI, `${w}.sUPI`),
      v.sUCI && wS(5, SUCICodec, v.sUCI, `${w}.sUCI`),
      v.pEI && wC(6, PEICodec, v.pEI, `${w}.pEI`),
      v.gPSI && wC(7, GPSICodec, v.gPSI, `${w}.gPSI`),
      wS(8, FiveGGUTICodec, v.gUTI, `${w}.gUTI`),
      v.location && wS(9, LocationCodec, v.location, `${w}.location`),
      v.non3GPPAccessEndpoint && wC(10, UEEndpointAddressCodec, v.non3GPPAccessEndpoint, `${w}.non3GPPAccessEndpoint`),
      v.fiveGSTAIList && wTAIList(11, v.fiveGSTAIList, `${w}.fiveGSTAIList`),
    ]),
  read: seqReader('AMFRegistration', (f) => ({
    registrationType: f.req(1, 'registrationType', AMFRegistrationTypeEnum.read),
    registrationResult: f.req(2, 'registrationResult', AMFRegistrationResultEnum.read),
    slice: f.opt(3, 'slice', SliceCodec.read),
    sUPI: f.req(4, 'sUPI', rSUPI),
    sUCI: f.opt(5, 'sUCI', SUCICodec.read),
    pEI: f.opt(6, 'pEI', rPEI),
    gPSI: f.opt(7, 'gPSI', rGPSI),
    gUTI: f.req(8, 'gUTI', FiveGGUTICodec.read),
    location: f.opt(9, 'location', LocationCodec.read),
    non3GPPAccessEndpoint: f.opt(10, 'non3GPPAccessEndpoint', rUEEndpoint),
    fiveGSTAIList: f.opt(11, 'fiveGSTAIList', rTAIList),
  })),
};

/**
 * AMFDeregistration ::= SEQUENCE { deregistrationDirection [1] AMFDirection, accessType [2] AccessType,
 *   sUPI [3] SUPI OPTIONAL, sUCI [4] SUCI OPTIONAL, pEI [5] PEI OPTIONAL, gPSI [6] GPSI OPTIONAL,
 *   gUTI [7] FiveGGUTI OPTIONAL, cause [8] FiveGMMCause OPTIONAL, location [9] Location OPTIONAL }
 * FiveGMMCause ::= INTEGER (0..255)  (TS 33.128 clause 6.2.2.2.3)
 */
export interface AMFDeregistration {
  deregistrationDirection: AMFDirection;
  accessType: AccessType;
  sUPI?: SUPI;
  sUCI?: SUCI;
  pEI?: PEI;
  gPSI?: GPSI;
  gUTI?: FiveGGUTI;
  cause?: number;
  location?: Location;
}
export const AMFDeregistrationCodec: SeqCodec<AMFDeregistration> = {
  fields: (v, w) =>
    present([
      AMFDirectionEnum.write(1, v.deregistrationDirection, `${w}.deregistrationDirection`),
      AccessTypeEnum.write(2, v.accessType, `${w}.accessType`),
      v.sUPI && wC(3, SUPICodec, v.sUPI, `${w}.sUPI`),
      v.sUCI && wS(4, SUCICodec, v.sUCI, `${w}.sUCI`),
      v.pEI && wC(5, PEICodec, v.pEI, `${w}.pEI`),
      v.gPSI && wC(6, GPSICodec, v.gPSI, `${w}.gPSI`),
      v.gUTI && wS(7, FiveGGUTICodec, v.gUTI, `${w}.gUTI`),
      v.cause !== undefined && wInt(8, v.cause, `${w}.cause`, 0, 255),
      v.location && wS(9, LocationCodec, v.location, `${w}.location`),
    ]),
  read: seqReader('AMFDeregistration', (f) => ({
    deregistrationDirection: f.req(1, 'deregistrationDirection', AMFDirectionEnum.read),
    accessType: f.req(2, 'accessType', AccessTypeEnum.read),
    sUPI: f.opt(3, 'sUPI', rSUPI),
    sUCI: f.opt(4, 'sUCI', SUCICodec.read),
    pEI: f.opt(5, 'pEI', rPEI),
    gPSI: f.opt(6, 'gPSI', rGPSI),
    gUTI: f.opt(7, 'gUTI', FiveGGUTICodec.read),
    cause: f.opt(8, 'cause', rInt(0, 255)),
    location: f.opt(9, 'location', LocationCodec.read),
  })),
};

/**
 * AMFLocationUpdate ::= SEQUENCE { sUPI [1] SUPI, sUCI [2] SUCI OPTIONAL, pEI [3] PEI OPTIONAL,
 *   gPSI [4] GPSI OPTIONAL, gUTI [5] FiveGGUTI OPTIONAL, location [6] Location }  (clause 6.2.2.2.4)
 */
export interface AMFLocationUpdate {
  sUPI: SUPI;
  sUCI?: SUCI;
  pEI?: PEI;
  gPSI?: GPSI;
  gUTI?: FiveGGUTI;
  location: Location;
}
export const AMFLocationUpdateCodec: SeqCodec<AMFLocationUpdate> = {
  fields: (v, w) =>
    present([
      wC(1, SUPICodec, v.sUPI, `${w}.sUPI`),
      v.sUCI && wS(2, SUCICodec, v.sUCI, `${w}.sUCI`),
      v.pEI && wC(3, PEICodec, v.pEI, `${w}.pEI`),
      v.gPSI && wC(4, GPSICodec, v.gPSI, `${w}.gPSI`),
      v.gUTI && wS(5, FiveGGUTICodec, v.gUTI, `${w}.gUTI`),
      wS(6, LocationCodec, v.location, `${w}.location`),
    ]),
  read: seqReader('AMFLocationUpdate', (f) => ({
    sUPI: f.req(1, 'sUPI', rSUPI),
    sUCI: f.opt(2, 'sUCI', SUCICodec.read),
    pEI: f.opt(3, 'pEI', rPEI),
    gPSI: f.opt(4, 'gPSI', rGPSI),
    gUTI: f.opt(5, 'gUTI', FiveGGUTICodec.read),
    location: f.req(6, 'location', LocationCodec.read),
  })),
};

/**
 * AMFStartOfInterceptionWithRegisteredUE ::= SEQUENCE { registrationResult [1] AMFRegistrationResult,
 *   registrationType [2] AMFRegistrationType OPTIONAL, slice [3] Slice OPTIONAL, sUPI [4] SUPI,
 *   sUCI [5] SUCI OPTIONAL, pEI [6] PEI OPTIONAL, gPSI [7] GPSI OPTIONAL, gUTI [8] FiveGGUTI,
 *   location [9] Location OPTIONAL, non3GPPAccessEndpoint [10] UEEndpointAddress OPTIONAL,
 *   timeOfRegistration [11] Timestamp OPTIONAL, fiveGSTAIList [12] TAIList OPTIONAL }  (clause 6.2.2.2.5)
 */
export interface AMFStartOfInterceptionWithRegisteredUE {
  registrationResult: AMFRegistrationResult;
  registrationType?: AMFRegistrationType;
  slice?: Slice;
  sUPI: SUPI;
  sUCI?: SUCI;
  pEI?: PEI;
  gPSI?: GPSI;
  gUTI: FiveGGUTI;
  location?: Location;
  non3GPPAccessEndpoint?: UEEndpointAddress;
  timeOfRegistration?: Date;
  fiveGSTAIList?: TAIList;
}
export const AMFStartOfInterceptionWithRegisteredUECodec: SeqCodec<AMFStartOfInterceptionWithRegisteredUE> = {
  fields: (v, w) =>
    present([
      AMFRegistrationResultEnum.write(1, v.registrationResult, `${w}.registrationResult`),
      v.registrationType && AMFRegistrationTypeEnum.write(2, v.registrationType, `${w}.registrationType`),
      v.slice && wS(3, SliceCodec, v.slice, `${w}.slice`),
      wC(4, SUPICodec, v.sUPI, `${w}.sUPI`),
      v.sUCI && wS(5, SUCICodec, v.sUCI, `${w}.sUCI`),
      v.pEI && wC(6, PEICodec, v.pEI, `${w}.pEI`),
      v.gPSI && wC(7, GPSICodec, v.gPSI, `${w}.gPSI`),
      wS(8, FiveGGUTICodec, v.gUTI, `${w}.gUTI`),
      v.location && wS(9, LocationCodec, v.location, `${w}.location`),
      v.non3GPPAccessEndpoint && wC(10, UEEndpointAddressCodec, v.non3GPPAccessEndpoint, `${w}.non3GPPAccessEndpoint`),
      v.timeOfRegistration && wTime(11, v.timeOfRegistration),
      v.fiveGSTAIList && wTAIList(12, v.fiveGSTAIList, `${w}.fiveGSTAIList`),
    ]),
  read: seqReader('AMFStartOfInterceptionWithRegisteredUE', (f) => ({
    registrationResult: f.req(1, 'registrationResult', AMFRegistrationResultEnum.read),
    registrationType: f.opt(2, 'registrationType', AMFRegistrationTypeEnum.read),
    slice: f.opt(3, 'slice', SliceCodec.read),
    sUPI: f.req(4, 'sUPI', rSUPI),
    sUCI: f.opt(5, 'sUCI', SUCICodec.read),
    pEI: f.opt(6, 'pEI', rPEI),
    gPSI: f.opt(7, 'gPSI', rGPSI),
    gUTI: f.req(8, 'gUTI', FiveGGUTICodec.read),
    location: f.opt(9, 'location', LocationCodec.read),
    non3GPPAccessEndpoint: f.opt(10, 'non3GPPAccessEndpoint', rUEEndpoint),
    timeOfRegistration: f.opt(11, 'timeOfRegistration', rTime),
    fiveGSTAIList: f.opt(12, 'fiveGSTAIList', rTAIList),
  })),
};

/** AMFFailureCause ::= CHOICE { fiveGMMCause [1] FiveGMMCause, fiveGSMCause [2] FiveGSMCause }  -- both INTEGER (0..255) */
export type AMFFailureCause = { kind: 'fiveGMMCause' | 'fiveGSMCause'; value: number };
const AMFFailureCauseCodec: ChoiceCodec<AMFFailureCause> = {
  node: (v, w) => wInt(v.kind === 'fiveGMMCause' ? 1 : 2, v.value, `${w}.${v.kind}`, 0, 255),
  read(el, w) {
    const tag = choiceTag(el, w);
    if (tag !== 1 && tag !== 2) throw unknownAlternative(`${w}(AMFFailureCause)`, tag);
    return { kind: tag === 1 ? 'fiveGMMCause' : 'fiveGSMCause', value: rInt(0, 255)(el, w) };
  },
};

/**
 * AMFUnsuccessfulProcedure ::= SEQUENCE { failedProcedureType [1] AMFFailedProcedureType, failureCause [2]
 *   AMFFailureCause, requestedSlice [3] NSSAI OPTIONAL, sUPI [4] SUPI OPTIONAL, sUCI [5] SUCI OPTIONAL,
 *   pEI [6] PEI OPTIONAL, gPSI [7] GPSI OPTIONAL, gUTI [8] FiveGGUTI OPTIONAL, location [9] Location OPTIONAL }
 * (clause 6.2.2.2.6)
 */
export interface AMFUnsuccessfulProcedure {
  failedProcedureType: AMFFailedProcedureType;
  failureCause: AMFFailureCause;
  requestedSlice?: NSSAI;
  sUPI?: SUPI;
  sUCI?: SUCI;
  pEI?: PEI;
  gPSI?: GPSI;
  gUTI?: FiveGGUTI;
  location?: Location;
}
export const AMFUnsuccessfulProcedureCodec: SeqCodec<AMFUnsuccessfulProcedure> = {
  fields: (v, w) =>
    present([
      AMFFailedProcedureTypeEnum.write(1, v.failedProcedureType, `${w}.failedProcedureType`),
      wC(2, AMFFailureCauseCodec, v.failureCause, `${w}.failureCause`),
      v.requestedSlice && wSeqList(3, SNSSAICodec, v.requestedSlice, `${w}.requestedSlice`),
      v.sUPI && wC(4, SUPICodec, v.sUPI, `${w}.sUPI`),
      v.sUCI && wS(5, SUCICodec, v.sUCI, `${w}.sUCI`),
      v.pEI && wC(6, PEICodec, v.pEI, `${w}.pEI`),
      v.gPSI && wC(7, GPSICodec, v.gPSI, `${w}.gPSI`),
      v.gUTI && wS(8, FiveGGUTICodec, v.gUTI, `${w}.gUTI`),
      v.location && wS(9, LocationCodec, v.location, `${w}.location`),
    ]),
  read: seqReader('AMFUnsuccessfulProcedure', (f) => ({
    failedProcedureType: f.req(1, 'failedProcedureType', AMFFailedProcedureTypeEnum.read),
    failureCause: f.req(2, 'failureCause', explicit(AMFFailureCauseCodec.read)),
    requestedSlice: f.opt(3, 'requestedSlice', rSeqList(SNSSAICodec)),
    sUPI: f.opt(4, 'sUPI', rSUPI),
    sUCI: f.opt(5, 'sUCI', SUCICodec.read),
    pEI: f.opt(6, 'pEI', rPEI),
    gPSI: f.opt(7, 'gPSI', rGPSI),
    gUTI: f.opt(8, 'gUTI', FiveGGUTICodec.read),
    location: f.opt(9, 'location', LocationCodec.read),
  })),
};

/**
 * AMFIdentifierAssocation ::= SEQUENCE { sUPI [1] SUPI, sUCI [2] SUCI OPTIONAL, pEI [3] PEI OPTIONAL,
 *   gPSI [4] GPSI OPTIONAL, gUTI [5] FiveGGUTI, location [6] Location, fiveGSTAIList [7] TAIList OPTIONAL }
 * (clause 6.2.2.2.7; the ASN.1 spells "Assocation")
 */
export interface AMFIdentifierAssocation {
  sUPI: SUPI;
  sUCI?: SUCI;
  pEI?: PEI;
  gPSI?: GPSI;
  gUTI: FiveGGUTI;
  location: Location;
  fiveGSTAIList?: TAIList;
}
export const AMFIdentifierAssocationCodec: SeqCodec<AMFIdentifierAssocation> = {
  fields: (v, w) =>
    present([
      wC(1, SUPICodec, v.sUPI, `${w}.sUPI`),
      v.sUCI && wS(2, SUCICodec, v.sUCI, `${w}.sUCI`),
      v.pEI && wC(3, PEICodec, v.pEI, `${w}.pEI`),
      v.gPSI && wC(4, GPSICodec, v.gPSI, `${w}.gPSI`),
      wS(5, FiveGGUTICodec, v.gUTI, `${w}.gUTI`),
      wS(6, LocationCodec, v.location, `${w}.location`),
      v.fiveGSTAIList && wTAIList(7, v.fiveGSTAIList, `${w}.fiveGSTAIList`),
    ]),
  read: seqReader('AMFIdentifierAssocation', (f) => ({
    sUPI: f.req(1, 'sUPI', rSUPI),
    sUCI: f.opt(2, 'sUCI', SUCICodec.read),
    pEI: f.opt(3, 'pEI', rPEI),
    gPSI: f.opt(4, 'gPSI', rGPSI),
    gUTI: f.req(5, 'gUTI', FiveGGUTICodec.read),
    location: f.req(6, 'location', LocationCodec.read),
    fiveGSTAIList: f.opt(7, 'fiveGSTAIList', rTAIList),
  })),
};
