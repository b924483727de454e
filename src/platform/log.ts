/**
 * Structured JSON logs: one object per line — `time`, `level`, `role`, `id`, `msg`, then the
 * fields — written to a stream (stdout by default). Target identities and intercepted content are
 * redacted by default (DESIGN "Logs are structured and redact target identities and content by
 * default"): a log line must never be a side channel around the warrant checks.
 *
 * Redaction rules (docs/observability.md):
 *  - a field whose name is an identity or content name (REDACTED_FIELD_NAMES, compared without case,
 *    `_` or `-`), or ends with one of the identity-type names (`callingMsisdn`, `subscriberImsi`), is
 *    replaced by "[redacted]" at any depth, whatever its value;
 *  - in `msg` and every string value, a run of 10–15 digits not adjacent to another digit (how an
 *    MSISDN, IMSI or IMEI is written) keeps only its last 2 digits: `92300123456` → `*********56`;
 *  - bytes (Buffer, Uint8Array) are never dumped, only their length.
 */
import { WarrantedError } from './errors.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'fatal';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, fatal: 50 };
export type LogFields = Record<string, unknown>;

/** Identity and content field names (TS 103 280 identity kinds, X3/HI3 content). */
export const REDACTED_FIELD_NAMES: readonly string[] = [
  'target', 'targets', 'msisdn', 'imsi', 'imei', 'e164Number', 'sipUri', 'telUri', 'supi', 'gpsi', 'pei',
  'identity', 'identities', 'targetIdentifier', 'targetIdentifiers', 'payload', 'content',
];
/** Suffixes that mark a field as an identity of that type whatever its prefix. */
const REDACTED_SUFFIXES = ['msisdn', 'imsi', 'imei', 'e164number', 'sipuri', 'teluri', 'supi', 'gpsi'];
const normalise = (k: string) => k.replace(/[-_]/g, '').toLowerCase();
const REDACTED = new Set(REDACTED_FIELD_NAMES.map(normalise));
const RESERVED = new Set(['time', 'level', 'role', 'id', 'msg']);
/**
 * 10–15 digits standing alone (no letter or digit beside them): the shape of an E.164 MSISDN, an IMSI or an
 * IMEI — not a run inside a hex key id or hash (a 16-digit IMEISV is not matched). UUIDs (XIDs, DIDs: TS 103 221-1 §5.1.2) are matched first and
 * kept, so an all-digit last group of an XID is not mistaken for an identity.
 */
const IDENTITY_DIGITS = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|(?<![0-9A-Za-z])[0-9]{10,15}(?![0-9A-Za-z])/gi;
const MAX_DEPTH = 12;
const MAX_CAUSES = 8;

export function isRedactedFieldName(name: string): boolean {
  const n = normalise(name);
  return REDACTED.has(n) || REDACTED_SUFFIXES.some((s) => n.endsWith(s));
}

/** `929230041590` → `**********90`. */
export function maskIdentityDigits(s: string): string {
  return s.replace(IDENTITY_DIGITS, (d: string, uuid: string | undefined) => (uuid ? d : '*'.repeat(d.length - 2) + d.slice(-2)));
}

export interface LogStream {
  write(chunk: string, cb?: (err?: Error | null) => void): unknown;
}

export interface LoggerOptions {
  role: string;
  id: string;
  /** Lowest level written (default `info`). */
  level?: LogLevel;
  /** Where lines go (default process.stdout). */
  stream?: LogStream;
  /** Fields bound to every line. */
  fields?: LogFields;
  /**
   * LAB USE ONLY: turns identity redaction and digit masking off, so lines carry target identities
   * and content in clear. Never set this in a deployment that handles real interception.
   */
  unsafeIdentities?: boolean;
  /** Clock for `time` (tests). */
  now?: () => Date;
}

interface Shared {
  role: string;
  id: string;
  min: number;
  stream: LogStream;
  unsafe: boolean;
  now: () => Date;
}

export class Logger {
  private constructor(
    private readonly shared: Shared,
    private readonly bound: LogFields,
  ) {}

  static create(o: LoggerOptions): Logger {
    const shared = { role: o.role, id: o.id, min: LEVELS[o.level ?? 'info'], stream: o.stream ?? process.stdout, unsafe: o.unsafeIdentities === true, now: o.now ?? (() => new Date()) };
    return new Logger(shared, o.fields ?? {});
  }

  /** A logger whose lines also carry `fields` (a child's fields win over its parent's). */
  child(fields: LogFields): Logger {
    return new Logger(this.shared, { ...this.bound, ...fields });
  }

  isLevelEnabled(level: LogLevel): boolean {
    return LEVELS[level] >= this.shared.min;
  }

  debug(msg: string, fields?: LogFields): void {
    this.write('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.write('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.write('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.write('error', msg, fields);
  }
  fatal(msg: string, fields?: LogFields): void {
    this.write('fatal', msg, fields);
  }

  /** Resolves once what was written has been handed to the OS (or after `timeoutMs`). */
  flush(timeoutMs = 1000): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, timeoutMs);
      t.unref();
      this.shared.stream.write('', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  private write(level: LogLevel, msg: string, fields: LogFields | undefined): void {
    if (LEVELS[level] < this.shared.min) return;
    const s = this.shared;
    const line: LogFields = { time: s.now().toISOString(), level, role: s.role, id: s.id, msg: s.unsafe ? msg : maskIdentityDigits(msg) };
    const all = fields ? { ...this.bound, ...fields } : this.bound;
    for (const [k, v] of Object.entries(all)) {
      // Fields never overwrite the envelope; a colliding field is kept under `field.<name>`.
      line[RESERVED.has(k) ? `field.${k}` : k] = sanitise(k, v, s.unsafe, 0, new WeakSet());
    }
    let text: string;
    try {
      text = JSON.stringify(line);
    } catch {
      text = JSON.stringify({ time: line.time, level, role: s.role, id: s.id, msg: line.msg, logError: 'fields not serialisable' });
    }
    s.stream.write(`${text}\n`);
  }
}

export function createLogger(o: LoggerOptions): Logger {
  return Logger.create(o);
}

/** Makes `v` JSON-safe: redacts identity fields, masks digits, serialises errors and bytes. */
function sanitise(key: string | undefined, v: unknown, unsafe: boolean, depth: number, seen: WeakSet<object>): unknown {
  if (!unsafe && key !== undefined && isRedactedFieldName(key)) return '[redacted]';
  if (typeof v === 'string') return unsafe ? v : maskIdentityDigits(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'symbol' || typeof v === 'function') return `[${typeof v}]`;
  if (v === null || typeof v !== 'object') return v;
  if (depth >= MAX_DEPTH) return '[depth]';
  if (seen.has(v)) return '[circular]';
  if (v instanceof Error) return serialiseError(v, unsafe, depth, seen);
  if (v instanceof Uint8Array) return `[${v.byteLength} bytes]`;
  if (v instanceof ArrayBuffer) return `[${v.byteLength} bytes]`;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  seen.add(v);
  try {
    if (Array.isArray(v) || v instanceof Set) return [...(v as Iterable<unknown>)].map((x) => sanitise(undefined, x, unsafe, depth + 1, seen));
    const entries: [string, unknown][] = v instanceof Map ? [...(v as Map<unknown, unknown>)].map(([k, x]) => [String(k), x]) : Object.entries(v);
    const out: LogFields = {};
    for (const [k, x] of entries) out[k] = sanitise(k, x, unsafe, depth + 1, seen);
    return out;
  } finally {
    seen.delete(v);
  }
}

/**
 * Errors as `{ name, code, standardCode, message, details, cause }`, following the `cause` chain
 * (bounded). Typed errors are expected conditions, so only other errors (bugs) carry a stack.
 */
function serialiseError(e: Error, unsafe: boolean, depth: number, seen: WeakSet<object>, causes = 0): LogFields {
  seen.add(e);
  try {
    const mask = (s: string) => (unsafe ? s : maskIdentityDigits(s));
    const out: LogFields = { name: e.name, message: mask(e.message) };
    const code = (e as { code?: unknown }).code;
    if (code !== undefined) out.code = typeof code === 'string' || typeof code === 'number' ? code : sanitise(undefined, code, unsafe, depth + 1, seen);
    if (e instanceof WarrantedError) {
      if (e.standardCode !== undefined) out.standardCode = e.standardCode;
      if (e.details !== undefined) out.details = sanitise(undefined, e.details, unsafe, depth + 1, seen);
    } else if (e.stack) {
      out.stack = mask(e.stack);
    }
    if (e instanceof AggregateError) out.errors = e.errors.slice(0, MAX_CAUSES).map((x: unknown) => sanitise(undefined, x, unsafe, depth + 1, seen));
    if (e.cause !== undefined) {
      if (causes >= MAX_CAUSES) out.cause = '[more causes]';
      else if (e.cause instanceof Error) out.cause = seen.has(e.cause) ? '[circular]' : serialiseError(e.cause, unsafe, depth + 1, seen, causes + 1);
      else out.cause = sanitise(undefined, e.cause, unsafe, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(e);
  }
}

/** A logger that drops everything (tests and library defaults). */
export function silentLogger(role = 'test', id = 'test'): Logger {
  return Logger.create({ role, id, level: 'fatal', stream: { write: () => true } });
}
