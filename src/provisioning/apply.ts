/**
 * One warrant change as X1 orders, in the order docs/profile.md fixes: deactivations first (the MDF,
 * then the network elements), then activations (the MDF first, then the elements that serve the
 * task). Every state is recorded per element and task; the audit log's refusal is thrown, never
 * swallowed (ProvisioningError PROVISIONING_AUDIT_UNAVAILABLE).
 */
import type { AdmfCore } from './core.ts';
import { ProvisioningError } from './errors.ts';
import { elementsFor, type ElementRef, type ProvisionTask } from './registry.ts';
import { deactivate } from './x1-messages.ts';

export interface TaskOrder {
  activate: ProvisionTask[];
  deactivate: ProvisionTask[];
  /** Why the warrant changed (its transition's reason): recorded with each deactivation. */
  reason?: string;
}

export interface ElementState {
  element: string;
  xid: string;
  state: 'active' | 'failed' | 'deactivated';
  error?: string;
}

export type RecordState = (element: string, xid: string, state: ElementState['state'], error?: string) => void;

/**
 * The MDF first, for every task at once — delivery stops at this instant even if an operator's
 * element is slow or unreachable (TS 103 221-1 gives no bound on an NE's answer) — then every
 * element in parallel. Stopping interception never waits on the audit log: its refusals are
 * collected and the first is thrown once every DeactivateTask was sent.
 */
export async function deactivateTasks(core: AdmfCore, tasks: ProvisionTask[], record: RecordState, reason?: string): Promise<void> {
  const reg = core.registry();
  const failures: ProvisioningError[] = [];
  const stop = async (el: ElementRef, xid: string) => {
    let ok: boolean;
    try {
      ok = await core.send(el, deactivate(xid), xid);
    } catch (e) {
      if (!(e instanceof ProvisioningError)) throw e;
      failures.push(e);
      // The exchange itself may have succeeded; only its record failed.
      ok = e.details?.x1Ok === true;
    }
    record(el.id, xid, ok ? 'deactivated' : 'failed', ok ? undefined : 'DeactivateTask not acknowledged');
  };
  await Promise.all(tasks.map((t) => stop({ id: reg.mediation.id, x1: reg.mediation.x1, mdf: true }, t.xid)));
  await Promise.all(tasks.flatMap((t) => elementsFor(reg, t).map((ne) => stop({ id: ne.id, x1: ne.x1, mdf: false }, t.xid))));
  for (const t of tasks) {
    if (failures.length > 0) break;
    try {
      core.announced.delete(t.xid);
      await core.audit('provisioning.task-deactivated', t.xid, { warrantId: t.warrantId, warrantHash: t.warrantHash, liid: t.liid, operator: t.operatorId, ...(reason !== undefined ? { reason } : {}) });
    } catch (e) {
      if (!(e instanceof ProvisioningError)) throw e;
      failures.push(e);
    }
  }
  if (failures[0]) throw failures[0];
}

/**
 * The announcement every activation of a task waits for — by apply() or by reconciliation
 * re-activating a missing task — once per process and task (core.announced). The audit event
 * precedes the first X1 activation: if the log is down nothing is sent. It states what the task may
 * deliver (window, content, services) so the overseer can hold every later delivery batch against
 * it (docs/audit.md "Invariants"); and the witnesses must have cosigned a checkpoint that holds it
 * before anything is sent: a log that hid the activation from them would have to fork in front of
 * the court's witness (issue 9). Throws PROVISIONING_NOT_WITNESSED / PROVISIONING_AUDIT_UNAVAILABLE.
 */
export async function announceTask(core: AdmfCore, t: ProvisionTask): Promise<void> {
  if (core.announced.has(t.xid)) return;
  // apply() and reconciliation may both reach a task while its announcement waits for the witnesses: one announcement.
  const pending = core.announcing.get(t.xid);
  if (pending) return pending;
  const run = announceNow(core, t).finally(() => core.announcing.delete(t.xid));
  core.announcing.set(t.xid, run);
  return run;
}

async function announceNow(core: AdmfCore, t: ProvisionTask): Promise<void> {
  const announcement = {
    warrantId: t.warrantId,
    warrantHash: t.warrantHash,
    liid: t.liid,
    operator: t.operatorId,
    elements: elementsFor(core.registry(), t).map((e) => e.id),
    start: t.start,
    end: t.end,
    content: t.deliveryType === 'X2andX3',
    services: [...t.services],
    ...(core.commitTarget ? { target: core.commitTarget(t.warrantId, t.target) } : {}),
  };
  try {
    await core.auditWitnessed('provisioning.task-activating', t.xid, announcement);
  } catch (e) {
    if (!(e instanceof ProvisioningError) || e.code !== 'PROVISIONING_NOT_WITNESSED') throw e;
    await core.audit('provisioning.refused', t.xid, { code: e.code, warrantId: t.warrantId });
    throw e;
  }
  core.announced.add(t.xid);
}

/** Activates one task; false when it was refused before any X1 (unregistered destination or operator). */
export async function activateTask(core: AdmfCore, t: ProvisionTask, record: RecordState): Promise<boolean> {
  const reg = core.registry();
  if (!reg.destinations.some((d) => d.id === t.destinationId)) {
    core.alarm('PROVISIONING_UNKNOWN_DESTINATION', `warrant ${t.warrantId} names unregistered destination ${t.destinationId}`);
    await core.audit('provisioning.refused', t.xid, { code: 'PROVISIONING_UNKNOWN_DESTINATION', warrantId: t.warrantId });
    return false;
  }
  if (!reg.operators.some((op) => op.id === t.operatorId)) {
    core.alarm('PROVISIONING_UNKNOWN_OPERATOR', `warrant ${t.warrantId} names unregistered operator ${t.operatorId}`);
    await core.audit('provisioning.refused', t.xid, { code: 'PROVISIONING_UNKNOWN_OPERATOR', warrantId: t.warrantId });
    return false;
  }
  const elements = elementsFor(reg, t);
  await announceTask(core, t);
  const mdfOk = await core.activateOn({ id: reg.mediation.id, x1: reg.mediation.x1, mdf: true }, t);
  record(reg.mediation.id, t.xid, mdfOk ? 'active' : 'failed');
  // No POI is tasked before the MDF knows the XID: records would only be refused there.
  if (!mdfOk) return true;
  for (const ne of elements) {
    const ok = await core.activateOn({ id: ne.id, x1: ne.x1, mdf: false }, t);
    record(ne.id, t.xid, ok ? 'active' : 'failed');
  }
  return true;
}
