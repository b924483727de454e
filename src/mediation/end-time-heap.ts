/**
 * Tasks ordered by EndTime (TS 103 221-1 Annex C MediationDetails EndTime): a binary min-heap, so the
 * MDF's end-of-task sweep looks only at the tasks that ended, not at every task every 200 ms. Entries
 * of tasks replaced or removed since are left in place and skipped by the caller when they surface.
 */
import type { MediationTask } from './mediation-task.ts';

export class EndTimeHeap {
  private heap: MediationTask[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): MediationTask | undefined {
    return this.heap[0];
  }

  push(t: MediationTask): void {
    const h = this.heap;
    let i = h.push(t) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.endMs <= t.endMs) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = t;
  }

  pop(): MediationTask | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && h[r]!.endMs < h[l]!.endMs ? r : l;
      if (h[c]!.endMs >= last.endMs) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
    return top;
  }

  /** Replaces the entries by `tasks` (drops the stale ones). */
  rebuild(tasks: Iterable<MediationTask>): void {
    this.heap = [];
    for (const t of tasks) this.push(t);
  }
}
