/**
 * Audit events and their leaf encoding. The leaf of the Merkle tree IS the canonical JSON bytes
 * of the event (canonical-json.ts), so anyone holding the entries file can recompute every leaf
 * hash; decoding insists on canonical bytes, so one event has exactly one leaf.
 */
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { canonicalJsonAt, canonicalJsonString } from './canonical-json.ts';
import { AuditError } from './errors.ts';

export interface AuditEvent {
  /** What happened, e.g. "warrant.approved", "x1.activateTask", "console.access". */
  type: string;
  /** When, as an ISO 8601 UTC instant ending in "Z", e.g. "2026-11-25T07:45:33.123Z". */
  at: string;
  /** Who did it (a user, an authority or a component id) — never a target identity. */
  actor: string;
  /** What it was done to (a warrant id, task XID, LIID…) — never a target identity in clear. */
  subject?: string;
  /** Free-form details; target identities only as `redactIdentity` tags. */
  details: Record<string, unknown>;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const MAX_FIELD = 256;
const EVENT_KEYS = new Set(['type', 'at', 'actor', 'subject', 'details']);

function bad(message: string): never {
  throw new AuditError('AUDIT_BAD_EVENT', message);
}

function checkText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_FIELD) {
    bad(`event.${field} must be a non-empty string of at most ${MAX_FIELD} characters`);
  }
}

/** Throws AUDIT_BAD_EVENT unless `value` is a well-formed AuditEvent. */
export function validateAuditEvent(value: unknown): asserts value is AuditEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad('event must be an object');
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!EVENT_KEYS.has(key)) bad(`unknown event field "${key}"`);
  }
  checkText(record.type, 'type');
  checkText(record.actor, 'actor');
  if (record.subject !== undefined) checkText(record.subject, 'subject');
  const at = record.at;
  if (typeof at !== 'string' || !ISO_UTC.test(at) || !isRealInstant(at)) {
    bad('event.at must be an ISO 8601 UTC time like 2026-11-25T07:45:33.123Z');
  }
  const details = record.details;
  if (typeof details !== 'object' || details === null || Array.isArray(details)) bad('event.details must be an object');
}

/** Days in each month of a common year; February gains one in leap years. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The two (or four) ASCII digits of `at` from `from`, as a number (ISO_UTC has checked they are digits). */
function digits(at: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + at.charCodeAt(i) - 48;
  return n;
}

/**
 * Rejects calendar impossibilities like Feb 30 that Date.parse would roll over (and 24:00, which it
 * reads as the next day). Proleptic Gregorian, as ECMAScript Date (ECMA-262 §21.4.1): years 0000–9999
 * are all in range, so a date is real iff month 1–12, day 1–days of that month, 00:00:00–23:59:59.
 * Arithmetic on the digits: Date.parse + toISOString cost about a tenth of every append.
 */
function isRealInstant(at: string): boolean {
  const year = digits(at, 0, 4);
  const month = digits(at, 5, 2);
  const day = digits(at, 8, 2);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
  return day <= days && digits(at, 11, 2) <= 23 && digits(at, 14, 2) <= 59 && digits(at, 17, 2) <= 59;
}

/** The leaf bytes of an event: its canonical JSON (sorted keys, no whitespace, UTF-8). */
export function encodeAuditEvent(event: AuditEvent): Uint8Array {
  const bytes = Buffer.from(eventJson(event), 'utf8');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The canonical JSON text of an event (validated first). The five members are written in their
 * sorted order (actor, at, details, subject, type: RFC 8785 §3.2.3) — the same text canonicalJson
 * gives for { type, at, actor, subject?, details } — and only `details` goes through the general
 * encoder.
 */
export function eventJson(event: AuditEvent): string {
  validateAuditEvent(event);
  return unvalidatedEventJson(event);
}

function unvalidatedEventJson(event: AuditEvent): string {
  const { type, at, actor, subject, details } = event;
  // `at` matched ISO_UTC (digits, '-', ':', '.', 'T', 'Z'): nothing in it needs escaping.
  const head = `{"actor":${canonicalJsonString(actor, '$.actor')},"at":"${at}","details":${canonicalJsonAt(details, '$.details', 1)}`;
  const middle = subject === undefined ? '' : `,"subject":${canonicalJsonString(subject, '$.subject')}`;
  return `${head}${middle},"type":${canonicalJsonString(type, '$.type')}}`;
}

/** Fatal (no U+FFFD for bad bytes) and BOM-preserving (a leading BOM is a byte the leaf may not have). */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Parses leaf bytes back into an event; throws AUDIT_BAD_EVENT unless they are canonical. */
export function decodeAuditEvent(leaf: Uint8Array): AuditEvent {
  let text: string;
  let parsed: unknown;
  try {
    text = UTF8.decode(leaf);
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new AuditError('AUDIT_BAD_EVENT', 'leaf is not UTF-8 JSON', { cause });
  }
  validateAuditEvent(parsed);
  // UTF-8 is one-to-one on well-formed strings (the fatal decoder gave one, and the encoder refuses
  // lone surrogates), so equal text means equal bytes: the leaf is exactly the canonical encoding.
  if (unvalidatedEventJson(parsed) !== text) bad('leaf is not in canonical form');
  return parsed;
}

/** Domain separation so these tags can never collide with another HMAC use of the same key. */
const IDENTITY_TAG_CONTEXT = 'warranted/audit/identity/v1\n';
const IDENTITY_TAG_PREFIX = 'hmac-sha256:';

/**
 * Pseudonymise a target identity for the audit log: `hmac-sha256:<hex>` of
 * HMAC-SHA256(key, "warranted/audit/identity/v1\n" || value). The log owner holds the key; an
 * overseer given the key can recompute the tag of an identity named in a warrant and match it,
 * while a reader without the key cannot enumerate the (small) MSISDN/IMSI space. Callers pass
 * the identity in its normalised form (e.g. E.164 digits) so equal identities get equal tags.
 */
export function redactIdentity(value: string, key: Uint8Array | KeyObject): string {
  if (key instanceof Uint8Array && key.length < 32) {
    throw new AuditError('AUDIT_BAD_KEY', 'identity HMAC key must be at least 32 bytes');
  }
  const tag = createHmac('sha256', key).update(IDENTITY_TAG_CONTEXT).update(value, 'utf8').digest('hex');
  return IDENTITY_TAG_PREFIX + tag;
}

/** True when `tag` is redactIdentity(value, key) (constant-time compare). */
export function identityTagMatches(tag: string, value: string, key: Uint8Array | KeyObject): boolean {
  const expected = Buffer.from(redactIdentity(value, key));
  const given = Buffer.from(tag);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
