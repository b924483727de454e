/**
 * Warrant lifecycle through the service: approval, operator confirmation (four-eyes), activation,
 * revocation (immediate deactivation notice), expiry, the IFTA renewal chain, UK urgent warrants
 * lapsing after 3 working days across a weekend, US emergency confirmation, key rotation.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveTasks, generateSigningKey, openEmbeddedWarrantStore, signApproval, WarrantError, type WarrantStore } from '../../src/warrants/index.ts';
import { activeWarrant, confirmOperators, DAY, draft, makeWorld, sign, statement, type World } from './fixtures.ts';

let store: WarrantStore;
let w: World;

before(async () => {
  store = await openEmbeddedWarrantStore();
  w = await makeWorld(store);
});
after(async () => {
  await store.close();
});

describe('approval and activation (IFTA 2013)', () => {
  test('minister then judge → Approved; four-eyes operator confirmation; activation notifies tasks', async () => {
    const n0 = w.audit.events.length;
    let rec = await w.service.submit(draft('pk-ifta-2013', w.clock));
    assert.equal(rec.state, 'AwaitingApproval');
    rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'minister'));
    assert.equal(rec.state, 'AwaitingApproval');
    rec = await w.service.approve(rec.warrant.id, sign(w, rec, 'judge'));
    assert.equal(rec.state, 'Approved');
    // One officer of four-eyes operator A, and operator B's officer.
    await w.service.confirmByOperator(rec.warrant.id, statement(w, rec, 'operator-confirmation', 'officerA1', 'demo-op-a'));
    await w.service.confirmByOperator(rec.warrant.id, statement(w, rec, 'operator-confirmation', 'officerB1', 'demo-op-b'));
    const before = w.changes.length;
    rec = await w.service.activate(rec.warrant.id);
    assert.equal(rec.state, 'Active');
    const activation = w.changes[before]!;
    assert.equal(activation.to, 'Active');
    assert.deepEqual(new Set(activation.activate.map((t) => t.operatorId)), new Set(['demo-op-b']), 'operator A still needs a second officer');
    await w.service.confirmByOperator(rec.warrant.id, statement(w, rec, 'operator-confirmation', 'officerA2', 'demo-op-a'));
    const second = w.changes[w.changes.length - 1]!;
    assert.deepEqual(second.activate.map((t) => t.operatorId), ['demo-op-a']);
    assert.equal((await w.service.activeTasks()).filter((t) => t.warrantId === rec.warrant.id).length, 2);
    // Every warrant event carries the warrant hash; transitions are audited.
    const events = w.audit.since(n0).filter((e) => e.type.startsWith('warrant.'));
    assert.ok(events.length >= 7);
    for (const e of events) assert.equal('warrantHash' in e ? e.warrantHash : undefined, rec.hash);
    const transitions = events.filter((e) => e.type === 'warrant.transition').map((e) => (e.type === 'warrant.transition' ? e.to : ''));
    assert.deepEqual(transitions, ['Approved', 'Active']);
    assert.deepEqual(rec.history.map((h) => h.to), ['AwaitingApproval', 'Approved', 'Active']);
  });

  test('revocation: the deactivation notice for every task is out before revoke() resolves', async () => {
    const rec = await activeWarrant(w, 'pk-ifta-2013', { targets: [{ kind: 'imsi', value: '410019876543210' }, { kind: 'imei', value: '490154203237518' }] });
    const expected = deriveTasks(rec).map((t) => t.xid).sort();
    const before = w.changes.length;
    const done = await w.service.revoke(rec.warrant.id, statement(w, rec, 'revocation', 'judge', 'warrant no longer necessary'));
    assert.equal(done.state, 'Cancelled');
    const notice = w.changes[before];
    assert.ok(notice, 'notification emitted');
    assert.equal(notice.to, 'Cancelled');
    assert.deepEqual(notice.deactivate.map((t) => t.xid).sort(), expected, 'all 2 targets x 2 operators deactivated');
    assert.equal((await w.service.activeTasks()).filter((t) => t.warrantId === rec.warrant.id).length, 0);
    const ev = w.audit.events.filter((e) => e.type === 'warrant.statement' && e.warrantId === rec.warrant.id && e.purpose === 'revocation');
    assert.equal(ev.length, 1);
  });

  test('suspension stops tasks; a signed resumption re-evaluates and restarts them', async () => {
    const rec = await activeWarrant(w, 'pk-ifta-2013');
    const s = await w.service.suspend(rec.warrant.id, statement(w, rec, 'suspension', 'judge', 'pending review'));
    assert.equal(s.state, 'Suspended');
    assert.equal(w.changes[w.changes.length - 1]!.deactivate.length, 2);
    const r = await w.service.resume(rec.warrant.id, statement(w, rec, 'resumption', 'judge', 'review done'));
    assert.equal(r.state, 'Active');
    assert.equal(w.changes[w.changes.length - 1]!.activate.length, 2);
  });

  test('expiry sweep: at the end time the warrant expires and its tasks are deactivated', async () => {
    const end = new Date(w.clock.now().getTime() + 3 * DAY).toISOString();
    const rec = await activeWarrant(w, 'pk-ifta-2013', { end });
    const saved = w.clock.now();
    try {
      w.clock.set(new Date(Date.parse(end) - 1));
      assert.equal((await w.service.tick()).filter((t) => t.warrantId === rec.warrant.id).length, 0);
      w.clock.set(end);
      const before = w.changes.length;
      const ticks = (await w.service.tick()).filter((t) => t.warrantId === rec.warrant.id);
      assert.deepEqual(ticks.map((t) => [t.from, t.to]), [['Active', 'Expired']]);
      const notice = w.changes.slice(before).find((c) => c.warrantId === rec.warrant.id);
      assert.equal(notice?.deactivate.length, 2);
    } finally {
      w.clock.set(saved);
    }
  });
});

describe('IFTA renewal chain', () => {
  test('W1 (60 days) → W2 re-issue with progress report → W3; each a new warrant referencing the previous', async () => {
    const saved = w.clock.now();
    try {
      const start1 = w.clock.now();
      const end1 = new Date(start1.getTime() + 60 * DAY).toISOString();
      const w1 = await activeWarrant(w, 'pk-ifta-2013', { end: end1 });
      w.clock.advanceDays(55);
      const w2 = await w.service.renew(w1.warrant.id, draft('pk-ifta-2013', w.clock, {
        targets: w1.warrant.targets,
        start: end1,
        end: new Date(Date.parse(end1) + 60 * DAY).toISOString(),
        progressReport: 'Two meetings of the suspects identified; funds transfer traced.',
      }));
      assert.equal(w2.warrant.renews, w1.warrant.id);
      assert.notEqual(w2.liid, w1.liid);
      let r2 = await w.service.addSignature(w2.warrant.id, sign(w, w2, 'minister'));
      r2 = await w.service.addSignature(w2.warrant.id, sign(w, r2, 'judge'));
      await confirmOperators(w, r2);
      // Not before W1 ends...
      await assert.rejects(() => w.service.activate(w2.warrant.id), (e: unknown) => e instanceof WarrantError && e.code === 'WARRANT_NOT_YET_VALID');
      w.clock.set(end1);
      const ticks = await w.service.tick();
      assert.ok(ticks.some((t) => t.warrantId === w1.warrant.id && t.to === 'Expired'));
      r2 = await w.service.activate(w2.warrant.id);
      assert.equal(r2.state, 'Active');
      // ...and W3 continues W2 (the earlier one is Active; renewing an expired one also works).
      w.clock.advanceDays(50);
      const w3 = await w.service.renew(w2.warrant.id, draft('pk-ifta-2013', w.clock, {
        targets: w1.warrant.targets,
        start: r2.warrant.end,
        end: new Date(Date.parse(r2.warrant.end) + 30 * DAY).toISOString(),
        progressReport: 'Further progress.',
      }));
      assert.equal(w3.warrant.renews, w2.warrant.id);
      const chain = [w3, await w.service.get(w2.warrant.id), await w.service.get(w1.warrant.id)];
      assert.deepEqual(chain.map((c) => c?.warrant.renews ?? null), [w2.warrant.id, w1.warrant.id, null]);
    } finally {
      w.clock.set(saved);
    }
  });
});

describe('emergency warrants', () => {
  test('UK urgent warrant signed by the Secretary of State alone lapses after 3 working days (across a weekend)', async () => {
    const saved = w.clock.now();
    try {
      w.clock.set('2026-03-06T09:00:00Z'); // Friday
      const end = '2026-03-11T09:00:00.000Z';
      let rec = await w.service.submit(draft('uk-ipa-2016', w.clock, { emergency: true, end }));
      rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'sos'));
      assert.equal(rec.state, 'EmergencyApproval');
      // Working days after Friday 6 March: Mon 9, Tue 10, Wed 11 → lapses at Thu 12 March 00:00 London (GMT).
      assert.equal(rec.emergencyConfirmBy, '2026-03-12T00:00:00.000Z');
      await confirmOperators(w, rec);
      rec = await w.service.activate(rec.warrant.id);
      assert.equal(rec.state, 'Active');
      w.clock.set('2026-03-09T08:00:00Z'); // Monday: the weekend did not count
      assert.equal((await w.service.tick()).filter((t) => t.warrantId === rec.warrant.id).length, 0);
      w.clock.set('2026-03-11T08:59:59Z'); // still running on Wednesday
      assert.equal((await w.service.tick()).filter((t) => t.warrantId === rec.warrant.id).length, 0);
      // End is Wednesday 09:00, before the deadline: use a longer warrant to see the lapse itself.
      w.clock.set('2026-03-06T09:00:00Z');
      let rec2 = await w.service.submit(draft('uk-ipa-2016', w.clock, { emergency: true, end: '2026-03-13T09:00:00.000Z' }));
      rec2 = await w.service.addSignature(rec2.warrant.id, sign(w, rec2, 'sos'));
      await confirmOperators(w, rec2);
      rec2 = await w.service.activate(rec2.warrant.id);
      w.clock.set('2026-03-11T23:59:59Z');
      assert.equal((await w.service.tick()).filter((t) => t.warrantId === rec2.warrant.id).length, 0);
      w.clock.set('2026-03-12T00:00:00Z');
      const before = w.changes.length;
      const ticks = (await w.service.tick()).filter((t) => t.warrantId === rec2.warrant.id);
      assert.deepEqual(ticks.map((t) => t.to), ['Lapsed']);
      assert.equal((await w.service.get(rec2.warrant.id))?.state, 'Lapsed');
      const notice = w.changes.slice(before).find((c) => c.warrantId === rec2.warrant.id);
      assert.equal(notice?.deactivate.length, 2);
      // A late Judicial Commissioner approval cannot revive it.
      await assert.rejects(() => w.service.addSignature(rec2.warrant.id, sign(w, rec2, 'jc')), (e: unknown) => e instanceof WarrantError && e.code === 'WARRANT_BAD_STATE');
    } finally {
      w.clock.set(saved);
    }
  });

  test('UK urgent warrant approved by the Judicial Commissioner in time does not lapse', async () => {
    const saved = w.clock.now();
    try {
      w.clock.set('2026-03-06T09:00:00Z');
      let rec = await w.service.submit(draft('uk-ipa-2016', w.clock, { emergency: true, end: '2026-03-13T09:00:00.000Z' }));
      rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'sos'));
      rec = await w.service.activate(rec.warrant.id);
      w.clock.set('2026-03-10T10:00:00Z');
      rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'jc'));
      assert.equal(rec.state, 'Active');
      assert.equal(rec.emergencyConfirmBy, undefined);
      w.clock.set('2026-03-12T12:00:00Z');
      assert.equal((await w.service.tick()).filter((t) => t.warrantId === rec.warrant.id).length, 0);
    } finally {
      w.clock.set(saved);
    }
  });

  test('US emergency interception: Attorney General, then the judge within 48 hours → Approved', async () => {
    let rec = await w.service.submit(draft('us-title-iii', w.clock, { emergency: true, end: new Date(w.clock.now().getTime() + 10 * DAY).toISOString() }));
    rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'ag'));
    assert.equal(rec.state, 'EmergencyApproval');
    assert.equal(Date.parse(rec.emergencyConfirmBy!) - w.clock.now().getTime(), 48 * 3_600_000);
    rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'usJudge'));
    assert.equal(rec.state, 'Approved');
  });
});

describe('key rotation', () => {
  test('after rotation at T the old key cannot sign, earlier signatures stay valid, the new key works', async () => {
    const rec = await w.service.submit(draft('pk-ifta-2013', w.clock));
    const early = sign(w, rec, 'minister');
    const oldKeyId = w.signers.minister.keyId;
    w.clock.advanceHours(1);
    const next = generateSigningKey();
    const rotated = await w.keys.rotateKey(w.signers.minister.authorityId, oldKeyId, { publicKey: next.publicKey });
    assert.equal(w.audit.last()?.type, 'keys.key-rotated');
    assert.equal(w.keys.key(oldKeyId)?.retiredAt, w.clock.now().toISOString());
    const late = signApproval(rec.canonical, w.signers.minister, w.clock.now());
    await assert.rejects(() => w.service.addSignature(rec.warrant.id, late), (e: unknown) => e instanceof WarrantError && e.code === 'WARRANT_SIGNATURE_KEY_NOT_VALID');
    const ok = await w.service.addSignature(rec.warrant.id, early);
    assert.equal(ok.signatures.length, 1);
    w.signers.minister = { ...w.signers.minister, keyId: rotated.keyId, privateKey: next.privateKey };
    const rec2 = await w.service.submit(draft('pk-ifta-2013', w.clock));
    assert.equal((await w.service.addSignature(rec2.warrant.id, sign(w, rec2, 'minister'))).signatures[0]?.keyId, rotated.keyId);
  });
});

describe('tasks of stopped warrants (what reconciliation asks after a lost deactivation)', () => {
  test('endedTasks: the tasks that ran under an expired or revoked warrant, with why it stopped; none of a live, never-active or unconfirmed one', async () => {
    const end = new Date(w.clock.now().getTime() + 3 * DAY).toISOString();
    // Operator A has one officer of its four-eyes policy only: its task never ran.
    let expiring = await w.service.submit(draft('pk-ifta-2013', w.clock, { end }));
    for (const s of ['minister', 'judge'] as const) expiring = await w.service.addSignature(expiring.warrant.id, sign(w, expiring, s));
    await w.service.confirmByOperator(expiring.warrant.id, statement(w, expiring, 'operator-confirmation', 'officerA1', 'demo-op-a'));
    await w.service.confirmByOperator(expiring.warrant.id, statement(w, expiring, 'operator-confirmation', 'officerB1', 'demo-op-b'));
    expiring = await w.service.activate(expiring.warrant.id);
    const neverActive = await w.service.submit(draft('pk-ifta-2013', w.clock, { end }));
    const revoked = await activeWarrant(w, 'pk-ifta-2013');
    await w.service.revoke(revoked.warrant.id, statement(w, revoked, 'revocation', 'judge', 'no longer necessary'));
    const live = await activeWarrant(w, 'pk-ifta-2013');
    const saved = w.clock.now();
    try {
      w.clock.set(end);
      await w.service.tick();
    } finally {
      w.clock.set(saved);
    }
    assert.equal((await w.service.get(neverActive.warrant.id))?.state, 'Expired');
    const xids = (r: typeof live, op?: string) => deriveTasks(r, op ? [op] : undefined).map((t) => t.xid);
    const ended = await w.service.endedTasks([...xids(expiring), ...xids(neverActive), ...xids(revoked), ...xids(live), 'no-such-xid']);
    const by = new Map(ended.map((e) => [e.task.xid, e]));
    assert.deepEqual([...by.keys()].sort(), [...xids(expiring, 'demo-op-b'), ...xids(revoked)].sort());
    const expired = by.get(xids(expiring, 'demo-op-b')[0]!)!;
    assert.deepEqual([expired.state, expired.reason, expired.at], ['Expired', `end time ${end} reached`, end]);
    assert.deepEqual(expired.task, deriveTasks(expiring, ['demo-op-b'])[0], 'the task as it ran (LIID, hash, window)');
    assert.equal(by.get(xids(revoked)[0]!)!.state, 'Cancelled');
    assert.deepEqual(await w.service.endedTasks([]), []);
  });
});
