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

/** Index of active tasks by target key; rebuilt from the task table on every X1 change. */
export class TargetIndex {
  private byKey = new Map<string, TaskMatch[]>();

  rebuild(tasks: readonly TaskDetails[]): void {
    const next = new Map<string, TaskMatch[]>();
    for (const task of tasks) {
      for (const target of task.targetIdentifiers) {
        const key = targetKey(target);
        if (key === undefined) continue;
        let list = next.get(key);
        if (!list) next.set(key, (list = []));
        list.push({ task, target });
      }
    }
    this.byKey = next;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Tasks whose target is exactly one of this subscriber's identities (each task once). */
  match(s: SubscriberIdentities): TaskMatch[] {
    if (this.byKey.size === 0) return [];
    const out: TaskMatch[] = [];
    for (const key of subscriberKeys(s)) {
      for (const m of this.byKey.get(key) ?? []) if (!out.some((o) => o.task.xId === m.task.xId)) out.push(m);
    }
    return out;
  }
}
