/**
 * X1 keepalives and the network elements' fail-safe (TS 103 221-1 §6.6.2), over real X1 (HTTPS,
 * mutual TLS) with real POIs and the real MDF:
 * - while the ADMF sends Keepalives the POIs keep their tasks; once it falls silent for TIME_P2 a
 *   POI with tasks deactivates all of them, emits nothing more and reports it with ReportNEIssue
 *   at /X1/ADMF; keepalives and reconciliation resumed, the ADMF restores the tasks;
 * - an element that stops answering is alarmed once per outage, and is reconciled as soon as it
 *   answers again.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Poi } from '../../src/network/poi/index.ts';
import { ADMF, MDF, startFixture, waitFor, within, type Fixture } from './fixture.ts';
import type { Provisioning } from '../../src/provisioning/admf.ts';

const TIME_P2 = 600;
const TIME_P1 = 150;

describe('X1 keepalives and the §6.6.2 fail-safe', { timeout: 120_000 }, () => {
  let f: Fixture & { listening?: Provisioning };
  let admf: Provisioning;
  before(async () => {
    f = await startFixture({ name: 'keepalive', failSafeMs: TIME_P2, listen: true });
    admf = f.listening!;
  });
  after(async () => {
    await f?.close();
  });

  test('a silent ADMF makes the POIs drop their tasks and report it; the ADMF restores them', async () => {
    admf.startKeepalives(TIME_P1);
    const states = await within('apply', admf.apply({ activate: f.tasks, deactivate: [] }));
    assert.ok(states.every((s) => s.state === 'active'), JSON.stringify(states));
    // Two TIME_P2 with keepalives: no fail-safe.
    const rounds = admf.keepaliveRounds;
    await sleep(2 * TIME_P2);
    assert.ok(admf.keepaliveRounds > rounds + 2, 'keepalives were sent meanwhile');
    for (const id of ['opA-ims', 'opA-5gc', 'opB-5gc']) {
      assert.equal(f.poi(id).stats().failSafe.trips, 0, `${id} kept its tasks while keepalives came`);
      assert.equal(f.poi(id).table.tasks().length, 1);
    }

    admf.stopKeepalives();
    const from = f.audit.size;
    const tasked = ['opA-ims', 'opA-5gc', 'opB-5gc'];
    await waitFor('every tasked POI tripping its fail-safe and the ADMF getting its reports', async () => {
      const reports = (await f.events(from)).filter((e) => e.type === 'x1.report-ne');
      return tasked.every((id) => f.poi(id).stats().failSafe.trips === 1 && reports.some((e) => e.details.element === id));
    });
    for (const id of tasked) {
      const s = f.poi(id).stats().failSafe;
      assert.equal(f.poi(id).table.tasks().length, 0, `${id} has no task left`);
      assert.equal(s.tasksDeactivated, 1);
      assert.equal(s.reported, true);
      assert.deepEqual((await f.list(id)).listOfXIDs, [], `${id} lists no XID`);
    }
    // A POI with no task has nothing to deactivate (and nothing to report).
    assert.equal(f.poi('opB-ims').stats().failSafe.trips, 0);
    const report = (await f.events(from)).find((e) => e.type === 'x1.report-ne' && e.details.element === 'opA-5gc')!;
    assert.equal(report.details.issue, 'FaultReport');
    assert.match(String(report.details.description), /TIME_P2/);
    assert.ok(f.alarms.some((a) => a.code === 'PROVISIONING_NE_REPORT' && a.detail.startsWith('opA-5gc')));

    // Nothing more is emitted for the XID: the target's SMS and moves reach no sender.
    const target = f.tasks[0]!.target.value;
    const emitted = () => Object.values(f.poi('opA-5gc').stats().byXid).reduce((n, c) => n + c.x2 + c.x3, 0);
    const activity = () => {
      f.simulation.sendSms(target, f.simulation.operators[0]!.msisdnOf(7), 'fail-safe');
      f.simulation.moveSubscriber(target);
      f.traffic(3000);
    };
    const silent = emitted();
    activity();
    assert.equal(emitted(), silent, 'nothing emitted after the fail-safe');

    // The ADMF comes back: keepalives and one reconciliation restore every task.
    admf.startKeepalives(TIME_P1);
    const r = await within('reconciliation', admf.reconcile());
    assert.deepEqual(r.missing.map((m) => `${m.element} ${m.xid}`).sort(), [`opA-5gc ${f.tasks[0]!.xid}`, `opA-ims ${f.tasks[0]!.xid}`, `opB-5gc ${f.tasks[1]!.xid}`].sort());
    assert.deepEqual(r.rogue, []);
    for (const id of tasked) assert.equal((await f.list(id)).listOfXIDs.length, 1, `${id} tasked again`);
    activity();
    assert.ok(emitted() > silent, 'the restored task intercepts again');
    await sleep(2 * TIME_P2);
    for (const id of tasked) assert.equal(f.poi(id).stats().failSafe.trips, 1, `${id} did not trip again`);
    assert.equal((await f.list(MDF)).listOfXIDs.length, 2, 'the MDF (no fail-safe here) kept its tasks');
    admf.stopKeepalives();
  });

  test('an unreachable element is alarmed once per outage and reconciled when it answers again', async () => {
    const id = 'opB-5gc';
    const old = f.poi(id);
    const endpoint = old.x1Endpoint;
    await within('reconciliation', admf.reconcile()); // every task in place
    const alarms = () => f.alarms.filter((a) => a.code === 'PROVISIONING_NE_UNREACHABLE' && a.detail.startsWith(id)).length;
    const before = alarms();
    const from = f.audit.size;
    admf.startKeepalives(TIME_P1);
    await within('the POI stopping', old.stop());
    await waitFor('the outage alarmed', () => alarms() === before + 1);
    const rounds = admf.keepaliveRounds;
    await waitFor('four more keepalive rounds', () => admf.keepaliveRounds >= rounds + 4);
    assert.equal(alarms(), before + 1, 'alarmed once, not at every keepalive');
    assert.deepEqual(admf.unreachable().map((u) => u.element), [id]);
    const ev = await f.events(from);
    assert.equal(ev.filter((e) => e.type === 'provisioning.ne-unreachable' && e.subject === id).length, 1);

    // The element comes back empty on the same address: reconciled at once, its task restored.
    const back = await within('the POI starting again', Poi.start({ identifier: id, operatorId: 'opB', elements: ['amf', 'smsf', 'smf', 'upf'], creds: f.creds.get(id)!, bind: endpoint, admfIdentifier: ADMF, failSafeMs: 0 }));
    let stopped = false;
    try {
      await waitFor('the task back on the restarted POI', () => back.table.tasks().some((t) => t.xId === f.tasks[1]!.xid));
      assert.deepEqual(admf.unreachable(), []);
      const after = await f.events(from);
      assert.equal(after.filter((e) => e.type === 'provisioning.ne-reachable' && e.subject === id).length, 1);
      assert.ok(after.some((e) => e.type === 'provisioning.missing-task' && e.details.element === id));

      // A second outage is a new one: alarmed again, once.
      await within('the restarted POI stopping', back.stop());
      stopped = true;
      await waitFor('the second outage alarmed', () => alarms() === before + 2);
      const r2 = admf.keepaliveRounds;
      await waitFor('four more keepalive rounds', () => admf.keepaliveRounds >= r2 + 4);
      assert.equal(alarms(), before + 2);
    } finally {
      admf.stopKeepalives();
      if (!stopped) await within('the restarted POI stopping', back.stop());
    }
  });
});
