/** LIID, TS 103 280 §6.1 (also the X1 and HI-1 Reference type): ([!-~]{1,25})|([0-9a-f]{26,50}). */
import { fail } from './errors.ts';
import type { Liid } from './types.ts';

const LIID = /^(?:[!-~]{1,25}|[0-9a-f]{26,50})$/u;

/**
 * Validates an LIID exactly as given (an LIID is an opaque agreed label: no case folding or trimming).
 * '*', '?' and '%' are refused although the pattern allows them: an LIID must never look like a selector.
 */
export function parseLiid(raw: string): Liid {
  if (typeof raw !== 'string' || !LIID.test(raw)) {
    fail('LIID_BAD_FORMAT', 'LIID must be 1-25 printable ASCII characters or 26-50 lowercase hex digits (TS 103 280 §6.1)');
  }
  if (/[*?%]/u.test(raw)) fail('IDENTIFIER_WILDCARD', 'LIID contains a wildcard character');
  return raw;
}

export function isLiid(raw: string): boolean {
  return typeof raw === 'string' && LIID.test(raw) && !/[*?%]/u.test(raw);
}
