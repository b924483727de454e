/**
 * The audit service's HTTP/JSON protocol, shared by server.ts and client.ts. Everything travels
 * over HTTPS with mutual TLS; the client's certificate identity is the only authentication.
 *
 *   POST /v1/append      {"events": AuditEvent[1..1000]}  → 200 {"indexes": number[], "size": n}
 *   GET  /v1/entries?from=N[&to=M]                         → 200 {"entries": [...], "from", "to", "size"}
 *   GET  /v1/checkpoint                                    → 200 text/plain signed checkpoint note
 *   GET  /v1/size                                          → 200 {"size": n, "origin": "..."}
 *   POST /v1/anchor      {"index": n}                      → 200 {"checkpoint": note, "size", "witnesses"}
 *                                                             | 503 AUDIT_NO_QUORUM after maxWaitMs
 *   any refusal                                            → 4xx/5xx {"error": {"code", "message"}}
 */
import type { AuditEvent } from '../event.ts';
import { toBase64 } from '../hash.ts';

export const PATH_APPEND = '/v1/append';
export const PATH_ENTRIES = '/v1/entries';
export const PATH_CHECKPOINT = '/v1/checkpoint';
export const PATH_SIZE = '/v1/size';
export const PATH_ANCHOR = '/v1/anchor';

/** Most events in one append request (one AuditLog batch: AuditLog's default maxBatch). */
export const MAX_EVENTS_PER_REQUEST = 1000;
/** Largest request body the service reads (HTTP 413 beyond). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Most entries returned by one GET /v1/entries (the client pages through longer ranges). */
export const MAX_ENTRIES_PAGE = 1000;

export interface AppendRequest {
  events: AuditEvent[];
}

export interface AppendResponse {
  /** Index of each event, in request order (consecutive: one atomic AuditLog batch). */
  indexes: number[];
  /** Durable log size after the batch. */
  size: number;
}

export interface EntriesResponse {
  entries: { index: number; event: AuditEvent; leafHash: string }[];
  from: number;
  /** Exclusive end actually served (may be below the asked `to`: pages are bounded). */
  to: number;
  size: number;
}

export interface SizeResponse {
  size: number;
  origin: string;
}

export interface ErrorResponse {
  error: { code: string; message: string };
}

export interface AnchorRequest {
  /** The entry that must be covered (index < size). */
  index: number;
}

export interface AnchorResponse {
  /** A signed checkpoint covering the entry, with the cosignature lines of a quorum of the policy's witnesses. */
  checkpoint: string;
  size: number;
  /** Policy names of the witnesses whose cosignature the note carries. */
  witnesses: string[];
}

/**
 * The C2SP tlog-witness add-checkpoint body the log sends a witness (c2sp.org/tlog-witness
 * §add-checkpoint): `old <size>`, one base64 line per consistency-proof hash, a blank line, the note.
 */
export function formatAddCheckpointBody(oldSize: number, proof: readonly Uint8Array[], note: string): string {
  return `old ${oldSize}\n${proof.map((hash) => `${toBase64(hash)}\n`).join('')}\n${note}`;
}

/** The body of a tlog-witness 409 (`text/x.tlog.size`): the witness's latest size, else undefined. */
export function parseTlogSize(body: string): number | undefined {
  const match = /^(0|[1-9]\d{0,15})\n$/.exec(body);
  return match === null || !Number.isSafeInteger(Number(match[1])) ? undefined : Number(match[1]);
}
