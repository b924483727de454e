/**
 * The ADMF's X1 journal at rest (issue 8 item 3): each line sealed under a key derived from
 * control.identityKey, no target identity in clear, mode 0600; a line altered or read with another
 * key is refused (PROVISIONING_JOURNAL_UNREADABLE), never skipped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditTrail, journalKeyFrom, readX1Journal, X1_JOURNAL_FILE } from '../../src/provisioning/audit-trail.ts';

const TARGET = '923001234567';
const REQUEST = `<X1Request xsi:type="ActivateTaskRequest"><TaskDetails><xId>5a3f2b1c-0000-4000-8000-000000000001</xId><TargetIdentifier><E164Number>${TARGET}</E164Number></TargetIdentifier></TaskDetails></X1Request>`;

test('each X1 exchange is journaled sealed, read back with the key, refused when altered or under another key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'x1-journal-'));
  try {
    const identityKey = randomBytes(32);
    const key = journalKeyFrom(identityKey);
    assert.ok(!key.equals(identityKey), 'a derived key, not the identity key itself');
    const path = join(dir, X1_JOURNAL_FILE);
    const appended: unknown[] = [];
    const trail = new AuditTrail({ identifier: 'admf', audit: { append: (e) => Promise.resolve(appended.push(e)) }, journalPath: path, journalKey: key, now: () => new Date(0) });
    for (let i = 0; i < 3; i++) await trail.exchange({ admfIdentifier: 'admf', neIdentifier: 'op-a-5gc', path: '/X1/NE', requestXml: REQUEST, responseXml: '<ok/>', durationMs: 1 });
    const text = readFileSync(path, 'utf8');
    assert.equal(text.includes(TARGET), false, 'no target identity in clear');
    assert.equal(text.includes('ActivateTaskRequest'), false, 'no X1 document in clear');
    assert.equal(statSync(path).mode & 0o077, 0, 'owner-only');
    const read = readX1Journal(path, key);
    assert.deepEqual(read.map((x) => [x.ne, x.request, x.response]), Array(3).fill(['op-a-5gc', REQUEST, '<ok/>']));
    assert.equal(appended.length, 3, 'each exchange audited (its hashes)');
    assert.throws(() => readX1Journal(path, journalKeyFrom(randomBytes(32))), { code: 'PROVISIONING_JOURNAL_UNREADABLE' });
    const lines = text.split('\n');
    const b = Buffer.from(lines[1]!.slice('sealed:v1:'.length), 'base64');
    b[20]! ^= 1;
    lines[1] = `sealed:v1:${b.toString('base64')}`;
    writeFileSync(path, lines.join('\n'));
    assert.throws(() => readX1Journal(path, key), { code: 'PROVISIONING_JOURNAL_UNREADABLE', message: /line 2/ });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
