/**
 * The replay of privileged marks (src/console/server/privileged-marks.ts) over a real access log on
 * disk and a real embedded query store: every change of a mark is on the log before it applies, a
 * change the log cannot take is not applied (fail closed), and the marks in force are rebuilt from
 * the log — in order, unmarks included, ended by a `lemf.destruction` of the LIID, entries of the
 * earlier `console.access` form counted — into a fresh store. The sealed snapshot: a start replays
 * only the entries after it; a snapshot that does not open, or is of another log, is not used. Plus
 * the time the replay takes for a log of 5,000 entries, whole and from a snapshot (printed, not asserted).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleAccessLog } from '../../src/console/access-log/access-log.ts';
import { ConsoleError } from '../../src/console/errors.ts';
import { loggedMarks, marksFromLog, restoreMarks, PRIVILEGED_EVENT } from '../../src/console/server/privileged-marks.ts';
import { MARKS_FILE, MarksSnapshot } from '../../src/console/server/privileged-snapshot.ts';
import type { PrivilegedMark } from '../../src/console/store/types.ts';
import { TEST_EVIDENCE_KEY } from '../helpers/evidence-key.ts';
import { openEmbeddedConsoleStore, type ConsoleQueryStore } from '../../src/console/store/index.ts';
import { syntheticRecords } from './synthetic.ts';

const A = 'LIID-A';
const B = 'LIID-B';
let dir: string;
let log: ConsoleAccessLog;
let store: ConsoleQueryStore;

const privileged = async (s: ConsoleQueryStore, liid: string) => (await s.timeline(liid, { limit: 100 })).records.filter((r) => r.privileged).map((r) => r.id);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'console-marks-'));
  const signingKeyPem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  log = await ConsoleAccessLog.open({ dir, lemfId: 'lemf-ag', signingKeyPem, checkpointDelayMs: 60_000 });
  store = await openEmbeddedConsoleStore();
  store.ingest([...syntheticRecords(10, A), ...syntheticRecords(10, B)]);
  await store.flush();
});
after(async () => {
  await store.close();
  await log.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a change of a mark is logged before it applies; a record that is not there is neither marked nor logged', async () => {
  const s = loggedMarks(store, log);
  const size = log.size;
  assert.equal(await s.setPrivileged(A, 3, true, 'sup', 'lawyer-client'), true);
  const [e] = await log.entries(size, log.size);
  assert.equal(e!.event.type, PRIVILEGED_EVENT);
  assert.deepEqual(e!.event.details, { user: 'sup', liid: A, id: 3, privileged: true, reason: 'lawyer-client' });
  assert.deepEqual(await privileged(store, A), [3]);
  assert.equal(await s.setPrivileged(A, 999, true, 'sup', 'x'), false);
  assert.equal(log.size, size + 1, 'nothing logged for a record that is not there');
});

test('fail closed: when the log cannot append, the mark does not change', async () => {
  const s = loggedMarks(store, log);
  log.failAppends = true;
  try {
    await assert.rejects(s.setPrivileged(A, 4, true, 'sup', 'x'), (e: unknown) => e instanceof ConsoleError && e.code === 'CONSOLE_ACCESS_LOG_UNAVAILABLE');
    await assert.rejects(s.setPrivileged(A, 3, false, 'sup', 'x'), (e: unknown) => e instanceof ConsoleError && e.code === 'CONSOLE_ACCESS_LOG_UNAVAILABLE');
  } finally {
    log.failAppends = false;
  }
  assert.deepEqual(await privileged(store, A), [3], 'neither the mark of 4 nor the unmark of 3 applied');
});

test('replay: order, unmarks, destruction of a LIID and the earlier console.access form', async () => {
  const s = loggedMarks(store, log);
  await s.setPrivileged(A, 5, true, 'sup', 'r5');
  await s.setPrivileged(A, 5, false, 'sup', 'lifted');
  await s.setPrivileged(B, 1, true, 'sup', 'r1');
  await s.setPrivileged(B, 2, true, 'sup', 'r2');
  await log.record({ type: 'lemf.destruction', actor: 'lemf-ag', subject: B, details: { liid: B, retentionEnd: new Date().toISOString(), records: 10, evidenceBytes: 0, files: [] } });
  // B receives data again and a mark is set the way an earlier version logged it.
  await log.record({ type: 'console.access', actor: 'console:sup', subject: B, details: { user: 'sup', role: 'supervisor', liid: B, what: 'mark privileged id=7 reason="old form"', records: [7] } });
  await log.record({ type: 'console.access', actor: 'console:sup', subject: A, details: { user: 'sup', role: 'supervisor', liid: A, what: 'timeline', records: [1, 2, 3] } });
  const marks = await marksFromLog(log);
  assert.deepEqual(marks.map((m) => `${m.liid}/${m.id}/${m.reason}`).sort(), [`${A}/3/lawyer-client`, `${B}/7/old form`]);
  // Into a fresh store (as the in-memory store at every start): exactly those marks.
  const fresh = await openEmbeddedConsoleStore();
  try {
    fresh.ingest([...syntheticRecords(10, A), ...syntheticRecords(10, B)]);
    await fresh.flush();
    await fresh.setPrivileged(A, 9, true, 'someone', 'not on the log');
    assert.equal(await restoreMarks(fresh, log), 2);
    assert.deepEqual(await privileged(fresh, A), [3]);
    assert.deepEqual(await privileged(fresh, B), [7]);
  } finally {
    await fresh.close();
  }
});

const keys = (marks: readonly PrivilegedMark[]) => marks.map((m) => `${m.liid}/${m.id}`).sort();

test('the sealed snapshot: a start replays only the entries after it; one that does not open or is of another log is not used', async () => {
  const alarms: string[] = [];
  const first = await new MarksSnapshot(dir, TEST_EVIDENCE_KEY, (c) => alarms.push(c)).current(log);
  assert.equal(first.from, 0, 'no snapshot yet: the whole log');
  assert.deepEqual(keys(first.marks), keys(await marksFromLog(log)));
  const before = log.size;
  await loggedMarks(store, log).setPrivileged(A, 6, true, 'sup', 'r6');
  await loggedMarks(store, log).setPrivileged(A, 3, false, 'sup', 'lifted');
  const second = await new MarksSnapshot(dir, TEST_EVIDENCE_KEY, (c) => alarms.push(c)).current(log);
  assert.equal(second.from, before, 'only the entries after the snapshot');
  assert.deepEqual(keys(second.marks), keys(await marksFromLog(log)));
  assert.deepEqual(keys(second.marks), [`${A}/6`, `${B}/7`]);
  assert.equal(alarms.length, 0, alarms.join(','));
  // Sealed under another key: does not open, the whole log is replayed (and the marks are the same).
  const otherKey = new Uint8Array(32).fill(7);
  const other = await new MarksSnapshot(dir, otherKey, (c) => alarms.push(c)).current(log);
  assert.equal(other.from, 0);
  assert.deepEqual(keys(other.marks), keys(second.marks));
  assert.deepEqual(alarms, ['CONSOLE_INTERNAL']);
  // A genuine snapshot of another log (same key, copied over): its leaf hash is not this log's.
  const otherDir = mkdtempSync(join(tmpdir(), 'console-marks-other-'));
  const otherLog = await ConsoleAccessLog.open({ dir: otherDir, lemfId: 'lemf-ag', signingKeyPem: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() });
  try {
    await otherLog.record({ type: 'console.login', actor: 'console:x', details: { user: 'x' } });
    await new MarksSnapshot(otherDir, TEST_EVIDENCE_KEY).current(otherLog);
    copyFileSync(join(otherDir, MARKS_FILE), join(dir, MARKS_FILE));
    const copied = await new MarksSnapshot(dir, TEST_EVIDENCE_KEY, (c) => alarms.push(c)).current(log);
    assert.equal(copied.from, 0);
    assert.deepEqual(keys(copied.marks), keys(second.marks));
    assert.equal(alarms.length, 2);
  } finally {
    await otherLog.close();
    rmSync(otherDir, { recursive: true, force: true });
  }
});

test('replay time for a log of 5,000 entries (measured, printed)', async (t) => {
  const more = 5_000 - log.size;
  const appends: Promise<void>[] = [];
  for (let i = 0; i < more; i++) appends.push(log.record({ type: 'console.access', actor: 'console:ana', subject: A, details: { user: 'ana', role: 'analyst', liid: A, what: 'timeline', records: [i % 10] } }));
  await Promise.all(appends);
  const t0 = process.hrtime.bigint();
  const marks = await marksFromLog(log);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  assert.equal(marks.length, 2);
  t.diagnostic(`replayed ${log.size} entries in ${ms.toFixed(0)} ms (${((log.size / ms) * 1000).toFixed(0)} entries/s)`);
  // From a snapshot taken before the last 100 entries: only those are read.
  const snapshot = new MarksSnapshot(dir, TEST_EVIDENCE_KEY);
  await snapshot.current(log);
  for (let i = 0; i < 100; i++) await log.record({ type: 'console.access', actor: 'console:ana', subject: A, details: { user: 'ana', role: 'analyst', liid: A, what: 'timeline', records: [1] } });
  const t1 = process.hrtime.bigint();
  const r = await new MarksSnapshot(dir, TEST_EVIDENCE_KEY).current(log);
  const ms1 = Number(process.hrtime.bigint() - t1) / 1e6;
  assert.equal(r.from, log.size - 100);
  assert.deepEqual(keys(r.marks), keys(marks));
  t.diagnostic(`from a snapshot: ${log.size - r.from} entries replayed in ${ms1.toFixed(0)} ms`);
});
