/**
 * Data-plane fault test (issue 8): a destination's outbox reaches its disk quota while the LEMF is
 * down. Every record past the quota is refused (MDF_OUTBOX_QUOTA): alarmed, audited with its count,
 * never dropped silently and never given a sequence number — so when the LEMF returns, what was
 * accepted arrives once and without a gap (data-plane-check.ts), and received = durable + refused.
 * The MDF is a child process (mdf-child.ts), the POI and the LEMF run here; mutual TLS on 127.0.0.1.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { auditEvents, FaultEnv, finalCheck, waitDrained, type Rig } from './data-plane-check.ts';
import { FloodPoi, HOST, IDS, provisionTask, startChildMdf, waitFor } from './restart-helpers.ts';

const QUOTA = 2 * 1024 * 1024;
let env: FaultEnv;
before(async () => (env = await FaultEnv.create('dp-faults-quota-')));
after(() => env.dispose());

test('outbox quota reached while the LEMF is down: refused, alarmed and audited, nothing silently dropped, no gap after the LEMF returns', { timeout: 200_000 }, async (t) => {
  const r0 = await env.rigDown('quota');
  const mdf = await startChildMdf(r0.dir, env.config(r0.dir, { x1: 0, x2x3: 0 }, { delivery: { quotaBytes: QUOTA, acknowledgement: { mode: 'negotiate', intervalMs: 100, timeoutMs: 10_000 } } }));
  r0.watch.watch(mdf);
  const lemfEp = { hi2: { host: HOST, port: r0.ports.hi2 }, hi3: { host: HOST, port: r0.ports.hi3 } };
  const task = await provisionTask(env.cred(IDS.admf), { host: HOST, port: mdf.ready.x1 }, lemfEp, { start: new Date(Date.now() - 60_000), end: new Date(Date.now() + 3600_000) }, 'LIID-QUOTA');
  const poi = new FloodPoi(env.cred(IDS.poi), { host: HOST, port: mdf.ready.x2x3 }, () => [task.xid]);
  let lemf;
  try {
    poi.start();
    await waitFor('the quota to refuse records', async () => ((await mdf.stats()).refused.MDF_OUTBOX_QUOTA ?? 0) > 1000, 60_000);
    await poi.stop();
    // Everything the POI sent read (frames may still sit in the socket when it stops), durable or refused, and audited.
    // Bounded, but generous: under CI load (two cores, other fault tests beside it) the MDF can take
    // tens of seconds to read and audit the last frames. The message says where it stood.
    let last = '';
    await waitFor('everything sent to be received, durable and audited', async () => {
      const s = await mdf.stats();
      last = `received ${s.received} of ${poi.sender.stats.sent} sent, held back ${s.heldBack}, paused ${String(s.paused)}, refused ${JSON.stringify(s.refused)}`;
      return s.heldBack === 0 && s.received === poi.sender.stats.sent;
    }, 60_000).catch((e: unknown) => {
      throw new Error(`${(e as Error).message}: ${last}`);
    });
    const full = await mdf.stats();
    assert.ok(mdf.alarms.some((a) => a.code === 'MDF_OUTBOX_QUOTA'), 'MDF_OUTBOX_QUOTA alarmed');
    for (const d of full.destinations) assert.ok(d.bytesOnDisk <= QUOTA, `outbox ${d.did} holds ${d.bytesOnDisk} octets, over its quota of ${QUOTA}`);
    const quotaRefusalsAudited = () =>
      auditEvents(join(r0.dir, 'audit.jsonl'))
        .filter((e) => e.type === 'mdf.record-refused' && (e.details as { code?: string }).code === 'MDF_OUTBOX_QUOTA')
        .reduce((n, e) => n + ((e.details as { count?: number }).count ?? 0), 0);
    // The refusals reach the audit log on the MDF's flush, each second; a count that never matches times out.
    const counted = full.refused.MDF_OUTBOX_QUOTA ?? 0;
    await waitFor('every quota refusal in the audit log', () => quotaRefusalsAudited() >= counted, 10_000);
    const refusedAudited = quotaRefusalsAudited();
    const refused = Object.values(full.refused).reduce((n, c) => n + c, 0);
    assert.equal(refusedAudited, counted, 'every refusal for the quota is in the audit log');

    lemf = await env.startLemf(r0.dir, r0.ports, r0.alarms);
    const r: Rig = { ...r0, lemf };
    await waitDrained(mdf);
    const c = finalCheck(t, r, { quotaBytes: QUOTA, poiSent: poi.sender.stats.sent, received: full.received, refused: full.refused, refusedAudited });
    // Nothing silently dropped: every PDU the MDF read was either made durable (and is now at the LEMF) or refused on the record.
    assert.equal(c.durable + refused, full.received, `received ${full.received} = durable ${c.durable} + refused ${refused}`);
    assert.equal(full.received, poi.sender.stats.sent, 'the MDF read everything the POI sent');
  } finally {
    await poi.stop(0);
    r0.watch.stop();
    await mdf.kill();
    await lemf?.stop();
  }
});
