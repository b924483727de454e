/**
 * Derivation of X1 tasks from a warrant: one task per target per operator (issue #4). XIDs are
 * deterministic so that re-deriving (after a restart, during reconciliation) yields the same XID.
 */
import { createHash } from 'node:crypto';
import { stableUuid } from '../platform/ids.ts';
import type { Liid, TargetIdentifier } from '../standards/identifiers/types.ts';
import type { ServiceCategory, Warrant, WarrantRecord } from './model.ts';
import { categoriesFor } from './validate.ts';

/** TS 103 221-1 §6.2.1 / XSD MediationDeliveryType (X3Only never arises: content implies IRI). */
export type DeliveryType = 'X2Only' | 'X2andX3';

export interface DerivedTask {
  xid: string;
  liid: Liid;
  warrantId: string;
  warrantHash: string;
  operatorId: string;
  target: TargetIdentifier;
  deliveryType: DeliveryType;
  services: ServiceCategory[];
  /** ISO UTC. */
  start: string;
  end: string;
  /** X1 DID of the delivery destination. */
  destinationId: string;
}

/**
 * XID = SHA-256("warranted-xid-v1\n" + warrantId + "\n" + kind + "\n" + value + "\n" + operatorId),
 * first 16 bytes, with the RFC 4122 §4.4 version (4) and variant bits set. TS 103 221-1 §5.1.2
 * asks the ADMF for a version 4 UUID; the 122 free bits are a hash rather than RNG output, which a
 * receiver cannot tell apart and which keeps XIDs unique per (warrant, target, operator).
 */
export function deriveXid(warrantId: string, target: TargetIdentifier, operatorId: string): string {
  return stableUuid('warranted-xid-v1', warrantId, target.kind, target.value, operatorId);
}

/** LIID pattern used here: the conservative subset of TS 103 280 `LIID` ([!-~]{1,25}). */
export const LIID_PATTERN = /^[A-Za-z0-9._-]{1,25}$/;

/**
 * LIID for a warrant: up to 8 upper-case alphanumerics of the agency id, "-", then the first
 * hex digits of SHA-256("warranted-liid-v1\n" + warrantId), 25 characters in all. Unique per
 * warrant per agency: the store enforces (agency, LIID) uniqueness; a clash (≈2^-64) is refused.
 */
export function deriveLiid(w: Pick<Warrant, 'id' | 'agency'>): Liid {
  const prefix = w.agency.id.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 8) || 'LI';
  const digest = createHash('sha256').update(`warranted-liid-v1\n${w.id}`).digest('hex');
  return `${prefix}-${digest.slice(0, 24 - prefix.length)}`;
}

/** All tasks of a warrant, or of the given operators only. Sorted by operator, then target. */
export function deriveTasks(record: Pick<WarrantRecord, 'warrant' | 'hash' | 'liid'>, operators?: readonly string[]): DerivedTask[] {
  const w = record.warrant;
  const ops = operators ? w.operators.filter((o) => operators.includes(o)) : w.operators;
  const tasks: DerivedTask[] = [];
  for (const operatorId of ops) {
    for (const target of w.targets) {
      const c = categoriesFor(w, target);
      tasks.push({
        xid: deriveXid(w.id, target, operatorId),
        liid: record.liid,
        warrantId: w.id,
        warrantHash: record.hash,
        operatorId,
        target: { ...target },
        deliveryType: c.content ? 'X2andX3' : 'X2Only',
        services: [...c.services],
        start: w.start,
        end: w.end,
        destinationId: w.delivery.destinationId,
      });
    }
  }
  return tasks;
}
