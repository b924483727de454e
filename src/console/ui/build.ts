/**
 * The console's web UI, bundled in memory when the console server starts (issue 10: "built by the
 * README's existing commands — no third set-up step"): esbuild bundles app/main.tsx with its CSS,
 * Leaflet's CSS and the images that CSS names, every file under a content-hashed name in /assets/,
 * and an index.html that loads them with no inline script or style, so the server's CSP
 * (`default-src 'self'`, src/console/server/http.ts) holds without exceptions.
 */
import { fileURLToPath } from 'node:url';
import { basename, extname, join, relative, sep } from 'node:path';
import { build } from 'esbuild';

export type UiFile = { bytes: Uint8Array; contentType: string };

const APP_DIR = fileURLToPath(new URL('./app/', import.meta.url));
/** A directory name for esbuild's output paths only: nothing is written (`write: false`). */
const OUT_DIR = join(APP_DIR, '..', '.bundle', 'assets');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path)] ?? 'application/octet-stream';
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The page: one stylesheet, one module script, both hashed; no inline script (CSP script-src 'self'). */
export function indexHtml(script: string, stylesheet: string | undefined): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<title>warranted console</title>',
    '<link rel="icon" href="data:,">',
    ...(stylesheet ? [`<link rel="stylesheet" href="${escapeAttr(stylesheet)}">`] : []),
    `<script type="module" src="${escapeAttr(script)}"></script>`,
    '</head>',
    '<body>',
    '<div id="root"></div>',
    '<noscript>The warranted console needs JavaScript.</noscript>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export async function buildConsoleUi(): Promise<{ files: Map<string, UiFile> }> {
  const result = await build({
    entryPoints: [join(APP_DIR, 'main.tsx')],
    absWorkingDir: APP_DIR,
    bundle: true,
    write: false,
    outdir: OUT_DIR,
    publicPath: '/assets/',
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    format: 'esm',
    platform: 'browser',
    target: ['chrome115', 'firefox115', 'safari16'],
    jsx: 'automatic',
    minify: true,
    legalComments: 'linked',
    sourcemap: false,
    loader: { '.png': 'file', '.svg': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const files = new Map<string, UiFile>();
  let script: string | undefined;
  let stylesheet: string | undefined;
  for (const out of result.outputFiles) {
    const rel = relative(OUT_DIR, out.path).split(sep).join('/');
    const path = `/assets/${rel}`;
    files.set(path, { bytes: out.contents, contentType: contentTypeOf(path) });
    const name = basename(rel);
    if (name.startsWith('main-') && name.endsWith('.js')) script = path;
    if (name.startsWith('main-') && name.endsWith('.css')) stylesheet = path;
  }
  if (!script) throw new Error('console UI bundle has no entry script');
  const html = Buffer.from(indexHtml(script, stylesheet), 'utf8');
  files.set('/index.html', { bytes: html, contentType: contentTypeOf('/index.html') });
  return { files };
}

