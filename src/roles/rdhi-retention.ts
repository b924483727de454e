/**
 * Retention deletions on the transparency log (issue 11 item 1: "older data is deleted on schedule,
 * with an audit event of what was deleted"). The operator's identity at the audit service is its
 * RDHI's (`operators[].retainedData.rdhi`: certificate and id); the sweep's record of each category
 * — category, cut-off, row count, SHA-256 over the deleted rows — is appended as
 * `rd.retention-deleted` in that name (src/audit/rd-events.ts), and the audit service admits it as
 * any event an RDHI writes in its own name (src/roles/audit.ts). The append is awaited inside the
 * deletion's transaction (src/retained-data/retention.ts): no acknowledgement, no deletion.
 *
 * Without an RDHI the operator has no identity at the audit service: undefined here, and the network
 * role deletes with the store's and the process log's record only (docs/retained-data.md says so).
 */
import { rdRetentionDeletedEvent } from '../audit/rd-events.ts';
import { RemoteAuditLog } from '../audit/service/client.ts';
import type { Deployment, OperatorConfig } from '../platform/config/types.ts';
import type { RetentionEvent } from '../retained-data/retention.ts';
import { credentialsOf } from './common.ts';

export interface RetentionAuditor {
  /** The RDHI identity the deletions are logged in. */
  readonly actor: string;
  /** Resolves once the audit service acknowledged the event durable; rejects otherwise. */
  report: (e: RetentionEvent) => Promise<void>;
  close: () => Promise<void>;
}

export function retentionAuditor(d: Deployment, op: OperatorConfig, now: () => Date = () => new Date()): RetentionAuditor | undefined {
  const cfg = op.retainedData?.rdhi;
  if (!cfg) return undefined;
  const log = new RemoteAuditLog({ creds: credentialsOf(d, cfg.tls), endpoint: d.audit.listen, serverIdentity: d.audit.id });
  return {
    actor: cfg.id,
    report: async (e) => {
      // The interval goes with each event: audit verify holds consecutive sweeps to it (rd-retention-on-schedule).
      await log.append(rdRetentionDeletedEvent(now(), cfg.id, { ...e, sweepIntervalMs: op.retainedData!.sweepIntervalMs }));
    },
    close: () => log.close(),
  };
}
