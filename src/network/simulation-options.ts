/** Options of the synthetic network's simulation (see generator.ts). */
import type { Seed } from './random.ts';
import type { Operator } from './subscribers.ts';

/** Network-wide rates of new flows per simulated minute (0 turns a kind off). */
export interface TrafficRates {
  voiceCallsPerMinute: number;
  videoCallsPerMinute: number;
  smsPerMinute: number;
  dataSessionsPerMinute: number;
  locationUpdatesPerMinute: number;
  /** Deregistration + later re-registration pairs per minute. */
  reRegistrationsPerMinute: number;
}

export const DEFAULT_RATES: TrafficRates = {
  voiceCallsPerMinute: 6,
  videoCallsPerMinute: 1,
  smsPerMinute: 12,
  dataSessionsPerMinute: 6,
  locationUpdatesPerMinute: 20,
  reRegistrationsPerMinute: 2,
};

export interface MsRange {
  min: number;
  max: number;
}

export interface SimulationOptions {
  operators: readonly Operator[];
  seed: Seed;
  rates?: Partial<TrafficRates>;
  /** Simulated time at construction, ms since the epoch (default 2026-01-15T09:00:00Z). */
  startTimeMs?: number;
  /** Talk time of answered calls (default 3–15 s). */
  callDurationMs?: MsRange;
  /** Ringing time before answer/rejection (default 1–6 s). */
  ringMs?: MsRange;
  /** Share of calls answered (default 0.85). */
  answerProbability?: number;
  /** Share of calls/SMS to a subscriber of another operator when there is one (default 0.4). */
  interOperatorShare?: number;
  /** Share of SMS from/to numbers outside the simulated operators (default 0.15). */
  externalSmsShare?: number;
  /** Emit RTP content (default true); false keeps the SIP signalling and the call timing. */
  rtp?: boolean;
  /** Random call arrivals beyond this many concurrent calls are dropped (default 20). */
  maxConcurrentCalls?: number;
  /** Detached time between deregistration and re-registration (default 10–90 s). */
  detachedMs?: MsRange;
}

export interface Clock {
  /** Current time, ms since the epoch. */
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Identity of a subscriber in a scripted action: MSISDN, IMSI, IMEI, IPv4 or sip:/tel: URI. */
export type IdentityText = string;

