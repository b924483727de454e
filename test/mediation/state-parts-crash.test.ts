/**
 * kill -9 of a process in the middle of writing a snapshot of many parts (src/mediation/state.ts,
 * state-io.ts writeFileAtomicParts): the file on disk is always one whole snapshot — the last one
 * whose save returned, or the one being written if its rename happened — never parts of two, never
 * a cut snapshot. Several kills at spread-out moments; each time the state loads, with every task.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MdfStateStore } from '../../src/mediation/state.ts';
import { TEST_STATE_KEY } from '../helpers/outbox-key.ts';

const TASKS = 3000;

test('kill -9 while a snapshot of many parts is being written: the file holds one whole snapshot, at least the last one saved', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mdf-state-crash-'));
  try {
    let previous = 0;
    for (const [round, delayMs] of [15, 60, 140, 230, 370].entries()) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'state-writer-child.ts'), dir, String(TASKS)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let saved = 0;
      let buffer = '';
      child.stdout.on('data', (c: Buffer) => {
        buffer += c.toString('utf8');
        for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
          const m = /^saved (\d+)$/.exec(buffer.slice(0, nl));
          if (m) saved = Number(m[1]);
          buffer = buffer.slice(nl + 1);
        }
      });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      // Kill after the first save returned, a different time into the next one each round.
      while (saved < 1 && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
      assert.equal(child.exitCode, null, `round ${round}: the writer died before saving`);
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill('SIGKILL');
      await exited;
      const state = new MdfStateStore(dir, { key: TEST_STATE_KEY }).load();
      assert.equal(state.tasks.length, TASKS, `round ${round}: every task`);
      const generations = new Set(state.tasks.map((t) => /^G(\d+)-/.exec(t.listOfMediationDetails?.[0]?.liid ?? "")?.[1]));
      assert.equal(generations.size, 1, `round ${round}: one snapshot, not parts of two (${[...generations].join(', ')})`);
      const g = Number([...generations][0]);
      assert.ok(g >= saved, `round ${round}: generation ${g} on disk, ${saved} was saved before the kill`);
      assert.ok(g <= saved + 1, `round ${round}: generation ${g} was never written`);
      previous = saved;
    }
    assert.ok(previous >= 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
