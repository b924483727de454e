/**
 * Batches records between the network's event stream and the store: records queue in memory and
 * are written every `flushMs` (or as soon as `maxRecords` are queued), one transaction per flush,
 * one flush at a time. A failed flush keeps its records and retries them at the next flush (the
 * error goes to `onError`). What a crash can lose: the records queued since the last committed
 * flush (at most `flushMs` of traffic, or `maxRecords`), never part of a flush.
 */
import { RetainedDataError } from './errors.ts';
import type { RetainedDataStore } from './store.ts';
import type { RecordBatch } from './types.ts';

type Mutable = { [K in keyof RecordBatch]-?: NonNullable<RecordBatch[K]>[number][] };
const empty = (): Mutable => ({ subscribers: [], equipment: [], calls: [], sms: [], dataSessions: [], locations: [] });
const size = (b: Mutable): number => Object.values(b).reduce((n, rows) => n + rows.length, 0);

export interface BatchWriterOptions {
  flushMs?: number;
  maxRecords?: number;
  onError?: (e: unknown) => void;
  /** Called after each committed flush with the rows inserted per table. */
  onFlush?: (inserted: Record<string, number>) => void;
}

export class BatchWriter {
  readonly #store: RetainedDataStore;
  readonly #opts: Required<Omit<BatchWriterOptions, 'onFlush'>> & Pick<BatchWriterOptions, 'onFlush'>;
  #queue = empty();
  #flushing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(store: RetainedDataStore, opts: BatchWriterOptions = {}) {
    this.#store = store;
    this.#opts = { flushMs: opts.flushMs ?? 1000, maxRecords: opts.maxRecords ?? 5000, onError: opts.onError ?? (() => undefined), onFlush: opts.onFlush };
    this.#timer = setInterval(() => void this.flush(), this.#opts.flushMs);
    this.#timer.unref();
  }

  get queued(): number {
    return size(this.#queue);
  }

  add(batch: RecordBatch): void {
    if (this.#closed) throw new RetainedDataError('RETAINED_STORE_CLOSED', 'batch writer is closed');
    for (const key of Object.keys(this.#queue) as (keyof Mutable)[]) for (const r of batch[key] ?? []) (this.#queue[key] as unknown[]).push(r);
    if (this.queued >= this.#opts.maxRecords) void this.flush();
  }

  /** Writes what is queued (waits for a flush under way first). Never throws: errors go to onError. */
  async flush(): Promise<void> {
    while (this.#flushing) await this.#flushing;
    if (this.queued === 0) return;
    const batch = this.#queue;
    this.#queue = empty();
    this.#flushing = (async () => {
      try {
        const inserted = await this.#store.write(batch);
        this.#opts.onFlush?.(inserted);
      } catch (e) {
        // Keep the records (ahead of newer ones) for the next flush.
        for (const key of Object.keys(batch) as (keyof Mutable)[]) (this.#queue as Record<string, unknown[]>)[key] = (batch[key] as unknown[]).concat(this.#queue[key]);
        this.#opts.onError(e);
      } finally {
        this.#flushing = undefined;
      }
    })();
    await this.#flushing;
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await this.flush();
  }
}
