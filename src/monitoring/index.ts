/**
 * The reference monitoring centre (LEMF): HI2/HI3 receiver, decoder, per-LIID evidence store with
 * access events and retention. Stands outside the system: imports only standards/, wires/, platform/.
 */
export { startMonitoringCentre, type MonitoringCentre, type MonitoringCentreOptions, type MonitoringStats } from './centre.ts';
export { MonitoringStore, type StoreReader, type MonitoringStoreOptions } from './store.ts';
export { callAudioCodes, callAudioWav, type AudioDirection, type CallAudioOptions } from './audio.ts';
export { decodeRecords, type DecodedRecord } from './decode.ts';
export { liidDirName, liidFromDirName, MALFORMED_DIR, SEALED_SUFFIX, UNDECODABLE_DIR } from './evidence.ts';
export { openEvidence, type EvidenceReader } from './at-rest/open-evidence.ts';
export { KEYRING_DIR } from './at-rest/keyring.ts';
export type { IntegrityRecoveryReport } from './integrity-recovery.ts';
export { RangeSet, SequenceTracker, sequenceContextKey, type SequenceContext, type SequenceContextMode } from './sequence.ts';
export type { BrowsingEntry, CallSipEvent, CallSummary, LocationEntry, SmsEntry } from './views.ts';
export * from './types.ts';
export { MonitoringError, ERROR_CODES } from './errors.ts';
