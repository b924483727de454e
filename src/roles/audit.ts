/**
 * The `audit` role: the transparency log as a service (src/audit/service). Every other system role
 * appends over mutual TLS; an append is acknowledged only once fsync'd. A role may append only in
 * its own name — except the control role, which hosts the warrant core and records the acts of the
 * outside parties it authenticated itself (an authority's approval, an agency's request), never in
 * the name of another role of the system.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createNoteSigner, openAuditDirectory, repairTornTail } from '../audit/index.ts';
import { startAuditService } from '../audit/service/server.ts';
import type { Deployment } from '../platform/config/types.ts';
import { credentialsOf } from './common.ts';
import type { RoleContext, RunningRole } from './context.ts';

/** Which client may write which actor (see the file comment). */
export function auditActorPolicy(d: Deployment): (client: string, actor: string) => boolean {
  const control = new Set([d.control.admf.id, d.control.desk.id]);
  const roles = new Set([d.audit.id, d.mediation.id, ...d.agencies.map((a) => a.lemf.id), ...d.operators.flatMap((o) => o.elements.map((e) => e.id))]);
  return (client, actor) => client === actor || (control.has(client) && !roles.has(actor));
}

export async function startAuditRole(ctx: RoleContext): Promise<RunningRole> {
  const d = ctx.deployment;
  const a = d.audit;
  const signer = createNoteSigner(a.origin, createPrivateKey(readFileSync(a.signingKey, 'utf8')));
  // A kill -9 in the middle of a batch leaves a partial last line that was never acknowledged
  // (acks follow fdatasync) and no checkpoint covers: cut it (kept in <dir>/torn/) and reopen.
  const torn = await repairTornTail(a.dir);
  if (torn.cutBytes > 0) ctx.log.warn('torn entries tail cut at start', { bytes: torn.cutBytes, savedTo: torn.savedTo });
  const log = await openAuditDirectory({ dir: a.dir, signer, fsync: true });
  const service = await startAuditService({
    creds: credentialsOf(d, a.tls),
    bind: a.listen,
    log,
    dir: a.dir,
    allowedClients: [d.control.admf.id, d.control.desk.id, d.mediation.id],
    checkpointIntervalMs: a.checkpointIntervalMs,
    actorPolicy: auditActorPolicy(d),
    onAlarm: (x) => ctx.alarm(x.code, x.detail),
  });
  ctx.metrics.gauge('warranted_audit_log_size', 'Entries in the log').collect(() => log.size);
  ctx.metrics.gauge('warranted_audit_append_requests', 'Acknowledged append requests').collect(() => service.stats().appendRequests);
  ctx.metrics.gauge('warranted_audit_requests', 'HTTP requests received').collect(() => service.stats().requests);
  return {
    health: () => Promise.resolve({ healthy: true, checks: { log: { ok: true, detail: `${log.size} entries` } } }),
    stop: async () => {
      await service.close();
      await log.close();
    },
  };
}
