/**
 * Salted commitments to target identities (issue 9 item 4). The log never holds an identity in
 * clear; each warrant's terms, and each task activation, carry for their target
 *
 *   commitment = "commit-v1:" || hex(HMAC-SHA256(salt_w, "warranted/audit/target/v1\n" || kind || "\n" || value))
 *   salt_w     = HMAC-SHA256(identityKey, "warranted/audit/warrant-salt/v1\n" || warrantId)
 *
 * The operator keeps `identityKey` (32 bytes, never leaves the control role). The salt of one
 * warrant — its opening key — is handed to whoever holds that warrant (the court, the agency): with
 * it they can show that entry N concerns identity X (`warranted audit open-commitment`), and nothing
 * about any other warrant's entries, whose salts are independent PRF outputs. Without a salt the
 * small MSISDN/IMSI space cannot be enumerated against the log.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuditError } from './errors.ts';

const SALT_CONTEXT = 'warranted/audit/warrant-salt/v1\n';
const COMMIT_CONTEXT = 'warranted/audit/target/v1\n';
export const COMMITMENT_PREFIX = 'commit-v1:';

function checkKey(key: Uint8Array, what: string): void {
  if (key.length < 32) throw new AuditError('AUDIT_BAD_KEY', `${what} must be at least 32 bytes`);
}

/** The opening key of one warrant (32 bytes), derived from the operator's identity key. */
export function warrantSalt(identityKey: Uint8Array, warrantId: string): Uint8Array {
  checkKey(identityKey, 'identity key');
  return new Uint8Array(createHmac('sha256', identityKey).update(SALT_CONTEXT).update(warrantId, 'utf8').digest());
}

/** The commitment to one target identity (kind as in TS 103 280, e.g. MSISDN; value normalised). */
export function commitTarget(salt: Uint8Array, kind: string, value: string): string {
  checkKey(salt, 'warrant salt');
  return COMMITMENT_PREFIX + createHmac('sha256', salt).update(COMMIT_CONTEXT).update(`${kind}\n${value}`, 'utf8').digest('hex');
}

/** True when `commitment` is the commitment of (kind, value) under `salt` (constant-time compare). */
export function opensTo(commitment: string, salt: Uint8Array, kind: string, value: string): boolean {
  const expected = Buffer.from(commitTarget(salt, kind, value));
  const given = Buffer.from(commitment);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Every commitment string anywhere in an event's details (terms.targets[].commitment, target, …). */
export function commitmentsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.startsWith(COMMITMENT_PREFIX)) out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) commitmentsIn(v, out);
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) commitmentsIn(v, out);
  }
  return out;
}
