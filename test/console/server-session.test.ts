/**
 * Console sessions over real HTTPS: login ok / wrong password / lock-out / unlock, the cookie's
 * flags, CSRF token and Origin on every non-GET, security headers.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { as, call, errorCode, login, PASSWORD, startHarness, type Harness } from './server-helpers.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
  await h.users.add('sup', 'supervisor', PASSWORD);
  await h.users.add('ana', 'analyst', PASSWORD, ['LIID-1']);
  await h.users.add('victim', 'analyst', PASSWORD);
});
after(() => h.close());

test('login sets an HttpOnly, Secure, SameSite=Strict session cookie and /api/me answers with the CSRF token', async () => {
  const a = await call(h, '/api/login', { body: { name: 'ana', password: PASSWORD } });
  assert.equal(a.status, 200);
  assert.deepEqual((a.json as { user: unknown }).user, { name: 'ana', role: 'analyst' });
  const cookie = ([] as string[]).concat(a.headers['set-cookie'] ?? [])[0]!;
  assert.match(cookie, /^warranted_session=[A-Za-z0-9_-]{43};/);
  for (const flag of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/']) assert.ok(cookie.split('; ').includes(flag), `${flag} in ${cookie}`);
  const me = await call(h, '/api/me', { cookie: cookie.split(';')[0]! });
  assert.equal(me.status, 200);
  assert.equal((me.json as { csrf: string }).csrf, (a.json as { csrf: string }).csrf);
});

test('security headers: CSP without inline script, no framing, nosniff, HSTS', async () => {
  const a = await call(h, '/');
  assert.equal(a.status, 200);
  const csp = String(a.headers['content-security-policy']);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(a.headers['x-content-type-options'], 'nosniff');
  assert.match(String(a.headers['strict-transport-security']), /max-age=\d+/);
  assert.equal((await call(h, '/api/me')).status, 401);
});

test('a wrong password is 401 and says nothing of whether the name exists', async () => {
  const known = await call(h, '/api/login', { body: { name: 'ana', password: 'wrong password!!' } });
  const unknown = await call(h, '/api/login', { body: { name: 'nobody', password: 'wrong password!!' } });
  assert.equal(known.status, 401);
  assert.equal(unknown.status, 401);
  assert.deepEqual(known.json, unknown.json);
});

test('five failed logins lock the account (even the right password is refused) until a supervisor unlocks it', async () => {
  for (let i = 0; i < 5; i++) assert.equal((await call(h, '/api/login', { body: { name: 'victim', password: `guess number ${i}` } })).status, 401);
  const locked = await call(h, '/api/login', { body: { name: 'victim', password: PASSWORD } });
  assert.equal(locked.status, 423);
  assert.equal(errorCode(locked), 'CONSOLE_LOCKED');
  const sup = await login(h, 'sup');
  const ana = await login(h, 'ana');
  assert.equal((await as(h, ana, '/api/users/victim/unlock', { method: 'POST' })).status, 403, 'an analyst may not unlock');
  assert.equal((await as(h, sup, '/api/users/victim/unlock', { method: 'POST' })).status, 200);
  await login(h, 'victim');
  const types = (await h.accessLog.entries(0, h.accessLog.size)).map((e) => e.event.type);
  for (const t of ['console.login-failed', 'console.locked', 'console.login-refused', 'console.unlocked', 'console.login']) assert.ok(types.includes(t), `${t} logged`);
});

test('every non-GET needs the session CSRF token and a same-origin Origin', async () => {
  const sup = await login(h, 'sup');
  const body = { name: 'newbie', role: 'analyst', password: PASSWORD };
  const noToken = await call(h, '/api/users', { cookie: sup.cookie, body });
  const wrongToken = await as(h, sup, '/api/users', { body, csrf: 'x'.repeat(43) });
  const crossSite = await as(h, sup, '/api/users', { body, origin: 'https://evil.example' });
  const noOrigin = await as(h, sup, '/api/users', { body, origin: null });
  for (const a of [noToken, wrongToken, crossSite, noOrigin]) {
    assert.equal(a.status, 403);
    assert.equal(errorCode(a), 'CONSOLE_FORBIDDEN');
  }
  assert.equal(h.users.get('newbie'), undefined, 'nothing created by a refused request');
  assert.equal((await as(h, sup, '/api/users', { body })).status, 201);
  assert.equal(h.users.get('newbie')?.role, 'analyst');
});

test('logout ends the session', async () => {
  const s = await login(h, 'ana');
  assert.equal((await as(h, s, '/api/logout', { method: 'POST' })).status, 200);
  assert.equal((await as(h, s, '/api/me')).status, 401);
});
