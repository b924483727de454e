/**
 * What one X1 RequestContainer changed on the MDF (TS 103 221-1 §6.1: a container carries many
 * requests), kept until the container's one durable write (x1-handler.ts `afterContainer`): then the
 * guard and the delivery manager take the changes up (`commit`), or, when the write failed, the X1
 * table goes back to what it was (`undo`).
 */
import { isDeepStrictEqual } from 'node:util';
import type { DestinationDetails, TaskDetails, X1ErrorCode } from '../standards/x1/index.ts';
import type { MdfX1Change } from './state-journal.ts';
import type { MediationTask } from './task-table.ts';
import { endpointOf, type MdfX1Hooks } from './x1-handler.ts';

/** One step of an undo: the others are still tried if it fails (the next write is a snapshot anyway). */
const attempt = (step: () => unknown) => {
  try {
    step();
  } catch {
    /* the X1 table keeps this entry as the container left it */
  }
};

export class ContainerChanges {
  /** XID → the X1 TaskDetails before the container's first change of it. */
  private readonly tasks = new Map<string, TaskDetails | undefined>();
  /** DID → the DestinationDetails before the container's first change of it. */
  private readonly destinations = new Map<string, DestinationDetails | undefined>();
  /** Guard entries to put once the changes are durable; `started`: an activation (audited then). */
  readonly guard = new Map<string, { task: MediationTask; started: boolean }>();
  /** Request index → the §6.7 code it is refused with if the container cannot be written. */
  readonly codes = new Map<number, X1ErrorCode>();
  /** DeactivateAllTasks: the whole state is written (a snapshot), not a journal line. */
  all = false;

  constructor(private readonly h: Pick<MdfX1Hooks, 'x1' | 'tasks' | 'setDestination' | 'removeDestination' | 'taskStarted'>) {}

  touchTask(xid: string): void {
    if (!this.tasks.has(xid)) this.tasks.set(xid, this.h.x1.task(xid));
  }

  touchDestination(did: string): void {
    if (!this.destinations.has(did)) this.destinations.set(did, this.h.x1.destination(did));
  }

  /** The change as written: each touched task and destination as it now is, or gone. */
  change(): MdfX1Change {
    const out: MdfX1Change = { tasks: [], xidsEnded: [], destinations: [], didsRemoved: [] };
    for (const xid of this.tasks.keys()) {
      const t = this.h.x1.task(xid);
      if (t) out.tasks.push(t);
      else out.xidsEnded.push(xid);
    }
    for (const did of this.destinations.keys()) {
      const d = this.h.x1.destination(did);
      if (d) out.destinations.push(d);
      else out.didsRemoved.push(did);
    }
    return out;
  }

  /** Durable: the delivery manager and the guard follow the X1 table (destinations first: tasks name them). */
  commit(): void {
    for (const [did, before] of this.destinations) {
      const now = this.h.x1.destination(did);
      if (now) this.h.setDestination(did, endpointOf(now));
      else if (before) this.h.removeDestination(did);
    }
    // Deactivated tasks left `guard` when they were ended.
    for (const g of this.guard.values()) {
      this.h.tasks.put(g.task);
      if (g.started) this.h.taskStarted(g.task);
    }
  }

  /**
   * Not durable: the X1 table goes back to what it was before the container, except that a task the
   * container ended stays ended (the safe direction; the store writes a snapshot next time). Removed
   * destinations come back before the tasks that name them, new ones go after them.
   */
  undo(): void {
    const x1 = this.h.x1;
    this.destinationsBack('recreate');
    for (const [xid, before] of this.tasks) {
      const now = x1.task(xid);
      // Compared by content: the MDF's X1 table decodes a fresh object on each read (task-store.ts).
      if (!now || isDeepStrictEqual(now, before)) continue;
      attempt(() => (before ? x1.modifyTask(before) : x1.deactivateTask(xid)));
    }
    this.destinationsBack('modify');
    this.destinationsBack('remove');
  }

  private destinationsBack(phase: 'recreate' | 'modify' | 'remove'): void {
    const x1 = this.h.x1;
    for (const [did, before] of this.destinations) {
      const now = x1.destination(did);
      if (now === before) continue;
      attempt(() => {
        if (phase === 'recreate' && before && !now) x1.createDestination(before);
        if (phase === 'modify' && before && now) x1.modifyDestination(before);
        if (phase === 'remove' && !before) x1.removeDestination(did);
      });
    }
  }
}
