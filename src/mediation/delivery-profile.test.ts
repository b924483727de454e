import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVERY_SERVICE, MediationTask, MediationTaskTable, packedTargetKey, SERVICE_BITS, unpackedTargetKey, targetKeyOf, type MediationTaskFields } from './task-table.ts';

const fields = (xid: string, over: Partial<MediationTaskFields> = {}): MediationTaskFields => ({
  xid, liid: 'LIID-1', hiDelivery: 'HI2andHI3', hi2Destination: 'd2', hi3Destination: 'd3', startMs: 1000, endMs: 5000,
  warrantId: 'W-1', warrantHash: 'ab'.repeat(32), authorizationCountryCode: 'PK', taskedPois: ['poi-a', 'poi-b'],
  serviceMask: SERVICE_BITS.voice | SERVICE_BITS.sms, targets: `e164Number:92300000000${xid.length}`, ...over,
});

test('tasks with the same destinations, country, POIs and services share one frozen DeliveryProfile; others do not', () => {
  const a = new MediationTask(fields('x1'));
  const b = new MediationTask(fields('x2', { taskedPois: [['poi', 'a'].join('-'), 'poi-b'] }));
  assert.equal(a.delivery, b.delivery);
  assert.ok(Object.isFrozen(a.delivery));
  for (const over of [{ hi3Destination: 'd4' }, { hiDelivery: 'HI2Only' as const, hi3Destination: undefined }, { authorizationCountryCode: 'XX' }, { taskedPois: ['poi-a'] }, { taskedPois: undefined }, { taskedPois: [] }, { serviceMask: EVERY_SERVICE }]) {
    const c = new MediationTask(fields('x3', over));
    assert.notEqual(c.delivery, a.delivery, JSON.stringify(over));
    for (const k of Object.keys(over) as (keyof typeof over)[]) assert.deepEqual(c[k], over[k], k);
  }
  // No separator trick merges two POI lists into one profile.
  const joined = new MediationTask(fields('x4', { taskedPois: ['poi-a\u0000poi-b'] }));
  assert.deepEqual(joined.taskedPois, ['poi-a\u0000poi-b']);
  assert.notEqual(joined.delivery, a.delivery);
});

test('the guard checks POIs, window, HI delivery and services through the shared profile', () => {
  const table = new MediationTaskTable();
  table.put(new MediationTask(fields('x1', { hiDelivery: 'HI2Only', hi3Destination: undefined })));
  table.put(new MediationTask(fields('x2')));
  const at = new Date(2000);
  assert.equal(table.check('x1', 'X2', 'poi-a', at, at).ok, true);
  assert.equal(table.check('x1', 'X3', 'poi-a', at, at).ok, false, 'content for an IRI-only task');
  assert.equal(table.check('x2', 'X3', 'poi-a', at, at).ok, true);
  assert.equal(table.check('x2', 'X3', 'poi-c', at, at).ok, false, 'a POI not tasked');
  assert.equal(table.check('x2', 'X3', 'poi-a', new Date(6000), at).ok, false, 'after the end');
  const t = table.get('x2')!;
  assert.ok(t.covers('sms') && t.covers('voice') && !t.covers('data') && !t.covers(undefined));
  assert.deepEqual([...t.services!].sort(), ['sms', 'voice']);
});

test('packed target keys: one-to-one, unpacked to the same key, and compared exactly', () => {
  const keys = ['e164Number:923000000012', 'e164Number:92300000001', 'e164Number:0923000000012', 'imsi:410010000000001', 'imsi:0', 'imsi:00',
    'imei:35100000000012', 'imei:3510000000001', 'sipUri:sip:alice@example.org', 'ipv4Address:10.0.0.1', 'e164Number:', 'imsi:12a'];
  const packed = keys.map(packedTargetKey);
  assert.equal(new Set(packed).size, keys.length, 'no two keys pack alike');
  keys.forEach((k, i) => assert.equal(unpackedTargetKey(packed[i]!), k));
  assert.ok(packed[0]!.length < keys[0]!.length / 2, 'an MSISDN packs to fewer than half its characters');
  const t = new MediationTask(fields('x1', { targets: targetKeyOf({ kind: 'imei', value: '351000000000120' })! }));
  assert.equal(t.targets, 'imei:35100000000012');
  assert.ok(t.hasTarget('imei:35100000000012'));
  assert.ok(!t.hasTarget('imei:35100000000013') && !t.hasTarget('imsi:35100000000012') && !t.hasTarget(packedTargetKey('imei:3510000000001')));
  const several = new MediationTask(fields('x2', { targets: ['imsi:410010000000001', 'sipUri:sip:bob@example.org'] }));
  assert.deepEqual(several.targets, ['imsi:410010000000001', 'sipUri:sip:bob@example.org']);
  assert.deepEqual([...several.targetKeys], ['imsi:410010000000001', 'sipUri:sip:bob@example.org']);
  assert.ok(several.hasTarget('sipUri:sip:bob@example.org') && several.hasTarget('imsi:410010000000001') && !several.hasTarget('imsi:41001000000000'));
});
