import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditTestBed, event, type AuditTestBed } from '../../../test/audit/helpers.ts';
import { ENTRIES_FILE, openAuditDirectory, publishCheckpoint } from '../directory.ts';
import { repairTornTail } from './recovery.ts';

let bed: AuditTestBed;
before(async () => {
  bed = await auditTestBed([]);
});
after(() => bed.cleanup());

/** A log of `n` entries with a checkpoint of all of them; returns the entries file's text. */
async function logOf(dir: string, n: number, pad = 0): Promise<string> {
  const log = await openAuditDirectory({ dir, signer: bed.signer });
  await log.appendMany(Array.from({ length: n }, (_, i) => event('audit', i, { pad: 'x'.repeat(pad) })));
  await publishCheckpoint(dir, log.checkpoint());
  await log.close();
  return readFileSync(join(dir, ENTRIES_FILE), 'utf8');
}

test('a partial last line (a write cut by kill -9) is cut and kept aside; the log reopens with every whole entry', async () => {
  const dir = join(bed.dir, 'torn');
  const whole = await logOf(dir, 3);
  const lastLine = whole.trimEnd().split('\n').at(-1)!;
  const torn = lastLine.slice(0, 40);
  appendFileSync(join(dir, ENTRIES_FILE), torn);
  await assert.rejects(openAuditDirectory({ dir, signer: bed.signer }), { code: 'AUDIT_ENTRY_MALFORMED' });
  const repair = await repairTornTail(dir);
  assert.equal(repair.cutBytes, torn.length);
  assert.equal(readFileSync(repair.savedTo!, 'utf8'), torn);
  assert.equal(readFileSync(join(dir, ENTRIES_FILE), 'utf8'), whole);
  const log = await openAuditDirectory({ dir, signer: bed.signer });
  assert.equal(log.size, 3);
  await log.close();
});

test('a partial line longer than the read chunk is cut at its start', async () => {
  const dir = join(bed.dir, 'long');
  const whole = await logOf(dir, 2, 100_000);
  const torn = whole.trimEnd().split('\n').at(-1)!.slice(0, 90_000);
  appendFileSync(join(dir, ENTRIES_FILE), torn);
  assert.equal((await repairTornTail(dir)).cutBytes, 90_000);
  assert.equal(readFileSync(join(dir, ENTRIES_FILE), 'utf8'), whole);
});

test('a whole file, an empty directory and tampered whole lines are left alone', async () => {
  assert.deepEqual(await repairTornTail(join(bed.dir, 'nothing-here')), { cutBytes: 0 });
  const dir = join(bed.dir, 'whole');
  const whole = await logOf(dir, 2);
  assert.deepEqual(await repairTornTail(dir), { cutBytes: 0 });
  assert.equal(readFileSync(join(dir, ENTRIES_FILE), 'utf8'), whole);
  // Dropping the last whole line is not a torn write: repair does nothing, the checkpoint catches it.
  writeFileSync(join(dir, ENTRIES_FILE), `${whole.trimEnd().split('\n')[0]!}\n`);
  assert.deepEqual(await repairTornTail(dir), { cutBytes: 0 });
  await assert.rejects(openAuditDirectory({ dir, signer: bed.signer }), { code: 'AUDIT_ROOT_MISMATCH' });
});
