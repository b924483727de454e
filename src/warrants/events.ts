/**
 * Audit events the warrant core emits, and the sink it writes them to. The audit part (Merkle log)
 * implements AuditSink; if append rejects, the operation that produced the event is not applied
 * (fail closed). Events carry the warrant hash, never target identities.
 */
import type { AuthorityRole, StatementPurpose, WarrantState } from './model.ts';

export interface AuditSink {
  append(event: AuditEvent): Promise<unknown>;
}

/**
 * What an overseer needs of a warrant to check, from the log alone, that interception kept to it
 * (window, IRI/content, services, how many targets of which kind) — never a target identity.
 * Covered by the warrant hash like the rest of the warrant's legal content.
 */
export interface WarrantTerms {
  /** ISO UTC. */
  start: string;
  end: string;
  offence: string;
  legalBasis: string;
  /** True when any target's categories include content (HI3). */
  content: boolean;
  /** Union of the services of every target. */
  services: string[];
  /** Per target: its kind and, where the deployment has an identity key, a salted commitment (src/audit/commitment.ts). */
  targets: { kind: string; commitment?: string; content: boolean; services: string[] }[];
  operators: string[];
  retentionDays: number;
}

interface EventBase {
  /** ISO UTC time of the event (from the injected clock). */
  at: string;
}

export interface WarrantEventBase extends EventBase {
  warrantId: string;
  warrantHash: string;
  profileId: string;
  agencyId: string;
}

export type WarrantAuditEvent =
  | (WarrantEventBase & { type: 'warrant.submitted'; state: WarrantState; renews?: string; emergency: boolean; terms: WarrantTerms })
  | (WarrantEventBase & { type: 'warrant.transition'; from: WarrantState; to: WarrantState; reason: string; actor?: string })
  | (WarrantEventBase & { type: 'warrant.signature-added'; authorityId: string; keyId: string; role: AuthorityRole; signedAt: string })
  | (WarrantEventBase & {
      type: 'warrant.statement';
      purpose: StatementPurpose;
      authorityId: string;
      keyId: string;
      role: AuthorityRole;
      operatorId?: string;
    })
  | (EventBase & {
      type: 'warrant.refused';
      /** Absent when the input had no usable id. */
      warrantId?: string;
      /** Absent when the warrant could not even be canonicalised. */
      warrantHash?: string;
      profileId?: string;
      agencyId?: string;
      operation: string;
      code: string;
      message: string;
    })
  | (WarrantEventBase & { type: 'warrant.aborted'; operation: string; reason: string });

export type KeyRegistryEvent =
  | (EventBase & { type: 'keys.authority-registered'; authority: { id: string; role: AuthorityRole; name: string } })
  | (EventBase & {
      type: 'keys.key-added';
      key: { keyId: string; authorityId: string; publicKey: string; validFrom: string; validUntil?: string };
    })
  | (EventBase & {
      type: 'keys.key-rotated';
      authorityId: string;
      oldKeyId: string;
      retiredAt: string;
      key: { keyId: string; authorityId: string; publicKey: string; validFrom: string; validUntil?: string };
    })
  | (EventBase & { type: 'keys.key-revoked'; keyId: string; authorityId: string; revokedAt: string; reason: string });

export type AuditEvent = WarrantAuditEvent | KeyRegistryEvent;
