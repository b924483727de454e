/**
 * Child process of store-crash.test.ts: ingests generated records into an embedded store in many
 * small batches, printing `committed <n>` after each, until the parent kills it with SIGKILL.
 */
import { openEmbeddedConsoleStore } from '../../src/console/store/index.ts';
import { syntheticRecords } from './synthetic.ts';

const [dataDir, total] = process.argv.slice(2) as [string, string];
const store = await openEmbeddedConsoleStore({ dataDir, batchRows: 50 });
const records = syntheticRecords(Number(total));
for (let i = 0; i < records.length; i += 200) {
  store.ingest(records.slice(i, i + 200));
  await store.flush();
  process.stdout.write(`committed ${Math.min(i + 200, records.length)}\n`);
}
// Bounded: the parent kills it long before; if not, it stops by itself.
setTimeout(() => process.exit(0), 60_000);
