import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CODES } from './errors.ts';

test('every audit error code is documented in docs/errors/audit.md', () => {
  const doc = readFileSync(new URL('../../docs/errors/audit.md', import.meta.url), 'utf8');
  const rows = new Set([...doc.matchAll(/^\| ([A-Z0-9_]+) \|/gm)].map((m) => m[1]));
  assert.ok(ERROR_CODES.length >= 10);
  for (const { code } of ERROR_CODES) assert.ok(rows.has(code), `${code} missing from docs/errors/audit.md`);
  for (const code of rows) assert.ok(ERROR_CODES.some((e) => e.code === code), `${code!} documented but not in ERROR_CODES`);
});
