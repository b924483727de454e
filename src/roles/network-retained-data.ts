/**
 * The network role's retained data (docs/retained-data.md): the operator's store, fed from the
 * role's own event stream as traffic happens — the subscriber register at start, then call, SMS,
 * data-session (with CGNAT binding) and location records in batches — and swept by retention on
 * schedule. Each category's deletion is handed to `onRetention` before it commits (the network role
 * appends it to the transparency log in its RDHI's name, rdhi-retention.ts): when that fails the
 * deletion is rolled back, the alarm RETAINED_RETENTION_UNLOGGED is raised, and the next sweep
 * retries. Then it is logged structured (no identities).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NetworkEvent, Operator } from '../network/index.ts';
import { OperatorRecorder, subscriberRecords } from '../network/records.ts';
import type { RetainedDataConfig } from '../platform/config/types.ts';
import { BatchWriter } from '../retained-data/batch-writer.ts';
import { parseRetention, type RetentionEvent, type RetentionPeriod } from '../retained-data/retention.ts';
import { RetainedDataError } from '../retained-data/errors.ts';
import { RetainedDataStore } from '../retained-data/store.ts';
import { RETENTION_CATEGORIES, type RetentionCategory } from '../retained-data/types.ts';
import type { RoleContext } from './context.ts';

const SEED_CHUNK = 10_000;

export interface RetainedDataFeed {
  observe(batch: readonly NetworkEvent[]): void;
  /** Runs a retention sweep now (also run every `sweepIntervalMs`). */
  sweep(nowMs?: number): Promise<RetentionEvent[]>;
  /**
   * Writes what the network observed so far and waits until it is in the store (the batch writer
   * otherwise writes every `flushMs`); `ok` is false when that write failed (the records stay
   * queued for the next one, and RETAINED_WRITE_FAILED was alarmed).
   */
  flush(): Promise<{ ok: boolean; queued: number }>;
  /** The last retention events (newest last, at most 100). */
  readonly sweeps: readonly RetentionEvent[];
  readonly store: RetainedDataStore;
  stop(): Promise<void>;
}

export async function startRetainedData(ctx: RoleContext, operator: Operator, config: RetainedDataConfig, stateDir: string, startMs: number, onRetention?: (e: RetentionEvent) => void | Promise<void>): Promise<RetainedDataFeed> {
  const periods = Object.fromEntries(RETENTION_CATEGORIES.map((c) => [c, parseRetention(config.retention[c])])) as Record<RetentionCategory, RetentionPeriod>;
  const location = config.store ?? { kind: 'embedded' as const, dir: join(stateDir, 'retained-data') };
  // The operator's records: readable by the role alone.
  if (location.kind === 'embedded') mkdirSync(location.dir, { recursive: true, mode: 0o700 });
  const store = await RetainedDataStore.open(operator.id, location);
  try {
    // The subscriber register: idempotent (unique per MSISDN and contract start), so a restart adds nothing.
    for (let from = 0; from < operator.size; from += SEED_CHUNK) await store.write(subscriberRecords(operator, startMs, from, from + SEED_CHUNK));
  } catch (e) {
    await store.close();
    throw e;
  }
  const written: Record<string, number> = {};
  let writeFailures = 0;
  const writer = new BatchWriter(store, {
    flushMs: config.flushMs,
    onError: (e) => {
      writeFailures++;
      ctx.alarm('RETAINED_WRITE_FAILED', e instanceof Error ? e.message : String(e));
    },
    onFlush: (inserted) => {
      for (const [table, n] of Object.entries(inserted)) written[table] = (written[table] ?? 0) + n;
    },
  });
  ctx.metrics.gauge('warranted_retained_records_written', 'Retained-data records written since start', ['category']).collect(() => Object.entries(written).map(([category, value]) => ({ labels: { category }, value })));
  const recorder = new OperatorRecorder(operator.id);
  const sweeps: RetentionEvent[] = [];
  if (!onRetention) ctx.log.warn('retention deletions are recorded in the store and this log only: no RDHI identity to append them to the transparency log');
  const report = async (e: RetentionEvent): Promise<void> => {
    try {
      await onRetention?.(e);
    } catch (cause) {
      // Inside the deletion's transaction: this rolls it back (retention.ts).
      throw new RetainedDataError('RETAINED_RETENTION_UNLOGGED', `the deletion of ${e.category} before ${e.cutoff} could not be logged; nothing deleted, retried at the next sweep: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    // Counts and a digest only: no identity is logged.
    ctx.log.info('retained data deleted at retention end', { ...e, transparencyLog: onRetention !== undefined });
    sweeps.push(e);
    if (sweeps.length > 100) sweeps.shift();
  };
  let sweeping: Promise<RetentionEvent[]> | undefined;
  const sweep = async (nowMs = Date.now()): Promise<RetentionEvent[]> => {
    while (sweeping) await sweeping.catch(() => undefined);
    await writer.flush();
    sweeping = store.sweep(periods, nowMs, report);
    try {
      return await sweeping;
    } finally {
      sweeping = undefined;
    }
  };
  const timer = setInterval(() => {
    sweep().catch((e: unknown) => ctx.alarm(e instanceof RetainedDataError && e.code === 'RETAINED_RETENTION_UNLOGGED' ? e.code : 'RETAINED_WRITE_FAILED', `retention sweep: ${e instanceof Error ? e.message : String(e)}`));
  }, config.sweepIntervalMs);
  timer.unref();
  return {
    observe: (batch) => writer.add(recorder.add(batch)),
    sweep,
    flush: async () => {
      const failures = writeFailures;
      await writer.flush();
      return { ok: writeFailures === failures, queued: writer.queued };
    },
    sweeps,
    store,
    async stop() {
      clearInterval(timer);
      await sweeping?.catch(() => undefined);
      await writer.close();
      await store.close();
    },
  };
}
