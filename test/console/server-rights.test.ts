/**
 * Rights over real HTTPS: an analyst not assigned a warrant gets 403 on every route of its LIID —
 * the same 403 for a LIID that does not exist; auditors see the access log but no intercepted
 * material; supervisors manage users; retention ended → 410; malformed ids, injection strings and
 * oversized bodies or queries → a clear 4xx that echoes nothing back.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleApiRoutes, type ConsoleQueryStore } from '../../src/console/api/index.ts';
import type { ApiRoute } from '../../src/console/api/contract.ts';
import { as, call, errorCode, login, PASSWORD, startHarness, type Harness, type LoggedIn } from './server-helpers.ts';

/** A data route the way H5's handlers answer: JSON plus the access it amounts to. */
const probe: ApiRoute = {
  method: 'GET',
  path: '/api/warrants/:liid/probe',
  scope: 'liid',
  handler: (req) => Promise.resolve({ status: 200, json: { liid: req.params.liid, user: req.user.name }, access: [{ liid: req.params.liid!, what: 'probe', records: [1, 2, 3] }] }),
};
// The lead's route list; the handlers are never reached in this file (every call here is refused first).
const dataRoutes = consoleApiRoutes({} as ConsoleQueryStore);

let h: Harness;
let ana: LoggedIn;
let aud: LoggedIn;
let sup: LoggedIn;
before(async () => {
  h = await startHarness([...dataRoutes, probe]);
  await h.users.add('sup', 'supervisor', PASSWORD, ['LIID-A']);
  await h.users.add('ana', 'analyst', PASSWORD, ['LIID-A', 'LIID-OLD']);
  await h.users.add('aud', 'auditor', PASSWORD, ['LIID-A']);
  h.lemf.setRetention('LIID-OLD', new Date(Date.now() - 1000));
  [ana, aud, sup] = [await login(h, 'ana'), await login(h, 'aud'), await login(h, 'sup')];
});
after(() => h.close());

const liidPaths = (liid: string) =>
  [...dataRoutes, probe, { method: 'GET', path: '/api/warrants/:liid' } as ApiRoute]
    .filter((r) => r.path.includes(':liid'))
    .map((r) => ({ method: r.method, path: r.path.replace(':liid', liid).replace(':cin', '1').replace(':id', '1') }));

test('an analyst not assigned a warrant gets 403 on every route of its LIID, and the same 403 for a LIID that does not exist', async () => {
  const paths = [...liidPaths('LIID-B'), ...liidPaths('NO-SUCH-LIID')];
  assert.ok(paths.length >= 20, `${paths.length} routes`);
  const bodies = new Set<string>();
  for (const p of paths) {
    const a = await as(h, ana, p.path, p.method === 'POST' ? { body: {} } : {});
    assert.equal(a.status, 403, `${p.method} ${p.path}`);
    bodies.add(a.text);
  }
  // Supervisor-only routes refuse on role first; the others all answer the one assignment refusal.
  assert.ok(bodies.size <= 2, [...bodies].join('\n'));
  assert.equal((await as(h, ana, '/api/warrants/LIID-A/probe')).status, 200);
});

test('an auditor reads the access log but no intercepted material; an analyst may not read the log or manage users', async () => {
  assert.equal((await as(h, aud, '/api/warrants/LIID-A/probe')).status, 403);
  assert.equal((await as(h, aud, '/api/warrants/LIID-A/timeline')).status, 403);
  const log = await as(h, aud, '/api/access-log?limit=1000');
  assert.equal(log.status, 200);
  assert.ok((log.json as { entries: unknown[] }).entries.length > 0);
  assert.equal((await as(h, ana, '/api/access-log')).status, 403);
  assert.equal((await as(h, ana, '/api/users')).status, 403);
  assert.equal((await as(h, ana, '/api/users', { body: { name: 'x1', role: 'supervisor', password: PASSWORD } })).status, 403);
  assert.equal((await as(h, sup, '/api/users')).status, 200);
});

test('assignment changes by a supervisor apply at once and are logged', async () => {
  assert.equal((await as(h, ana, '/api/warrants/LIID-C/probe')).status, 403);
  assert.equal((await as(h, sup, '/api/users/ana/assignments', { body: { liids: ['LIID-A', 'LIID-C', 'LIID-OLD'] } })).status, 200);
  assert.equal((await as(h, ana, '/api/warrants/LIID-C/probe')).status, 200);
  const last = (await h.accessLog.entries(0, h.accessLog.size)).filter((e) => e.event.type === 'console.assignment-changed').at(-1);
  assert.deepEqual(last?.event.details.after, ['LIID-A', 'LIID-C', 'LIID-OLD']);
  assert.equal(last?.event.actor, 'console:sup');
});

test("once a warrant's retention has ended its routes answer 410", async () => {
  for (const p of liidPaths('LIID-OLD').filter((x) => x.method === 'GET')) {
    const a = await as(h, ana, p.path);
    assert.equal(a.status, 410, p.path);
    assert.equal(errorCode(a), 'CONSOLE_RETENTION_ENDED');
  }
  const list = (await as(h, ana, '/api/warrants')).json as { liid: string; destroyed: boolean }[];
  assert.equal(list.find((w) => w.liid === 'LIID-OLD')?.destroyed, true);
});

test('malformed ids, injection strings and oversized input get a clear 4xx and nothing is echoed', async () => {
  const evil = ["1' OR '1'='1", '<script>alert(1)</script>', '../../etc/passwd', 'A'.repeat(300), '%00', "'; DROP TABLE records; --"];
  for (const s of evil) {
    const a = await as(h, ana, `/api/warrants/${encodeURIComponent(s)}/probe`);
    assert.ok(a.status === 400 || a.status === 404, `${s}: ${a.status}`);
    assert.ok(!a.text.includes('<script>') && !a.text.includes('DROP TABLE') && !a.text.includes('passwd'), a.text);
    assert.ok(!/at .*\.ts:\d+/.test(a.text), 'no stack');
  }
  for (const name of ['<b>x</b>', "a' OR 1=1", '']) {
    const a = await as(h, sup, '/api/users', { body: { name, role: 'analyst', password: PASSWORD } });
    assert.equal(a.status, 400);
    assert.equal(errorCode(a), 'CONSOLE_BAD_REQUEST');
  }
  const big = await as(h, sup, '/api/users', { raw: Buffer.alloc(200_000, 0x20) });
  assert.equal(big.status, 413);
  assert.equal(errorCode(big), 'CONSOLE_TOO_LARGE');
  const notJson = await as(h, sup, '/api/users', { raw: Buffer.from('{"name":') });
  assert.equal(notJson.status, 400);
  const longUrl = await as(h, ana, `/api/warrants/LIID-A/probe?q=${'x'.repeat(5000)}`);
  assert.equal(longUrl.status, 400);
  assert.equal((await as(h, sup, '/api/access-log?limit=99999')).status, 400);
  assert.equal((await as(h, sup, '/api/access-log?from=-1')).status, 400);
  assert.equal((await call(h, '/api/login', { body: { name: 'ana', password: 7 } })).status, 400);
  assert.equal((await as(h, ana, '/api/nothing-here')).status, 404);
});
