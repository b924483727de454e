/**
 * `warranted audit export … OUT` and `audit verify OUT` as separate OS processes, as an operator
 * and an overseer run them: the overseer's process gets the bundle after the log directory is gone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { alterByte, buildTestLog, timeOf } from './bundle-helpers.ts';

const entry = join(import.meta.dirname, 'bundle-cli-entry.ts');
const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', entry, 'audit', ...args], { encoding: 'utf8', timeout: 60_000 });

test('audit export writes a bundle that audit verify checks in another process with the log gone; a tampered bundle fails', { timeout: 300_000 }, async () => {
  const log = await buildTestLog({ entries: 60, every: 10 });
  const other = await buildTestLog({ entries: 1, every: 1 });
  try {
    const out = join(log.root, 'bundle');
    const exported = cli(['export', '--dir', log.dir, '--key', log.vkeyFile, '--from', timeOf(20), '--to', timeOf(39), out]);
    assert.equal(exported.status, 0, exported.stderr);
    assert.match(exported.stdout, /^exported entries 20\.\.39 \(20\) of audit\.bundle\.test\/log into /m);
    // Entries 0..19 cycle through 7 types, 5 of them legal context (keys., warrant., provisioning., mdf.task-, x1.exchange).
    assert.match(exported.stdout, /^legal context: 15 earlier entries/m);
    assert.match(exported.stdout, /anchored by the one of size 40 /);

    rmSync(log.dir, { recursive: true });
    const verified = cli(['verify', out]);
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /^entries: 20$/m);
    assert.match(verified.stdout, /^legal context: 15\/15 earlier entries proven included$/m);
    assert.match(verified.stdout, /^checkpoints verified: 4\/4 \(anchor: size 40, /m);
    assert.match(verified.stdout, /^VERIFIED$/m);

    const json = cli(['verify', out, '--json', '--key', log.pemFile]);
    assert.equal(json.status, 0, json.stdout);
    const report = JSON.parse(json.stdout) as { ok: boolean; bundle: { start: number; end: number } };
    assert.deepEqual([report.ok, report.bundle.start, report.bundle.end], [true, 20, 40]);

    const wrongKey = cli(['verify', out, '--key', other.vkeyFile]);
    assert.equal(wrongKey.status, 1);
    assert.match(wrongKey.stdout, /^PROBLEM AUDIT_BAD_KEY in log\.pub: /m);

    alterByte(join(out, 'entries.jsonl'), 500);
    const tampered = cli(['verify', out]);
    assert.equal(tampered.status, 1);
    assert.match(tampered.stdout, /^PROBLEM AUDIT_BUNDLE_MANIFEST_MISMATCH in entries\.jsonl: /m);
    assert.match(tampered.stdout, /^NOT VERIFIED$/m);
  } finally {
    log.cleanup();
    other.cleanup();
  }
});

test('audit export refuses with a typed error and writes nothing: not anchored yet (exit 3), output exists (exit 2)', { timeout: 300_000 }, async () => {
  const log = await buildTestLog({ entries: 30, every: 10, tail: 4 });
  try {
    const out = join(log.root, 'bundle');
    const early = cli(['export', '--dir', log.dir, '--key', log.vkeyFile, out]);
    assert.equal(early.status, 3, early.stderr);
    assert.match(early.stderr, /^export refused: AUDIT_EXPORT_NOT_ANCHORED: no signed checkpoint covers entry 29 yet .*wait for the next checkpoint/m);
    assert.equal(existsSync(out), false);
    assert.deepEqual(readdirSync(log.root).filter((name) => name.includes('partial')), []);

    assert.equal(cli(['export', '--dir', log.dir, '--key', log.vkeyFile, '--to', timeOf(25), out]).status, 0);
    const again = cli(['export', '--dir', log.dir, '--key', log.vkeyFile, '--to', timeOf(25), out]);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /AUDIT_EXPORT_OUTPUT_EXISTS/);

    const badPeriod = cli(['export', '--dir', log.dir, '--key', log.vkeyFile, '--from', 'last tuesday', join(log.root, 'other')]);
    assert.equal(badPeriod.status, 2);
    assert.match(badPeriod.stderr, /AUDIT_EXPORT_BAD_PERIOD/);
  } finally {
    log.cleanup();
  }
});
