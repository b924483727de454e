/**
 * What a traffic flow (one call, SMS, PDU session, mobility procedure) may do: read the clock,
 * emit events, and look subscribers up. Flows are generator functions that `yield` the delay in
 * ms until their next step, so thousands of concurrent flows cost one heap entry each.
 */
import type { EventDraft, Party, ServedSubscriber } from './events.ts';
import type { Random } from './random.ts';
import type { Operator } from './subscribers.ts';

export interface SubscriberHandle {
  operator: Operator;
  index: number;
}

export interface FlowContext {
  /** Simulated time of the current step, ms since the epoch. */
  now(): number;
  emit(draft: EventDraft): void;
  /** Snapshot of a subscriber (identities + current cell) for `served`. */
  served(handle: SubscriberHandle): ServedSubscriber;
  party(handle: SubscriberHandle): Party;
  setBusy(handle: SubscriberHandle, busy: boolean): void;
  /** Emit RTP content (false = IRI-only load runs). */
  readonly rtp: boolean;
}

/** A flow yields the number of ms to wait before its next step. */
export type Flow = Generator<number, void, void>;

export type FlowFactory = (ctx: FlowContext, random: Random, correlationId: string) => Flow;
