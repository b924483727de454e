/**
 * HI-1 codec errors and the action error codes of TS 103 120 Annex D (Table D.1). Decoding errors map
 * onto the standard's codes so a Receiver can answer with a top-level ActionUnsuccesfulInformation
 * (§6.4.9, §9.2.2) using `error.standardCode`.
 */
import { WarrantedError, type WarrantedErrorOptions } from '../../platform/errors.ts';

/** TS 103 120 Annex D, Table D.1: detailed error codes (3000-3018; 4000-4999 national). */
export const HI1_ACTION_ERROR_CODES = {
  3000: 'General Business Logic Error.',
  3001: 'Feature Not Supported.',
  3002: 'Duplicate ActionID detected.',
  3003: 'Transient Technical Error. "Call us if this persists"',
  3004: 'Configuration Issue - <Customize element>.',
  3005: 'Required element missing. (Mandatory per national profile.)',
  3006: 'Value change not allowed. (Update operations.)',
  3007: 'Improper value. (Semantic value does not fit context. Schema validation catches syntactic.)',
  3008: 'Improper value change. (New value not allowed.)',
  3009: 'Value not found in system. (Reference to previous system value.)',
  3010: 'Attempt to Create an Object that already exists.',
  3011: 'Attempt to Update an Object that does not exist.',
  3012: 'Attempt to Update an Object that has Expired.',
  3013: 'Attempt to Cancel an Object that does not exist.',
  3014: 'Attempt to Get an Object that cannot be found.',
  3015: 'Attempt to Get an Object that was found but not deliverable via tasking interface.',
  3016: 'Attempt to link an Object to an Associated Object that does not exist.',
  3017: 'Attempt to link an Object to an Associated Object that has Expired.',
  3018: 'Attempt to link an Object to an Associated Object that failed.',
} as const satisfies Record<number, string>;

export type Hi1ActionErrorCode = keyof typeof HI1_ACTION_ERROR_CODES;

/** True for codes reserved by Annex D for national definition. */
export function isNationalHi1ErrorCode(code: number): boolean {
  return Number.isInteger(code) && code >= 4000 && code <= 4999;
}

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'HI1_XML_MALFORMED', standardCode: 3000, meaning: 'The message is not well-formed XML (or not UTF-8); §9.2.2: reject the whole message.' },
  { code: 'HI1_XML_FORBIDDEN', standardCode: 3000, meaning: 'The message contains a DTD, an entity reference other than the predefined ones, or a processing instruction; refused (XXE / entity expansion).' },
  { code: 'HI1_TOO_LARGE', standardCode: 3000, meaning: 'The message exceeds the size or nesting-depth limit of the decoder.' },
  { code: 'HI1_SCHEMA_VIOLATION', standardCode: 3000, meaning: 'An element is missing, unexpected, out of order, or in the wrong namespace for the TS 103 120 XSD.' },
  { code: 'HI1_BAD_VALUE', standardCode: 3007, meaning: 'A simple value breaks its XSD type (country code, UUID, timestamp, LIID, integer, boolean, base64, string length).' },
  { code: 'HI1_UNKNOWN_OBJECT_TYPE', standardCode: 3001, meaning: 'An HI1Object has no xsi:type or a prefix that is not declared.' },
  { code: 'HI1_ACTION_SEQUENCE', standardCode: 3002, meaning: 'Action identifiers do not count 0, 1, 2, ... (§6.4.4: reject with a top-level error).' },
  { code: 'HI1_BAD_TARGET_IDENTIFIER', standardCode: 3007, meaning: 'A TargetIdentifierValue with an ETSI format (Annex C) is not a valid exact identity per TS 103 280 (cause holds the identifier error).' },
  { code: 'HI1_ENCODE_INVALID', standardCode: 3007, meaning: 'The message given to the encoder breaks the schema (same checks as the decoder); nothing is emitted.' },
];

export class Hi1Error extends WarrantedError {
  constructor(code: string, message: string, options: WarrantedErrorOptions = {}) {
    const standardCode = options.standardCode ?? ERROR_CODES.find((c) => c.code === code)?.standardCode;
    super(code, message, { ...options, standardCode });
  }
}

export function hi1Fail(code: string, message: string, details?: Record<string, unknown>, cause?: unknown): never {
  throw new Hi1Error(code, message, { details, cause });
}
