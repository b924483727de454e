/**
 * Validation of the data routes' parameters: every path, query and body value is checked for its
 * form before it reaches the store, and refused with CONSOLE_BAD_REQUEST (HTTP 400) otherwise.
 */
import { isLiid } from '../../standards/identifiers/index.ts';
import { RECORD_KINDS, type Direction, type RecordKind } from '../../monitoring/types.ts';
import { ConsoleError } from '../errors.ts';
import { isoToMicros } from '../store/rows.ts';

export const MAX_LIMIT = 1000;
const DIRECTIONS: readonly Direction[] = ['fromTarget', 'toTarget', 'indeterminate', 'combined', 'notapplicable'];
/** `<TS 103 280 kind>:<value>` as the LEMF labels identities. */
const IDENTITY = /^[A-Za-z][A-Za-z0-9]{1,30}:[\x21-\x7e]{1,200}$/;

export const bad = (message: string): ConsoleError => new ConsoleError('CONSOLE_BAD_REQUEST', message);

/** TS 103 280 §6.1 LIID, no wildcard characters. */
export function liidParam(raw: string | undefined, name = 'liid'): string {
  if (raw === undefined || !isLiid(raw)) throw bad(`${name} is not an LIID (TS 103 280 §6.1)`);
  return raw;
}

/** A non-negative integer id (record id, CIN): digits only, at most 2^53. */
export function intParam(raw: string | undefined, name: string, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined || !/^\d{1,16}$/.test(raw)) throw bad(`${name} must be a non-negative integer`);
  const n = Number(raw);
  if (n > max) throw bad(`${name} is out of range`);
  return n;
}

export function limitParam(q: URLSearchParams, fallback: number): number {
  const raw = q.get('limit');
  if (raw === null) return fallback;
  const n = intParam(raw, 'limit');
  if (n < 1 || n > MAX_LIMIT) throw bad(`limit must be 1..${MAX_LIMIT}`);
  return n;
}

export function timeParam(q: URLSearchParams, name: string): bigint | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  const us = raw.length <= 40 ? isoToMicros(raw) : undefined;
  if (us === undefined) throw bad(`${name} must be an ISO 8601 time with a zone (e.g. 2026-11-25T08:00:00Z)`);
  return us;
}

export function kindsParam(q: URLSearchParams): RecordKind[] | undefined {
  const raw = q.get('kind');
  if (raw === null) return undefined;
  const kinds = raw.split(',');
  for (const k of kinds) if (!RECORD_KINDS.includes(k as RecordKind)) throw bad(`kind must be one or more of ${RECORD_KINDS.join(', ')}`);
  return kinds as RecordKind[];
}

export function directionParam(q: URLSearchParams): Direction | undefined {
  const raw = q.get('direction');
  if (raw === null) return undefined;
  if (!DIRECTIONS.includes(raw as Direction)) throw bad(`direction must be one of ${DIRECTIONS.join(', ')}`);
  return raw as Direction;
}

export function identityParam(q: URLSearchParams, name: string): string | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  if (!IDENTITY.test(raw)) throw bad(`${name} must be an identity like e164Number:447700900123`);
  return raw;
}

/** Keyset cursor: base64url of `<microseconds>.<id>` (opaque to clients). */
export function encodeCursor(c: { atUs: bigint; id: number }): string {
  return Buffer.from(`${c.atUs}.${c.id}`, 'utf8').toString('base64url');
}

export function cursorParam(q: URLSearchParams): { atUs: bigint; id: number } | undefined {
  const raw = q.get('cursor');
  if (raw === null) return undefined;
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(raw) ? Buffer.from(raw, 'base64url').toString('utf8') : '';
  const m = /^(\d{1,17})\.(\d{1,10})$/.exec(text);
  if (!m) throw bad('cursor is not one this API gave');
  return { atUs: BigInt(m[1]!), id: Number(m[2]) };
}

export function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('the body must be a JSON object');
  return body as Record<string, unknown>;
}
