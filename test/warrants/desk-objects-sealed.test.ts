/**
 * The warrant desk's objects at rest (desk-objects.jsonl): with the key derived from
 * control.identityKey each line is sealed — no target identity in clear — and read back whole; a
 * sealed file opened with another key is refused, plain lines of an earlier version still read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deskObjectsKeyFrom, FileDeskObjectStore, type DeskObject } from '../../src/warrants/desk/index.ts';

test('desk objects are sealed line by line under a key derived from the identity key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-objects-'));
  try {
    const path = join(dir, 'desk-objects.jsonl');
    const key = deskObjectsKeyFrom(randomBytes(32));
    const target = 'e164Number:923001234567';
    const task: DeskObject = { kind: 'litask', objectIdentifier: 'a1b2c3d4-0000-4000-8000-000000000001', warrantId: 'W-1', agencyId: 'pk-police', targetKey: target };
    const s = await FileDeskObjectStore.open(path, key);
    await s.put([task]);
    assert.equal(readFileSync(path, 'utf8').includes('923001234567'), false, 'no target identity in clear');
    assert.equal(statSync(path).mode & 0o077, 0);
    const plain: DeskObject = { kind: 'notification-ack', objectIdentifier: 'a1b2c3d4-0000-4000-8000-000000000002', warrantId: 'W-1', agencyId: 'pk-police' };
    appendFileSync(path, `${JSON.stringify(plain)}\n`); // a line of an earlier version
    const again = await FileDeskObjectStore.open(path, key);
    assert.deepEqual(await again.byWarrant('W-1'), [task, plain]);
    await assert.rejects(FileDeskObjectStore.open(path, deskObjectsKeyFrom(randomBytes(32))), /does not open/);
    await assert.rejects(FileDeskObjectStore.open(path), /does not open/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
