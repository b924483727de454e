/**
 * Retention: a sweep deletes exactly the rows older than each category's period, keeps the newer
 * ones, and reports per category the cut-off, the row count and a SHA-256 digest of what it
 * deleted — recomputed here from the rows read straight out of PostgreSQL before the sweep, and
 * equal on PGlite for the same writes. The report is made inside the deletion's transaction: a
 * report that fails deletes nothing (the rows go, reported, at the next sweep).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { luhnCheckDigit } from '../../src/network/index.ts';
import { RetainedDataStore } from '../../src/retained-data/store.ts';
import { canonicalRow, cutoffOf, parseRetention, type RetentionEvent } from '../../src/retained-data/retention.ts';
import type { RecordBatch } from '../../src/retained-data/types.ts';
import { postgresSkipReason, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 31, 12, 0, 0);
const imei = (body: string) => body + String(luhnCheckDigit(body));
const A = { msisdn: '447700900001', imsi: '234150000000001', imei: imei('35332509000001') };
const B = { msisdn: '447700900002', imsi: '234150000000002', imei: imei('35332509000002') };
const cell = { cellId: '234-15-0001', latitude: 51.5, longitude: -0.12 };
const AGES_DAYS = [400, 200, 100, 40, 10, 1];

function batch(): RecordBatch {
  const at = (d: number) => NOW - d * DAY;
  return {
    subscribers: [
      { ...A, givenName: 'Ann', familyName: 'Old', street: '1 High Street', city: 'London', postcode: 'E1 1AB', country: 'GB', contractStartMs: at(900), contractEndMs: at(500) },
      { ...B, givenName: 'Bob', familyName: 'Current', street: '2 High Street', city: 'London', postcode: 'E1 1AB', country: 'GB', contractStartMs: at(300) },
    ],
    equipment: [{ ...A, fromMs: at(900), toMs: at(500) }, { ...B, fromMs: at(300) }],
    calls: AGES_DAYS.map((d, i) => ({ ...B, ...cell, callId: `c${i}`, direction: 'originating' as const, otherParty: '447911000001', media: 'voice' as const, startMs: at(d), answerMs: at(d) + 2000, endMs: at(d) + 60_000, sipStatus: 200 })),
    sms: AGES_DAYS.map((d) => ({ ...B, ...cell, direction: 'MO' as const, otherParty: 'BANK', atMs: at(d) })),
    dataSessions: AGES_DAYS.map((d, i) => ({ ...B, ...cell, pduSessionId: 1 + i, dnn: 'internet', ueIp: '100.64.0.2', nat: { publicIp: '192.0.2.1', portStart: 1024, portEnd: 3071 }, startMs: at(d), endMs: at(d) + 600_000 })),
    locations: AGES_DAYS.map((d) => ({ ...B, ...cell, atMs: at(d), event: 'location-update' as const, tac: 1 })),
  };
}
const PERIODS = { subscribers: parseRetention('P12M'), equipment: parseRetention('P12M'), calls: parseRetention('P90D'), sms: parseRetention('P6M'), dataSessions: parseRetention('P1Y'), locations: parseRetention('PT36H') };

test('retention periods: ISO 8601 durations in whole units, counted back in the UTC calendar', () => {
  assert.deepEqual(parseRetention('P1Y6M'), { years: 1, months: 6, days: 0, hours: 0 });
  assert.deepEqual(parseRetention('PT36H'), { years: 0, months: 0, days: 0, hours: 36 });
  for (const bad of ['P', 'PT', 'P0D', '12M', 'P1.5M', 'P-1D', 'P1W', 'p12m'])
    assert.throws(() => parseRetention(bad), { code: 'RETAINED_BAD_RETENTION' }, bad);
  assert.equal(cutoffOf(NOW, parseRetention('P1M')).toISOString(), '2026-02-28T12:00:00.000Z'); // 31 Mar − 1 month, clamped
  assert.equal(cutoffOf(Date.UTC(2024, 2, 31), parseRetention('P1M')).toISOString(), '2024-02-29T00:00:00.000Z');
  assert.equal(cutoffOf(NOW, parseRetention('P1Y')).toISOString(), '2025-03-31T12:00:00.000Z');
  assert.equal(cutoffOf(NOW, parseRetention('P90D')).toISOString(), new Date(NOW - 90 * DAY).toISOString());
  assert.equal(cutoffOf(NOW, parseRetention('PT36H')).toISOString(), new Date(NOW - 36 * 3_600_000).toISOString());
});

const TABLES = { subscribers: ['rd_subscribers', 'contract_end IS NOT NULL AND contract_end < $1'], equipment: ['rd_equipment', 'to_at IS NOT NULL AND to_at < $1'], calls: ['rd_calls', 'start_at < $1'], sms: ['rd_sms', 'at < $1'], dataSessions: ['rd_data_sessions', 'start_at < $1'], locations: ['rd_locations', 'at < $1'] } as const;
const EXPECTED_ROWS = { subscribers: 1, equipment: 1, calls: 3, sms: 2, dataSessions: 1, locations: 5 };

async function checkSwept(store: RetainedDataStore, events: RetentionEvent[]): Promise<void> {
  assert.deepEqual(events.map((e) => [e.category, e.rows]), Object.entries(EXPECTED_ROWS));
  for (const e of events) {
    assert.equal(e.operatorId, 'opR');
    assert.equal(e.cutoff, cutoffOf(NOW, PERIODS[e.category]).toISOString());
    assert.equal(e.sweptAt, new Date(NOW).toISOString());
    assert.match(e.digest, /^[0-9a-f]{64}$/);
  }
  const all = { start: new Date(NOW - 1000 * DAY), end: new Date(NOW) };
  const ageOf = (ms: number) => Math.round((NOW - ms) / DAY);
  assert.deepEqual((await store.calls({ kind: 'msisdn', value: B.msisdn }, all)).map((c) => ageOf(c.startMs)), [40, 10, 1]);
  assert.deepEqual((await store.sms({ kind: 'imsi', value: B.imsi }, all)).map((c) => ageOf(c.atMs)), [100, 40, 10, 1]);
  assert.deepEqual((await store.dataSessions({ kind: 'imei', value: B.imei }, all)).map((c) => ageOf(c.startMs)), [200, 100, 40, 10, 1]);
  assert.deepEqual((await store.locationHistory({ kind: 'msisdn', value: B.msisdn }, all)).map((c) => ageOf(c.atMs)), [1]);
  assert.deepEqual(await store.subscriberData({ kind: 'msisdn', value: A.msisdn }, all), []);
  assert.equal((await store.subscriberData({ kind: 'msisdn', value: B.msisdn }, all)).length, 1);
  assert.deepEqual(await store.equipment({ kind: 'imei', value: A.imei }, all), []);
  assert.equal((await store.equipment({ kind: 'imei', value: B.imei }, all)).length, 1);
}

describe('retention sweep (embedded PGlite)', () => {
  test('deletes what is older than each period, keeps the rest, reports each category before COMMIT; a failed report deletes nothing', async () => {
    const store = await RetainedDataStore.open('opR', { kind: 'embedded' });
    try {
      await store.write(batch());
      const all = { start: new Date(NOW - 1000 * DAY), end: new Date(NOW) };
      // The report fails (the audit log is down): nothing is deleted, the sweep stops at once.
      let calls = 0;
      await assert.rejects(store.sweep(PERIODS, NOW, () => {
        calls++;
        throw new Error('audit log unavailable');
      }), /audit log unavailable/);
      assert.equal(calls, 1);
      assert.equal((await store.locationHistory({ kind: 'msisdn', value: B.msisdn }, all)).length, AGES_DAYS.length, 'nothing deleted unlogged');
      assert.equal((await store.subscriberData({ kind: 'msisdn', value: A.msisdn }, all)).length, 1, 'the rolled-back category too');
      const seen: number[] = [];
      const events = await store.sweep(PERIODS, NOW, () => undefined);
      assert.equal(events.length, 6, 'the failed sweep left nothing pending');
      await checkSwept(store, events);
      const empty = createHash('sha256').update('').digest('hex');
      const again = await store.sweep(PERIODS, NOW, (e) => void seen.push(e.rows));
      assert.deepEqual(again.map((e) => [e.rows, e.digest]), Array(6).fill([0, empty]));
      assert.deepEqual(seen, Array(6).fill(0), 'each sweep reports every category once');
    } finally {
      await store.close();
    }
  });
});

describe('retention sweep (PostgreSQL 15)', { skip: postgresSkipReason }, () => {
  let cluster: PostgresCluster;
  before(async () => {
    cluster = await startPostgres();
  });
  after(async () => {
    await cluster.stop();
  });
  test('the digest is SHA-256 over the deleted rows read before the sweep, and PGlite computes the same', async () => {
    const store = await RetainedDataStore.open('opR', { kind: 'postgres', url: cluster.connectionString });
    const client = new pg.Client({ connectionString: cluster.connectionString });
    await client.connect();
    const embedded = await RetainedDataStore.open('opR', { kind: 'embedded' });
    try {
      await store.write(batch());
      await embedded.write(batch());
      const expected: Record<string, string> = {};
      for (const [category, [table, old]] of Object.entries(TABLES)) {
        const rows = await client.query<Record<string, unknown>>(`SELECT * FROM ${table} WHERE ${old} ORDER BY id`, [cutoffOf(NOW, PERIODS[category as keyof typeof PERIODS])]);
        expected[category] = createHash('sha256').update(rows.rows.map((r) => canonicalRow({ ...r, id: String(r.id) }) + '\n').join('')).digest('hex');
      }
      const reported: RetentionEvent[] = [];
      const events = await store.sweep(PERIODS, NOW, (e) => void reported.push(e));
      assert.deepEqual(reported, events);
      await checkSwept(store, events);
      assert.deepEqual(Object.fromEntries(events.map((e) => [e.category, e.digest])), expected);
      const fromPglite = await embedded.sweep(PERIODS, NOW, () => undefined);
      assert.deepEqual(fromPglite.map((e) => e.digest), events.map((e) => e.digest));
      // The deletion's record stays in the store (what was deleted, when, and that it was reported).
      const log = await client.query<{ category: string; row_count: string; reported: boolean }>('SELECT category, row_count, reported FROM rd_retention_sweeps ORDER BY id');
      assert.deepEqual(log.rows.map((r) => [r.category, Number(r.row_count), r.reported]), Object.entries(EXPECTED_ROWS).map(([c, n]) => [c, n, true]));
    } finally {
      await client.end();
      await store.close();
      await embedded.close();
    }
  });
});
