/** The synthetic operators' network elements (POIs): X1 responders that emit X2/X3 for tasked targets only. */
export { Poi } from './poi.ts';
export type { PoiOptions, PoiStats, PoiTaskCounters } from './poi.ts';
export { startOperatorNetwork, driveNetworks, POI_LAYOUT } from './operator-network.ts';
export type { OperatorNetwork, OperatorNetworkOptions } from './operator-network.ts';
export { TargetIndex, POI_TARGET_KINDS, targetKey, subscriberKeys, matchedTargetIdentifierText } from './matching.ts';
export type { TaskMatch } from './matching.ts';
export { draftFor, pduFor, correlationIdOf, ipv4Addressing } from './emit.ts';
export type { PduDraft } from './emit.ts';
export { xiriPayloadFor, cellLocation } from './xiri.ts';
export { PoiConfigError, ERROR_CODES } from './errors.ts';
