import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fullTask } from '../../standards/x1/test-samples.ts';
import type { TaskDetails } from '../../standards/x1/index.ts';
import { MAX_SHARED_LISTS, TaskFreezer } from './frozen-task.ts';
import { X1TaskTable } from './task-table.ts';

const copyOf = (t: TaskDetails, xId: string): TaskDetails => ({ ...structuredClone(t), xId });

test('a frozen task equals what arrived, cannot be changed, and shares repeated lists', () => {
  const f = new TaskFreezer();
  const a = f.freeze(copyOf(fullTask, 'a'));
  const b = f.freeze(copyOf(fullTask, 'b'));
  assert.deepEqual(a, copyOf(fullTask, 'a'));
  assert.ok(Object.isFrozen(a) && Object.isFrozen(a.targetIdentifiers[0]) && Object.isFrozen(a.listOfMediationDetails![0]));
  assert.throws(() => a.listOfDIDs.push('x'), TypeError);
  assert.equal(a.listOfDIDs, b.listOfDIDs, 'one ListOfDIDs for both tasks');
  assert.notEqual(a.targetIdentifiers, b.targetIdentifiers, 'targets are per task');
});

test('shared lists are bounded: past MAX_SHARED_LISTS a task keeps its own copy', () => {
  const f = new TaskFreezer();
  for (let i = 0; i <= MAX_SHARED_LISTS + 10; i++) f.freeze({ ...copyOf(fullTask, `x${i}`), listOfDIDs: [`d-${i}`] });
  assert.ok(f.sharedLists <= MAX_SHARED_LISTS);
});

test('TaskStatus is kept only once a task has activity, and GetTaskDetails reports it (§6.4.2)', () => {
  const table = new X1TaskTable({ now: () => new Date('2025-01-01T00:00:00Z') });
  table.createDestination({ dId: 'd1', deliveryType: 'X2andX3', deliveryAddress: { kind: 'ipAddressAndPort', address: { kind: 'IPv4Address', value: '192.0.2.1' }, port: { kind: 'TCPPort', value: 1 } } });
  const t: TaskDetails = { xId: 'x1', targetIdentifiers: [{ kind: 'e164Number', value: '447700900123' }], deliveryType: 'X2andX3', listOfDIDs: ['d1'] };
  table.activateTask(t);
  assert.equal(table.taskCount, 1);
  assert.deepEqual(table.taskResponseDetails('x1').taskStatus, { provisioningStatus: 'complete', listOfFaults: [], amountOfX2Data: 0, amountOfX3Data: 0 });
  table.recordIntercept('x1', 'X3', new Date('2025-01-01T00:00:01Z'));
  table.modifyTask(t);
  const s = table.taskResponseDetails('x1').taskStatus;
  assert.equal(s.amountOfX3Data, 1);
  assert.equal(s.numberOfModifications, 1);
  assert.equal(s.timeOfLastIntercept, '2025-01-01T00:00:01.000000Z');
  table.deactivateTask('x1');
  table.activateTask(t);
  assert.equal(table.taskResponseDetails('x1').taskStatus.amountOfX3Data, 0, 'a new activation starts afresh');
});
