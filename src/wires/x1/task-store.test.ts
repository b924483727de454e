import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeX1Request, encodeX1Request, encodeX1Response } from '../../standards/x1/index.ts';
import type { ActivateTaskRequest, AnyX1Response, DestinationDetails, TaskDetails } from '../../standards/x1/index.ts';
import { allTargets, fullTask, header, minimalTask } from '../../standards/x1/test-samples.ts';
import { TaskFreezer } from './frozen-task.ts';
import { MAX_SHAPES, MAX_STRINGS, MAX_SUBTREES, TaskCodec } from './task-codec.ts';
import { CompactTaskStore } from './task-store.ts';
import { X1TaskTable } from './task-table.ts';

/** xorshift: the same tasks in every run. */
function prng(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}
const hex = (r: (n: number) => number, n: number) => Array.from({ length: n }, () => '0123456789abcdef'[r(16)]).join('');
const uuid = (r: (n: number) => number) => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-8${hex(r, 3)}-${hex(r, 12)}`;
const DIDS = Array.from({ length: 6 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
const stamp = (r: (n: number) => number) => {
  const iso = new Date(1.6e12 + r(1e9) * 1000 + r(1000)).toISOString().slice(0, 23);
  return `${iso}${String(r(1000)).padStart(3, '0')}${r(4) === 0 ? '+01:00' : 'Z'}`;
};

/** A TaskDetails of every shape the X1 schema allows here, varied by `r` (valid for the XML codec). */
function seededTask(r: (n: number) => number): TaskDetails {
  const targets = Array.from({ length: 1 + r(2) }, () => allTargets[r(allTargets.length)]!);
  const t: TaskDetails = { xId: uuid(r), targetIdentifiers: targets, deliveryType: (['X2Only', 'X3Only', 'X2andX3'] as const)[r(3)]!, listOfDIDs: [DIDS[r(6)]!, ...(r(2) ? [DIDS[r(6)]!] : [])] };
  if (r(4) > 0) {
    t.listOfMediationDetails = [{
      liid: `LIID-${r(1e6).toString(36)}`,
      deliveryType: (['HI2Only', 'HI3Only', 'HI2andHI3'] as const)[r(3)]!,
      ...(r(5) > 0 && { startTime: stamp(r), endTime: stamp(r) }),
      ...(r(2) && { listOfDIDs: [DIDS[r(6)]!] }),
      ...(r(2) && { serviceScopingOptions: r(2) ? [{ serviceType: ['voice', 'messaging'], locationType: { doNotReport: true } }] : fullTask.listOfMediationDetails![0]!.serviceScopingOptions! }),
    }];
  }
  if (r(3) === 0) t.correlationID = r(1e9);
  if (r(3) === 0) t.implicitDeactivationAllowed = r(2) === 0;
  if (r(4) === 0) t.listOfServiceTypes = ['voice', 'data'];
  if (r(5) > 0) t.warrantBinding = { warrantId: `W-${r(1e8)}${r(3) === 0 ? '-ünï' : ''}`, warrantHash: hex(r, 64) };
  if (r(2)) t.taskedElements = r(5) === 0 ? [] : [`op-${r(5)}-ims`, `op-${r(5)}-smsf`];
  return t;
}

test('the codec gives back exactly what the freezer keeps, for seeded tasks and odd values', () => {
  const codec = new TaskCodec();
  const freezer = new TaskFreezer();
  const odd = {
    ...minimalTask,
    xId: 'NOT-A-UUID-É',
    targetIdentifiers: [{ kind: 'sipUri', value: 'sip:ü@example.com' }, { kind: 'e164Number', value: '00447700900123' }, { kind: 'imei', value: '3520990017614' }],
    listOfMediationDetails: [{ liid: '', deliveryType: 'HI2Only', startTime: '2024-02-30T00:00:00.000000Z', endTime: '2024-05-01T00:00:00.000000Z', listOfDIDs: ['ABCDEF01-0000-4000-8000-000000000000'] }],
    correlationID: -0,
    extra: { n: [1.5, -7, 1e21, Number.MAX_SAFE_INTEGER, null, true, false, undefined], hexOdd: 'abc', hexUpper: 'ABCDEF0123', snowman: '☃', empty: [], deep: [[['x']]] },
  } as unknown as TaskDetails;
  const r = prng(0x5eed);
  for (const t of [fullTask, minimalTask, odd, ...Array.from({ length: 3000 }, () => seededTask(r))]) {
    const s = codec.encode(t);
    assert.ok(s !== undefined && /^[\0-\xff]*$/.test(s), 'one byte per character');
    const back = codec.decode(s, t.xId);
    assert.deepStrictEqual(back, freezer.freeze(t));
    assert.ok(Object.isFrozen(back) && Object.isFrozen(back.targetIdentifiers) && Object.isFrozen(back.targetIdentifiers[0]));
    assert.ok(s.length < JSON.stringify(t).length, 'smaller than its JSON');
  }
  assert.ok(Object.is((codec.decode(codec.encode(odd)!, odd.xId) as unknown as { correlationID: number }).correlationID, -0));
});

test('repeated lists come back as one shared frozen object; the tables are bounded', () => {
  const codec = new TaskCodec();
  const a = codec.decode(codec.encode({ ...fullTask, xId: 'a' })!, 'a');
  const b = codec.decode(codec.encode({ ...fullTask, xId: 'b' })!, 'b');
  assert.equal(a.listOfDIDs, b.listOfDIDs);
  assert.equal(a.xId, 'a');
  // Past every table's bound (distinct strings, lists, shapes) the values are written in full and still come back.
  const n = Math.max(MAX_SUBTREES, MAX_SHAPES) + 50;
  for (let i = 0; i < n; i++) {
    const t = { ...minimalTask, xId: `x${i}`, listOfDIDs: [`did-${i}`], [`k${i}`]: i };
    assert.deepStrictEqual(codec.decode(codec.encode(t)!, t.xId), new TaskFreezer().freeze(t));
  }
  const tables = codec.tables();
  assert.ok(tables.trees.length <= MAX_SUBTREES && tables.shapes.length <= MAX_SHAPES && tables.strings.length <= MAX_STRINGS);
  assert.equal(tables.trees.length, MAX_SUBTREES);
});

test('a task with a value the codec does not know is kept frozen as it is', () => {
  const store = new CompactTaskStore();
  const t = { ...minimalTask, extra: new Date(0) } as unknown as TaskDetails;
  store.set(t);
  assert.equal(new TaskCodec().encode(t), undefined);
  assert.deepStrictEqual(store.get(t.xId), new TaskFreezer().freeze(t));
  assert.ok(Object.isFrozen(store.get(t.xId)));
});

const destinations: DestinationDetails[] = DIDS.map((dId, i) => ({
  dId, deliveryType: (['X2Only', 'X3Only', 'X2andX3'] as const)[i % 3]!,
  deliveryAddress: { kind: 'ipAddressAndPort', address: { kind: 'IPv4Address', value: '192.0.2.1' }, port: { kind: 'TCPPort', value: 1000 + i } },
}));

/** GetTaskDetails for every task, GetAllDetails and ListAllDetails, as the X1 server encodes them. */
function answers(table: X1TaskTable): string {
  const h = table.asHandler();
  const base = { ...header, x1TransactionId: header.x1TransactionId };
  const messages: AnyX1Response[] = [];
  for (const xId of table.listAll().listOfXIDs) messages.push({ ...base, messageType: 'GetTaskDetailsResponse', taskResponseDetails: h.onGetTaskDetails!({ ...base, messageType: 'GetTaskDetailsRequest', xId }, undefined as never) as never });
  const all = h.onGetAllDetails!({ ...base, messageType: 'GetAllDetailsRequest' }, undefined as never) as never as object;
  messages.push({ ...base, messageType: 'GetAllDetailsResponse', ...all } as AnyX1Response);
  messages.push({ ...base, messageType: 'ListAllDetailsResponse', ...table.listAll() });
  return encodeX1Response({ kind: 'X1Response', x1ResponseMessage: messages });
}

test('GetTaskDetails, GetAllDetails and ListAllDetails are byte-identical with compact and frozen tasks (TS 103 221-1 §6.4)', () => {
  const frozen = new X1TaskTable({ maxTargetsPerTask: 3, now: () => new Date(0) });
  const compact = new X1TaskTable({ maxTargetsPerTask: 3, now: () => new Date(0), compactTasks: true });
  for (const d of destinations) {
    frozen.createDestination(d);
    compact.createDestination(d);
  }
  const r = prng(42);
  const xids: string[] = [];
  for (let i = 0; i < 600; i++) {
    // Through the XML codec, as the X1 server hands requests over (strings as the decoder returns them).
    const t = seededTask(r);
    const xml = encodeX1Request({ x1RequestMessage: [{ ...header, messageType: 'ActivateTaskRequest', taskDetails: t }] });
    const decoded = (decodeX1Request(xml) as { x1RequestMessage: ActivateTaskRequest[] }).x1RequestMessage[0]!.taskDetails;
    let refused = false;
    try {
      frozen.activateTask(decoded);
    } catch {
      refused = true;
    }
    assert.equal(refused, (() => {
      try {
        compact.activateTask(structuredClone(decoded));
        return false;
      } catch {
        return true;
      }
    })(), 'both refuse the same tasks');
    if (!refused) xids.push(decoded.xId);
  }
  assert.ok(xids.length > 200, `${xids.length} tasks taken`);
  // Changes keep the XID's place in ListAllDetails; intercepts and modifications show in TaskStatus.
  for (const table of [frozen, compact]) {
    table.modifyTask({ ...table.task(xids[5]!)!, correlationID: 7 });
    table.deactivateTask(xids[9]!);
    table.recordIntercept(xids[11]!, 'X2', new Date(1000));
  }
  const a = answers(frozen);
  assert.equal(answers(compact), a);
  assert.ok(a.includes(xids[5]!) && !a.includes(xids[9]!));
  assert.deepEqual(compact.listAll(), frozen.listAll());
  assert.deepEqual([...compact.xids()], frozen.listAll().listOfXIDs);
  // Converting a filled table gives the same answers too (what the MDF's X1 handler does).
  frozen.storeTasksCompactly();
  assert.equal(answers(frozen), a);
});

test('change events carry the task as stored, and the previous one on modification', () => {
  const table = new X1TaskTable({ compactTasks: true });
  table.createDestination(destinations[2]!);
  const seen: { kind: string; task: TaskDetails; previous?: TaskDetails }[] = [];
  table.onChange((c) => {
    if ('task' in c) seen.push(c);
  });
  const t: TaskDetails = { ...minimalTask, deliveryType: 'X2andX3', listOfDIDs: [DIDS[2]!] };
  table.activateTask(t);
  table.modifyTask({ ...t, correlationID: 1 });
  table.deactivateTask(t.xId);
  assert.deepEqual(seen.map((s) => s.kind), ['task-activated', 'task-modified', 'task-deactivated']);
  assert.deepStrictEqual(seen[0]!.task, new TaskFreezer().freeze(t));
  assert.deepStrictEqual(seen[1]!.previous, new TaskFreezer().freeze(t));
  assert.equal(seen[1]!.task.correlationID, 1);
  assert.equal(table.taskCount, 0);
});
