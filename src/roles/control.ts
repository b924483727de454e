/**
 * The `control` role: the HI-1 warrant desk, the warrant service with its own activation/expiry
 * timer, and the ADMF (X1 towards every element and the MDF, /X1/ADMF, keepalives, reconciliation),
 * sharing one warrant store. Nothing lawful depends on this process's memory: at start it rebuilds
 * the key registry from the audit log, expires what ended while it was down, and reconciles every
 * element against the active warrants in the store.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  KeyRegistry,
  ProductionOrderService,
  SqlOrderStore,
  WarrantService,
  defaultProfilesDir,
  loadOrderProfiles,
  loadProfiles,
  openEmbeddedWarrantStore,
  openPostgresWarrantStore,
  orderAuditSink,
  systemClock,
  type OrderIdentifier,
  type ProductionOrderProfile,
  type SqlWarrantStore,
} from '../warrants/index.ts';
import { rdIdentifierCommitInput } from '../audit/rd-events.ts';
import { deskObjectsKeyFrom, FileDeskObjectStore, WarrantDesk, keyRegistryEventsFromLog, startDeskServer, warrantAuditSink } from '../warrants/desk/index.ts';
import { Provisioning, type TaskOrder } from '../provisioning/admf.ts';
import { ProvisioningChangeQueue } from '../provisioning/change-queue.ts';
import { RemoteAuditLog } from '../audit/service/client.ts';
import { commitTarget, warrantSalt } from '../audit/commitment.ts';
import type { Deployment } from '../platform/config/types.ts';
import { credentialsOf, registryOf } from './common.ts';
import { auditRegistryChanges } from './registry-changes.ts';
import { ensureAuthorities } from './authorities.ts';
import { auditActorPolicy } from './audit.ts';
import type { RoleContext, RunningRole } from './context.ts';
import { journalKeyFrom } from '../provisioning/audit-trail.ts';

async function openStore(d: Deployment): Promise<SqlWarrantStore> {
  const s = d.control.store;
  return s.kind === 'embedded' ? openEmbeddedWarrantStore({ dataDir: s.dir }) : openPostgresWarrantStore({ connectionString: s.url });
}

export async function startControlRole(ctx: RoleContext): Promise<RunningRole> {
  const d = ctx.deployment;
  mkdirSync(d.control.dir, { recursive: true, mode: 0o700 });
  const admfCreds = credentialsOf(d, d.control.admf.tls);
  const deskCreds = credentialsOf(d, d.control.desk.tls);
  // The warrant core writes events in the acting authority's name; the log service lets the
  // control role's identity do so (src/roles/audit.ts), never the other roles.
  const mayWrite = auditActorPolicy(d);
  // An anchor may wait maxWaitMs for the witnesses: the client must wait longer, so that the
  // service's AUDIT_NO_QUORUM arrives rather than a timeout (either refuses the activation).
  const timeoutMs = Math.max(5000, (d.audit.witnessPolicy?.maxWaitMs ?? 0) + 3000);
  const log = new RemoteAuditLog({ creds: admfCreds, endpoint: d.audit.listen, serverIdentity: d.audit.id, timeoutMs, actorPolicy: (actor) => mayWrite(d.control.admf.id, actor) });
  const core = warrantAuditSink(log, d.control.desk.id);
  const keys = KeyRegistry.fromEvents(keyRegistryEventsFromLog(await log.allEvents()), { clock: systemClock, audit: core });
  await ensureAuthorities(keys, d.control.authorities, ctx);
  await auditRegistryChanges(d, log, ctx);

  // Targets reach the log only as salted commitments, one salt per warrant (src/audit/commitment.ts).
  const identityKey = new Uint8Array(readFileSync(d.control.identityKey));
  const commit = (warrantId: string, t: { kind: string; value: string }): string => commitTarget(warrantSalt(identityKey, warrantId), t.kind, t.value);
  const store = await openStore(d);
  let operatorPolicies = d.operators.map((op) => ({ operatorId: op.id, fourEyes: op.policy.fourEyes, officers: [...op.policy.officers] }));
  const service = new WarrantService({ store, audit: core, keys, profiles: loadProfiles(d.control.profilesDir), clock: systemClock, operatorPolicies, commitTarget: commit });
  // Production orders for retained data (docs/production-orders.md): same store, log and keys;
  // identifiers reach the log only as commitments under the order's own salt. A profiles directory
  // without production-orders/ loads none: every order is then refused (ORDER_PROFILE_UNKNOWN).
  const orderProfilesDir = join(d.control.profilesDir ?? defaultProfilesDir, 'production-orders');
  const commitOrderIdentifier = (orderId: string, id: OrderIdentifier): string => {
    const c = rdIdentifierCommitInput(id);
    return commitTarget(warrantSalt(identityKey, orderId), c.kind, c.value);
  };
  const orderProfiles = existsSync(orderProfilesDir) ? loadOrderProfiles(orderProfilesDir) : new Map<string, ProductionOrderProfile>();
  const orders = new ProductionOrderService({
    store: new SqlOrderStore(store),
    audit: orderAuditSink(log, d.control.desk.id),
    keys,
    profiles: orderProfiles,
    clock: systemClock,
    commitIdentifier: commitOrderIdentifier,
  });
  // The desk (HI-1) fronts both warrants and production orders (docs/hi1-intake.md "Production
  // orders on HI-1"); each operator's RDHI identity may GET the orders addressed to its operator.
  const rdhi = new Map(d.operators.flatMap((op) => (op.retainedData?.rdhi ? [[op.retainedData.rdhi.id, op.id] as const] : [])));
  const desk = new WarrantDesk({
    service,
    keys,
    audit: log,
    coreAudit: core,
    clock: systemClock,
    identityKey: new Uint8Array(readFileSync(d.control.identityKey)),
    objects: await FileDeskObjectStore.open(join(d.control.dir, 'desk-objects.jsonl'), deskObjectsKeyFrom(identityKey)),
    orders: { service: orders, profiles: orderProfiles, rdhi, identifierSalt: (orderId) => warrantSalt(identityKey, orderId) },
  });

  const x1Exchanges = ctx.metrics.counter('warranted_x1_exchanges_total', 'X1 exchanges sent by the ADMF', ['element', 'outcome']);
  const x1Latency = ctx.metrics.histogram('warranted_x1_exchange_seconds', 'X1 exchange round trips (request sent to answer)', undefined, ['element']);
  const findings = ctx.metrics.counter('warranted_reconciliation_findings_total', 'Reconciliation findings', ['kind']);
  const provisioning = new Provisioning({
    identifier: d.control.admf.id,
    creds: admfCreds,
    registry: registryOf(d),
    audit: log,
    dataDir: d.control.dir,
    // The X1 journal names targets: sealed under a key derived from the identity key (audit-trail.ts).
    journalKey: journalKeyFrom(identityKey),
    timeoutMs: d.timers.x1TimeoutMs,
    warrantedTasks: () => service.activeTasks(),
    // A warrant that stopped while its deactivation was lost (this process died between the
    // expiry's commit and the X1 DeactivateTask) is found here, so reconciliation deactivates its
    // task as ended whatever ran first at start — never as a rogue one.
    endedTasks: (xids) => service.endedTasks(xids),
    commitTarget: commit,
    // No activation before the witnesses cosigned its announcement (issue 9), when the deployment has witnesses.
    ...(d.audit.witnessPolicy ? { witnessed: (index: number) => log.anchor(index) } : {}),
    onAlarm: (code, detail) => ctx.alarm(code, detail),
    onExchange: (element: string, ok: boolean, durationMs?: number) => {
      x1Exchanges.inc({ element, outcome: ok ? 'ok' : 'error' });
      if (durationMs !== undefined) x1Latency.observe({ element }, durationMs / 1000);
    },
  });
  const admfServer = await provisioning.listen(d.control.admf.listen);

  // Per warrant, changes are applied in commit order and retried until every element acknowledged.
  const queue = new ProvisioningChangeQueue<TaskOrder>({
    apply: async (order) => (await provisioning.apply(order)).every((s) => s.state !== 'failed'),
    onAlarm: (code, detail) => ctx.alarm(code, detail),
  });
  service.onChange((c) => {
    ctx.log.info('warrant change', { warrantId: c.warrantId, from: c.from, to: c.to, activate: c.activate.length, deactivate: c.deactivate.length });
    const order = { activate: c.activate, deactivate: c.deactivate, reason: c.reason };
    // While it waits behind an earlier order of its warrant, reconciliation leaves its tasks to it.
    const settled = provisioning.pending(order);
    void queue.enqueue({ warrantId: c.warrantId, stopsOnly: c.activate.length === 0, order }).finally(settled);
    return Promise.resolve();
  });

  // The warrant service's own clock: activation of approved warrants whose start has come, expiry
  // and lapse. The first run happens now, so a warrant that ended while control was down is
  // expired (and its tasks deactivated) right at start.
  let ticking = false;
  const tick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      await desk.tick();
    } catch (e) {
      ctx.alarm('PROVISIONING_TICK_FAILED', `warrant activation/expiry sweep failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      await orders.tick();
    } catch (e) {
      ctx.alarm('PROVISIONING_TICK_FAILED', `production-order expiry sweep failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      ticking = false;
    }
  };
  await tick();
  const tickTimer = setInterval(() => void tick(), d.timers.warrantTickMs);

  const deskServer = await startDeskServer({ desk, creds: deskCreds, bind: d.control.desk.listen });
  // Reconcile at once (a restarted ADMF finds what must run in the store, not in its memory). A
  // warrant whose expiry a previous process committed but did not send has no change left to
  // replay: reconciliation finds its task through endedTasks and deactivates it as ended.
  const first = await provisioning.reconcile().catch((e: unknown) => {
    ctx.alarm('PROVISIONING_NE_FAILED', `initial reconciliation failed: ${String(e)}`);
    return undefined;
  });
  if (first) for (const [kind, list] of Object.entries(first)) if (Array.isArray(list)) findings.inc({ kind }, list.length);
  provisioning.startReconciliation(d.timers.reconciliationMs, (r) => {
    for (const [kind, list] of Object.entries(r)) if (Array.isArray(list)) findings.inc({ kind }, list.length);
  });
  provisioning.startKeepalives(d.timers.x1KeepaliveMs);

  const byState = ctx.metrics.gauge('warranted_warrants', 'Warrants by state', ['state']);
  const ordersByState = ctx.metrics.gauge('warranted_production_orders', 'Production orders (retained data) by state', ['state']);
  const countStates = async () => {
    const all = await service.list();
    const counts = new Map<string, number>();
    for (const r of all) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
    for (const [state, n] of counts) byState.set({ state }, n);
    const orderCounts = new Map<string, number>();
    for (const r of await orders.list()) orderCounts.set(r.state, (orderCounts.get(r.state) ?? 0) + 1);
    for (const [state, n] of orderCounts) ordersByState.set({ state }, n);
  };
  await countStates();
  const stateTimer = setInterval(() => void countStates().catch(() => undefined), 5000);
  ctx.metrics.gauge('warranted_provisioning_element_tasks', 'Task×element pairs by the state the ADMF last saw', ['state']).collect(() => {
    const counts = new Map<string, number>();
    for (const st of provisioning.states()) counts.set(st.state, (counts.get(st.state) ?? 0) + 1);
    return [...counts].map(([state, value]) => ({ labels: { state }, value }));
  });
  ctx.metrics.gauge('warranted_provisioning_orders_pending', 'Warrant changes waiting for or being applied').collect(() => queue.pending);

  return {
    health: async () => {
      const auditOk = await log.ping().then(() => true, () => false);
      return { healthy: auditOk, checks: { audit: { ok: auditOk }, desk: { ok: true, detail: `${deskServer.endpoint.host}:${deskServer.endpoint.port}` }, admf: { ok: true, detail: `${admfServer.host}:${admfServer.port}` } } };
    },
    reload: async (next) => {
      const changed = await auditRegistryChanges(next, log, ctx);
      provisioning.setRegistry(registryOf(next));
      operatorPolicies = next.operators.map((op) => ({ operatorId: op.id, fourEyes: op.policy.fourEyes, officers: [...op.policy.officers] }));
      service.setOperatorPolicies(operatorPolicies);
      await ensureAuthorities(keys, next.control.authorities, ctx);
      return changed;
    },
    stop: async () => {
      clearInterval(tickTimer);
      clearInterval(stateTimer);
      await deskServer.close();
      await queue.drain(10_000);
      provisioning.close();
      await store.close();
      await log.close();
    },
  };
}
