/**
 * Salted target commitments (issue 9 item 4): the log holds none of the identities, and the holder
 * of one warrant's opening key proves — with `warranted audit open-commitment`, in its own process,
 * against the verified log — that an entry concerns an identity, for that warrant alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitTarget, commitmentsIn, opensTo, warrantSalt } from '../../src/audit/commitment.ts';
import { ENTRIES_FILE } from '../../src/audit/index.ts';
import { lawfulStory, W1, W2, writeStory, XID1 } from './law-story.ts';

const identityKey = new Uint8Array(randomBytes(32));
const TARGET = { kind: 'MSISDN', value: '923001234567' };

test('commitments: deterministic per warrant, independent across warrants, no key no opening', () => {
  const s1 = warrantSalt(identityKey, W1);
  const s2 = warrantSalt(identityKey, W2);
  assert.notDeepEqual(s1, s2);
  const c1 = commitTarget(s1, TARGET.kind, TARGET.value);
  assert.equal(c1, commitTarget(warrantSalt(identityKey, W1), TARGET.kind, TARGET.value));
  assert.match(c1, /^commit-v1:[0-9a-f]{64}$/);
  assert.notEqual(c1, commitTarget(s2, TARGET.kind, TARGET.value), 'the same target under another warrant looks unrelated');
  assert.equal(opensTo(c1, s1, TARGET.kind, TARGET.value), true);
  assert.equal(opensTo(c1, s2, TARGET.kind, TARGET.value), false);
  assert.equal(opensTo(c1, s1, TARGET.kind, '923001234568'), false);
  assert.equal(opensTo(c1, s1, 'IMSI', TARGET.value), false);
  assert.throws(() => warrantSalt(new Uint8Array(16), W1), { code: 'AUDIT_BAD_KEY' });
  assert.deepEqual(commitmentsIn({ terms: { targets: [{ commitment: c1 }] }, target: 'x' }), [c1]);
});

test('audit open-commitment proves that an entry concerns an identity, for its warrant only', async () => {
  const events = lawfulStory();
  const s1 = warrantSalt(identityKey, W1);
  const commitment = commitTarget(s1, TARGET.kind, TARGET.value);
  const submitted = events.findIndex((e) => e.type === 'warrant.submitted' && e.subject === W1);
  const activation = events.findIndex((e) => e.type === 'provisioning.task-activating' && e.subject === XID1);
  (events[submitted]!.details.terms as { targets: Record<string, unknown>[] }).targets[0]!.commitment = commitment;
  events[activation]!.details.target = commitment;
  const log = await writeStory(events);
  assert.doesNotMatch(readFileSync(join(log.dir, ENTRIES_FILE), 'utf8'), new RegExp(TARGET.value), 'sanity: the identity is not in the file');

  const open = (entry: number, warrant: string, key: Uint8Array, identity: string) =>
    spawnSync(process.execPath, ['bin/warranted.mjs', 'audit', 'open-commitment', '--dir', log.dir, '--key', log.keyFile, '--entry', String(entry), '--warrant', warrant, '--opening-key', Buffer.from(key).toString('hex'), '--identity', identity], { encoding: 'utf8' });
  for (const entry of [submitted, activation]) {
    const ok = open(entry, W1, s1, `${TARGET.kind}:${TARGET.value}`);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^PROVEN: entry \d+ .* concerns MSISDN 923001234567 under warrant/);
  }
  const wrongIdentity = open(submitted, W1, s1, 'MSISDN:923001234568');
  assert.equal(wrongIdentity.status, 1);
  assert.match(wrongIdentity.stdout, /^NOT PROVEN: no commitment/);
  const otherWarrantsKey = open(submitted, W1, warrantSalt(identityKey, W2), `${TARGET.kind}:${TARGET.value}`);
  assert.equal(otherWarrantsKey.status, 1, 'the opening key of one warrant opens nothing of another');
  const otherWarrant = open(submitted, W2, warrantSalt(identityKey, W2), `${TARGET.kind}:${TARGET.value}`);
  assert.equal(otherWarrant.status, 1);
  assert.match(otherWarrant.stdout, /is not about warrant/);
});
