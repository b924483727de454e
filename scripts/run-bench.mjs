#!/usr/bin/env node
// Runs every bench/*.bench.ts in its own process, one after the other (`node --import tsx FILE`), so
// that no scenario warms the JIT or fills the heap for the next; prints each one's output as it comes.
// Usage: npm run bench [-- substring...]   e.g. `npm run bench -- x2x3` runs only files whose name contains "x2x3".
// Exit status: non-zero if any benchmark failed (its output says why).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import os from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const benchDir = join(root, 'bench');
const filters = process.argv.slice(2);
const all = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).sort();
const chosen = filters.length ? all.filter((f) => filters.some((s) => f.includes(s))) : all;
if (chosen.length === 0) {
  console.error('no benchmark matched', filters);
  process.exit(1);
}

const cpus = os.cpus();
console.log(`# machine: ${cpus[0]?.model ?? 'unknown cpu'} x${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${os.platform()} ${os.arch()}`);
const failed = [];
for (const file of chosen) {
  console.log(`\n## ${file}`);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', file)], { cwd: root, stdio: 'inherit' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) failed.push(file);
  console.log(`## ${file}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${seconds.toFixed(1)} s`);
}
console.log(`\n# ${chosen.length - failed.length}/${chosen.length} benchmarks ran${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
process.exit(failed.length ? 1 : 0);
