/**
 * TS 102 657 §6.4: an ErrorMessage (or responseFailed / RequestStatus.error) is a FurtherInformation
 * with free text, and optionally a CategorisedErrorDescription whose "values and descriptions shall be
 * taken from a list which has been agreed nationally", "in the same manner as HTTP Status Codes". The
 * standard itself defines no values. This is warranted's list (a national agreement would replace
 * it); the values borrow the HTTP codes the clause points to.
 */
import type { FurtherInformation } from './types-message.ts';

export const RD_CATEGORISED_ERRORS = {
  malformedRequest: { value: 400, description: 'Bad Request: the message does not decode as RDMessage version26' },
  orderMissingOrInvalid: { value: 401, description: 'Unauthorized: no valid production order covers the request' },
  outsideOrder: { value: 403, description: 'Forbidden: period, category or identifier beyond the production order' },
  unknownRequest: { value: 404, description: 'Not Found: no request with this RequestID' },
  notExact: { value: 422, description: 'Unprocessable: wildcard, range, list or open period; one exact identifier and period only' },
  tooLarge: { value: 413, description: 'Payload Too Large' },
  internal: { value: 500, description: 'Internal error at the CSP' },
  unavailable: { value: 503, description: 'Service Unavailable: retry later' },
} as const satisfies Record<string, { value: number; description: string }>;

export type RdCategorisedError = keyof typeof RD_CATEGORISED_ERRORS;

/** A FurtherInformation for an ErrorMessage / responseFailed with the categorised value (no identities in `information`). */
export function furtherInformation(kind: RdCategorisedError, information: string, contactInformation?: string): FurtherInformation {
  const c = RD_CATEGORISED_ERRORS[kind];
  return { information, ...(contactInformation === undefined ? {} : { contactInformation }), categorisedErrorDescription: { value: c.value, description: c.description } };
}
