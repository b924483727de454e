/**
 * Typed errors of the audit log. Every code raised here is listed in ERROR_CODES and documented in
 * docs/errors/audit.md. Callers of `AuditLog.append` MUST treat `AUDIT_UNAVAILABLE` as "fail closed":
 * an action whose audit event could not be made durable must not go ahead.
 */
import { WarrantedError, type WarrantedErrorOptions } from '../platform/errors.ts';

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'AUDIT_UNAVAILABLE', meaning: 'The audit store could not make the event durable (or the log is closed/broken); the caller must fail closed and not perform the audited action.' },
  { code: 'AUDIT_BAD_EVENT', meaning: 'The event is not a valid AuditEvent (missing field, bad ISO time, value not representable as canonical JSON).' },
  { code: 'AUDIT_BAD_RANGE', meaning: 'A leaf index, tree size or entry range is outside the tree (RFC 9162 §2.1.3.1 needs 0 <= index < size <= tree size).' },
  { code: 'AUDIT_ENTRY_MALFORMED', meaning: 'A line of the entries file is not a well-formed entry (bad JSON, missing fields, bad base64/hex, partial last line).' },
  { code: 'AUDIT_INDEX_MISMATCH', meaning: 'An entry carries an index other than its position in the file (a line was dropped, duplicated or moved).' },
  { code: 'AUDIT_CHAIN_BROKEN', meaning: "An entry's prev hash is not the leaf hash of the entry before it (reordered, dropped or edited entries)." },
  { code: 'AUDIT_ROOT_MISMATCH', meaning: 'The tree re-derived from the stored entries does not have the root hash of a trusted checkpoint at that size.' },
  { code: 'AUDIT_CHECKPOINT_MALFORMED', meaning: 'A checkpoint / signed note does not follow the C2SP tlog-checkpoint / signed-note text format.' },
  { code: 'AUDIT_SIGNATURE_INVALID', meaning: 'No signature line of the note verifies under the expected key (wrong key, edited body, forged signature).' },
  { code: 'AUDIT_INCONSISTENT', meaning: 'Two checkpoints of the same log are not consistent (RFC 9162 §2.1.4.2 consistency proof fails, or the tree shrank): history was rewritten.' },
  { code: 'AUDIT_BAD_KEY', meaning: 'A key (vkey text, PEM, KeyObject) is not a usable Ed25519 key or its vkey key ID does not match.' },
  { code: 'AUDIT_BAD_REQUEST', meaning: 'A request to the audit service is malformed (not JSON, not {"events": [...]}, no or too many events, bad query); nothing was appended.' },
  { code: 'AUDIT_ACTOR_MISMATCH', meaning: "An event's actor is not the appending client's certificate identity (a role may not write events in another's name); nothing of the request was appended." },
  { code: 'AUDIT_CLIENT_REFUSED', meaning: "The client's certificate identity is not among the audit service's allowed clients." },
  { code: 'AUDIT_BODY_TOO_LARGE', meaning: "A request body exceeds the audit service's size limit; nothing was appended." },
  { code: 'AUDIT_EXPORT_BAD_PERIOD', meaning: 'An export period is unusable: --from/--to not an ISO 8601 UTC time, from after to, or no entry of the log lies in [from, to].' },
  { code: 'AUDIT_EXPORT_NOT_ANCHORED', meaning: 'No signed checkpoint of the log covers the end of the export range yet; wait for the next checkpoint and export again.' },
  { code: 'AUDIT_EXPORT_SOURCE_INVALID', meaning: 'The log directory to export does not verify (chain, canonical entries, checkpoint signatures or roots); nothing was exported.' },
  { code: 'AUDIT_EXPORT_OUTPUT_EXISTS', meaning: 'The export bundle directory already exists and is not empty; nothing was written.' },
  { code: 'AUDIT_BUNDLE_MANIFEST_MISMATCH', meaning: "An export bundle's file is missing, not listed in its MANIFEST, or its SHA-256 differs from the MANIFEST." },
  { code: 'AUDIT_BUNDLE_MALFORMED', meaning: 'An export bundle file is missing or not in its format, or the bundle contradicts itself (range, anchor, proof files without their entries).' },
  { code: 'AUDIT_INCLUSION_PROOF_INVALID', meaning: "An entry's RFC 9162 inclusion proof (C2SP tlog-proof) does not lead to the root of the checkpoint it names." },
  { code: 'AUDIT_POLICY_MALFORMED', meaning: 'A witness policy text (witness-policy.txt) does not follow the format: unknown directive, bad verifier key, undefined name, or a quorum no set of witnesses can meet.' },
  { code: 'AUDIT_NO_QUORUM', meaning: 'POST /v1/anchor: no checkpoint covering the entry gathered the quorum of witness cosignatures within maxWaitMs (HTTP 503); the caller must not go ahead.' },
  { code: 'AUDIT_WITNESS_UNREACHABLE', meaning: 'Alarm: a witness of the policy did not answer an add-checkpoint request (connection refused, TLS failure, timeout, 5xx); retried next round.' },
  { code: 'AUDIT_WITNESS_REFUSED', meaning: 'Alarm: a witness answered add-checkpoint with a refusal (403, 404, 422, an unresolved 409) or with no valid cosignature: it does not accept this log\'s view.' },
  { code: 'AUDIT_LAW_VIOLATED', meaning: 'The log records an act its warrants did not allow (activation without approval, delivery after expiry, content under an IRI-only warrant, late deactivation…); the problem names the entry and the rule (docs/audit.md "Invariants").' },
  { code: 'AUDIT_UNANCHORED', meaning: 'Entries are not covered by a verified signed checkpoint (no checkpoint at all, or a tail after the last one): they could be cut or rewritten unseen.' },
  { code: 'AUDIT_COSIGNATURES_MISSING', meaning: "The checkpoint covering the log lacks the witness policy's quorum of valid cosignatures (or no witness policy was given): the log may show others a different history." },
  { code: 'AUDIT_REPORT_UNVERIFIED', meaning: 'A transparency report was asked of a log that did not verify (or changed while it was read); no report is computed from it.' },
  { code: 'AUDIT_REPORT_BAD_PERIOD', meaning: 'The report period is not understood (--period YYYY[-MM][..YYYY[-MM]], or --from/--to ISO dates or instants, from before to).' },
  { code: 'AUDIT_REPORT_UNREADABLE', meaning: 'A file given as a transparency report is not one (not the JSON, CSV or HTML form of warranted-transparency-report/v1).' },
];

export type AuditErrorCode =
  | 'AUDIT_UNAVAILABLE'
  | 'AUDIT_BAD_EVENT'
  | 'AUDIT_BAD_RANGE'
  | 'AUDIT_ENTRY_MALFORMED'
  | 'AUDIT_INDEX_MISMATCH'
  | 'AUDIT_CHAIN_BROKEN'
  | 'AUDIT_ROOT_MISMATCH'
  | 'AUDIT_CHECKPOINT_MALFORMED'
  | 'AUDIT_SIGNATURE_INVALID'
  | 'AUDIT_INCONSISTENT'
  | 'AUDIT_BAD_KEY'
  | 'AUDIT_BAD_REQUEST'
  | 'AUDIT_ACTOR_MISMATCH'
  | 'AUDIT_CLIENT_REFUSED'
  | 'AUDIT_BODY_TOO_LARGE'
  | 'AUDIT_POLICY_MALFORMED'
  | 'AUDIT_NO_QUORUM'
  | 'AUDIT_WITNESS_UNREACHABLE'
  | 'AUDIT_WITNESS_REFUSED'
  | 'AUDIT_EXPORT_BAD_PERIOD'
  | 'AUDIT_EXPORT_NOT_ANCHORED'
  | 'AUDIT_EXPORT_SOURCE_INVALID'
  | 'AUDIT_EXPORT_OUTPUT_EXISTS'
  | 'AUDIT_BUNDLE_MANIFEST_MISMATCH'
  | 'AUDIT_BUNDLE_MALFORMED'
  | 'AUDIT_INCLUSION_PROOF_INVALID'
  | 'AUDIT_LAW_VIOLATED'
  | 'AUDIT_UNANCHORED'
  | 'AUDIT_COSIGNATURES_MISSING'
  | 'AUDIT_REPORT_UNVERIFIED'
  | 'AUDIT_REPORT_BAD_PERIOD'
  | 'AUDIT_REPORT_UNREADABLE';

/** Base class of every audit error; `code` is one of AuditErrorCode. */
export class AuditError extends WarrantedError {
  declare readonly code: AuditErrorCode;
  constructor(code: AuditErrorCode, message: string, options: WarrantedErrorOptions = {}) {
    super(code, message, options);
  }
}

/** The store failed: the event is NOT in the log. Fail closed. */
export class AuditUnavailableError extends AuditError {
  constructor(message: string, options: WarrantedErrorOptions = {}) {
    super('AUDIT_UNAVAILABLE', message, options);
  }
}

/** Stored entries fail re-verification (tampering, truncation or corruption). */
export class AuditTamperError extends AuditError {
  /** Zero-based line/entry index where the problem was found. */
  readonly index: number;
  constructor(
    code: 'AUDIT_ENTRY_MALFORMED' | 'AUDIT_INDEX_MISMATCH' | 'AUDIT_CHAIN_BROKEN' | 'AUDIT_ROOT_MISMATCH',
    index: number,
    message: string,
    options: WarrantedErrorOptions = {},
  ) {
    super(code, message, { ...options, details: { index, ...options.details } });
    this.index = index;
  }
}
