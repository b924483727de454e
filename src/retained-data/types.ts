/**
 * What the operator retains (rows in, rows out) and how it is asked for it. Times are ms since the
 * epoch; identities are digit strings (MSISDN E.164 without '+', IMSI, IMEI with check digit).
 * The record shapes are the store's own: the network role fills them from its network's events
 * (src/network/records.ts builds structurally identical records), the RDHI turns answers into
 * TS 102 657 records.
 */
import type { RdIdentifier } from '../standards/rd/request.ts';

export interface SubscriberRecord {
  msisdn: string;
  imsi: string;
  givenName: string;
  familyName: string;
  street: string;
  city: string;
  postcode: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  contractStartMs: number;
  /** Absent: the contract is running. */
  contractEndMs?: number;
}

/** A handset (IMEI) used with a SIM (IMSI) and number (MSISDN) from `fromMs` to `toMs` (absent: still). */
export interface EquipmentRecord {
  imei: string;
  imsi: string;
  msisdn: string;
  fromMs: number;
  toMs?: number;
}

interface Served {
  msisdn: string;
  imsi: string;
  imei: string;
  cellId: string;
  latitude: number;
  longitude: number;
}

export interface CallRecord extends Served {
  callId: string;
  direction: 'originating' | 'terminating';
  otherParty: string;
  media: 'voice' | 'video';
  startMs: number;
  /** Absent: not answered. */
  answerMs?: number;
  endMs: number;
  /** Final SIP status of the INVITE (200 answered, 486 busy, 480 unavailable …). */
  sipStatus: number;
}

export interface SmsRecord extends Served {
  direction: 'MO' | 'MT';
  otherParty: string;
  atMs: number;
}

export interface DataSessionRecord extends Served {
  pduSessionId: number;
  dnn: string;
  ueIp: string;
  /** The CGNAT binding for the session (RFC 7422 port block); absent when not translated. */
  nat?: { publicIp: string; portStart: number; portEnd: number };
  startMs: number;
  endMs: number;
}

export interface LocationRecord extends Served {
  atMs: number;
  event: 'location-update' | 'registration' | 'deregistration';
  tac: number;
}

/** One write: everything in it is committed together or not at all. */
export interface RecordBatch {
  subscribers?: readonly SubscriberRecord[];
  equipment?: readonly EquipmentRecord[];
  calls?: readonly CallRecord[];
  sms?: readonly SmsRecord[];
  dataSessions?: readonly DataSessionRecord[];
  locations?: readonly LocationRecord[];
}

/** An exact subscriber identity (never a pattern, range or cell). */
export type SubscriberIdentifier = Extract<RdIdentifier, { kind: 'msisdn' | 'imsi' | 'imei' }>;
/** An IP address at an instant, with the source port where the address is a CGNAT public one. */
export type IpIdentifier = Extract<RdIdentifier, { kind: 'ip' }>;

/** Inclusive period. */
export interface Period {
  start: Date;
  end: Date;
}

export interface TrafficData {
  calls: CallRecord[];
  sms: SmsRecord[];
  dataSessions: DataSessionRecord[];
}

/** The sessions of the one subscriber that held an address (+ port) at an instant, and its subscriber record. */
export interface IpSubscriberAnswer {
  sessions: DataSessionRecord[];
  subscribers: SubscriberRecord[];
}

/** Retention categories (each its own period). */
export const RETENTION_CATEGORIES = ['subscribers', 'equipment', 'calls', 'sms', 'dataSessions', 'locations'] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];
