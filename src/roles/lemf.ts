/**
 * The `lemf` role: one agency's reference monitoring centre (outside the system, like a real
 * agency) — HI2 and HI3 ports with mutual TLS accepting only the deployment's MDF, evidence and
 * index under `lemf.dir` (reloaded at start), and the agency's own access log beside them.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMonitoringCentre } from '../monitoring/index.ts';
import { readSecretKeyFile } from '../platform/sealed.ts';
import { credentialsOf } from './common.ts';
import type { RoleContext, RunningRole } from './context.ts';
import { readFileSync } from 'node:fs';

export async function startLemfRole(ctx: RoleContext): Promise<RunningRole> {
  const d = ctx.deployment;
  const agency = d.agencies.find((a) => a.lemf.id === ctx.id);
  if (!agency) throw new Error(`no agency has a LEMF with id ${ctx.id}`);
  const l = agency.lemf;
  const accessLog = join(l.dir, 'access.jsonl');
  const lemf = await startMonitoringCentre({
    id: l.id,
    creds: credentialsOf(d, l.tls),
    host: l.hi2.host,
    hi2Port: l.hi2.port,
    hi3Port: l.hi3.port,
    dataDir: l.dir,
    evidenceKey: readSecretKeyFile(l.evidenceKey, 'agencies[].lemf.evidenceKey'),
    acceptPeers: [d.mediation.id],
    sequenceContext: 'ts102232',
    integrityPublicKey: readFileSync(l.integrityPublicKey, 'utf8'),
    acknowledge: l.acknowledge,
    onAlarm: (a) => ctx.alarm(a.code, a.detail),
    // The agency's own access log (the monitoring centre is outside the system's audit log).
    onAccess: (e) => appendFileSync(accessLog, `${JSON.stringify({ event: 'access', ...e })}\n`, { mode: 0o600 }),
    onDestruction: (e) => appendFileSync(accessLog, `${JSON.stringify({ event: 'destruction', ...e })}\n`, { mode: 0o600 }),
  });
  const s = () => lemf.stats();
  ctx.metrics.gauge('warranted_lemf_records', 'Records held').collect(() => s().records);
  ctx.metrics.gauge('warranted_lemf_sequence_missing', 'Sequence numbers missing').collect(() => s().missing);
  ctx.metrics.gauge('warranted_lemf_duplicates', 'PDUs received twice').collect(() => s().duplicates);
  ctx.metrics.gauge('warranted_lemf_integrity_ok', 'Annex J checks verified').collect(() => s().integrity.ok);
  ctx.metrics.gauge('warranted_lemf_integrity_failed', 'Annex J checks failed (a PDU altered)').collect(() => s().integrity.failed);
  ctx.metrics.gauge('warranted_lemf_integrity_missing', 'Annex J checks naming a PDU never received (a loss)').collect(() => s().integrity.missing);
  ctx.metrics.gauge('warranted_lemf_connections', 'Open HI2/HI3 connections', ['channel']).collect(() => Object.entries(s().connections).map(([channel, value]) => ({ labels: { channel }, value })));
  return {
    health: () => Promise.resolve({ healthy: true, checks: { hi2: { ok: true, detail: `${lemf.hi2Endpoint.host}:${lemf.hi2Endpoint.port}` }, hi3: { ok: true, detail: `${lemf.hi3Endpoint.host}:${lemf.hi3Endpoint.port}` } } }),
    routes: {
      // Read-only summary for the demo's verdict and for tests (counts only, no content).
      'GET /summary': () => Promise.resolve({ ...s(), liids: lemf.store.liids() }),
    },
    stop: () => lemf.stop(),
  };
}
