/**
 * MDF2/MDF3 conversion: one X2/X3 PDU (TS 103 221-2) into one PS-PDU (TS 102 232-1) for the LEMF,
 * following docs/profile.md: SIP → iPMMIRI (TS 102 232-5), TS 33.128 xIRI → threeGPP33128DefinedIRI
 * (IRIPayload made by xiriToIri), RTP → iPMMCC, IPv4/IPv6 → iPCC (TS 102 232-3).
 *
 * Sequence numbers run per LIID, CIN, NE and payload type (TS 102 232-1 §5.2.5 Table 1A); the PSHeader's constant part
 * is pre-encoded once per (LIID, network element, CIN) by PsPduTemplate (the hot path).
 */
import {
  FrameType,
  IPType,
  IRIType,
  type IRIType as IRITypeCode,
  LI_PS_DOMAIN_ID,
  MMCCprotocol,
  PayloadDirection as HiDirection,
  PsPduTemplate,
  type FastCCOptions,
  type FastIPMMCCOptions,
} from '../standards/hi2hi3/index.ts';
import type { IPAddress as HiIPAddress } from '../standards/hi2hi3/index.ts';
import {
  firstAttribute,
  PayloadDirection,
  PayloadFormat,
  PduType,
  timestampToMillis,
  type DecodedX2X3Pdu,
} from '../standards/x2x3/index.ts';
import { decodeXIRIPayload, encodeIRIPayload, IRI_TYPE_CODES, iriTypeOf, targetIdentifierFromIdentity, xiriToIri } from '../standards/ts33128/index.ts';
import type { TargetIdentifier } from '../standards/identifiers/types.ts';
import { MediationRefusal } from './errors.ts';
import { sequenceKey } from './sequence-store.ts';
import type { MediationTask } from './task-table.ts';

export interface ConvertedRecord {
  channel: 'HI2' | 'HI3';
  bytes: Uint8Array;
  liid: string;
  cin: number;
  /** PSHeader networkIdentifier (operator, network element): part of the Annex J chain identity. */
  operator: string;
  ne: string;
  sequenceNumber: number;
  /** Time of interception (ms since epoch). */
  at: number;
  /** The counter `sequenceNumber` was taken from (sequence-store.ts): persisted when the record is released. */
  sequenceKey: string;
}

const TEMPLATE_CACHE_LIMIT = 20_000;

/** A PSHeader template and the keys of its IRI and CC counters (TS 102 232-1 §5.2.5 Table 1A). */
interface TemplateEntry {
  liid: string;
  operator: string;
  ne: string;
  cin: number;
  /** The PSHeader's authorizationCountryCode (TS 102 232-1 §5.2.3): the task's, so part of the key. */
  country: string;
  template: PsPduTemplate;
  iriKey: string;
  ccKey: string;
}

export class RecordConverter {
  /** PSHeader templates with their two sequence keys, per LIID, operator, NE and CIN. */
  private readonly templates = new Map<string, TemplateEntry>();
  /** operatorOf(poi), per POI identity (a handful): one lookup per record instead of a string split. */
  private readonly operators = new Map<string, string>();
  /**
   * Each task's last entry: consecutive records of one call share it, and with many tasks interleaved
   * each finds its own — no key string built, and the counter looked up by a string whose hash is
   * known. An entry stays valid for its task object however the map below changes (its template and
   * keys depend only on the task's LIID and country, the NE, operator and CIN); an ended task is never
   * used again (a re-activated one is a new object), and the WeakMap lets it go.
   */
  private readonly lastOfTask = new WeakMap<MediationTask, TemplateEntry>();
  /** The last Correlation ID and its low 32 bits (the CIN): no BigInt arithmetic per record. */
  private lastCorrelation = -1n;
  private lastCin = 0;

  constructor(
    private readonly opts: {
      operatorOf: (poi: string) => string;
      deliveryCountryCode: string;
      /**
       * The next number of a counter: the SequenceStore, which the delivery manager advances only
       * when a record is accepted into its outbox (a refused record uses no number); absent: 0.
       */
      nextSequence: (key: string) => number | undefined;
    },
  ) {}

  /**
   * `interceptedAt`: the PDU's Timestamp attribute (§5.3.10) in ms when the caller has read it already
   * (the MDF reads it for the guard); omitted, it is read here. The record's time is that, else `receivedAt`.
   */
  convert(pdu: DecodedX2X3Pdu, task: MediationTask, poi: string, receivedAt: number, interceptedAt?: number): ConvertedRecord {
    let at = interceptedAt;
    if (at === undefined) {
      const ts = firstAttribute(pdu, 'timestamp');
      at = ts ? timestampToMillis(ts.value) : receivedAt;
    }
    const nf = firstAttribute(pdu, 'networkFunctionId');
    const ne = nf ? Buffer.from(nf.value).toString('latin1').slice(0, 16) : poi.slice(0, 16);
    // CIN: one per call/session (TS 102 232-1 §5.2.4); stand-alone events (registration, SMS,
    // location) share CIN 0 of their LIID and network element, so their sequence numbers are one run.
    if (pdu.correlationId !== this.lastCorrelation) {
      this.lastCin = Number(pdu.correlationId & 0xffff_ffffn);
      this.lastCorrelation = pdu.correlationId;
    }
    const cin = this.lastCin;
    // The operatorIdentifier as the PSHeader carries it (1..16 octets, TS 102 232-1 §5.2.4).
    let operator = this.operators.get(poi);
    if (operator === undefined) {
      if (this.operators.size >= TEMPLATE_CACHE_LIMIT) this.operators.clear();
      this.operators.set(poi, (operator = this.opts.operatorOf(poi).slice(0, 16)));
    }
    const l = this.current(task, operator, ne, cin);
    const template = l.template;
    // TS 102 232-1 §5.2.5 Table 1A: one count per LIID, CIN, network element, delivery country and
    // payload type; IRI and CC are counted independently. After a restart a count continues where the
    // persisted store left it (§6.2.2: avoid a loss of CIN state when persistent storage is available).
    const seqKey = pdu.pduType === PduType.X2 ? l.iriKey : l.ccKey;
    const seq = this.opts.nextSequence(seqKey) ?? 0;
    const dir = hiDirection(pdu.payloadDirection);
    let bytes: Uint8Array;
    let channel: 'HI2' | 'HI3';
    if (pdu.pduType === PduType.X2) {
      channel = 'HI2';
      bytes = this.convertIri(pdu, template, seq, at);
    } else {
      channel = 'HI3';
      switch (pdu.payloadFormat) {
        case PayloadFormat.RtpPacket:
          bytes = template.encodeIPMMCC(seq, at, pdu.payload, RTP_OPTIONS[dir] ?? { payloadDirection: dir, frameType: FrameType.rtpFrame, mMCCprotocol: MMCCprotocol.rTP });
          break;
        case PayloadFormat.Ipv4Packet:
        case PayloadFormat.Ipv6Packet:
          bytes = template.encodeIPCC(seq, at, pdu.payload, IPCC_OPTIONS[dir] ?? { payloadDirection: dir });
          break;
        default:
          throw new MediationRefusal('MDF_UNSUPPORTED_PAYLOAD', `X3 payload format ${pdu.payloadFormat} is not converted`);
      }
    }
    return { channel, bytes, liid: task.liid, cin, operator, ne, sequenceNumber: seq, at, sequenceKey: seqKey };
  }

  private convertIri(pdu: DecodedX2X3Pdu, template: PsPduTemplate, seq: number, at: number): Uint8Array {
    switch (pdu.payloadFormat) {
      case PayloadFormat.Ts33128DefinedPayload: {
        let iri: Uint8Array;
        let type: number;
        try {
          const xiri = decodeXIRIPayload(pdu.payload);
          type = IRI_TYPE_CODES[iriTypeOf(xiri.event)];
          // The IRI names the target it matched on (TS 33.128 IRIPayload targetIdentifiers), taken from
          // the POI's Matched Target Identifier attribute (TS 103 221-2 §5.3.18).
          const matched = matchedTarget(pdu);
          const t = matched ? targetIdentifierFromIdentity(matched) : undefined;
          iri = encodeIRIPayload(xiriToIri(xiri, t ? [{ identifier: t, provenance: 'matchedOn' }] : []));
        } catch (cause) {
          throw new MediationRefusal('MDF_BAD_PAYLOAD', 'invalid TS 33.128 xIRI payload', { cause });
        }
        return template.encode33128IRI(seq, at, type, iri, at);
      }
      case PayloadFormat.SipMessage:
        // iPMMIRI sIPMessage (TS 102 232-5 §5.2): the template's fast path, bytes as encodePsPdu's.
        return template.encodeSipIRI(seq, at, sipIriType(pdu.payload), at, ipAttr(pdu, 'source'), ipAttr(pdu, 'destination'), pdu.payload);
      default:
        throw new MediationRefusal('MDF_UNSUPPORTED_PAYLOAD', `X2 payload format ${pdu.payloadFormat} is not converted`);
    }
  }

  private current(task: MediationTask, operator: string, ne: string, cin: number): TemplateEntry {
    const own = this.lastOfTask.get(task);
    if (own && own.liid === task.liid && own.cin === cin && own.ne === ne && own.operator === operator) return own;
    const entry = this.templateFor(task, operator, ne, cin);
    this.lastOfTask.set(task, entry);
    return entry;
  }

  private templateFor(task: MediationTask, operator: string, ne: string, cin: number): TemplateEntry {
    const liid = task.liid;
    const key = `${liid}\u0000${operator}\u0000${ne}\u0000${cin}`;
    let e = this.templates.get(key);
    // A task of the same LIID under another authorization country gets its own header, never the cached one.
    if (e?.country !== task.authorizationCountryCode) {
      if (this.templates.size >= TEMPLATE_CACHE_LIMIT) this.templates.clear();
      const template = new PsPduTemplate({
        liPsDomainId: LI_PS_DOMAIN_ID,
        lawfulInterceptionIdentifier: liid,
        authorizationCountryCode: task.authorizationCountryCode,
        communicationIdentifier: {
          networkIdentifier: { operatorIdentifier: operator, networkElementIdentifier: ne },
          communicationIdentityNumber: cin,
          deliveryCountryCode: this.opts.deliveryCountryCode,
        },
      });
      e = { liid, operator, ne, cin, country: task.authorizationCountryCode, template, iriKey: sequenceKey(liid, operator, ne, cin, 'IRI'), ccKey: sequenceKey(liid, operator, ne, cin, 'CC') };
      this.templates.set(key, e);
    }
    return e;
  }

  /** Forget the PSHeader templates of an ended LIID (memory stays bounded); its counters go with SequenceStore.forget. */
  forget(liid: string): void {
    for (const k of this.templates.keys()) if (k.startsWith(`${liid}\u0000`)) this.templates.delete(k);
  }
}

/** The encoder options per HI payloadDirection (0–4), allocated once. */
const IPCC_OPTIONS: readonly FastCCOptions[] = [0, 1, 2, 3, 4].map((d) => Object.freeze({ payloadDirection: d }));
const RTP_OPTIONS: readonly FastIPMMCCOptions[] = [0, 1, 2, 3, 4].map((d) => Object.freeze({ payloadDirection: d, frameType: FrameType.rtpFrame, mMCCprotocol: MMCCprotocol.rTP }));

function hiDirection(d: number): number {
  if (d === PayloadDirection.FromTarget) return HiDirection.fromTarget;
  if (d === PayloadDirection.ToTarget) return HiDirection.toTarget;
  if (d === PayloadDirection.MultipleDirections) return HiDirection.combined;
  if (d === PayloadDirection.NotApplicable) return HiDirection.notapplicable;
  return HiDirection.indeterminate;
}

/** TS 102 232-5 §5.2: the initial INVITE begins the IRI transaction, BYE and its answer end it. */
function sipIriType(sip: Uint8Array): IRITypeCode {
  if (startsWith(sip, 'INVITE ')) return IRIType.iRIBegin;
  if (startsWith(sip, 'BYE ') || startsWith(sip, 'CANCEL ')) return IRIType.iRIEnd;
  return IRIType.iRIContinue;
}

function startsWith(bytes: Uint8Array, ascii: string): boolean {
  if (bytes.length < ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[i] !== ascii.charCodeAt(i)) return false;
  return true;
}

function ipAttr(pdu: DecodedX2X3Pdu, side: 'source' | 'destination'): HiIPAddress {
  const v4 = firstAttribute(pdu, side === 'source' ? 'sourceIpv4Address' : 'destinationIpv4Address');
  if (v4) return { iPType: IPType.iPV4, iPValue: { kind: 'iPTextAddress', value: v4.value } };
  const v6 = firstAttribute(pdu, side === 'source' ? 'sourceIpv6Address' : 'destinationIpv6Address');
  if (v6) return { iPType: IPType.iPV6, iPValue: { kind: 'iPTextAddress', value: v6.value } };
  return { iPType: IPType.iPV4, iPValue: { kind: 'iPTextAddress', value: '0.0.0.0' } };
}

/** "<e164Number>4477…</e164Number>" (TS 103 221-1 TargetIdentifier element text) → identity. */
function matchedTarget(pdu: DecodedX2X3Pdu): TargetIdentifier | undefined {
  const a = firstAttribute(pdu, 'matchedTargetIdentifier');
  const m = a ? /^<([A-Za-z0-9]+)>([^<]*)<\/\1>$/.exec(a.value) : null;
  if (!m) return undefined;
  const kinds: Record<string, TargetIdentifier['kind']> = { e164Number: 'e164Number', imsi: 'imsi', imei: 'imei', peiImeiCheckDigit: 'imei', peiImeisv: 'imeisv' };
  const kind = kinds[m[1]!];
  return kind ? { kind, value: m[2]! } : undefined;
}
