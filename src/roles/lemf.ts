/**
 * The `lemf` role: one agency's reference monitoring centre (outside the system, like a real
 * agency) — HI2 and HI3 ports with mutual TLS accepting only the deployment's MDF, evidence and
 * index under `lemf.dir` (reloaded at start), and, when `lemf.console` is configured, the agency's
 * console (src/console, docs/console.md) with the LEMF's own access log (a signed Merkle log in
 * `<dir>/access-log`) holding every look, every change of rights and every destruction. Without a
 * console the LEMF's reads and destructions go to `<dir>/access.jsonl` as before.
 */
import { createPublicKey } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMonitoringCentre } from '../monitoring/index.ts';
import { readSecretKeyFile } from '../platform/sealed.ts';
import { prepareConsole, type PreparedConsole, type RunningConsole } from '../console/server/start-console.ts';
import type { Deployment } from '../platform/config/types.ts';
import type { RdOperatorEndpoint } from '../console/server/start-console.ts';
import { listOrders } from '../warrants/desk/index.ts';
import { credentialsOf } from './common.ts';
import type { RoleContext, RunningRole } from './context.ts';

export async function startLemfRole(ctx: RoleContext): Promise<RunningRole> {
  const d = ctx.deployment;
  const agency = d.agencies.find((a) => a.lemf.id === ctx.id);
  if (!agency) throw new Error(`no agency has a LEMF with id ${ctx.id}`);
  const l = agency.lemf;
  const creds = credentialsOf(d, l.tls);
  const evidenceKey = readSecretKeyFile(l.evidenceKey, 'agencies[].lemf.evidenceKey');
  const accessLog = join(l.dir, 'access.jsonl');
  const c = l.console;
  const prepared: PreparedConsole | undefined = c
    ? await prepareConsole({
        lemfId: l.id,
        dir: l.dir,
        listen: c.listen,
        creds,
        logKeyPem: readFileSync(c.logKey, 'utf8'),
        evidenceKey,
        ...(c.adminPassword ? { adminPassword: readFileSync(c.adminPassword, 'utf8').trim() } : {}),
        exportApproval: c.exportApproval,
        ...(c.tileUrl ? { tileUrl: c.tileUrl } : {}),
        ...(c.store ? { postgres: c.store.url } : {}),
        ...(c.hi1 ? { warrantDesk: { creds: credentialsOf(d, c.hi1), endpoint: d.control.desk.listen, agencyId: agency.id, deskId: d.control.desk.id } } : {}),
        // Retained data with the same client certificate: the RDHI requires the TLS peer to be the order's agency (docs/rd.md).
        ...(c.hi1 && rdOperators(d).length > 0 ? { retainedData: { creds: credentialsOf(d, c.hi1), agencyId: agency.id, countryCode: d.mediation.authorizationCountryCode, operators: rdOperators(d), listOrders: (desk) => listOrders(desk) } } : {}),
        onAlarm: (code, detail) => ctx.alarm(code, detail),
      })
    : undefined;
  let lemf: Awaited<ReturnType<typeof startMonitoringCentre>>;
  try {
    lemf = await startMonitoringCentre({
      id: l.id,
      creds,
      host: l.hi2.host,
      hi2Port: l.hi2.port,
      hi3Port: l.hi3.port,
      dataDir: l.dir,
      evidenceKey,
      acceptPeers: [d.mediation.id],
      sequenceContext: 'ts102232',
      integrityPublicKey: readFileSync(l.integrityPublicKey, 'utf8'),
      acknowledge: l.acknowledge,
      onAlarm: (a) => ctx.alarm(a.code, a.detail),
      // The agency's own access log (the monitoring centre is outside the system's audit log).
      onAccess: prepared ? prepared.onAccess : (e) => appendFileSync(accessLog, `${JSON.stringify({ event: 'access', ...e })}\n`, { mode: 0o600 }),
      onDestruction: prepared ? prepared.onDestruction : (e) => appendFileSync(accessLog, `${JSON.stringify({ event: 'destruction', ...e })}\n`, { mode: 0o600 }),
      ...(prepared ? { onRecords: prepared.onRecords } : {}),
    });
  } catch (e) {
    await prepared?.close();
    throw e;
  }
  let console: RunningConsole | undefined;
  try {
    console = await prepared?.start(lemf.store);
  } catch (e) {
    await lemf.stop();
    await prepared?.close();
    throw e;
  }
  const s = () => lemf.stats();
  ctx.metrics.gauge('warranted_lemf_records', 'Records held').collect(() => s().records);
  ctx.metrics.gauge('warranted_lemf_sequence_missing', 'Sequence numbers missing').collect(() => s().missing);
  ctx.metrics.gauge('warranted_lemf_duplicates', 'PDUs received twice').collect(() => s().duplicates);
  ctx.metrics.gauge('warranted_lemf_integrity_ok', 'Annex J checks verified').collect(() => s().integrity.ok);
  ctx.metrics.gauge('warranted_lemf_integrity_failed', 'Annex J checks failed (a PDU altered)').collect(() => s().integrity.failed);
  ctx.metrics.gauge('warranted_lemf_integrity_missing', 'Annex J checks naming a PDU never received (a loss)').collect(() => s().integrity.missing);
  ctx.metrics.gauge('warranted_lemf_connections', 'Open HI2/HI3 connections', ['channel']).collect(() => Object.entries(s().connections).map(([channel, value]) => ({ labels: { channel }, value })));
  if (prepared) ctx.metrics.gauge('warranted_lemf_access_log_entries', "Entries in the LEMF's console access log").collect(() => prepared.accessLog.size);
  return {
    health: () =>
      Promise.resolve({
        healthy: true,
        checks: {
          hi2: { ok: true, detail: `${lemf.hi2Endpoint.host}:${lemf.hi2Endpoint.port}` },
          hi3: { ok: true, detail: `${lemf.hi3Endpoint.host}:${lemf.hi3Endpoint.port}` },
          ...(console ? { console: { ok: true, detail: console.server.url } } : {}),
        },
      }),
    routes: {
      // Read-only summary for the demo's verdict and for tests (counts only, no content).
      'GET /summary': () => Promise.resolve({ ...s(), liids: lemf.store.liids(), ...(console ? { console: console.server.url } : {}) }),
    },
    stop: async () => {
      try {
        await prepared?.close();
      } finally {
        await lemf.stop();
      }
    },
  };
}

/**
 * The operators whose RDHI the console may ask: `operators[].retainedData.rdhi` with its answer key,
 * the `.pub.pem` beside `rdhi.signingKey` (docs/rd.md; the same rule as `warranted rd request`). An
 * RDHI without that public key is left out: an answer that cannot be verified is never shown.
 */
function rdOperators(d: Deployment): RdOperatorEndpoint[] {
  const out: RdOperatorEndpoint[] = [];
  for (const op of d.operators) {
    const rdhi = op.retainedData?.rdhi;
    const pub = rdhi?.signingKey.replace(/(\.key)?\.pem$/u, '.pub.pem');
    if (!rdhi || !pub || pub === rdhi.signingKey || !existsSync(pub)) continue;
    out.push({ id: op.id, endpoint: rdhi.listen, publicKey: createPublicKey(readFileSync(pub, 'utf8')) });
  }
  return out;
}
