/**
 * Reconciliation: what every element runs (TS 103 221-1 §6.4.6 ListAllDetails, §6.4.2
 * GetTaskDetails) against what the warrants require now (`warrantedTasks`, read at every run —
 * never this process's memory, so an ADMF that restarted does not mistake lawful tasks for rogue
 * ones). Findings, each alarmed and audited:
 * - a listed XID of a warrant that has stopped (ended) → DeactivateTask, audited
 *   `provisioning.task-deactivated` with why it stopped: its deactivation was lost (the ADMF died
 *   between the expiry's commit and the X1 order), and the store, not memory, says whose it is;
 * - a listed XID no warrant covers (rogue) → DeactivateTask;
 * - a warranted task whose details differ (mismatch) → ModifyTask, or DeactivateTask + ActivateTask;
 * - a DID the element lacks (it restarted) → CreateDestination again;
 * - a warranted task the element lacks (missing) → ActivateTask, on a POI only once the MDF has it.
 */
import { X1ErrorCode } from '../standards/x1/index.ts';
import type { X1RequestBody } from '../wires/x1/index.ts';
import type { AdmfCore } from './core.ts';
import { ProvisioningError } from './errors.ts';
import { allElements, elementsFor, type ElementRef, type EndedTask, type ProvisionTask } from './registry.ts';
import { taskDifferences } from './task-compare.ts';
import { announceTask } from './apply.ts';
import { deactivate, hi2Did, hi3Did, ingestDid, mdfTask, neTask, taskedElementsOf } from './x1-messages.ts';

export interface Finding {
  element: string;
  xid: string;
}

export interface ReconcileReport {
  rogue: Finding[];
  /** Tasks of stopped warrants still running (deactivated as ended, not as rogue). */
  ended: Finding[];
  missing: Finding[];
  mismatched: (Finding & { fields: string[] })[];
  missingDestinations: { element: string; did: string }[];
  unreachable: string[];
}

type Listing = { listOfXIDs: string[]; listOfDIDs: string[] } | undefined;

/**
 * One run over `only` (default: every element). The MDF is always listed: a POI is given a task
 * only when the MDF has it, or records would be refused there.
 */
export async function reconcile(core: AdmfCore, only?: ReadonlySet<string>): Promise<ReconcileReport> {
  const reg = core.registry();
  const report: ReconcileReport = { rogue: [], ended: [], missing: [], mismatched: [], missingDestinations: [], unreachable: [] };
  const targeted = (el: ElementRef) => !only || only.has(el.id);
  const elements = allElements(reg).filter((el) => el.mdf || targeted(el));
  const since = core.epoch();
  // Listings first, warrants after: a task a warrant change activates meanwhile is then warranted
  // in what we read, never taken for a rogue one (apply() activates only after the change is stored).
  const listings = await Promise.all(elements.map((el) => list(core, el, report, targeted(el))));
  let warranted: ProvisionTask[];
  try {
    warranted = await core.warrantedTasks();
  } catch (cause) {
    // Never read as "no warrant": that would deactivate every lawful task.
    core.alarm('PROVISIONING_WARRANTS_UNAVAILABLE', 'the warranted tasks could not be read: reconciliation skipped');
    throw new ProvisioningError('PROVISIONING_WARRANTS_UNAVAILABLE', 'warranted tasks unavailable: nothing reconciled', { cause });
  }
  // Tasks apply() refused (unregistered destination or operator) are not expected anywhere.
  const valid = warranted.filter((t) => reg.destinations.some((d) => d.id === t.destinationId) && reg.operators.some((o) => o.id === t.operatorId));
  const [mdf, ...nes] = elements.map((el, i) => ({ el, listing: listings[i] }));
  // Read after the warrants: a warrant that stops in between is ended here, or its change is in
  // flight (pending() precedes the order) — either way never rogue, whatever ran first at start.
  const warrantedXids = new Set(warranted.map((t) => t.xid));
  const unexplained = new Set(elements.flatMap((el, i) => (targeted(el) ? (listings[i]?.listOfXIDs ?? []) : [])).filter((x) => !warrantedXids.has(x)));
  const ended = await endedAmong(core, [...unexplained]);
  const mdfHas = new Set(mdf?.listing?.listOfXIDs ?? []);
  if (mdf?.listing && targeted(mdf.el)) {
    for (const xid of await reconcileElement(core, mdf.el, mdf.listing, valid, ended, () => true, report, since)) mdfHas.add(xid);
  }
  await Promise.all(
    nes.map(async ({ el, listing }) => {
      if (!listing) return;
      const should = valid.filter((t) => elementsFor(reg, t).some((n) => n.id === el.id));
      await reconcileElement(core, el, listing, should, ended, (xid) => mdfHas.has(xid), report, since);
    }),
  );
  return report;
}

/**
 * The listed XIDs that belong to a stopped warrant. Fail closed: if the store cannot say, none is
 * taken for ended, so each is still removed — as a rogue task, which is what it then looks like.
 */
async function endedAmong(core: AdmfCore, xids: string[]): Promise<Map<string, EndedTask>> {
  if (xids.length === 0) return new Map();
  try {
    return new Map((await core.endedTasks(xids)).map((e) => [e.task.xid, e]));
  } catch (e) {
    core.alarm('PROVISIONING_WARRANTS_UNAVAILABLE', `the stopped warrants could not be read (${String(e)}): their tasks are removed as rogue`);
    return new Map();
  }
}

/**
 * DeactivateTask first (stopping never waits on the audit log, as in apply.ts), then the same
 * `provisioning.task-deactivated` an applied expiry writes, with the element and why the warrant
 * stopped. Not acknowledged: the next run tries again (send() has alarmed and audited the failure).
 */
async function deactivateEnded(core: AdmfCore, el: ElementRef, e: EndedTask, report: ReconcileReport): Promise<void> {
  const t = e.task;
  report.ended.push({ element: el.id, xid: t.xid });
  core.alarm('PROVISIONING_ENDED_TASK', `${el.id} still runs XID ${t.xid} of warrant ${t.warrantId}, ${e.state} at ${e.at} (${e.reason}); deactivating it`);
  if (!(await core.send(el, deactivate(t.xid), t.xid))) return;
  core.announced.delete(t.xid);
  await core.audit('provisioning.task-deactivated', t.xid, {
    warrantId: t.warrantId, warrantHash: t.warrantHash, liid: t.liid, operator: t.operatorId,
    element: el.id, state: e.state, reason: e.reason, stoppedAt: e.at,
  });
}

async function list(core: AdmfCore, el: ElementRef, report: ReconcileReport, targeted: boolean): Promise<Listing> {
  try {
    const r = await core.client(el).request({ messageType: 'ListAllDetailsRequest' });
    // An untargeted element (the MDF listed for a POI's run) keeps its outage for the keepalive to
    // end, which then reconciles it in full.
    if (targeted) await core.reachability.regained(el.id);
    return r;
  } catch (e) {
    if (e instanceof ProvisioningError) throw e;
    if (targeted) report.unreachable.push(el.id);
    await core.reachability.lost(el.id, (e as { code?: string }).code ?? 'error');
    return undefined;
  }
}

/** The destinations `should` needs on the element, by DID, with the task that can create each. */
function neededDids(core: AdmfCore, el: ElementRef, should: ProvisionTask[]): Map<string, ProvisionTask> {
  const need = new Map<string, ProvisionTask>();
  for (const t of should) {
    if (!el.mdf) need.set(ingestDid(core.registry().mediation.id), t);
    else {
      const dest = core.registry().destinations.find((d) => d.id === t.destinationId)!;
      need.set(hi2Did(dest), t);
      need.set(hi3Did(dest), t);
    }
  }
  return need;
}

/** Reconciles one element; returns the XIDs it has at the end (listed and kept, or activated). */
async function reconcileElement(
  core: AdmfCore,
  el: ElementRef,
  listing: NonNullable<Listing>,
  should: ProvisionTask[],
  ended: ReadonlyMap<string, EndedTask>,
  mayActivate: (xid: string) => boolean,
  report: ReconcileReport,
  since: number,
): Promise<string[]> {
  const shouldBy = new Map(should.map((t) => [t.xid, t]));
  const listed = new Set(listing.listOfXIDs);
  const has: string[] = [];

  // Destinations: what the element lists exists; what it lacks is forgotten and created again.
  const dids = new Set(listing.listOfDIDs);
  const lacking: ProvisionTask[] = [];
  for (const [did, t] of neededDids(core, el, should)) {
    if (dids.has(did)) {
      core.destinations.add(el.id, did);
      continue;
    }
    core.destinations.drop(el.id, did);
    report.missingDestinations.push({ element: el.id, did });
    core.alarm('PROVISIONING_MISSING_DESTINATION', `${el.id} lacks destination ${did}; creating it again`);
    await core.audit('provisioning.missing-destination', did, { element: el.id });
    lacking.push(t);
  }
  // ensureDestinations() creates every destination of the task that is not known on the element.
  for (const t of new Set(lacking)) await core.ensureDestinations(el, t);

  for (const xid of listed) {
    if (shouldBy.has(xid) || core.inFlight(xid, since)) continue;
    const stopped = ended.get(xid);
    if (stopped) {
      await deactivateEnded(core, el, stopped, report);
      continue;
    }
    report.rogue.push({ element: el.id, xid });
    core.alarm('PROVISIONING_ROGUE_TASK', `${el.id} runs XID ${xid} that no warrant covers`);
    await core.audit('provisioning.rogue-task', xid, { element: el.id });
    await core.send(el, deactivate(xid), xid);
  }

  const present = should.filter((t) => listed.has(t.xid) && !core.inFlight(t.xid, since));
  const gone = await checkDetails(core, el, present, report);
  for (const t of present) if (!gone.has(t.xid)) has.push(t.xid);

  for (const t of should) {
    if ((listed.has(t.xid) && !gone.has(t.xid)) || core.inFlight(t.xid, since)) continue;
    report.missing.push({ element: el.id, xid: t.xid });
    core.alarm('PROVISIONING_MISSING_TASK', `${el.id} lacks warranted XID ${t.xid}; activating it again`);
    await core.audit('provisioning.missing-task', t.xid, { element: el.id });
    // "No POI is tasked before the MDF knows the XID": the next run retries it. Nor is anything
    // tasked before its witnessed announcement (issue 9): apply() may still be waiting for it.
    if (mayActivate(t.xid) && (await announced(core, t)) && (await core.activateOn(el, t))) has.push(t.xid);
  }
  return has;
}

/** Announces the task if this process has not yet; false (left to the next run) when the witnesses have not seen it. */
async function announced(core: AdmfCore, t: ProvisionTask): Promise<boolean> {
  try {
    await announceTask(core, t);
    return true;
  } catch (e) {
    if (e instanceof ProvisioningError && e.code === 'PROVISIONING_NOT_WITNESSED') return false;
    throw e;
  }
}

/**
 * GetTaskDetails for every present task in one RequestContainer (§6.1 allows several requests);
 * a mismatch is corrected. Returns the XIDs the element no longer has (2020 meanwhile).
 */
async function checkDetails(core: AdmfCore, el: ElementRef, present: ProvisionTask[], report: ReconcileReport): Promise<Set<string>> {
  const gone = new Set<string>();
  if (present.length === 0) return gone;
  let outcomes;
  try {
    outcomes = await core.client(el).send(present.map((t): X1RequestBody => ({ messageType: 'GetTaskDetailsRequest', xId: t.xid })));
  } catch (e) {
    if (e instanceof ProvisioningError) throw e;
    await core.reachability.lost(el.id, (e as { code?: string }).code ?? 'error');
    return gone;
  }
  for (const [i, o] of outcomes.entries()) {
    const t = present[i]!;
    if (!o.ok) {
      if (o.error.errorCode === X1ErrorCode.XidDoesNotExist) gone.add(t.xid);
      continue;
    }
    if (o.response.messageType !== 'GetTaskDetailsResponse') continue;
    const expected = expectedDetails(core, el, t);
    const fields = taskDifferences(expected, o.response.taskResponseDetails.taskDetails);
    if (fields.length === 0) continue;
    report.mismatched.push({ element: el.id, xid: t.xid, fields });
    core.alarm('PROVISIONING_TASK_MISMATCH', `${el.id} runs XID ${t.xid} with other details than its warrant (${fields.join(', ')}); correcting it`);
    await core.audit('provisioning.task-mismatch', t.xid, { element: el.id, fields, warrantId: t.warrantId });
    // §6.2.2 ModifyTask replaces the details; if the element refuses, the task is replaced whole.
    const modified = await core.send(el, { messageType: 'ModifyTaskRequest', taskDetails: expected }, t.xid);
    if (!modified && (await core.send(el, deactivate(t.xid), t.xid))) {
      if (!(await core.activateOn(el, t))) gone.add(t.xid);
    }
  }
  return gone;
}

function expectedDetails(core: AdmfCore, el: ElementRef, t: ProvisionTask) {
  const reg = core.registry();
  if (!el.mdf) return neTask(t, reg.mediation.id);
  // The elements are read from the registry now: after a registry change the MDF's list differs and
  // is corrected with ModifyTask before any new element is tasked (the MDF comes first in every run).
  return mdfTask(t, reg.destinations.find((d) => d.id === t.destinationId)!, taskedElementsOf(reg, t));
}
