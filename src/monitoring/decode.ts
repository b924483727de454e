/**
 * One received PS-PDU (TS 102 232-1) → the typed records the store indexes, one per IRI/CC element
 * of its payload sequence. Pure: bytes are handled by the caller; a payload that does not decode
 * gives a record with an `error`/`other` summary rather than a throw, so nothing received is lost.
 */
import { PayloadDirection, type CCPayload, type IRIPayload, type MicroSecondTimeStamp, type PsPdu } from '../standards/hi2hi3/index.ts';
import { decodeCCPayload } from '../standards/ts33128/index.ts';
import { decode33128Iri } from './decode-3gpp.ts';
import { summariseIpPacket } from './decode-ip.ts';
import { summariseIpmmCc, summariseIpmmIri } from './decode-ipmm.ts';
import type { Direction, MonitoringRecord, RecordKind, RecordSummary } from './types.ts';

export type DecodedRecord = Omit<MonitoringRecord, 'id' | 'evidence' | 'receivedAt' | 'peer' | 'channel' | 'duplicate' | 'inSequence'>;

const IRI_TYPES = { 1: 'BEGIN', 2: 'END', 3: 'CONTINUE', 4: 'REPORT' } as const;
const DIRECTIONS: Record<number, Direction> = {
  [PayloadDirection.fromTarget]: 'fromTarget',
  [PayloadDirection.toTarget]: 'toTarget',
  [PayloadDirection.indeterminate]: 'indeterminate',
  [PayloadDirection.combined]: 'combined',
  [PayloadDirection.notapplicable]: 'notapplicable',
};

const errorCode = (e: unknown): string => (e as { code?: string }).code ?? 'DECODE_ERROR';

function microToIso(m: MicroSecondTimeStamp | undefined): string | undefined {
  if (!m) return undefined;
  const ms = Number(m.seconds) * 1000 + Math.floor(m.microSeconds / 1000);
  return Number.isFinite(ms) && ms >= 0 && ms < 8.64e15 ? new Date(ms).toISOString() : undefined;
}

function dateIso(d: Date | undefined): string | undefined {
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
}

function iriElement(p: IRIPayload): { kind: RecordKind; summary: RecordSummary; identities: string[]; declaredTargets?: string[] } {
  const c = p.iRIContents;
  const identities: string[] = [];
  switch (c.kind) {
    case 'iPMMIRI':
      return { kind: 'call-iri', summary: summariseIpmmIri(c.value, identities), identities };
    case 'threeGPP33128DefinedIRI':
      try {
        return decode33128Iri(c.value);
      } catch (e) {
        return { kind: 'other', summary: { kind: 'other', payload: 'threeGPP33128DefinedIRI', detail: errorCode(e) }, identities };
      }
    case 'iPIRI': {
      const u = c.value.iPIRIContents.targetUsername;
      return { kind: 'other', summary: { kind: 'other', payload: 'iPIRI' }, identities: [`nai:${u}`] };
    }
    default:
      return { kind: 'other', summary: { kind: 'other', payload: `iRIContents[${c.tag}]` }, identities };
  }
}

function ccElement(p: CCPayload): { kind: RecordKind; summary: RecordSummary } {
  const c = p.cCContents;
  switch (c.kind) {
    case 'iPMMCC':
      return { kind: 'call-content', summary: summariseIpmmCc(c.value) };
    case 'iPCC': {
      const ip = c.value.iPCCContents;
      return { kind: 'data-content', summary: summariseIpPacket(ip.kind === 'iPPackets' ? ip.value : ip.value.truncatedPacket) };
    }
    case 'threeGPP33128DefinedCC':
      try {
        const cc = decodeCCPayload(c.value);
        const pdu = cc.pDU;
        if (pdu.kind === 'uPFCCPDU') return { kind: 'data-content', summary: summariseIpPacket(pdu.value) };
        if (pdu.kind === 'extendedUPFCCPDU' && pdu.value.payload.kind === 'uPFIPCC') return { kind: 'data-content', summary: summariseIpPacket(pdu.value.payload.value) };
        return { kind: 'other', summary: { kind: 'other', payload: 'threeGPP33128DefinedCC', detail: pdu.kind } };
      } catch (e) {
        return { kind: 'other', summary: { kind: 'other', payload: 'threeGPP33128DefinedCC', detail: errorCode(e) } };
      }
    case 'uMTSCC':
    case 'ePSCC':
      return { kind: 'other', summary: { kind: 'other', payload: c.kind } };
    default:
      return { kind: 'other', summary: { kind: 'other', payload: `cCContents[${c.tag}]` } };
  }
}

/** The records of a data or other PDU (keep-alives and integrity checks are handled before this). */
export function decodeRecords(pdu: PsPdu): DecodedRecord[] {
  const h = pdu.pSHeader;
  const ni = h.communicationIdentifier.networkIdentifier;
  const base = (element: number, payloadTime: string | undefined): DecodedRecord => {
    const r: DecodedRecord = {
      liid: h.lawfulInterceptionIdentifier,
      sequenceNumber: h.sequenceNumber,
      element,
      operator: ni.operatorIdentifier,
      kind: 'other',
      identities: [],
      summary: { kind: 'other', payload: pdu.payload.kind },
    };
    const cin = h.communicationIdentifier.communicationIdentityNumber;
    if (cin !== undefined) r.cin = cin;
    if (ni.networkElementIdentifier !== undefined) r.networkElement = ni.networkElementIdentifier;
    const ts = dateIso(h.timeStamp) ?? microToIso(h.microSecondTimeStamp) ?? payloadTime;
    if (ts !== undefined) r.timeStamp = ts;
    return r;
  };
  const p = pdu.payload;
  if (p.kind === 'iRIPayloadSequence' && p.value.length > 0) {
    return p.value.map((e, i) => {
      const r = base(i, dateIso(e.timeStamp) ?? microToIso(e.microSecondTimeStamp));
      const d = iriElement(e);
      r.kind = d.kind;
      r.summary = d.summary;
      r.identities = d.identities;
      if (d.declaredTargets) r.declaredTargets = d.declaredTargets;
      if (e.iRIType !== undefined) r.iriType = IRI_TYPES[e.iRIType];
      const dir = e.payloadDirection ?? e.sessionDirection;
      if (dir !== undefined && DIRECTIONS[dir]) r.direction = DIRECTIONS[dir];
      return r;
    });
  }
  if (p.kind === 'cCPayloadSequence' && p.value.length > 0) {
    return p.value.map((e, i) => {
      const r = base(i, dateIso(e.timeStamp) ?? microToIso(e.microSecondTimeStamp));
      const d = ccElement(e);
      r.kind = d.kind;
      r.summary = d.summary;
      if (e.payloadDirection !== undefined && DIRECTIONS[e.payloadDirection]) r.direction = DIRECTIONS[e.payloadDirection];
      return r;
    });
  }
  const detail = p.kind === 'tRIPayload' ? p.value.kind : p.kind === 'hI4Payload' ? p.value.map((n) => n.kind === 'hi4Notification' ? n.value.kind : 'unknown').join(',') : undefined;
  const r = base(0, undefined);
  r.summary = { kind: 'other', payload: p.kind, ...(detail !== undefined ? { detail } : {}) };
  return [r];
}
