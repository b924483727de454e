/**
 * Typed errors with stable codes. Every error the system raises on purpose is a `WarrantedError`
 * subclass whose `code` is stable and documented in docs/errors.md (a test keeps the two in sync).
 * Where a standard defines its own error code (X1 TS 103 221-1 §6.7, HI-1 TS 103 120 action errors)
 * the subclass carries it in `standardCode` as well.
 */
export interface WarrantedErrorOptions {
  cause?: unknown;
  /** The standard's own numeric/string code where there is one (e.g. X1 error code 1005). */
  standardCode?: number | string;
  /** Extra machine-readable details (never target identities: logs may show them). */
  details?: Record<string, unknown>;
}

export class WarrantedError extends Error {
  /** Stable code, e.g. "X2X3_BAD_HEADER". Documented in docs/errors.md. */
  readonly code: string;
  readonly standardCode: number | string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: WarrantedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.standardCode = options.standardCode;
    this.details = options.details;
    registerErrorCode(code, new.target.name);
  }
}

const seenCodes = new Map<string, string>();
function registerErrorCode(code: string, className: string): void {
  if (!seenCodes.has(code)) seenCodes.set(code, className);
}
/** Codes raised so far in this process (used by the docs/errors.md sync test). */
export function raisedErrorCodes(): ReadonlyMap<string, string> {
  return seenCodes;
}
