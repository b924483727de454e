/**
 * The audit service's HTTP/JSON protocol, shared by server.ts and client.ts. Everything travels
 * over HTTPS with mutual TLS; the client's certificate identity is the only authentication.
 *
 *   POST /v1/append      {"events": AuditEvent[1..1000]}  → 200 {"indexes": number[], "size": n}
 *   GET  /v1/entries?from=N[&to=M]                         → 200 {"entries": [...], "from", "to", "size"}
 *   GET  /v1/checkpoint                                    → 200 text/plain signed checkpoint note
 *   GET  /v1/size                                          → 200 {"size": n, "origin": "..."}
 *   any refusal                                            → 4xx/5xx {"error": {"code", "message"}}
 */
import type { AuditEvent } from '../event.ts';

export const PATH_APPEND = '/v1/append';
export const PATH_ENTRIES = '/v1/entries';
export const PATH_CHECKPOINT = '/v1/checkpoint';
export const PATH_SIZE = '/v1/size';

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
