/**
 * How an X1 responder keeps millions of TaskDetails (TS 103 221-1 §6.2.1.2) in little memory: a
 * deep-frozen copy of what the request carried. Freezing is what makes sharing safe — nobody can
 * change a stored task behind the table's back — so the copy
 *  - keeps the request's own strings (strings are immutable: the XID, LIID, warrant hash a decoded
 *    request carries are the very ones mediation's guard keeps, not a second copy of each);
 *  - replaces every XSD enumeration value (DeliveryType, TargetIdentifier kind, ServiceType, …) by
 *    the one constant of that text, instead of the decoder's copy per task;
 *  - shares one frozen list among all tasks with the same small lists (ListOfDIDs, ListOfServiceTypes,
 *    ServiceScopingOptions, taskedElements): thousands of tasks use the same few destinations.
 * Measured in bench/seed-scale-mdf-tables.bench.ts (docs/performance.md "Seed scale").
 */
import type { TaskDetails } from '../../standards/x1/index.ts';

/** XSD enumeration texts that occur in TaskDetails (types.ts; TargetIdentifier choices of Table 5). */
export const ENUM_TEXTS: readonly string[] = [
  'X2Only', 'X3Only', 'X2andX3', 'HI2Only', 'HI3Only', 'HI2andHI3',
  'voice', 'data', 'messaging', 'pushToTalk', 'LALS', 'RCS',
  'e164Number', 'imsi', 'imei', 'imeisv', 'sipUri', 'telUri', 'ipv4Address', 'ipv6Address', 'ipv4Cidr', 'ipv6Cidr',
  'emailAddress', 'nai', 'supiNai', 'gpsiNai',
];
const CANONICAL = new Map(ENUM_TEXTS.map((s) => [s, s]));

/** Fields whose values repeat across tasks: shared by content (their JSON text is the key). */
export const SHARED_FIELDS: ReadonlySet<string> = new Set(['listOfDIDs', 'listOfDSIDs', 'listOfServiceTypes', 'serviceScopingOptions', 'taskedElements', 'listOfTrafficPolicyReferences']);

/** Distinct shared lists kept; beyond it a task keeps its own copy (memory stays bounded whatever arrives). */
export const MAX_SHARED_LISTS = 4096;

export class TaskFreezer {
  private readonly shared = new Map<string, unknown>();

  /** A deep-frozen copy of `t` that shares strings and repeated lists (see the file comment). */
  freeze(t: TaskDetails): TaskDetails {
    return this.copy(t, '') as TaskDetails;
  }

  /** Distinct lists shared so far (at most MAX_SHARED_LISTS). */
  get sharedLists(): number {
    return this.shared.size;
  }

  private copy(v: unknown, field: string): unknown {
    if (typeof v === 'string') return CANONICAL.get(v) ?? v;
    if (typeof v !== 'object' || v === null) return v;
    if (SHARED_FIELDS.has(field)) return this.share(v, field);
    return this.copyNode(v);
  }

  private copyNode(v: object): unknown {
    if (Array.isArray(v)) return Object.freeze(v.map((x: unknown) => this.copy(x, '')));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = this.copy(x, k);
    return Object.freeze(out);
  }

  private share(v: object, field: string): unknown {
    const key = `${field}\u0000${JSON.stringify(v)}`;
    const known = this.shared.get(key);
    if (known !== undefined) return known;
    const copy = this.copyNode(v);
    if (this.shared.size < MAX_SHARED_LISTS) this.shared.set(key, copy);
    return copy;
  }
}
