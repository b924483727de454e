/**
 * A transparency-log witness (C2SP tlog-witness, tlog-cosignature/v1): an independent party — a
 * court, a regulator — that cosigns the audit log's checkpoints only when they are consistent with
 * every checkpoint it cosigned before, keeps that state durably, and keeps evidence of any fork.
 */
export { ERROR_CODES, WitnessError, WitnessRefusal, type WitnessErrorCode } from './errors.ts';
export { MAX_PROOF_LINES, parseAddCheckpointBody, type AddCheckpointRequest } from './request.ts';
export { WitnessStateStore, logFileKey, type ForkEvidence } from './state.ts';
export { LogWitness, type ForkAlarm, type LogWitnessStats } from './log-witness.ts';
export { PATH_ADD_CHECKPOINT, MAX_BODY_BYTES, startWitnessService, type WitnessService, type WitnessServiceOptions, type WitnessServiceStats } from './server.ts';
