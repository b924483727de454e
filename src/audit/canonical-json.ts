/**
 * Canonical JSON: the one byte sequence an audit leaf is allowed to have.
 *
 * Rules (compatible with RFC 8785 JCS for every value accepted here):
 *  - object members sorted by key in UTF-16 code-unit order, members whose value is `undefined`
 *    omitted (as JSON.stringify does), no whitespace anywhere;
 *  - strings escaped as JSON.stringify does (RFC 8785 §3.2.2.2 is the same escaping), and they
 *    must be well-formed Unicode (a lone surrogate has no UTF-8 encoding, so it is rejected);
 *  - numbers finite, printed by ECMAScript Number::toString (RFC 8785 §3.2.2.3); -0 prints as 0;
 *  - only plain objects, arrays, strings, finite numbers, booleans and null: Dates, Maps,
 *    typed arrays, bigint, functions, symbols and cycles are rejected, never silently coerced;
 *  - encoded as UTF-8.
 *
 * Speed (the leaf of every audit append is written here): one pass that concatenates strings —
 * no per-member arrays, no path strings (the path is only spelt out when a value is rejected).
 */
import { AuditError } from './errors.ts';

const MAX_DEPTH = 64;
const LONE_SURROGATE = /\p{Cs}/u;
/** String.prototype.isWellFormed (ES2024, in Node 20) is much cheaper than the regex. */
const isWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;

export function canonicalJson(value: unknown): string {
  return canonicalJsonAt(value, '$');
}

/** UTF-8 bytes of canonicalJson(value) (a view; Buffer.from is several times cheaper than TextEncoder). */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  const bytes = Buffer.from(canonicalJson(value), 'utf8');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * canonicalJson of a value found at `path`, `depth` levels inside a larger document (errors name
 * that path; the depth limit counts from the document's top), e.g. the `details` of an audit
 * event (depth 1), whose fixed outer members event.ts writes itself.
 */
export function canonicalJsonAt(value: unknown, path: string, depth = 0): string {
  // The trail starts `depth` steps deep (placeholders, left out of error paths).
  const trail: (string | number)[] = [];
  for (let i = 0; i < depth; i++) trail.push('');
  try {
    return write(value, trail);
  } catch (error) {
    if (error instanceof Rejected) throw new AuditError('AUDIT_BAD_EVENT', `not canonical-JSON representable at ${spell(path, error.trail.slice(depth))}: ${error.why}`);
    throw error;
  }
}

/** A JSON string literal for `text`, or AUDIT_BAD_EVENT (naming `path`) for a lone surrogate. */
export function canonicalJsonString(text: string, path: string): string {
  if (PLAIN_ASCII.test(text)) return `"${text}"`;
  if (!wellFormed(text)) throw new AuditError('AUDIT_BAD_EVENT', `not canonical-JSON representable at ${path}: string with a lone surrogate`);
  return JSON.stringify(text);
}

/** Thrown inside the writer; turned into AUDIT_BAD_EVENT with the spelt-out path at the top. */
class Rejected extends Error {
  constructor(
    readonly trail: readonly (string | number)[],
    readonly why: string,
  ) {
    super(why);
  }
}

function reject(trail: readonly (string | number)[], why: string): never {
  throw new Rejected([...trail], why);
}

function spell(path: string, trail: readonly (string | number)[]): string {
  let spelt = path;
  for (const step of trail) spelt += typeof step === 'number' ? `[${step}]` : `.${step}`;
  return spelt;
}

/** Printable ASCII without '"' and '\\' needs no escaping and is always well-formed. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function wellFormed(text: string): boolean {
  return isWellFormed === undefined ? !LONE_SURROGATE.test(text) : isWellFormed.call(text);
}

function writeString(text: string, trail: readonly (string | number)[]): string {
  if (PLAIN_ASCII.test(text)) return `"${text}"`;
  if (!wellFormed(text)) reject(trail, 'string with a lone surrogate');
  return JSON.stringify(text);
}

/** `trail` holds the keys and indexes from the top down to `value` (its length is the depth). */
function write(value: unknown, trail: (string | number)[]): string {
  if (trail.length > MAX_DEPTH) reject(trail, `nested deeper than ${MAX_DEPTH}`);
  switch (typeof value) {
    case 'string':
      return writeString(value, trail);
    case 'number':
      if (!Number.isFinite(value)) reject(trail, 'non-finite number');
      // Number::toString, as JSON.stringify prints a finite number (and -0 as "0").
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return writeArray(value, trail);
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) reject(trail, 'not a plain object');
      return writeObject(value as Record<string, unknown>, trail);
    }
    default:
      return reject(trail, `unsupported ${typeof value}`);
  }
}

function writeArray(items: readonly unknown[], trail: (string | number)[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    trail.push(i);
    out += i === 0 ? write(items[i], trail) : `,${write(items[i], trail)}`;
    trail.pop();
  }
  return `${out}]`;
}

function writeObject(record: Record<string, unknown>, trail: (string | number)[]): string {
  const keys = sortedKeys(record);
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    const name = writeString(key, trail);
    trail.push(key);
    out += `${first ? '' : ','}${name}:${write(member, trail)}`;
    trail.pop();
    first = false;
  }
  return `${out}}`;
}

/**
 * RFC 8785 §3.2.3: member names sorted by UTF-16 code units (what `<` on strings and the default
 * Array#sort compare). Events have a handful of members, where an insertion sort is several times
 * cheaper than Array#sort; large objects use the latter.
 */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}
