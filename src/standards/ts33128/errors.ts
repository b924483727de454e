/**
 * Typed errors of the 3GPP TS 33.128 (Release 16) payload codec. TS 33.128 defines no error codes of
 * its own for a receiver that cannot parse an xIRI/IRI/CC payload, so `standardCode` stays unset;
 * each meaning names the ASN.1 rule (TS33128Payloads r16 version5) that the input broke.
 */
import { WarrantedError, type WarrantedErrorOptions } from '../../platform/errors.ts';

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  {
    code: 'TS33128_BAD_BER',
    meaning: 'The bytes are not well-formed BER (X.690 §8.1: truncated element, bad length, bad tag, trailing bytes, bad primitive value); the BER error is the cause.',
  },
  {
    code: 'TS33128_UNEXPECTED_TAG',
    meaning: 'An element has a tag, class or form (primitive/constructed) that the TS33128Payloads type does not allow at that place.',
  },
  { code: 'TS33128_MISSING_FIELD', meaning: 'A mandatory (non-OPTIONAL) component of a SEQUENCE is absent.' },
  { code: 'TS33128_DUPLICATE_FIELD', meaning: 'The same component of a SEQUENCE occurs twice.' },
  {
    code: 'TS33128_UNKNOWN_ALTERNATIVE',
    meaning: 'A CHOICE carries an alternative this Release 16 codec does not know (outside XIRIEvent/IRIEvent/CCPDU, which keep unknown alternatives as raw bytes).',
  },
  {
    code: 'TS33128_BAD_VALUE',
    meaning: 'A value breaks its ASN.1 constraint: unknown ENUMERATED value, NumericString with non-digits, SIZE or range outside the type (e.g. IMSI SIZE(6..15), PDUSessionID 0..255).',
  },
  {
    code: 'TS33128_BAD_OID',
    meaning: 'The payload OID (xIRIPayloadOID / iRIPayloadOID / cCPayloadOID / lINotificationPayloadOID) is not the relative OID of this payload type under TS33128Payloads {4 19 16 5}.',
  },
  { code: 'TS33128_ENCODE', meaning: 'A value given to an encoder breaks its ASN.1 constraint (range, SIZE, charset) and cannot be encoded.' },
];

/** Malformed or non-conforming TS 33.128 payload bytes. */
export class Ts33128DecodeError extends WarrantedError {
  constructor(code: string, message: string, options: WarrantedErrorOptions = {}) {
    super(code, message, options);
  }
}

/** A value the encoder refuses: it would break a TS33128Payloads constraint. */
export class Ts33128EncodeError extends WarrantedError {
  constructor(message: string, options: WarrantedErrorOptions = {}) {
    super('TS33128_ENCODE', message, options);
  }
}
