/**
 * Provisioning changes, serialised per warrant and retried until they hold (issue: a revocation
 * racing an activation must never leave tasks running). Each warrant has one chain of orders,
 * applied strictly in commit order; different warrants proceed in parallel. An order that fails
 * (an element unreachable, the audit log down) raises an alarm and is retried with backoff —
 * never swallowed. An activation still being retried is dropped once a newer order for the same
 * warrant arrives (the newer state wins); a deactivation is retried until it succeeds, because
 * stopping interception must not depend on what happens next.
 */
export interface QueuedOrder<T> {
  warrantId: string;
  /** True when the order only stops interception (never superseded). */
  stopsOnly: boolean;
  order: T;
}

export interface ChangeQueueOptions<T> {
  /** Applies one order; resolves true when every element acknowledged, false to retry. */
  apply: (order: T) => Promise<boolean>;
  onAlarm: (code: string, detail: string) => void;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

interface Chain {
  tail: Promise<void>;
  generation: number;
}

export class ProvisioningChangeQueue<T> {
  private readonly chains = new Map<string, Chain>();
  private closed = false;
  private readonly sleepers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  /** Orders waiting or running, for /metrics. */
  pending = 0;
  retries = 0;

  constructor(private readonly o: ChangeQueueOptions<T>) {}

  /** Queues an order behind every earlier order of the same warrant; resolves when it held (or was superseded). */
  enqueue(q: QueuedOrder<T>): Promise<void> {
    const chain = this.chains.get(q.warrantId) ?? { tail: Promise.resolve(), generation: 0 };
    const generation = ++chain.generation;
    this.pending++;
    chain.tail = chain.tail.then(() => this.run(q, chain, generation)).finally(() => {
      this.pending--;
      if (chain.generation === generation) this.chains.delete(q.warrantId);
    });
    this.chains.set(q.warrantId, chain);
    return chain.tail;
  }

  private async run(q: QueuedOrder<T>, chain: Chain, generation: number): Promise<void> {
    let backoff = this.o.initialBackoffMs ?? 250;
    for (let attempt = 1; !this.closed; attempt++) {
      let ok = false;
      let why = 'an element did not acknowledge';
      try {
        ok = await this.o.apply(q.order);
      } catch (e) {
        why = e instanceof Error ? e.message : String(e);
      }
      if (ok) return;
      const superseded = !q.stopsOnly && chain.generation !== generation;
      this.o.onAlarm('PROVISIONING_ORDER_FAILED', `warrant ${q.warrantId}: attempt ${attempt} failed (${why}); ${superseded ? 'superseded by a newer order' : `retrying in ${backoff} ms`}`);
      if (superseded) return;
      this.retries++;
      await this.sleep(backoff);
      backoff = Math.min(backoff * 2, this.o.maxBackoffMs ?? 10_000);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const s = { timer: setTimeout(() => { this.sleepers.delete(s); resolve(); }, ms), wake: resolve };
      this.sleepers.add(s);
    });
  }

  /** Waits for every queued order (bounded), then stops retrying. */
  async drain(timeoutMs: number): Promise<boolean> {
    const all = Promise.all([...this.chains.values()].map((c) => c.tail)).then(() => true);
    const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref());
    const done = await Promise.race([all, timeout]);
    this.close();
    return done;
  }

  close(): void {
    this.closed = true;
    for (const s of this.sleepers) {
      clearTimeout(s.timer);
      s.wake();
    }
    this.sleepers.clear();
  }
}
