/**
 * Scenario (issue 8 item 7, "4 million citizens at any given time"): one POI with 4,000,000 active
 * tasks, one target each (a third MSISDN, IMSI, IMEI; docs/profile.md): its X1TaskTable (limited to
 * POI_TARGET_KINDS, as src/network/poi/poi.ts builds it) and its TargetIndex (matching.ts), through
 * which every network event's served subscriber is looked up.
 *
 * Measured: heap (+ external) and RSS per task after a forced GC, the total against 2 GiB, and
 * TargetIndex.match/s for random subscribers (each match looks up 4 identities: MSISDN, IMSI, IMEI,
 * SIP URI), half of them targets. Baseline in the same run: a plain Map<string, string> of the same
 * target identities, 4 Map.get per subscriber; `ratio` = match/s ÷ baseline subscribers/s.
 *
 *   node --expose-gc --max-old-space-size=12288 --import tsx bench/seed-scale-poi-index.bench.ts
 *   (npm run bench:seed-tables; SEED_N=400000 for a quick run; stops by itself, BENCH_TIMEOUT_S 300)
 */
import { randomUUID } from 'node:crypto';
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { POI_TARGET_KINDS, TargetIndex } from '../src/network/poi/matching.ts';
import type { SubscriberIdentities } from '../src/network/subscribers.ts';
import { X1TaskTable } from '../src/wires/x1/index.ts';
import { machine } from './helpers.ts';
import { chooseN, rerunWithGc, footprint, fresh, GIB2, imeiOf, imsiOf, ingestDestination, mib, msisdnOf, neTaskOf, rate, xorshift } from './seed-scale-tasks.ts';

rerunWithGc(import.meta.filename);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? '300');
const FILL_BUDGET_S = Number(process.env.SEED_FILL_BUDGET_S ?? '150');
const SECONDS = 2;
setTimeout(() => {
  console.error(`seed-scale-poi-index: not finished after ${TIMEOUT_S} s; giving up`);
  process.exit(1);
}, TIMEOUT_S * 1000).unref();

const { n, target } = chooseN(1000, Math.min(totalmem(), getHeapStatistics().heap_size_limit));
console.log("bench: seed-scale-poi-index (a POI's X1TaskTable + TargetIndex at seed scale)");
console.log(`machine: ${machine()}, ${mib(totalmem())} RAM, heap limit ${mib(getHeapStatistics().heap_size_limit)}`);
console.log(`tasks: ${n.toLocaleString('en')}${n < target ? ` (of ${target.toLocaleString('en')}: the rest does not fit this machine)` : ''}`);

/** Subscriber i of the operator: target i's identities are among them (targetOf in seed-scale-tasks.ts). */
const subscriber = (i: number): SubscriberIdentities => ({
  operatorId: 'pk-op-a', index: i, msisdn: msisdnOf(i), imsi: imsiOf(i), imei: imeiOf(i), ipv4: '100.64.0.1', sipUri: `sip:+${msisdnOf(i)}@ims.mnc001.mcc410.3gppnetwork.org`,
});
// Subscribers looked up: 1/2 targets (indices < n), 1/2 not (indices beyond n). Built up front: not timed.
const LOOKUPS = 1 << 16;
const pick = xorshift(11);
const subscribers = Array.from({ length: LOOKUPS }, (_, k) => subscriber(k & 1 ? pick() % n : n + (pick() % n)));
const xids = Array.from({ length: n }, () => fresh(randomUUID()));
const before = footprint();

// Baseline: a plain Map of the same target identities.
let baseline: Map<string, string> | undefined = new Map<string, string>();
for (let i = 0; i < n; i++) baseline.set(fresh(i % 3 === 0 ? msisdnOf(i) : i % 3 === 1 ? imsiOf(i) : imeiOf(i)), xids[i]!);
const mapPerKey = (footprint().heap - before.heap) / n;
const mapRate = rate((k) => {
  const s = subscribers[k & (LOOKUPS - 1)]!;
  const b = baseline!;
  // All four, as match must: one subscriber can be the target of several tasks.
  return (b.get(s.msisdn) === undefined ? 0 : 1) + (b.get(s.imsi) === undefined ? 0 : 1) + (b.get(s.imei.slice(0, 14)) === undefined ? 0 : 1) + (b.get(s.sipUri) === undefined ? 0 : 1);
}, SECONDS);
baseline = undefined;

const table = new X1TaskTable({ supportedTargetKinds: POI_TARGET_KINDS });
table.createDestination(ingestDestination());
const index = new TargetIndex();
const t0 = performance.now();
const fillUntil = t0 + FILL_BUDGET_S * 1000;
let filled = 0;
while (filled < n && (filled % 10_000 !== 0 || performance.now() < fillUntil)) {
  table.activateTask(neTaskOf(filled, fresh(xids[filled]!)));
  filled++;
}
index.rebuild(table.tasks()); // what poi.ts does after each change, once
const fillS = (performance.now() - t0) / 1000;
const after = footprint();
const matchRate = rate((k) => index.match(subscribers[k & (LOOKUPS - 1)]!).length, SECONDS);
const expectHits = subscribers.filter((s) => s.index < filled).length;
const hits = subscribers.filter((s) => index.match(s).length > 0).length;
if (hits !== expectHits) throw new Error(`${hits} subscribers matched, ${expectHits} expected`);

const extrapolated = filled < target;
const heapPerTask = (after.heap - before.heap) / filled;
const rssPerTask = (after.rss - before.rss) / filled;
const total = (b: number): string => `${mib(b * target)}${extrapolated ? ' (extrapolated linearly from the measured per-task cost)' : ''}`;
console.log(`activated: ${filled.toLocaleString('en')} tasks in ${fillS.toFixed(1)} s (X1TaskTable.activateTask, then one TargetIndex.rebuild)${filled < n ? `; fill budget ${FILL_BUDGET_S} s reached` : ''}`);
console.log(`memory per task: ${heapPerTask.toFixed(0)} B heap, ${rssPerTask.toFixed(0)} B RSS; index ${index.size.toLocaleString('en')} identities`);
console.log(`baseline Map<string,string> of the same identities: ${mapPerKey.toFixed(0)} B per key; table + index ÷ baseline: ${(heapPerTask / mapPerKey).toFixed(1)}×`);
console.log(`total at ${target.toLocaleString('en')} tasks: heap ${total(heapPerTask)}, RSS ${total(rssPerTask)}; 2 GiB budget: ${Math.max(heapPerTask, rssPerTask) * target <= GIB2 ? 'within' : `EXCEEDED (2 GiB allows ${(GIB2 / target).toFixed(0)} B per task)`}`);
console.log(`lookups (subscribers, half of them targets, 4 identities each): baseline 4×Map.get ${(mapRate.perSec / 1e6).toFixed(2)} M/s; TargetIndex.match ${(matchRate.perSec / 1e6).toFixed(2)} M/s`);
console.log(`(checksum ${mapRate.sink + matchRate.sink})`);
console.log(`ratio: ${(matchRate.perSec / mapRate.perSec).toFixed(2)}`);
process.exit(0);
