/**
 * Live updates: `GET /api/events` sends a server-sent `records` event when records arrive for a
 * warrant the user is assigned, and nothing of warrants they are not assigned (real HTTPS).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { openEmbeddedConsoleStore, type SqlConsoleStore } from '../../src/console/store/index.ts';
import { syntheticRecords } from './synthetic.ts';
import { login, PASSWORD, startHarness, type Harness, type LoggedIn } from './server-helpers.ts';
import { waitFor } from '../helpers/wait.ts';

let store: SqlConsoleStore;
let h: Harness;
let ana: LoggedIn;
before(async () => {
  // The real query store (in memory), whose committed batches feed the stream as in the lemf role.
  store = await openEmbeddedConsoleStore();
  h = await startHarness([], (cb) => store.subscribe(cb));
  await h.users.add('ana', 'analyst', PASSWORD, ['LIID-A']);
  ana = await login(h, 'ana');
});
after(async () => {
  await h.close();
  await store.close();
});

test('records events arrive for assigned warrants only', async () => {
  let text = '';
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(new URL('/api/events', h.server.url), { ca: h.caPem, headers: { cookie: ana.cookie } }, resolve);
    req.on('error', reject);
    req.end();
  });
  try {
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/event-stream/);
    res.on('data', (d: Buffer) => (text += d.toString('utf8')));
    await waitFor('stream open', () => text.includes('warranted console events'));
    store.ingest(syntheticRecords(2, 'LIID-B'));
    await store.flush();
    store.ingest(syntheticRecords(3, 'LIID-A'));
    await store.flush();
    await waitFor('an event for LIID-A', () => text.includes('LIID-A'));
    const events = text.split('\n\n').filter((b) => b.startsWith('event: records'));
    assert.equal(events.length, 1, text);
    // syntheticRecords: ids 0..2 are an SMS, a location and a call-content record.
    assert.deepEqual(JSON.parse(events[0]!.split('\ndata: ')[1]!), { liid: 'LIID-A', count: 3, kinds: { sms: 1, location: 1, 'call-content': 1 } });
    assert.ok(!text.includes('LIID-B'));
  } finally {
    res.destroy();
  }
});

test('the event stream needs a session', async () => {
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(new URL('/api/events', h.server.url), { ca: h.caPem }, (r) => {
      r.resume();
      resolve(r.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(status, 401);
});
