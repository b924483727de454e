/**
 * The four top-level payloads of TS33128Payloads r16 version5 (TS 33.128 Annex A):
 *  - XIRIPayload: the xIRI an IRI-POI sends over LI_X2, carried in a TS 103 221-2 X2 PDU with payload
 *    format "TS 33.128 xIRI" (TS 103 221-2 §5.4 Table 7);
 *  - IRIPayload: the IRI an MDF2 delivers over LI_HI2, inside a TS 102 232-1 PS-PDU as
 *    IRIContents.threeGPP33128DefinedIRI [19] (TS 102 232-7);
 *  - CCPayload: the CC an MDF3 delivers over LI_HI3, as CCContents.threeGPP33128DefinedCC [23];
 *  - LINotificationPayload: the HI4 LI notification.
 * Encoders emit DER; decoders accept BER and raise Ts33128DecodeError only.
 */
import {
  BerDecodeError,
  BerEncodeError,
  ctxRelativeOid,
  decodeBer,
  decodeRelativeOid,
  encodeBer,
  present,
  sequence,
  TagClass,
  UniversalTag,
  type BerElement,
  type BerNode,
} from '../ber/index.ts';
import {
  choiceTag,
  explicit,
  Fields,
  rInt,
  rOctets,
  rRaw,
  rSeqList,
  seqReader,
  unexpected,
  unknownAlternative,
  wC,
  wExplicit,
  wInt,
  wOctets,
  wRaw,
  wSeq,
  wSeqList,
  type ChoiceCodec,
  type RawValue,
  type Reader,
  type SeqCodec,
} from './asn.ts';
import { TargetIdentifierCodec, TargetIdentifierProvenanceEnum, type TargetIdentifier, type TargetIdentifierProvenance } from './common.ts';
import { Ts33128DecodeError, Ts33128EncodeError } from './errors.ts';
import { iriEventNode, readIRIEvent, readXIRIEvent, xiriEventNode, type IRIEvent, type XIRIEvent } from './events.ts';
import { LINotificationCodec, type LINotification } from './reports.ts';

/** tS33128PayloadsOID RELATIVE-OID ::= {threeGPP(4) ts33128(19) r16(16) version5(5)} */
export const TS33128_PAYLOADS_OID = '4.19.16.5';
/** xIRIPayloadOID ::= {tS33128PayloadsOID xIRI(1)} */
export const XIRI_PAYLOAD_OID = `${TS33128_PAYLOADS_OID}.1`;
/** xCCPayloadOID ::= {tS33128PayloadsOID xCC(2)} (no xCC structure is defined in r16) */
export const XCC_PAYLOAD_OID = `${TS33128_PAYLOADS_OID}.2`;
/** iRIPayloadOID ::= {tS33128PayloadsOID iRI(3)} */
export const IRI_PAYLOAD_OID = `${TS33128_PAYLOADS_OID}.3`;
/** cCPayloadOID ::= {tS33128PayloadsOID cC(4)} */
export const CC_PAYLOAD_OID = `${TS33128_PAYLOADS_OID}.4`;
/** lINotificationPayloadOID ::= {tS33128PayloadsOID lINotification(5)} */
export const LI_NOTIFICATION_PAYLOAD_OID = `${TS33128_PAYLOADS_OID}.5`;

/** XIRIPayload ::= SEQUENCE { xIRIPayloadOID [1] RELATIVE-OID, event [2] XIRIEvent } */
export interface XIRIPayload {
  xIRIPayloadOID: string;
  event: XIRIEvent;
}

/** IRITargetIdentifier ::= SEQUENCE { identifier [1] TargetIdentifier, provenance [2] TargetIdentifierProvenance OPTIONAL } */
export interface IRITargetIdentifier {
  identifier: TargetIdentifier;
  provenance?: TargetIdentifierProvenance;
}
const IRITargetIdentifierCodec: SeqCodec<IRITargetIdentifier> = {
  fields: (v, w) =>
    present([wC(1, TargetIdentifierCodec, v.identifier, `${w}.identifier`), v.provenance && TargetIdentifierProvenanceEnum.write(2, v.provenance, `${w}.provenance`)]),
  read: seqReader('IRITargetIdentifier', (f) => ({
    identifier: f.req(1, 'identifier', explicit(TargetIdentifierCodec.read)),
    provenance: f.opt(2, 'provenance', TargetIdentifierProvenanceEnum.read),
  })),
};

/** IRIPayload ::= SEQUENCE { iRIPayloadOID [1] RELATIVE-OID, event [2] IRIEvent, targetIdentifiers [3] SEQUENCE OF IRITargetIdentifier OPTIONAL } */
export interface IRIPayload {
  iRIPayloadOID: string;
  event: IRIEvent;
  targetIdentifiers?: IRITargetIdentifier[];
}

/** UPFCCPDUPayload ::= CHOICE { uPFIPCC [1] OCTET STRING, uPFEthernetCC [2] OCTET STRING, uPFUnstructuredCC [3] OCTET STRING } */
export type UPFCCPDUPayload = { kind: 'uPFIPCC' | 'uPFEthernetCC' | 'uPFUnstructuredCC'; value: Uint8Array };
const UPF_KINDS = ['uPFIPCC', 'uPFEthernetCC', 'uPFUnstructuredCC'] as const;
const UPFCCPDUPayloadCodec: ChoiceCodec<UPFCCPDUPayload> = {
  node: (v, w) => wOctets(UPF_KINDS.indexOf(v.kind) + 1, v.value, `${w}.${v.kind}`),
  read(el, w) {
    const kind = UPF_KINDS[choiceTag(el, w) - 1];
    if (kind === undefined) throw unknownAlternative(`${w}(UPFCCPDUPayload)`, el.tagNumber);
    return { kind, value: rOctets()(el, `${w}.${kind}`) };
  },
};

/** ExtendedUPFCCPDU ::= SEQUENCE { payload [1] UPFCCPDUPayload, qFI [2] QFI OPTIONAL }  -- QFI ::= INTEGER (0..63) (clause 6.2.3.8) */
export interface ExtendedUPFCCPDU {
  payload: UPFCCPDUPayload;
  qFI?: number;
}
const ExtendedUPFCCPDUCodec: SeqCodec<ExtendedUPFCCPDU> = {
  fields: (v, w) => present([wC(1, UPFCCPDUPayloadCodec, v.payload, `${w}.payload`), v.qFI !== undefined && wInt(2, v.qFI, `${w}.qFI`, 0, 63)]),
  read: seqReader('ExtendedUPFCCPDU', (f) => ({ payload: f.req(1, 'payload', explicit(UPFCCPDUPayloadCodec.read)), qFI: f.opt(2, 'qFI', rInt(0, 63)) })),
};

/**
 * CCPDU ::= CHOICE { uPFCCPDU [1] UPFCCPDU, extendedUPFCCPDU [2] ExtendedUPFCCPDU, mMSCCPDU [3] MMSCCPDU }
 * UPFCCPDU ::= OCTET STRING (the user-plane packet, e.g. an IP packet). mMSCCPDU is kept raw.
 */
export type CCPDU =
  | { kind: 'uPFCCPDU'; value: Uint8Array }
  | { kind: 'extendedUPFCCPDU'; value: ExtendedUPFCCPDU }
  | { kind: 'unknown'; tag: number; name?: string; raw: RawValue };
const CCPDUCodec: ChoiceCodec<CCPDU> = {
  node(v, w) {
    switch (v.kind) {
      case 'uPFCCPDU':
        return wOctets(1, v.value, `${w}.uPFCCPDU`);
      case 'extendedUPFCCPDU':
        return wSeq(2, ExtendedUPFCCPDUCodec.fields(v.value, `${w}.extendedUPFCCPDU`));
      case 'unknown':
        return wRaw(v.tag, v.raw);
    }
  },
  read(el, w): CCPDU {
    switch (choiceTag(el, w)) {
      case 1:
        return { kind: 'uPFCCPDU', value: rOctets()(el, `${w}.uPFCCPDU`) };
      case 2:
        return { kind: 'extendedUPFCCPDU', value: ExtendedUPFCCPDUCodec.read(el, `${w}.extendedUPFCCPDU`) };
      case 3:
        return { kind: 'unknown', tag: 3, name: 'mMSCCPDU', raw: rRaw(el, w) };
      default:
        return { kind: 'unknown', tag: el.tagNumber, raw: rRaw(el, w) };
    }
  },
};

/** CCPayload ::= SEQUENCE { cCPayloadOID [1] RELATIVE-OID, pDU [2] CCPDU } */
export interface CCPayload {
  cCPayloadOID: string;
  pDU: CCPDU;
}

/** LINotificationPayload ::= SEQUENCE { lINotificationPayloadOID [1] RELATIVE-OID, notification [2] LINotificationMessage }  -- LINotificationMessage ::= CHOICE { lINotification [1] LINotification } */
export interface LINotificationPayload {
  lINotificationPayloadOID: string;
  notification: LINotification;
}

// ---- top level ----
/**
 * The payload OID names TS33128Payloads {threeGPP(4) ts33128(19) <release> <version>} plus the payload
 * type arc; any release/version of the module is accepted as long as the type arc matches.
 */
const readPayloadOid =
  (typeArc: number): Reader<string> =>
  (el, where) => {
    if (el.constructed) throw unexpected(where, 'RELATIVE-OID must be primitive');
    const s = decodeRelativeOid(el.value);
    const arcs = s.split('.');
    if (arcs.length !== 5 || arcs[0] !== '4' || arcs[1] !== '19' || arcs[4] !== String(typeArc))
      throw new Ts33128DecodeError('TS33128_BAD_OID', `${where}: ${s} is not a TS33128Payloads OID for this payload (expected 4.19.x.y.${typeArc})`);
    return s;
  };

function topLevel(bytes: Uint8Array, typeName: string): Fields {
  const el: BerElement = decodeBer(bytes);
  if (el.cls !== TagClass.Universal || el.tagNumber !== UniversalTag.Sequence) throw unexpected(typeName, `expected SEQUENCE, found [${el.cls}:${el.tagNumber}]`);
  return new Fields(el, typeName);
}
function decoding<T>(typeName: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof Ts33128DecodeError) throw e;
    if (e instanceof BerDecodeError) throw new Ts33128DecodeError('TS33128_BAD_BER', `${typeName}: ${e.message}`, { cause: e });
    throw e;
  }
}
function encoding(typeName: string, build: () => BerNode): Uint8Array {
  try {
    return encodeBer(build());
  } catch (e) {
    if (e instanceof Ts33128EncodeError) throw e;
    if (e instanceof BerEncodeError || e instanceof BerDecodeError) throw new Ts33128EncodeError(`${typeName}: ${e.message}`, { cause: e });
    throw e;
  }
}

function wPayloadOid(oid: string, where: string): BerNode {
  if (!/^\d{1,9}(\.\d{1,9})*$/.test(oid)) throw new Ts33128EncodeError(`${where}: "${oid}" is not a RELATIVE-OID (dotted arcs)`);
  return ctxRelativeOid(1, oid);
}

export function encodeXIRIPayload(p: XIRIPayload): Uint8Array {
  return encoding('XIRIPayload', () => sequence([wPayloadOid(p.xIRIPayloadOID, 'XIRIPayload.xIRIPayloadOID'), wExplicit(2, xiriEventNode(p.event, 'XIRIPayload.event'))]));
}
export function decodeXIRIPayload(bytes: Uint8Array): XIRIPayload {
  return decoding('XIRIPayload', () => {
    const f = topLevel(bytes, 'XIRIPayload');
    return { xIRIPayloadOID: f.req(1, 'xIRIPayloadOID', readPayloadOid(1)), event: f.req(2, 'event', explicit(readXIRIEvent)) };
  });
}

export function encodeIRIPayload(p: IRIPayload): Uint8Array {
  return encoding('IRIPayload', () =>
    sequence(
      present([
        wPayloadOid(p.iRIPayloadOID, 'IRIPayload.iRIPayloadOID'),
        wExplicit(2, iriEventNode(p.event, 'IRIPayload.event')),
        p.targetIdentifiers && wSeqList(3, IRITargetIdentifierCodec, p.targetIdentifiers, 'IRIPayload.targetIdentifiers'),
      ]),
    ),
  );
}
export function decodeIRIPayload(bytes: Uint8Array): IRIPayload {
  return decoding('IRIPayload', () => {
    const f = topLevel(bytes, 'IRIPayload');
    const out: IRIPayload = { iRIPayloadOID: f.req(1, 'iRIPayloadOID', readPayloadOid(3)), event: f.req(2, 'event', explicit(readIRIEvent)) };
    const targets = f.opt(3, 'targetIdentifiers', rSeqList(IRITargetIdentifierCodec));
    if (targets) out.targetIdentifiers = targets;
    return out;
  });
}

export function encodeCCPayload(p: CCPayload): Uint8Array {
  return encoding('CCPayload', () => sequence([wPayloadOid(p.cCPayloadOID, 'CCPayload.cCPayloadOID'), wC(2, CCPDUCodec, p.pDU, 'CCPayload.pDU')]));
}
export function decodeCCPayload(bytes: Uint8Array): CCPayload {
  return decoding('CCPayload', () => {
    const f = topLevel(bytes, 'CCPayload');
    return { cCPayloadOID: f.req(1, 'cCPayloadOID', readPayloadOid(4)), pDU: f.req(2, 'pDU', explicit(CCPDUCodec.read)) };
  });
}

const LINotificationMessageCodec: ChoiceCodec<LINotification> = {
  node: (v, w) => wSeq(1, LINotificationCodec.fields(v, `${w}.lINotification`)),
  read(el, w) {
    if (choiceTag(el, w) !== 1) throw unknownAlternative(`${w}(LINotificationMessage)`, el.tagNumber);
    return LINotificationCodec.read(el, `${w}.lINotification`);
  },
};
export function encodeLINotificationPayload(p: LINotificationPayload): Uint8Array {
  return encoding('LINotificationPayload', () =>
    sequence([wPayloadOid(p.lINotificationPayloadOID, 'LINotificationPayload.lINotificationPayloadOID'), wC(2, LINotificationMessageCodec, p.notification, 'LINotificationPayload.notification')]),
  );
}
export function decodeLINotificationPayload(bytes: Uint8Array): LINotificationPayload {
  return decoding('LINotificationPayload', () => {
    const f = topLevel(bytes, 'LINotificationPayload');
    return {
      lINotificationPayloadOID: f.req(1, 'lINotificationPayloadOID', readPayloadOid(5)),
      notification: f.req(2, 'notification', explicit(LINotificationMessageCodec.read)),
    };
  });
}

