/**
 * Data-plane fault tests (issue 8), the LEMF side: the LEMF offline at full rate then back; a LEMF
 * that reads nothing then drops the connection; a LEMF that stops acknowledging (TIME5). The MDF is
 * a child process (mdf-child.ts), the POI and the LEMFs run here; real mutual TLS on 127.0.0.1.
 * Each ends with data-plane-check.ts.
 *
 * Bounds for CI (docs/mediation.md "Fault tests"): the outage lasts WARRANTED_FAULT_LEMF_OUTAGE_MS
 * (default 8 s, not the 60 s: run `WARRANTED_FAULT_LEMF_OUTAGE_MS=60000 npx tsx --test
 * test/mediation/data-plane-faults-lemf.test.ts` for the full minute); the silent LEMF holds the
 * connection 2 s; TIME5 is 5 s and the acknowledgement stall lasts two expiries.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type TLSSocket } from 'node:tls';
import { mtlsServerOptions } from '../../src/platform/pki.ts';
import { deactivate } from '../../src/provisioning/x1-messages.ts';
import { checkNothingAfterEnd, FaultEnv, finalCheck, LIVE_BOUND, MiB, waitDrained, type Rig } from './data-plane-check.ts';
import { FloodPoi, HOST, IDS, provisionTask, sleep, startChildMdf, waitFor, x1Client, type ChildMdf } from './restart-helpers.ts';

const OUTAGE_MS = Number(process.env.WARRANTED_FAULT_LEMF_OUTAGE_MS ?? 8000);
let env: FaultEnv;
before(async () => (env = await FaultEnv.create('dp-faults-lemf-')));
after(() => env.dispose());
const cred = (id: string) => env.cred(id);

const window = () => ({ start: new Date(Date.now() - 60_000), end: new Date(Date.now() + 3600_000) });
const sum = (s: Awaited<ReturnType<ChildMdf['stats']>>, f: (d: Awaited<ReturnType<ChildMdf['stats']>>['destinations'][number]) => number) => s.destinations.reduce((n, d) => n + f(d), 0);

/** MDF child + `n` tasks to the scenario's LEMF ports + a flooding POI. */
async function start(r: Omit<Rig, 'lemf'>, extra: Parameters<FaultEnv['config']>[2], liids: string[], rate?: ConstructorParameters<typeof FloodPoi>[3]) {
  const mdf = await startChildMdf(r.dir, env.config(r.dir, { x1: 0, x2x3: 0 }, extra));
  r.watch.watch(mdf);
  const x1 = { host: HOST, port: mdf.ready.x1 };
  const lemfEp = { hi2: { host: HOST, port: r.ports.hi2 }, hi3: { host: HOST, port: r.ports.hi3 } };
  const tasks: Awaited<ReturnType<typeof provisionTask>>[] = [];
  for (const liid of liids) tasks.push(await provisionTask(cred(IDS.admf), x1, lemfEp, window(), liid));
  const poi = new FloodPoi(cred(IDS.poi), { host: HOST, port: mdf.ready.x2x3 }, () => tasks.map((t) => t.xid), rate);
  poi.start();
  return { mdf, x1, tasks, poi };
}

test('LEMF offline at full rate, then back; a task ended during the outage: every durable record stored once, nothing after the end', { timeout: 120_000 + 6 * OUTAGE_MS }, async (t) => {
  const down = await env.rig('outage');
  let lemf = down.lemf;
  const { mdf, x1, tasks, poi } = await start(down, {}, ['LIID-OUT-A', 'LIID-OUT-B']);
  try {
    await waitFor('5,000 records delivered before the outage', async () => (await mdf.stats()).delivered >= 5000, 60_000);
    await lemf.stop();
    await sleep(OUTAGE_MS / 2);
    const client = x1Client(cred(IDS.admf), x1);
    await client.request(deactivate(tasks[1]!.xid)).finally(() => client.close());
    const endedAt = Date.now();
    await sleep(OUTAGE_MS / 2);
    // The POI stops at the end of the outage, so that the backlog is measured with nothing held back:
    // all of it durable, audited and released, none of it delivered.
    await poi.stop();
    await waitFor('everything received to be durable and audited', async () => (await mdf.stats()).heldBack === 0, 60_000);
    const during = await mdf.stats();
    const heap = await mdf.heap();
    assert.equal(sum(during, (d) => (d.connected ? 1 : 0)), 0, 'the LEMF is down');
    const backlog = sum(during, (d) => d.queued);
    // How much builds up depends on the POI's rate, which a loaded machine lowers (47,349 was seen in
    // 8 s): the check is that records waited for the LEMF, on disk; the 60 s run is the memory test.
    assert.ok(backlog > 20_000, `a backlog built up during the outage (${backlog})`);
    assert.ok(heap.live < LIVE_BOUND, `MDF live memory ${(heap.live / MiB).toFixed(0)} MiB < ${LIVE_BOUND / MiB} MiB with ${backlog} records waiting`);
    lemf = await env.startLemf(down.dir, down.ports, down.alarms);
    const r: Rig = { ...down, lemf };
    await waitFor('the MDF to reconnect and deliver again', async () => sum(await mdf.stats(), (d) => d.delivered) > sum(during, (d) => d.delivered) + 2000, 60_000);
    await waitDrained(mdf);
    const end = await mdf.stats();
    const refusedEnded = (end.refused.MDF_TASK_ENDED ?? 0) + (end.refused.MDF_UNKNOWN_XID ?? 0);
    assert.ok(refusedEnded > 0, 'the POI kept sending for the ended task and the MDF refused it');
    const ended = checkNothingAfterEnd(`${down.dir}/audit.jsonl`, lemf.store, tasks[1]!.liid, endedAt);
    finalCheck(t, r, { outageMs: OUTAGE_MS, poiSent: poi.sender.stats.sent, received: end.received, backlogAtReturn: during.destinations.map((d) => d.queued), liveMiBAtReturn: Math.round(heap.live / MiB), refusedForEndedTask: refusedEnded, storedOfEndedTask: ended.stored, mdfResent: sum(end, (d) => d.resent) });
  } finally {
    await poi.stop(0);
    down.watch.stop();
    await mdf.kill();
    await lemf.stop();
  }
});

test('a LEMF that reads nothing, then drops the connection, then the real LEMF on the same ports: nothing counted delivered early, all stored once', { timeout: 120_000 }, async (t) => {
  const r0 = await env.rigDown('silent');
  // Acknowledgement 'required' (§6.3.6 2)): the MDF writes data at once, without negotiation, into
  // a socket nobody reads — the case where "written" used to count as delivered.
  const { mdf, poi } = await start(r0, { delivery: { acknowledgement: { mode: 'required', intervalMs: 100, timeoutMs: 30_000 } } }, ['LIID-SILENT']);
  const sockets: TLSSocket[] = [];
  const servers = [r0.ports.hi2, r0.ports.hi3].map((port) => {
    const s = createServer(mtlsServerOptions(cred(IDS.lemf)), (sock) => {
      sock.pause();
      sockets.push(sock);
    });
    s.listen(port, HOST);
    return s;
  });
  let lemf;
  try {
    await waitFor('the MDF to connect to the silent LEMF on both ports', () => sockets.length >= 2, 30_000);
    // Records flow to the senders (released) while the LEMF reads none of them; then 2 s more.
    await waitFor('records released to the senders', async () => (await mdf.stats()).delivered > 0, 30_000);
    await sleep(2000);
    const silent = await mdf.stats();
    assert.equal(sum(silent, (d) => d.delivered), 0, 'nothing is confirmed by a LEMF that read nothing');
    assert.ok(silent.delivered > 0, 'records were released to the senders meanwhile');
    for (const s of sockets) s.destroy();
    await Promise.all(servers.map((s) => new Promise((res) => s.close(res))));
    lemf = await env.startLemf(r0.dir, r0.ports, r0.alarms);
    const r: Rig = { ...r0, lemf };
    await waitFor('the real LEMF to receive records', async () => sum(await mdf.stats(), (d) => d.delivered) > 5000, 60_000);
    await poi.stop();
    await waitDrained(mdf);
    const end = await mdf.stats();
    finalCheck(t, r, { poiSent: poi.sender.stats.sent, received: end.received, releasedWhileSilent: silent.delivered, mdfResent: sum(end, (d) => d.resent) });
  } finally {
    await poi.stop(0);
    r0.watch.stop();
    for (const s of sockets) s.destroy();
    for (const s of servers) s.close();
    await mdf.kill();
    await lemf?.stop();
  }
});

test('a LEMF that stops acknowledging: TIME5 expires, the MDF reconnects and resends, the LEMF stores each PDU once', { timeout: 120_000 }, async (t) => {
  const r = await env.rig('stall');
  // Not at full rate: this process is also the LEMF, and a LEMF that cannot answer within TIME5
  // what a reconnect resends (up to 4 × everyPdus PDUs) is cut off again and again (see docs).
  const { mdf, poi } = await start(r, { delivery: { acknowledgement: { mode: 'negotiate', intervalMs: 100, timeoutMs: 5000 } } }, ['LIID-STALL'], { perRound: 32, pauseMs: 5 });
  const store = r.lemf.store;
  const sync = store.sync.bind(store);
  const stalled: (() => void)[] = [];
  try {
    await waitFor('5,000 records acknowledged', async () => sum(await mdf.stats(), (d) => d.delivered) >= 5000, 60_000);
    // The evidence is still written, but its fsync — and so every acknowledgement — never completes.
    store.sync = () => new Promise<void>((res) => stalled.push(() => void sync().then(res)));
    await waitFor('two TIME5 expiries', async () => sum(await mdf.stats(), (d) => d.ackTimeouts) >= 2, 60_000);
    store.sync = sync;
    for (const s of stalled) s();
    const atResume = await mdf.stats();
    await waitFor('acknowledgements again', async () => sum(await mdf.stats(), (d) => d.delivered) > sum(atResume, (d) => d.delivered) + 5000, 60_000);
    await poi.stop();
    await waitDrained(mdf);
    const end = await mdf.stats();
    assert.ok(mdf.alarms.some((a) => a.code === 'HI_ACK_TIMEOUT'), 'HI_ACK_TIMEOUT alarmed');
    assert.ok(sum(end, (d) => d.resent) > 0, 'the MDF resent what was not acknowledged');
    assert.ok(r.lemf.stats().resent > 0, 'the LEMF recognised the resent PDUs');
    finalCheck(t, r, { poiSent: poi.sender.stats.sent, received: end.received, ackTimeouts: sum(end, (d) => d.ackTimeouts), mdfResent: sum(end, (d) => d.resent), stalledAcks: stalled.length });
  } finally {
    store.sync = sync;
    await poi.stop(0);
    r.watch.stop();
    await mdf.kill();
    await r.lemf.stop();
  }
});
