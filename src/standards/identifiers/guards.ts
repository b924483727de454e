/**
 * Checks every identity passes before its own format check: no empty values, no wildcards, no ranges
 * or lists, no control characters. The system intercepts exact identities only (DESIGN.md rule 1), so
 * these are refused for every kind, even where the TS 103 280 pattern itself would let them through
 * (e.g. '*' and '?' are legal in the §6.26 e-mail local part and in §6.31 SIP URIs).
 */
import { fail } from './errors.ts';

export interface GuardOptions {
  /** Longest raw input (after trimming) accepted for this kind. */
  maxLength: number;
  /** URI kinds: '%' followed by two hex digits is percent-encoding (RFC 3986 §2.1), not a wildcard. */
  percentEncoding?: boolean;
  /** SIP URIs: "@[2001:db8::1]" is an IPv6 reference (RFC 3261 §25.1), not a character class. */
  ipv6Reference?: boolean;
}

const WILDCARD_WORDS = new Set(['all', 'any', 'every', 'everyone', 'everything', 'none', 'null', 'undefined']);
// C0/C1 controls, DEL, and Unicode line/paragraph separators and bidi overrides (spoofing in consoles).
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const RANGE_MARKERS: readonly RegExp[] = [
  /\.\./u, // 1..9
  /[~\u2013\u2014\u2026]/u, // tilde, en dash, em dash, ellipsis
  /[[\]{}]/u, // character classes / brace expansion
  /[,|]/u, // lists
  /\s-\s/u, // "447700900100 - 447700900199"
  /\d\s*\bto\b\s*\+?\d/iu, // "100 to 199"
];

/** Trims and checks the raw input; returns the trimmed value for the kind's own parser. */
export function guardRaw(raw: unknown, options: GuardOptions): string {
  if (typeof raw !== 'string') fail('IDENTIFIER_BAD_CHARACTERS', 'identity must be a string');
  if (CONTROL.test(raw)) fail('IDENTIFIER_BAD_CHARACTERS', 'identity contains control or bidi characters');
  const value = raw.trim();
  if (value.length === 0) fail('IDENTIFIER_EMPTY', 'identity is empty');
  if (value.length > options.maxLength) {
    fail('IDENTIFIER_TOO_LONG', `identity is longer than ${options.maxLength} characters`, { length: value.length });
  }
  if (WILDCARD_WORDS.has(value.toLowerCase())) fail('IDENTIFIER_WILDCARD', 'identity is a wildcard word');
  if (value.includes('*') || value.includes('?')) fail('IDENTIFIER_WILDCARD', 'identity contains a wildcard character');
  const withoutPercentEscapes = options.percentEncoding === true ? value.replace(/%[0-9A-Fa-f]{2}/gu, '') : value;
  if (withoutPercentEscapes.includes('%')) fail('IDENTIFIER_WILDCARD', 'identity contains a % wildcard');
  const rangeChecked = options.ipv6Reference === true ? value.replace(/@\[[0-9A-Fa-f:.]+\]/u, '@') : value;
  for (const marker of RANGE_MARKERS) {
    if (marker.test(rangeChecked)) fail('IDENTIFIER_RANGE', 'identity looks like a range or list of identities');
  }
  return value;
}

/** True when every character is an ASCII decimal digit (and there is at least one). */
export function isDigits(s: string): boolean {
  return /^[0-9]+$/u.test(s);
}
