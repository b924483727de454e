/**
 * Typed errors of the HI2/HI3 PS-PDU codec (ETSI TS 102 232-1/-3/-5, Annex G and J).
 * Every code raised here is listed in ERROR_CODES and documented in docs/errors/hi2hi3.md.
 */
import { WarrantedError, type WarrantedErrorOptions } from '../../platform/errors.ts';

/** Bytes that are not a PS-PDU as TS 102 232-1 Annex A defines it. */
export class PsPduDecodeError extends WarrantedError {}
/** A value that cannot be put on the wire (out of the ASN.1 range or size). */
export class PsPduEncodeError extends WarrantedError {}
/** Annex J integrity check that does not verify, or cannot be verified. */
export class PsPduIntegrityError extends WarrantedError {}
/** Annex G payload encryption / decryption failure. */
export class PsPduEncryptionError extends WarrantedError {}

export type { WarrantedErrorOptions };

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'HI2HI3_BAD_BER', meaning: 'The bytes are not well-formed BER (X.690); the BER layer error is the cause.' },
  { code: 'HI2HI3_UNEXPECTED_TAG', meaning: 'An element has a tag, class or form the TS 102 232 ASN.1 does not allow at that place (or fields are out of order / repeated).' },
  { code: 'HI2HI3_MISSING_FIELD', meaning: 'A mandatory field of a SEQUENCE is absent (e.g. PSHeader.sequenceNumber, TS 102 232-1 Annex A).' },
  { code: 'HI2HI3_BAD_VALUE', meaning: 'A field is present but its value breaks the ASN.1 constraint (range, SIZE, character set, date).' },
  { code: 'HI2HI3_ENCODE', meaning: 'The encoder was given a value outside the ASN.1 range or size (e.g. sequenceNumber > 2^32-1, LIID longer than 25 octets).' },
  { code: 'HI2HI3_TOO_LARGE', meaning: 'A PS-PDU in a delivery stream exceeds the configured maximum size.' },
  { code: 'HI2HI3_INTEGRITY_MISSING_PDU', meaning: 'An IntegrityCheck names a sequence number whose PDU the verifier does not hold (lost or never received, TS 102 232-1 Annex J.2).' },
  { code: 'HI2HI3_INTEGRITY_MISMATCH', meaning: 'The hash in an IntegrityCheck differs from the hash of the received PDUs (TS 102 232-1 Annex J).' },
  { code: 'HI2HI3_SIGNATURE_INVALID', meaning: 'The signature in an IntegrityCheck does not verify over the received hash PDUs (TS 102 232-1 Annex J).' },
  { code: 'HI2HI3_INTEGRITY_UNSUPPORTED', meaning: 'The IntegrityCheck uses a checkType, hashAlgorithm or signatureAlgorithm this implementation does not support.' },
  { code: 'HI2HI3_ENCRYPTION', meaning: 'Annex G encryption or decryption failed (unsupported encryptionType, wrong key, bad padding or byteCounter).' },
];
