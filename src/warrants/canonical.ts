/**
 * Canonical bytes of a warrant's legal content, and its hash.
 *
 * canonical bytes = UTF-8 of the RFC 8785 (JCS) serialisation of the normalised warrant:
 * - object keys sorted (all keys are ASCII, so code-unit order = byte order), no whitespace;
 * - absent optional fields omitted (never null);
 * - strings NFC-normalised, escaped as JSON.stringify does (which is what RFC 8785 §3.2.2.2 asks);
 * - the only numbers are small non-negative integers (retentionDays), printed as integers;
 * - times converted to UTC `YYYY-MM-DDTHH:MM:SS.sssZ`;
 * - target identities normalised (targets.ts) and sorted by kind then value; operators sorted;
 *   services in the fixed order voice, sms, data, location.
 * warrantHash = lower-case hex SHA-256 of the canonical bytes. docs/warrants.md tells an outside
 * verifier how to recompute both.
 */
import { createHash } from 'node:crypto';
import type { Warrant } from './model.ts';
import { validateWarrant } from './validate.ts';

type Json = string | number | boolean | Json[] | { [k: string]: Json | undefined };

/** RFC 8785 serialisation for the value set warrants use (strings, integers, booleans, arrays, objects). */
export function canonicalJson(v: Json): string {
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new TypeError('canonical JSON here carries integers only');
    return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(v)
    .filter((k) => v[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k]!)}`).join(',')}}`;
}

/** The normalised warrant (validated: throws WarrantError on bad content). */
export function canonicalWarrant(w: Warrant): Warrant {
  return validateWarrant(w);
}

/** Canonical text (the canonical bytes are its UTF-8 encoding). */
export function canonicalText(w: Warrant): string {
  return canonicalJson(canonicalWarrant(w) as unknown as Json);
}

export function canonicalBytes(w: Warrant): Uint8Array {
  return new TextEncoder().encode(canonicalText(w));
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** SHA-256 hex of the canonical bytes. */
export function warrantHash(w: Warrant): string {
  return sha256Hex(canonicalBytes(w));
}
