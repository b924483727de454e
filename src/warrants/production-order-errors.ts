/**
 * Typed errors of production orders (docs/production-orders.md, rows in docs/errors/warrants.md).
 * TS 102 657 §6.4 defines no error codes: each code maps to a value of the project's national list
 * of CategorisedErrorDescription (RD_CATEGORISED_ERRORS) — `rdErrorFor` — which is what the RDHI
 * puts in its ErrorMessage. Details never carry an identifier (at most its index and kind).
 */
import { WarrantedError, type WarrantedErrorOptions } from '../platform/errors.ts';
import type { RdCategorisedError } from '../standards/rd/index.ts';

export const ERROR_CODES = [
  { code: 'ORDER_INVALID', meaning: 'A production-order field is missing or malformed (details.field names it).' },
  { code: 'ORDER_BAD_PERIOD', meaning: 'The period is open, reversed, lacks a time-zone designator, or ends in the future; or validUntil is not after submission.' },
  { code: 'ORDER_IDENTIFIER_INVALID', meaning: 'An identifier is not a valid MSISDN (E.164), IMSI, IMEI or IP address + time (+ port).' },
  { code: 'ORDER_IDENTIFIER_NOT_EXACT', meaning: 'An identifier is a wildcard, range, prefix, list, cell or "all": refused by design, only exact identifiers.' },
  { code: 'ORDER_IDENTIFIER_DUPLICATE', meaning: 'The same identifier is listed twice.' },
  { code: 'ORDER_TOO_MANY_IDENTIFIERS', meaning: 'More identifiers than the profile allows on one order.' },
  { code: 'ORDER_PROFILE_UNKNOWN', meaning: 'The order names a production-order profile that is not loaded.' },
  { code: 'ORDER_PROFILE_MISMATCH', meaning: 'The order was evaluated against a profile other than the one it names.' },
  { code: 'ORDER_PROFILE_INVALID', meaning: 'A production-order profile file is malformed (details.path names the field).' },
  { code: 'ORDER_AUTHORISATION_UNKNOWN', meaning: 'The order names an authorisation the profile does not have.' },
  { code: 'ORDER_PURPOSE_NOT_ALLOWED', meaning: 'The purpose is not one of the profile\'s, or not one this authorisation may be granted for.' },
  { code: 'ORDER_SCOPE_CATEGORY', meaning: 'A category is beyond what this authorisation, purpose or identifier kind may cover (e.g. location without a warrant, events data below the serious-crime threshold).' },
  { code: 'ORDER_SCOPE_OPERATOR', meaning: 'An operator named on the order is not within the profile.' },
  { code: 'ORDER_AGENCY_NOT_DESIGNATED', meaning: 'The requesting agency is not one the profile lists.' },
  { code: 'ORDER_LOOKBACK_EXCEEDED', meaning: 'The period starts further back than the authorisation allows (e.g. beyond the 12-month retention of IPA 2016 s.87(3)).' },
  { code: 'ORDER_PERIOD_TOO_LONG', meaning: 'The period is longer than the authorisation allows.' },
  { code: 'ORDER_VALIDITY_TOO_LONG', meaning: 'validUntil is later than the authorisation\'s validity allows (e.g. one month, IPA 2016 s.65(1); 3 days for s.61A).' },
  { code: 'ORDER_URGENT_NOT_ALLOWED', meaning: 'The order is urgent but its authorisation is not an urgent one, or the reverse.' },
  { code: 'ORDER_UNSIGNED', meaning: 'The order carries no approval signature.' },
  { code: 'ORDER_SIGNATURE_INVALID', meaning: 'A signature does not verify over the order\'s canonical bytes (altered or wrongly signed order).' },
  { code: 'ORDER_SIGNATURE_UNKNOWN_KEY', meaning: 'The signing key or authority is not registered, or the key is another authority\'s.' },
  { code: 'ORDER_SIGNATURE_KEY_REVOKED', meaning: 'The signing key was revoked at or before the verification time.' },
  { code: 'ORDER_SIGNATURE_KEY_NOT_VALID', meaning: 'The signing time is outside the key\'s validity, or in the future.' },
  { code: 'ORDER_SIGNATURE_WRONG_ROLE', meaning: 'The signer\'s role is not one this authorisation asks for (wrong signer), or differs from the registered role.' },
  { code: 'ORDER_SIGNATURE_DUPLICATE', meaning: 'The same authority or role has already signed.' },
  { code: 'ORDER_MISSING_SIGNER', meaning: 'A signer the authorisation requires has not signed.' },
  { code: 'ORDER_URGENT_LAPSED', meaning: 'An urgent order was not confirmed by the required authority within the profile\'s deadline.' },
  { code: 'ORDER_EXPIRED', meaning: 'The order\'s validUntil has passed: it may no longer be executed.' },
  { code: 'ORDER_REVOKED', meaning: 'The order was revoked (a valid signed revocation exists).' },
  { code: 'ORDER_NOT_ACTIVE', meaning: 'The order is not Active in the store (awaiting approval, or ended).' },
  { code: 'ORDER_REQUEST_NOT_EXACT', meaning: 'The request is not one exact identifier over one bounded period (see RD_NOT_EXACT).' },
  { code: 'ORDER_REQUEST_IDENTIFIER_OUTSIDE', meaning: 'The request\'s identifier is not one the order names (for IP: address, time and port).' },
  { code: 'ORDER_REQUEST_CATEGORY_OUTSIDE', meaning: 'The request\'s category is not one the order names.' },
  { code: 'ORDER_REQUEST_PERIOD_OUTSIDE', meaning: 'The request\'s period (or IP time) reaches beyond the order\'s period: refused, never trimmed.' },
  { code: 'ORDER_REQUEST_OPERATOR_OUTSIDE', meaning: 'The request is addressed to an operator (cSPID) the order does not name.' },
  { code: 'ORDER_NOT_FOUND', meaning: 'No production order with that id.' },
  { code: 'ORDER_BAD_STATE', meaning: 'The operation is not allowed in the order\'s current state.' },
  { code: 'ORDER_DUPLICATE', meaning: 'An order with that id, or that reference for that agency, already exists.' },
  { code: 'ORDER_STORE_CONFLICT', meaning: 'The order changed concurrently.' },
  { code: 'ORDER_AUDIT_FAILED', meaning: 'The audit sink refused the event: the operation was not applied (fail closed).' },
] as const satisfies readonly { code: string; standardCode?: number | string; meaning: string }[];

export type ProductionOrderErrorCode = (typeof ERROR_CODES)[number]['code'];

export class ProductionOrderError extends WarrantedError {
  declare readonly code: ProductionOrderErrorCode;
  constructor(code: ProductionOrderErrorCode, message: string, options: WarrantedErrorOptions = {}) {
    super(code, message, options);
  }
}

/**
 * The CategorisedErrorDescription (TS 102 657 §6.4, project list RD_CATEGORISED_ERRORS) an RDHI
 * answers for a refusal: a request beyond a valid order is 403, a request that is not exact 422,
 * anything that leaves no valid order at all (unsigned, expired, wrong signer, bad order) 401.
 */
export function rdErrorFor(code: ProductionOrderErrorCode): RdCategorisedError {
  if (code === 'ORDER_REQUEST_NOT_EXACT' || code === 'ORDER_IDENTIFIER_NOT_EXACT') return 'notExact';
  if (code.startsWith('ORDER_REQUEST_')) return 'outsideOrder';
  if (code === 'ORDER_AUDIT_FAILED' || code === 'ORDER_STORE_CONFLICT') return 'unavailable';
  return 'orderMissingOrInvalid';
}
