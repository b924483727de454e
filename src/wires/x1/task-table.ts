/**
 * The X1 protocol state of one responder (NE or MDF): tasks by XID, destinations by DID, and the
 * TS 103 221-1 business rules that decide which requests are refused with which §6.7 code
 * (§6.2 ActivateTask/ModifyTask/DeactivateTask, §6.3 destinations, §6.4 status). It knows nothing
 * of what a task intercepts: POIs and mediation read the table and listen to its changes.
 *
 * Refusals are `X1RequestRefusedError`s (an X1Error), so `asHandler()` can be given to
 * `startX1Server` directly and each refusal becomes an ErrorResponse with the right code.
 */
import type {
  DeliveryType, DestinationDetails, DestinationResponseDetails, ErrorInformation, NeStatusDetails, TaskDetails,
  TaskResponseDetails, TaskStatus,
} from '../../standards/x1/index.ts';
import { x1Timestamp } from '../../standards/x1/index.ts';
import type { TargetIdentifierKind } from '../../standards/identifiers/types.ts';
import { refusals } from './errors.ts';
import { CompactTaskStore, FrozenTaskStore, type TaskStore } from './task-store.ts';
import type { X1RequestHandler } from './handler.ts';

/** Exact identities only (profile "What is refused"): no CIDR ranges by default. */
export const EXACT_TARGET_KINDS: readonly TargetIdentifierKind[] = [
  'e164Number', 'imsi', 'imei', 'imeisv', 'sipUri', 'telUri', 'ipv4Address', 'ipv6Address', 'emailAddress', 'nai', 'supiNai', 'gpsiNai',
];

export interface X1TaskTableOptions {
  /** Target kinds this responder can intercept (default EXACT_TARGET_KINDS). */
  supportedTargetKinds?: readonly TargetIdentifierKind[];
  /** TargetIdentifiers per task (default 1: one task per target identity, docs/profile.md). */
  maxTargetsPerTask?: number;
  /** Destinations per task (default unlimited). */
  maxDestinationsPerTask?: number;
  /** §6.2.4 DeactivateAllTasks enabled (default true). */
  deactivateAllEnabled?: boolean;
  /** §6.3.4 RemoveAllDestinations enabled (default true). */
  removeAllEnabled?: boolean;
  now?: () => Date;
  /**
   * Keep each task as one compact string, decoded when read (task-store.ts CompactTaskStore), instead
   * of a frozen object: for a responder that holds millions and rarely reads them (the MDF).
   */
  compactTasks?: boolean;
}

export type X1TaskTableChange =
  | { kind: 'task-activated' | 'task-modified' | 'task-deactivated'; task: TaskDetails; previous?: TaskDetails }
  | { kind: 'destination-created' | 'destination-modified' | 'destination-removed'; destination: DestinationDetails };

/**
 * §6.4.2 TaskStatus of a task that has one to tell: kept apart and only once there is something
 * (an intercept, a fault, a modification), so that millions of quiet tasks cost nothing here.
 */
interface TaskActivity {
  x2: number;
  x3: number;
  /** Time of the last intercept, ms; formatted only when asked for (recordIntercept is per PDU). */
  lastInterceptMs?: number;
  faults?: ErrorInformation[];
  modifications?: number;
  lastModification?: string;
}
interface DestinationEntry {
  details: DestinationDetails;
  status: DestinationResponseDetails['destinationStatus'];
}

const carries = (t: DeliveryType, what: 'X2' | 'X3') => t === 'X2andX3' || t === `${what}Only`;

export class X1TaskTable {
  /** Deep-frozen TaskDetails (frozen-task.ts), or their compact encoding (task-store.ts). */
  private taskMap: TaskStore;
  private readonly activity = new Map<string, TaskActivity>();
  private readonly destinationMap = new Map<string, DestinationEntry>();
  private readonly listeners: ((c: X1TaskTableChange) => void)[] = [];
  private readonly neFaults: ErrorInformation[] = [];
  private readonly now: () => Date;

  constructor(private readonly o: X1TaskTableOptions = {}) {
    this.now = o.now ?? (() => new Date());
    this.taskMap = o.compactTasks === true ? new CompactTaskStore() : new FrozenTaskStore();
  }

  /**
   * From now on keep tasks compactly (X1TaskTableOptions.compactTasks), those already held included.
   * The MDF's X1 handler calls it on the table it is given (src/mediation/x1-handler.ts).
   */
  storeTasksCompactly(): void {
    if (this.taskMap instanceof CompactTaskStore) return;
    const compact = new CompactTaskStore();
    for (const t of this.taskMap.values()) compact.set(t);
    this.taskMap = compact;
  }

  /** Called synchronously after every successful change. */
  onChange(listener: (c: X1TaskTableChange) => void): void {
    this.listeners.push(listener);
  }

  // ── §6.2 tasks ───────────────────────────────────────────────────────────

  activateTask(t: TaskDetails): void {
    if (this.taskMap.has(t.xId)) throw refusals.xidExists(t.xId);
    this.checkTask(t);
    const stored = this.taskMap.set(t);
    this.activity.delete(t.xId);
    if (this.listeners.length > 0) this.emit({ kind: 'task-activated', task: stored ?? this.taskMap.get(t.xId)! });
  }

  /** §6.2.2: replaces the task's details (the XID stays). */
  modifyTask(t: TaskDetails): void {
    const previous = this.listeners.length > 0 ? this.taskMap.get(t.xId) : undefined;
    if (!this.taskMap.has(t.xId)) throw refusals.xidUnknown(t.xId);
    this.checkTask(t);
    const stored = this.taskMap.set(t);
    const a = this.activityOf(t.xId);
    a.lastModification = x1Timestamp(this.now());
    a.modifications = (a.modifications ?? 0) + 1;
    if (this.listeners.length > 0) this.emit({ kind: 'task-modified', task: stored ?? this.taskMap.get(t.xId)!, ...(previous && { previous }) });
  }

  deactivateTask(xId: string): TaskDetails {
    const details = this.taskMap.get(xId);
    if (!details) throw refusals.xidUnknown(xId);
    this.taskMap.delete(xId);
    this.activity.delete(xId);
    this.emit({ kind: 'task-deactivated', task: details });
    return details;
  }

  deactivateAllTasks(): TaskDetails[] {
    if (this.o.deactivateAllEnabled === false) throw refusals.deactivateAllDisabled();
    return [...this.taskMap.keys()].map((x) => this.deactivateTask(x));
  }

  /** The task as stored: deep-frozen (frozen-task.ts), so it cannot be changed by whoever reads it. */
  task(xId: string): TaskDetails | undefined {
    return this.taskMap.get(xId);
  }

  tasks(): TaskDetails[] {
    return [...this.taskMap.values()];
  }

  /** The XIDs of the active tasks, in activation order (ListAllDetails), without reading the tasks. */
  xids(): IterableIterator<string> {
    return this.taskMap.keys();
  }

  /** Active tasks, without listing them. */
  get taskCount(): number {
    return this.taskMap.size;
  }

  taskResponseDetails(xId: string): TaskResponseDetails {
    const details = this.taskMap.get(xId);
    if (!details) throw refusals.xidUnknown(xId);
    const a = this.activity.get(xId);
    const taskStatus: TaskStatus = {
      provisioningStatus: 'complete',
      ...(a?.lastModification !== undefined && { timeOfLastModification: a.lastModification }),
      ...(a?.lastInterceptMs !== undefined && { timeOfLastIntercept: x1Timestamp(new Date(a.lastInterceptMs)) }),
      ...(a?.modifications !== undefined && { numberOfModifications: a.modifications }),
      listOfFaults: a?.faults ?? [],
      amountOfX2Data: a?.x2 ?? 0,
      amountOfX3Data: a?.x3 ?? 0,
    };
    return structuredClone({ taskDetails: details, taskStatus });
  }

  /**
   * Records interception for GetTaskDetails (§6.4.2 TaskStatus: amounts and time of last intercept):
   * `count` PDUs of that kind, the last of them at `at` (the MDF adds up a run of one XID per chunk).
   */
  recordIntercept(xId: string, pdu: 'X2' | 'X3', at: Date, count = 1): void {
    if (!this.taskMap.has(xId)) return;
    const a = this.activityOf(xId);
    if (pdu === 'X2') a.x2 += count;
    else a.x3 += count;
    a.lastInterceptMs = at.getTime();
  }

  setTaskFaults(xId: string, faults: ErrorInformation[]): void {
    if (this.taskMap.has(xId)) this.activityOf(xId).faults = structuredClone(faults);
  }

  // ── §6.3 destinations ────────────────────────────────────────────────────

  createDestination(d: DestinationDetails): void {
    if (this.destinationMap.has(d.dId)) throw refusals.didExists(d.dId);
    this.checkAddress(d);
    const details = structuredClone(d);
    this.destinationMap.set(d.dId, { details, status: { destinationDeliveryStatus: 'activeAndWorking', listOfFaults: [] } });
    this.emit({ kind: 'destination-created', destination: details });
  }

  modifyDestination(d: DestinationDetails): void {
    const entry = this.destinationMap.get(d.dId);
    if (!entry) throw refusals.didUnknown(d.dId);
    this.checkAddress(d);
    for (const t of this.tasksUsing(d.dId)) {
      const covered = t.listOfDIDs.map((id) => (id === d.dId ? d.deliveryType : this.destinationMap.get(id)!.details.deliveryType));
      if (deliveryProblem(t.deliveryType, covered)) throw refusals.modifyDestination(`task ${t.xId} would no longer be covered by its destinations`);
    }
    entry.details = structuredClone(d);
    this.emit({ kind: 'destination-modified', destination: entry.details });
  }

  removeDestination(dId: string): void {
    const entry = this.destinationMap.get(dId);
    if (!entry) throw refusals.didUnknown(dId);
    const users = this.tasksUsing(dId).map((t) => t.xId);
    if (users.length > 0) throw refusals.destinationInUse(dId, users);
    this.destinationMap.delete(dId);
    this.emit({ kind: 'destination-removed', destination: entry.details });
  }

  removeAllDestinations(): void {
    if (this.o.removeAllEnabled === false) throw refusals.removeAllDisabled();
    const inUse = [...this.destinationMap.keys()].filter((d) => this.tasksUsing(d).length > 0);
    if (inUse.length > 0) throw refusals.destinationsInUse(inUse);
    for (const d of [...this.destinationMap.keys()]) this.removeDestination(d);
  }

  destination(dId: string): DestinationDetails | undefined {
    return this.destinationMap.get(dId)?.details;
  }

  destinations(): DestinationDetails[] {
    return [...this.destinationMap.values()].map((e) => e.details);
  }

  destinationResponseDetails(dId: string): DestinationResponseDetails {
    const entry = this.destinationMap.get(dId);
    if (!entry) throw refusals.didUnknown(dId);
    return structuredClone({ destinationDetails: entry.details, destinationStatus: entry.status });
  }

  setDestinationStatus(dId: string, status: DestinationResponseDetails['destinationStatus']): void {
    const entry = this.destinationMap.get(dId);
    if (entry) entry.status = structuredClone(status);
  }

  // ── §6.4 status ──────────────────────────────────────────────────────────

  setNeFaults(faults: ErrorInformation[]): void {
    this.neFaults.splice(0, this.neFaults.length, ...structuredClone(faults));
  }

  neStatus(): NeStatusDetails {
    return { neStatus: this.neFaults.length > 0 ? 'Faults' : 'OK', listOfFaults: structuredClone(this.neFaults) };
  }

  listAll(): { listOfXIDs: string[]; listOfDIDs: string[] } {
    return { listOfXIDs: [...this.taskMap.keys()], listOfDIDs: [...this.destinationMap.keys()] };
  }

  /** Handler methods backed by this table, for `startX1Server` (spread and extend as needed). */
  asHandler(): X1RequestHandler {
    return {
      onActivateTask: (r) => this.activateTask(r.taskDetails),
      onModifyTask: (r) => this.modifyTask(r.taskDetails),
      onDeactivateTask: (r) => {
        this.deactivateTask(r.xId);
      },
      onDeactivateAllTasks: () => {
        this.deactivateAllTasks();
      },
      onCreateDestination: (r) => this.createDestination(r.destinationDetails),
      onModifyDestination: (r) => this.modifyDestination(r.destinationDetails),
      onRemoveDestination: (r) => this.removeDestination(r.dId),
      onRemoveAllDestinations: () => this.removeAllDestinations(),
      onGetTaskDetails: (r) => this.taskResponseDetails(r.xId),
      onGetDestinationDetails: (r) => this.destinationResponseDetails(r.dId),
      onGetNEStatus: () => this.neStatus(),
      onGetAllDetails: () => ({
        neStatusDetails: this.neStatus(),
        listOfTaskResponseDetails: [...this.taskMap.keys()].map((x) => this.taskResponseDetails(x)),
        listOfDestinationResponseDetails: [...this.destinationMap.keys()].map((d) => this.destinationResponseDetails(d)),
      }),
      onGetAllTaskDetails: () => [...this.taskMap.keys()].map((x) => this.taskResponseDetails(x)),
      onGetAllDestinationDetails: () => [...this.destinationMap.keys()].map((d) => this.destinationResponseDetails(d)),
      onListAllDetails: () => this.listAll(),
      onPing: () => undefined,
      onKeepalive: () => undefined,
    };
  }

  // ── internals ────────────────────────────────────────────────────────────

  private activityOf(xId: string): TaskActivity {
    let a = this.activity.get(xId);
    if (!a) this.activity.set(xId, (a = { x2: 0, x3: 0 }));
    return a;
  }

  private tasksUsing(dId: string): TaskDetails[] {
    const out: TaskDetails[] = [];
    for (const t of this.taskMap.values()) if (t.listOfDIDs.includes(dId)) out.push(t);
    return out;
  }

  /** §6.2.1 Table 3 / §6.7 codes 2040, 3010, 3020, 3030, 3040. */
  private checkTask(t: TaskDetails): void {
    const kinds = this.o.supportedTargetKinds ?? EXACT_TARGET_KINDS;
    const maxTargets = this.o.maxTargetsPerTask ?? 1;
    if (t.targetIdentifiers.length === 0) throw refusals.targetCombination('a task needs a TargetIdentifier');
    if (t.targetIdentifiers.length > maxTargets) throw refusals.targetCombination(`${t.targetIdentifiers.length} TargetIdentifiers in one task (at most ${maxTargets})`);
    for (const ti of t.targetIdentifiers) if (!kinds.includes(ti.kind)) throw refusals.unsupportedTarget(ti.kind);
    if (t.listOfDSIDs && t.listOfDSIDs.length > 0) throw refusals.destinationSets();
    if (this.o.maxDestinationsPerTask !== undefined && t.listOfDIDs.length > this.o.maxDestinationsPerTask) throw refusals.multipleDestinations(t.listOfDIDs.length);
    const types: DeliveryType[] = [];
    for (const d of t.listOfDIDs) {
      const dest = this.destinationMap.get(d);
      if (!dest) throw refusals.didUnknown(d);
      types.push(dest.details.deliveryType);
    }
    const problem = deliveryProblem(t.deliveryType, types);
    if (problem) throw refusals.deliveryMismatch(problem);
  }

  private checkAddress(d: DestinationDetails): void {
    const a = d.deliveryAddress;
    if (a.kind !== 'ipAddressAndPort') throw refusals.deliveryAddress(a.kind);
    if (a.port.kind !== 'TCPPort') throw refusals.deliveryAddress(`ipAddressAndPort/${a.port.kind}`);
  }

  private emit(c: X1TaskTableChange): void {
    for (const l of this.listeners) l(c);
  }
}

/**
 * Why a task of `task` DeliveryType cannot use destinations of `destinations` DeliveryTypes, or
 * undefined: every destination must carry something the task sends, and together they must carry
 * all of it (§6.7 code 3040).
 */
export function deliveryProblem(task: DeliveryType, destinations: readonly DeliveryType[]): string | undefined {
  if (destinations.length === 0) return 'no destination';
  for (const what of ['X2', 'X3'] as const) {
    if (carries(task, what) && !destinations.some((d) => carries(d, what))) return `no destination takes ${what}`;
  }
  if (destinations.some((d) => !(carries(d, 'X2') && carries(task, 'X2')) && !(carries(d, 'X3') && carries(task, 'X3')))) {
    return 'a destination takes nothing this task delivers';
  }
  return undefined;
}
