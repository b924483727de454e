/**
 * Scenario: how long the deployment stops delivering when the MDF dies. A fresh deployment (`init`,
 * 200 subscribers per operator, fast timers; `up`: every role its own OS process on 127.0.0.1), one
 * warrant made active over HI-1 as its users would (DeploymentDriver: one agency, one MSISDN of
 * operator A with content), and scripted activity of the target every 200 ms (calls, SMS, data
 * sessions through the network role's admin address) so records reach the agency's LEMF without
 * pause. Then kill -9 of the MDF (its pid from `warranted status`): the clock stops at the first
 * record the LEMF holds beyond what it had once the dead MDF's connections were gone (its
 * `warranted_lemf_records`, scraped every 20 ms) — supervisor restart with backoff, process start,
 * task state reloaded, X2/X3 reconnecting, HI2/HI3 redelivery. The MDF's /healthz answering again is
 * shown apart. BENCH_KILLS kills (default 3, at most 6), each after the MDF stayed healthy longer
 * than the supervisor's backoff reset (10 s), so every kill pays the first restart delay.
 *
 * Baseline, measured in the same run against the same MDF under the same activity: one X1
 * PingRequest round trip over mutual TLS with the ADMF's credentials (TS 103 221-1 §7.2, on a warm
 * connection, median of BENCH_PINGS, default 50). Prints medians and the ratio recovery / ping.
 *
 *   node --import tsx bench/mdf-recovery.bench.ts
 *
 * Binds 127.0.0.1 only; stops by itself (BENCH_TIMEOUT_S, default 900 s, ends it with exit 1 after
 * `down` and removing the tmp dir).
 */
import { upDeployment } from '../src/cli/deploy/command.ts';
import { DeploymentDriver, syntheticOperators } from '../src/cli/demo/deployment-driver.ts';
import { metric, scrape } from '../src/cli/demo/admin-client.ts';
import { roleLogPath, tailFile } from '../src/platform/supervisor/files.ts';
import { checkHealth } from '../src/platform/supervisor/health.ts';
import { credentialsOf } from '../src/roles/common.ts';
import { X1Client } from '../src/wires/x1/index.ts';
import { machine } from './helpers.ts';
import { bounded, cleanup, freshDeployment, median, msSince, sleep, watchdog, type Fresh } from './deployment.ts';

const KILLS = bounded('BENCH_KILLS', 3, 6);
const PINGS = bounded('BENCH_PINGS', 50, 1000);
const TIMEOUT_S = bounded('BENCH_TIMEOUT_S', 900, 3600);
const SUBSCRIBERS = 200;
/** The supervisor's default backoff reset (src/platform/supervisor/supervisor.ts), plus a margin. */
const STABLE_MS = 11_000;

let current: Fresh | undefined;
let driver: DeploymentDriver | undefined;
let stopActivity = (): void => undefined;
const stopWatchdog = watchdog('mdf-recovery', TIMEOUT_S, async () => {
  stopActivity();
  driver?.close();
  await cleanup(current);
});

async function waitFor(what: string, f: () => Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await f().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

interface Kill {
  /** The old MDF reaped and every LEMF connection from it closed. */
  goneMs: number;
  /** A new MDF answers /healthz. */
  healthyMs: number;
  /** First record at the LEMF after the kill. */
  deliveredMs: number;
}

console.log('bench: mdf-recovery (kill -9 of the MDF → first record delivered again at the LEMF; every role its own OS process)');
console.log(`machine: ${machine()}, ${KILLS} kills, ${PINGS} pings, ${SUBSCRIBERS} subscribers per operator`);

const kills: Kill[] = [];
const pings: number[] = [];
try {
  current = await freshDeployment('warranted-bench-mdf-', SUBSCRIBERS, 5);
  const { d, file } = current;
  const up = await upDeployment(file, 240_000);
  if (!up.ok) throw new Error(`warranted up: roles not healthy within 240 s: ${up.failing.map((x) => `${x.role} ${x.id} (last exit ${JSON.stringify(x.lastExit)})\n${x.logTail}`).join('\n')}`);
  const drv = (driver = new DeploymentDriver(d));
  const opA = syntheticOperators(d)[0]!;
  const lemf = d.agencies[0]!.lemf;
  const records = async (): Promise<{ records: number; connections: number }> => {
    const m = await scrape(lemf.admin);
    return { records: metric(m, 'warranted_lemf_records'), connections: metric(m, 'warranted_lemf_connections') };
  };

  const target = opA.msisdnOf(7);
  await drv.submitAndApprove({ agencyId: d.agencies[0]!.id, targets: [{ id: { kind: 'e164Number', value: target }, content: true }], operators: [opA.id], start: new Date(), end: new Date(Date.now() + 3600_000) });
  // One X1 task: on the MDF and on both of operator A's elements.
  await waitFor('X1 ActivateTask acknowledged by the MDF and both elements', async () => (await drv.activePairs()) >= 3, 120_000);

  let k = 0;
  const timer = setInterval(() => {
    k++;
    const to = opA.msisdnOf((k * 13 + 20) % opA.size);
    const body = k % 3 === 1 ? { action: 'call', from: target, to, durationMs: 500 } : k % 3 === 2 ? { action: 'sms', from: target, to, text: `bench ${k}` } : { action: 'data', from: target, hosts: ['news.example.pk'] };
    // A busy subscriber (a call still running) is refused: skip that tick.
    void drv.simulate(opA.id, body).catch(() => undefined);
  }, 200);
  stopActivity = () => clearInterval(timer);
  await waitFor(`first records at ${lemf.id}`, async () => (await records()).records > 0, 60_000);

  // Baseline: X1 Ping as the ADMF would send it, to the same MDF, while the same activity flows.
  const x1 = new X1Client({ creds: credentialsOf(d, d.control.admf.tls), endpoint: d.mediation.x1, admfIdentifier: d.control.admf.id, neIdentifier: d.mediation.id });
  try {
    for (let i = 0; i < PINGS + 5; i++) {
      const t0 = process.hrtime.bigint();
      await x1.request({ messageType: 'PingRequest' });
      if (i >= 5) pings.push(msSince(t0));
    }
  } finally {
    x1.close();
  }

  for (let i = 0; i < KILLS; i++) {
    await sleep(STABLE_MS);
    const before = await drv.role('mdf', d.mediation.id);
    if (before.pid === null || !before.healthy) throw new Error(`kill ${i + 1}: the MDF is not running and healthy`);
    const r0 = (await records()).records;
    await waitFor('records flowing before the kill', async () => (await records()).records > r0, 30_000, 20);

    const t0 = process.hrtime.bigint();
    process.kill(before.pid, 'SIGKILL');
    const deadline = Date.now() + 90_000;
    let gone: { ms: number; base: number } | undefined;
    let reapedAt: number | undefined;
    let healthyMs: number | undefined;
    let deliveredMs: number | undefined;
    while (deliveredMs === undefined || healthyMs === undefined) {
      if (Date.now() > deadline) throw new Error(`kill ${i + 1}: after 90 s the MDF is ${healthyMs === undefined ? 'not healthy' : 'healthy'} and ${deliveredMs === undefined ? 'no record arrived' : 'delivering'}\n${tailFile(roleLogPath(d.dataDir, 'mdf', d.mediation.id))}`);
      const tick = Date.now();
      const [lemfNow, healthy] = await Promise.all([records().catch(() => undefined), healthyMs === undefined ? checkHealth(d.mediation.admin, 200) : Promise.resolve(true)]);
      let reaped = false;
      try {
        process.kill(before.pid, 0);
      } catch {
        reaped = true;
        reapedAt ??= Date.now();
      }
      // A record counted before the dead MDF's sockets were closed was in flight already: the base is
      // taken once the old process is reaped and the LEMF holds no connection from it.
      // (If the LEMF still counts a connection 3 s after the reap, the base is taken then.)
      if (!gone && lemfNow && reaped && (lemfNow.connections === 0 || Date.now() - reapedAt! > 3000)) gone = { ms: msSince(t0), base: lemfNow.records };
      if (gone && reaped && healthyMs === undefined && healthy) healthyMs = msSince(t0);
      if (gone && deliveredMs === undefined && lemfNow && lemfNow.records > gone.base) deliveredMs = msSince(t0);
      await sleep(Math.max(0, 20 - (Date.now() - tick)));
    }
    kills.push({ goneMs: gone!.ms, healthyMs, deliveredMs });
    console.log(`  kill ${i + 1}: pid ${before.pid} gone after ${gone!.ms.toFixed(0)} ms, MDF healthy after ${healthyMs.toFixed(0)} ms, first record at the LEMF after ${deliveredMs.toFixed(0)} ms`);
  }
} finally {
  stopActivity();
  driver?.close();
  await cleanup(current);
  stopWatchdog();
}

const ping = median(pings);
const delivered = median(kills.map((x) => x.deliveredMs));
const f = (x: number): string => x.toFixed(2).padStart(10);
console.log(`\n  baseline X1 Ping round trip (ADMF creds → MDF, mutual TLS)  median ${f(ping)} ms  (min ${Math.min(...pings).toFixed(2)}, max ${Math.max(...pings).toFixed(2)}, n=${pings.length})`);
console.log(`  kill -9 MDF → new MDF answers /healthz                       median ${f(median(kills.map((x) => x.healthyMs)))} ms`);
console.log(`  kill -9 MDF → first record delivered again at the LEMF       median ${f(delivered)} ms  ratio vs ping ${(delivered / ping).toFixed(0)}`);
