/**
 * `GET /api/config` (docs/console.md "The server"): any logged-in user gets `{"tileUrl": string | null}`
 * — the map's tile URL template from `console.tileUrl`, or null when no tile server is configured —
 * and the tile server's origin, and only it, is added to the CSP's img-src. Without a session: 401.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tileOrigin } from '../../src/console/server/server.ts';
import { as, call, errorCode, login, startHarness, type Harness } from './server-helpers.ts';

const TILES = 'https://{s}.tiles.example.org/{z}/{x}/{y}.png';
let withTiles: Harness;
let without: Harness;

before(async () => {
  withTiles = await startHarness([], undefined, { tileUrl: TILES });
  without = await startHarness();
  for (const h of [withTiles, without]) {
    await h.users.add('ana', 'analyst', 'correct horse battery', []);
    await h.users.add('aud', 'auditor', 'correct horse battery', []);
  }
});
after(async () => {
  await withTiles.close();
  await without.close();
});

test('GET /api/config answers the configured tile URL to every logged-in role, and null without one', async () => {
  for (const name of ['ana', 'aud']) {
    const a = await as(withTiles, await login(withTiles, name), '/api/config');
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json, { tileUrl: TILES });
    const b = await as(without, await login(without, name), '/api/config');
    assert.equal(b.status, 200, b.text);
    assert.deepEqual(b.json, { tileUrl: null });
  }
});

test('GET /api/config needs a session; the CSP allows the tile origin only when configured', async () => {
  const anon = await call(withTiles, '/api/config');
  assert.equal(anon.status, 401);
  assert.equal(errorCode(anon), 'CONSOLE_UNAUTHENTICATED');
  assert.doesNotMatch(anon.text, /tiles\.example/);
  assert.match(String(anon.headers['content-security-policy']), /img-src 'self' data: blob: https:\/\/\*\.tiles\.example\.org;/);
  assert.match(String((await call(without, '/api/config')).headers['content-security-policy']), /img-src 'self' data: blob:;/);
});

test('the CSP source of a tile template: its origin, a leading {s}. as the CSP wildcard, nothing wider', () => {
  assert.equal(tileOrigin('https://tiles.example.org:8443/{z}/{x}/{y}.png'), 'https://tiles.example.org:8443');
  assert.equal(tileOrigin('https://{s}.tile.example.org/{z}/{x}/{y}.png'), 'https://*.tile.example.org');
});
