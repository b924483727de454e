/**
 * The MDF's X1 state file (state/x1.json) is sealed at rest (issue 8: files that name target
 * identities are encrypted, AES-256-GCM, key from the deployment's secrets): no identity in clear,
 * a line altered or moved without the key is refused, a plain file from an older MDF is read once
 * and sealed, a sealed file without its key is refused — never read as empty.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MdfStateStore, stateKeyFrom } from '../../src/mediation/state.ts';
import type { TaskDetails } from '../../src/standards/x1/index.ts';
import { TEST_OUTBOX_KEY, TEST_STATE_KEY, unsealedState } from '../helpers/outbox-key.ts';

const MSISDN = '923001112233';
const task = (n: number): TaskDetails =>
  ({
    xId: `00000000-0000-4000-8000-00000000000${n}`,
    targetIdentifiers: [{ kind: 'e164Number', value: MSISDN }],
    deliveryType: 'X2andX3',
    listOfDIDs: [],
    listOfMediationDetails: [{ liid: 'LIID-SEAL' }],
    warrantBinding: { warrantId: 'w', warrantHash: 'h' },
  }) as unknown as TaskDetails;

test('sealed at rest: round trip, no identity in clear, tampering and a missing key refused, plain files migrated', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mdf-seal-'));
  const file = join(dir, 'state', 'x1.json');
  const store = new MdfStateStore(dir, { key: TEST_STATE_KEY });
  store.save({ destinations: [], tasks: [task(1)] });
  store.record({ tasks: [task(2)], xidsEnded: [], destinations: [], didsRemoved: [] }, () => ({ destinations: [], tasks: [task(1), task(2)] }));
  store.record({ tasks: [task(3)], xidsEnded: [], destinations: [], didsRemoved: [] }, () => ({ destinations: [], tasks: [task(1), task(2), task(3)] }));
  const sealed = readFileSync(file, 'utf8');
  assert.ok(!sealed.includes(MSISDN) && !sealed.includes(task(1).xId), 'neither the identity nor the XID in clear');
  assert.match(sealed, /^enc1:[A-Za-z0-9+/=]+\n(enc1:[A-Za-z0-9+/=]+\n)*$/);
  assert.ok(unsealedState(sealed).includes(MSISDN), 'the key opens it');
  const reopened = new MdfStateStore(dir, { key: TEST_STATE_KEY }).load();
  assert.ok(reopened.tasks.length >= 1);

  assert.throws(() => new MdfStateStore(dir).load(), { code: 'MDF_STATE_CORRUPT', message: /sealed and this MDF has no key/ });
  assert.throws(() => new MdfStateStore(dir, { key: stateKeyFrom(new Uint8Array(32)) }).load(), { code: 'MDF_STATE_CORRUPT', message: /AES-256-GCM/ });
  const lines = sealed.split('\n');
  assert.equal(lines.length, 6, 'a snapshot (header, destinations, one part of tasks) and two journal lines');
  writeFileSync(file, [...lines.slice(0, 3), lines[4], lines[3], ...lines.slice(5)].join('\n'));
  assert.throws(() => new MdfStateStore(dir, { key: TEST_STATE_KEY }).load(), { code: 'MDF_STATE_CORRUPT' }, 'journal lines moved');
  // A plain line in a sealed file is not accepted: the chain alone is no authentication.
  writeFileSync(file, `${lines[0]}\n${unsealedState(lines[1]!)}\n`);
  assert.throws(() => new MdfStateStore(dir, { key: TEST_STATE_KEY }).load(), { code: 'MDF_STATE_CORRUPT', message: /line 2 fails its AES-256-GCM/ });

  // An older MDF's plain file: read with the key configured, and sealed by the next snapshot.
  writeFileSync(file, unsealedState(sealed));
  const migrating = new MdfStateStore(dir, { key: TEST_STATE_KEY });
  const state = migrating.load();
  migrating.save(state);
  assert.match(readFileSync(file, 'utf8'), /^enc1:/);
  assert.deepEqual(new MdfStateStore(dir, { key: stateKeyFrom(TEST_OUTBOX_KEY) }).load(), state);
});
