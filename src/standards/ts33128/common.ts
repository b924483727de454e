/**
 * Common parameters of TS33128Payloads r16 (TS 33.128 Annex A, "Common Parameters"): subscriber and
 * equipment identities (SUPI, SUCI, PEI, GPSI), PLMN and slice identifiers, GUTI, F-TEID, addresses,
 * and the shared ENUMERATED types.
 */
import { present, type BerNode } from '../ber/index.ts';
import {
  choiceTag,
  enumCodec,
  explicit,
  rInt,
  rNumeric,
  rOctets,
  rSeqList,
  rUtf8,
  seqReader,
  unknownAlternative,
  wExplicit,
  wInt,
  wNumeric,
  wOctets,
  wS,
  wSeqList,
  wUtf8,
  type ChoiceCodec,
  type EnumName,
  type SeqCodec,
} from './asn.ts';
import { IPv4AddressCodec, IPv6AddressCodec, MACAddressCodec } from './addresses.ts';

// ---- NumericString identities: IMSI (6..15), MSISDN / E164Number (1..15), IMEI (14), IMEISV (16), MCC (3), MNC (2..3)
const IMSI = [6, 15] as const;
const MSISDN = [1, 15] as const;

/** A CHOICE of string alternatives: `{ kind: <alternative identifier>, value }`. */
function stringChoice<K extends string>(
  typeName: string,
  alts: Record<K, { tag: number; numeric?: readonly [number, number] }>,
): ChoiceCodec<{ kind: K; value: string }> {
  const byTag = new Map<number, K>();
  for (const [k, a] of Object.entries(alts) as [K, { tag: number }][]) byTag.set(a.tag, k);
  return {
    node(v, where) {
      const a = alts[v.kind] as { tag: number; numeric?: readonly [number, number] } | undefined;
      if (!a) throw unknownAlternative(`${where}(${typeName})`, -1);
      return a.numeric ? wNumeric(a.tag, v.value, `${where}.${v.kind}`, a.numeric[0], a.numeric[1]) : wUtf8(a.tag, v.value);
    },
    read(el, where) {
      const kind = byTag.get(choiceTag(el, where));
      if (kind === undefined) throw unknownAlternative(`${where}(${typeName})`, el.tagNumber);
      const a = alts[kind];
      const value = a.numeric ? rNumeric(a.numeric[0], a.numeric[1])(el, `${where}.${kind}`) : rUtf8(el, `${where}.${kind}`);
      return { kind, value };
    },
  };
}

/** SUPI ::= CHOICE { iMSI [1] IMSI, nAI [2] NAI }  -- IMSI ::= NumericString (SIZE(6..15)), NAI ::= UTF8String */
export type SUPI = { kind: 'iMSI'; value: string } | { kind: 'nAI'; value: string };
export const SUPICodec = stringChoice<SUPI['kind']>('SUPI', { iMSI: { tag: 1, numeric: IMSI }, nAI: { tag: 2 } }) as ChoiceCodec<SUPI>;

/** GPSI ::= CHOICE { mSISDN [1] MSISDN, nAI [2] NAI }  -- MSISDN ::= NumericString (SIZE(1..15)) */
export type GPSI = { kind: 'mSISDN'; value: string } | { kind: 'nAI'; value: string };
export const GPSICodec = stringChoice<GPSI['kind']>('GPSI', { mSISDN: { tag: 1, numeric: MSISDN }, nAI: { tag: 2 } }) as ChoiceCodec<GPSI>;

/** PEI ::= CHOICE { iMEI [1] IMEI, iMEISV [2] IMEISV }  -- IMEI ::= NumericString (SIZE(14)), IMEISV ::= NumericString (SIZE(16)) */
export type PEI = { kind: 'iMEI'; value: string } | { kind: 'iMEISV'; value: string };
export const PEICodec = stringChoice<PEI['kind']>('PEI', { iMEI: { tag: 1, numeric: [14, 14] }, iMEISV: { tag: 2, numeric: [16, 16] } }) as ChoiceCodec<PEI>;

/** SMSNFAddress-style E164Number ::= NumericString (SIZE(1..15)) */
export const E164_SIZE = MSISDN;

/** PLMNID ::= SEQUENCE { mCC [1] MCC, mNC [2] MNC }  -- MCC ::= NumericString (SIZE(3)), MNC ::= NumericString (SIZE(2..3)) */
export interface PLMNID {
  mCC: string;
  mNC: string;
}
export const PLMNIDCodec: SeqCodec<PLMNID> = {
  fields: (v, w) => [wNumeric(1, v.mCC, `${w}.mCC`, 3, 3), wNumeric(2, v.mNC, `${w}.mNC`, 2, 3)],
  read: seqReader('PLMNID', (f) => ({ mCC: f.req(1, 'mCC', rNumeric(3, 3)), mNC: f.req(2, 'mNC', rNumeric(2, 3)) })),
};

/**
 * SUCI ::= SEQUENCE { mCC [1] MCC, mNC [2] MNC, routingIndicator [3] RoutingIndicator,
 *   protectionSchemeID [4] ProtectionSchemeID, homeNetworkPublicKeyID [5] HomeNetworkPublicKeyID,
 *   schemeOutput [6] SchemeOutput }
 * RoutingIndicator ::= INTEGER (0..9999); ProtectionSchemeID ::= INTEGER (0..15); the other two OCTET STRING.
 */
export interface SUCI {
  mCC: string;
  mNC: string;
  routingIndicator: number;
  protectionSchemeID: number;
  homeNetworkPublicKeyID: Uint8Array;
  schemeOutput: Uint8Array;
}
export const SUCICodec: SeqCodec<SUCI> = {
  fields: (v, w) => [
    wNumeric(1, v.mCC, `${w}.mCC`, 3, 3),
    wNumeric(2, v.mNC, `${w}.mNC`, 2, 3),
    wInt(3, v.routingIndicator, `${w}.routingIndicator`, 0, 9999),
    wInt(4, v.protectionSchemeID, `${w}.protectionSchemeID`, 0, 15),
    wOctets(5, v.homeNetworkPublicKeyID, `${w}.homeNetworkPublicKeyID`),
    wOctets(6, v.schemeOutput, `${w}.schemeOutput`),
  ],
  read: seqReader('SUCI', (f) => ({
    mCC: f.req(1, 'mCC', rNumeric(3, 3)),
    mNC: f.req(2, 'mNC', rNumeric(2, 3)),
    routingIndicator: f.req(3, 'routingIndicator', rInt(0, 9999)),
    protectionSchemeID: f.req(4, 'protectionSchemeID', rInt(0, 15)),
    homeNetworkPublicKeyID: f.req(5, 'homeNetworkPublicKeyID', rOctets()),
    schemeOutput: f.req(6, 'schemeOutput', rOctets()),
  })),
};

/**
 * FiveGGUTI ::= SEQUENCE { mCC [1] MCC, mNC [2] MNC, aMFRegionID [3] AMFRegionID, aMFSetID [4] AMFSetID,
 *   aMFPointer [5] AMFPointer, fiveGTMSI [6] FiveGTMSI }
 * AMFRegionID ::= INTEGER (0..255); AMFSetID ::= INTEGER (0..1023); AMFPointer ::= INTEGER (0..63);
 * FiveGTMSI ::= INTEGER (0..4294967295)
 */
export interface FiveGGUTI {
  mCC: string;
  mNC: string;
  aMFRegionID: number;
  aMFSetID: number;
  aMFPointer: number;
  fiveGTMSI: number;
}
export const FiveGGUTICodec: SeqCodec<FiveGGUTI> = {
  fields: (v, w) => [
    wNumeric(1, v.mCC, `${w}.mCC`, 3, 3),
    wNumeric(2, v.mNC, `${w}.mNC`, 2, 3),
    wInt(3, v.aMFRegionID, `${w}.aMFRegionID`, 0, 255),
    wInt(4, v.aMFSetID, `${w}.aMFSetID`, 0, 1023),
    wInt(5, v.aMFPointer, `${w}.aMFPointer`, 0, 63),
    wInt(6, v.fiveGTMSI, `${w}.fiveGTMSI`, 0, 4294967295),
  ],
  read: seqReader('FiveGGUTI', (f) => ({
    mCC: f.req(1, 'mCC', rNumeric(3, 3)),
    mNC: f.req(2, 'mNC', rNumeric(2, 3)),
    aMFRegionID: f.req(3, 'aMFRegionID', rInt(0, 255)),
    aMFSetID: f.req(4, 'aMFSetID', rInt(0, 1023)),
    aMFPointer: f.req(5, 'aMFPointer', rInt(0, 63)),
    fiveGTMSI: f.req(6, 'fiveGTMSI', rInt(0, 4294967295)),
  })),
};

/** AMFID ::= SEQUENCE { aMFRegionID [1] AMFRegionID, aMFSetID [2] AMFSetID, aMFPointer [3] AMFPointer } */
export interface AMFID {
  aMFRegionID: number;
  aMFSetID: number;
  aMFPointer: number;
}
export const AMFIDCodec: SeqCodec<AMFID> = {
  fields: (v, w) => [
    wInt(1, v.aMFRegionID, `${w}.aMFRegionID`, 0, 255),
    wInt(2, v.aMFSetID, `${w}.aMFSetID`, 0, 1023),
    wInt(3, v.aMFPointer, `${w}.aMFPointer`, 0, 63),
  ],
  read: seqReader('AMFID', (f) => ({
    aMFRegionID: f.req(1, 'aMFRegionID', rInt(0, 255)),
    aMFSetID: f.req(2, 'aMFSetID', rInt(0, 1023)),
    aMFPointer: f.req(3, 'aMFPointer', rInt(0, 63)),
  })),
};

/** SNSSAI ::= SEQUENCE { sliceServiceType [1] INTEGER (0..255), sliceDifferentiator [2] OCTET STRING (SIZE(3)) OPTIONAL } */
export interface SNSSAI {
  sliceServiceType: number;
  sliceDifferentiator?: Uint8Array;
}
export const SNSSAICodec: SeqCodec<SNSSAI> = {
  fields: (v, w) =>
    present([
      wInt(1, v.sliceServiceType, `${w}.sliceServiceType`, 0, 255),
      v.sliceDifferentiator && wOctets(2, v.sliceDifferentiator, `${w}.sliceDifferentiator`, 3, 3),
    ]),
  read: seqReader('SNSSAI', (f) => ({
    sliceServiceType: f.req(1, 'sliceServiceType', rInt(0, 255)),
    sliceDifferentiator: f.opt(2, 'sliceDifferentiator', rOctets(3, 3)),
  })),
};
/** NSSAI ::= SEQUENCE OF SNSSAI */
export type NSSAI = SNSSAI[];

/** RejectedSNSSAI ::= SEQUENCE { causeValue [1] RejectedSliceCauseValue, sNSSAI [2] SNSSAI }  -- RejectedSliceCauseValue ::= INTEGER (0..255) */
export interface RejectedSNSSAI {
  causeValue: number;
  sNSSAI: SNSSAI;
}
const RejectedSNSSAICodec: SeqCodec<RejectedSNSSAI> = {
  fields: (v, w) => [wInt(1, v.causeValue, `${w}.causeValue`, 0, 255), wS(2, SNSSAICodec, v.sNSSAI, `${w}.sNSSAI`)],
  read: seqReader('RejectedSNSSAI', (f) => ({ causeValue: f.req(1, 'causeValue', rInt(0, 255)), sNSSAI: f.req(2, 'sNSSAI', SNSSAICodec.read) })),
};

/** Slice ::= SEQUENCE { allowedNSSAI [1] NSSAI OPTIONAL, configuredNSSAI [2] NSSAI OPTIONAL, rejectedNSSAI [3] RejectedNSSAI OPTIONAL } */
export interface Slice {
  allowedNSSAI?: NSSAI;
  configuredNSSAI?: NSSAI;
  rejectedNSSAI?: RejectedSNSSAI[];
}
export const SliceCodec: SeqCodec<Slice> = {
  fields: (v, w) =>
    present([
      v.allowedNSSAI && wSeqList(1, SNSSAICodec, v.allowedNSSAI, `${w}.allowedNSSAI`),
      v.configuredNSSAI && wSeqList(2, SNSSAICodec, v.configuredNSSAI, `${w}.configuredNSSAI`),
      v.rejectedNSSAI && wSeqList(3, RejectedSNSSAICodec, v.rejectedNSSAI, `${w}.rejectedNSSAI`),
    ]),
  read: seqReader('Slice', (f) => ({
    allowedNSSAI: f.opt(1, 'allowedNSSAI', rSeqList(SNSSAICodec)),
    configuredNSSAI: f.opt(2, 'configuredNSSAI', rSeqList(SNSSAICodec)),
    rejectedNSSAI: f.opt(3, 'rejectedNSSAI', rSeqList(RejectedSNSSAICodec)),
  })),
};

/** FTEID ::= SEQUENCE { tEID [1] INTEGER (0.. 4294967295), iPv4Address [2] IPv4Address OPTIONAL, iPv6Address [3] IPv6Address OPTIONAL } */
export interface FTEID {
  tEID: number;
  iPv4Address?: string;
  iPv6Address?: string;
}
export const FTEIDCodec: SeqCodec<FTEID> = {
  fields: (v, w) =>
    present([
      wInt(1, v.tEID, `${w}.tEID`, 0, 4294967295),
      v.iPv4Address !== undefined && IPv4AddressCodec.write(2, v.iPv4Address, `${w}.iPv4Address`),
      v.iPv6Address !== undefined && IPv6AddressCodec.write(3, v.iPv6Address, `${w}.iPv6Address`),
    ]),
  read: seqReader('FTEID', (f) => ({
    tEID: f.req(1, 'tEID', rInt(0, 4294967295)),
    iPv4Address: f.opt(2, 'iPv4Address', IPv4AddressCodec.read),
    iPv6Address: f.opt(3, 'iPv6Address', IPv6AddressCodec.read),
  })),
};

/** A CHOICE of address alternatives held as text (see addresses.ts). */
function addressChoice<K extends string>(
  typeName: string,
  alts: Record<K, { tag: number; codec: typeof IPv4AddressCodec }>,
): ChoiceCodec<{ kind: K; value: string }> {
  const byTag = new Map<number, K>();
  for (const [k, a] of Object.entries(alts) as [K, { tag: number }][]) byTag.set(a.tag, k);
  return {
    node(v, where) {
      const a = alts[v.kind] as { tag: number; codec: typeof IPv4AddressCodec } | undefined;
      if (!a) throw unknownAlternative(`${where}(${typeName})`, -1);
      return a.codec.write(a.tag, v.value, `${where}.${v.kind}`);
    },
    read(el, where) {
      const kind = byTag.get(choiceTag(el, where));
      if (kind === undefined) throw unknownAlternative(`${where}(${typeName})`, el.tagNumber);
      return { kind, value: alts[kind].codec.read(el, `${where}.${kind}`) };
    },
  };
}

/** IPAddress ::= CHOICE { iPv4Address [1] IPv4Address, iPv6Address [2] IPv6Address } */
export type IPAddress = { kind: 'iPv4Address'; value: string } | { kind: 'iPv6Address'; value: string };
export const IPAddressCodec = addressChoice<IPAddress['kind']>('IPAddress', {
  iPv4Address: { tag: 1, codec: IPv4AddressCodec },
  iPv6Address: { tag: 2, codec: IPv6AddressCodec },
}) as ChoiceCodec<IPAddress>;

/** UEEndpointAddress ::= CHOICE { iPv4Address [1] IPv4Address, iPv6Address [2] IPv6Address, ethernetAddress [3] MACAddress } */
export type UEEndpointAddress = IPAddress | { kind: 'ethernetAddress'; value: string };
export const UEEndpointAddressCodec = addressChoice<UEEndpointAddress['kind']>('UEEndpointAddress', {
  iPv4Address: { tag: 1, codec: IPv4AddressCodec },
  iPv6Address: { tag: 2, codec: IPv6AddressCodec },
  ethernetAddress: { tag: 3, codec: MACAddressCodec },
}) as ChoiceCodec<UEEndpointAddress>;

/**
 * TargetIdentifier ::= CHOICE { sUPI [1] SUPI, iMSI [2] IMSI, pEI [3] PEI, iMEI [4] IMEI, gPSI [5] GPSI,
 *   mSISDN [6] MSISDN, nAI [7] NAI, iPv4Address [8] IPv4Address, iPv6Address [9] IPv6Address,
 *   ethernetAddress [10] MACAddress }
 */
export type TargetIdentifier =
  | { kind: 'sUPI'; value: SUPI }
  | { kind: 'pEI'; value: PEI }
  | { kind: 'gPSI'; value: GPSI }
  | { kind: 'iMSI' | 'iMEI' | 'mSISDN' | 'nAI' | 'iPv4Address' | 'iPv6Address' | 'ethernetAddress'; value: string };
const targetStrings = stringChoice('TargetIdentifier', {
  iMSI: { tag: 2, numeric: IMSI },
  iMEI: { tag: 4, numeric: [14, 14] },
  mSISDN: { tag: 6, numeric: MSISDN },
  nAI: { tag: 7 },
});
const targetAddresses = addressChoice('TargetIdentifier', {
  iPv4Address: { tag: 8, codec: IPv4AddressCodec },
  iPv6Address: { tag: 9, codec: IPv6AddressCodec },
  ethernetAddress: { tag: 10, codec: MACAddressCodec },
});
export const TargetIdentifierCodec: ChoiceCodec<TargetIdentifier> = {
  node(v, where): BerNode {
    switch (v.kind) {
      case 'sUPI':
        return wExplicit(1, SUPICodec.node(v.value, `${where}.sUPI`));
      case 'pEI':
        return wExplicit(3, PEICodec.node(v.value, `${where}.pEI`));
      case 'gPSI':
        return wExplicit(5, GPSICodec.node(v.value, `${where}.gPSI`));
      case 'iPv4Address':
      case 'iPv6Address':
      case 'ethernetAddress':
        return targetAddresses.node({ kind: v.kind, value: v.value }, where);
      default:
        return targetStrings.node({ kind: v.kind, value: v.value }, where);
    }
  },
  read(el, where) {
    switch (choiceTag(el, where)) {
      case 1:
        return { kind: 'sUPI', value: explicit(SUPICodec.read)(el, `${where}.sUPI`) };
      case 3:
        return { kind: 'pEI', value: explicit(PEICodec.read)(el, `${where}.pEI`) };
      case 5:
        return { kind: 'gPSI', value: explicit(GPSICodec.read)(el, `${where}.gPSI`) };
      case 8:
      case 9:
      case 10:
        return targetAddresses.read(el, where);
      default:
        return targetStrings.read(el, where);
    }
  },
};

// ---- ENUMERATED types shared by several records ----
/** AccessType ::= ENUMERATED { threeGPPAccess(1), nonThreeGPPAccess(2), threeGPPandNonThreeGPPAccess(3) } */
export const AccessTypeEnum = enumCodec('AccessType', { threeGPPAccess: 1, nonThreeGPPAccess: 2, threeGPPandNonThreeGPPAccess: 3 });
export type AccessType = EnumName<typeof AccessTypeEnum>;
/** Direction ::= ENUMERATED { fromTarget(1), toTarget(2) } */
export const DirectionEnum = enumCodec('Direction', { fromTarget: 1, toTarget: 2 });
export type Direction = EnumName<typeof DirectionEnum>;
/** RATType ::= ENUMERATED { nR(1), eUTRA(2), wLAN(3), virtual(4), nBIOT(5), wireline(6), wirelineCable(7), wirelineBBF(8), lTEM(9), nRU(10), eUTRAU(11), trustedN3GA(12), trustedWLAN(13), uTRA(14), gERA(15) } */
export const RATTypeEnum = enumCodec('RATType', {
  nR: 1, eUTRA: 2, wLAN: 3, virtual: 4, nBIOT: 5, wireline: 6, wirelineCable: 7, wirelineBBF: 8,
  lTEM: 9, nRU: 10, eUTRAU: 11, trustedN3GA: 12, trustedWLAN: 13, uTRA: 14, gERA: 15,
});
export type RATType = EnumName<typeof RATTypeEnum>;
/** PDUSessionType ::= ENUMERATED { iPv4(1), iPv6(2), iPv4v6(3), unstructured(4), ethernet(5) } */
export const PDUSessionTypeEnum = enumCodec('PDUSessionType', { iPv4: 1, iPv6: 2, iPv4v6: 3, unstructured: 4, ethernet: 5 });
export type PDUSessionType = EnumName<typeof PDUSessionTypeEnum>;
/** FiveGSMRequestType ::= ENUMERATED { initialRequest(1), existingPDUSession(2), initialEmergencyRequest(3), existingEmergencyPDUSession(4), modificationRequest(5), reserved(6), mAPDURequest(7) } */
export const FiveGSMRequestTypeEnum = enumCodec('FiveGSMRequestType', {
  initialRequest: 1, existingPDUSession: 2, initialEmergencyRequest: 3, existingEmergencyPDUSession: 4,
  modificationRequest: 5, reserved: 6, mAPDURequest: 7,
});
export type FiveGSMRequestType = EnumName<typeof FiveGSMRequestTypeEnum>;
/** TargetIdentifierProvenance ::= ENUMERATED { lEAProvided(1), observed(2), matchedOn(3), other(4) } */
export const TargetIdentifierProvenanceEnum = enumCodec('TargetIdentifierProvenance', { lEAProvided: 1, observed: 2, matchedOn: 3, other: 4 });
export type TargetIdentifierProvenance = EnumName<typeof TargetIdentifierProvenanceEnum>;
