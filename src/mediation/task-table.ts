/**
 * Mediation's view of its tasks (TS 103 221-1 Annex C: the MDF receives the task with its
 * MediationDetails: LIID, HI delivery type, destinations, Start/End time). The guard below answers
 * the one question the rest of mediation asks: "is XID x live for this record, now?"
 */
import { normaliseTargetIdentifier } from '../standards/identifiers/index.ts';
import type { TargetIdentifier, TargetIdentifierKind } from '../standards/identifiers/types.ts';
import { readHeader } from '../standards/ber/index.ts';
import { firstAttribute, PayloadFormat, PduType, type DecodedX2X3Pdu } from '../standards/x2x3/index.ts';
import { EndTimeHeap } from './end-time-heap.ts';
import { EVERY_SERVICE, packedTargetKey, unpackedTargetKey, type MediationTask, type RecordService, type WarrantScope } from './mediation-task.ts';

export { EVERY_SERVICE, MediationTask, SERVICE_BITS, WarrantScope, packedTargetKey, unpackedTargetKey, type DeliveryProfile, type HiDeliveryType, type MediationTaskFields, type RecordService } from './mediation-task.ts';

/** Why the guard refused a record: code and text only. The caller counts, alarms and audits it. */
export interface GuardRefusal {
  readonly code: string;
  readonly message: string;
}

export type GuardVerdict = { ok: true; task: MediationTask } | { ok: false; refusal: GuardRefusal };

export interface LiveTaskCheck {
  /** `kind` says whether the record is IRI (X2) or content (X3). */
  check(xid: string, kind: 'X2' | 'X3', poi: string, receivedAt: Date, interceptedAt: Date | undefined): GuardVerdict;
}

/**
 * The refusals of `check`, allocated once: a miss costs no allocation (no Error, no stack capture;
 * misses are what a rogue or stale POI sends at line rate). The XID and POI travel beside them.
 */
const refusal = (code: string, message: string): GuardVerdict => Object.freeze({ ok: false, refusal: Object.freeze({ code, message }) });
const UNKNOWN = refusal('MDF_UNKNOWN_XID', 'no task for this XID');
const DEACTIVATED = refusal('MDF_TASK_ENDED', 'task was deactivated');
const NOT_TASKED = refusal('MDF_POI_NOT_TASKED', 'the POI was not tasked for this XID');
const NOT_STARTED = refusal('MDF_TASK_NOT_STARTED', 'before the task start time');
const AFTER_END = refusal('MDF_TASK_ENDED', 'after the task end time');
const IRI_ONLY = refusal('MDF_CONTENT_NOT_WARRANTED', 'content for an IRI-only task');
const CONTENT_ONLY = refusal('MDF_CONTENT_NOT_WARRANTED', 'IRI for a content-only task');
const NO_MATCHED_TARGET = refusal('MDF_TARGET_MISMATCH', 'the record names no matched target identifier');
const OTHER_TARGET = refusal('MDF_TARGET_MISMATCH', "the record's matched target identifier is not a target of the task");

export class MediationTaskTable implements LiveTaskCheck {
  private readonly tasks = new Map<string, MediationTask>();
  /** Ended tasks are remembered (epoch ms) so late records are refused as ENDED, not UNKNOWN. */
  private readonly ended = new Map<string, number>();
  /**
   * Live tasks per LIID: "was this the warrant's last task?" without a scan; and the WarrantScope the
   * LIID's tasks share (mediation-task.ts), so each warrant's strings and window are held once.
   */
  private readonly perLiid = new Map<string, WarrantScope>();
  private readonly byEnd = new EndTimeHeap();

  put(task: MediationTask): void {
    const previous = this.tasks.get(task.xid);
    if (previous) this.uncount(previous.liid);
    this.tasks.set(task.xid, task);
    const shared = this.perLiid.get(task.liid);
    if (!shared) {
      task.scope.liveTasks = 1;
      this.perLiid.set(task.liid, task.scope);
    } else if (task.shareScope(shared)) shared.liveTasks++;
    else {
      // A LIID whose window or binding changed: its later tasks share the newer scope.
      task.scope.liveTasks = shared.liveTasks + 1;
      this.perLiid.set(task.liid, task.scope);
    }
    this.ended.delete(task.xid);
    this.byEnd.push(task);
    if (this.byEnd.size > 2 * this.tasks.size + 1024) this.byEnd.rebuild(this.tasks.values());
  }

  get(xid: string): MediationTask | undefined {
    return this.tasks.get(xid);
  }

  /** Deactivation: from this instant nothing more is delivered for the XID. */
  remove(xid: string, at: Date): boolean {
    const t = this.tasks.get(xid);
    if (!t) return false;
    this.tasks.delete(xid);
    this.uncount(t.liid);
    this.ended.set(xid, at.getTime());
    return true;
  }

  /** Live tasks, without listing them. */
  get size(): number {
    return this.tasks.size;
  }

  /** Whether a live task other than `xid` carries `liid` (a warrant has one task per target per operator). */
  othersWithLiid(liid: string, xid: string): boolean {
    const n = this.perLiid.get(liid)?.liveTasks ?? 0;
    return n - (this.tasks.get(xid)?.liid === liid ? 1 : 0) > 0;
  }

  /** Removes and returns the tasks whose EndTime is at or before `at` (earliest first; no scan of the rest). */
  takeExpired(at: Date): MediationTask[] {
    const out: MediationTask[] = [];
    const ms = at.getTime();
    for (let t = this.byEnd.peek(); t !== undefined && t.endMs <= ms; t = this.byEnd.peek()) {
      this.byEnd.pop();
      // Entries of replaced or removed tasks are skipped here rather than searched for on removal.
      if (this.tasks.get(t.xid) === t && this.remove(t.xid, at)) out.push(t);
    }
    return out;
  }

  list(): MediationTask[] {
    return [...this.tasks.values()];
  }

  check(xid: string, kind: 'X2' | 'X3', poi: string, receivedAt: Date, interceptedAt: Date | undefined): GuardVerdict {
    return this.checkAt(xid, kind, poi, receivedAt.getTime(), interceptedAt?.getTime());
  }

  /** `check` with the times as epoch milliseconds (the per-record form: no Date per record). */
  checkAt(xid: string, kind: 'X2' | 'X3', poi: string, r: number, interceptedMs: number | undefined): GuardVerdict {
    const t = this.tasks.get(xid);
    if (!t) return this.ended.has(xid) ? DEACTIVATED : UNKNOWN;
    const d = t.delivery;
    if (d.taskedPois !== undefined && !d.taskedPois.includes(poi)) return NOT_TASKED;
    // Both the time we received it and the time the POI says it intercepted it must lie inside the
    // window: a record cannot be laundered into the window by a wrong POI clock, nor delivered late.
    const i = interceptedMs ?? r;
    if (r < t.startMs || i < t.startMs) return NOT_STARTED;
    if (r >= t.endMs || i >= t.endMs) return AFTER_END;
    if (kind === 'X3' && d.hiDelivery === 'HI2Only') return IRI_ONLY;
    if (kind === 'X2' && d.hiDelivery === 'HI3Only') return CONTENT_ONLY;
    return { ok: true, task: t };
  }

  private uncount(liid: string): void {
    const e = this.perLiid.get(liid);
    if (e && e.liveTasks > 1) e.liveTasks--;
    else this.perLiid.delete(liid);
  }

/**
   * The whole guard for one X2/X3 PDU: `check`, then the warrant's services (the record's service,
   * recordServiceOf) and its targets (TS 103 221-2 §5.3.18 Matched Target Identifier: the POI says
   * which target it matched; it must be one of the task's, compared after TS 103 280 normalisation).
   */
  checkRecord(pdu: DecodedX2X3Pdu, poi: string, receivedAt: Date, interceptedAt: Date | undefined): GuardVerdict {
    return this.checkRecordAt(pdu, poi, receivedAt.getTime(), interceptedAt?.getTime());
  }

  /** `checkRecord` with the times as epoch milliseconds (what the MDF calls per record). */
  checkRecordAt(pdu: DecodedX2X3Pdu, poi: string, receivedMs: number, interceptedMs: number | undefined): GuardVerdict {
    const v = this.checkAt(pdu.xid, pdu.pduType === PduType.X3 ? 'X3' : 'X2', poi, receivedMs, interceptedMs);
    if (!v.ok) return v;
    const t = v.task;
    if (t.delivery.serviceMask !== EVERY_SERVICE) {
      const service = recordServiceOf(pdu);
      if (!t.covers(service)) {
        return { ok: false, refusal: { code: 'MDF_SERVICE_NOT_WARRANTED', message: `a ${service ?? 'unclassified'} record for a task whose warrant covers ${[...(t.services ?? [])].join(', ')}` } };
      }
    }
    const matched = firstAttribute(pdu, 'matchedTargetIdentifier');
    if (!matched) return NO_MATCHED_TARGET;
    const key = matchedPackedKey(matched.value);
    if (key === undefined || !t.hasPackedTarget(key)) return OTHER_TARGET;
    return v;
  }
}

/**
 * The service of one X2/X3 record, from what the POI sent (TS 103 221-2 §5.4 payload format; for a
 * TS 33.128 xIRI the XIRIEvent it carries). Undefined: not classifiable, refused when services are scoped.
 */
export function recordServiceOf(pdu: Pick<DecodedX2X3Pdu, 'pduType' | 'payloadFormat' | 'payload'>): RecordService | undefined {
  switch (pdu.payloadFormat) {
    case PayloadFormat.RtpPacket:
      return 'voice';
    case PayloadFormat.Ipv4Packet:
    case PayloadFormat.Ipv6Packet:
      return 'data';
    case PayloadFormat.SipMessage:
      // RFC 3428 MESSAGE is a text message; every other request or response is call signalling.
      return startsWith(pdu.payload, 'MESSAGE ') ? 'sms' : 'voice';
    case PayloadFormat.Ts33128DefinedPayload:
      return pdu.pduType === PduType.X2 ? xiriService(pdu.payload) : undefined;
    default:
      return undefined;
  }
}

/** XIRIEvent alternatives (TS 33.128 XIRIEvent tags, src/standards/ts33128/events.ts) by service. */
const XIRI_SERVICE: Readonly<Record<number, RecordService>> = {
  // AMF: registration, deregistration, location update, start of interception with a registered UE,
  // unsuccessful AM procedure; serving system, LALS report, subscriber record change, cancel location.
  1: 'location', 2: 'location', 3: 'location', 4: 'location', 5: 'location', 11: 'location', 13: 'location', 54: 'location', 55: 'location',
  // SMF: PDU session establishment, modification, release, start of interception with an established
  // session, unsuccessful SM procedure; packet data header reports.
  6: 'data', 7: 'data', 8: 'data', 9: 'data', 10: 'data', 14: 'data', 15: 'data',
  // SMSF: SMS message and SMS report.
  12: 'sms', 56: 'sms',
};

/** XIRIPayload ::= SEQUENCE { xIRIPayloadOID [1], event [2] XIRIEvent }: the tag of the event's choice, read without decoding it. */
function xiriService(bytes: Uint8Array): RecordService | undefined {
  try {
    const outer = readHeader(bytes, 0, bytes.length);
    if (!outer || outer.length < 0) return undefined;
    let pos = outer.headerLength;
    const oid = readHeader(bytes, pos, bytes.length);
    if (!oid || oid.tagNumber !== 1 || oid.length < 0) return undefined;
    pos += oid.headerLength + oid.length;
    const event = readHeader(bytes, pos, bytes.length);
    if (!event || event.tagNumber !== 2) return undefined;
    const choice = readHeader(bytes, pos + event.headerLength, bytes.length);
    return choice ? XIRI_SERVICE[choice.tagNumber] : undefined;
  } catch {
    return undefined;
  }
}

function startsWith(bytes: Uint8Array, ascii: string): boolean {
  if (bytes.length < ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** A target's comparison key: TS 103 280 normal form; an IMEI by TAC + SNR (TS 23.003 §6.2.1, as the POIs match). */
export function targetKeyOf(t: TargetIdentifier): string | undefined {
  let n: TargetIdentifier;
  try {
    n = normaliseTargetIdentifier(t);
  } catch {
    return undefined;
  }
  return flat(n.kind === 'imei' || n.kind === 'imeisv' ? `imei:${n.value.slice(0, 14)}` : `${n.kind}:${n.value}`);
}

/**
 * `s` as one flat string: a concatenation is a V8 ConsString (its parts, plus a node) until it is
 * read whole; the guard keeps one key per task for as long as the task lives (4,000,000 at seed scale).
 */
function flat(s: string): string {
  return /^[\0-\xff]*$/.test(s) ? Buffer.from(s, 'latin1').toString('latin1') : s;
}

/** TS 103 221-1 TargetIdentifier element names (docs/x1.md target table) → kind. */
const MATCHED_KINDS: Readonly<Record<string, TargetIdentifierKind>> = {
  e164Number: 'e164Number', gpsiMsisdn: 'e164Number', imsi: 'imsi', supiimsi: 'imsi', imei: 'imei', peiImei: 'imei', peiImeiCheckDigit: 'imei',
  peiImeisv: 'imeisv', sipUri: 'sipUri', telUri: 'telUri', ipv4Address: 'ipv4Address', ipv6Address: 'ipv6Address', emailAddress: 'emailAddress',
  nai: 'nai', supinai: 'supiNai', gpsiNai: 'gpsiNai',
};
const XML_ENTITIES: Readonly<Record<string, string>> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'" };

/** "<e164Number>447700900123</e164Number>" (§5.3.18: the X1 TargetIdentifier element as text) → key. */
export function matchedTargetKey(text: string): string | undefined {
  const packed = matchedPackedKey(text);
  return packed === undefined ? undefined : unpackedTargetKey(packed);
}

/** matchedTargetKey in the form the guard keeps (packedTargetKey, mediation-task.ts). */
function matchedPackedKey(text: string): string | undefined {
  // The last text first: the decoder hands back the same string for a run of equal octets
  // (x2x3/attributes.ts), so this is usually one pointer comparison.
  if (text === lastText) return lastKey;
  // A POI sends the same text for every record of a target: the last few answers are kept.
  let packed = KEY_CACHE.get(text);
  if (packed === undefined && !KEY_CACHE.has(text)) {
    const key = parseMatchedTarget(text);
    packed = key === undefined ? undefined : packedTargetKey(key);
    if (KEY_CACHE.size >= 1024) KEY_CACHE.clear();
    KEY_CACHE.set(text, packed);
  }
  lastText = text;
  lastKey = packed;
  return packed;
}
const KEY_CACHE = new Map<string, string | undefined>();
let lastText: string | undefined;
let lastKey: string | undefined;

function parseMatchedTarget(text: string): string | undefined {
  const m = /^<([A-Za-z0-9]{1,32})>([^<]{1,512})<\/\1>$/.exec(text);
  const kind = m ? MATCHED_KINDS[m[1]!] : undefined;
  if (!m || !kind) return undefined;
  return targetKeyOf({ kind, value: m[2]!.replace(/&(lt|gt|amp|quot|apos);/g, (e) => XML_ENTITIES[e]!) });
}

/** The guard's refusals beyond those of errors.ts (docs/errors/mediation.md). */
export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'MDF_SERVICE_NOT_WARRANTED', meaning: "An X2/X3 record of a service (voice, SMS, data, location: by payload format and xIRI event, docs/mediation.md) that the task's warrant does not cover (Annex C ServiceScoping), or that cannot be classified while the task's services are scoped." },
  { code: 'MDF_TARGET_MISMATCH', meaning: "An X2/X3 record whose Matched Target Identifier (TS 103 221-2 §5.3.18) is missing, unreadable, or not one of the task's target identifiers after TS 103 280 normalisation." },
];
