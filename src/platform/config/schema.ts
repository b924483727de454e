/**
 * A small self-describing schema builder for the deployment file. One schema is the single source
 * of (a) validation — every error is reported, each as `path: expected …, got …` — and (b) the
 * reference in docs/configuration.md (docs.ts walks the same objects). Every field carries a
 * description; objects reject unknown keys (a misspelt key must not silently fall back to a default).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { resolve } from 'node:path';
import type { Address } from './types.ts';

/** Parse state: where relative paths are resolved from, and every error found so far. */
export interface Ctx {
  baseDir: string;
  errors: string[];
}

export const INVALID: unique symbol = Symbol('invalid');
export type Invalid = typeof INVALID;

type Presence = 'required' | 'optional' | 'default';

export interface Schema<T, P extends Presence = Presence> {
  /** What the docs show in the type column. */
  readonly type: string;
  readonly description: string;
  readonly presence: P;
  /** The default, as the docs show it (only when presence is 'default'). */
  readonly defaultText?: string;
  readonly fields?: Readonly<Record<string, AnySchema>>;
  readonly items?: AnySchema;
  /** Alternatives keyed by their single key (`{ embedded: … }` or `{ postgres: … }`). */
  readonly choices?: Readonly<Record<string, AnySchema>>;
  /** Applied when the value is absent (presence 'default'). */
  readonly defaultValue?: () => T;
  parse(value: unknown, path: string, ctx: Ctx): T | Invalid;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySchema = Schema<any>;
export type Infer<S> = S extends Schema<infer T> ? T : never;

/** `"localhost"`, `42`, `a list`, `nothing` — the "got" half of an error. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `a list of ${v.length}`;
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return typeof v;
}

export function fail(ctx: Ctx, path: string, expected: string, got: string): Invalid {
  ctx.errors.push(`${path || '(top level)'}: expected ${expected}, got ${got}`);
  return INVALID;
}

function scalar<T>(type: string, description: string, check: (v: unknown, path: string, ctx: Ctx) => T | Invalid): Schema<T, 'required'> {
  return { type, description, presence: 'required', parse: check };
}

/** A non-empty string; `patternText` is what errors say is expected, `type` what the docs show. */
export function string(description: string, o: { pattern?: RegExp; patternText?: string; type?: string } = {}): Schema<string, 'required'> {
  const expected = o.patternText ?? 'a non-empty string';
  return scalar(o.type ?? o.patternText ?? 'string', description, (v, path, ctx) =>
    typeof v === 'string' && v.length > 0 && (!o.pattern || o.pattern.test(v))
      ? v
      : // `mnc: 01` is the number 1 in YAML: the leading zero is gone, so say how to keep it.
        fail(ctx, path, expected, `${describeValue(v)}${typeof v === 'number' ? ' (a number: quote it)' : ''}`),
  );
}

function rangeText(kind: string, min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `${kind} ${min}..${max}`;
  if (min !== undefined) return `${kind} ≥ ${min}`;
  if (max !== undefined) return `${kind} ≤ ${max}`;
  return kind;
}

export function integer(description: string, o: { min?: number; max?: number } = {}): Schema<number, 'required'> {
  const expected = rangeText('integer', o.min, o.max);
  return scalar(expected, description, (v, path, ctx) =>
    typeof v === 'number' && Number.isSafeInteger(v) && (o.min === undefined || v >= o.min) && (o.max === undefined || v <= o.max) ? v : fail(ctx, path, expected, describeValue(v)),
  );
}

export function number(description: string, o: { min?: number; max?: number } = {}): Schema<number, 'required'> {
  const expected = rangeText('number', o.min, o.max);
  return scalar(expected, description, (v, path, ctx) =>
    typeof v === 'number' && Number.isFinite(v) && (o.min === undefined || v >= o.min) && (o.max === undefined || v <= o.max) ? v : fail(ctx, path, expected, describeValue(v)),
  );
}

/** A duration in milliseconds, written as a plain integer (no units: `5000`, not `5s`). */
export function duration(description: string): Schema<number, 'required'> {
  const s = integer(description, { min: 1 });
  return { ...s, type: 'duration (ms, integer ≥ 1)' };
}

export function boolean(description: string): Schema<boolean, 'required'> {
  return scalar('boolean', description, (v, path, ctx) => (typeof v === 'boolean' ? v : fail(ctx, path, 'true or false', describeValue(v))));
}

export function oneOf<const V extends readonly (string | number)[]>(values: V, description: string): Schema<V[number], 'required'> {
  const expected = values.length === 1 ? String(values[0]) : `one of ${values.join(', ')}`;
  return scalar(expected, description, (v, path, ctx) => ((values as readonly unknown[]).includes(v) ? (v as V[number]) : fail(ctx, path, expected, describeValue(v))));
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
// RFC 1123 §2.1 host names: labels of letters, digits and inner hyphens, at most 253 octets.
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

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
  return scalar('path', description, (v, p, ctx) => (typeof v === 'string' && v.length > 0 && !v.includes('\0') ? resolve(ctx.baseDir, v) : fail(ctx, p, 'a path', describeValue(v))));
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
      try {
        accessSync(abs, constants.R_OK);
        const st = statSync(abs);
        if (!st.isFile()) return fail(ctx, at, 'a readable file', `${JSON.stringify(abs)} (not a regular file)`);
        if (o.secret && process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
          return fail(ctx, at, 'a private key file readable by its owner only (mode 0600)', `${JSON.stringify(abs)} (mode 0${(st.mode & 0o777).toString(8)})`);
        }
      } catch (err) {
        return fail(ctx, at, 'a readable file', `${JSON.stringify(abs)} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      }
      return abs;
    },
  };
}

export function list<S extends AnySchema>(items: S, description: string, o: { minItems?: number } = {}): Schema<Infer<S>[], 'required'> {
  const min = o.minItems ?? 0;
  const expected = min > 0 ? `a list of at least ${min} item${min === 1 ? '' : 's'}` : 'a list';
  return {
    type: `list of ${items.type}${min > 0 ? ` (at least ${min})` : ''}`,
    description,
    presence: 'required',
    items,
    parse(v, path, ctx) {
      if (!Array.isArray(v) || v.length < min) return fail(ctx, path, expected, describeValue(v));
      const out: Infer<S>[] = [];
      let ok = true;
      v.forEach((item, i) => {
        const r: unknown = items.parse(item, `${path}[${i}]`, ctx);
        if (r === INVALID) ok = false;
        else out.push(r as Infer<S>);
      });
      return ok ? out : INVALID;
    },
  };
}

type Fields = Record<string, AnySchema>;
type OptionalKeys<F extends Fields> = { [K in keyof F]: F[K] extends Schema<unknown, 'optional'> ? K : never }[keyof F];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<F extends Fields> = Simplify<{ [K in Exclude<keyof F, OptionalKeys<F>>]: Infer<F[K]> } & { [K in OptionalKeys<F>]?: Infer<F[K]> }>;

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A mapping with known keys: unknown keys and missing required keys are errors. */
export function object<F extends Fields>(fields: F, description: string): Schema<ObjectOf<F>, 'required'> {
  const known = Object.keys(fields);
  return {
    type: 'mapping',
    description,
    presence: 'required',
    fields,
    parse(v, path, ctx) {
      if (!isMapping(v)) return fail(ctx, path, 'a mapping', describeValue(v));
      const at = (k: string) => (path ? `${path}.${k}` : k);
      let ok = true;
      for (const k of Object.keys(v)) {
        if (!(k in fields)) ok = fail(ctx, at(k), `no such key (known: ${known.join(', ')})`, describeValue(v[k])) !== INVALID;
      }
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(fields)) {
        let raw = v[k];
        // A section whose every key is optional or defaulted may itself be left out.
        if ((raw === undefined || raw === null) && s.fields && Object.values(s.fields).every((f) => f.presence !== 'required')) raw = {};
        if (raw === undefined || raw === null) {
          if (s.presence === 'optional') continue;
          if (s.presence === 'default') {
            out[k] = s.defaultValue!();
            continue;
          }
        }
        const r: unknown = s.parse(raw, at(k), ctx);
        if (r === INVALID) ok = false;
        else out[k] = r;
      }
      return ok ? (out as ObjectOf<F>) : INVALID;
    },
  };
}

/** Exactly one of several single-key mappings, e.g. `{ embedded: dir }` or `{ postgres: url }`. */
export function choice<C extends Fields, T>(choices: C, description: string, build: (key: keyof C & string, value: unknown) => T): Schema<T, 'required'> {
  const keys = Object.keys(choices);
  const expected = `a mapping with exactly one of ${keys.join(', ')}`;
  return {
    type: `mapping with one key: ${keys.join(' or ')}`,
    description,
    presence: 'required',
    choices,
    parse(v, path, ctx) {
      if (!isMapping(v) || Object.keys(v).length !== 1 || !(Object.keys(v)[0]! in choices)) {
        return fail(ctx, path, expected, isMapping(v) ? `a mapping with keys ${Object.keys(v).join(', ') || '(none)'}` : describeValue(v));
      }
      const key = Object.keys(v)[0]!;
      const r: unknown = choices[key]!.parse(v[key], `${path}.${key}`, ctx);
      return r === INVALID ? INVALID : build(key, r);
    },
  };
}

/** May be left out (absent in the result). */
export function optional<T>(s: Schema<T>): Schema<T, 'optional'> {
  return { ...s, presence: 'optional' };
}

/** May be left out; then `value` is used (and shown in the docs). */
export function withDefault<T>(s: Schema<T>, value: T): Schema<T, 'default'> {
  return { ...s, presence: 'default', defaultText: JSON.stringify(value), defaultValue: () => structuredClone(value) };
}

/** Same validation and docs, a different result (e.g. a parsed value or a renamed shape). */
export function map<T, U, P extends Presence>(s: Schema<T, P>, f: (t: T) => U): Schema<U, P> {
  const { defaultValue, ...rest } = s;
  return {
    ...rest,
    ...(defaultValue ? { defaultValue: () => f(defaultValue()) } : {}),
    parse: (v, path, ctx) => {
      const r = s.parse(v, path, ctx);
      return r === INVALID ? INVALID : f(r);
    },
  };
}
