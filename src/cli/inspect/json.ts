/**
 * Turns decoded values into plain JSON: octets as lower-case hex, bigint as decimal text, Dates as
 * ISO 8601 (UTC), Maps as objects; absent (undefined) properties are left out.
 */
import { WarrantedError } from '../../platform/errors.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Recursively converts `value`; `omit` names properties to drop at every level (e.g. `raw`). */
export function toJson(value: unknown, omit: ReadonlySet<string> = new Set(), depth = 0): JsonValue {
  if (depth > 200) return '[too deep]';
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Uint8Array) return hex(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (Array.isArray(value)) return value.map((v) => toJson(v, omit, depth + 1));
  if (value instanceof Map) {
    const o: Record<string, JsonValue> = {};
    for (const [k, v] of value as Map<unknown, unknown>) o[String(k)] = toJson(v, omit, depth + 1);
    return o;
  }
  if (typeof value === 'object') {
    const o: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || omit.has(k)) continue;
      o[k] = toJson(v, omit, depth + 1);
    }
    return o;
  }
  return typeof value === 'symbol' ? value.toString() : typeof value === 'function' ? '[function]' : null;
}

/** A typed error as JSON: its stable code first, then the standard's code, message and details. */
export function errorJson(err: unknown): JsonValue {
  if (err instanceof WarrantedError) {
    const o: Record<string, JsonValue> = { code: err.code, name: err.name, message: err.message };
    if (err.standardCode !== undefined) o.standardCode = err.standardCode;
    if (err.details !== undefined) o.details = toJson(err.details);
    if (err.cause instanceof WarrantedError) o.cause = { code: err.cause.code, message: err.cause.message };
    return o;
  }
  // Not a typed error: a decoder crashed. Say so plainly; the fuzzer treats this as a bug.
  return { code: 'INSPECT_DECODER_CRASH', name: err instanceof Error ? err.name : typeof err, message: err instanceof Error ? err.message : String(err) };
}
