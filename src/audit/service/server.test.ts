import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { auditTestBed, event, rawRequest, type AuditTestBed } from '../../../test/audit/helpers.ts';
import { openAuditDirectory, readCheckpointNotes } from '../directory.ts';
import { verifyCheckpoint } from '../checkpoint.ts';
import type { AuditLog } from '../log.ts';
import { RemoteAuditLog } from './client.ts';
import { startAuditService, type AuditService, type AuditServiceAlarm } from './server.ts';

const local = { host: '127.0.0.1', port: 0 };
let bed: AuditTestBed;
let log: AuditLog;
let service: AuditService;
let mdf: RemoteAuditLog;
const alarms: AuditServiceAlarm[] = [];
const logDir = () => join(bed.dir, 'log');

before(async () => {
  bed = await auditTestBed(['audit', 'mdf', 'admf', 'stranger']);
  log = await openAuditDirectory({ dir: logDir(), signer: bed.signer });
  service = await startAuditService({
    creds: bed.creds.get('audit')!,
    bind: local,
    log,
    dir: logDir(),
    allowedClients: ['mdf', 'admf'],
    checkpointIntervalMs: 3_600_000,
    onAlarm: (a) => alarms.push(a),
  });
  mdf = new RemoteAuditLog({ creds: bed.creds.get('mdf')!, endpoint: service.endpoint, serverIdentity: 'audit' });
});
after(async () => {
  await mdf.close();
  await service.close();
  await log.close();
  bed.cleanup();
});

describe('audit service: append, entries, checkpoint', () => {
  test('round trip: acknowledged events are in the log with their indexes, and the checkpoint covers them', async () => {
    const start = log.size;
    const events = [event('mdf', 1), event('mdf', 2, { liid: 'LIID-1' }), event('mdf', 3)];
    const results = await Promise.all(events.map((e) => mdf.append(e)));
    assert.deepEqual(results.map((r) => r.index), [start, start + 1, start + 2]);
    assert.equal(log.size, start + 3);
    const local = await log.entries(start);
    assert.deepEqual(local.map((e) => e.event), events);
    assert.deepEqual(results.map((r) => r.leafHash), local.map((e) => e.leafHash));
    const remote = await mdf.entries(start);
    assert.deepEqual(remote, local);
    assert.equal(await mdf.ping(), start + 3);

    const note = await mdf.checkpoint();
    const checkpoint = verifyCheckpoint(note, bed.signer, bed.signer.name);
    assert.equal(checkpoint.size, start + 3);
    assert.ok((await readCheckpointNotes(logDir())).includes(note), 'every checkpoint handed out is published');
    assert.equal(await mdf.checkpoint(), note, 'no new checkpoint while the log did not grow');
  });

  test('entries: a range past the end is AUDIT_BAD_RANGE; bad queries are 400', async () => {
    await assert.rejects(mdf.entries(0, log.size + 1), { code: 'AUDIT_BAD_RANGE' });
    const admf = bed.creds.get('admf')!;
    assert.equal((await rawRequest(admf, service.endpoint, 'GET', '/v1/entries?from=-1')).code, 'AUDIT_BAD_REQUEST');
    assert.equal((await rawRequest(admf, service.endpoint, 'GET', '/v1/nothing')).status, 404);
    assert.equal((await rawRequest(admf, service.endpoint, 'DELETE', '/v1/append')).status, 405);
  });
});

describe('audit service: refusals leave the log untouched', () => {
  test('an event in another role\'s name is 403 AUDIT_ACTOR_MISMATCH, nothing of the request is appended, and an alarm is raised', async () => {
    const size = log.size;
    const body = JSON.stringify({ events: [event('mdf', 10), event('admf', 11)] });
    const reply = await rawRequest(bed.creds.get('mdf')!, service.endpoint, 'POST', '/v1/append', body);
    assert.deepEqual([reply.status, reply.code], [403, 'AUDIT_ACTOR_MISMATCH']);
    assert.equal(log.size, size);
    assert.ok(alarms.some((a) => a.code === 'AUDIT_ACTOR_MISMATCH' && a.peer === 'mdf'));
    // The client refuses such an event itself, so it never fails the others batched with it.
    const [bad, good] = await Promise.allSettled([mdf.append(event('admf', 12)), mdf.append(event('mdf', 13))]);
    assert.equal(bad.status === 'rejected' && (bad.reason as { code: string }).code, 'AUDIT_ACTOR_MISMATCH');
    assert.equal(good.status === 'fulfilled' && good.value.index, size);
  });

  test('a client whose certificate is valid but not allowed is 403 AUDIT_CLIENT_REFUSED, with an alarm', async () => {
    const size = log.size;
    const reply = await rawRequest(bed.creds.get('stranger')!, service.endpoint, 'POST', '/v1/append', JSON.stringify({ events: [event('stranger', 1)] }));
    assert.deepEqual([reply.status, reply.code], [403, 'AUDIT_CLIENT_REFUSED']);
    assert.equal((await rawRequest(bed.creds.get('stranger')!, service.endpoint, 'GET', '/v1/entries')).status, 403);
    const stranger = new RemoteAuditLog({ creds: bed.creds.get('stranger')!, endpoint: service.endpoint, serverIdentity: 'audit' });
    try {
      await assert.rejects(stranger.append(event('stranger', 2)), (e: { code: string; details: { serviceCode: string } }) => e.code === 'AUDIT_UNAVAILABLE' && e.details.serviceCode === 'AUDIT_CLIENT_REFUSED');
    } finally {
      await stranger.close();
    }
    assert.equal(log.size, size);
    assert.ok(alarms.some((a) => a.code === 'AUDIT_CLIENT_REFUSED' && a.peer === 'stranger'));
  });

  test('malformed JSON, a wrong shape and an invalid event are 400 with their code; nothing is appended', async () => {
    const size = log.size;
    const post = (body: string) => rawRequest(bed.creds.get('mdf')!, service.endpoint, 'POST', '/v1/append', body);
    assert.deepEqual(await post('{"events": [').then((r) => [r.status, r.code]), [400, 'AUDIT_BAD_REQUEST']);
    assert.deepEqual(await post('{"events": []}').then((r) => [r.status, r.code]), [400, 'AUDIT_BAD_REQUEST']);
    assert.deepEqual(await post('[]').then((r) => [r.status, r.code]), [400, 'AUDIT_BAD_REQUEST']);
    const tooMany = JSON.stringify({ events: Array.from({ length: 1001 }, (_, i) => event('mdf', i)) });
    assert.deepEqual(await post(tooMany).then((r) => [r.status, r.code]), [400, 'AUDIT_BAD_REQUEST']);
    // A valid first event and an invalid second one: the whole request is refused.
    const invalid = await post(JSON.stringify({ events: [event('mdf', 20), { ...event('mdf', 21), at: '2026-02-30T00:00:00Z' }] }));
    assert.deepEqual([invalid.status, invalid.code], [400, 'AUDIT_BAD_EVENT']);
    assert.match(invalid.body, /events\[1\]/);
    const unknownField = await post(JSON.stringify({ events: [{ ...event('mdf', 22), extra: 1 }] }));
    assert.deepEqual([unknownField.status, unknownField.code], [400, 'AUDIT_BAD_EVENT']);
    assert.equal(log.size, size);
  });

  test('a body over the limit is 413 AUDIT_BODY_TOO_LARGE; nothing is appended', async () => {
    const size = log.size;
    const huge = JSON.stringify({ events: [event('mdf', 30, { pad: 'x'.repeat(2 * 1024 * 1024) })] });
    const reply = await rawRequest(bed.creds.get('mdf')!, service.endpoint, 'POST', '/v1/append', huge);
    assert.deepEqual([reply.status, reply.code], [413, 'AUDIT_BODY_TOO_LARGE']);
    // The client refuses to send an event that can never fit.
    await assert.rejects(mdf.append(event('mdf', 31, { pad: 'x'.repeat(2 * 1024 * 1024) })), { code: 'AUDIT_BODY_TOO_LARGE' });
    assert.equal(log.size, size);
  });

  test('a server with another certificate identity is refused at the handshake; nothing reaches it', async () => {
    const requests = service.stats().requests;
    const wrong = new RemoteAuditLog({ creds: bed.creds.get('mdf')!, endpoint: service.endpoint, serverIdentity: 'someone-else' });
    try {
      await assert.rejects(wrong.append(event('mdf', 40)), { code: 'AUDIT_UNAVAILABLE' });
      await assert.rejects(wrong.ping(), { code: 'AUDIT_UNAVAILABLE' });
    } finally {
      await wrong.close();
    }
    assert.equal(service.stats().requests, requests);
  });
});

describe('audit service: group commit across the wire', () => {
  test('1000 concurrent appends go out in a handful of requests and all resolve with distinct, consecutive indexes', async () => {
    const before = service.stats();
    const start = log.size;
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => mdf.append(event('mdf', i))));
    const after = service.stats();
    const indexes = results.map((r) => r.index);
    assert.equal(new Set(indexes).size, 1000);
    assert.deepEqual(indexes, Array.from({ length: 1000 }, (_, i) => start + i), 'indexes follow call order');
    assert.ok(after.appendRequests - before.appendRequests <= 5, `${after.appendRequests - before.appendRequests} requests for 1000 appends`);
    assert.equal(after.eventsAppended - before.eventsAppended, 1000);
    // Reading back more than one page (1000 entries) pages transparently.
    const all = await mdf.entries(start - 3);
    assert.equal(all.length, 1003);
    assert.deepEqual(all.slice(3).map((e) => (e.event.details as { n: number }).n), Array.from({ length: 1000 }, (_, i) => i));
  });
});
