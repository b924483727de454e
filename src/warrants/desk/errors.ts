/**
 * Errors of the warrant desk (HI-1 intake, TS 103 120) and the mapping of every refusal onto the
 * action error codes of TS 103 120 Annex D Table D.1, answered in ActionUnsuccesfulInformation
 * (§6.4.9). docs/errors/warrants-desk.md documents each code.
 */
import { WarrantedError, type WarrantedErrorOptions } from '../../platform/errors.ts';
import type { Hi1ActionErrorCode } from '../../standards/hi1/index.ts';

export const ERROR_CODES = [
  { code: 'DESK_PEER_MISMATCH', standardCode: 3000, meaning: 'The HI-1 SenderIdentifier is not the identity in the client certificate (mutual TLS): the whole message is refused.' },
  { code: 'DESK_NOT_PERMITTED', standardCode: 3000, meaning: 'The authenticated peer may not do this: neither the agency of the warrant or order nor a registered authority allowed to act on it; an authority sending another\'s signature; an operator\'s RDHI identity doing anything but GET/LIST of the orders addressed to its operator.' },
  { code: 'DESK_RECEIVER_MISMATCH', standardCode: 3000, meaning: 'The ReceiverIdentifier of the message is not this warrant desk.' },
  { code: 'DESK_NOT_A_REQUEST', standardCode: 3000, meaning: 'The message carries a response or error payload; the desk only accepts requests.' },
  { code: 'DESK_UNSUPPORTED', standardCode: 3001, meaning: 'An object type, verb or field the desk does not support (e.g. DELIVER, CREATE of a Notification, LITask or LDTask DeliveryDetails, a statement other than a revocation on an order).' },
  { code: 'DESK_MISSING_FIELD', standardCode: 3005, meaning: 'A field the warranted national profile requires is absent (e.g. the national warrant parameters, a target, a digital signature).' },
  { code: 'DESK_BAD_FIELD', standardCode: 3007, meaning: 'A field has a value that does not fit the context (e.g. Status set by the sender, several identities in one LITask, LITask timespan differing from the authorisation, an unknown role).' },
  { code: 'DESK_VALUE_CHANGE', standardCode: 3006, meaning: 'An UPDATE tries to change signed legal content of a warrant (it can only add signatures, statements and desired status).' },
  { code: 'DESK_GENERATION_MISMATCH', standardCode: 3008, meaning: 'An UPDATE names a Generation other than the current one (§7.1.3).' },
  { code: 'DESK_NOT_FOUND', standardCode: 3014, meaning: 'GET of an object the desk does not hold, or one the sender may not see.' },
  { code: 'DESK_UPDATE_NOT_FOUND', standardCode: 3011, meaning: 'UPDATE of an object that does not exist (or the sender may not see).' },
  { code: 'DESK_ASSOCIATION_MISSING', standardCode: 3016, meaning: 'An LITask, LDTask or Document is not associated with an Authorisation in the same message (LDTask) or in the desk.' },
  { code: 'DESK_ASSOCIATION_FAILED', standardCode: 3018, meaning: 'An LITask, LDTask or Document was sent with an Authorisation CREATE that was refused: nothing of it was created.' },
  { code: 'DESK_TARGETS_FIXED', standardCode: 3006, meaning: 'An LITask is created for an existing warrant: targets are signed legal content and cannot be added (submit a new warrant).' },
  { code: 'DESK_AUDIT_UNAVAILABLE', standardCode: 3003, meaning: 'The audit log refused the record of the received message: nothing in it was acted on (fail closed).' },
  { code: 'DESK_OBJECT_EXISTS', standardCode: 3010, meaning: 'CREATE of an object identifier that is already in use.' },
  { code: 'DESK_INTERNAL', standardCode: 3003, meaning: 'An unexpected failure while acting on an action; reported as a transient technical error.' },
  { code: 'DESK_ACTION_REFUSED', meaning: 'Hi1Client: the desk answered an action with ActionUnsuccesfulInformation (standardCode = its Annex D code).' },
  { code: 'DESK_BAD_RESPONSE', meaning: 'Hi1Client: the desk\'s answer is not the HI-1 response expected.' },
] as const satisfies readonly { code: string; standardCode?: number | string; meaning: string }[];

export type DeskErrorCode = (typeof ERROR_CODES)[number]['code'];

export class DeskError extends WarrantedError {
  declare readonly code: DeskErrorCode;
  constructor(code: DeskErrorCode, message: string, options: WarrantedErrorOptions = {}) {
    super(code, message, { ...options, standardCode: options.standardCode ?? (ERROR_CODES as readonly { code: string; standardCode?: number }[]).find((c) => c.code === code)?.standardCode });
  }
}

export function deskFail(code: DeskErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new DeskError(code, message, details ? { details } : {});
}

/**
 * Annex D code for a refusal of the warrant core. Content that does not fit the law or the profile
 * is an "improper value" (3007); what the profile requires and is missing is 3005; a state that does
 * not allow the change is 3008 (3012 once the warrant has ended); storage trouble is transient (3003).
 */
export const WARRANT_CODE_TO_HI1: Readonly<Record<string, Hi1ActionErrorCode>> = {
  WARRANT_INVALID: 3007,
  WARRANT_BAD_TIMESPAN: 3007,
  WARRANT_TARGET_INVALID: 3007,
  WARRANT_TARGET_WILDCARD: 3007,
  WARRANT_TARGET_TOO_BROAD: 3007,
  WARRANT_TARGET_DUPLICATE: 3007,
  WARRANT_TARGET_KIND_NOT_ALLOWED: 3007,
  WARRANT_SCOPE_OPERATOR: 3007,
  WARRANT_SCOPE_CATEGORY: 3007,
  WARRANT_AGENCY_NOT_DESIGNATED: 3007,
  WARRANT_PROFILE_UNKNOWN: 3009,
  WARRANT_PROFILE_MISMATCH: 3007,
  WARRANT_REPORT_FIELD_MISSING: 3005,
  WARRANT_EMERGENCY_LAPSED: 3012,
  WARRANT_EMERGENCY_NOT_ALLOWED: 3007,
  WARRANT_EXPIRED: 3012,
  WARRANT_NOT_YET_VALID: 3007,
  WARRANT_TOO_LONG: 3007,
  WARRANT_RENEWAL_REFERENCE_MISSING: 3005,
  WARRANT_RENEWAL_REFERENCE_INVALID: 3009,
  WARRANT_RENEWAL_PROGRESS_REPORT_MISSING: 3005,
  WARRANT_RENEWAL_NOT_ALLOWED: 3007,
  WARRANT_UNSIGNED: 3005,
  WARRANT_SIGNATURE_INVALID: 3007,
  WARRANT_SIGNATURE_UNKNOWN_KEY: 3007,
  WARRANT_SIGNATURE_KEY_REVOKED: 3007,
  WARRANT_SIGNATURE_KEY_NOT_VALID: 3007,
  WARRANT_SIGNATURE_WRONG_ROLE: 3007,
  WARRANT_SIGNATURE_DUPLICATE: 3007,
  WARRANT_SIGNATURE_OUT_OF_ORDER: 3007,
  WARRANT_MISSING_SIGNER: 3005,
  WARRANT_OVER_CAP: 3000,
  WARRANT_NOT_FOUND: 3011,
  WARRANT_BAD_STATE: 3008,
  WARRANT_DUPLICATE: 3010,
  WARRANT_OPERATOR_NOT_ON_WARRANT: 3007,
  WARRANT_OPERATOR_OFFICER_UNKNOWN: 3007,
  WARRANT_OPERATOR_CONFIRMATION_DUPLICATE: 3007,
  WARRANT_AUDIT_FAILED: 3003,
  WARRANT_STORE_CONFLICT: 3003,
};

/**
 * Annex D code for a refusal of the production-order core (src/warrants/production-order-errors.ts),
 * on the same reasoning as WARRANT_CODE_TO_HI1: content beyond the law or the profile is 3007 (the
 * default), what is required and missing 3005, state 3008 (3012 once ended), storage trouble 3003.
 */
export const ORDER_CODE_TO_HI1: Readonly<Record<string, Hi1ActionErrorCode>> = {
  ORDER_PROFILE_UNKNOWN: 3009,
  ORDER_UNSIGNED: 3005,
  ORDER_MISSING_SIGNER: 3005,
  ORDER_NOT_FOUND: 3011,
  ORDER_BAD_STATE: 3008,
  ORDER_EXPIRED: 3012,
  ORDER_REVOKED: 3012,
  ORDER_URGENT_LAPSED: 3012,
  ORDER_DUPLICATE: 3010,
  ORDER_AUDIT_FAILED: 3003,
  ORDER_STORE_CONFLICT: 3003,
};
