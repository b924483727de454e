/**
 * docs/configuration.md is generated from the schema (docs.ts): it must be exactly what the schema
 * renders now, so a field added, renamed or re-defaulted in code cannot leave the docs behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CONFIG_DOC, GENERATED_MARKER, renderConfigDoc, renderConfigReference } from './docs.ts';

test('docs/configuration.md is what the schema renders (regenerate with `npm run config-docs`)', () => {
  const current = readFileSync(CONFIG_DOC, 'utf8');
  assert.ok(
    current.includes(GENERATED_MARKER),
    'docs/configuration.md lost its marker line; run `npm run config-docs`',
  );
  assert.equal(
    current,
    renderConfigDoc(current),
    'docs/configuration.md is out of date with src/platform/config/deployment-schema.ts: run `npm run config-docs`',
  );
});

test('the reference lists every key with its type and default, and escapes table cells', () => {
  const ref = renderConfigReference();
  assert.match(
    ref,
    /^\| `timers\.x1FailSafeMs` \| duration \(ms, integer ≥ 1\) \| `30000` \| TS 103 221-1 §6\.6 TIME_P2: .+ \|$/m,
  );
  assert.match(ref, /^\| `agencies\[\]\.lemf\.hi2` \| host:port \| required \| .+ \|$/m);
  assert.match(ref, /^\| `control\.store\.postgres` \| a postgres:\/\/ URL \| one of \| .+ \|$/m);
  assert.match(ref, /^\| `operators\[\]\.elements\[\]\.simulated` \| one of ims, 5gc \| optional \| .+ \|$/m);
  // Every table row has exactly four cells (no unescaped pipe in a description).
  for (const line of ref.split('\n').filter((l) => l.startsWith('| `')))
    assert.equal(line.replace(/\\\|/g, '').split('|').length, 6, line);
});
