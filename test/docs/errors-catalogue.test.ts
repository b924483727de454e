/**
 * Keeps the errors catalogue and the code in sync (the fastify practice): every module under src/
 * that exports `ERROR_CODES` is imported, and every code it lists must appear in a
 * `| code | standard code | meaning |` table of some docs/errors/*.md file, with the same standard
 * code; no code may be defined twice with different meanings; docs/errors.md links every area file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '../..');
const errorsDir = join(root, 'docs', 'errors');

interface ErrorCodeEntry {
  code: string;
  standardCode?: number | string;
  meaning: string;
}

/** Every non-test .ts file under src/ whose text declares `export const ERROR_CODES`. */
function modulesExportingErrorCodes(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') && /export const ERROR_CODES\b/.test(readFileSync(p, 'utf8'))) found.push(p);
    }
  };
  walk(join(root, 'src'));
  return found.sort();
}

interface DocRow {
  file: string;
  standardCode: string;
  meaning: string;
}

/** Rows of every `| code | standard code | meaning |` table in docs/errors/*.md, by code. */
function documentedCodes(): Map<string, DocRow[]> {
  const rows = new Map<string, DocRow[]>();
  for (const name of readdirSync(errorsDir).filter((f) => f.endsWith('.md'))) {
    const lines = readFileSync(join(errorsDir, name), 'utf8').split('\n');
    let inTable = false;
    for (const line of lines) {
      const cells = line.trim().startsWith('|') ? line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim()) : undefined;
      if (!cells) {
        inTable = false;
        continue;
      }
      if (cells[0]?.toLowerCase() === 'code' && cells[1]?.toLowerCase() === 'standard code') {
        inTable = true;
        continue;
      }
      if (!inTable || /^:?-+:?$/.test(cells[0] ?? '')) continue;
      const code = (cells[0] ?? '').replace(/`/g, '');
      const list = rows.get(code) ?? [];
      // an empty cell, or a dash / "n/a" / "none", means the standard defines no code
      const standardCode = (cells[1] ?? '').replace(/`/g, '').replace(/^(—|–|-|n\/a|none)$/i, '');
      list.push({ file: name, standardCode, meaning: cells.slice(2).join('|') });
      rows.set(code, list);
    }
  }
  return rows;
}

const modules = modulesExportingErrorCodes();
const loaded: { module: string; codes: readonly ErrorCodeEntry[] }[] = [];

test('modules exporting ERROR_CODES are found and each lists its codes', async () => {
  // the areas the brief names must be among them
  for (const expected of ['src/standards/x2x3/errors.ts', 'src/standards/x1/errors.ts', 'src/platform/pki.ts', 'src/wires/https-xml.ts', 'src/cli/inspect/errors.ts']) {
    assert.ok(modules.some((m) => relative(root, m) === expected), `${expected} not found`);
  }
  for (const m of modules) {
    const mod = (await import(pathToFileURL(m).href)) as { ERROR_CODES?: readonly ErrorCodeEntry[] };
    const codes = mod.ERROR_CODES;
    assert.ok(codes !== undefined && codes.length > 0, `${relative(root, m)}: ERROR_CODES is empty or not exported`);
    for (const e of codes) {
      assert.match(e.code, /^[A-Z][A-Z0-9_]*$/, `${relative(root, m)}: code ${e.code} is not UPPER_SNAKE`);
      assert.ok(e.meaning.trim().length > 0, `${relative(root, m)}: ${e.code} has no meaning`);
    }
    loaded.push({ module: relative(root, m), codes });
  }
  assert.equal(loaded.length, modules.length);
});

test('no code is defined twice with different meanings', () => {
  const seen = new Map<string, { module: string; entry: ErrorCodeEntry }>();
  const clashes: string[] = [];
  for (const { module, codes } of loaded) {
    for (const entry of codes) {
      const before = seen.get(entry.code);
      if (!before) seen.set(entry.code, { module, entry });
      else if (before.entry.meaning !== entry.meaning || before.entry.standardCode !== entry.standardCode) {
        clashes.push(`${entry.code}: ${before.module} and ${module} (${before.module === module ? 'listed twice' : 'two modules'})`);
      }
    }
  }
  assert.deepEqual(clashes, []);
});

test('every code appears in a docs/errors/*.md table, with its standard code', () => {
  const docs = documentedCodes();
  const missing: string[] = [];
  const wrongStandardCode: string[] = [];
  for (const { module, codes } of loaded) {
    for (const e of codes) {
      const rows = docs.get(e.code);
      if (!rows) {
        missing.push(`${e.code} (${module})`);
        continue;
      }
      const want = e.standardCode === undefined ? '' : String(e.standardCode);
      if (!rows.some((r) => r.standardCode === want)) wrongStandardCode.push(`${e.code}: code says "${want}", docs say ${rows.map((r) => `"${r.standardCode}" in ${r.file}`).join(', ')}`);
    }
  }
  assert.deepEqual(missing, [], 'codes with no row in docs/errors/*.md');
  assert.deepEqual(wrongStandardCode, []);
});

test('a documented code is not given two different meanings across the catalogue', () => {
  const clashes = [...documentedCodes()].filter(([, rows]) => new Set(rows.map((r) => r.meaning)).size > 1).map(([code, rows]) => `${code} in ${rows.map((r) => r.file).join(', ')}`);
  assert.deepEqual(clashes, []);
});

test('docs/errors.md links every docs/errors/*.md file', () => {
  const index = readFileSync(join(root, 'docs', 'errors.md'), 'utf8');
  const unlinked = readdirSync(errorsDir)
    .filter((f) => f.endsWith('.md'))
    .filter((f) => !index.includes(`](errors/${f})`));
  assert.deepEqual(unlinked, []);
});
