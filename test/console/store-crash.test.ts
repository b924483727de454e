/**
 * kill -9 of a process while it ingests into the embedded store, then `rebuild` from the LEMF's
 * records (the source of truth): the store ends with exactly the rows a clean ingest gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedConsoleStore, type ConsoleQueryStore } from '../../src/console/store/index.ts';
import { SYNTHETIC_LIID, syntheticRecords } from './synthetic.ts';

const TOTAL = 8000;

async function allRows(store: ConsoleQueryStore): Promise<string> {
  const out: unknown[] = [];
  let after: { atUs: bigint; id: number } | undefined;
  for (;;) {
    const page = await store.timeline(SYNTHETIC_LIID, { limit: 1000, ...(after ? { after } : {}) });
    out.push(...page.records.map((r) => ({ ...r, atUs: r.atUs.toString() })));
    if (!page.next) break;
    after = page.next;
  }
  return JSON.stringify(out);
}

test('kill -9 while ingesting, then rebuild: the same rows as a clean ingest', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-crash-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'ingest-child.ts'), join(dir, 'db'), String(TOTAL)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let committed = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        const m = /committed (\d+)\n$/.exec(d.toString());
        if (m) committed = Number(m[1]);
        // Killed mid-way, with batches in flight.
        if (committed >= 1000 && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
      child.on('error', reject);
    });
    assert.ok(committed >= 1000 && committed < TOTAL, `killed mid-ingest (after ${committed})`);
    const records = syntheticRecords(TOTAL);
    const store = await openEmbeddedConsoleStore({ dataDir: join(dir, 'db') });
    try {
      const before = await store.counts(SYNTHETIC_LIID);
      const held = Object.values(before).reduce((a, b) => a + b, 0);
      assert.ok(held >= committed && held < TOTAL, `the killed process's committed batches survived (${held})`);
      const report = await store.rebuild({ liids: () => [SYNTHETIC_LIID], records: () => records });
      assert.deepEqual(report, { liids: 1, records: TOTAL, inserted: TOTAL - held, beyond: 0, dropped: [] });
      const clean = await openEmbeddedConsoleStore();
      try {
        clean.ingest(records);
        await clean.flush();
        assert.equal(await allRows(store), await allRows(clean));
      } finally {
        await clean.close();
      }
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
