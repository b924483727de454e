/**
 * Exact target matching at a POI: which active tasks an event's served subscriber falls under.
 * Identities are compared exactly (never prefixes, ranges or patterns: profile "What is refused"),
 * after the one normalisation TS 23.003 §6.2.1 allows: an IMEI is identified by TAC + SNR (14
 * digits); the 15th digit is a check digit computed from them, so a 15-digit IMEI with check digit
 * names the same handset as its 14-digit form. IMEISV (16 digits) names TAC + SNR + software
 * version and is matched on TAC + SNR too.
 */
import type { TargetIdentifier, TargetIdentifierKind } from '../../standards/identifiers/types.ts';
import type { TaskDetails } from '../../standards/x1/index.ts';
import type { SubscriberIdentities } from '../subscribers.ts';

/** Target kinds a POI of the synthetic network can match (everything else is refused over X1 with 3010). */
export const POI_TARGET_KINDS: readonly TargetIdentifierKind[] = ['e164Number', 'imsi', 'imei', 'imeisv', 'sipUri'];

/** The lookup key of a target identifier, or undefined for kinds a POI cannot match. */
export function targetKey(t: TargetIdentifier): string | undefined {
  switch (t.kind) {
    case 'e164Number':
      return `msisdn:${t.value}`;
    case 'imsi':
      return `imsi:${t.value}`;
    case 'imei':
    case 'imeisv':
      return /^\d{14,16}$/.test(t.value) ? `imei:${t.value.slice(0, 14)}` : undefined;
    case 'sipUri':
      return `sip:${t.value}`;
    default:
      return undefined;
  }
}

/** The lookup keys of a served subscriber's identities. */
export function subscriberKeys(s: SubscriberIdentities): string[] {
  return [`msisdn:${s.msisdn}`, `imsi:${s.imsi}`, `imei:${s.imei.slice(0, 14)}`, `sip:${s.sipUri}`];
}

/** TS 103 221-2 §5.3.18 Matched Target Identifier: the TS 103 221-1 TargetIdentifier element, as text. */
export function matchedTargetIdentifierText(t: TargetIdentifier): string {
  const escape = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  // docs/x1.md target table: 14-digit IMEI → imei, 15 digits → peiImeiCheckDigit, IMEISV → peiImeisv.
  const element =
    t.kind === 'imei' ? (t.value.length === 15 ? 'peiImeiCheckDigit' : 'imei') : t.kind === 'imeisv' ? 'peiImeisv' : t.kind;
  return `<${element}>${escape(t.value)}</${element}>`;
}

export interface TaskMatch {
  task: TaskDetails;
  target: TargetIdentifier;
}

type IdentityKind = 'msisdn' | 'imsi' | 'imei' | 'sip';
/** One task (most identities are one warrant's), or several. */
type Slot = TaskDetails | TaskDetails[];

/** Which map and which text a target is indexed under, as targetKey() but without building the key string. */
function indexPlace(t: TargetIdentifier): [IdentityKind, string] | undefined {
  const key = targetKey(t);
  if (key === undefined) return undefined;
  const colon = key.indexOf(':');
  // The value itself (not the prefixed key) is the map key: the same string the task holds, no copy per target.
  return [key.slice(0, colon) as IdentityKind, t.kind === 'imei' || t.kind === 'imeisv' ? t.value.slice(0, 14) : t.value];
}

/**
 * Index of active tasks by target identity: one map per identity kind, keyed by the identity text the
 * task already holds, each holding the task itself (a list only when several tasks share an
 * identity), so that millions of targets cost one map entry each (bench/seed-scale-poi-index.bench.ts).
 * `add`/`remove` keep it current per X1 change; `rebuild` replaces it from the whole task list.
 */
export class TargetIndex {
  private maps = TargetIndex.empty();

  private static empty(): Record<IdentityKind, Map<string, Slot>> {
    return { msisdn: new Map(), imsi: new Map(), imei: new Map(), sip: new Map() };
  }

  rebuild(tasks: readonly TaskDetails[]): void {
    this.maps = TargetIndex.empty();
    for (const task of tasks) this.add(task);
  }

  /** Indexes a newly active task under each of its target identities. */
  add(task: TaskDetails): void {
    for (const target of task.targetIdentifiers) {
      const place = indexPlace(target);
      if (!place) continue;
      const map = this.maps[place[0]];
      const slot = map.get(place[1]);
      if (slot === undefined) map.set(place[1], task);
      else if (Array.isArray(slot)) {
        if (!slot.includes(task)) slot.push(task);
      } else if (slot !== task) map.set(place[1], [slot, task]);
    }
  }

  /** Forgets a task (by XID) under each of its target identities. */
  remove(task: TaskDetails): void {
    for (const target of task.targetIdentifiers) {
      const place = indexPlace(target);
      if (!place) continue;
      const map = this.maps[place[0]];
      const slot = map.get(place[1]);
      if (slot === undefined) continue;
      const rest = (Array.isArray(slot) ? slot : [slot]).filter((t) => t.xId !== task.xId);
      if (rest.length === 0) map.delete(place[1]);
      else map.set(place[1], rest.length === 1 ? rest[0]! : rest);
    }
  }

  /** Distinct identities indexed. */
  get size(): number {
    return this.maps.msisdn.size + this.maps.imsi.size + this.maps.imei.size + this.maps.sip.size;
  }

  /** Tasks whose target is exactly one of this subscriber's identities (each task once). */
  match(s: SubscriberIdentities): TaskMatch[] {
    const out: TaskMatch[] = [];
    this.look(out, 'msisdn', s.msisdn);
    this.look(out, 'imsi', s.imsi);
    this.look(out, 'imei', s.imei.slice(0, 14));
    this.look(out, 'sip', s.sipUri);
    return out;
  }

  /** Per event and served subscriber: no closure, no key string unless a task is found. */
  private look(out: TaskMatch[], kind: IdentityKind, value: string): void {
    const slot = this.maps[kind].get(value);
    if (slot === undefined) return;
    for (const task of Array.isArray(slot) ? slot : [slot]) {
      if (out.some((o) => o.task.xId === task.xId)) continue;
      const target = task.targetIdentifiers.find((t) => {
        const p = indexPlace(t);
        return p !== undefined && p[0] === kind && p[1] === value;
      });
      if (target) out.push({ task, target });
    }
  }
}
