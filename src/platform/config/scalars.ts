/**
 * The leaf types of the schema builder (schema.ts): strings, numbers, durations, enums, addresses,
 * paths and files that must exist. Each knows its docs type and its "expected …" phrase.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { resolve } from 'node:path';
import { describeValue, fail, INVALID, type Ctx, type Invalid, type Schema } from './schema.ts';
import type { Address } from './types.ts';

function scalar<T>(
  type: string,
  description: string,
  check: (v: unknown, path: string, ctx: Ctx) => T | Invalid,
): Schema<T, 'required'> {
  return { type, description, presence: 'required', parse: check };
}

/** A non-empty string; `patternText` is what errors say is expected, `type` what the docs show. */
export function string(
  description: string,
  o: { pattern?: RegExp; patternText?: string; type?: string } = {},
): Schema<string, 'required'> {
  const expected = o.patternText ?? 'a non-empty string';
  return scalar(o.type ?? o.patternText ?? 'string', description, (v, path, ctx) =>
    typeof v === 'string' && v.length > 0 && (!o.pattern || o.pattern.test(v))
      ? v
      : // `mnc: 01` is the number 1 in YAML: the leading zero is gone, so say how to keep it.
        fail(
          ctx,
          path,
          expected,
          `${describeValue(v)}${typeof v === 'number' ? ' (a number: quote it)' : ''}`,
        ),
  );
}

function rangeText(kind: string, min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `${kind} ${min}..${max}`;
  if (min !== undefined) return `${kind} ≥ ${min}`;
  if (max !== undefined) return `${kind} ≤ ${max}`;
  return kind;
}

export function integer(
  description: string,
  o: { min?: number; max?: number } = {},
): Schema<number, 'required'> {
  const expected = rangeText('integer', o.min, o.max);
  return scalar(expected, description, (v, path, ctx) =>
    typeof v === 'number' &&
    Number.isSafeInteger(v) &&
    (o.min === undefined || v >= o.min) &&
    (o.max === undefined || v <= o.max)
      ? v
      : fail(ctx, path, expected, describeValue(v)),
  );
}

export function number(
  description: string,
  o: { min?: number; max?: number } = {},
): Schema<number, 'required'> {
  const expected = rangeText('number', o.min, o.max);
  return scalar(expected, description, (v, path, ctx) =>
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (o.min === undefined || v >= o.min) &&
    (o.max === undefined || v <= o.max)
      ? v
      : fail(ctx, path, expected, describeValue(v)),
  );
}

/** A duration in milliseconds, written as a plain integer (no units: `5000`, not `5s`). */
export function duration(description: string): Schema<number, 'required'> {
  const s = integer(description, { min: 1 });
  return { ...s, type: 'duration (ms, integer ≥ 1)' };
}

export function boolean(description: string): Schema<boolean, 'required'> {
  return scalar('boolean', description, (v, path, ctx) =>
    typeof v === 'boolean' ? v : fail(ctx, path, 'true or false', describeValue(v)),
  );
}

export function oneOf<const V extends readonly (string | number)[]>(
  values: V,
  description: string,
): Schema<V[number], 'required'> {
  const expected = values.length === 1 ? String(values[0]) : `one of ${values.join(', ')}`;
  return scalar(expected, description, (v, path, ctx) =>
    (values as readonly unknown[]).includes(v)
      ? (v as V[number])
      : fail(ctx, path, expected, describeValue(v)),
  );
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
// RFC 1123 §2.1 host names: labels of letters, digits and inner hyphens, at most 253 octets.
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** `host:port` with an IPv4 address, a host name, or `[v6]:port`; port 1..65535. */
export function parseAddress(text: string): Address | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return undefined;
  if (m[1] !== undefined) return isIPv6(m[1]) ? { host: m[1], port } : undefined;
  const host = m[2]!;
  if (/^[\d.]+$/.test(host)) return IPV4.test(host) ? { host, port } : undefined;
  return HOSTNAME.test(host) ? { host, port } : undefined;
}

export function address(description: string): Schema<Address, 'required'> {
  return scalar('host:port', description, (v, path, ctx) => {
    const a = typeof v === 'string' ? parseAddress(v) : undefined;
    return a ?? fail(ctx, path, 'host:port', describeValue(v));
  });
}

/** A file or directory path; relative paths are resolved against the deployment file's directory. */
export function path(description: string): Schema<string, 'required'> {
  return scalar('path', description, (v, p, ctx) =>
    typeof v === 'string' && v.length > 0 && !v.includes('\0')
      ? resolve(ctx.baseDir, v)
      : fail(ctx, p, 'a path', describeValue(v)),
  );
}

/**
 * A path to a file that must exist and be readable now (a certificate, a key). `secret` files must
 * grant nothing to group or others: a private key another local user can read is no longer private.
 */
export function file(description: string, o: { secret?: boolean } = {}): Schema<string, 'required'> {
  const p = path(description);
  return {
    ...p,
    type: o.secret ? 'path (private file, mode 0600)' : 'path (readable file)',
    parse(v, at, ctx) {
      const abs = p.parse(v, at, ctx);
      if (abs === INVALID) return INVALID;
      if (ctx.checksFile && !ctx.checksFile(at)) return abs;
      try {
        accessSync(abs, constants.R_OK);
        const st = statSync(abs);
        if (!st.isFile())
          return fail(ctx, at, 'a readable file', `${JSON.stringify(abs)} (not a regular file)`);
        if (o.secret && process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
          return fail(
            ctx,
            at,
            'a private key file readable by its owner only (mode 0600)',
            `${JSON.stringify(abs)} (mode 0${(st.mode & 0o777).toString(8)})`,
          );
        }
      } catch (err) {
        return fail(
          ctx,
          at,
          'a readable file',
          `${JSON.stringify(abs)} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
        );
      }
      return abs;
    },
  };
}
