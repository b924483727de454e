/**
 * What the synthetic network emits: one `NetworkEvent` per thing a network element (POI) would
 * see. POIs turn these into X2 (IRI) and X3 (content) PDUs for tasked targets only.
 *
 * Who an event concerns: `served` lists the subscribers **of `operatorId`** the event is about
 * (with their cell at that moment). A POI of operator X matches its tasks against `served` of
 * events with `operatorId === X`. Parties of other operators (or outside numbers) appear in
 * `caller`/`callee`/`sms` but not in `served`. An inter-operator call is therefore emitted twice
 * (once per operator), each copy with its own `served`.
 */
import type { Cell } from './cells.ts';
import type { SubscriberIdentities } from './subscribers.ts';

/** Network element types (3GPP TS 33.127 §7 POI placement). */
export type NetworkElementType = 'ims' | 'smsf' | 'amf' | 'smf' | 'upf';

/** Ground-truth categories (what an agency may receive as IRI or content). */
export type EventCategory = 'callIri' | 'callContent' | 'sms' | 'location' | 'registration' | 'dataIri' | 'dataContent';

export const EVENT_CATEGORIES: readonly EventCategory[] = ['callIri', 'callContent', 'sms', 'location', 'registration', 'dataIri', 'dataContent'];

export interface ServedSubscriber extends SubscriberIdentities {
  /** Serving cell when the event happened. */
  cell: Cell;
}

/** A call or SMS party: a subscriber of some simulated operator, or an outside number. */
export interface Party {
  /** E.164 digits, or an alphanumeric SMS sender such as "BANK". */
  msisdn: string;
  /** Undefined for parties outside the simulated operators. */
  operatorId?: string;
  imsi?: string;
  imei?: string;
  sipUri?: string;
}

/** The UDP hop a SIP or RTP event was seen on (to rebuild an IP packet, e.g. for pcap). */
export interface UdpTransport {
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
}

export type PayloadFormat = 'sip' | 'rtp' | 'ipv4' | 'sms-tpdu';

export interface EventPayload {
  format: PayloadFormat;
  bytes: Uint8Array;
}

interface EventBase {
  /** Position in the simulation's emission order (0, 1, 2, …). */
  seq: number;
  /** Simulated wall-clock time, ms since the Unix epoch. */
  timeMs: number;
  operatorId: string;
  element: NetworkElementType;
  category: EventCategory;
  served: ServedSubscriber[];
  /** Groups the events of one call / SMS / PDU session / mobility procedure. */
  correlationId: string;
}

export type CallMedia = 'voice' | 'video';

/** A SIP message seen by the IMS (X2: SIP message payload). */
export interface SipEvent extends EventBase {
  kind: 'sip';
  element: 'ims';
  category: 'callIri';
  callId: string;
  media: CallMedia;
  caller: Party;
  callee: Party;
  /** Request method, or the method of the CSeq a response answers. */
  sipMethod: string;
  /** Status code for a response, undefined for a request. */
  sipStatus?: number;
  /** Whether the caller's or callee's side sent this message. */
  sentBy: 'caller' | 'callee';
  transport: UdpTransport;
  payload: EventPayload;
}

/** One RTP packet of call content (X3: RTP packet payload). */
export interface RtpEvent extends EventBase {
  kind: 'rtp';
  element: 'ims';
  category: 'callContent';
  callId: string;
  media: 'audio' | 'video';
  codec: 'PCMU' | 'H264';
  caller: Party;
  callee: Party;
  direction: 'caller-to-callee' | 'callee-to-caller';
  ssrc: number;
  rtpSequence: number;
  transport: UdpTransport;
  payload: EventPayload;
}

export interface SmsDetails {
  direction: 'MO' | 'MT';
  originator: string;
  recipient: string;
  text: string;
  /** Submission time (MO) or service centre time stamp (MT), ms since the epoch. */
  timestampMs: number;
  messageReference: number;
}

/** An SMS at the SMSF (X2: SMS TPDU; MO = SMS-SUBMIT, MT = SMS-DELIVER, TS 23.040 §9.2.2). */
export interface SmsEvent extends EventBase {
  kind: 'sms';
  element: 'smsf';
  category: 'sms';
  sms: SmsDetails;
  originatorParty: Party;
  recipientParty: Party;
  payload: EventPayload;
}

export interface LocationUpdateEvent extends EventBase {
  kind: 'location-update';
  element: 'amf';
  category: 'location';
  previousCell: Cell;
  cell: Cell;
}

export interface RegistrationEvent extends EventBase {
  kind: 'registration' | 'deregistration';
  element: 'amf';
  category: 'registration';
  cell: Cell;
}

export interface PduSessionEvent extends EventBase {
  kind: 'pdu-session-establishment' | 'pdu-session-release';
  element: 'smf';
  category: 'dataIri';
  pduSessionId: number;
  dnn: string;
  /** S-NSSAI SST (TS 23.501 §5.15.2.2; 1 = eMBB). */
  sst: number;
  ueIpv4: string;
  /** The CGNAT binding of the session (RFC 7422 port block): what the operator retains, not sent over X2. */
  nat?: { publicIpv4: string; portStart: number; portEnd: number };
  cell: Cell;
}

export type DataApplication = 'dns' | 'http' | 'tls' | 'tcp';

/** One IPv4 packet of user-plane data at the UPF (X3: IPv4 packet payload). */
export interface IpPacketEvent extends EventBase {
  kind: 'ip-packet';
  element: 'upf';
  category: 'dataContent';
  pduSessionId: number;
  direction: 'uplink' | 'downlink';
  application: DataApplication;
  /** What the packet says in clear, for checking what an agency was shown. */
  summary: { dnsQueryName?: string; httpHost?: string; httpMethod?: string; tlsServerName?: string };
  payload: EventPayload;
}

export type NetworkEvent = SipEvent | RtpEvent | SmsEvent | LocationUpdateEvent | RegistrationEvent | PduSessionEvent | IpPacketEvent;

/** An event before the simulation stamps it with seq/time. */
export type EventDraft = NetworkEvent extends infer E ? (E extends NetworkEvent ? Omit<E, 'seq' | 'timeMs'> : never) : never;
