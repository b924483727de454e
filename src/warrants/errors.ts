/**
 * Typed errors of the warrant core. Every refusal the policy engine or the service can produce has a
 * stable code here; docs/errors/warrants.md documents each one (a test keeps the two in sync).
 * Details never carry target identities (they end up in logs): at most an index into `targets`.
 */
import { WarrantedError, type WarrantedErrorOptions } from '../platform/errors.ts';

export const ERROR_CODES = [
  // Shape / content of the warrant itself.
  { code: 'WARRANT_INVALID', meaning: 'A warrant field is missing or malformed (details.field names it).' },
  { code: 'WARRANT_BAD_TIMESPAN', meaning: 'End time is not after start time, or a time lacks a time-zone designator (TS 103 120 §7.2.7).' },
  { code: 'WARRANT_TARGET_INVALID', meaning: 'A target identity is not a valid TS 103 280 identity of its kind.' },
  { code: 'WARRANT_TARGET_WILDCARD', meaning: 'A target identity contains a wildcard, pattern or range: only exact identities are allowed.' },
  { code: 'WARRANT_TARGET_TOO_BROAD', meaning: 'A target identity designates more than one subscriber (address prefix/range, "all").' },
  { code: 'WARRANT_TARGET_DUPLICATE', meaning: 'The same target identity is listed twice.' },
  { code: 'WARRANT_TARGET_KIND_NOT_ALLOWED', meaning: 'The profile does not allow this identifier kind.' },
  { code: 'WARRANT_SCOPE_OPERATOR', meaning: 'An operator named on the warrant is not within the profile.' },
  { code: 'WARRANT_SCOPE_CATEGORY', meaning: 'A data category (content, or a service) is not allowed by the profile.' },
  { code: 'WARRANT_AGENCY_NOT_DESIGNATED', meaning: 'The requesting agency is not designated by the profile.' },
  { code: 'WARRANT_PROFILE_UNKNOWN', meaning: 'The warrant names a profile that is not loaded.' },
  { code: 'WARRANT_PROFILE_MISMATCH', meaning: 'The warrant was evaluated against a profile other than the one it names.' },
  { code: 'WARRANT_REPORT_FIELD_MISSING', meaning: 'A report field the profile requires (e.g. 18 U.S.C. §2519) is missing.' },
  { code: 'WARRANT_EMERGENCY_LAPSED', meaning: 'An emergency warrant was not confirmed by the required authority within the profile deadline.' },
  { code: 'WARRANT_EMERGENCY_NOT_ALLOWED', meaning: 'The profile has no emergency procedure, or the emergency warrant exceeds its limits.' },
  // Time.
  { code: 'WARRANT_EXPIRED', meaning: 'The warrant end time has passed.' },
  { code: 'WARRANT_NOT_YET_VALID', meaning: 'The warrant start time has not been reached.' },
  { code: 'WARRANT_TOO_LONG', meaning: 'The warrant (or renewal/extension) lasts longer than the profile allows.' },
  // Renewals.
  { code: 'WARRANT_RENEWAL_REFERENCE_MISSING', meaning: 'The warrant continues an earlier warrant on the same target but does not reference it.' },
  { code: 'WARRANT_RENEWAL_REFERENCE_INVALID', meaning: 'The referenced earlier warrant is unknown, of another agency/profile, not renewable, or covers other targets.' },
  { code: 'WARRANT_RENEWAL_PROGRESS_REPORT_MISSING', meaning: 'The profile requires a progress report with a renewal and none was given.' },
  { code: 'WARRANT_RENEWAL_NOT_ALLOWED', meaning: 'The profile does not allow renewal, or the renewal is outside the renewal window.' },
  // Signatures.
  { code: 'WARRANT_UNSIGNED', meaning: 'The warrant carries no approval signature at all.' },
  { code: 'WARRANT_SIGNATURE_INVALID', meaning: 'A signature does not verify over the canonical bytes (wrongly signed or altered warrant).' },
  { code: 'WARRANT_SIGNATURE_UNKNOWN_KEY', meaning: 'The signing key or authority is not in the key registry, or the key is not that authority\'s.' },
  { code: 'WARRANT_SIGNATURE_KEY_REVOKED', meaning: 'The signing key was revoked at or before the verification time.' },
  { code: 'WARRANT_SIGNATURE_KEY_NOT_VALID', meaning: 'The signing time is outside the key\'s validity (before validFrom, after retirement/validUntil, or in the future).' },
  { code: 'WARRANT_SIGNATURE_WRONG_ROLE', meaning: 'The signer\'s role does not match the registry or is not one the profile asks for here.' },
  { code: 'WARRANT_SIGNATURE_DUPLICATE', meaning: 'The same authority or role has already signed.' },
  { code: 'WARRANT_SIGNATURE_OUT_OF_ORDER', meaning: 'The profile requires signers in order and an earlier signer has not signed yet.' },
  { code: 'WARRANT_MISSING_SIGNER', meaning: 'A signer role required by the profile has not signed.' },
  // Caps.
  { code: 'WARRANT_OVER_CAP', meaning: 'Activating the warrant would exceed the profile cap on simultaneously active targets (per agency or overall).' },
  // Lifecycle / service.
  { code: 'WARRANT_NOT_FOUND', meaning: 'No warrant with that id.' },
  { code: 'WARRANT_BAD_STATE', meaning: 'The operation is not allowed in the warrant\'s current state (TS 103 120 status).' },
  { code: 'WARRANT_DUPLICATE', meaning: 'A warrant with that id, or that reference for that agency, already exists.' },
  { code: 'WARRANT_OPERATOR_NOT_ON_WARRANT', meaning: 'The operator confirming is not named on the warrant.' },
  { code: 'WARRANT_OPERATOR_OFFICER_UNKNOWN', meaning: 'The confirming person is not a named compliance officer of that operator.' },
  { code: 'WARRANT_OPERATOR_CONFIRMATION_DUPLICATE', meaning: 'That officer already confirmed for that operator (four-eyes needs two different officers).' },
  { code: 'WARRANT_AUDIT_FAILED', meaning: 'The audit sink refused the event: the operation was not applied (fail closed).' },
  { code: 'WARRANT_STORE_CONFLICT', meaning: 'The warrant changed concurrently, or a unique key (id, reference, LIID) is taken.' },
  // Profiles.
  { code: 'PROFILE_INVALID', meaning: 'A jurisdiction profile file is malformed (details.path names the field).' },
  // Key registry.
  { code: 'KEYS_AUTHORITY_UNKNOWN', meaning: 'No authority with that id in the key registry.' },
  { code: 'KEYS_AUTHORITY_EXISTS', meaning: 'An authority with that id is already registered.' },
  { code: 'KEYS_KEY_UNKNOWN', meaning: 'No key with that id in the key registry.' },
  { code: 'KEYS_KEY_EXISTS', meaning: 'A key with that id (or that public key) is already registered.' },
  { code: 'KEYS_BAD_KEY', meaning: 'The public key is not a 32-byte Ed25519 key, or a validity interval is malformed.' },
  { code: 'KEYS_ALREADY_REVOKED', meaning: 'The key is already revoked.' },
] as const satisfies readonly { code: string; standardCode?: number | string; meaning: string }[];

export type WarrantErrorCode = (typeof ERROR_CODES)[number]['code'];

export class WarrantError extends WarrantedError {
  declare readonly code: WarrantErrorCode;
  constructor(code: WarrantErrorCode, message: string, options: WarrantedErrorOptions = {}) {
    super(code, message, options);
  }
}

/** A jurisdiction profile file failed validation. */
export class ProfileError extends WarrantError {}

/** A key registry operation was refused. */
export class KeyRegistryError extends WarrantError {}

export function isWarrantError(e: unknown): e is WarrantError {
  return e instanceof WarrantError;
}
