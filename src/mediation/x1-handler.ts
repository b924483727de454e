/**
 * The MDF's X1 responder (TS 103 221-1, the MDF as an NE at /X1/NE, Annex C MediationDetails).
 * Tasks arrive with their LIID, HI delivery type, LEMF destinations and Start/End time; a task
 * without MediationDetails or without the warrant binding (docs/x1.md) is refused: mediation never
 * delivers anything it cannot trace to a warrant.
 *
 * The changes of one RequestContainer are written to the MDF state file (state.ts) with one write and
 * one fsync, after its last request and before its ResponseContainer is sent: what the ADMF was told
 * is done survives a crash. Only then do the guard and the delivery manager take them up. If they
 * cannot be written, the container's activations, modifications and destination changes are undone
 * and each is refused with its request's Generic…Failure code (§6.7); a deactivation still stops
 * delivery at once (the safe direction) but is answered with an error, so the ADMF repeats it. The
 * handler is synchronous, so one container's changes never interleave with another's.
 */
import { X1ErrorCode, type DestinationDetails, type ServiceScopingOptions, type ServiceType, type TaskDetails } from '../standards/x1/index.ts';
import type { RequestContainer } from '../standards/x1/index.ts';
import { X1TaskTable, type X1HandlerContext, type X1RequestHandler } from '../wires/x1/index.ts';
import { X1RequestRefusedError } from '../wires/x1/errors.ts';
import type { Endpoint } from '../wires/transport.ts';
import type { MdfX1Change } from './state-journal.ts';
import { ContainerChanges } from './x1-container.ts';
import { EVERY_SERVICE, MediationTask, SERVICE_BITS, targetKeyOf, type MediationTaskTable, type RecordService } from './task-table.ts';

export interface MdfX1Hooks {
  tasks: MediationTaskTable;
  x1: X1TaskTable;
  authorizationCountryCode: string;
  now: () => Date;
  setDestination(did: string, endpoint: Endpoint): void;
  removeDestination(did: string): void;
  taskEnded(task: MediationTask, reason: string): void;
  taskStarted(task: MediationTask): void;
  /**
   * Writes one container's change durably (undefined: the whole X1 tables); throws
   * (MDF_STATE_WRITE_FAILED) when it cannot.
   */
  persist(change?: MdfX1Change): void;
}

const GENERIC_ACTIVATE_FAILURE = X1ErrorCode.GenericActivateTaskFailure;

function refuse(why: string): X1RequestRefusedError {
  return new X1RequestRefusedError('MDF_TASK_REFUSED', GENERIC_ACTIVATE_FAILURE, why);
}

/** MediationTask from X1 TaskDetails; throws when the task cannot be traced to a warrant. */
export function mediationTaskOf(t: TaskDetails, x1: X1TaskTable, country: string): MediationTask {
  const md = t.listOfMediationDetails?.[0];
  if (!md) throw refuse('task has no MediationDetails (LIID, HI destinations, window)');
  if (!t.warrantBinding) throw refuse('task carries no warrant binding');
  if (!md.startTime || !md.endTime) throw refuse('MediationDetails must carry StartTime and EndTime');
  const startMs = Date.parse(md.startTime);
  const endMs = Date.parse(md.endTime);
  if (!(startMs < endMs)) throw refuse('MediationDetails EndTime is not after StartTime');
  let hi2: string | undefined;
  let hi3: string | undefined;
  for (const did of md.listOfDIDs ?? []) {
    const d = x1.destination(did);
    if (!d) throw refuse(`unknown destination ${did}`);
    // The destination's own DID string, shared by all its tasks (the request's is a copy per task).
    if (d.deliveryType === 'X2Only' || d.deliveryType === 'X2andX3') hi2 ??= d.dId;
    if (d.deliveryType === 'X3Only' || d.deliveryType === 'X2andX3') hi3 ??= d.dId;
  }
  if (md.deliveryType !== 'HI3Only' && !hi2) throw refuse('no HI2 destination for an IRI task');
  if (md.deliveryType !== 'HI2Only' && !hi3) throw refuse('no HI3 destination for a content task');
  const keys: string[] = [];
  for (const target of t.targetIdentifiers) {
    const key = targetKeyOf(target);
    // A target the MDF cannot normalise could never be matched: refuse the task rather than guess.
    if (key === undefined) throw refuse(`target identifier of kind ${target.kind} is not a valid TS 103 280 identity`);
    if (!keys.includes(key)) keys.push(key);
  }
  // The request's own XID string: the X1 table keys its compact copy by the same one.
  return new MediationTask({
    xid: t.xId,
    liid: md.liid,
    hiDelivery: md.deliveryType,
    hi2Destination: hi2,
    hi3Destination: hi3,
    startMs,
    endMs,
    warrantId: t.warrantBinding.warrantId,
    warrantHash: t.warrantBinding.warrantHash,
    authorizationCountryCode: country,
    taskedPois: t.taskedElements,
    serviceMask: serviceMaskOf(md.serviceScopingOptions),
    targets: keys.length === 1 ? keys[0]! : keys,
  });
}

/** TS 103 221-1 Table C.2 ServiceType → the warrant's service (the ADMF's mapping, src/provisioning/x1-messages.ts). */
const SERVICE_OF_TYPE: Partial<Record<ServiceType, RecordService>> = { voice: 'voice', messaging: 'sms', data: 'data', LALS: 'location' };

/**
 * The services a task's Annex C ServiceScoping allows; undefined when it has none (Table C.2: without
 * it the MDF's default applies, which here is "every service"). An option without ServiceType names
 * every service; LocationType doNotReport withdraws location, a list of location types grants it.
 */
export function serviceMaskOf(options: readonly ServiceScopingOptions[] | undefined): number {
  const services = servicesOf(options);
  if (services === undefined) return EVERY_SERVICE;
  let mask = 0;
  for (const s of services) mask |= SERVICE_BITS[s];
  return mask;
}

export function servicesOf(options: readonly ServiceScopingOptions[] | undefined): Set<RecordService> | undefined {
  if (!options || options.length === 0) return undefined;
  const out = new Set<RecordService>();
  let locationReported = false;
  let locationRefused = false;
  for (const o of options) {
    if (o.serviceType === undefined) for (const s of ['voice', 'sms', 'data', 'location'] as const) out.add(s);
    for (const st of o.serviceType ?? []) {
      const s = SERVICE_OF_TYPE[st];
      if (s) out.add(s);
    }
    if (o.locationType && 'doNotReport' in o.locationType) locationRefused = true;
    else if (o.locationType) locationReported = true;
  }
  if (locationReported) out.add('location');
  else if (locationRefused) out.delete('location');
  return out;
}

export function endpointOf(d: DestinationDetails): Endpoint {
  const a = d.deliveryAddress;
  if (a.kind !== 'ipAddressAndPort') throw new X1RequestRefusedError('X1_DELIVERY_ADDRESS_UNSUPPORTED', X1ErrorCode.UnsupportedDeliveryAddressType, `DeliveryAddress ${a.kind} is not supported`);
  return { host: a.address.kind === 'IPv6Address' ? a.address.value.replace(/(^|:)0{1,3}/g, '$1') : a.address.value, port: a.port.value };
}

/**
 * Ends every task as DeactivateAllTasks does (§6.2.4): removed from the X1 table and from the guard
 * (nothing more is delivered from this instant), `taskEnded` with `reason`. The caller persists.
 * Also the §6.6.2 fail-safe's deactivation (fail-safe.ts). Returns the XIDs ended.
 */
export function endAllTasks(h: Pick<MdfX1Hooks, 'tasks' | 'x1' | 'now' | 'taskEnded'>, reason: string): string[] {
  return h.x1.deactivateAllTasks().map((d) => {
    const t = h.tasks.get(d.xId);
    h.tasks.remove(d.xId, h.now());
    if (t) h.taskEnded(t, reason);
    return d.xId;
  });
}

export function mdfX1Handler(h: MdfX1Hooks): X1RequestHandler {
  // The MDF reads its X1 tasks only to answer GetTaskDetails / GetAllDetails and to undo a container
  // (the guard keeps its own MediationTask): each is kept as one compact string (docs/performance.md).
  h.x1.storeTasksCompactly();
  const open = new Map<RequestContainer, ContainerChanges>();
  const changesOf = (ctx: X1HandlerContext): ContainerChanges => {
    let c = open.get(ctx.container);
    if (!c) open.set(ctx.container, (c = new ContainerChanges(h)));
    return c;
  };
  const end = (xid: string, reason: string) => {
    const t = h.tasks.get(xid);
    h.tasks.remove(xid, h.now());
    if (t) h.taskEnded(t, reason);
  };

  return {
    onActivateTask: (req, ctx) => {
      const task = mediationTaskOf(req.taskDetails, h.x1, h.authorizationCountryCode);
      const c = changesOf(ctx);
      c.touchTask(task.xid);
      h.x1.activateTask(req.taskDetails);
      c.guard.set(task.xid, { task, started: true });
      c.codes.set(ctx.index, GENERIC_ACTIVATE_FAILURE);
    },
    onModifyTask: (req, ctx) => {
      const task = mediationTaskOf(req.taskDetails, h.x1, h.authorizationCountryCode);
      const c = changesOf(ctx);
      c.touchTask(task.xid);
      h.x1.modifyTask(req.taskDetails);
      c.guard.set(task.xid, { task, started: c.guard.get(task.xid)?.started ?? false });
      c.codes.set(ctx.index, X1ErrorCode.GenericModifyTaskFailure);
    },
    onDeactivateTask: (req, ctx) => {
      const c = changesOf(ctx);
      c.touchTask(req.xId);
      h.x1.deactivateTask(req.xId);
      // Delivery stops now, before the write: a deactivation is never undone.
      c.guard.delete(req.xId);
      end(req.xId, 'DeactivateTask');
      c.codes.set(ctx.index, X1ErrorCode.GenericDeactivateTaskFailure);
    },
    onDeactivateAllTasks: (_req, ctx) => {
      const c = changesOf(ctx);
      endAllTasks(h, 'DeactivateAllTasks');
      c.guard.clear();
      c.all = true;
      c.codes.set(ctx.index, X1ErrorCode.GenericDeactivateAllTasksFailure);
    },
    onCreateDestination: (req, ctx) => {
      endpointOf(req.destinationDetails);
      const c = changesOf(ctx);
      c.touchDestination(req.destinationDetails.dId);
      h.x1.createDestination(req.destinationDetails);
      c.codes.set(ctx.index, X1ErrorCode.GenericCreateDestinationFailure);
    },
    onModifyDestination: (req, ctx) => {
      endpointOf(req.destinationDetails);
      const c = changesOf(ctx);
      c.touchDestination(req.destinationDetails.dId);
      h.x1.modifyDestination(req.destinationDetails);
      c.codes.set(ctx.index, X1ErrorCode.GenericModifyDestinationFailure);
    },
    onRemoveDestination: (req, ctx) => {
      const c = changesOf(ctx);
      c.touchDestination(req.dId);
      h.x1.removeDestination(req.dId);
      c.codes.set(ctx.index, X1ErrorCode.GenericRemoveDestinationFailure);
    },
    onGetTaskDetails: (req) => h.x1.taskResponseDetails(req.xId),
    onGetDestinationDetails: (req) => h.x1.destinationResponseDetails(req.dId),
    onListAllDetails: () => ({ listOfXIDs: [...h.x1.xids()], listOfDIDs: h.x1.destinations().map((d) => d.dId) }),
    onGetNEStatus: () => h.x1.neStatus(),
    onPing: () => undefined,
    onKeepalive: () => undefined,
    // One write per container, before its ResponseContainer (TS 103 221-1 §6.1: many requests per container).
    afterContainer: (container) => {
      const c = open.get(container);
      open.delete(container);
      if (!c || c.codes.size === 0) return undefined;
      try {
        h.persist(c.all ? undefined : c.change());
      } catch (cause) {
        c.undo();
        const refused = new Map<number, X1RequestRefusedError>();
        for (const [i, code] of c.codes) refused.set(i, new X1RequestRefusedError('MDF_STATE_WRITE_FAILED', code, 'the MDF could not record the change durably', { cause }));
        return refused;
      }
      c.commit();
      return undefined;
    },
  };
}
