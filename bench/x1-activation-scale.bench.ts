/**
 * Scenario (issue 8 item 7): X1 activation of 100,000 tasks over real X1 — HTTPS with mutual TLS on
 * 127.0.0.1 (TS 103 221-1 §7.2), the ADMF's X1Client, many ActivateTask requests per RequestContainer
 * (§6.1 allows it) — to each responder:
 *   mdf        the MDF (startMediation): X1 handler + guard + one state-journal fsync per container, before its answer
 *   poi        one network element (Poi.start): X1TaskTable + TargetIndex (kept current per change)
 *   ne-table   the bare X1 responder of an element: startX1Server + X1TaskTable.asHandler()
 * for batch sizes 1, 100 and 1000 requests per container, 4 containers in flight. Each run stops at
 * X1_TASKS (100,000) or after X1_BUDGET_S seconds (default 25), whichever comes first, and prints the
 * rate of its first and last 5,000 tasks too, so a per-request cost that grows with the table shows.
 * Baseline in the same process: as many HTTPS POSTs of the same request and response sizes to a
 * trivial node:https server with the same mutual TLS; `ratio` = X1 containers/s ÷ baseline POSTs/s.
 *
 *   node --import tsx bench/x1-activation-scale.bench.ts            (every target × batch, one process each)
 *   node --import tsx bench/x1-activation-scale.bench.ts mdf 1000   (one of them)
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMediation } from '../src/mediation/mdf.ts';
import { Poi } from '../src/network/poi/poi.ts';
import { POI_TARGET_KINDS } from '../src/network/poi/matching.ts';
import { ensureDemoPki, mtlsServerOptions } from '../src/platform/pki.ts';
import type { TaskDetails } from '../src/standards/x1/index.ts';
import { XmlHttpsClient } from '../src/wires/https-xml.ts';
import { startX1Server, X1Client, X1TaskTable, type X1RequestBody } from '../src/wires/x1/index.ts';
import type { Endpoint } from '../src/wires/transport.ts';
import { machine } from './helpers.ts';
import { ingestDestination, mdfDestinations, mdfTaskOf, neTaskOf } from './seed-scale-tasks.ts';

const TARGETS = ['mdf', 'poi', 'ne-table'] as const;
const BATCHES = [1, 100, 1000];
const TASKS = Number(process.env.X1_TASKS ?? '100000');
const BUDGET_S = Number(process.env.X1_BUDGET_S ?? '25');
const IN_FLIGHT = 4;
const BLOCK = 5000;

const [targetArg, batchArg] = process.argv.slice(2);
if (!targetArg) {
  console.log('bench: x1-activation-scale (ActivateTask × 100,000 over X1 HTTPS mTLS: MDF, POI, bare element table)');
  console.log(`machine: ${machine()}; ${TASKS.toLocaleString('en')} tasks or ${BUDGET_S} s per run, ${IN_FLIGHT} containers in flight`);
  let failed = false;
  for (const t of TARGETS) for (const b of BATCHES) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, t, String(b)], { stdio: 'inherit' });
    failed ||= r.status !== 0;
  }
  process.exit(failed ? 1 : 0);
}
const target = targetArg as (typeof TARGETS)[number];
const batch = Number(batchArg ?? '100');
// A container still unanswered long after the budget (as the MDF was with one state-file rewrite per ActivateTask)
// ends the run with what was acknowledged by then: that is the measurement, not a failure.
let acknowledged = 0;
const started = performance.now();
setTimeout(() => {
  const s = (performance.now() - started) / 1000;
  console.log(`\n${target}, ${batch} ActivateTask per container: ${acknowledged.toLocaleString('en')} tasks acknowledged in ${s.toFixed(0)} s (${(acknowledged / s).toFixed(0)} tasks/s, start-up included); a container was still unanswered, no baseline run`);
  console.log('ratio: 0.00');
  process.exit(0);
}, (BUDGET_S * 3 + 60) * 1000).unref();

const dir = mkdtempSync(join(tmpdir(), 'warranted-bench-x1-scale-'));
const IDS = { admf: 'admf', mdf: 'mdf', poi: 'pk-op-a-ims' };
const creds = await ensureDemoPki(join(dir, 'pki'), Object.values(IDS));
const admf = creds.get(IDS.admf)!;

/** Starts the responder; returns its X1 endpoint, its identifier, the tasks it needs first and a stop. */
async function startTarget(): Promise<{ endpoint: Endpoint; ne: string; setup: X1RequestBody[]; task: (i: number) => TaskDetails; stop: () => Promise<unknown> }> {
  if (target === 'mdf') {
    const mdf = await startMediation({
    outboxKey: randomBytes(32),
      identifier: IDS.mdf, creds: creds.get(IDS.mdf)!, bindHost: '127.0.0.1', admfIdentifier: IDS.admf, allowedPois: [IDS.poi], dataDir: join(dir, 'mdf'),
      audit: { append: () => Promise.resolve() }, authorizationCountryCode: 'PK', deliveryCountryCode: 'PK', failSafeMs: 0,
    });
    const setup = mdfDestinations().map((d): X1RequestBody => ({ messageType: 'CreateDestinationRequest', destinationDetails: d }));
    return { endpoint: mdf.x1Endpoint, ne: IDS.mdf, setup, task: (i) => mdfTaskOf(i), stop: () => mdf.stop() };
  }
  const setup: X1RequestBody[] = [{ messageType: 'CreateDestinationRequest', destinationDetails: ingestDestination() }];
  if (target === 'poi') {
    const poi = await Poi.start({ identifier: IDS.poi, operatorId: 'pk-op-a', elements: ['ims'], creds: creds.get(IDS.poi)!, bind: { host: '127.0.0.1', port: 0 }, admfIdentifier: IDS.admf, failSafeMs: 0 });
    return { endpoint: poi.x1Endpoint, ne: IDS.poi, setup, task: (i) => neTaskOf(i), stop: () => poi.stop() };
  }
  const table = new X1TaskTable({ supportedTargetKinds: POI_TARGET_KINDS });
  const server = await startX1Server({ creds: creds.get(IDS.poi)!, bind: { host: '127.0.0.1', port: 0 }, path: '/X1/NE', identifier: IDS.poi, allowedPeers: [IDS.admf], handler: table.asHandler() });
  return { endpoint: server.endpoint, ne: IDS.poi, setup, task: (i) => neTaskOf(i), stop: () => server.close() };
}

/** Runs `containers` through `send` with IN_FLIGHT in flight, until done or the deadline. */
async function pump(containers: number, send: (c: number) => Promise<void>, deadline: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < containers && performance.now() < deadline) await send(next++);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return next;
}

const t = await startTarget();
const sizes = { request: 0, response: 0 };
const x1 = new X1Client({
  creds: admf, endpoint: t.endpoint, admfIdentifier: IDS.admf, neIdentifier: t.ne, timeoutMs: 120_000,
  onExchange: (ex) => {
    sizes.request = Buffer.byteLength(ex.requestXml);
    sizes.response = Buffer.byteLength(ex.responseXml ?? '');
  },
});
for (const o of await x1.send(t.setup)) if (!o.ok) throw o.error;

const containers = Math.ceil(TASKS / batch);
const doneAt: number[] = []; // time at which each block of BLOCK tasks was acknowledged
const t0 = performance.now();
const sent = await pump(containers, async (c) => {
  const bodies: X1RequestBody[] = [];
  for (let i = c * batch; i < Math.min(TASKS, (c + 1) * batch); i++) bodies.push({ messageType: 'ActivateTaskRequest', taskDetails: t.task(i) });
  for (const o of await x1.send(bodies)) if (!o.ok) throw o.error;
  const before = Math.floor(acknowledged / BLOCK);
  acknowledged += bodies.length;
  for (let b = before; b < Math.floor(acknowledged / BLOCK); b++) doneAt.push(performance.now());
}, t0 + BUDGET_S * 1000);
const x1S = (performance.now() - t0) / 1000;
x1.close();
await t.stop();

// Baseline: the same number of POSTs of the same sizes to a trivial node:https server, same mTLS.
const reply = 'x'.repeat(sizes.response);
const trivial = https.createServer(mtlsServerOptions(creds.get(IDS.poi)!), (req: IncomingMessage, res: ServerResponse) => {
  req.on('data', () => undefined);
  req.on('end', () => res.end(reply));
});
trivial.listen(0, '127.0.0.1');
await once(trivial, 'listening');
const http = new XmlHttpsClient(admf, { host: '127.0.0.1', port: (trivial.address() as { port: number }).port }, 120_000);
const body = 'x'.repeat(sizes.request);
const b0 = performance.now();
await pump(sent, async () => {
  await http.post('/X1/NE', body);
}, Infinity);
const baseS = (performance.now() - b0) / 1000;
http.close();
trivial.close();
rmSync(dir, { recursive: true, force: true });

const blockRate = (k: number): string => {
  const start = k === 0 ? t0 : doneAt[k - 1]!;
  return doneAt[k] === undefined ? '-' : (BLOCK / ((doneAt[k] - start) / 1000)).toFixed(0);
};
const stoppedEarly = acknowledged < TASKS ? ` (budget ${BUDGET_S} s reached at ${acknowledged.toLocaleString('en')})` : '';
console.log(`\n${target}, ${batch} ActivateTask per container (${(sizes.request / 1024).toFixed(1)} KiB request, ${(sizes.response / 1024).toFixed(1)} KiB response):`);
console.log(`  X1:       ${acknowledged.toLocaleString('en')} tasks in ${x1S.toFixed(1)} s = ${(acknowledged / x1S).toFixed(0)} tasks/s, ${(sent / x1S).toFixed(1)} containers/s${stoppedEarly}`);
console.log(`  tasks/s per ${BLOCK}: first ${blockRate(0)}, last ${blockRate(doneAt.length - 1)} (at ${(doneAt.length * BLOCK).toLocaleString('en')} tasks)`);
console.log(`  baseline: ${sent} POSTs in ${baseS.toFixed(2)} s = ${(sent / baseS).toFixed(1)} POSTs/s (trivial node:https, same mTLS and sizes)`);
console.log(`ratio: ${(sent / x1S / (sent / baseS)).toFixed(2)}`);
process.exit(0);
