/**
 * Audit events and their leaf encoding. The leaf of the Merkle tree IS the canonical JSON bytes
 * of the event (canonical-json.ts), so anyone holding the entries file can recompute every leaf
 * hash; decoding insists on canonical bytes, so one event has exactly one leaf.
 */
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { canonicalJsonBytes } from './canonical-json.ts';
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

/** Rejects calendar impossibilities like Feb 30 that Date.parse would roll over. */
function isRealInstant(at: string): boolean {
  const ms = Date.parse(at);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === at.slice(0, 19);
}

/** The leaf bytes of an event: its canonical JSON (sorted keys, no whitespace, UTF-8). */
export function encodeAuditEvent(event: AuditEvent): Uint8Array {
  validateAuditEvent(event);
  const { type, at, actor, subject, details } = event;
  return canonicalJsonBytes(subject === undefined ? { type, at, actor, details } : { type, at, actor, subject, details });
}

/** Parses leaf bytes back into an event; throws AUDIT_BAD_EVENT unless they are canonical. */
export function decodeAuditEvent(leaf: Uint8Array): AuditEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(leaf));
  } catch (cause) {
    throw new AuditError('AUDIT_BAD_EVENT', 'leaf is not UTF-8 JSON', { cause });
  }
  validateAuditEvent(parsed);
  const again = encodeAuditEvent(parsed);
  if (!Buffer.from(again).equals(leaf)) bad('leaf is not in canonical form');
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
