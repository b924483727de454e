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
 */
import { AuditError } from './errors.ts';

const MAX_DEPTH = 64;
const LONE_SURROGATE = /\p{Cs}/u;
/** String.prototype.isWellFormed (ES2024, in Node 20) is much cheaper than the regex. */
const isWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;

export function canonicalJson(value: unknown): string {
  return write(value, 0, '$');
}

export function canonicalJsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}

function reject(path: string, why: string): never {
  throw new AuditError('AUDIT_BAD_EVENT', `not canonical-JSON representable at ${path}: ${why}`);
}

/** Printable ASCII without '"' and '\\' needs no escaping and is always well-formed. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function writeString(text: string, path: string): string {
  if (PLAIN_ASCII.test(text)) return `"${text}"`;
  const wellFormed = isWellFormed === undefined ? !LONE_SURROGATE.test(text) : isWellFormed.call(text);
  if (!wellFormed) reject(path, 'string with a lone surrogate');
  return JSON.stringify(text);
}

function write(value: unknown, depth: number, path: string): string {
  if (depth > MAX_DEPTH) reject(path, `nested deeper than ${MAX_DEPTH}`);
  switch (typeof value) {
    case 'string':
      return writeString(value, path);
    case 'number':
      if (!Number.isFinite(value)) reject(path, 'non-finite number');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        return `[${value.map((item: unknown, i) => write(item, depth + 1, `${path}[${i}]`)).join(',')}]`;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) reject(path, 'not a plain object');
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort(compareCodeUnits);
      const members: string[] = [];
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        members.push(`${writeString(key, path)}:${write(member, depth + 1, `${path}.${key}`)}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      return reject(path, `unsupported ${typeof value}`);
  }
}

/** RFC 8785 §3.2.3: sort by UTF-16 code units (what `<` on JS strings does). */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
