/**
 * The `witness` role: one witness of the audit log (a court, a regulator), outside the system like
 * an agency — C2SP tlog-witness `add-checkpoint` over mutual TLS, accepting only the deployment's
 * audit log, cosigning (tlog-cosignature/v1) with its own key only checkpoints consistent with the
 * last one it cosigned (kept under `dir`, reloaded at start), and keeping evidence of any fork.
 * It holds the log's public key, never its signing key.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createCosigner, createNoteVerifier, ed25519RawPublicKey } from '../audit/index.ts';
import { startWitnessService } from '../witness/index.ts';
import { credentialsOf } from './common.ts';
import type { RoleContext, RunningRole } from './context.ts';

export async function startWitnessRole(ctx: RoleContext): Promise<RunningRole> {
  const d = ctx.deployment;
  const w = d.witnesses.find((x) => x.id === ctx.id);
  if (!w) throw new Error(`no witness with id ${ctx.id}`);
  if (d.audit.publicKey === undefined) throw new Error('audit.publicKey is required: the witness verifies the log\'s checkpoints with it');
  const cosigner = createCosigner(w.name, createPrivateKey(readFileSync(w.signingKey, 'utf8')));
  // The audit log checks cosignatures with `publicKey`: a mismatch would make every one worthless.
  if (!Buffer.from(ed25519RawPublicKey(cosigner.privateKey)).equals(ed25519RawPublicKey(createPublicKey(readFileSync(w.publicKey, 'utf8'))))) {
    throw new Error(`witnesses[${w.id}].publicKey is not the public key of its signingKey`);
  }
  const service = await startWitnessService({
    creds: credentialsOf(d, w.tls),
    bind: w.listen,
    cosigner,
    logs: [createNoteVerifier(d.audit.origin, createPublicKey(readFileSync(d.audit.publicKey, 'utf8')))],
    dir: w.dir,
    allowedClients: [d.audit.id],
    onAlarm: (a) => ctx.alarm(a.code, a.evidence === undefined ? a.detail : `${a.detail} (evidence kept in ${a.evidence})`),
  });
  const logs = () => service.stats().logs;
  ctx.metrics.gauge('warranted_witness_requests', 'add-checkpoint requests received').collect(() => service.stats().requests);
  ctx.metrics.gauge('warranted_witness_log_size', 'Size of the latest checkpoint cosigned', ['origin']).collect(() => logs().map((l) => ({ labels: { origin: l.origin }, value: l.size })));
  ctx.metrics.gauge('warranted_witness_cosigned', 'Checkpoints cosigned', ['origin']).collect(() => logs().map((l) => ({ labels: { origin: l.origin }, value: l.cosigned })));
  ctx.metrics
    .gauge('warranted_witness_refused', 'add-checkpoint requests refused, by HTTP status', ['origin', 'status'])
    .collect(() => logs().flatMap((l) => Object.entries(l.refused).map(([status, value]) => ({ labels: { origin: l.origin, status }, value }))));
  ctx.metrics.gauge('warranted_witness_forks', 'Fork evidence records kept (a contradiction signed by the log)', ['origin']).collect(() => logs().map((l) => ({ labels: { origin: l.origin }, value: l.forks })));
  return {
    health: () => Promise.resolve({ healthy: true, checks: Object.fromEntries(logs().map((l) => [l.origin, { ok: l.forks === 0, detail: `cosigned up to ${l.size}${l.forks > 0 ? `; ${l.forks} fork evidence record(s)` : ''}` }])) }),
    stop: () => service.close(),
  };
}
