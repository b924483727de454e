/**
 * Adapts the warrant core's audit events (flat records, src/warrants/events.ts) to the shape of the
 * transparency log's events (src/audit: type, at, actor, subject, details), so the warrant desk can
 * append to the system's audit log without the two modules importing each other.
 */
import type { AuditEvent, AuditSink } from './events.ts';

/** The audit log as seen from here (src/audit AuditLog satisfies it). */
export interface AuditLogLike {
  append(event: { type: string; at: string; actor: string; subject?: string; details: Record<string, unknown> }): Promise<unknown>;
}

export function auditLogSink(log: AuditLogLike, actor = 'warrant-desk'): AuditSink {
  return {
    append(e: AuditEvent): Promise<unknown> {
      const { type, at, ...details } = e;
      const subject = 'warrantId' in e && e.warrantId ? e.warrantId : 'keyId' in e ? e.keyId : 'key' in e ? e.key.keyId : undefined;
      const who = 'actor' in e && typeof e.actor === 'string' ? e.actor : actor;
      return log.append({ type, at, actor: who, ...(subject ? { subject } : {}), details: details as Record<string, unknown> });
    },
  };
}
