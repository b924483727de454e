/**
 * XIRIEvent (X2, TS 33.128 Annex A "X2 xIRI payload") and IRIEvent (HI2, "HI2 IRI payload"). Both
 * are extensible CHOICEs with the same alternatives and tags, except that IRIEvent adds
 * mDFCellSiteReport [16] and names [5] and [10] differently. Alternatives this codec does not model
 * (MMS, PTC, UDM, MA PDU sessions, ...) are kept as `{ kind: 'unknown', tag, name, raw }`, so an MDF
 * can still convert and forward them unchanged.
 */
import { sequence, type BerNode } from '../ber/index.ts';
import { choiceTag, encodeFail, rRaw, rSeqList, wRaw, wSeq, type RawValue, type Reader, type SeqCodec } from './asn.ts';
import {
  AMFDeregistrationCodec,
  AMFIdentifierAssocationCodec,
  AMFLocationUpdateCodec,
  AMFRegistrationCodec,
  AMFStartOfInterceptionWithRegisteredUECodec,
  AMFUnsuccessfulProcedureCodec,
  type AMFDeregistration,
  type AMFIdentifierAssocation,
  type AMFLocationUpdate,
  type AMFRegistration,
  type AMFStartOfInterceptionWithRegisteredUE,
  type AMFUnsuccessfulProcedure,
} from './amf.ts';
import { CellInformationCodec } from './ran.ts';
import {
  LALSReportCodec,
  PDHeaderReportCodec,
  PDSummaryReportCodec,
  type LALSReport,
  type MDFCellSiteReport,
  type PDHeaderReport,
  type PDSummaryReport,
} from './reports.ts';
import {
  SMFPDUSessionEstablishmentCodec,
  SMFPDUSessionModificationCodec,
  SMFPDUSessionReleaseCodec,
  SMFStartOfInterceptionWithEstablishedPDUSessionCodec,
  SMFUnsuccessfulProcedureCodec,
  type SMFPDUSessionEstablishment,
  type SMFPDUSessionModification,
  type SMFPDUSessionRelease,
  type SMFStartOfInterceptionWithEstablishedPDUSession,
  type SMFUnsuccessfulProcedure,
} from './smf.ts';
import { SMSMessageCodec, SMSReportCodec, type SMSMessage, type SMSReport } from './sms.ts';

/** Every alternative identifier of XIRIEvent by tag (TS33128Payloads r16 version5). */
export const XIRI_EVENT_NAMES: Readonly<Record<number, string>> = {
  1: 'registration', 2: 'deregistration', 3: 'locationUpdate', 4: 'startOfInterceptionWithRegisteredUE', 5: 'unsuccessfulAMProcedure',
  6: 'pDUSessionEstablishment', 7: 'pDUSessionModification', 8: 'pDUSessionRelease', 9: 'startOfInterceptionWithEstablishedPDUSession',
  10: 'unsuccessfulSMProcedure', 11: 'servingSystemMessage', 12: 'sMSMessage', 13: 'lALSReport', 14: 'pDHeaderReport', 15: 'pDSummaryReport',
  17: 'mMSSend', 18: 'mMSSendByNonLocalTarget', 19: 'mMSNotification', 20: 'mMSSendToNonLocalTarget', 21: 'mMSNotificationResponse',
  22: 'mMSRetrieval', 23: 'mMSDeliveryAck', 24: 'mMSForward', 25: 'mMSDeleteFromRelay', 26: 'mMSDeliveryReport',
  27: 'mMSDeliveryReportNonLocalTarget', 28: 'mMSReadReport', 29: 'mMSReadReportNonLocalTarget', 30: 'mMSCancel', 31: 'mMSMBoxStore',
  32: 'mMSMBoxUpload', 33: 'mMSMBoxDelete', 34: 'mMSMBoxViewRequest', 35: 'mMSMBoxViewResponse', 36: 'pTCRegistration',
  37: 'pTCSessionInitiation', 38: 'pTCSessionAbandon', 39: 'pTCSessionStart', 40: 'pTCSessionEnd', 41: 'pTCStartOfInterception',
  42: 'pTCPreEstablishedSession', 43: 'pTCInstantPersonalAlert', 44: 'pTCPartyJoin', 45: 'pTCPartyDrop', 46: 'pTCPartyHold',
  47: 'pTCMediaModification', 48: 'pTCGroupAdvertisement', 49: 'pTCFloorControl', 50: 'pTCTargetPresence', 51: 'pTCParticipantPresence',
  52: 'pTCListManagement', 53: 'pTCAccessPolicy', 54: 'subscriberRecordChangeMessage', 55: 'cancelLocationMessage', 56: 'sMSReport',
  57: 'sMFMAPDUSessionEstablishment', 58: 'sMFMAPDUSessionModification', 59: 'sMFMAPDUSessionRelease',
  60: 'startOfInterceptionWithEstablishedMAPDUSession', 61: 'unsuccessfulMASMProcedure', 62: 'aMFIdentifierAssocation',
  63: 'mMEIdentifierAssocation', 64: 'sMFPDUtoMAPDUSessionModification',
};
/** IRIEvent differs from XIRIEvent in these alternative identifiers. */
export const IRI_EVENT_NAMES: Readonly<Record<number, string>> = {
  ...XIRI_EVENT_NAMES,
  5: 'unsuccessfulRegistrationProcedure',
  10: 'unsuccessfulSessionProcedure',
  16: 'mDFCellSiteReport',
};

/** An alternative this codec does not model, kept as received: `raw` holds the [tag] element's contents. */
export interface UnknownEvent {
  kind: 'unknown';
  tag: number;
  /** The ASN.1 alternative identifier where the tag is one of Release 16's, e.g. 'mMSSend'. */
  name?: string;
  raw: RawValue;
}

/** Alternatives XIRIEvent and IRIEvent share, modelled by this codec. */
export type CommonEvent =
  | { kind: 'registration'; value: AMFRegistration }
  | { kind: 'deregistration'; value: AMFDeregistration }
  | { kind: 'locationUpdate'; value: AMFLocationUpdate }
  | { kind: 'startOfInterceptionWithRegisteredUE'; value: AMFStartOfInterceptionWithRegisteredUE }
  | { kind: 'pDUSessionEstablishment'; value: SMFPDUSessionEstablishment }
  | { kind: 'pDUSessionModification'; value: SMFPDUSessionModification }
  | { kind: 'pDUSessionRelease'; value: SMFPDUSessionRelease }
  | { kind: 'startOfInterceptionWithEstablishedPDUSession'; value: SMFStartOfInterceptionWithEstablishedPDUSession }
  | { kind: 'sMSMessage'; value: SMSMessage }
  | { kind: 'lALSReport'; value: LALSReport }
  | { kind: 'pDHeaderReport'; value: PDHeaderReport }
  | { kind: 'pDSummaryReport'; value: PDSummaryReport }
  | { kind: 'sMSReport'; value: SMSReport }
  | { kind: 'aMFIdentifierAssocation'; value: AMFIdentifierAssocation };

/** XIRIEvent ::= CHOICE { registration [1] AMFRegistration, ..., sMFPDUtoMAPDUSessionModification [64] ... } */
export type XIRIEvent =
  | CommonEvent
  | { kind: 'unsuccessfulAMProcedure'; value: AMFUnsuccessfulProcedure }
  | { kind: 'unsuccessfulSMProcedure'; value: SMFUnsuccessfulProcedure }
  | UnknownEvent;

/** IRIEvent ::= CHOICE { registration [1] AMFRegistration, ..., mDFCellSiteReport [16] MDFCellSiteReport, ... } */
export type IRIEvent =
  | CommonEvent
  | { kind: 'unsuccessfulRegistrationProcedure'; value: AMFUnsuccessfulProcedure }
  | { kind: 'unsuccessfulSessionProcedure'; value: SMFUnsuccessfulProcedure }
  | { kind: 'mDFCellSiteReport'; value: MDFCellSiteReport }
  | UnknownEvent;

interface AltDef {
  tag: number;
  fields(v: unknown, w: string): BerNode[];
  read: Reader<unknown>;
}
const def = <T>(tag: number, c: SeqCodec<T>): AltDef => ({ tag, fields: (v, w) => c.fields(v as T, w), read: c.read });

const COMMON: Record<CommonEvent['kind'], AltDef> = {
  registration: def(1, AMFRegistrationCodec),
  deregistration: def(2, AMFDeregistrationCodec),
  locationUpdate: def(3, AMFLocationUpdateCodec),
  startOfInterceptionWithRegisteredUE: def(4, AMFStartOfInterceptionWithRegisteredUECodec),
  pDUSessionEstablishment: def(6, SMFPDUSessionEstablishmentCodec),
  pDUSessionModification: def(7, SMFPDUSessionModificationCodec),
  pDUSessionRelease: def(8, SMFPDUSessionReleaseCodec),
  startOfInterceptionWithEstablishedPDUSession: def(9, SMFStartOfInterceptionWithEstablishedPDUSessionCodec),
  sMSMessage: def(12, SMSMessageCodec),
  lALSReport: def(13, LALSReportCodec),
  pDHeaderReport: def(14, PDHeaderReportCodec),
  pDSummaryReport: def(15, PDSummaryReportCodec),
  sMSReport: def(56, SMSReportCodec),
  aMFIdentifierAssocation: def(62, AMFIdentifierAssocationCodec),
};
/** MDFCellSiteReport ::= SEQUENCE OF CellInformation, as a codec of its [16] contents. */
const MDFCellSiteReportCodec: SeqCodec<MDFCellSiteReport> = {
  fields: (v, w) => v.map((c, i) => sequence(CellInformationCodec.fields(c, `${w}[${i}]`))),
  read: rSeqList(CellInformationCodec),
};
const XIRI_ONLY = { unsuccessfulAMProcedure: def(5, AMFUnsuccessfulProcedureCodec), unsuccessfulSMProcedure: def(10, SMFUnsuccessfulProcedureCodec) };
const IRI_ONLY = {
  unsuccessfulRegistrationProcedure: def(5, AMFUnsuccessfulProcedureCodec),
  unsuccessfulSessionProcedure: def(10, SMFUnsuccessfulProcedureCodec),
  mDFCellSiteReport: def(16, MDFCellSiteReportCodec),
};
const XIRI_DEFS: Record<string, AltDef> = { ...COMMON, ...XIRI_ONLY };
const IRI_DEFS: Record<string, AltDef> = { ...COMMON, ...IRI_ONLY };
const byTag = (defs: Record<string, AltDef>) => new Map(Object.entries(defs).map(([k, d]) => [d.tag, k]));
const XIRI_BY_TAG = byTag(XIRI_DEFS);
const IRI_BY_TAG = byTag(IRI_DEFS);

function eventNode(ev: { kind: string; value?: unknown; tag?: number; raw?: RawValue }, defs: Record<string, AltDef>, w: string): BerNode {
  if (ev.kind === 'unknown') return wRaw(ev.tag!, ev.raw!);
  const d = defs[ev.kind];
  if (!d) throw encodeFail(w, `${ev.kind} is not an alternative of this CHOICE`);
  return wSeq(d.tag, d.fields(ev.value, `${w}.${ev.kind}`));
}
function readEvent(el: Parameters<Reader<unknown>>[0], w: string, defs: Record<string, AltDef>, kinds: Map<number, string>, names: Record<number, string>) {
  const tag = choiceTag(el, w);
  const kind = kinds.get(tag);
  if (kind === undefined) {
    const name = names[tag];
    const ev: UnknownEvent = name === undefined ? { kind: 'unknown', tag, raw: rRaw(el, w) } : { kind: 'unknown', tag, name, raw: rRaw(el, w) };
    return ev;
  }
  return { kind, value: defs[kind]!.read(el, `${w}.${kind}`) };
}

/** The alternative element of an XIRIEvent (callers wrap it in the EXPLICIT [2] of XIRIPayload.event). */
export const xiriEventNode = (ev: XIRIEvent, w = 'XIRIEvent'): BerNode => eventNode(ev, XIRI_DEFS, w);
export const readXIRIEvent: Reader<XIRIEvent> = (el, w) => readEvent(el, w, XIRI_DEFS, XIRI_BY_TAG, XIRI_EVENT_NAMES) as XIRIEvent;
export const iriEventNode = (ev: IRIEvent, w = 'IRIEvent'): BerNode => eventNode(ev, IRI_DEFS, w);
export const readIRIEvent: Reader<IRIEvent> = (el, w) => readEvent(el, w, IRI_DEFS, IRI_BY_TAG, IRI_EVENT_NAMES) as IRIEvent;

/** The CHOICE tag of an event (its ASN.1 alternative number), for logs and tables. */
export function eventTag(ev: XIRIEvent | IRIEvent): number {
  if (ev.kind === 'unknown') return ev.tag;
  return (XIRI_DEFS[ev.kind] ?? IRI_DEFS[ev.kind])!.tag;
}
