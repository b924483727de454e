/**
 * Radio-network identifiers of TS33128Payloads r16 (TS 29.571 [17] clause 5.4.4, TS 38.413 [23]
 * clause 9.3.1, TS 36.413 [38]): TAI, ECGI, NCGI, GlobalRANNodeID, RANCGI, CellInformation and
 * CellSiteInformation.
 */
import { present, type BerNode } from '../ber/index.ts';
import {
  choiceTag,
  rBits,
  rInt,
  rOctets,
  rTime,
  rUtf8,
  seqReader,
  unknownAlternative,
  wBits,
  wC,
  wInt,
  wOctets,
  wS,
  wSeq,
  wTime,
  wUtf8,
  explicit,
  encodeFail,
  badValue,
  type ChoiceCodec,
  type Reader,
  type SeqCodec,
} from './asn.ts';
import { PLMNIDCodec, type PLMNID } from './common.ts';
import { GeographicalCoordinatesCodec, type GeographicalCoordinates } from './geo.ts';

/** NID ::= UTF8String (SIZE(11))  -- TS 23.003 clause 12.7.1: 11 hexadecimal digits, so UTF-16 length = characters */
const wNID = (n: number, s: string, w: string): BerNode => {
  if (s.length !== 11) throw encodeFail(`${w}.nID`, 'NID must be 11 characters');
  return wUtf8(n, s);
};
const rNID: Reader<string> = (el, w) => {
  const s = rUtf8(el, w);
  if (s.length !== 11) throw badValue(w, 'NID must be 11 characters');
  return s;
};

/** A fixed-SIZE BIT STRING held as a number (cell and node identities). */
const fixedBits = (size: number) => ({
  write: (n: number, value: number, w: string) => wBits(n, { length: size, value }, w, size, size),
  read: ((el, w) => rBits(size, size)(el, w).value) as Reader<number>,
});
/** EUTRACellID ::= BIT STRING (SIZE(28)) */
const EUTRACellID = fixedBits(28);
/** NRCellID ::= BIT STRING (SIZE(36)) */
const NRCellID = fixedBits(36);

/** TAI ::= SEQUENCE { pLMNID [1] PLMNID, tAC [2] TAC, nID [3] NID OPTIONAL }  -- TAC ::= OCTET STRING (SIZE(2..3)) */
export interface TAI {
  pLMNID: PLMNID;
  /** 2 octets (E-UTRA, 16-bit TAC) or 3 octets (NR, 24-bit TAC). */
  tAC: Uint8Array;
  nID?: string;
}
export const TAICodec: SeqCodec<TAI> = {
  fields: (v, w) => present([wS(1, PLMNIDCodec, v.pLMNID, `${w}.pLMNID`), wOctets(2, v.tAC, `${w}.tAC`, 2, 3), v.nID !== undefined && wNID(3, v.nID, w)]),
  read: seqReader('TAI', (f) => ({ pLMNID: f.req(1, 'pLMNID', PLMNIDCodec.read), tAC: f.req(2, 'tAC', rOctets(2, 3)), nID: f.opt(3, 'nID', rNID) })),
};

/** ECGI ::= SEQUENCE { pLMNID [1] PLMNID, eUTRACellID [2] EUTRACellID, nID [3] NID OPTIONAL } */
export interface ECGI {
  pLMNID: PLMNID;
  /** 28-bit E-UTRAN cell identity (TS 36.413 clause 9.2.1.38). */
  eUTRACellID: number;
  nID?: string;
}
export const ECGICodec: SeqCodec<ECGI> = {
  fields: (v, w) =>
    present([wS(1, PLMNIDCodec, v.pLMNID, `${w}.pLMNID`), EUTRACellID.write(2, v.eUTRACellID, `${w}.eUTRACellID`), v.nID !== undefined && wNID(3, v.nID, w)]),
  read: seqReader('ECGI', (f) => ({
    pLMNID: f.req(1, 'pLMNID', PLMNIDCodec.read),
    eUTRACellID: f.req(2, 'eUTRACellID', EUTRACellID.read),
    nID: f.opt(3, 'nID', rNID),
  })),
};

/** NCGI ::= SEQUENCE { pLMNID [1] PLMNID, nRCellID [2] NRCellID, nID [3] NID OPTIONAL } */
export interface NCGI {
  pLMNID: PLMNID;
  /** 36-bit NR cell identity (TS 38.413 clause 9.3.1.7). */
  nRCellID: number;
  nID?: string;
}
export const NCGICodec: SeqCodec<NCGI> = {
  fields: (v, w) => present([wS(1, PLMNIDCodec, v.pLMNID, `${w}.pLMNID`), NRCellID.write(2, v.nRCellID, `${w}.nRCellID`), v.nID !== undefined && wNID(3, v.nID, w)]),
  read: seqReader('NCGI', (f) => ({ pLMNID: f.req(1, 'pLMNID', PLMNIDCodec.read), nRCellID: f.req(2, 'nRCellID', NRCellID.read), nID: f.opt(3, 'nID', rNID) })),
};

/** A CHOICE of fixed-size BIT STRINGs. */
function bitsChoice<K extends string>(typeName: string, alts: Record<K, { tag: number; size: number }>): ChoiceCodec<{ kind: K; value: number }> {
  const byTag = new Map<number, K>();
  for (const [k, a] of Object.entries(alts) as [K, { tag: number }][]) byTag.set(a.tag, k);
  return {
    node(v, w) {
      const a = alts[v.kind] as { tag: number; size: number } | undefined;
      if (!a) throw unknownAlternative(`${w}(${typeName})`, -1);
      return wBits(a.tag, { length: a.size, value: v.value }, `${w}.${v.kind}`, a.size, a.size);
    },
    read(el, w) {
      const kind = byTag.get(choiceTag(el, w));
      if (kind === undefined) throw unknownAlternative(`${w}(${typeName})`, el.tagNumber);
      return { kind, value: rBits(alts[kind].size, alts[kind].size)(el, `${w}.${kind}`).value };
    },
  };
}
/** NGENbID ::= CHOICE { macroNGENbID [1] BIT STRING (SIZE(20)), shortMacroNGENbID [2] BIT STRING (SIZE(18)), longMacroNGENbID [3] BIT STRING (SIZE(21)) } */
export type NGENbID = { kind: 'macroNGENbID' | 'shortMacroNGENbID' | 'longMacroNGENbID'; value: number };
const NGENbIDCodec = bitsChoice<NGENbID['kind']>('NGENbID', {
  macroNGENbID: { tag: 1, size: 20 },
  shortMacroNGENbID: { tag: 2, size: 18 },
  longMacroNGENbID: { tag: 3, size: 21 },
});
/** ENbID ::= CHOICE { macroENbID [1] BIT STRING (SIZE(20)), homeENbID [2] BIT STRING (SIZE(28)), shortMacroENbID [3] BIT STRING (SIZE(18)), longMacroENbID [4] BIT STRING (SIZE(21)) } */
export type ENbID = { kind: 'macroENbID' | 'homeENbID' | 'shortMacroENbID' | 'longMacroENbID'; value: number };
const ENbIDCodec = bitsChoice<ENbID['kind']>('ENbID', {
  macroENbID: { tag: 1, size: 20 },
  homeENbID: { tag: 2, size: 28 },
  shortMacroENbID: { tag: 3, size: 18 },
  longMacroENbID: { tag: 4, size: 21 },
});

/**
 * ANNodeID ::= CHOICE { n3IWFID [1] N3IWFIDSBI, gNbID [2] GNbID, nGENbID [3] NGENbID, eNbID [4] ENbID }
 * N3IWFIDSBI ::= UTF8String; GNbID ::= BIT STRING (SIZE(22..32)) (TS 38.413 clause 9.3.1.6).
 */
export type ANNodeID =
  | { kind: 'n3IWFID'; value: string }
  | { kind: 'gNbID'; value: { length: number; value: number } }
  | { kind: 'nGENbID'; value: NGENbID }
  | { kind: 'eNbID'; value: ENbID };
const ANNodeIDCodec: ChoiceCodec<ANNodeID> = {
  node(v, w) {
    switch (v.kind) {
      case 'n3IWFID':
        return wUtf8(1, v.value);
      case 'gNbID':
        return wBits(2, v.value, `${w}.gNbID`, 22, 32);
      case 'nGENbID':
        return wC(3, NGENbIDCodec, v.value, `${w}.nGENbID`);
      case 'eNbID':
        return wC(4, ENbIDCodec, v.value, `${w}.eNbID`);
    }
  },
  read(el, w) {
    switch (choiceTag(el, w)) {
      case 1:
        return { kind: 'n3IWFID', value: rUtf8(el, `${w}.n3IWFID`) };
      case 2:
        return { kind: 'gNbID', value: rBits(22, 32)(el, `${w}.gNbID`) };
      case 3:
        return { kind: 'nGENbID', value: explicit(NGENbIDCodec.read)(el, `${w}.nGENbID`) };
      case 4:
        return { kind: 'eNbID', value: explicit(ENbIDCodec.read)(el, `${w}.eNbID`) };
      default:
        throw unknownAlternative(`${w}(ANNodeID)`, el.tagNumber);
    }
  },
};

/** GlobalRANNodeID ::= SEQUENCE { pLMNID [1] PLMNID, aNNodeID [2] ANNodeID, nID [3] NID OPTIONAL } */
export interface GlobalRANNodeID {
  pLMNID: PLMNID;
  aNNodeID: ANNodeID;
  nID?: string;
}
export const GlobalRANNodeIDCodec: SeqCodec<GlobalRANNodeID> = {
  fields: (v, w) => present([wS(1, PLMNIDCodec, v.pLMNID, `${w}.pLMNID`), wC(2, ANNodeIDCodec, v.aNNodeID, `${w}.aNNodeID`), v.nID !== undefined && wNID(3, v.nID, w)]),
  read: seqReader('GlobalRANNodeID', (f) => ({
    pLMNID: f.req(1, 'pLMNID', PLMNIDCodec.read),
    aNNodeID: f.req(2, 'aNNodeID', explicit(ANNodeIDCodec.read)),
    nID: f.opt(3, 'nID', rNID),
  })),
};

/**
 * CellSiteInformation ::= SEQUENCE { geographicalCoordinates [1] GeographicalCoordinates,
 *   azimuth [2] INTEGER (0..359) OPTIONAL, operatorSpecificInformation [3] UTF8String OPTIONAL }
 */
export interface CellSiteInformation {
  geographicalCoordinates: GeographicalCoordinates;
  azimuth?: number;
  operatorSpecificInformation?: string;
}
export const CellSiteInformationCodec: SeqCodec<CellSiteInformation> = {
  fields: (v, w) =>
    present([
      wS(1, GeographicalCoordinatesCodec, v.geographicalCoordinates, `${w}.geographicalCoordinates`),
      v.azimuth !== undefined && wInt(2, v.azimuth, `${w}.azimuth`, 0, 359),
      v.operatorSpecificInformation !== undefined && wUtf8(3, v.operatorSpecificInformation),
    ]),
  read: seqReader('CellSiteInformation', (f) => ({
    geographicalCoordinates: f.req(1, 'geographicalCoordinates', GeographicalCoordinatesCodec.read),
    azimuth: f.opt(2, 'azimuth', rInt(0, 359)),
    operatorSpecificInformation: f.opt(3, 'operatorSpecificInformation', rUtf8),
  })),
};

/** RANCGI ::= CHOICE { eCGI [1] ECGI, nCGI [2] NCGI } */
export type RANCGI = { kind: 'eCGI'; value: ECGI } | { kind: 'nCGI'; value: NCGI };
export const RANCGICodec: ChoiceCodec<RANCGI> = {
  node: (v, w) => (v.kind === 'eCGI' ? wSeq(1, ECGICodec.fields(v.value, `${w}.eCGI`)) : wSeq(2, NCGICodec.fields(v.value, `${w}.nCGI`))),
  read(el, w) {
    switch (choiceTag(el, w)) {
      case 1:
        return { kind: 'eCGI', value: ECGICodec.read(el, `${w}.eCGI`) };
      case 2:
        return { kind: 'nCGI', value: NCGICodec.read(el, `${w}.nCGI`) };
      default:
        throw unknownAlternative(`${w}(RANCGI)`, el.tagNumber);
    }
  },
};

/** CellInformation ::= SEQUENCE { rANCGI [1] RANCGI, cellSiteinformation [2] CellSiteInformation OPTIONAL, timeOfLocation [3] Timestamp OPTIONAL } */
export interface CellInformation {
  rANCGI: RANCGI;
  cellSiteinformation?: CellSiteInformation;
  timeOfLocation?: Date;
}
export const CellInformationCodec: SeqCodec<CellInformation> = {
  fields: (v, w) =>
    present([
      wC(1, RANCGICodec, v.rANCGI, `${w}.rANCGI`),
      v.cellSiteinformation && wS(2, CellSiteInformationCodec, v.cellSiteinformation, `${w}.cellSiteinformation`),
      v.timeOfLocation && wTime(3, v.timeOfLocation),
    ]),
  read: seqReader('CellInformation', (f) => ({
    rANCGI: f.req(1, 'rANCGI', explicit(RANCGICodec.read)),
    cellSiteinformation: f.opt(2, 'cellSiteinformation', CellSiteInformationCodec.read),
    timeOfLocation: f.opt(3, 'timeOfLocation', rTime),
  })),
};
