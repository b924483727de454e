/**
 * kill -9 of the writer in the middle of a batch (a separate process writing an embedded store on
 * disk): the store reopens, and holds every batch whose commit was reported, whole, plus at most
 * the batch in flight — whole or not at all, never part of one. What a crash loses is therefore
 * the batch being written (and, in the network role, what the BatchWriter had queued: at most
 * `flushMs` of records, docs/retained-data.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RetainedDataStore } from '../../src/retained-data/store.ts';
import { ROWS, WHO } from './crash-writer.ts';

const WRITER = join(import.meta.dirname, 'crash-writer.ts');

/** Starts the writer, waits for `commits` reported commits plus a little, kills it with SIGKILL; returns the last reported batch. */
function writeThenKill(dir: string, round: number, commits: number, extraMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, String(round)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let last = -1;
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`writer made ${last + 1} commits in 120 s: ${err}`));
    }, 120_000);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      for (const m of out.matchAll(/committed (\d+)\n/g)) last = Math.max(last, Number(m[1]));
      if (last + 1 >= commits && !child.killed) setTimeout(() => child.kill('SIGKILL'), extraMs);
    });
    child.once('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited by itself (${String(signal)}): ${err}`));
      else resolve(last);
    });
  });
}

test('kill -9 mid-batch: the store reopens with every reported batch whole and no partial batch', { timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rd-crash-'));
  try {
    const all = { start: new Date(Date.UTC(2025, 0, 1)), end: new Date(Date.UTC(2027, 0, 1)) };
    for (const [round, extraMs] of [[0, 0], [1, 37], [2, 91]] as const) {
      const last = await writeThenKill(dir, round, 3 + round, extraMs);
      const store = await RetainedDataStore.open('opK', { kind: 'embedded', dir });
      try {
        const sms = (await store.sms({ kind: 'msisdn', value: WHO.msisdn }, all)).filter((s) => s.otherParty.includes('K'));
        const perBatch = new Map<string, number>();
        for (const s of sms) perBatch.set(s.otherParty, (perBatch.get(s.otherParty) ?? 0) + 1);
        // Every batch present is whole…
        for (const [batch, n] of perBatch) assert.equal(n, ROWS, `batch ${batch} of round ${round} is partial`);
        // …every reported batch of this round is there, and at most the one in flight besides.
        const mine = [...perBatch.keys()].filter((b) => b.startsWith(`R${round}K`)).map((b) => Number(b.slice(`R${round}K`.length)));
        for (let k = 0; k <= last; k++) assert.ok(mine.includes(k), `reported batch ${k} of round ${round} survived`);
        assert.ok(mine.every((k) => k <= last + 1), `round ${round}: nothing beyond the batch in flight (${mine.join(',')}, last reported ${last})`);
        t.diagnostic(`round ${round}: ${last + 1} batches reported committed, ${mine.length} found after kill -9 (the in-flight one ${mine.length > last + 1 ? 'committed' : 'lost'})`);
        // SMS and location rows of a batch commit together.
        const locations = await store.locationHistory({ kind: 'imsi', value: WHO.imsi }, all);
        assert.equal(locations.length, sms.length);
        // A store that survived the crash takes writes again.
        await store.write({ sms: [{ ...WHO, cellId: 'c', latitude: 0, longitude: 0, direction: 'MT', otherParty: `R${round}`, atMs: Date.UTC(2026, 5, 1) }] });
        assert.equal((await store.sms({ kind: 'imei', value: WHO.imei }, all)).filter((s) => s.otherParty === `R${round}`).length, 1);
      } finally {
        await store.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
