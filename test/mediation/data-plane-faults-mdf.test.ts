/**
 * Data-plane fault tests (issue 8), the MDF side: kill -9 of the MDF at full rate, and 50 POIs
 * reconnecting at once. The MDF runs as a child process (mdf-child.ts) and is SIGKILLed; POIs and the
 * reference LEMF run here; real mutual TLS on 127.0.0.1. Each ends with data-plane-check.ts.
 * Bounded for CI (docs/mediation.md "Fault tests"): "full rate" lasts until the MDF has received a
 * fixed count of PDUs (not a fixed time), both sides of each kill.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FaultEnv, finalCheck, waitDrained, type Rig } from './data-plane-check.ts';
import { FloodPoi, HOST, IDS, provisionTask, startChildMdf, waitFor, type ChildMdf } from './restart-helpers.ts';

const POIS = Array.from({ length: 50 }, (_, i) => `opa-poi-${String(i).padStart(2, '0')}`);
let env: FaultEnv;
before(async () => (env = await FaultEnv.create('dp-faults-mdf-', POIS)));
after(() => env.dispose());
const cred = (id: string) => env.cred(id);
const config = (dir: string, ports: { x1: number; x2x3: number }, allowedPois = [IDS.poi]) => env.config(dir, ports, { allowedPois });

const window = () => ({ start: new Date(Date.now() - 60_000), end: new Date(Date.now() + 3600_000) });
const received = async (mdf: ChildMdf) => (await mdf.stats()).received;
const rig = (name: string): Promise<Rig> => env.rig(name);

test('kill -9 of the MDF at full rate, restart, the POI continues: every durable record stored exactly once', { timeout: 300_000 }, async (t) => {
  const r = await rig('kill');
  const mdfs: ChildMdf[] = [];
  let poi: FloodPoi | undefined;
  try {
    let mdf = await startChildMdf(r.dir, config(r.dir, { x1: 0, x2x3: 0 }));
    mdfs.push(mdf);
    r.watch.watch(mdf);
    const ports = { x1: mdf.ready.x1, x2x3: mdf.ready.x2x3 };
    const lemfEp = { hi2: r.lemf.hi2Endpoint, hi3: r.lemf.hi3Endpoint };
    const tasks = [await provisionTask(cred(IDS.admf), { host: HOST, port: ports.x1 }, lemfEp, window(), 'LIID-KILL-A'), await provisionTask(cred(IDS.admf), { host: HOST, port: ports.x1 }, lemfEp, window(), 'LIID-KILL-B')];
    poi = new FloodPoi(cred(IDS.poi), { host: HOST, port: ports.x2x3 }, () => tasks.map((x) => x.xid));
    poi.start();
    const first = mdf;
    // Killed while records are in every state: released and delivered, durable not audited, converted not committed.
    await waitFor('the first MDF to receive 20,000 PDUs and release 5,000', async () => {
      const s = await first.stats();
      return s.received >= 20_000 && s.delivered >= 5000;
    }, 60_000);
    const beforeKill = await mdf.stats();
    await mdf.kill();
    const sentAtKill = poi.sender.stats.sent;

    mdf = await startChildMdf(r.dir, config(r.dir, ports));
    mdfs.push(mdf);
    r.watch.watch(mdf);
    assert.equal(mdf.ready.recovered.tasks, 2);
    const second = mdf;
    await waitFor('the restarted MDF to receive 20,000 PDUs from the same POI', async () => (await received(second)) >= 20_000, 60_000);
    await poi.stop();
    await waitDrained(second);
    const end = await mdf.stats();
    assert.deepEqual(end.refused, {}, 'nothing refused: the tasks came back with the restart');
    assert.ok(poi.sender.stats.reconnects >= 1, 'the POI reconnected');
    finalCheck(t, r, { poiSent: poi.sender.stats.sent, sentAtKill, receivedBeforeKill: beforeKill.received, heldBackAtKill: beforeKill.heldBack, receivedAfterRestart: end.received, pendingAtRestart: mdf.ready.recovered.pendingRecords, mdfResent: end.destinations.reduce((n, d) => n + d.resent, 0) });
  } finally {
    await poi?.stop(0);
    r.watch.stop();
    for (const m of mdfs) await m.kill();
    await r.lemf.stop();
  }
});

test('50 POIs dropped at once (MDF killed) reconnect together: every durable record stored exactly once', { timeout: 300_000 }, async (t) => {
  const r = await rig('fifty');
  const mdfs: ChildMdf[] = [];
  const pois: FloodPoi[] = [];
  try {
    let mdf = await startChildMdf(r.dir, config(r.dir, { x1: 0, x2x3: 0 }, POIS));
    mdfs.push(mdf);
    r.watch.watch(mdf);
    const ports = { x1: mdf.ready.x1, x2x3: mdf.ready.x2x3 };
    const task = await provisionTask(cred(IDS.admf), { host: HOST, port: ports.x1 }, { hi2: r.lemf.hi2Endpoint, hi3: r.lemf.hi3Endpoint }, window(), 'LIID-FIFTY', POIS);
    for (const id of POIS) pois.push(new FloodPoi(cred(id), { host: HOST, port: ports.x2x3 }, () => [task.xid], { perRound: 4, maxQueued: 200, pauseMs: 20 }));
    for (const p of pois) p.start();
    const first = mdf;
    await waitFor('all 50 POIs connected and sending', async () => pois.every((p) => p.sender.connected && p.sender.stats.sent > 0) && (await first.stats()).delivered >= 5000, 60_000);
    const beforeKill = await mdf.stats();
    await mdf.kill();
    const sentAtKill = pois.map((p) => p.sender.stats.sent);

    mdf = await startChildMdf(r.dir, config(r.dir, ports, POIS));
    mdfs.push(mdf);
    r.watch.watch(mdf);
    const second = mdf;
    await waitFor('all 50 POIs reconnected and sending again', async () => pois.every((p, i) => p.sender.stats.reconnects >= 1 && p.sender.stats.sent > sentAtKill[i]! + 20) && (await received(second)) >= 10_000, 60_000);
    await Promise.all(pois.map((p) => p.stop()));
    await waitDrained(second);
    const end = await mdf.stats();
    assert.deepEqual(end.refused, {}, 'every POI is tasked: nothing refused');
    // One IRI and one CC sequence context per POI (its network element) at the LEMF.
    assert.equal(r.lemf.store.sequenceReport().filter((s) => s.liid === task.liid).length, 2 * POIS.length);
    finalCheck(t, r, { pois: pois.length, poiSent: pois.reduce((n, p) => n + p.sender.stats.sent, 0), receivedBeforeKill: beforeKill.received, deliveredBeforeKill: beforeKill.delivered, heldBackAtKill: beforeKill.heldBack, pendingAtRestart: mdf.ready.recovered.pendingRecords, receivedAfterRestart: end.received, x2x3Lost: end.x2x3.lost, mdfResent: end.destinations.reduce((n, d) => n + d.resent, 0) });
  } finally {
    await Promise.all(pois.map((p) => p.stop(0)));
    r.watch.stop();
    for (const m of mdfs) await m.kill();
    await r.lemf.stop();
  }
});
