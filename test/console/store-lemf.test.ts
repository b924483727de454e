/**
 * The console's query store fed by a real LEMF (HI2/HI3 over mutual TLS): the same checks against
 * the embedded store (PGlite) and a real PostgreSQL 15. The LEMF's own views are the reference.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedConsoleStore, openPostgresConsoleStore, type ConsoleQueryStore, type RecordsNotification } from '../../src/console/store/index.ts';
import type { MonitoringRecord } from '../../src/monitoring/index.ts';
import { postgresSkipReason, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { deliverScenario, f, LIID_B, SCENARIO_COUNTS, startLemf, type LemfFixture } from './store-fixture.ts';

let fx: LemfFixture;
const delivered: MonitoringRecord[] = [];
let cluster: PostgresCluster | undefined;
const dbDir = mkdtempSync(join(tmpdir(), 'console-pglite-'));

before(async () => {
  fx = await startLemf((records) => delivered.push(...structuredClone(records)));
  await deliverScenario(fx);
  if (!postgresSkipReason) cluster = await startPostgres();
});
after(async () => {
  await fx.close();
  await cluster?.stop();
  rmSync(dbDir, { recursive: true, force: true });
});

function suite(name: string, open: () => Promise<ConsoleQueryStore>, options: { skip?: string } = {}): void {
  describe(name, options, () => {
    let store: ConsoleQueryStore;
    const notes: RecordsNotification[] = [];
    before(async () => {
      store = await open();
      store.subscribe((n) => notes.push(n));
      // As the LEMF stored them, in two batches, the second repeating the first (idempotent).
      store.ingest(delivered.slice(0, 5));
      store.ingest(delivered);
      await store.flush();
    });
    after(async () => {
      await store.close();
    });

    test('one row per LEMF record, counted by kind as the LEMF counts them; repeats are not rows', async () => {
      assert.deepEqual(await store.counts(f.LIID), SCENARIO_COUNTS);
      assert.deepEqual(await store.counts(f.LIID), fx.lemf.store.countsByKind(f.LIID));
      assert.deepEqual((await store.liids()).sort(), [f.LIID, LIID_B]);
      const notified = notes.filter((n) => n.liid === f.LIID).reduce((s, n) => s + n.count, 0);
      assert.equal(notified, 20, 'subscribers hear of each row once');
    });

    test('timeline: IRI and CC in time order, keyset pages cover every row once, filters', async () => {
      const seen: number[] = [];
      let after: { atUs: bigint; id: number } | undefined;
      let pages = 0;
      for (;;) {
        const page = await store.timeline(f.LIID, { limit: 7, ...(after ? { after } : {}) });
        assert.equal(page.total, 20);
        seen.push(...page.records.map((r) => r.id));
        pages++;
        if (!page.next) break;
        after = page.next;
      }
      assert.equal(pages, 3);
      assert.deepEqual([...seen].sort((a, b) => a - b), [...Array(20).keys()]);
      const times = (await store.timeline(f.LIID, { limit: 100 })).records.map((r) => r.atUs);
      assert.deepEqual(times, [...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      const sms = await store.timeline(f.LIID, { kinds: ['sms'], limit: 10 });
      assert.equal(sms.total, 1);
      assert.equal(sms.records[0]!.summary.kind === 'sms' && sms.records[0]!.summary.text, f.SMS_TEXT);
      assert.equal((await store.timeline(f.LIID, { direction: 'toTarget', limit: 100 })).total, 5);
      assert.equal((await store.timeline(f.LIID, { target: `e164Number:${f.PEER_MSISDN}`, limit: 100 })).total, 4, 'INVITE, 200, BYE and the SMS name the peer');
      const window = await store.timeline(f.LIID, { fromUs: BigInt(f.T0 + 6000) * 1000n, toUs: BigInt(f.T0 + 8000) * 1000n, limit: 100 });
      assert.deepEqual(window.records.map((r) => r.kind), ['sms', 'location']);
    });

    test('calls: ladder, answered, duration, packets per direction, no video streams in a G.711 call', async () => {
      const [call] = await store.calls(f.LIID);
      assert.ok(call);
      assert.equal(call.cin, f.CALL_CIN);
      assert.equal(call.callId, 'a84b4c76e66710@pc33.opA.example');
      assert.equal(call.answered, true);
      assert.equal(call.ended, true);
      assert.equal(call.durationSeconds, 3, '200 OK at +2 s, BYE at +5 s');
      assert.deepEqual(call.rtpPacketsByDirection, { fromTarget: 5, toTarget: 5 });
      assert.deepEqual(call.videoStreams, []);
      const detail = await store.call(f.LIID, f.CALL_CIN);
      assert.deepEqual(detail?.ladder.map((s) => s.method ?? s.status), ['INVITE', 200, 'BYE']);
      assert.equal(await store.call(f.LIID, 999), undefined);
    });

    test('SMS thread, locations and cells, browsing and sessions, contacts', async () => {
      assert.deepEqual(
        (await store.smsThreads(f.LIID)).map((t) => [t.peer, t.messages.map((m) => [m.direction, m.text])]),
        [[f.PEER_MSISDN, [['fromTarget', f.SMS_TEXT]]]],
      );
      const loc = await store.locations(f.LIID);
      assert.equal(loc.points.length, 2);
      assert.deepEqual(loc.cells, [{ cellId: '234-15-0003e8002', latitude: 51.5101, longitude: -0.134, firstAt: new Date(f.T0 + 7000).toISOString(), lastAt: new Date(f.T0 + 8000).toISOString(), count: 2 }]);
      const b = await store.browsing(f.LIID);
      assert.deepEqual([b.dns.map((x) => x.name), b.sni.map((x) => x.name), b.http.map((x) => [x.name, x.path])], [[f.DNS_NAME], [f.SNI], [[f.HTTP_HOST, '/basket?item=42']]]);
      assert.equal(b.sessions.length, 1);
      assert.equal(b.sessions[0]!.packets, 3);
      assert.ok(b.sessions[0]!.bytesUp > 0);
      const contacts = await store.contacts(f.LIID);
      assert.deepEqual(contacts.map((c) => [c.identity, c.calls, c.sms]), [[`e164Number:${f.PEER_MSISDN}`, 1, 1]], 'the target itself is not its own contact');
    });

    test('search: literal, case-insensitive, only the LIIDs given; wildcards and SQL are text', async () => {
      const hits = await store.search([f.LIID], 'USUAL PLACE', 10);
      assert.deepEqual(hits.map((h) => [h.liid, h.kind]), [[f.LIID, 'sms']]);
      assert.equal((await store.search([LIID_B], 'usual place', 10)).length, 0);
      assert.equal((await store.search([], 'usual', 10)).length, 0);
      for (const q of ['%', '_', "' OR 1=1 --", '\\', 'usual%place']) assert.equal((await store.search([f.LIID, LIID_B], q, 10)).length, 0, q);
      assert.equal((await store.search([f.LIID], 'basket?item=42', 10)).length, 1);
    });

    test('privileged marks survive and are reported; rebuild re-ingests only what is missing; destroy removes a LIID', async () => {
      assert.equal(await store.setPrivileged(f.LIID, 3, true, 'sup', 'lawyer'), true);
      assert.equal(await store.setPrivileged(f.LIID, 999, true, 'sup', 'x'), false);
      assert.equal((await store.record(f.LIID, 3))?.privileged, true);
      const again = await store.rebuild({ liids: () => fx.lemf.store.liids(), records: (liid) => fx.lemf.store.records(liid) });
      assert.deepEqual(again, { liids: 2, records: 21, inserted: 0, beyond: 0, dropped: [] });
      assert.equal(await store.destroy(LIID_B), 1);
      assert.deepEqual(await store.liids(), [f.LIID]);
      assert.equal((await store.record(f.LIID, 3))?.privileged, true);
    });
  });
}

suite('embedded (PGlite)', () => openEmbeddedConsoleStore({ dataDir: dbDir }));
suite('PostgreSQL 15', () => openPostgresConsoleStore({ connectionString: cluster!.connectionString }), postgresSkipReason ? { skip: postgresSkipReason } : {});
