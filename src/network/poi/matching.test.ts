import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TaskDetails } from '../../standards/x1/index.ts';
import { TargetIndex, matchedTargetIdentifierText, targetKey } from './matching.ts';

const sub = { operatorId: 'opA', index: 1, msisdn: '447700900123', imsi: '234150000000123', imei: '353325091234564', ipv4: '100.64.0.1', sipUri: 'sip:+447700900123@ims.example' };
const task = (xId: string, kind: TaskDetails['targetIdentifiers'][number]['kind'], value: string): TaskDetails => ({ xId, targetIdentifiers: [{ kind, value }], deliveryType: 'X2Only', listOfDIDs: [] });

test('exact matching: MSISDN, IMSI, IMEI 14 ↔ 15 digits; never prefixes or neighbours', () => {
  const index = new TargetIndex();
  index.rebuild([
    task('x-msisdn', 'e164Number', '447700900123'),
    task('x-imei14', 'imei', '35332509123456'),
    task('x-imei15', 'imei', '353325091234564'),
    task('x-imsi', 'imsi', '234150000000123'),
    task('x-prefix', 'e164Number', '4477009001'),
    task('x-other', 'e164Number', '447700900124'),
    task('x-cidr', 'ipv4Cidr', '100.64.0.0/10'),
  ]);
  assert.deepEqual(index.match(sub).map((m) => m.task.xId).sort(), ['x-imei14', 'x-imei15', 'x-imsi', 'x-msisdn']);
  assert.deepEqual(index.match({ ...sub, msisdn: '447700900125', imsi: '234150000000999', imei: '353325091234999', sipUri: 'sip:x@y' }), []);
  assert.equal(targetKey({ kind: 'ipv4Cidr', value: '100.64.0.0/10' }), undefined);
  index.rebuild([]);
  assert.deepEqual(index.match(sub), []);
});

test('Matched Target Identifier text is the TS 103 221-1 element (TS 103 221-2 §5.3.18)', () => {
  assert.equal(matchedTargetIdentifierText({ kind: 'e164Number', value: '447700900123' }), '<e164Number>447700900123</e164Number>');
  assert.equal(matchedTargetIdentifierText({ kind: 'imei', value: '353325091234564' }), '<peiImeiCheckDigit>353325091234564</peiImeiCheckDigit>');
  assert.equal(matchedTargetIdentifierText({ kind: 'sipUri', value: 'sip:a&b@x' }), '<sipUri>sip:a&amp;b@x</sipUri>');
});

test('add/remove keep the index current per task, as rebuild would', () => {
  const index = new TargetIndex();
  const a = task('x-a', 'e164Number', '447700900123');
  const b = task('x-b', 'e164Number', '447700900123'); // a second warrant on the same number
  const c = task('x-c', 'imei', '353325091234564');
  for (const t of [a, b, c]) index.add(t);
  assert.equal(index.size, 2);
  assert.deepEqual(index.match(sub).map((m) => m.task.xId).sort(), ['x-a', 'x-b', 'x-c']);
  index.remove(a);
  assert.deepEqual(index.match(sub).map((m) => m.task.xId).sort(), ['x-b', 'x-c']);
  index.remove(b);
  index.remove(c);
  assert.equal(index.size, 0);
  assert.deepEqual(index.match(sub), []);
  index.remove(c); // unknown: nothing happens
  assert.equal(index.match(sub).length, 0);
});
