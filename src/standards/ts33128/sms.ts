/**
 * SMS records of TS33128Payloads r16 (TS 33.128 clause 6.2.5: SMSF interception). The TPDU is the
 * SM-TL PDU of TS 23.040 (SMS-SUBMIT, SMS-DELIVER, ...), carried whole or truncated to 130 octets.
 * Over LI_HI2 they are IRI-REPORT records (clause 6.2.5.4).
 */
import { present } from '../ber/index.ts';
import {
  choiceTag,
  enumCodec,
  explicit,
  rBool,
  rInt,
  rNumeric,
  rOctets,
  seqReader,
  unknownAlternative,
  wBool,
  wC,
  wInt,
  wNumeric,
  wOctets,
  wS,
  type ChoiceCodec,
  type EnumName,
  type SeqCodec,
} from './asn.ts';
import { DirectionEnum, E164_SIZE, GPSICodec, IPAddressCodec, PEICodec, SUPICodec, type Direction, type GPSI, type IPAddress, type PEI, type SUPI } from './common.ts';
import { LocationCodec, type Location } from './location.ts';

/** SMSMessageType ::= ENUMERATED { deliver(1), deliverReportAck(2), deliverReportError(3), statusReport(4), command(5), submit(6), submitReportAck(7), submitReportError(8), reserved(9) } */
export const SMSMessageTypeEnum = enumCodec('SMSMessageType', {
  deliver: 1, deliverReportAck: 2, deliverReportError: 3, statusReport: 4, command: 5, submit: 6, submitReportAck: 7, submitReportError: 8, reserved: 9,
});
export type SMSMessageType = EnumName<typeof SMSMessageTypeEnum>;
/** SMSTransferStatus ::= ENUMERATED { transferSucceeded(1), transferFailed(2), undefined(3) } */
export const SMSTransferStatusEnum = enumCodec('SMSTransferStatus', { transferSucceeded: 1, transferFailed: 2, undefined: 3 });
export type SMSTransferStatus = EnumName<typeof SMSTransferStatusEnum>;
/** SMSNFType ::= ENUMERATED { sMSGMSC(1), iWMSC(2), sMSRouter(3) } */
export const SMSNFTypeEnum = enumCodec('SMSNFType', { sMSGMSC: 1, iWMSC: 2, sMSRouter: 3 });
export type SMSNFType = EnumName<typeof SMSNFTypeEnum>;

/**
 * SMSParty ::= SEQUENCE { sUPI [1] SUPI OPTIONAL, pEI [2] PEI OPTIONAL, gPSI [3] GPSI OPTIONAL,
 *   sMSAddress [4] SMSAddress OPTIONAL }  -- SMSAddress ::= OCTET STRING(SIZE(2..12)) (TS 23.040 address)
 */
export interface SMSParty {
  sUPI?: SUPI;
  pEI?: PEI;
  gPSI?: GPSI;
  sMSAddress?: Uint8Array;
}
export const SMSPartyCodec: SeqCodec<SMSParty> = {
  fields: (v, w) =>
    present([
      v.sUPI && wC(1, SUPICodec, v.sUPI, `${w}.sUPI`),
      v.pEI && wC(2, PEICodec, v.pEI, `${w}.pEI`),
      v.gPSI && wC(3, GPSICodec, v.gPSI, `${w}.gPSI`),
      v.sMSAddress && wOctets(4, v.sMSAddress, `${w}.sMSAddress`, 2, 12),
    ]),
  read: seqReader('SMSParty', (f) => ({
    sUPI: f.opt(1, 'sUPI', explicit(SUPICodec.read)),
    pEI: f.opt(2, 'pEI', explicit(PEICodec.read)),
    gPSI: f.opt(3, 'gPSI', explicit(GPSICodec.read)),
    sMSAddress: f.opt(4, 'sMSAddress', rOctets(2, 12)),
  })),
};

/** SMSNFAddress ::= CHOICE { iPAddress [1] IPAddress, e164Number [2] E164Number } */
export type SMSNFAddress = { kind: 'iPAddress'; value: IPAddress } | { kind: 'e164Number'; value: string };
const SMSNFAddressCodec: ChoiceCodec<SMSNFAddress> = {
  node: (v, w) => (v.kind === 'iPAddress' ? wC(1, IPAddressCodec, v.value, `${w}.iPAddress`) : wNumeric(2, v.value, `${w}.e164Number`, E164_SIZE[0], E164_SIZE[1])),
  read(el, w) {
    switch (choiceTag(el, w)) {
      case 1:
        return { kind: 'iPAddress', value: explicit(IPAddressCodec.read)(el, `${w}.iPAddress`) };
      case 2:
        return { kind: 'e164Number', value: rNumeric(E164_SIZE[0], E164_SIZE[1])(el, `${w}.e164Number`) };
      default:
        throw unknownAlternative(`${w}(SMSNFAddress)`, el.tagNumber);
    }
  },
};

/**
 * SMSTPDUData ::= CHOICE { sMSTPDU [1] SMSTPDU, truncatedSMSTPDU [2] TruncatedSMSTPDU }
 * SMSTPDU ::= OCTET STRING (SIZE(1..270)); TruncatedSMSTPDU ::= OCTET STRING (SIZE(1..130))
 */
export type SMSTPDUData = { kind: 'sMSTPDU' | 'truncatedSMSTPDU'; value: Uint8Array };
const SMSTPDUDataCodec: ChoiceCodec<SMSTPDUData> = {
  node: (v, w) => (v.kind === 'sMSTPDU' ? wOctets(1, v.value, `${w}.sMSTPDU`, 1, 270) : wOctets(2, v.value, `${w}.truncatedSMSTPDU`, 1, 130)),
  read(el, w) {
    switch (choiceTag(el, w)) {
      case 1:
        return { kind: 'sMSTPDU', value: rOctets(1, 270)(el, `${w}.sMSTPDU`) };
      case 2:
        return { kind: 'truncatedSMSTPDU', value: rOctets(1, 130)(el, `${w}.truncatedSMSTPDU`) };
      default:
        throw unknownAlternative(`${w}(SMSTPDUData)`, el.tagNumber);
    }
  },
};

/**
 * SMSMessage ::= SEQUENCE { originatingSMSParty [1] SMSParty, terminatingSMSParty [2] SMSParty,
 *   direction [3] Direction, linkTransferStatus [4] SMSTransferStatus, otherMessage [5]
 *   SMSOtherMessageIndication OPTIONAL, location [6] Location OPTIONAL, peerNFAddress [7] SMSNFAddress
 *   OPTIONAL, peerNFType [8] SMSNFType OPTIONAL, sMSTPDUData [9] SMSTPDUData OPTIONAL, messageType [10]
 *   SMSMessageType OPTIONAL, rPMessageReference [11] SMSRPMessageReference OPTIONAL }
 * SMSOtherMessageIndication ::= BOOLEAN; SMSRPMessageReference ::= INTEGER (0..255)  (clause 6.2.5.3)
 */
export interface SMSMessage {
  originatingSMSParty: SMSParty;
  terminatingSMSParty: SMSParty;
  direction: Direction;
  linkTransferStatus: SMSTransferStatus;
  otherMessage?: boolean;
  location?: Location;
  peerNFAddress?: SMSNFAddress;
  peerNFType?: SMSNFType;
  sMSTPDUData?: SMSTPDUData;
  messageType?: SMSMessageType;
  rPMessageReference?: number;
}
export const SMSMessageCodec: SeqCodec<SMSMessage> = {
  fields: (v, w) =>
    present([
      wS(1, SMSPartyCodec, v.originatingSMSParty, `${w}.originatingSMSParty`),
      wS(2, SMSPartyCodec, v.terminatingSMSParty, `${w}.terminatingSMSParty`),
      DirectionEnum.write(3, v.direction, `${w}.direction`),
      SMSTransferStatusEnum.write(4, v.linkTransferStatus, `${w}.linkTransferStatus`),
      v.otherMessage !== undefined && wBool(5, v.otherMessage),
      v.location && wS(6, LocationCodec, v.location, `${w}.location`),
      v.peerNFAddress && wC(7, SMSNFAddressCodec, v.peerNFAddress, `${w}.peerNFAddress`),
      v.peerNFType && SMSNFTypeEnum.write(8, v.peerNFType, `${w}.peerNFType`),
      v.sMSTPDUData && wC(9, SMSTPDUDataCodec, v.sMSTPDUData, `${w}.sMSTPDUData`),
      v.messageType && SMSMessageTypeEnum.write(10, v.messageType, `${w}.messageType`),
      v.rPMessageReference !== undefined && wInt(11, v.rPMessageReference, `${w}.rPMessageReference`, 0, 255),
    ]),
  read: seqReader('SMSMessage', (f) => ({
    originatingSMSParty: f.req(1, 'originatingSMSParty', SMSPartyCodec.read),
    terminatingSMSParty: f.req(2, 'terminatingSMSParty', SMSPartyCodec.read),
    direction: f.req(3, 'direction', DirectionEnum.read),
    linkTransferStatus: f.req(4, 'linkTransferStatus', SMSTransferStatusEnum.read),
    otherMessage: f.opt(5, 'otherMessage', rBool),
    location: f.opt(6, 'location', LocationCodec.read),
    peerNFAddress: f.opt(7, 'peerNFAddress', explicit(SMSNFAddressCodec.read)),
    peerNFType: f.opt(8, 'peerNFType', SMSNFTypeEnum.read),
    sMSTPDUData: f.opt(9, 'sMSTPDUData', explicit(SMSTPDUDataCodec.read)),
    messageType: f.opt(10, 'messageType', SMSMessageTypeEnum.read),
    rPMessageReference: f.opt(11, 'rPMessageReference', rInt(0, 255)),
  })),
};

/**
 * SMSReport ::= SEQUENCE { location [1] Location OPTIONAL, sMSTPDUData [2] SMSTPDUData, messageType [3]
 *   SMSMessageType, rPMessageReference [4] SMSRPMessageReference }
 */
export interface SMSReport {
  location?: Location;
  sMSTPDUData: SMSTPDUData;
  messageType: SMSMessageType;
  rPMessageReference: number;
}
export const SMSReportCodec: SeqCodec<SMSReport> = {
  fields: (v, w) =>
    present([
      v.location && wS(1, LocationCodec, v.location, `${w}.location`),
      wC(2, SMSTPDUDataCodec, v.sMSTPDUData, `${w}.sMSTPDUData`),
      SMSMessageTypeEnum.write(3, v.messageType, `${w}.messageType`),
      wInt(4, v.rPMessageReference, `${w}.rPMessageReference`, 0, 255),
    ]),
  read: seqReader('SMSReport', (f) => ({
    location: f.opt(1, 'location', LocationCodec.read),
    sMSTPDUData: f.req(2, 'sMSTPDUData', explicit(SMSTPDUDataCodec.read)),
    messageType: f.req(3, 'messageType', SMSMessageTypeEnum.read),
    rPMessageReference: f.req(4, 'rPMessageReference', rInt(0, 255)),
  })),
};
