/**
 * Scenario (issue 8 item 7, "4 million citizens at any given time"): the MDF's task tables at
 * 4,000,000 active tasks. Each task is activated exactly as an X1 ActivateTask reaches the MDF
 * (src/mediation/x1-handler.ts: mediationTaskOf, X1TaskTable.activateTask, MediationTaskTable.put;
 * only the state-file write is left out, see bench/x1-activation-scale.bench.ts; 1000 per container), from TaskDetails
 * shaped like the ADMF's (bench/seed-scale-tasks.ts, fresh strings as the decoder returns them).
 *
 * Measured: heap (+ external) and RSS per task after a forced GC, the total against the 2 GiB
 * budget, and guard lookups/s (MediationTaskTable.check, the per-record question, and
 * X1TaskTable.recordIntercept) for random XIDs, half hits, half misses. Baseline in the same run:
 * a plain Map<string, string> of the same XIDs (memory and Map.get/s); `ratio` = guard checks/s ÷
 * Map.get/s.
 *
 *   node --expose-gc --max-old-space-size=12288 --import tsx bench/seed-scale-mdf-tables.bench.ts
 *   (npm run bench:seed-tables; SEED_N=400000 for a quick run; stops by itself, BENCH_TIMEOUT_S 300)
 *
 * When 4,000,000 do not fit this machine's RAM, N is lowered and the 4,000,000 figures printed are
 * extrapolated linearly from the measured per-task cost, and say so.
 */
import { randomUUID } from 'node:crypto';
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import type { ActivateTaskRequest } from '../src/standards/x1/index.ts';
import { X1TaskTable } from '../src/wires/x1/index.ts';
import type { X1HandlerContext } from '../src/wires/x1/index.ts';
import { MediationTaskTable } from '../src/mediation/task-table.ts';
import { mdfX1Handler } from '../src/mediation/x1-handler.ts';
import { machine } from './helpers.ts';
import { chooseN, rerunWithGc, footprint, fresh, GIB2, mdfDestinations, mdfTaskOf, mib, rate, xorshift } from './seed-scale-tasks.ts';

rerunWithGc(import.meta.filename);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? '300');
const SECONDS = 2;
const FILL_BUDGET_S = Number(process.env.SEED_FILL_BUDGET_S ?? '150');
setTimeout(() => {
  console.error(`seed-scale-mdf-tables: not finished after ${TIMEOUT_S} s; giving up`);
  process.exit(1);
}, TIMEOUT_S * 1000).unref();

// About 450–500 B a task in the tables (docs/performance.md, 2026-12-06) plus the bench's own XID strings and baseline Map: 1,200 B leaves room.
const { n, target } = chooseN(1200, Math.min(totalmem(), getHeapStatistics().heap_size_limit));
console.log('bench: seed-scale-mdf-tables (MediationTaskTable + X1TaskTable of the MDF at seed scale)');
console.log(`machine: ${machine()}, ${mib(totalmem())} RAM, heap limit ${mib(getHeapStatistics().heap_size_limit)}`);
console.log(`tasks: ${n.toLocaleString('en')}${n < target ? ` (of ${target.toLocaleString('en')}: the rest does not fit this machine)` : ''}`);

const xids: string[] = new Array<string>(n);
for (let i = 0; i < n; i++) xids[i] = fresh(randomUUID()); // flat, as decoded (randomUUID returns a cons string)
const misses: string[] = Array.from({ length: 1 << 16 }, () => fresh(randomUUID()));
const before = footprint();

// The MDF's tables, filled through its own X1 handler (no state file: that cost is per request, not per task).
const hooks = {
  tasks: new MediationTaskTable(), x1: new X1TaskTable(), authorizationCountryCode: 'PK', now: () => new Date(),
  setDestination: () => undefined, removeDestination: () => undefined, taskEnded: () => undefined, taskStarted: () => undefined, persist: () => undefined,
};
const handler = mdfX1Handler(hooks);
// Requests come in RequestContainers of 1000: the guard takes a container's tasks up at its end.
const CONTAINER = 1000;
let ctx = { container: {}, index: 0 } as X1HandlerContext;
const endContainer = async () => {
  await handler.afterContainer!(ctx.container, 'admf');
  ctx = { container: {}, index: 0 } as X1HandlerContext;
};
for (const d of mdfDestinations()) await handler.onCreateDestination!({ destinationDetails: d } as never, ctx);
await endContainer();
const t0 = performance.now();
const fillUntil = t0 + FILL_BUDGET_S * 1000;
let filled = 0;
while (filled < n && (filled % 10_000 !== 0 || performance.now() < fillUntil)) {
  ctx.index = filled % CONTAINER;
  await handler.onActivateTask!({ taskDetails: mdfTaskOf(filled, fresh(xids[filled]!)) } as ActivateTaskRequest, ctx);
  filled++;
  if (filled % CONTAINER === 0) await endContainer();
}
await endContainer();
const fillS = (performance.now() - t0) / 1000;
const after = footprint();
if (!hooks.tasks.get(xids[filled - 1]!) || !hooks.x1.task(xids[filled - 1]!)) throw new Error('the last task is missing');

const pick = xorshift(7);
const at = new Date(Date.UTC(2025, 3, 1));
const hit = (): string => xids[pick() % filled]!;
const miss = (): string => misses[pick() & 0xffff]!;
const mixed = (): string => (pick() & 1 ? hit() : miss());
const checkHit = rate(() => (hooks.tasks.check(hit(), 'X3', 'pk-op-a-ims', at, at).ok ? 1 : 0), SECONDS);
const checkMiss = rate(() => (hooks.tasks.check(miss(), 'X3', 'pk-op-a-ims', at, at).ok ? 1 : 0), SECONDS);
const checkMixed = rate(() => (hooks.tasks.check(mixed(), 'X3', 'pk-op-a-ims', at, at).ok ? 1 : 0), SECONDS);
const intercept = rate(() => {
  hooks.x1.recordIntercept(mixed(), 'X3', at);
  return 1;
}, SECONDS);

// The guard's share: drop it and see what the X1 table alone holds.
hooks.tasks = new MediationTaskTable();
const x1Only = footprint();
if (!hooks.x1.task(xids[0]!)) throw new Error('the X1 table is gone');

// Baseline, measured after the tables so that the pages of the freed Map cannot count as the tables' RSS:
// a plain Map of the same XIDs to a short string.
let baseline: Map<string, string> | undefined = new Map<string, string>();
for (let i = 0; i < n; i++) baseline.set(xids[i]!, fresh(`PK-LIID-${i}`));
const mapPerKey = (footprint().heap - x1Only.heap) / n;
const baselineGet = (k: string): boolean => baseline!.get(k) !== undefined;
const mapMixed = rate(() => (baselineGet(pick() & 1 ? xids[pick() % n]! : misses[pick() & 0xffff]!) ? 1 : 0), SECONDS);
baseline = undefined;

const N = n < target || filled < n ? filled : n;
const per = (b: number): string => `${(b / N).toFixed(0)} B`;
const heapPerTask = (after.heap - before.heap) / N;
const rssPerTask = (after.rss - before.rss) / N;
const extrapolated = N < target;
const total = (b: number): string => `${mib(b * target)}${extrapolated ? ' (extrapolated linearly from the measured per-task cost)' : ''}`;
console.log(`activated: ${N.toLocaleString('en')} tasks in ${fillS.toFixed(1)} s = ${(N / fillS).toFixed(0)} activations/s through the MDF's X1 handler${filled < n ? ` (fill budget ${FILL_BUDGET_S} s reached)` : ''}`);
console.log(`memory per task: ${per(after.heap - before.heap)} heap, ${per(after.rss - before.rss)} RSS; of the heap, X1TaskTable ${per(x1Only.heap - before.heap)}, MediationTaskTable ${per(after.heap - x1Only.heap)}`);
console.log(`baseline Map<string,string> of the same XIDs: ${mapPerKey.toFixed(0)} B per key; tables ÷ baseline: ${(heapPerTask / mapPerKey).toFixed(1)}×`);
console.log(`total at ${target.toLocaleString('en')} tasks: heap ${total(heapPerTask)}, RSS ${total(rssPerTask)}; 2 GiB budget: ${Math.max(heapPerTask, rssPerTask) * target <= GIB2 ? 'within' : `EXCEEDED (2 GiB allows ${(GIB2 / target).toFixed(0)} B per task)`}`);
const m = (r: { perSec: number }): string => `${(r.perSec / 1e6).toFixed(2)} M/s`;
console.log(`lookups at ${N.toLocaleString('en')} tasks: Map.get (half hits) ${m(mapMixed)}; MediationTaskTable.check hits ${m(checkHit)}, misses ${m(checkMiss)}, half hits ${m(checkMixed)}; X1TaskTable.recordIntercept (half hits) ${m(intercept)}`);
console.log(`(checksum ${mapMixed.sink + checkHit.sink + checkMiss.sink + checkMixed.sink + intercept.sink})`);
console.log(`ratio: ${(checkMixed.perSec / mapMixed.perSec).toFixed(2)}`);
process.exit(0);
