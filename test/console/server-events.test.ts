/**
 * Live updates: `GET /api/events` sends a server-sent `records` event when records arrive for a
 * warrant the user is assigned, and nothing of warrants they are not assigned (real HTTPS).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { RecordCounts } from '../../src/console/warrants/counts.ts';
import type { MonitoringRecord } from '../../src/monitoring/types.ts';
import { login, PASSWORD, startHarness, type Harness, type LoggedIn } from './server-helpers.ts';
import { waitFor } from '../helpers/wait.ts';

const counts = new RecordCounts(() => ({}));
let h: Harness;
let ana: LoggedIn;
before(async () => {
  h = await startHarness([], (cb) => counts.subscribe(cb));
  await h.users.add('ana', 'analyst', PASSWORD, ['LIID-A']);
  ana = await login(h, 'ana');
});
after(() => h.close());

const rec = (liid: string, kind: string) => ({ liid, kind }) as unknown as MonitoringRecord;

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
    counts.add([rec('LIID-B', 'sms'), rec('LIID-B', 'sms')]);
    counts.add([rec('LIID-A', 'sms'), rec('LIID-A', 'call-iri'), rec('LIID-A', 'sms')]);
    await waitFor('an event for LIID-A', () => text.includes('LIID-A'));
    const events = text.split('\n\n').filter((b) => b.startsWith('event: records'));
    assert.equal(events.length, 1, text);
    assert.deepEqual(JSON.parse(events[0]!.split('\ndata: ')[1]!), { liid: 'LIID-A', count: 3, kinds: { sms: 2, 'call-iri': 1 } });
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
