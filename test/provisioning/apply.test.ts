/**
 * Provisioning.apply's contract when the audit log is unavailable (fail closed, never swallowed):
 * deactivations are still sent to every element and then PROVISIONING_AUDIT_UNAVAILABLE is thrown
 * with the per-element results; activations are not sent at all; reconciliation stops too. Real
 * X1 over mutual TLS to the real MDF and POIs; the audit log is switched off in between.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ProvisioningError } from '../../src/provisioning/errors.ts';
import type { ElementState } from '../../src/provisioning/admf.ts';
import { generateKeyPairSync } from 'node:crypto';
import { createCosigner, createCosignatureVerifier, verifyCosignature, Witness } from '../../src/audit/index.ts';
import { MDF, startFixture, type Fixture } from './fixture.ts';

describe('apply() when the audit log is unavailable', { timeout: 120_000 }, () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture({ name: 'apply' });
  });
  after(async () => {
    await f?.close();
  });

  test('deactivations still go out, activations do not, and the error is thrown, typed', async () => {
    let down = false;
    const p = f.admf({ audit: { append: (e) => (down ? Promise.reject(new Error('disk full')) : f.audit.append(e)) } });
    const [a] = f.tasks;
    assert.ok(a);
    const ok = await p.apply({ activate: f.tasks, deactivate: [] });
    assert.ok(ok.every((s) => s.state === 'active'));

    down = true;
    const stop = await p.apply({ activate: [], deactivate: [a] }).then(
      () => assert.fail('apply resolved with the audit log down'),
      (e: unknown) => e,
    );
    assert.ok(stop instanceof ProvisioningError);
    assert.equal(stop.code, 'PROVISIONING_AUDIT_UNAVAILABLE');
    const results = stop.details?.results as ElementState[];
    assert.deepEqual(results.map((s) => `${s.element} ${s.state}`).sort(), [`${MDF} deactivated`, 'opA-5gc deactivated', 'opA-ims deactivated']);
    for (const el of [MDF, 'opA-ims', 'opA-5gc']) assert.ok(!(await f.list(el)).listOfXIDs.includes(a.xid), `${el} stopped intercepting`);
    assert.ok(f.alarms.some((x) => x.code === 'PROVISIONING_AUDIT_UNAVAILABLE'));

    await assert.rejects(p.apply({ activate: [a], deactivate: [] }), { code: 'PROVISIONING_AUDIT_UNAVAILABLE' });
    assert.ok(!(await f.list(MDF)).listOfXIDs.includes(a.xid), 'no activation was sent while the log is down');
    await assert.rejects(p.reconcile(), { code: 'PROVISIONING_AUDIT_UNAVAILABLE' });
    assert.ok(!(await f.list(MDF)).listOfXIDs.includes(a.xid), 'nor by reconciliation');

    down = false;
    const r = await p.reconcile();
    assert.deepEqual(r.missing.map((m) => m.element).sort(), [MDF, 'opA-5gc', 'opA-ims']);
    for (const el of [MDF, 'opA-ims', 'opA-5gc']) assert.ok((await f.list(el)).listOfXIDs.includes(a.xid), `${el} intercepts again`);
  });

  test('an activation the witness has not cosigned is not provisioned: refused, alarmed, audited (issue 9)', async () => {
    // The gate as the audit service's anchor implements it, in process: a checkpoint of the log
    // covering the entry, cosigned by a real tlog-cosignature witness — when the witness is up.
    const key = generateKeyPairSync('ed25519').privateKey;
    const witness = new Witness({ cosigner: createCosigner('court.test/witness', key), log: f.auditSigner });
    let up = false;
    const witnessed = (index: number): Promise<void> => {
      const checkpoint = f.audit.checkpoint();
      if (!up) return Promise.reject(new Error('AUDIT_NO_QUORUM: the court witness does not answer'));
      const proof = witness.state === undefined ? [] : f.audit.consistencyProof(witness.state.size, checkpoint.size).path;
      const note = witness.cosign(checkpoint.note, proof);
      verifyCosignature(note, createCosignatureVerifier('court.test/witness', key));
      assert.ok(checkpoint.size > index);
      return Promise.resolve();
    };
    const p = f.admf({ witnessed });
    const [, b] = f.tasks;
    assert.ok(b);
    await p.apply({ activate: [], deactivate: [b] }).catch(() => undefined);
    const before = (await f.events()).length;
    await assert.rejects(p.apply({ activate: [b], deactivate: [] }), { code: 'PROVISIONING_NOT_WITNESSED' });
    for (const el of [MDF, 'opA-ims', 'opA-5gc']) assert.ok(!(await f.list(el)).listOfXIDs.includes(b.xid), `${el} was not tasked`);
    assert.ok(f.alarms.some((x) => x.code === 'PROVISIONING_NOT_WITNESSED'));
    const logged = (await f.events(before)).map((e) => `${e.type} ${typeof e.details.code === 'string' ? e.details.code : ''}`);
    assert.deepEqual(logged.filter((t) => t.startsWith('provisioning.')), ['provisioning.task-activating ', 'provisioning.refused PROVISIONING_NOT_WITNESSED']);
    up = true;
    const states = await p.apply({ activate: [b], deactivate: [] });
    assert.ok(states.some((s) => s.state === 'active'));
    assert.ok((await f.list(MDF)).listOfXIDs.includes(b.xid), 'with the witness back, the task is provisioned');
  });

  test('an X1 request that could not be announced in the log is not sent (issue 9: appended before it is sent)', async () => {
    // The log takes everything but the announcement of a request: the ADMF must not send it.
    const p = f.admf({ audit: { append: (e) => (e.type === 'x1.sending' ? Promise.reject(new Error('disk full')) : f.audit.append(e)) } });
    const [, b] = f.tasks;
    assert.ok(b);
    await p.apply({ activate: [], deactivate: [b] }).catch(() => undefined);
    assert.ok(!(await f.list(MDF)).listOfXIDs.includes(b.xid));
    const refused: unknown = await p.apply({ activate: [b], deactivate: [] }).then(
      (states): unknown => states,
      (e: unknown) => e,
    );
    assert.ok(!(await f.list(MDF)).listOfXIDs.includes(b.xid), 'the ActivateTask never reached the MDF');
    assert.ok(refused instanceof ProvisioningError || (Array.isArray(refused) && (refused as ElementState[]).every((s) => s.state !== 'active')), 'nothing reported active');
  });
});
