/**
 * The audit events of an operator's RDHI (retained data, ETSI TS 102 656/657; issue 11 item 4),
 * defined in one place: the RDHI writes them, `audit verify` (law/orders.ts) holds them to the
 * production orders the log recorded. Like every event they carry no identifier in clear: the
 * identifier is the salted commitment of the ORDER's identifier that covered the request
 * (commitment.ts; salt = warrantSalt(identityKey, orderId), handed to the operator with the order),
 * which is the value the order's `order.submitted` terms list — so the verifier can match them
 * without learning the identifier.
 *
 * - `rd.request`   every request received that carried an order (before anything is read);
 * - `rd.refused`   every refusal (no valid order, beyond the order, not exact, malformed), with the
 *                  stable code and the TS 102 657 categorised error value (RD_CATEGORISED_ERRORS);
 * - `rd.disclosed` every answer that disclosed records, with the SHA-256 of the response message
 *                  as sent (the signed BER) and the number of records;
 * - `rd.retention-deleted` every retention sweep of one category (issue 11 item 1: "older data is
 *                  deleted on schedule, with an audit event of what was deleted"): category, cut-off,
 *                  row count and the SHA-256 over the deleted rows (src/retained-data/retention.ts),
 *                  appended before the deletion commits. No identifier, no row content.
 */
import { createHash } from 'node:crypto';
import type { AuditEvent } from './event.ts';

export const RD_EVENT = { request: 'rd.request', refused: 'rd.refused', disclosed: 'rd.disclosed', retentionDeleted: 'rd.retention-deleted' } as const;

/** An identifier as a production order names it (src/warrants/production-order-model.ts). */
export type RdOrderIdentifier = { kind: 'msisdn' | 'imsi' | 'imei'; value: string } | { kind: 'ip'; address: string; at: string; port?: number };

/** The (kind, value) whose commitment stands for an order identifier (commitTarget(salt, kind, value)). */
export function rdIdentifierCommitInput(i: RdOrderIdentifier): { kind: string; value: string } {
  return i.kind === 'ip' ? { kind: 'ip', value: `${i.address}|${i.at}|${i.port ?? ''}` } : { kind: i.kind, value: i.value };
}

interface RdEventCommon {
  /** The operator (TS 102 657 cSPID) whose RDHI answered. */
  operatorId: string;
  /** RetainedDataHeader.requestID.requestNumber (the agency's request). */
  requestNumber: string;
  /** The request category (warranted:<category>, docs/rd.md). */
  category: string;
  /** The records' period asked for (ISO UTC); an IP request has start = end = its instant. */
  period: { start: string; end: string };
  identifierKind: string;
}

/** Where the operator's RDHI got the order: the warrant desk (HI-1) or a file served by hand (docs/rd.md). */
export type RdOrderSource = 'desk' | 'file';

export interface RdRequestDetails extends RdEventCommon {
  orderId: string;
  orderHash: string;
  source?: RdOrderSource;
  /** SHA-256 hex of the request message bytes as received. */
  requestSha256: string;
}

export interface RdRefusedDetails extends Partial<RdEventCommon> {
  orderId?: string;
  orderHash?: string;
  source?: RdOrderSource;
  /** Stable code (ORDER_*, RD_*, RDHI_*). */
  code: string;
  /** CategorisedErrorDescription value sent in the ErrorMessage (TS 102 657 §6.4; e.g. 401, 403, 422). */
  rdError: number;
}

export interface RdDisclosedDetails extends RdEventCommon {
  orderId: string;
  orderHash: string;
  source?: RdOrderSource;
  /** Commitment of the order identifier that covered the request. */
  identifier: string;
  /** SHA-256 hex of the response message as sent (what the operator signed). */
  responseSha256: string;
  records: number;
}

function event(type: string, at: Date | string, actor: string, subject: string | undefined, details: object): AuditEvent {
  const e: AuditEvent = { type, at: new Date(at).toISOString(), actor, details: { ...details } };
  if (subject !== undefined) e.subject = subject;
  return e;
}

export function rdRequestEvent(at: Date | string, rdhi: string, d: RdRequestDetails): AuditEvent {
  return event(RD_EVENT.request, at, rdhi, d.orderId, d);
}
export function rdRefusedEvent(at: Date | string, rdhi: string, d: RdRefusedDetails): AuditEvent {
  return event(RD_EVENT.refused, at, rdhi, d.orderId, d);
}
export function rdDisclosedEvent(at: Date | string, rdhi: string, d: RdDisclosedDetails): AuditEvent {
  return event(RD_EVENT.disclosed, at, rdhi, d.orderId, d);
}

export interface RdRetentionDeletedDetails {
  operatorId: string;
  /** The retention category (rd_* table) swept. */
  category: string;
  /** Rows whose time is before this instant were deleted. */
  cutoff: string;
  sweptAt: string;
  rows: number;
  /** SHA-256 hex over the deleted rows' canonical lines in id order (src/retained-data/retention.ts). */
  digest: string;
  /** How often the operator sweeps: `audit verify` holds consecutive sweeps to twice this (law/retention-sweeps.ts). */
  sweepIntervalMs?: number;
}

export function rdRetentionDeletedEvent(at: Date | string, actor: string, d: RdRetentionDeletedDetails): AuditEvent {
  const { operatorId, category, cutoff, sweptAt, rows, digest, sweepIntervalMs } = d;
  return event(RD_EVENT.retentionDeleted, at, actor, operatorId, { operatorId, category, cutoff, sweptAt, rows, digest, ...(sweepIntervalMs === undefined ? {} : { sweepIntervalMs }) });
}

/** The digest of a message as sent or received (lower-case hex SHA-256). */
export function rdDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
