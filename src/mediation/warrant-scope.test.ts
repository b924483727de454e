import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVERY_SERVICE, MediationTask, MediationTaskTable, type MediationTaskFields } from './task-table.ts';

const fields = (xid: string, over: Partial<MediationTaskFields> = {}): MediationTaskFields => ({
  xid, liid: `LIID-${'1'.repeat(3)}`, hiDelivery: 'HI2andHI3', hi2Destination: 'd2', hi3Destination: 'd3',
  startMs: 1000, endMs: 5000, warrantId: `W-${'7'.repeat(2)}`, warrantHash: 'ab'.repeat(32), authorizationCountryCode: 'PK',
  serviceMask: EVERY_SERVICE, targets: `imsi:${xid}`, ...over,
});

test("a warrant's tasks share one scope (LIID, binding, window); counts and the guard's window are unchanged", () => {
  const table = new MediationTaskTable();
  const [a, b, c] = ['x1', 'x2', 'x3'].map((x) => new MediationTask(fields(x)));
  for (const t of [a!, b!, c!]) table.put(t);
  assert.equal(a!.scope, b!.scope);
  assert.equal(b!.scope, c!.scope);
  assert.equal(c!.liid, 'LIID-111');
  assert.equal(c!.warrantId, 'W-77');
  assert.ok(table.othersWithLiid('LIID-111', 'x1'));
  // Another window for the same LIID keeps its own values, and later tasks share the newer scope.
  const d = new MediationTask(fields('x4', { endMs: 9000 }));
  const e = new MediationTask(fields('x5', { endMs: 9000 }));
  table.put(d);
  table.put(e);
  assert.notEqual(d.scope, a!.scope);
  assert.equal(e.scope, d.scope);
  assert.equal(a!.endMs, 5000);
  assert.equal(d.endMs, 9000);
  assert.equal(table.check('x1', 'X2', 'poi', new Date(6000), undefined).ok, false, 'after its own end');
  assert.equal(table.check('x4', 'X2', 'poi', new Date(6000), undefined).ok, true, 'inside its own window');
  for (const x of ['x1', 'x2', 'x3', 'x4']) table.remove(x, new Date(7000));
  assert.ok(!table.othersWithLiid('LIID-111', 'x5'), 'x5 is the last task of the LIID');
  table.remove('x5', new Date(7000));
  assert.ok(!table.othersWithLiid('LIID-111', 'x0'));
});
