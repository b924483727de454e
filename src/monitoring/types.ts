/**
 * What the reference LEMF keeps for every PS-PDU it receives (TS 102 232-1 §5.2 header fields plus a
 * typed summary of the payload). Records are plain JSON values (strings, numbers, arrays) so that the
 * per-LIID `records.jsonl` index can be written and read back unchanged.
 */

export type Channel = 'HI2' | 'HI3';

export type RecordKind = 'call-iri' | 'call-content' | 'sms' | 'location' | 'registration' | 'data-session' | 'data-content' | 'other';

export const RECORD_KINDS: readonly RecordKind[] = ['call-iri', 'call-content', 'sms', 'location', 'registration', 'data-session', 'data-content', 'other'];

/** TS 102 232-1 PayloadDirection names (fromTarget(0), toTarget(1), indeterminate(2), combined(3), notapplicable(4)). */
export type Direction = 'fromTarget' | 'toTarget' | 'indeterminate' | 'combined' | 'notapplicable';

/** Where the received bytes of a record's PDU sit in the LIID's evidence file. */
export interface EvidenceRef {
  file: 'hi2.ber' | 'hi3.ber';
  offset: number;
  length: number;
}

/** A position from a cell site, a geographic area or a positioning result (TS 33.128 Location). */
export interface LocationSummary {
  /** `mcc-mnc-<cell identity hex>` (NR: 9 hex digits, E-UTRA: 7), as the synthetic network names cells. */
  cellId?: string;
  /** Tracking area code, hex. */
  tac?: string;
  rat?: string;
  latitude?: number;
  longitude?: number;
  /** Where the coordinates came from. */
  source?: 'cell-site' | 'geo-info' | 'positioning';
  /**
   * The cell's antenna azimuth, degrees clockwise from north (TS 33.128 CellSiteInformation
   * `azimuth [2] INTEGER (0..359)`): the sector the cell serves. Absent when the site sent none.
   */
  azimuth?: number;
}

export interface SipSummary {
  method?: string;
  status?: number;
  reason?: string;
  callId?: string;
  from?: string;
  to?: string;
  cseq?: string;
}

export type RecordSummary =
  | { kind: 'call-iri'; sip?: SipSummary; sourceIp?: string; destinationIp?: string; error?: string }
  | {
      kind: 'call-content';
      ssrc?: number;
      rtpSequence?: number;
      rtpTimestamp?: number;
      payloadType?: number;
      marker?: boolean;
      /** The RTP payload (G.711 codes for PT 0/8), base64, so call audio can be rebuilt. */
      media?: string;
      error?: string;
    }
  | {
      kind: 'sms';
      event: string;
      originator?: string;
      recipient?: string;
      smsDirection?: string;
      messageType?: string;
      text?: string;
      tpduType?: string;
      location?: LocationSummary;
      error?: string;
    }
  | { kind: 'location' | 'registration'; event: string; location?: LocationSummary; registrationType?: string }
  | { kind: 'data-session'; event: string; ueIp?: string[]; dnn?: string; pduSessionId?: number; location?: LocationSummary }
  | {
      kind: 'data-content';
      src?: string;
      dst?: string;
      protocol?: number;
      srcPort?: number;
      dstPort?: number;
      length: number;
      dnsQueries?: string[];
      dnsAnswers?: string[];
      sni?: string;
      httpHost?: string;
      httpPath?: string;
      httpMethod?: string;
      error?: string;
    }
  | { kind: 'other'; payload: string; detail?: string };

export interface MonitoringRecord {
  /** Position in the LIID's index (0, 1, 2, … in order of receipt). */
  id: number;
  liid: string;
  channel: Channel;
  /** communicationIdentityNumber (TS 102 232-1 §5.2.4). */
  cin?: number;
  sequenceNumber: number;
  /** Index of the IRI/CC element inside the PDU's payload sequence. */
  element: number;
  /** Time of interception (PSHeader timeStamp / microSecondTimeStamp, else the payload's), ISO 8601. */
  timeStamp?: string;
  receivedAt: string;
  operator: string;
  networkElement?: string;
  /** Authenticated identity of the mediation function that delivered it. */
  peer: string;
  kind: RecordKind;
  iriType?: 'BEGIN' | 'END' | 'CONTINUE' | 'REPORT';
  direction?: Direction;
  /**
   * Every identity the data itself names as a party (IRI subscriber identities, SIP From/To, SMS
   * originator/recipient), as `<TS 103 280 kind>:<value>`, e.g. `e164Number:447700900123`,
   * `imsi:001010123456789`, `imei:35209900176148`, `sipUri:sip:alice@example.org`.
   */
  identities: string[];
  /** The IRIPayload targetIdentifiers the MDF declared (TS 33.128 IRITargetIdentifier), same form. */
  declaredTargets?: string[];
  /** True for IRI/CC PDUs, whose numbers run per (LIID, CIN); TRI and other PDUs are numbered apart. */
  inSequence: boolean;
  /** The sequence-number context key (set when inSequence). */
  sequenceContext?: string;
  /** True when this (LIID, CIN, sequence number) had been received before. */
  duplicate?: boolean;
  evidence: EvidenceRef;
  summary: RecordSummary;
}

export interface RecordFilter {
  kind?: RecordKind | readonly RecordKind[];
  cin?: number;
  channel?: Channel;
  /** ISO time or Date: records with timeStamp at or after. */
  from?: string | Date;
  /** ISO time or Date: records with timeStamp before. */
  to?: string | Date;
  /** Only records naming this identity (`<kind>:<value>`). */
  identity?: string;
  limit?: number;
}

/** The agency's own access log entry: every read of stored content is an audit event. */
export interface AccessEvent {
  who: string;
  liid: string;
  /** What was read, e.g. `records`, `records kind=sms`, `call-audio cin=7 mixed`, `sms`, `locations`. */
  what: string;
  at: string;
}

/** Emitted when a LIID's data is destroyed at the end of its retention. */
export interface DestructionEvent {
  liid: string;
  at: string;
  retentionEnd: string;
  records: number;
  evidenceBytes: number;
  /** SHA-256 of every destroyed file, so the destruction can be matched against earlier hashes. */
  files: { name: string; bytes: number; sha256: string }[];
  /** The LIID's data key, destroyed first (crypto-shredding): its id and the SHA-256 of its wrapped form. */
  dataKey?: { id: string; file: string; sha256: string };
}

export type AlarmCode =
  | 'MONITORING_UNDECODABLE_PDU'
  | 'MONITORING_MALFORMED_STREAM'
  | 'MONITORING_TRUNCATED_STREAM'
  | 'MONITORING_PEER_REFUSED'
  | 'MONITORING_WRONG_CHANNEL'
  | 'MONITORING_DUPLICATE_PDU'
  | 'MONITORING_CIN_RESET'
  | 'MONITORING_INTEGRITY_FAILED'
  | 'MONITORING_INTEGRITY_PDU_MISSING'
  | 'MONITORING_BAD_INDEX_LINE'
  | 'MONITORING_EVIDENCE_WRITE_FAILED'
  | 'MONITORING_PURGE_COMPLETED';

export interface Alarm {
  code: AlarmCode;
  detail: string;
  channel?: Channel;
  peer?: string;
  liid?: string;
  at: string;
}

export interface IntegrityVerdictEntry {
  liid: string;
  channel: Channel;
  cin?: number;
  /** Annex J DataType: 1 iRI, 2 cC, 3 iLHI. */
  dataType?: number;
  /** Annex J CheckType: 1 hash, 2 signature. */
  checkType: number;
  includedSequenceNumbers: number[];
  ok: boolean;
  /**
   * `verified`; `failed`: the check does not match what was received (alteration, bad signature,
   * unsupported check); `missing`: it names a PDU this LEMF never received (a loss, not an alteration).
   * Absent in lines written before it existed; the store derives it from `ok` and `error` then.
   */
  outcome?: IntegrityOutcome;
  /** The PsPduIntegrityError code when not ok (HI2HI3_INTEGRITY_MISMATCH, …_MISSING_PDU, …). */
  error?: string;
  /** With `missing`: the first sequence number of the chain named by the check and never received. */
  missingSequenceNumber?: number;
  /** The check PDU's own chain and number (Annex J.1), so a resent check is recognised after a restart. */
  chain?: string;
  checkSequenceNumber?: number;
  at: string;
  evidence: EvidenceRef;
}

export type IntegrityOutcome = 'verified' | 'failed' | 'missing';

export interface IntegritySummary {
  ok: number;
  /** Checks that do not match the PDUs received: alteration (or an unverifiable signature). */
  failed: number;
  /** Checks that name a PDU never received (neither before nor after a restart): loss. */
  missing: number;
  verdicts: IntegrityVerdictEntry[];
}

export interface SequenceReport {
  liid: string;
  cin: number | null;
  /** The sequence-number context (JSON array of its key fields, see SequenceContextMode). */
  context: string;
  received: number;
  highest: number;
  /** Sequence numbers never received between 0 and the highest one seen, as inclusive ranges. */
  missing: [number, number][];
  missingCount: number;
  /** The first 1000 repeated sequence numbers. */
  duplicates: number[];
  duplicateCount: number;
}
