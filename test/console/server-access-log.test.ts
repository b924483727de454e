/**
 * Every look is on the record: each access a data handler reports is appended to the LEMF's access
 * log (user, LIID, what, record ids) before the answer leaves; `warranted audit verify` (the real
 * CLI, as a child process) verifies the log, and fails once one entry is altered; when the log
 * cannot append, the content is refused (503) and an alarm raised.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiRoute } from '../../src/console/api/contract.ts';
import { ConsoleAccessLog, namedRecords } from '../../src/console/access-log/access-log.ts';
import { as, errorCode, login, PASSWORD, startHarness, type Harness, type LoggedIn } from './server-helpers.ts';

const many = Array.from({ length: 150 }, (_, i) => i);
const routes: ApiRoute[] = [
  { method: 'GET', path: '/api/warrants/:liid/sms', scope: 'liid', handler: (r) => Promise.resolve({ status: 200, json: { secret: 'meet at 9' }, access: [{ liid: r.params.liid!, what: 'sms threads', records: [4, 5] }] }) },
  { method: 'GET', path: '/api/warrants/:liid/timeline', scope: 'liid', handler: (r) => Promise.resolve({ status: 200, json: { records: many }, access: [{ liid: r.params.liid!, what: 'timeline', records: many }] }) },
];

let h: Harness;
let ana: LoggedIn;
before(async () => {
  h = await startHarness(routes);
  await h.users.add('ana', 'analyst', PASSWORD, ['LIID-A']);
  ana = await login(h, 'ana');
});
after(() => h.close());

const cli = (args: string[]) => spawnSync(process.execPath, ['bin/warranted.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });

test('each access is appended naming user, LIID, what and the record ids (a digest beyond 100)', async () => {
  const before = h.accessLog.size;
  assert.equal((await as(h, ana, '/api/warrants/LIID-A/sms')).status, 200);
  assert.equal((await as(h, ana, '/api/warrants/LIID-A/timeline')).status, 200);
  const [sms, timeline] = (await h.accessLog.entries(before, h.accessLog.size)).map((e) => e.event);
  assert.equal(sms?.type, 'console.access');
  assert.equal(sms?.subject, 'LIID-A');
  assert.deepEqual(sms?.details, { user: 'ana', role: 'analyst', liid: 'LIID-A', what: 'sms threads', records: [4, 5] });
  assert.equal(timeline?.details.recordCount, 150);
  assert.equal(timeline?.details.recordsSha256, namedRecords(many).recordsSha256);
  assert.equal(timeline?.details.records, undefined);
});

test('`warranted audit verify` passes on the access log and fails after one entry is altered', async () => {
  await as(h, ana, '/api/warrants/LIID-A/sms');
  await h.accessLog.checkpoint();
  const pub = join(h.dir, 'access-log.pub.pem');
  writeFileSync(pub, ConsoleAccessLog.publicKeyPem(h.logKeyPem));
  const ok = cli(['audit', 'verify', '--dir', h.accessLog.directory, '--key', pub]);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /VERIFIED/);
  assert.match(ok.stdout, /law: 0 violation/);

  const copy = join(h.dir, 'tampered');
  cpSync(h.accessLog.directory, copy, { recursive: true });
  const file = join(copy, 'entries.jsonl');
  // Change what one access says it showed (the leaf is base64 of the event's canonical JSON).
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const at = lines.findIndex((l) => Buffer.from((JSON.parse(l) as { leaf: string }).leaf, 'base64').toString('utf8').includes('sms threads'));
  assert.ok(at >= 0);
  const entry = JSON.parse(lines[at]!) as { index: number; leaf: string; prev: string };
  const altered = Buffer.from(Buffer.from(entry.leaf, 'base64').toString('utf8').replace('sms threads', 'sms threadz'), 'utf8').toString('base64');
  lines[at] = `{"index":${entry.index},"leaf":"${altered}","prev":"${entry.prev}"}`;
  writeFileSync(file, `${lines.join('\n')}\n`);
  const bad = cli(['audit', 'verify', '--dir', copy, '--key', pub]);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stdout + bad.stderr, /NOT VERIFIED|AUDIT_/);
});

test('when the access log cannot append, the content is refused with 503 and an alarm', async () => {
  h.accessLog.failAppends = true;
  try {
    const a = await as(h, ana, '/api/warrants/LIID-A/sms');
    assert.equal(a.status, 503);
    assert.equal(errorCode(a), 'CONSOLE_ACCESS_LOG_UNAVAILABLE');
    assert.ok(!a.text.includes('meet at 9'), 'content withheld');
    assert.ok(h.alarms.includes('CONSOLE_ACCESS_LOG_UNAVAILABLE'));
    // A login cannot happen off the record either.
    assert.equal((await as(h, ana, '/api/login', { body: { name: 'ana', password: PASSWORD } })).status, 503);
  } finally {
    h.accessLog.failAppends = false;
  }
  assert.equal((await as(h, ana, '/api/warrants/LIID-A/sms')).status, 200);
});
