/**
 * Exact-identity matching of events against a task's target identifier, as a POI does it
 * (TS 103 221-1 Table 5 TargetIdentifier kinds, normalised as in src/standards/identifiers).
 * Exact identities only: no prefixes, ranges or wildcards — a value that is not one identity
 * matches nothing.
 */
import type { NetworkEvent, ServedSubscriber } from './events.ts';

/** Structurally the same as the identifiers module's `TargetIdentifier` ({ kind, value }). */
export interface TargetIdentity {
  kind: string;
  value: string;
}

function digits(value: string): string {
  return value.replace(/^\+/, '');
}

/** Whether a served subscriber holds exactly this identity. */
export function subscriberMatches(s: ServedSubscriber, target: TargetIdentity): boolean {
  const v = target.value.trim();
  switch (target.kind) {
    case 'e164Number':
      return digits(v) === s.msisdn;
    case 'telUri':
      return /^tel:\+?\d+$/.test(v) && digits(v.slice(4)) === s.msisdn;
    case 'imsi':
      return v === s.imsi;
    case 'imei':
      // 14 digits without the check digit, or 15 with it (TS 23.003 §6.2.1)
      return v.length === 14 ? v === s.imei.slice(0, 14) : v === s.imei;
    case 'imeisv':
      return false; // no IMEISV is simulated
    case 'sipUri':
      return v.toLowerCase() === s.sipUri.toLowerCase();
    case 'ipv4Address':
      return v === s.ipv4;
    default:
      return false;
  }
}

/** The served subscribers of `event` that hold `target` (empty: the event is not for this task). */
export function servedMatching(event: NetworkEvent, target: TargetIdentity): ServedSubscriber[] {
  return event.served.filter((s) => subscriberMatches(s, target));
}
