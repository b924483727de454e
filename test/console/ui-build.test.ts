/**
 * The console UI bundle (src/console/ui/build.ts): esbuild builds it in memory; index.html loads
 * only hashed files of the bundle, has no inline script, style or event handler (the server's CSP
 * forbids them); the CSS's url()s are files of the bundle; and the console server serves it at `/`
 * with its CSP, client-side routes getting the index page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConsoleUi } from '../../src/console/ui/build.ts';
import { call, startHarness } from './server-helpers.ts';

const HASHED = /^\/assets\/[A-Za-z0-9_-]+-[A-Z0-9]{8}\.[a-z0-9.]+$/;

test('the bundle builds; index.html loads only hashed bundle files and has no inline script', async () => {
  const { files } = await buildConsoleUi();
  const index = files.get('/index.html');
  assert.ok(index, 'index.html is in the bundle');
  assert.match(index.contentType, /^text\/html/);
  const html = Buffer.from(index.bytes).toString('utf8');
  const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  const local = refs.filter((r) => !r.startsWith('data:'));
  assert.ok(local.some((r) => r.endsWith('.js')) && local.some((r) => r.endsWith('.css')), `a script and a stylesheet: ${refs.join(' ')}`);
  for (const r of local) {
    assert.match(r, HASHED, `${r} is a content-hashed asset`);
    assert.ok(files.has(r), `${r} is served from the bundle`);
  }
  // No inline script or style, no event-handler attribute, no javascript: URL.
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    assert.match(m[1]!, /\bsrc="/, 'every script has a src');
    assert.equal(m[2]!.trim(), '', 'no inline script body');
  }
  assert.doesNotMatch(html, /<style\b|\son[a-z]+=|javascript:/i);
  // The CSS (the app's and Leaflet's) names only images of the bundle or data: URLs.
  const css = [...files].filter(([p]) => p.endsWith('.css'));
  assert.equal(css.length, 1);
  const cssText = Buffer.from(css[0]![1].bytes).toString('utf8');
  assert.match(cssText, /\.leaflet-container/, "Leaflet's CSS is in the bundle");
  for (const m of cssText.matchAll(/url\(([^)]+)\)/g)) {
    const u = m[1]!.replace(/^["']|["']$/g, '');
    // Leaflet's `behavior: url(#default#VML)` is an old-IE fragment, never fetched.
    if (u.startsWith('data:') || u.startsWith('#')) continue;
    assert.ok(files.has(u), `${u} (from the CSS) is in the bundle`);
    assert.match(files.get(u)!.contentType, /^image\//);
  }
  // Same sources, same names: the names follow the content.
  const again = await buildConsoleUi();
  assert.deepEqual([...again.files.keys()].sort(), [...files.keys()].sort());
});

test('the console server serves the bundle at / with its CSP; app paths get the index page', async () => {
  const h = await startHarness();
  try {
    const root = await call(h, '/');
    assert.equal(root.status, 200);
    assert.match(String(root.headers['content-security-policy']), /default-src 'self'/);
    assert.match(String(root.headers['content-security-policy']), /script-src 'self'(;|$)/);
    const script = /<script type="module" src="([^"]+)"/.exec(root.text)?.[1];
    assert.ok(script, root.text);
    const js = await call(h, script);
    assert.equal(js.status, 200);
    assert.match(String(js.headers['content-type']), /^text\/javascript/);
    assert.ok(js.text.length > 10_000, 'the bundle has React and the app in it');
    const deep = await call(h, '/warrants/LIID-1/timeline');
    assert.equal(deep.status, 200);
    assert.equal(deep.text, root.text, 'a client-side route answers with index.html');
    assert.equal((await call(h, '/assets/nope-AAAAAAAA.js')).status, 404);
  } finally {
    await h.close();
  }
});
