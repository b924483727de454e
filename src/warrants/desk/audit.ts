/**
 * Bridges the warrant core's audit events onto the transparency log (src/audit), and back.
 *
 * A core event `{ type, at, ...fields }` becomes the log event `{ type, at, actor, subject, details }`
 * with `details` = every field but `type` and `at` (lossless: `coreEventFromLog` restores it), the
 * actor = the acting authority (or `defaultActor`), the subject = the warrant id / key id. The key
 * registry's `keys.*` events therefore sit in the log and the registry is rebuilt from them
 * (docs/warrants.md, "How an outside verifier checks a warrant", step 2).
 */
import type { AuditEvent as LogEvent } from '../../audit/index.ts';
import type { AuditEvent as CoreEvent, AuditSink, KeyRegistryEvent } from '../events.ts';

/** What the desk and the CLI need of the audit log (AuditLog implements it). */
export interface AuditAppender {
  append(event: LogEvent): Promise<unknown>;
}

const MAX_FIELD = 256;

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v.slice(0, MAX_FIELD) : undefined;
}

/** The log event for one core event. */
export function logEventFromCore(event: CoreEvent, defaultActor: string): LogEvent {
  const { type, at, ...rest } = event as CoreEvent & Record<string, unknown>;
  const details: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(rest)) if (val !== undefined) details[k] = val;
  const r = rest as Record<string, unknown>;
  const nested = (o: unknown, k: string): unknown => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined);
  const actor = text(r.actor) ?? text(r.authorityId) ?? defaultActor;
  const subject = text(r.warrantId) ?? text(r.keyId) ?? text(nested(r.key, 'keyId')) ?? text(nested(r.authority, 'id'));
  return subject === undefined ? { type, at, actor, details } : { type, at, actor, subject, details };
}

/** The core event a log event was made from (the inverse of logEventFromCore). */
export function coreEventFromLog(event: LogEvent): CoreEvent {
  return { ...event.details, type: event.type, at: event.at } as unknown as CoreEvent;
}

/** The key registry events among log events, in log order (for KeyRegistry.fromEvents). */
export function keyRegistryEventsFromLog(events: Iterable<LogEvent>): KeyRegistryEvent[] {
  const out: KeyRegistryEvent[] = [];
  for (const e of events) if (e.type.startsWith('keys.')) out.push(coreEventFromLog(e) as KeyRegistryEvent);
  return out;
}

/** An AuditSink for WarrantService / KeyRegistry that appends to the transparency log. */
export function warrantAuditSink(log: AuditAppender, defaultActor = 'warrant-core'): AuditSink {
  return { append: (event) => log.append(logEventFromCore(event, defaultActor)) };
}
