/**
 * The rules the overseer's verifier holds a log to, beyond its structure: that every interception
 * it records was authorised, kept to its warrant and stopped on time (issue 9, docs/audit.md
 * "Invariants"). Each rule has a stable name: a violation names the entry and the rule.
 */

export const LAW_RULES = {
  'warrant-known': 'a task, signature or delivery names a warrant the log submitted earlier, with the same warrant hash',
  'no-backdating': "a warrant's window does not start before it was submitted (beyond the backdating tolerance)",
  'signer-key-valid': 'every approval signature is by a key registered earlier to that authority and role, valid and not revoked when it signed',
  'required-signers': "a warrant becomes Approved (or EmergencyApproval) only with the signatures its profile requires, in the profile's order",
  'activation-approved': 'a task is activated (ADMF or MDF) only while its warrant is Active after a logged approval',
  'activation-in-window': "a task is activated only inside its warrant's window and asks for no more (window, content, services) than the warrant",
  'delivery-warranted': 'every delivery batch is for a LIID of an activated task, its records timed while the warrant was Active and inside its window',
  'content-warranted': 'content (HI3) is delivered only under a warrant and a task that include content',
  'deactivated-on-time': "every task is deactivated on the MDF and on every element it ran on by its warrant's end, suspension or revocation plus the tolerance",
  'activation-announced': "every X1 ActivateTask names only XIDs whose activation was announced (provisioning.task-activating) and not stopped since — reconciliation too",
  'x1-announced': 'every X1 exchange the ADMF records was announced in the log (x1.sending, same request hash, same element) before it was sent',
  'rogue-removed': 'every rogue task found by reconciliation is removed from its element within the tolerance',
  'time-monotone': 'entry times never go back by more than the clock tolerance',
  'retention-destroyed': "material delivered under a warrant is destroyed by the end of the warrant's retention period",
  'order-known': 'a production-order event names an order the log submitted earlier, with its terms and the same order hash',
  'order-approved': 'a production order becomes Active only after logged signatures (by the roles its profile requires, where the verifier has the profiles)',
  'rd-disclosure-covered': 'every retained-data disclosure (rd.disclosed) is covered by an Active, unexpired order whose operator, category, period and identifier commitments hold it',
  'rd-retention-on-schedule': "an operator's retention sweeps (rd.retention-deleted) are logged per category at most two sweep intervals apart, each with a cut-off before its time and a digest that fits its row count",
} as const;

export type LawRule = keyof typeof LAW_RULES;

export interface LawOptions {
  /** Clock skew allowed between the roles' clocks, and for "by the end" deadlines (default 5 s). */
  clockToleranceMs?: number;
  /** How long after its end, suspension or revocation a task may still run (default 60 s). */
  deactivationToleranceMs?: number;
  /** How far a warrant's start may precede its submission (default 5 min). */
  backdateToleranceMs?: number;
  /** Time the log is judged at (deadlines not yet reached are not violations); default: the last entry's time. */
  asOf?: Date;
  /** The signer rules of each jurisdiction profile (the public law); absent: signatures cannot be judged. */
  profiles?: ProfileRules;
  /** The signer rules of the production-order profiles; absent: an order needs some logged signature only. */
  orderProfiles?: OrderProfileRules;
}

/** Who must sign a production order of a profile's authorisation (profiles/production-orders/, injected). */
export interface OrderProfileRules {
  signers(profileId: string, authorisation: string): SignerRequirement | undefined;
}

/** Who must sign a warrant of a profile (src/warrants/profiles.ts, injected: audit/ does not import warrants/). */
export interface SignerRequirement {
  roles: string[];
  /** Roles must sign in the listed order (by signing time). */
  ordered: boolean;
}

export interface ProfileRules {
  /** undefined: unknown profile. `emergency` asks for the roles that put a warrant in EmergencyApproval. */
  signers(profileId: string, kind: { renewal: boolean; emergency: boolean }): SignerRequirement | undefined;
}

export interface LawViolation {
  rule: LawRule;
  /** The entry the violation is about (for a missed deadline: the entry that started the obligation). */
  index: number;
  message: string;
}

export const DEFAULT_CLOCK_TOLERANCE_MS = 5_000;
export const DEFAULT_DEACTIVATION_TOLERANCE_MS = 60_000;
export const DEFAULT_BACKDATE_TOLERANCE_MS = 300_000;
