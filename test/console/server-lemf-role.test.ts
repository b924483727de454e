/**
 * The console as the lemf role starts it from a deployment `warranted init` wrote (real keys and
 * certificates): the console answers on its configured address with the LEMF's certificate, the
 * first supervisor `admin` logs in with the password init wrote (0600), a supervisor creates an
 * analyst assigned a LIID, and the access log under the LEMF's directory verifies with
 * `warranted audit verify` and the public key init wrote beside the log key.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initDeployment } from '../../src/cli/init/init.ts';
import { loadDeployment } from '../../src/platform/config/load.ts';
import type { Deployment } from '../../src/platform/config/types.ts';
import { createLogger } from '../../src/platform/log.ts';
import { MetricsRegistry } from '../../src/platform/metrics.ts';
import type { RunningRole } from '../../src/roles/context.ts';
import { startLemfRole } from '../../src/roles/lemf.ts';
import { as, call, errorCode, login, type Harness } from './server-helpers.ts';

let dir: string;
let d: Deployment;
let role: RunningRole;
let h: Harness;
const alarms: string[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'console-role-'));
  d = loadDeployment(await initDeployment({ dir, subscribers: 10 }));
  const lemfId = d.agencies[0]!.lemf.id;
  role = await startLemfRole({
    deployment: d,
    role: 'lemf',
    id: lemfId,
    log: createLogger({ role: 'lemf', id: lemfId, stream: { write: () => true } }),
    metrics: new MetricsRegistry(),
    alarm: (code) => alarms.push(code),
  });
  const url = ((await role.routes!['GET /summary']!(undefined)) as { console: string }).console;
  // The helpers need only the URL and the CA.
  h = { server: { url }, caPem: readFileSync(d.ca, 'utf8') } as unknown as Harness;
});
after(async () => {
  await role.stop('test over');
  rmSync(dir, { recursive: true, force: true });
});

test('the console listens where the deployment says, with the LEMF certificate from the deployment CA', () => {
  const c = d.agencies[0]!.lemf.console!;
  assert.equal(new URL(h.server.url).port, String(c.listen.port));
  assert.equal(statSync(c.logKey).mode & 0o777, 0o600);
  assert.equal(statSync(c.adminPassword!).mode & 0o777, 0o600);
});

test('admin logs in with the password init wrote, adds an analyst; the analyst sees only the assigned LIID', async () => {
  const password = readFileSync(d.agencies[0]!.lemf.console!.adminPassword!, 'utf8').trim();
  assert.equal(errorCode(await call(h, '/api/login', { body: { name: 'admin', password: `${password}x` } })), 'CONSOLE_UNAUTHENTICATED');
  const admin = await login(h, 'admin', password);
  assert.equal((await as(h, admin, '/api/users', { body: { name: 'analyst1', role: 'analyst', password: 'a long random password', liids: ['LIID-1'] } })).status, 201);
  const ana = await login(h, 'analyst1', 'a long random password');
  const list = await as(h, ana, '/api/warrants');
  assert.equal(list.status, 200);
  assert.deepEqual((list.json as { liid: string; status: string }[]).map((w) => [w.liid, w.status]), [['LIID-1', 'unknown']]);
  assert.equal((await as(h, ana, '/api/warrants/LIID-2')).status, 403);
  // The data routes are mounted over the query store (consoleApiRoutes): an empty timeline, on the record.
  const timeline = await as(h, ana, '/api/warrants/LIID-1/timeline');
  assert.equal(timeline.status, 200, timeline.text);
  assert.deepEqual((timeline.json as { records: unknown[] }).records, []);
});

test('the UI bundle is served at / under the CSP: one hashed module script, no inline script', async () => {
  const page = await call(h, '/');
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-type']), /^text\/html/);
  const script = /<script type="module" src="(\/assets\/[^"]+\.js)"><\/script>/.exec(page.text)?.[1];
  assert.ok(script, page.text);
  assert.doesNotMatch(page.text, /<script>|<script type="module">/);
  const js = await call(h, script);
  assert.equal(js.status, 200);
  assert.match(String(js.headers['content-type']), /javascript/);
  assert.match(String(js.headers['cache-control']), /immutable/);
  // A client-side route gets the page; an asset that does not exist does not.
  assert.equal((await call(h, '/warrants/LIID-1')).text, page.text);
  assert.equal((await call(h, '/assets/nothing-here.js')).status, 404);
});

test("the LEMF's access log verifies with `warranted audit verify` and the public key beside the log key", async () => {
  const l = d.agencies[0]!.lemf;
  await role.stop('flush checkpoints');
  const r = spawnSync(process.execPath, ['bin/warranted.mjs', 'audit', 'verify', '--dir', join(l.dir, '_access-log'), '--key', l.console!.logKey.replace('.key.pem', '.pub.pem')], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /entries: [1-9]/);
  assert.match(r.stdout, /VERIFIED/);
  // Started again (after() stops it once more; a second stop is harmless).
  role = await startLemfRole({ deployment: d, role: 'lemf', id: l.id, log: createLogger({ role: 'lemf', id: l.id, stream: { write: () => true } }), metrics: new MetricsRegistry(), alarm: (code) => alarms.push(code) });
  const admin = await login(h, 'admin', readFileSync(l.console!.adminPassword!, 'utf8').trim());
  const users = ((await as(h, admin, '/api/users')).json as { users: { name: string }[] }).users;
  // The LEMF's start sweeps its data directory (shredded LIID directories go): the console's state is not touched.
  assert.deepEqual(users.map((u) => u.name).sort(), ['admin', 'analyst1'], 'users survive a restart');
  assert.ok(!((await as(h, admin, '/api/warrants')).json as { liid: string }[]).some((w) => w.liid.includes('access') || w.liid.includes('console')));
});
