/**
 * The production-order lifecycle in the warrant service's stores — embedded (PGlite) and real
 * PostgreSQL 15 — with the audit events it writes: submit → signatures → Active → Expired /
 * Revoked / Lapsed; refusals write nothing and are audited; a refused audit append changes nothing;
 * identifiers reach the log only as salted commitments.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { commitTarget, warrantSalt } from '../../src/audit/commitment.ts';
import { rdIdentifierCommitInput } from '../../src/audit/rd-events.ts';
import {
  openEmbeddedWarrantStore,
  openPostgresWarrantStore,
  ProductionOrderError,
  ProductionOrderService,
  signOrderRevocation,
  SqlOrderStore,
  type OrderAuditEvent,
  type OrderAuditSink,
  type OrderIdentifier,
  type SqlWarrantStore,
} from '../../src/warrants/index.ts';
import { postgresSkipReason, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { DAY, HOUR, makeOrderWorld, orderDraft, signOrder, type OrderWorld } from './production-order-fixtures.ts';

class Audit implements OrderAuditSink {
  readonly events: OrderAuditEvent[] = [];
  failing = false;
  append(e: OrderAuditEvent): Promise<unknown> {
    if (this.failing) return Promise.reject(new Error('audit log unavailable'));
    this.events.push(structuredClone(e));
    return Promise.resolve(this.events.length);
  }
}

let cluster: PostgresCluster | undefined;
before(async () => {
  if (!postgresSkipReason) cluster = await startPostgres();
});
after(async () => {
  await cluster?.stop();
});

function lifecycle(name: string, open: () => Promise<SqlWarrantStore>, opts: { skip?: string } = {}): void {
  describe(`production-order lifecycle: ${name}`, opts, () => {
    let store: SqlWarrantStore;
    let w: OrderWorld;
    let audit: Audit;
    let svc: ProductionOrderService;
    const identityKey = randomBytes(32);
    const commit = (orderId: string, id: OrderIdentifier): string => {
      const i = rdIdentifierCommitInput(id);
      return commitTarget(warrantSalt(identityKey, orderId), i.kind, i.value);
    };
    before(async () => {
      store = await open();
      w = await makeOrderWorld();
      audit = new Audit();
      svc = new ProductionOrderService({ store: new SqlOrderStore(store), audit, keys: w.keys, profiles: w.profiles, clock: w.clock, commitIdentifier: commit });
    });
    after(async () => {
      await store.close();
    });

    test('submit → Active on the IPC signature; the log carries the hash and commitments, never the identifier', async () => {
      const d = orderDraft('uk-ipa-2016-part3', w.clock);
      const msisdn = (d.identifiers[0] as { value: string }).value;
      const from = audit.events.length;
      const rec = await svc.submit(d);
      assert.equal(rec.state, 'AwaitingApproval');
      const active = await svc.addSignature(rec.order.id, signOrder(w, rec.order, 'ocda'));
      assert.equal(active.state, 'Active');
      const stored = await svc.get(rec.order.id);
      assert.equal(stored?.state, 'Active');
      assert.equal(stored?.canonical, rec.canonical);
      assert.deepEqual(stored?.history.map((h) => h.to), ['AwaitingApproval', 'Active']);
      const events = audit.events.slice(from);
      assert.deepEqual(events.map((e) => e.type), ['order.submitted', 'order.signature-added', 'order.transition']);
      const submitted = events[0]!;
      assert.ok(submitted.type === 'order.submitted');
      assert.equal(submitted.orderHash, rec.hash);
      assert.equal(submitted.terms.identifiers[0]!.commitment, commit(rec.order.id, rec.order.identifiers[0]!));
      assert.ok(!JSON.stringify(events).includes(msisdn), 'no identifier in clear in the audit events');
    });

    test('a wrong signer is refused: nothing changes, the refusal is audited', async () => {
      const rec = await svc.submit(orderDraft('uk-ipa-2016-part3', w.clock));
      const from = audit.events.length;
      await assert.rejects(svc.addSignature(rec.order.id, signOrder(w, rec.order, 'dso')), (e: unknown) => e instanceof ProductionOrderError && e.code === 'ORDER_SIGNATURE_WRONG_ROLE');
      const after1 = await svc.get(rec.order.id);
      assert.equal(after1?.state, 'AwaitingApproval');
      assert.equal(after1?.version, rec.version);
      assert.deepEqual(audit.events.slice(from).map((e) => [e.type, e.type === 'order.refused' ? e.code : '']), [['order.refused', 'ORDER_SIGNATURE_WRONG_ROLE']]);
    });

    test('submissions beyond the law are refused and stored nowhere: a future period, a wildcard, location under a §2703(d) order', async () => {
      const before1 = (await svc.list()).length;
      const t = w.clock.now().getTime();
      const cases: [Parameters<typeof orderDraft>, string][] = [
        [['uk-ipa-2016-part3', w.clock, { period: { start: new Date(t - DAY).toISOString(), end: new Date(t + DAY).toISOString() } }], 'ORDER_BAD_PERIOD'],
        [['uk-ipa-2016-part3', w.clock, { identifiers: [{ kind: 'msisdn', value: '44770090*' }] }], 'ORDER_IDENTIFIER_NOT_EXACT'],
        [['us-sca-2703', w.clock, { categories: ['location'] }], 'ORDER_SCOPE_CATEGORY'],
        [['uk-ipa-2016-part3', w.clock, { validUntil: new Date(t + 40 * DAY).toISOString() }], 'ORDER_VALIDITY_TOO_LONG'],
      ];
      for (const [args, code] of cases) {
        const from = audit.events.length;
        await assert.rejects(svc.submit(orderDraft(...args)), (e: unknown) => e instanceof ProductionOrderError && e.code === code);
        assert.equal(audit.events.slice(from).map((e) => (e.type === 'order.refused' ? e.code : e.type)).join(), code);
      }
      assert.equal((await svc.list()).length, before1);
    });

    test('expiry, revocation and the urgent lapse (PECA s.31 without the Court within 24 h)', async () => {
      const expiring = await svc.submit(orderDraft('us-sca-2703', w.clock, { validUntil: new Date(w.clock.now().getTime() + 2 * DAY).toISOString() }));
      await svc.addSignature(expiring.order.id, signOrder(w, expiring.order, 'usJudge'));
      const revoked = await svc.submit(orderDraft('uk-ipa-2016-part3', w.clock));
      await svc.addSignature(revoked.order.id, signOrder(w, revoked.order, 'ocda'));
      const r = await svc.revoke(revoked.order.id, signOrderRevocation(revoked.hash, 'no longer necessary', w.signers.ocda, w.clock.now()));
      assert.equal(r.state, 'Revoked');
      await assert.rejects(svc.revoke(revoked.order.id, signOrderRevocation(revoked.hash, 'again', w.signers.ocda, w.clock.now())), (e: unknown) => e instanceof ProductionOrderError && e.code === 'ORDER_BAD_STATE');
      const urgentDraft = { authorisation: 's31-urgent', urgent: true, validUntil: new Date(w.clock.now().getTime() + 5 * DAY).toISOString() };
      const lapsing = await svc.submit(orderDraft('pk-peca-2016', w.clock, urgentDraft));
      const l1 = await svc.addSignature(lapsing.order.id, signOrder(w, lapsing.order, 'pkOfficer'));
      assert.equal(l1.state, 'Active');
      assert.equal(l1.confirmBy, new Date(w.clock.now().getTime() + 24 * HOUR).toISOString());
      const confirmed = await svc.submit(orderDraft('pk-peca-2016', w.clock, urgentDraft));
      await svc.addSignature(confirmed.order.id, signOrder(w, confirmed.order, 'pkOfficer'));
      const c2 = await svc.addSignature(confirmed.order.id, signOrder(w, confirmed.order, 'pkJudge'));
      assert.equal(c2.state, 'Active');
      assert.equal(c2.confirmBy, undefined);
      w.clock.advance(24 * HOUR);
      await svc.tick();
      assert.equal((await svc.get(lapsing.order.id))?.state, 'Lapsed');
      assert.equal((await svc.get(confirmed.order.id))?.state, 'Active');
      assert.equal((await svc.get(expiring.order.id))?.state, 'Active');
      w.clock.advance(DAY);
      await svc.tick();
      assert.equal((await svc.get(expiring.order.id))?.state, 'Expired');
      const last = audit.events.filter((e) => e.type === 'order.transition' && e.orderId === expiring.order.id).at(-1);
      assert.ok(last?.type === 'order.transition' && last.to === 'Expired');
    });

    test('a refused audit append changes nothing (fail closed)', async () => {
      const rec = await svc.submit(orderDraft('uk-ipa-2016-part3', w.clock));
      audit.failing = true;
      try {
        await assert.rejects(svc.addSignature(rec.order.id, signOrder(w, rec.order, 'ocda')), (e: unknown) => e instanceof ProductionOrderError && e.code === 'ORDER_AUDIT_FAILED');
      } finally {
        audit.failing = false;
      }
      assert.equal((await svc.get(rec.order.id))?.state, 'AwaitingApproval');
      assert.equal((await svc.get(rec.order.id))?.signatures.length, 0);
    });
  });
}

lifecycle('embedded (PGlite)', () => openEmbeddedWarrantStore());
lifecycle('PostgreSQL 15', () => openPostgresWarrantStore({ connectionString: cluster!.connectionString }), postgresSkipReason ? { skip: postgresSkipReason } : {});
