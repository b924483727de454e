/** The synthetic operator network (outside the system: it talks to it only over the wires). */
export { Random } from './random.ts';
export type { Seed } from './random.ts';
export { createOperator, Operator, assertDisjointOperators } from './subscribers.ts';
export type { OperatorConfig, Subscriber, SubscriberIdentities } from './subscribers.ts';
export { distanceMetres, neighbourCells } from './cells.ts';
export type { Cell, CityCentre, Rat } from './cells.ts';
export { luhnCheckDigit, isLuhnValid } from './identities.ts';
export { NetworkSimulation, DEFAULT_RATES } from './generator.ts';
export type { Clock, MsRange, SimulationOptions, TrafficRates, IdentityText } from './generator.ts';
export { EVENT_CATEGORIES } from './events.ts';
export type * from './events.ts';
export type { EventCounts } from './ground-truth.ts';
export { eventIpPacket, eventsToPcap } from './capture.ts';
export { NetworkConfigError, ERROR_CODES } from './errors.ts';
export { SpeechSynth, planConversation } from './audio.ts';
export { servedMatching, subscriberMatches } from './targets.ts';
export type { TargetIdentity } from './targets.ts';
export { systemClock } from './clock.ts';
