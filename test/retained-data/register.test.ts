/**
 * The subscriber register the network role writes at every start is the same whatever day it
 * starts on, so writing it again adds nothing (a restart does not duplicate contracts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subscriberRecords } from '../../src/network/records.ts';
import { RetainedDataStore } from '../../src/retained-data/store.ts';
import { twoOperators } from './fixtures.ts';

test('the register is the same at every restart, and writing it twice adds nothing', async () => {
  const op = twoOperators(50)[0]!;
  const monday = subscriberRecords(op, Date.UTC(2026, 11, 7, 9));
  const later = subscriberRecords(op, Date.UTC(2027, 2, 1, 18));
  assert.deepEqual(later, monday);
  assert.equal(new Set(monday.subscribers.map((s) => s.msisdn)).size, 50);
  assert.ok(monday.subscribers.every((s) => s.contractStartMs < Date.UTC(2026, 0, 1) && s.contractEndMs === undefined));
  const store = await RetainedDataStore.open(op.id, { kind: 'embedded' });
  try {
    assert.deepEqual(await store.write(monday), { subscribers: 50, equipment: 50, calls: 0, sms: 0, dataSessions: 0, locations: 0 });
    assert.deepEqual(await store.write(later), { subscribers: 0, equipment: 0, calls: 0, sms: 0, dataSessions: 0, locations: 0 });
    assert.equal((await store.counts()).rd_subscribers, 50);
  } finally {
    await store.close();
  }
});
