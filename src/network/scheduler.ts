/** A min-heap of flows keyed by (next step time, creation order): deterministic ordering of ties. */
import type { Flow } from './flow-context.ts';

export interface ScheduledFlow {
  timeMs: number;
  ordinal: number;
  flow: Flow;
}

export class FlowHeap {
  private readonly items: ScheduledFlow[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): ScheduledFlow | undefined {
    return this.items[0];
  }

  push(item: ScheduledFlow): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(a[i]!, a[parent]!)) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }

  pop(): ScheduledFlow | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l]!, a[m]!)) m = l;
        if (r < a.length && before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(x: ScheduledFlow, y: ScheduledFlow): boolean {
  return x.timeMs < y.timeMs || (x.timeMs === y.timeMs && x.ordinal < y.ordinal);
}
