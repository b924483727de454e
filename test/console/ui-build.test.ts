/**
 * The console UI bundle (src/console/ui/build.ts): esbuild builds it in memory; index.html loads
 * only hashed files of the bundle, has no inline script, style or event handler (the server's CSP
 * forbids them); the CSS's url()s are files of the bundle; and the console server's loader
 * (src/console/server/ui.ts) serves it at `/` (ui-console.test.ts checks the CSP and app paths).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConsoleUi } from '../../src/console/ui/build.ts';
import { loadUi } from '../../src/console/server/ui.ts';

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

test("the console server's loader serves this bundle at / (not its minimal page)", async () => {
  const files = await loadUi();
  const root = files.get('/');
  assert.ok(root);
  const html = Buffer.from(root.bytes).toString('utf8');
  const script = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
  assert.ok(script, html);
  assert.match(files.get(script)!.contentType, /^text\/javascript/);
  assert.ok(files.get(script)!.bytes.length > 10_000, 'the bundle has React and the app in it');
});
