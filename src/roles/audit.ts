/**
 * The `audit` role: the transparency log as a service (src/audit/service). Every other system role
 * appends over mutual TLS; an append is acknowledged only once fsync'd. A role may append only in
 * its own name — except the control role, which hosts the warrant core and records the acts of the
 * outside parties it authenticated itself (an authority's approval, an agency's request), never in
 * the name of another role of the system. An operator's RDHI (retained data) appends its rd.* events
 * and its operator's retention deletions (rd.retention-deleted) in its own name, and reads the log
 * for the authorities' key events (revocations; src/roles/rdhi-keys.ts) — as every allowed client
 * may read every entry: entries carry commitments, never identities in clear. With `audit.witnessPolicy` it sends every checkpoint to
 * the witnesses (src/audit/service/cosigning.ts) and writes `<dir>/witness-policy.txt` at start.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createCosignatureVerifier, createNoteSigner, createNoteVerifier, ed25519RawPublicKey, openAuditDirectory, repairTornTail, type NoteSigner } from '../audit/index.ts';
import { startAuditService, type AuditServiceOptions } from '../audit/service/server.ts';
import type { Deployment } from '../platform/config/types.ts';
import { credentialsOf, rdhiIdentities, systemIdentities } from './common.ts';

export { rdhiIdentities } from './common.ts';
import type { RoleContext, RunningRole } from './context.ts';

/** Which client may write which actor (see the file comment). */
export function auditActorPolicy(d: Deployment): (client: string, actor: string) => boolean {
  const control = new Set([d.control.admf.id, d.control.desk.id]);
  const roles = new Set([d.audit.id, d.mediation.id, ...d.agencies.map((a) => a.lemf.id), ...d.operators.flatMap((o) => o.elements.map((e) => e.id)), ...rdhiIdentities(d)]);
  return (client, actor) => client === actor || (control.has(client) && !roles.has(actor));
}

/** The witness policy and endpoints of the deployment file (undefined: no `audit.witnessPolicy`). */
export function auditWitnessing(d: Deployment, signer: NoteSigner): AuditServiceOptions['witnessing'] {
  const p = d.audit.witnessPolicy;
  if (p === undefined) return undefined;
  if (d.audit.publicKey !== undefined && !Buffer.from(ed25519RawPublicKey(signer.publicKey)).equals(ed25519RawPublicKey(createPublicKey(readFileSync(d.audit.publicKey, 'utf8'))))) {
    throw new Error('audit.publicKey is not the public key of audit.signingKey: every witness would refuse the checkpoints');
  }
  const chosen = p.witnesses.map((id) => d.witnesses.find((w) => w.id === id)!);
  return {
    policy: {
      log: createNoteVerifier(d.audit.origin, signer.publicKey),
      witnesses: chosen.map((w) => ({ name: w.id, verifier: createCosignatureVerifier(w.name, createPublicKey(readFileSync(w.publicKey, 'utf8'))) })),
      groups: [],
      quorum: { kind: 'count', n: p.quorum },
    },
    endpoints: chosen.map((w) => ({ name: w.id, identity: w.id, endpoint: w.listen })),
    maxWaitMs: p.maxWaitMs,
  };
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
  const witnessing = auditWitnessing(d, signer);
  const service = await startAuditService({
    creds: credentialsOf(d, a.tls),
    bind: a.listen,
    log,
    dir: a.dir,
    // The system's identities (control, MDF, RDHIs); each reads the whole log (GET /v1/entries) —
    // the RDHI needs the keys.* events (src/roles/rdhi-keys.ts) — and writes as auditActorPolicy says.
    allowedClients: systemIdentities(d),
    checkpointIntervalMs: a.checkpointIntervalMs,
    actorPolicy: auditActorPolicy(d),
    onAlarm: (x) => ctx.alarm(x.code, x.detail),
    ...(witnessing === undefined ? {} : { witnessing }),
  });
  ctx.metrics.gauge('warranted_audit_log_size', 'Entries in the log').collect(() => log.size);
  ctx.metrics.gauge('warranted_audit_append_requests', 'Acknowledged append requests').collect(() => service.stats().appendRequests);
  ctx.metrics.gauge('warranted_audit_requests', 'HTTP requests received').collect(() => service.stats().requests);
  const witnesses = () => service.stats().cosigning?.witnesses ?? [];
  const perWitness = (value: (w: ReturnType<typeof witnesses>[number]) => number) => () => witnesses().map((w) => ({ labels: { witness: w.name }, value: value(w) }));
  ctx.metrics.gauge('warranted_audit_witness_cosignatures', 'Cosignatures collected from each witness', ['witness']).collect(perWitness((w) => w.cosignatures));
  ctx.metrics.gauge('warranted_audit_witness_failures', 'add-checkpoint requests a witness did not answer', ['witness']).collect(perWitness((w) => w.failures));
  ctx.metrics.gauge('warranted_audit_witness_refusals', 'add-checkpoint answers refusing the checkpoint', ['witness']).collect(perWitness((w) => w.refusals));
  ctx.metrics.gauge('warranted_audit_witness_reachable', '1 when the witness answered its last request', ['witness']).collect(perWitness((w) => (w.reachable === true ? 1 : 0)));
  ctx.metrics.gauge('warranted_audit_witness_cosigned_size', 'Size of the latest checkpoint the witness cosigned', ['witness']).collect(perWitness((w) => w.cosignedSize ?? 0));
  ctx.metrics.gauge('warranted_audit_anchors', 'POST /v1/anchor requests, by outcome', ['outcome']).collect(() => {
    const a = service.stats().cosigning?.anchors;
    return a === undefined ? [] : [{ labels: { outcome: 'answered' }, value: a.answered }, { labels: { outcome: 'no_quorum' }, value: a.noQuorum }];
  });
  return {
    // A witness down does not make the log unhealthy (restarting it would not help); the check says so.
    health: () =>
      Promise.resolve({
        healthy: true,
        checks: {
          log: { ok: true, detail: `${log.size} entries` },
          ...Object.fromEntries(witnesses().map((w) => [`witness ${w.name}`, { ok: w.reachable !== false, detail: `cosigned up to ${w.cosignedSize ?? '?'}` }])),
        },
      }),
    stop: async () => {
      await service.close();
      await log.close();
    },
  };
}
