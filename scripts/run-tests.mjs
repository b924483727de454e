#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node:test (Node 20 needs the files listed explicitly).
// Usage: npm test [-- substring...]   e.g. `npm test -- x2x3` runs only files whose path contains "x2x3".
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(relative(root, p));
  }
}
for (const d of ['src', 'test']) walk(join(root, d));
files.sort();
const chosen = filters.length ? files.filter((f) => filters.some((s) => f.includes(s))) : files;
if (chosen.length === 0) {
  console.error('no test files matched', filters);
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
// No --test-force-exit: with it, Node can end a test file's process before the runner has read its
// last results, so verdicts go missing from the report (nodejs/node#64833) and the count is only a
// lower bound. Without it, every file must close what it opened; one that does not is cancelled at
// --test-timeout (the file is a test too) and fails the run, so a leak is a failure, never a hang.
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-timeout=${process.env.TEST_TIMEOUT_MS ?? '600000'}`, `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...chosen],
  { cwd: root, stdio: 'inherit' },
);
process.exit(r.status ?? 1);
