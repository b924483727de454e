/**
 * The RDHI's decisions on the transparency log (issue 11 item 4): each RdhiRecorder call appends
 * its rd.* event (src/audit/rd-events.ts) through the audit client and resolves only once the audit
 * service acknowledged it durable (RemoteAuditLog.append). A refused or failed append rejects, and
 * the handler then answers "unavailable" without reading or disclosing anything (fail closed).
 * The actor is the RDHI's certificate identity: the audit service lets it write only in its own
 * name (src/roles/audit.ts).
 */
import { rdDisclosedEvent, rdRefusedEvent, rdRequestEvent } from '../audit/rd-events.ts';
import type { AuditEvent } from '../audit/event.ts';
import type { RdhiRecorder } from '../retained-data/rdhi/handler.ts';

export interface AuditAppender {
  append(e: AuditEvent): Promise<unknown>;
}

export function rdhiAuditRecorder(log: AuditAppender, o: { rdhiId: string; operatorId: string; now?: () => Date }): RdhiRecorder {
  const now = o.now ?? (() => new Date());
  const operatorId = o.operatorId;
  return {
    request: async (d) => {
      await log.append(rdRequestEvent(now(), o.rdhiId, { ...d, operatorId }));
    },
    refused: async (d) => {
      await log.append(rdRefusedEvent(now(), o.rdhiId, { ...d, operatorId }));
    },
    disclosed: async (d) => {
      await log.append(rdDisclosedEvent(now(), o.rdhiId, { ...d, operatorId }));
    },
  };
}
