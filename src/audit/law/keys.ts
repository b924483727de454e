/**
 * The approving authorities and their keys as the log records them (keys.* events of
 * src/warrants/keys.ts): who holds which key, for which role, from when until when. A revocation
 * may name a time before it was logged (a key found compromised): signatures made after that time
 * are judged at the end, against everything the log says.
 */
import type { AuditEvent } from '../event.ts';

interface KeyRecord {
  authorityId: string;
  validFrom: number;
  /** Retired (rotation) or expired: signatures after this are not valid. */
  validUntil: number;
  revokedAt: number;
  /** Entry that registered it. */
  index: number;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const time = (v: unknown): number => (typeof v === 'string' ? Date.parse(v) : Number.NaN);

export class LoggedKeys {
  private readonly roles = new Map<string, string>();
  private readonly keys = new Map<string, KeyRecord>();

  observe(index: number, e: AuditEvent): void {
    const d = e.details;
    if (e.type === 'keys.authority-registered') {
      const a = d.authority as { id?: unknown; role?: unknown } | undefined;
      const id = str(a?.id);
      const role = str(a?.role);
      if (id !== undefined && role !== undefined) this.roles.set(id, role);
    } else if (e.type === 'keys.key-added' || e.type === 'keys.key-rotated') {
      if (e.type === 'keys.key-rotated') {
        const old = this.keys.get(String(d.oldKeyId));
        if (old) old.validUntil = Math.min(old.validUntil, time(d.retiredAt));
      }
      const k = d.key as { keyId?: unknown; authorityId?: unknown; validFrom?: unknown; validUntil?: unknown } | undefined;
      const keyId = str(k?.keyId);
      const authorityId = str(k?.authorityId);
      if (keyId === undefined || authorityId === undefined) return;
      const until = k?.validUntil === undefined ? Number.POSITIVE_INFINITY : time(k.validUntil);
      this.keys.set(keyId, { authorityId, validFrom: time(k?.validFrom), validUntil: until, revokedAt: Number.POSITIVE_INFINITY, index });
    } else if (e.type === 'keys.key-revoked') {
      const k = this.keys.get(String(d.keyId));
      if (k) k.revokedAt = Math.min(k.revokedAt, time(d.revokedAt));
    }
  }

  /** Why a signature by `keyId` for `authorityId` as `role` at `signedAt` is not valid now, or undefined. */
  problemAtSigning(keyId: string, authorityId: string, role: string, signedAt: number): string | undefined {
    const k = this.keys.get(keyId);
    if (!k) return `key ${keyId} was never registered in the log`;
    if (k.authorityId !== authorityId) return `key ${keyId} belongs to ${k.authorityId}, not ${authorityId}`;
    const registeredRole = this.roles.get(authorityId);
    if (registeredRole !== role) return `${authorityId} is registered as ${registeredRole ?? 'nothing'}, signed as ${role}`;
    if (!(signedAt >= k.validFrom)) return `key ${keyId} was not yet valid at ${iso(signedAt)}`;
    if (signedAt >= k.validUntil) return `key ${keyId} was retired or expired at ${iso(k.validUntil)}, before it signed at ${iso(signedAt)}`;
    if (signedAt >= k.revokedAt) return `key ${keyId} was revoked as of ${iso(k.revokedAt)}, before it signed at ${iso(signedAt)}`;
    return undefined;
  }

  /** Like problemAtSigning but only what a later revocation can change (judged at the end). */
  revokedBefore(keyId: string, signedAt: number): number | undefined {
    const k = this.keys.get(keyId);
    return k && signedAt >= k.revokedAt ? k.revokedAt : undefined;
  }
}

export function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}
