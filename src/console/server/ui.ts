/**
 * The UI served at `/`: the bundle src/console/ui/build.ts makes (`buildConsoleUi()`), or, while
 * that module does not exist, a minimal page saying so (no inline script: the CSP forbids it).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type UiFiles = Map<string, { bytes: Uint8Array; contentType: string }>;

const BUILD_MODULE = new URL('../ui/build.ts', import.meta.url);

export function minimalUi(): UiFiles {
  const html = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>warranted console</title></head><body><h1>warranted console</h1><p>The console UI is not built into this release; the API is under <code>/api/</code> (docs/console.md).</p></body></html>\n';
  return new Map([['/index.html', { bytes: Buffer.from(html, 'utf8'), contentType: 'text/html; charset=utf-8' }], ['/', { bytes: Buffer.from(html, 'utf8'), contentType: 'text/html; charset=utf-8' }]]);
}

export async function loadUi(): Promise<UiFiles> {
  if (!existsSync(fileURLToPath(BUILD_MODULE))) return minimalUi();
  const m = (await import(BUILD_MODULE.href)) as { buildConsoleUi?: () => Promise<{ files: UiFiles }> };
  if (typeof m.buildConsoleUi !== 'function') return minimalUi();
  const { files } = await m.buildConsoleUi();
  const index = files.get('/index.html');
  if (index && !files.has('/')) files.set('/', index);
  return files;
}
