/**
 * Issue #4: every refusal comes with a typed code, an audit event, and no change to the store.
 * One PGlite store for the file (WASM start-up is slow); drafts use unique targets.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openEmbeddedWarrantStore, signApproval, WarrantError, type WarrantErrorCode, type WarrantStore } from '../../src/warrants/index.ts';
import { cappedProfile, confirmOperators, DAY, draft, makeWorld, sign, snapshot, statement, activeWarrant, type World } from './fixtures.ts';

let store: WarrantStore;
let w: World;

before(async () => {
  store = await openEmbeddedWarrantStore();
  w = await makeWorld(store, [cappedProfile('test-pk-capped', 2, 3)]);
});
after(async () => {
  await store.close();
});

/** The operation is refused with `code`, exactly one warrant.refused event is audited, the store is unchanged. */
async function expectRefusal(code: WarrantErrorCode, op: () => Promise<unknown>): Promise<void> {
  const before = await snapshot(w.store);
  const n = w.audit.events.length;
  const changes = w.changes.length;
  await assert.rejects(op, (e: unknown) => {
    assert.ok(e instanceof WarrantError, `expected a WarrantError, got ${String(e)}`);
    assert.equal(e.code, code);
    return true;
  });
  const events = w.audit.since(n);
  assert.equal(events.length, 1, 'one audit event');
  const ev = events[0]!;
  assert.equal(ev.type, 'warrant.refused');
  assert.equal(ev.type === 'warrant.refused' ? ev.code : '', code);
  assert.equal(await snapshot(w.store), before, 'store unchanged');
  assert.equal(w.changes.length, changes, 'no change notification');
}

describe('refused at submission', () => {
  test('wildcard target', () => expectRefusal('WARRANT_TARGET_WILDCARD', () => w.service.submit(draft('pk-ifta-2013', w.clock, { targets: [{ kind: 'e164Number', value: '4477009*' }] }))));
  test('range target', () =>
    expectRefusal('WARRANT_TARGET_WILDCARD', () => w.service.submit(draft('pk-ifta-2013', w.clock, { targets: [{ kind: 'e164Number', value: '447700900000-447700900999' }] }))));
  test('"all subscribers" target', () => expectRefusal('WARRANT_TARGET_TOO_BROAD', () => w.service.submit(draft('pk-ifta-2013', w.clock, { targets: [{ kind: 'imsi', value: 'ALL' }] }))));
  test('address prefix target', () =>
    expectRefusal('WARRANT_TARGET_TOO_BROAD', () => w.service.submit(draft('pk-ifta-2013', w.clock, { targets: [{ kind: 'ipv4Cidr', value: '10.1.2.0/24' }] }))));
  test('domain-only SIP URI', () => expectRefusal('WARRANT_TARGET_TOO_BROAD', () => w.service.submit(draft('pk-ifta-2013', w.clock, { targets: [{ kind: 'sipUri', value: 'sip:example.com' }] }))));
  test('exact /32 is still a kind the profile does not allow', () =>
    expectRefusal('WARRANT_TARGET_KIND_NOT_ALLOWED', () => w.service.submit(draft('pk-ifta-2013', w.clock, { targets: [{ kind: 'ipv4Cidr', value: '10.1.2.3/32' }] }))));
  test('malformed identity', () => expectRefusal('WARRANT_TARGET_INVALID', () => w.service.submit(draft('pk-ifta-2013', w.clock, { targets: [{ kind: 'imei', value: '123456789012345' }] }))));
  test('operator outside the profile (scope mismatch)', () => expectRefusal('WARRANT_SCOPE_OPERATOR', () => w.service.submit(draft('pk-ifta-2013', w.clock, { operators: ['vodafone-uk'] }))));
  test('IRI-only under Title III (category scope mismatch)', () =>
    expectRefusal('WARRANT_SCOPE_CATEGORY', () => w.service.submit(draft('us-title-iii', w.clock, { categories: { content: false, services: ['voice'] } }))));
  test('undesignated agency', () => expectRefusal('WARRANT_AGENCY_NOT_DESIGNATED', () => w.service.submit(draft('pk-ifta-2013', w.clock, { agency: { id: 'pk-fia', name: 'FIA' } }))));
  test('too long (IFTA: 60 days)', () => {
    const end = new Date(w.clock.now().getTime() + 61 * DAY).toISOString();
    return expectRefusal('WARRANT_TOO_LONG', () => w.service.submit(draft('pk-ifta-2013', w.clock, { end })));
  });
  test('already expired', () => {
    const start = new Date(w.clock.now().getTime() - 10 * DAY).toISOString();
    const end = new Date(w.clock.now().getTime() - DAY).toISOString();
    return expectRefusal('WARRANT_EXPIRED', () => w.service.submit(draft('pk-ifta-2013', w.clock, { start, end })));
  });
  test('time without zone designator', () => expectRefusal('WARRANT_BAD_TIMESPAN', () => w.service.submit(draft('pk-ifta-2013', w.clock, { start: '2026-03-02T09:00:00' }))));
  test('emergency warrant where the profile has no emergency procedure', () =>
    expectRefusal('WARRANT_EMERGENCY_NOT_ALLOWED', () => w.service.submit(draft('pk-ifta-2013', w.clock, { emergency: true }))));
  test('missing §2519 report field', () => expectRefusal('WARRANT_REPORT_FIELD_MISSING', () => w.service.submit(draft('us-title-iii', w.clock, { reportFields: { facilityNature: 'mobile' } }))));
  test('unknown profile', () => expectRefusal('WARRANT_PROFILE_UNKNOWN', () => w.service.submit(draft('xx-none', w.clock))));
  test('renewal referencing an unknown warrant', () =>
    expectRefusal('WARRANT_RENEWAL_REFERENCE_INVALID', () => w.service.renew('00000000-0000-4000-8000-000000000000', draft('pk-ifta-2013', w.clock, { progressReport: 'x' }))));
  test('renewal without reference (same target as a running warrant)', async () => {
    const first = await activeWarrant(w, 'pk-ifta-2013');
    await expectRefusal('WARRANT_RENEWAL_REFERENCE_MISSING', () => w.service.submit(draft('pk-ifta-2013', w.clock, { targets: first.warrant.targets })));
  });
  test('renewal without progress report', async () => {
    const first = await activeWarrant(w, 'pk-ifta-2013');
    await expectRefusal('WARRANT_RENEWAL_PROGRESS_REPORT_MISSING', () => w.service.renew(first.warrant.id, draft('pk-ifta-2013', w.clock, { targets: first.warrant.targets })));
  });
  test('renewal adding a target', async () => {
    const first = await activeWarrant(w, 'pk-ifta-2013');
    const more = draft('pk-ifta-2013', w.clock, { progressReport: 'progress' });
    await expectRefusal('WARRANT_RENEWAL_REFERENCE_INVALID', () => w.service.renew(first.warrant.id, { ...more, targets: [...first.warrant.targets, ...more.targets] }));
  });
});

describe('refused signatures', () => {
  test('wrongly signed (signature over other bytes)', async () => {
    const rec = await w.service.submit(draft('pk-ifta-2013', w.clock));
    const forged = signApproval(rec.canonical.replace('financing', 'fINancing'), w.signers.minister, w.clock.now());
    await expectRefusal('WARRANT_SIGNATURE_INVALID', () => w.service.addSignature(rec.warrant.id, forged));
  });
  test('unknown key', async () => {
    const rec = await w.service.submit(draft('pk-ifta-2013', w.clock));
    await expectRefusal('WARRANT_SIGNATURE_UNKNOWN_KEY', () => w.service.addSignature(rec.warrant.id, sign(w, rec, 'rogue')));
  });
  test('key of another authority', async () => {
    const rec = await w.service.submit(draft('pk-ifta-2013', w.clock));
    const s = { ...sign(w, rec, 'minister'), keyId: w.signers.judge.keyId };
    await expectRefusal('WARRANT_SIGNATURE_UNKNOWN_KEY', () => w.service.addSignature(rec.warrant.id, s));
  });
  test('wrong role (a UK Secretary of State on a PK warrant)', async () => {
    const rec = await w.service.submit(draft('pk-ifta-2013', w.clock));
    await expectRefusal('WARRANT_SIGNATURE_WRONG_ROLE', () => w.service.addSignature(rec.warrant.id, sign(w, rec, 'sos')));
  });
  test('claimed role differs from the registered one', async () => {
    const rec = await w.service.submit(draft('pk-ifta-2013', w.clock));
    const s = { ...sign(w, rec, 'minister'), role: 'judge' as const };
    await expectRefusal('WARRANT_SIGNATURE_WRONG_ROLE', () => w.service.addSignature(rec.warrant.id, s));
  });
  test('out of order (judge before minister under IFTA)', async () => {
    const rec = await w.service.submit(draft('pk-ifta-2013', w.clock));
    await expectRefusal('WARRANT_SIGNATURE_OUT_OF_ORDER', () => w.service.addSignature(rec.warrant.id, sign(w, rec, 'judge')));
  });
  test('same signer twice', async () => {
    const rec = await w.service.submit(draft('pk-ifta-2013', w.clock));
    await w.service.addSignature(rec.warrant.id, sign(w, rec, 'minister'));
    await expectRefusal('WARRANT_SIGNATURE_DUPLICATE', () => w.service.addSignature(rec.warrant.id, sign(w, rec, 'minister')));
  });
  test('signed in the future', async () => {
    const rec = await w.service.submit(draft('pk-ifta-2013', w.clock));
    const s = signApproval(rec.canonical, w.signers.minister, new Date(w.clock.now().getTime() + DAY));
    await expectRefusal('WARRANT_SIGNATURE_KEY_NOT_VALID', () => w.service.addSignature(rec.warrant.id, s));
  });
});

describe('refused activation', () => {
  test('unsigned', async () => {
    const rec = await w.service.submit(draft('pk-ifta-2013', w.clock));
    await expectRefusal('WARRANT_UNSIGNED', () => w.service.activate(rec.warrant.id));
  });
  test('missing required signer (minister only)', async () => {
    const rec = await w.service.submit(draft('pk-ifta-2013', w.clock));
    await w.service.addSignature(rec.warrant.id, sign(w, rec, 'minister'));
    await expectRefusal('WARRANT_MISSING_SIGNER', () => w.service.activate(rec.warrant.id));
  });
  test('key revoked after signing: refused when verified after the revocation', async () => {
    const rec = await w.service.submit(draft('pk-ifta-2013', w.clock));
    await w.service.addSignature(rec.warrant.id, sign(w, rec, 'minister'));
    const signed = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'judge'));
    assert.equal(signed.state, 'Approved');
    w.clock.advanceHours(1);
    const k = await w.keys.revokeKey(w.signers.judge.keyId, 'private key found on a seized laptop');
    assert.equal(k.revocationReason, 'private key found on a seized laptop');
    const ev = w.audit.last();
    assert.equal(ev?.type, 'keys.key-revoked');
    try {
      await expectRefusal('WARRANT_SIGNATURE_KEY_REVOKED', () => w.service.activate(rec.warrant.id));
      // And a fresh signature with the revoked key is refused too.
      const rec2 = await w.service.submit(draft('pk-ifta-2013', w.clock));
      await w.service.addSignature(rec2.warrant.id, sign(w, rec2, 'minister'));
      await expectRefusal('WARRANT_SIGNATURE_KEY_REVOKED', () => w.service.addSignature(rec2.warrant.id, sign(w, rec2, 'judge')));
    } finally {
      // Give the judge a new key so later tests can sign.
      const { generateSigningKey } = await import('../../src/warrants/index.ts');
      const k2 = generateSigningKey();
      const added = await w.keys.addKey(w.signers.judge.authorityId, { publicKey: k2.publicKey });
      w.signers.judge = { ...w.signers.judge, keyId: added.keyId, privateKey: k2.privateKey };
    }
  });
  test('not yet valid', async () => {
    const start = new Date(w.clock.now().getTime() + 2 * DAY).toISOString();
    const end = new Date(w.clock.now().getTime() + 20 * DAY).toISOString();
    let rec = await w.service.submit(draft('pk-ifta-2013', w.clock, { start, end }));
    rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'minister'));
    rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'judge'));
    await expectRefusal('WARRANT_NOT_YET_VALID', () => w.service.activate(rec.warrant.id));
  });
  test('expired before activation (no sweep ran)', async () => {
    const end = new Date(w.clock.now().getTime() + DAY).toISOString();
    let rec = await w.service.submit(draft('pk-ifta-2013', w.clock, { end }));
    rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'minister'));
    rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'judge'));
    const saved = w.clock.now();
    w.clock.advanceDays(2);
    try {
      await expectRefusal('WARRANT_EXPIRED', () => w.service.activate(rec.warrant.id));
    } finally {
      w.clock.set(saved);
    }
  });
  test('over the per-agency cap on simultaneously active targets', async () => {
    const a = await activeWarrant(w, 'test-pk-capped', { targets: [{ kind: 'imsi', value: '410011234567801' }, { kind: 'imsi', value: '410011234567802' }] });
    assert.equal(a.state, 'Active');
    let rec = await w.service.submit(draft('test-pk-capped', w.clock, { targets: [{ kind: 'imsi', value: '410011234567803' }] }));
    rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'minister'));
    rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'judge'));
    await expectRefusal('WARRANT_OVER_CAP', () => w.service.activate(rec.warrant.id));
    // Another agency fits under its own cap, but not under the overall cap of 3.
    const other = { id: 'pk-ib', name: 'Intelligence Bureau' };
    const b = await activeWarrant(w, 'test-pk-capped', { agency: other, targets: [{ kind: 'imsi', value: '410011234567804' }] });
    assert.equal(b.state, 'Active');
    let rec3 = await w.service.submit(draft('test-pk-capped', w.clock, { agency: other, targets: [{ kind: 'imsi', value: '410011234567805' }] }));
    rec3 = await w.service.addSignature(rec3.warrant.id, sign(w, rec3, 'minister'));
    rec3 = await w.service.addSignature(rec3.warrant.id, sign(w, rec3, 'judge'));
    await expectRefusal('WARRANT_OVER_CAP', () => w.service.activate(rec3.warrant.id));
  });
});

describe('refused operator confirmations and statements', () => {
  test('not a named officer of the operator', async () => {
    let rec = await w.service.submit(draft('pk-ifta-2013', w.clock));
    rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'minister'));
    rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'judge'));
    await expectRefusal('WARRANT_OPERATOR_OFFICER_UNKNOWN', () => w.service.confirmByOperator(rec.warrant.id, statement(w, rec, 'operator-confirmation', 'officerB1', 'demo-op-a')));
  });
  test('four-eyes: the same officer twice', async () => {
    let rec = await w.service.submit(draft('pk-ifta-2013', w.clock));
    rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'minister'));
    rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'judge'));
    await w.service.confirmByOperator(rec.warrant.id, statement(w, rec, 'operator-confirmation', 'officerA1', 'demo-op-a'));
    await expectRefusal('WARRANT_OPERATOR_CONFIRMATION_DUPLICATE', () =>
      w.service.confirmByOperator(rec.warrant.id, statement(w, rec, 'operator-confirmation', 'officerA1', 'demo-op-a')),
    );
  });
  test('operator not on the warrant', async () => {
    let rec = await w.service.submit(draft('pk-ifta-2013', w.clock, { operators: ['demo-op-b'] }));
    rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'minister'));
    rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'judge'));
    await expectRefusal('WARRANT_OPERATOR_NOT_ON_WARRANT', () => w.service.confirmByOperator(rec.warrant.id, statement(w, rec, 'operator-confirmation', 'officerA1', 'demo-op-a')));
  });
  test('revocation signed by a role the profile does not give that power', async () => {
    const rec = await activeWarrant(w, 'pk-ifta-2013');
    await expectRefusal('WARRANT_SIGNATURE_WRONG_ROLE', () => w.service.revoke(rec.warrant.id, statement(w, rec, 'revocation', 'officerA1', 'no longer needed')));
  });
  test('revocation statement re-purposed from a suspension', async () => {
    const rec = await activeWarrant(w, 'pk-ifta-2013');
    const s = { ...statement(w, rec, 'suspension', 'judge', 'pause'), purpose: 'revocation' as const };
    await expectRefusal('WARRANT_SIGNATURE_INVALID', () => w.service.revoke(rec.warrant.id, s));
  });
  test('unknown warrant', () => expectRefusal('WARRANT_NOT_FOUND', () => w.service.activate('00000000-0000-4000-8000-00000000abcd')));
  test('bad state: activating a cancelled warrant', async () => {
    const rec = await activeWarrant(w, 'pk-ifta-2013');
    await w.service.revoke(rec.warrant.id, statement(w, rec, 'revocation', 'judge', 'done'));
    await expectRefusal('WARRANT_BAD_STATE', () => w.service.activate(rec.warrant.id));
  });
});

describe('fail closed on audit failure', () => {
  test('submit: nothing stored when the audit sink rejects', async () => {
    const before = await snapshot(w.store);
    w.audit.failing = true;
    try {
      await assert.rejects(() => w.service.submit(draft('pk-ifta-2013', w.clock)), (e: unknown) => e instanceof WarrantError && e.code === 'WARRANT_AUDIT_FAILED');
    } finally {
      w.audit.failing = false;
    }
    assert.equal(await snapshot(w.store), before);
  });
  test('revoke: state unchanged and no notification when the audit sink rejects', async () => {
    const rec = await activeWarrant(w, 'pk-ifta-2013');
    const before = await snapshot(w.store);
    const changes = w.changes.length;
    w.audit.failing = true;
    try {
      await assert.rejects(() => w.service.revoke(rec.warrant.id, statement(w, rec, 'revocation', 'judge', 'x')), (e: unknown) => e instanceof WarrantError && e.code === 'WARRANT_AUDIT_FAILED');
    } finally {
      w.audit.failing = false;
    }
    assert.equal(await snapshot(w.store), before);
    assert.equal(w.changes.length, changes);
    assert.equal((await w.service.get(rec.warrant.id))?.state, 'Active');
  });
  test('key registry: no change when the audit sink rejects', async () => {
    w.audit.failing = true;
    try {
      await assert.rejects(() => w.keys.revokeKey(w.signers.minister.keyId, 'test'));
    } finally {
      w.audit.failing = false;
    }
    assert.equal(w.keys.key(w.signers.minister.keyId)?.revokedAt, undefined);
  });
  test('confirmations are recorded only through the audited path', async () => {
    let rec = await w.service.submit(draft('pk-ifta-2013', w.clock));
    rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'minister'));
    rec = await w.service.addSignature(rec.warrant.id, sign(w, rec, 'judge'));
    await confirmOperators(w, rec);
    const stored = await w.service.get(rec.warrant.id);
    assert.equal(stored?.confirmations.length, 3);
  });
});
