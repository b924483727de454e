/**
 * Where an X1TaskTable keeps its TaskDetails (TS 103 221-1 §6.2.1.2). Two ways, same answers:
 *  - `FrozenTaskStore` (the default): one deep-frozen object per task (frozen-task.ts). A POI keeps
 *    this one: its target index holds the very objects, so a second form would cost more, not less.
 *  - `CompactTaskStore`: one compact string per task (task-codec.ts), decoded when read. The MDF keeps
 *    this one: it reads its X1 tasks only to answer GetTaskDetails / GetAllDetails and to undo a
 *    container (its guard has its own MediationTask), so 4,000,000 of them fit its 2 GiB budget
 *    (docs/performance.md "Task tables at 4,000,000 tasks").
 * Both keep the keys in insertion order (a modification keeps the task's place), so ListAllDetails
 * lists XIDs in the same order either way.
 */
import type { TaskDetails } from '../../standards/x1/index.ts';
import { TaskCodec } from './task-codec.ts';
import { TaskFreezer } from './frozen-task.ts';

export interface TaskStore {
  readonly size: number;
  has(xId: string): boolean;
  /** The task, deep-frozen: the stored object, or a fresh decoding equal to it. */
  get(xId: string): TaskDetails | undefined;
  /**
   * Stores `t` (copied: later changes to `t` do not reach the store). Returns the stored object when
   * there is one (what `get` will return); undefined when `get` decodes a fresh one.
   */
  set(t: TaskDetails): TaskDetails | undefined;
  delete(xId: string): boolean;
  keys(): IterableIterator<string>;
  values(): IterableIterator<TaskDetails>;
}

export class FrozenTaskStore implements TaskStore {
  private readonly map = new Map<string, TaskDetails>();
  private readonly freezer = new TaskFreezer();

  get size(): number {
    return this.map.size;
  }

  has(xId: string): boolean {
    return this.map.has(xId);
  }

  get(xId: string): TaskDetails | undefined {
    return this.map.get(xId);
  }

  set(t: TaskDetails): TaskDetails {
    const frozen = this.freezer.freeze(t);
    this.map.set(frozen.xId, frozen);
    return frozen;
  }

  delete(xId: string): boolean {
    return this.map.delete(xId);
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  values(): IterableIterator<TaskDetails> {
    return this.map.values();
  }
}

export class CompactTaskStore implements TaskStore {
  /** XID → the encoded task, or the frozen task itself when the codec cannot encode it. */
  private readonly map = new Map<string, string | TaskDetails>();
  private readonly codec = new TaskCodec();
  private readonly freezer = new TaskFreezer();

  get size(): number {
    return this.map.size;
  }

  has(xId: string): boolean {
    return this.map.has(xId);
  }

  get(xId: string): TaskDetails | undefined {
    const v = this.map.get(xId);
    return typeof v === 'string' ? this.codec.decode(v, xId) : v;
  }

  set(t: TaskDetails): undefined {
    // The key is the request's own XID string: the MDF's guard keeps the same one (shared, not copied).
    this.map.set(t.xId, this.codec.encode(t) ?? this.freezer.freeze(t));
    return undefined;
  }

  delete(xId: string): boolean {
    return this.map.delete(xId);
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  *values(): IterableIterator<TaskDetails> {
    for (const [xId, v] of this.map) yield typeof v === 'string' ? this.codec.decode(v, xId) : v;
  }
}
