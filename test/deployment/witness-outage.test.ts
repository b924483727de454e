/**
 * No interception without the witnesses having seen it (issue 9), on a real deployment: `init`
 * makes a court and a regulator witness, both required. The regulator's witness is frozen with
 * SIGSTOP (the supervisor restarts only processes that exit, so it stays silent); a warrant is
 * approved; the ADMF announces the task, the audit service cannot get the quorum within maxWaitMs,
 * and the ADMF refuses: nothing reaches the MDF or any element, an alarm, `provisioning.refused`.
 * After SIGCONT the warrant change is retried and the task is provisioned; the log verifies offline
 * with the witness policy and the law.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticOperators } from '../../src/cli/demo/deployment-driver.ts';
import { auditEntries, boot, metricOf, sleep, teardown, verifyAuditOffline, waitFor, type Booted } from './helpers.ts';

let b: Booted | undefined;

before(async () => {
  b = await boot({ prefix: 'warranted-witness-down-', seed: 9 });
});
after(async () => {
  if (b) await teardown({ tmp: b.tmp, dataDir: b.d.dataDir, driver: b.driver });
});

test('a witness that is down: the activation waits, then is refused and nothing is provisioned; with the witness back it goes ahead', { timeout: 400_000 }, async () => {
  if (!b) throw new Error('the deployment did not come up (see the before hook)');
  const { d, driver } = b;
  const policy = d.audit.witnessPolicy;
  assert.ok(policy !== undefined && policy.witnesses.length === 2 && policy.quorum === 2, 'init makes two witnesses, both required');
  const regulator = d.witnesses.find((w) => w.id === policy.witnesses[1])!;
  const [opA] = syntheticOperators(d);
  const police = d.agencies[0]!;
  const target = opA!.msisdnOf(17);

  const w = await (async () => {
    const proc = await driver.role('witness', regulator.id);
    assert.ok(proc.pid !== null, 'the regulator witness is running');
    process.kill(proc.pid, 'SIGSTOP');
    try {
      const submitted = await driver.submitAndApprove({ agencyId: police.id, targets: [{ id: { kind: 'e164Number', value: target }, content: false }], operators: [opA!.id], start: new Date(), end: new Date(Date.now() + 600_000) });
      await waitFor(
        'the ADMF to refuse the activation (provisioning.refused PROVISIONING_NOT_WITNESSED)',
        () => Promise.resolve(auditEntries(d).some((e) => e.type === 'provisioning.refused' && e.details.code === 'PROVISIONING_NOT_WITNESSED' && e.details.warrantId === submitted.id)),
        60_000,
      );
      // Refused, not merely late: a few more anchor rounds and nothing is tasked anywhere.
      await sleep(2 * policy.maxWaitMs);
      assert.equal(await driver.activePairs(), 0, 'no task reached the MDF or an element');
      const announced = auditEntries(d).filter((e) => e.type === 'provisioning.task-activating' && e.details.warrantId === submitted.id);
      assert.ok(announced.length >= 1, 'the activation was announced in the log');
      assert.ok(!auditEntries(d).some((e) => e.type === 'x1.sending' && (e.details.requestTypes as string[]).includes('ActivateTaskRequest')), 'no ActivateTask was even announced for sending');
      assert.ok((await metricOf(d, driver, 'control', 'warranted_alarms_total', 'code="PROVISIONING_NOT_WITNESSED"', d.control.admf.id)) >= 1, 'alarm raised');
      return submitted;
    } finally {
      process.kill(proc.pid, 'SIGCONT');
    }
  })();

  await waitFor('the task provisioned on the MDF and the elements once the witness is back', async () => (await driver.activePairs()) >= 2, 120_000);
  const activations = auditEntries(d).filter((e) => e.type === 'provisioning.task-activating' && e.details.warrantId === w.id);
  assert.ok(activations.length >= 2, 'announced again when retried');
  // The log is live: wait for a checkpoint, cosigned by both witnesses, that covers all of it.
  let last: string[] = [];
  const verified = await waitFor('the live log to verify offline (witness quorum, the law)', async () => {
    const v = await verifyAuditOffline(d);
    last = v.problems;
    return v.ok;
  }, 60_000).catch(() => false);
  assert.ok(verified, last.join('\n'));
});
