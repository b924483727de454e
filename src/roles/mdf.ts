/**
 * The `mdf` role: mediation (MDF2/MDF3) as its own process — X1 responder for the ADMF, X2/X3
 * ingest from the deployment's network elements only, delivery to the agencies' LEMFs. Its tasks,
 * destinations and outboxes are on disk under `mediation.dir` and reloaded at start
 * (src/mediation); the audit log is the remote service, and a refused append stops delivery.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startMediation } from '../mediation/mdf.ts';
import { RemoteAuditLog } from '../audit/service/client.ts';
import { credentialsOf, operatorOfElement } from './common.ts';
import type { RoleContext, RunningRole } from './context.ts';

export async function startMdfRole(ctx: RoleContext): Promise<RunningRole> {
  const d = ctx.deployment;
  const m = d.mediation;
  const creds = credentialsOf(d, m.tls);
  const log = new RemoteAuditLog({ creds, endpoint: d.audit.listen, serverIdentity: d.audit.id });
  const alarms = ctx.metrics.counter('warranted_mdf_alarms_total', 'Mediation alarms', ['code']);
  const mediation = await startMediation({
    identifier: m.id,
    creds,
    bindHost: m.x1.host,
    x1Port: m.x1.port,
    x2x3Port: m.x2x3.port,
    admfIdentifier: d.control.admf.id,
    allowedPois: d.operators.flatMap((op) => op.elements.map((ne) => ne.id)),
    dataDir: m.dir,
    audit: log,
    authorizationCountryCode: m.authorizationCountryCode,
    deliveryCountryCode: m.deliveryCountryCode,
    operatorOf: operatorOfElement(d),
    integrityKey: createPrivateKey(readFileSync(m.integrityKey, 'utf8')),
    outboxKey: readOutboxKey(m.outboxKey),
    delivery: {
      acknowledgement: { mode: m.delivery.acknowledgement, everyPdus: m.delivery.ackEveryPdus, intervalMs: m.delivery.ackIntervalMs, timeoutMs: m.delivery.ackTimeoutMs },
      commitMs: m.delivery.commitMs,
      quotaBytes: m.delivery.quotaBytes,
    },
    keepaliveIdleMs: d.timers.hiKeepaliveMs,
    hashIntervalMs: d.timers.annexJHashIntervalMs,
    // TS 103 221-1 §6.6.2: the MDF is an NE like the POIs; a silent ADMF ends its tasks, reported at /X1/ADMF.
    failSafeMs: d.timers.x1FailSafeMs,
    admfEndpoint: d.control.admf.listen,
    onAlarm: (a) => {
      alarms.inc({ code: a.code });
      ctx.alarm(a.code, a.detail);
    },
  });
  const stat = () => mediation.stats();
  ctx.metrics.gauge('warranted_mdf_pdus_in', 'X2/X3 PDUs received').collect(() => stat().received);
  ctx.metrics.gauge('warranted_mdf_pdus_out', 'PS-PDUs written to the LEMFs').collect(() => stat().delivered);
  ctx.metrics.gauge('warranted_mdf_held_back', 'Converted records waiting for their group commit and audit batch').collect(() => stat().heldBack);
  ctx.metrics.gauge('warranted_mdf_tasks', 'Active tasks').collect(() => stat().tasks);
  ctx.metrics.gauge('warranted_mdf_fail_safe_trips', 'Times the X1 fail-safe (TS 103 221-1 §6.6.2) ended every task').collect(() => stat().failSafe.trips);
  ctx.metrics.gauge('warranted_mdf_failed_closed', '1 when delivery stopped because the audit log refused').collect(() => (stat().failedClosed ? 1 : 0));
  ctx.metrics.gauge('warranted_mdf_pdus_refused', 'X2/X3 PDUs refused, by reason', ['reason']).collect(() => Object.entries(stat().refused).map(([reason, value]) => ({ labels: { reason }, value })));
  ctx.metrics.gauge('warranted_mdf_outbox_depth', 'Records in the outbox not yet confirmed by the LEMF (acknowledged, or written when it does not acknowledge)', ['destination']).collect(() => stat().destinations.map((x) => ({ labels: { destination: x.did }, value: x.queued })));
  ctx.metrics.gauge('warranted_mdf_outbox_oldest_seconds', 'Age of the oldest record in the outbox not yet written to the LEMF (0 when empty)', ['destination']).collect(() => stat().destinations.map((x) => ({ labels: { destination: x.did }, value: x.oldestAt === undefined ? 0 : (Date.now() - x.oldestAt) / 1000 })));
  ctx.metrics.gauge('warranted_mdf_x2x3_lost', 'X2/X3 PDUs known lost between the POIs and the MDF (TS 103 221-2 §5.3.9 sequence gaps)').collect(() => stat().x2x3.lost);
  ctx.metrics.gauge('warranted_mdf_x2x3_sequence_events', 'X2/X3 sequence gaps, duplicates, POI restarts, unnumbered PDUs', ['event']).collect(() => {
    const x = stat().x2x3;
    return [{ labels: { event: 'gap' }, value: x.gaps }, { labels: { event: 'duplicate' }, value: x.duplicates }, { labels: { event: 'restart' }, value: x.restarts }, { labels: { event: 'unnumbered' }, value: x.unnumbered }];
  });
  ctx.metrics.gauge('warranted_mdf_x2x3_paused', '1 while X2/X3 reading is paused because delivery is behind (backpressure)').collect(() => (stat().paused ? 1 : 0));
  ctx.metrics.gauge('warranted_mdf_outbox_bytes', 'Octets of the outbox on disk, and its quota', ['destination', 'kind']).collect(() => stat().destinations.flatMap((x) => [{ labels: { destination: x.did, kind: 'used' }, value: x.bytesOnDisk }, { labels: { destination: x.did, kind: 'quota' }, value: x.quotaBytes }]));
  ctx.metrics.gauge('warranted_mdf_destination_acknowledged', '1 when the LEMF acknowledges (TS 102 232-1 §6.3.6: received and durable), 0 when records count once written', ['destination']).collect(() => stat().destinations.map((x) => ({ labels: { destination: x.did }, value: x.guarantee === 'acknowledged' ? 1 : 0 })));
  ctx.metrics.gauge('warranted_mdf_resent', 'PS-PDUs sent again after a reconnect (unacknowledged when the connection was lost)', ['destination']).collect(() => stat().destinations.map((x) => ({ labels: { destination: x.did }, value: x.resent })));
  ctx.metrics.gauge('warranted_mdf_ack_timeouts', 'TIME5 expiries: no pDUAcknowledgementResponse in time, connection reset', ['destination']).collect(() => stat().destinations.map((x) => ({ labels: { destination: x.did }, value: x.ackTimeouts })));
  ctx.metrics.gauge('warranted_mdf_destination_connected', '1 while the HI2/HI3 connection to the destination is up', ['destination']).collect(() => stat().destinations.map((x) => ({ labels: { destination: x.did }, value: x.connected ? 1 : 0 })));
  return {
    health: async () => {
      const s = stat();
      const auditOk = await log.ping().then(() => true, () => false);
      return { healthy: auditOk && !s.failedClosed, checks: { audit: { ok: auditOk }, delivery: { ok: !s.failedClosed, detail: s.failedClosed ? 'failed closed: the audit log refused an event' : `${s.tasks} tasks` } } };
    },
    stop: async () => {
      await mediation.flush(5000);
      await mediation.stop();
      await log.close();
    },
  };
}

/** The outbox key file: exactly 32 octets (AES-256-GCM), as `init` writes it. */
function readOutboxKey(file: string): Uint8Array {
  const key = new Uint8Array(readFileSync(file));
  if (key.length !== 32) throw new Error(`mediation.outboxKey ${file}: expected 32 octets (an AES-256 key), got ${key.length}`);
  return key;
}
