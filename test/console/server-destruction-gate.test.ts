/**
 * The destruction gate (src/console/warrants/retention.ts) over a real MonitoringStore on disk:
 * several LIIDs past their retention end are destroyed in one sweep, each only after its entry was
 * written — at the moment each entry is handed to the log, that LIID's sealed files and data key are
 * still on disk, with exactly the SHA-256 the entry names — and a LIID still in retention is kept. A
 * purge that does not go through the gate destroys nothing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DestructionGate, DestructionNotLogged } from '../../src/console/warrants/retention.ts';
import { MonitoringStore } from '../../src/monitoring/store.ts';
import type { DestructionEvent, MonitoringRecord } from '../../src/monitoring/types.ts';
import { TEST_EVIDENCE_KEY } from '../helpers/evidence-key.ts';

const DAY = 86_400_000;
const now = Date.now();
let dir: string;
let lemf: MonitoringStore;
const logged: DestructionEvent[] = [];
const gate = new DestructionGate((e) => {
  // What the entry names is on disk, byte for byte, when the entry is written.
  const d = readdirSync(dir).find((n) => !n.startsWith('_') && n.includes(e.liid));
  assert.ok(d, `${e.liid}: directory still there when its entry is written`);
  for (const f of e.files) assert.equal(createHash('sha256').update(readFileSync(join(dir, d, f.name))).digest('hex'), f.sha256, `${e.liid}/${f.name}`);
  logged.push(e);
  return Promise.resolve();
});

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'console-gate-'));
  lemf = new MonitoringStore({ dataDir: dir, evidenceKey: TEST_EVIDENCE_KEY, defaultAccessor: 'lemf-ag', onDestruction: (e) => gate.check(e) });
  for (const liid of ['LIID-1', 'LIID-2', 'LIID-3', 'LIID-KEEP']) {
    const evidence = lemf.keepPdu(liid, 'hi2.ber', Buffer.from(`pdu of ${liid}`));
    const at = new Date(now - 4 * DAY).toISOString();
    lemf.add([{ id: 0, liid, channel: 'HI2', sequenceNumber: 0, element: 0, timeStamp: at, receivedAt: at, operator: 'op', peer: 'mdf', kind: 'other', identities: [], inSequence: false, evidence, summary: { kind: 'other', payload: 'test' } } satisfies MonitoringRecord], undefined);
    lemf.setRetention(liid, new Date(liid === 'LIID-KEEP' ? now + DAY : now - DAY));
  }
});
after(() => {
  lemf.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a purge that does not go through the gate destroys nothing', async () => {
  await lemf.sync();
  const before = readdirSync(dir).sort();
  assert.throws(() => lemf.purgeExpired(new Date(now)), DestructionNotLogged);
  assert.deepEqual(readdirSync(dir).sort(), before);
  assert.equal(logged.length, 0);
});

test('one sweep destroys every LIID past its end, each after its entry; a LIID in retention stays', async () => {
  const destroyed = await gate.sweep(lemf, new Date(now));
  assert.deepEqual([...destroyed].sort(), ['LIID-1', 'LIID-2', 'LIID-3']);
  assert.deepEqual(logged.map((e) => e.liid).sort(), ['LIID-1', 'LIID-2', 'LIID-3'], 'one entry each');
  assert.ok(logged.every((e) => e.files.length > 0 && e.dataKey));
  const left = readdirSync(dir, { withFileTypes: true }).filter((n) => n.isDirectory() && !n.name.startsWith('_')).map((n) => n.name);
  assert.ok(left.length === 1 && left[0]!.includes('LIID-KEEP'), left.join(','));
  assert.ok(existsSync(join(dir, left[0]!)));
  assert.deepEqual(await gate.sweep(lemf, new Date(now)), [], 'nothing more to destroy');
  assert.equal(logged.length, 3);
});
