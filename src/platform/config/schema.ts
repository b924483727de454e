/**
 * A small self-describing schema builder for the deployment file. One schema is the single source
 * of (a) validation — every error is reported, each as `path: expected …, got …` — and (b) the
 * reference in docs/configuration.md (docs.ts walks the same objects). Every field carries a
 * description; objects reject unknown keys (a misspelt key must not silently fall back to a default).
 * This file holds the parse contract and the composites; scalars.ts the leaf types.
 */

/** Parse state: where relative paths are resolved from, and every error found so far. */
export interface Ctx {
  baseDir: string;
  errors: string[];
  /**
   * Which files are checked on disk, by their path in the file (e.g. `mediation.tls.key`); absent:
   * all. A role on its own machine holds only its own keys (`serve` checks only those).
   */
  checksFile?: (at: string) => boolean;
}

export const INVALID: unique symbol = Symbol('invalid');
export type Invalid = typeof INVALID;

export type Presence = 'required' | 'optional' | 'default';

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

export function list<S extends AnySchema>(
  items: S,
  description: string,
  o: { minItems?: number } = {},
): Schema<Infer<S>[], 'required'> {
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
type OptionalKeys<F extends Fields> = {
  [K in keyof F]: F[K] extends Schema<unknown, 'optional'> ? K : never;
}[keyof F];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<F extends Fields> = Simplify<
  { [K in Exclude<keyof F, OptionalKeys<F>>]: Infer<F[K]> } & { [K in OptionalKeys<F>]?: Infer<F[K]> }
>;

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
        if (!(k in fields))
          ok = fail(ctx, at(k), `no such key (known: ${known.join(', ')})`, describeValue(v[k])) !== INVALID;
      }
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(fields)) {
        let raw = v[k];
        // A section whose every key is optional or defaulted may itself be left out.
        if (
          (raw === undefined || raw === null) &&
          s.fields &&
          Object.values(s.fields).every((f) => f.presence !== 'required')
        )
          raw = {};
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
export function choice<C extends Fields, T>(
  choices: C,
  description: string,
  build: (key: keyof C & string, value: unknown) => T,
): Schema<T, 'required'> {
  const keys = Object.keys(choices);
  const expected = `a mapping with exactly one of ${keys.join(', ')}`;
  return {
    type: `mapping with one key: ${keys.join(' or ')}`,
    description,
    presence: 'required',
    choices,
    parse(v, path, ctx) {
      if (!isMapping(v) || Object.keys(v).length !== 1 || !(Object.keys(v)[0]! in choices)) {
        return fail(
          ctx,
          path,
          expected,
          isMapping(v) ? `a mapping with keys ${Object.keys(v).join(', ') || '(none)'}` : describeValue(v),
        );
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
  return {
    ...s,
    presence: 'default',
    defaultText: JSON.stringify(value),
    defaultValue: () => structuredClone(value),
  };
}
