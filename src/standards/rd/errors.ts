/**
 * Typed errors of the TS 102 657 RetainedDataMessage codec (module RDMessage version26, Annex A).
 * Every code raised here is listed in ERROR_CODES and documented in docs/errors/rd.md.
 *
 * TS 102 657 §6.4 defines no error codes of its own: an ErrorMessage carries free text, and an
 * optional CategorisedErrorDescription whose values "shall be taken from a list which has been agreed
 * nationally". So no code below has a standardCode; the project's national list for
 * CategorisedErrorDescription is RD_CATEGORISED_ERRORS (categorised-errors.ts).
 */
import { WarrantedError } from '../../platform/errors.ts';

/** Bytes that are not a RetainedDataMessage as module RDMessage version26 defines it. */
export class RdDecodeError extends WarrantedError {}
/** A value that cannot be put on the wire (out of the ASN.1 range or SIZE, unknown alternative). */
export class RdEncodeError extends WarrantedError {}
/** A request the project's request builder refuses to express (wildcard, range, bulk, bad identifier). */
export class RdRequestError extends WarrantedError {}

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'RD_BAD_BER', meaning: 'The bytes are not well-formed BER (X.690); the BER layer error is the cause.' },
  { code: 'RD_UNEXPECTED_TAG', meaning: 'An element has a tag, class or form RDMessage version26 does not allow at that place, is repeated or out of order, or is a part of the module this codec does not implement (docs/rd.md).' },
  { code: 'RD_MISSING_FIELD', meaning: 'A mandatory component of a SEQUENCE is absent (e.g. RetainedDataHeader.requestID), or a CHOICE has no alternative.' },
  { code: 'RD_BAD_VALUE', meaning: 'A component is present but its value breaks the module (SIZE, range, unknown ENUMERATED value, invalid UTF-8 or time, non-empty NULL).' },
  { code: 'RD_TOO_DEEP', meaning: 'The message nests deeper than the decoder limit (protects against stack exhaustion).' },
  { code: 'RD_TOO_LARGE', meaning: 'The message is larger than the decoder limit.' },
  { code: 'RD_UNSUPPORTED_VERSION', meaning: 'rdHeaderId is not 0.4.0.2.3.0.26 (RDMessage version26, TS 102 657 V1.28.1): other versions are refused, not guessed.' },
  { code: 'RD_ENCODE', meaning: 'The encoder was given a value outside the module (SIZE, range, unknown field or alternative, not exactly one CHOICE alternative).' },
  { code: 'RD_BAD_IDENTIFIER', meaning: 'An identifier of a request is malformed (MSISDN not E.164 international, IMSI, IMEI, IP address, port, time); the identifiers-layer error is the cause.' },
  { code: 'RD_NOT_EXACT', meaning: 'The request is not one exact identifier over one bounded period: wildcards, ranges (IP range/mask, port range, number prefix), lists of identifiers, cells or open periods are refused by design.' },
];
