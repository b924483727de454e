/**
 * The warrant domain model: what a warrant names (its legal content, which is hashed and signed),
 * the lifecycle states (TS 103 120 §7.2.5 Table 7.6 AuthorisationStatus, plus "Active" and "Lapsed"
 * to say when interception is actually running and why it stopped), the transition table, and the
 * records the store keeps around the legal content (signatures, operator confirmations, history).
 */
import type { TargetIdentifier, Liid } from '../standards/identifiers/types.ts';

export type ServiceCategory = 'voice' | 'sms' | 'data' | 'location';
/** Fixed order used everywhere services are listed (canonical bytes, derivation). */
export const SERVICE_CATEGORIES: readonly ServiceCategory[] = ['voice', 'sms', 'data', 'location'];

/** Data categories: IRI only (content=false) or IRI and content (content=true), per service. */
export interface Categories {
  content: boolean;
  services: ServiceCategory[];
}

export interface Agency {
  id: string;
  name: string;
}

export interface Delivery {
  /** X1 DID of the delivery destination (provisioning resolves it). */
  destinationId: string;
  /** Where the monitoring centre listens (HI2/HI3), as agreed with the agency. */
  address: string;
}

/** Per-target override of the warrant-wide categories. */
export interface TargetCategories {
  target: TargetIdentifier;
  categories: Categories;
}

/**
 * The legal content of a warrant. Everything here is covered by the canonical bytes (canonical.ts),
 * hence by the warrant hash and by every approval signature.
 */
export interface Warrant {
  /** UUID (TS 103 120 ObjectIdentifier form, lower case). */
  id: string;
  /** The authority's own reference, e.g. "W123456". */
  reference: string;
  agency: Agency;
  /** Requesting officer (name or service number). */
  officer: string;
  legalBasis: string;
  offence: string;
  /** Exact identities only (TS 103 280): no wildcard, range or "all subscribers". */
  targets: TargetIdentifier[];
  /** Categories for every target unless overridden in `targetCategories`. */
  categories: Categories;
  targetCategories?: TargetCategories[];
  /** Operator ids the warrant is served on. */
  operators: string[];
  /** ISO 8601 with a time-zone designator (TS 103 120 §7.2.7). */
  start: string;
  end: string;
  delivery: Delivery;
  retentionDays: number;
  /** Id of the warrant this one renews / extends. */
  renews?: string;
  emergency: boolean;
  profileId: string;
  /** Required with a renewal where the profile says so (e.g. IFTA 2013). */
  progressReport?: string;
  /** Report fields the profile asks for that cannot be derived (e.g. 18 U.S.C. §2519(1)). */
  reportFields?: Record<string, string>;
}

/** What a requester submits: the id may be given (HI-1 object id) or is assigned. */
export type WarrantDraft = Omit<Warrant, 'id'> & { id?: string };

/**
 * TS 103 120 §7.2.5 Table 7.6 AuthorisationStatus values, plus two national refinements:
 * - Active: Approved and in force (within its timespan, re-verified at activation); tasks run.
 * - Lapsed: an emergency warrant whose confirmation did not come in time (reported as Expired on HI-1).
 */
export type WarrantState =
  | 'AwaitingApproval'
  | 'EmergencyApproval'
  | 'Approved'
  | 'Active'
  | 'Rejected'
  | 'Suspended'
  | 'Cancelled'
  | 'Expired'
  | 'Lapsed';

export const WARRANT_STATES: readonly WarrantState[] = [
  'AwaitingApproval',
  'EmergencyApproval',
  'Approved',
  'Active',
  'Rejected',
  'Suspended',
  'Cancelled',
  'Expired',
  'Lapsed',
];

/** Allowed transitions. Terminal states have none: a renewal is a new warrant. */
export const TRANSITIONS: Readonly<Record<WarrantState, readonly WarrantState[]>> = {
  AwaitingApproval: ['EmergencyApproval', 'Approved', 'Rejected', 'Cancelled', 'Expired'],
  EmergencyApproval: ['Approved', 'Active', 'Rejected', 'Cancelled', 'Expired', 'Lapsed'],
  Approved: ['Active', 'Cancelled', 'Suspended', 'Expired'],
  Active: ['Suspended', 'Cancelled', 'Expired', 'Lapsed'],
  Suspended: ['Active', 'Cancelled', 'Expired', 'Lapsed'],
  Rejected: [],
  Cancelled: [],
  Expired: [],
  Lapsed: [],
};

export function canTransition(from: WarrantState, to: WarrantState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** States in which derived tasks may run (for confirmed operators). */
export const RUNNING_STATES: readonly WarrantState[] = ['Active'];
/** States from which nothing can happen any more. */
export const TERMINAL_STATES: readonly WarrantState[] = ['Rejected', 'Cancelled', 'Expired', 'Lapsed'];

/** HI-1 AuthorisationStatus to report for a state (TS 103 120 Table 7.6 has no Active/Lapsed). */
export function toTs103120Status(state: WarrantState): string {
  if (state === 'Active') return 'Approved';
  if (state === 'Lapsed') return 'Expired';
  return state;
}

export { AUTHORITY_ROLES, type AuthorityRole } from '../platform/authority-roles.ts';
import type { AuthorityRole } from '../platform/authority-roles.ts';

/** An approval signature: Ed25519 over "warranted-warrant-approval-v1\n" + canonical bytes. */
export interface Signature {
  authorityId: string;
  keyId: string;
  role: AuthorityRole;
  /** ISO 8601 UTC; must fall within the key's validity. */
  signedAt: string;
  /** Base64 of the 64-byte Ed25519 signature. */
  signature: string;
}

export type StatementPurpose = 'revocation' | 'rejection' | 'suspension' | 'resumption' | 'operator-confirmation';

/** A signed statement about a warrant (revocation etc.): signs the hash, not the full bytes. */
export interface SignedStatement extends Signature {
  purpose: StatementPurpose;
  /** Free text reason (revocation/rejection/suspension) or the operator id (operator-confirmation). */
  subject: string;
}

export interface OperatorPolicy {
  operatorId: string;
  /** Two different named officers must confirm before the operator's tasks run. */
  fourEyes: boolean;
  /** Authority ids (role compliance-officer) of the operator's named compliance officers. */
  officers: string[];
}

export interface TransitionRecord {
  seq: number;
  from: WarrantState | null;
  to: WarrantState;
  at: string;
  reason: string;
  warrantHash: string;
  actor?: string;
}

/** What the store keeps for one warrant. */
export interface WarrantRecord {
  /** Legal content, normalised (canonicalWarrant). */
  warrant: Warrant;
  /** The exact canonical bytes (UTF-8 JSON text) that were hashed and are signed. */
  canonical: string;
  /** SHA-256 hex of the canonical bytes. */
  hash: string;
  liid: Liid;
  state: WarrantState;
  signatures: Signature[];
  /** Operator compliance confirmations (purpose 'operator-confirmation', subject = operator id). */
  confirmations: SignedStatement[];
  /** Revocation / rejection / suspension / resumption statements. */
  statements: SignedStatement[];
  /** Emergency warrants: the instant they lapse unless confirmed (ISO UTC). */
  emergencyConfirmBy?: string;
  createdAt: string;
  updatedAt: string;
  /** Optimistic concurrency counter, +1 per write. */
  version: number;
  history: TransitionRecord[];
}

/** Injected clock: production uses systemClock, tests a ManualClock. */
export interface Clock {
  now(): Date;
}
