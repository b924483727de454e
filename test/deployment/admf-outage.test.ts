/**
 * The ADMF silent for longer than TIME_P2 on a real deployment (TS 103 221-1 §6.6.2): "if the NE
 * has not seen a Keepalive message for TIME_P2 … the NE shall perform a DeactivateAllTasks". The
 * control role is frozen with SIGSTOP (a frozen ADMF sends no keepalives, and the supervisor only
 * restarts processes that exit, so it stays down as long as we like), then resumed with SIGCONT.
 * TIME_P2 is 3 s and TIME_P1 0.5 s here (the YAML is edited before `up`).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticOperators } from '../../src/cli/demo/deployment-driver.ts';
import { deriveLiid } from '../../src/warrants/index.ts';
import { down } from '../../src/platform/supervisor/control.ts';
import { auditEntries, boot, describeGap, describeRecord, iso, lemfEvidence, lemfRecords, poiStats, recordTime, roleLogTail, sleep, startActivity, teardown, verifyAuditOffline, waitFor, xidsOf, type Booted } from './helpers.ts';

const TIME_P2_MS = 3000;
const TIME_P1_MS = 500;
/** The fail-safe looks at the silence every TIME_P2/5 (src/wires/x1/fail-safe.ts); one more second for scheduling. */
const GRACE_MS = TIME_P2_MS / 5 + 1000;

let b: Booted | undefined;

before(async () => {
  b = await boot({
    prefix: 'warranted-p2-',
    seed: 5,
    edit: (doc) => {
      const timers = doc.timers as Record<string, number>;
      timers.x1FailSafeMs = TIME_P2_MS;
      timers.x1KeepaliveMs = TIME_P1_MS;
    },
  });
});
after(async () => {
  if (b) await teardown({ tmp: b.tmp, dataDir: b.d.dataDir, driver: b.driver });
});

test('ADMF frozen longer than TIME_P2: the elements deactivate their tasks, nothing is delivered, tasks restored after', { timeout: 400_000 }, async (t) => {
  if (!b) throw new Error('the deployment did not come up (see the before hook)');
  const { d, driver } = b;
  assert.equal(d.timers.x1FailSafeMs, TIME_P2_MS, 'the edited TIME_P2 was not loaded');
  const [opA] = syntheticOperators(d);
  const police = d.agencies[0]!;
  const target = opA!.msisdnOf(31);
  await driver.watch(opA!.id, [{ label: 'target', id: { kind: 'e164Number', value: target } }]);
  const w = await driver.submitAndApprove({ agencyId: police.id, targets: [{ id: { kind: 'e164Number', value: target }, content: true }], operators: [opA!.id], start: new Date(), end: new Date(Date.now() + 600_000) });
  const liid = deriveLiid({ id: w.id, agency: { id: police.id, name: police.id } });
  await waitFor('X1 ActivateTask acknowledged by the MDF and both elements', async () => (await driver.activePairs()) >= 3, 90_000);
  const stopActivity = startActivity(driver, opA!.id, target, (k) => opA!.msisdnOf((k * 11 + 50) % opA!.size));
  // When control was frozen and resumed (set below; an object so the lint sees them used).
  const at = { stopped: 0, cont: 0 };
  try {
    await waitFor(`first records at ${police.lemf.id}`, async () => (await lemfRecords(d, police.lemf.id)) > 0, 60_000);
    const tripsBefore = new Map((await poiStats(driver, opA!.id)).map((s) => [s.identifier, s.failSafe.trips]));
    const control = await driver.role('control', d.control.admf.id);
    assert.ok(control.pid !== null, 'control is not running');
    process.kill(control.pid, 'SIGSTOP');
    at.stopped = Date.now();
    try {
      // Every element of operator A trips its fail-safe and deactivates the task…
      const tripped = await waitFor('the fail-safe of both elements of operator A', async () => {
        const stats = await poiStats(driver, opA!.id);
        return stats.every((s) => s.failSafe.trips > (tripsBefore.get(s.identifier) ?? 0) && s.failSafe.tasksDeactivated > 0) && stats;
      }, 30_000);
      for (const s of tripped) t.diagnostic(`${s.identifier}: fail-safe trips ${s.failSafe.trips}, tasks deactivated ${s.failSafe.tasksDeactivated}, last at ${s.failSafe.lastAt}`);
      // …and the target keeps calling, texting and moving while the ADMF stays frozen.
      await sleep(Math.max(0, at.stopped + TIME_P2_MS + GRACE_MS + 5000 - Date.now()));
    } finally {
      process.kill(control.pid, 'SIGCONT');
      at.cont = Date.now();
    }
    // The ADMF resumes: reconciliation finds the tasks missing and activates them again.
    const base = await lemfRecords(d, police.lemf.id);
    await waitFor(`records at ${police.lemf.id} again after SIGCONT at ${iso(at.cont)}\n${roleLogTail(d, 'control', d.control.admf.id)}`, async () => (await lemfRecords(d, police.lemf.id)) > base, 90_000);
    await sleep(2000);
  } finally {
    stopActivity();
  }
  const truth = (await driver.groundTruth(opA!.id)).find((x) => x.label === 'target')!;
  const { stopped: stoppedAt, cont: contAt } = at;
  await down({ dataDir: d.dataDir, timeoutMs: 60_000 });

  const silentFrom = stoppedAt + TIME_P2_MS + GRACE_MS;
  const events = truth.events.filter((e) => e.timeMs >= silentFrom && e.timeMs < contAt);
  assert.ok(events.length > 0, `the target had no activity between ${iso(silentFrom)} and ${iso(contAt)}: the check below would prove nothing`);
  const ev = lemfEvidence(d, police.lemf.id, liid);
  const during = ev.records.find((r) => recordTime(r) >= silentFrom && recordTime(r) < contAt);
  assert.equal(during, undefined, during && `${police.lemf.id}: ${describeRecord(during)} intercepted while the ADMF was frozen (SIGSTOP ${iso(stoppedAt)}, TIME_P2 ${TIME_P2_MS} ms, SIGCONT ${iso(contAt)})`);
  assert.ok(ev.records.some((r) => recordTime(r) >= contAt), `no record intercepted after SIGCONT at ${iso(contAt)}`);
  const entries = auditEntries(d);
  const xid = xidsOf(entries, w.id)[0];
  assert.ok(xid !== undefined, 'no provisioning.task-activating entry for the warrant');
  const rogue = entries.find((e) => e.type === 'provisioning.rogue-task' && e.subject === xid);
  assert.equal(rogue, undefined, rogue && `the lawful task ${xid} was reported as rogue on ${String(rogue.details.element)} at ${rogue.at} after the fail-safe`);
  const audit = await verifyAuditOffline(d);
  assert.ok(audit.ok, `the audit log does not verify offline: ${audit.problems.join('; ')}`);
  // Numbering goes on across the fail-safe: the task that comes back is the same warrant's, under the
  // same LIID, so its PDUs fall in the same sequence number context (LIID, OPID, NEID, CIN, DCC,
  // payload type), where "the sequence number shall increment sequentially by 1" (TS 102 232-1 §5.2.5).
  const gap = ev.gaps.find((g) => g.missingCount > 0 || g.duplicateCount > 0);
  assert.equal(gap, undefined, gap && `${police.lemf.id}: ${describeGap(ev, gap)} after the fail-safe ended the task and reconciliation activated it again`);
});
