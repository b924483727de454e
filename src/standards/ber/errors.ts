import { WarrantedError } from '../../platform/errors.ts';

/** Malformed BER (ITU-T X.690): bad tag, length, truncation, nesting. */
export class BerDecodeError extends WarrantedError {}
/** A value that cannot be BER-encoded (e.g. negative length, bad OID). */
export class BerEncodeError extends WarrantedError {}

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'BER_TRUNCATED', meaning: 'The input ends inside a tag, length or value (X.690 §8.1).' },
  { code: 'BER_BAD_LENGTH', meaning: 'Length octets are invalid: reserved 0xFF, more than 8 octets, or longer than the input (X.690 §8.1.3).' },
  { code: 'BER_BAD_TAG', meaning: 'High-tag-number form is invalid or the tag number is too large (X.690 §8.1.2.4).' },
  { code: 'BER_INDEFINITE_PRIMITIVE', meaning: 'Indefinite length used on a primitive encoding (X.690 §8.1.3.2).' },
  { code: 'BER_TOO_DEEP', meaning: 'Nesting deeper than the decoder limit (protects against stack exhaustion).' },
  { code: 'BER_TOO_LARGE', meaning: 'An element is larger than the configured maximum size.' },
  { code: 'BER_UNEXPECTED', meaning: 'An element has a different tag or form than the schema expects.' },
  { code: 'BER_BAD_VALUE', meaning: 'A primitive value is invalid for its type (INTEGER, BOOLEAN, OID, time, string).' },
  { code: 'BER_ENCODE', meaning: 'The value cannot be encoded (out of range, invalid OID).' },
];
