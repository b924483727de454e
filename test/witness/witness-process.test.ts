/**
 * The witness in its own OS process, killed with SIGKILL while a log keeps submitting: after a
 * restart it still knows the latest checkpoint it cosigned (at least every one it answered), so it
 * refuses a rollback to any smaller tree and a fork of its size, and the series goes on from there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { logFileKey } from '../../src/witness/index.ts';
import { addCheckpointBody, LOG_ORIGIN, post, startWitnessProcess, TestLog, witnessBed } from './helpers.ts';

test('kill -9 mid-run: the restarted witness refuses a rollback below its last cosigned size, keeps the evidence, and continues the series', async () => {
  const bed = await witnessBed(['witness', 'audit']);
  const dir = join(bed.dir, 'witness');
  const audit = bed.creds.get('audit')!;
  const log = new TestLog(bed.log);
  let witness = await startWitnessProcess(bed, { dir });
  const port = witness.endpoint.port;
  try {
    // One submitter, as a log is: each step waits for the previous answer.
    let acked = 0;
    let stop = false;
    let failures = 0;
    const submitter = (async () => {
      let old = 0;
      while (!stop) {
        const to = old + 1 + (old % 3);
        log.grow(to);
        try {
          const reply = await post(audit, witness.endpoint, '/add-checkpoint', addCheckpointBody(old, log.proof(old, to), log.checkpoint(to).note));
          assert.equal(reply.status, 200, reply.body);
          acked = to;
          old = to;
        } catch (error) {
          if ((error as { code?: string }).code === 'ERR_ASSERTION') throw error;
          failures++; // the kill: connection reset or refused
          return;
        }
      }
    })();
    for (let waited = 0; acked < 40 && waited < 30_000; waited += 5) await sleep(5);
    assert.ok(acked >= 40, `the witness cosigned a series before the kill (got to ${acked})`);
    const exited = once(witness.child, 'exit');
    witness.child.kill('SIGKILL');
    await exited;
    stop = true;
    await submitter;
    assert.equal(failures, 1, 'the kill landed while the log was submitting');

    witness = await startWitnessProcess(bed, { dir, port });
    // Ask with old 0 (as a log that lost track would): the 409 names the durable size.
    log.grow(log.tree.size + 1);
    const probe = await post(audit, witness.endpoint, '/add-checkpoint', addCheckpointBody(0, [], log.checkpoint().note));
    assert.equal(probe.status, 409);
    const durable = Number(probe.body.trim());
    assert.ok(durable >= acked, `restarted witness remembers ${durable}, but it had answered ${acked}`);

    // A rollback: a smaller tree, freshly signed. Refused whatever old size the log claims.
    const back = log.checkpoint(acked - 1);
    const asIfNew = await post(audit, witness.endpoint, '/add-checkpoint', addCheckpointBody(acked - 1, [], back.note));
    assert.deepEqual([asIfNew.status, asIfNew.body], [409, `${durable}\n`]);
    const behind = await post(audit, witness.endpoint, '/add-checkpoint', addCheckpointBody(durable, [], back.note));
    assert.equal(behind.status, 400);
    const evidence = readdirSync(join(dir, 'evidence', logFileKey(LOG_ORIGIN)));
    assert.deepEqual(evidence.map((d) => d.replace(/[0-9a-f]{16}$/, '…')), [`rollback-${acked - 1}-…`]);
    assert.match(witness.stderr(), /alarm WITNESS_FORK_DETECTED: .*rollback/);

    // A fork of the durable size is refused too: the restarted witness kept its root, not just its size.
    const fork = new TestLog(bed.log, (i) => (i < 5 ? `entry-${i}` : `other-${i}`)).grow(durable);
    assert.equal((await post(audit, witness.endpoint, '/add-checkpoint', addCheckpointBody(durable, [], fork.checkpoint().note))).status, 409);

    // The honest log goes on from the durable size.
    const next = log.tree.size;
    const on = await post(audit, witness.endpoint, '/add-checkpoint', addCheckpointBody(durable, log.proof(durable, next), log.checkpoint(next).note));
    assert.equal(on.status, 200, on.body);
  } finally {
    const code = await witness.stop();
    assert.equal(code, 0, witness.stderr());
    bed.cleanup();
  }
});
