/**
 * Public API of the audit log (the transparency log every part of the system appends to).
 * Import from here: `import { AuditLog, redactIdentity } from '../audit/index.ts'`.
 */
export { AuditError, AuditTamperError, AuditUnavailableError, ERROR_CODES, type AuditErrorCode } from './errors.ts';
export { EMPTY_ROOT, HASH_SIZE, leafHash, nodeHash, hashEquals, toHex, toBase64, fromHex, fromBase64 } from './hash.ts';
export { MerkleTree } from './tree.ts';
export { verifyInclusion, verifyConsistency, rootFromInclusionProof } from './verify-proofs.ts';
export { canonicalJson, canonicalJsonBytes } from './canonical-json.ts';
export { type AuditEvent, validateAuditEvent, encodeAuditEvent, decodeAuditEvent, redactIdentity, identityTagMatches } from './event.ts';
export { type StoredEntry, GENESIS_PREV_HASH, formatEntryLine, parseEntryLine, EntryChainChecker } from './entry.ts';
export {
  type NoteSigner,
  type NoteVerifier,
  type NoteSignatureLine,
  ALG_ED25519,
  ALG_COSIGNATURE_V1,
  createNoteSigner,
  createNoteVerifier,
  encodeVerifierKey,
  parseVerifierKey,
  signNote,
  parseNote,
  verifyNote,
  ed25519RawPublicKey,
  noteKeyId,
} from './note.ts';
export {
  type Checkpoint,
  type SignedCheckpoint,
  formatCheckpointBody,
  parseCheckpointBody,
  signCheckpoint,
  parseSignedCheckpoint,
  verifyCheckpoint,
} from './checkpoint.ts';
export {
  type WitnessOptions,
  type WitnessState,
  Witness,
  createCosigner,
  createCosignatureVerifier,
  cosignatureLine,
  verifyCosignature,
} from './witness.ts';
export {
  type WitnessPolicy,
  type PolicyWitness,
  type PolicyGroup,
  type PolicyQuorum,
  WITNESS_POLICY_FILE,
  parseWitnessPolicy,
  formatWitnessPolicy,
  cosignersOf,
  hasQuorum,
  quorumSatisfied,
} from './witness-policy.ts';
export { type AuditStore, MemoryAuditStore } from './store.ts';
export { type FileAuditStoreOptions, type AppendFileHandle, FileAuditStore } from './file-store.ts';
export {
  type AuditLogOptions,
  type AppendResult,
  type InclusionProof,
  type ConsistencyProof,
  type AuditLogEntry,
  AuditLog,
} from './log.ts';
export {
  type OpenAuditDirectoryOptions,
  ENTRIES_FILE,
  CHECKPOINTS_DIR,
  openAuditDirectory,
  publishCheckpoint,
  readCheckpointNotes,
} from './directory.ts';
export {
  type AuditProblem,
  type AuditVerificationReport,
  type VerifyAuditLogOptions,
  verifyAuditLog,
  verifyCommand,
} from './verifier.ts';
export {
  type ExportBundleOptions,
  type ExportBundleResult,
  type VerifyBundleOptions,
  type BundleVerificationReport,
  type BundleProblem,
  exportBundle,
  verifyBundle,
  isBundleDirectory,
} from './bundle/index.ts';
export {
  type AuditService,
  type AuditServiceOptions,
  type AuditServiceAlarm,
  type AuditServiceStats,
  startAuditService,
} from './service/server.ts';
export { type RemoteAuditLogOptions, RemoteAuditLog } from './service/client.ts';
export { type AnchorResponse } from './service/protocol.ts';
export { type WitnessEndpoint } from './service/witness-client.ts';
export { type CosigningStats, type WitnessStats } from './service/cosigning.ts';
export { type TornTailRepair, repairTornTail } from './service/recovery.ts';
