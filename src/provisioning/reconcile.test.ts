/**
 * reconcile() against a fake ADMF core (one MDF, a warrant store of one warrant), for the XIDs no
 * active warrant covers: the task of a warrant that stopped is deactivated as ended
 * (`provisioning.task-deactivated`, with the reason), whatever ran first at the control role's
 * start; an XID no warrant has is still rogue, and so is every one when the store cannot say
 * (fail closed). The same over real X1: test/provisioning/reconcile.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { X1RequestBody } from '../wires/x1/index.ts';
import { DestinationCache, Reachability, type AdmfCore } from './core.ts';
import { reconcile } from './reconcile.ts';
import type { EndedTask, ProvisionTask, Registry } from './registry.ts';
import { hi2Did, hi3Did } from './x1-messages.ts';

const ep = { host: '127.0.0.1', port: 9 };
const dest = { id: 'agency-1', agencyId: 'agency', hi2: ep, hi3: ep };
const registry: Registry = { operators: [{ id: 'opA', networkElements: [] }], mediation: { id: 'mdf', x1: ep, x2x3: ep }, destinations: [dest] };
const END = '2026-12-06T06:39:47.000Z';
const task: ProvisionTask = {
  xid: '3f0c5e1a-9d8b-4c7a-8e6f-5a4b3c2d1e0f', liid: 'LIID-A', warrantId: 'W-1', warrantHash: 'a'.repeat(64), operatorId: 'opA',
  target: { kind: 'e164Number', value: '447700900123' }, deliveryType: 'X2andX3', services: ['voice'], start: '2026-12-06T06:39:17.000Z', end: END, destinationId: 'agency-1',
};
const ROGUE = '0b7e3c52-1111-4222-8333-444455556666';

/** The warrant store: W-1 Active, or Expired at its end (the sweep's transition). */
class Store {
  state: 'Active' | 'Expired' = 'Active';
  asked: string[][] = [];
  fail = false;
  expire(): void {
    this.state = 'Expired';
  }
  warranted(): ProvisionTask[] {
    return this.state === 'Active' ? [task] : [];
  }
  ended(xids: readonly string[]): EndedTask[] {
    this.asked.push([...xids].sort());
    if (this.fail) throw new Error('store down');
    return this.state === 'Expired' && xids.includes(task.xid) ? [{ task, state: 'Expired', reason: `end time ${END} reached`, at: END }] : [];
  }
}

function fakeCore(store: Store, held: string[], o: { beforeWarrants?: () => void } = {}) {
  const mdf = new Set(held);
  const sent: string[] = [];
  const audits: { type: string; subject: string | undefined; details: Record<string, unknown> }[] = [];
  const alarms: string[] = [];
  const destinations = new DestinationCache();
  const audit = (type: string, subject: string | undefined, details: Record<string, unknown>) => {
    audits.push({ type, subject, details });
    return Promise.resolve();
  };
  const client = {
    request: (body: X1RequestBody) => {
      assert.equal(body.messageType, 'ListAllDetailsRequest');
      return Promise.resolve({ listOfXIDs: [...mdf], listOfDIDs: [hi2Did(dest), hi3Did(dest)] });
    },
    // GetTaskDetails of a present task: answered with an error other than "does not exist" (left alone).
    send: (bodies: readonly X1RequestBody[]) => Promise.resolve(bodies.map((b) => ({ ok: false, request: b, error: { errorCode: 1000 } }))),
  };
  const core: AdmfCore = {
    registry: () => registry,
    warrantedTasks: () => {
      o.beforeWarrants?.();
      return Promise.resolve(store.warranted());
    },
    endedTasks: (xids) => Promise.resolve().then(() => store.ended(xids)),
    alarm: (code) => void alarms.push(code),
    audit,
    auditWitnessed: audit,
    announced: new Set([task.xid]),
    announcing: new Map(),
    client: () => client as unknown as ReturnType<AdmfCore['client']>,
    send: (el, body, subject) => {
      sent.push(`${el.id} ${body.messageType} ${subject}`);
      if (body.messageType === 'DeactivateTaskRequest') mdf.delete(subject);
      return Promise.resolve(true);
    },
    ensureDestinations: () => Promise.resolve(true),
    activateOn: () => Promise.resolve(true),
    inFlight: () => false,
    epoch: () => 0,
    destinations,
    reachability: new Reachability({ alarm: () => undefined, audit, destinations, now: () => new Date() }),
  };
  return { core, mdf, sent, audits, alarms };
}

test('the expiry was committed by a control that died before its DeactivateTask: the restarted one deactivates the task as ended, not rogue', async () => {
  const store = new Store();
  store.expire(); // the sweep ran in the previous process; its order was lost with it
  const f = fakeCore(store, [task.xid]);
  const report = await reconcile(f.core);
  assert.deepEqual(report.rogue, []);
  assert.deepEqual(report.ended, [{ element: 'mdf', xid: task.xid }]);
  assert.deepEqual(f.sent, [`mdf DeactivateTaskRequest ${task.xid}`]);
  assert.deepEqual([...f.mdf], []);
  assert.ok(!f.audits.some((a) => a.type === 'provisioning.rogue-task'));
  const done = f.audits.filter((a) => a.type === 'provisioning.task-deactivated');
  assert.deepEqual(done, [{
    type: 'provisioning.task-deactivated', subject: task.xid,
    details: { warrantId: 'W-1', warrantHash: task.warrantHash, liid: 'LIID-A', operator: 'opA', element: 'mdf', state: 'Expired', reason: `end time ${END} reached`, stoppedAt: END },
  }]);
  assert.equal(f.core.announced.has(task.xid), false, 'a later activation is announced anew');
  assert.deepEqual(f.alarms, ['PROVISIONING_ENDED_TASK']);
});

test('reconciliation before the start-up sweep: the store still says Active, so the task stays (the sweep stops it)', async () => {
  const store = new Store();
  const f = fakeCore(store, [task.xid]);
  const report = await reconcile(f.core);
  assert.deepEqual([report.rogue, report.ended], [[], []]);
  assert.deepEqual(f.sent, []);
  assert.deepEqual(store.asked, [], 'nothing unexplained: the store is not asked');
});

test('the warrant expires between the listing and the read of the warrants: ended, not rogue', async () => {
  const store = new Store();
  // The sweep commits after ListAllDetails and before its change notice reaches the ADMF.
  const f = fakeCore(store, [task.xid], { beforeWarrants: () => store.expire() });
  const report = await reconcile(f.core);
  assert.deepEqual(report.rogue, []);
  assert.deepEqual(report.ended, [{ element: 'mdf', xid: task.xid }]);
  assert.deepEqual([...f.mdf], []);
});

test('an XID no warrant has is still rogue, beside an ended one', async () => {
  const store = new Store();
  store.expire();
  const f = fakeCore(store, [task.xid, ROGUE]);
  const report = await reconcile(f.core);
  assert.deepEqual(store.asked, [[task.xid, ROGUE].sort()], 'one question to the store per run');
  assert.deepEqual(report.rogue, [{ element: 'mdf', xid: ROGUE }]);
  assert.deepEqual(report.ended, [{ element: 'mdf', xid: task.xid }]);
  assert.deepEqual(f.audits.filter((a) => a.type === 'provisioning.rogue-task').map((a) => a.subject), [ROGUE]);
  assert.deepEqual([...f.mdf], [], 'both removed');
});

test('fail closed: when the store cannot say which warrants stopped, every unexplained XID is removed as rogue', async () => {
  const store = new Store();
  store.expire();
  store.fail = true;
  const f = fakeCore(store, [task.xid, ROGUE]);
  const report = await reconcile(f.core);
  assert.deepEqual(report.rogue.map((r) => r.xid).sort(), [task.xid, ROGUE].sort());
  assert.deepEqual(report.ended, []);
  assert.deepEqual([...f.mdf], []);
  assert.ok(f.alarms.includes('PROVISIONING_WARRANTS_UNAVAILABLE'));
});
