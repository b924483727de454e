/**
 * The MDF state file as a journal (src/mediation/state.ts): one line and one fsync per X1
 * RequestContainer, a chain of SHA-256 over the lines, a torn last line dropped, anything else
 * MDF_STATE_CORRUPT, the journal folded into a snapshot past its bound. Store-level tests here; the
 * MDF over real X1 in state-journal-x1.test.ts.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediationStateError } from '../../src/mediation/errors.ts';
import { MdfStateStore, type MdfX1Change, type MdfX1State } from '../../src/mediation/state.ts';
import { destination, mdfTask } from '../../src/provisioning/x1-messages.ts';
import type { TaskDetails } from '../../src/standards/x1/index.ts';

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'mdf-journal-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

const DEST = { id: 'agency-lemf', agencyId: 'agency', hi2: { host: '127.0.0.1', port: 7001 }, hi3: { host: '127.0.0.1', port: 7002 } };
const HI2 = destination('agency-lemf-hi2', 'hi2', 'X2Only', DEST.hi2);
const HI3 = destination('agency-lemf-hi3', 'hi3', 'X3Only', DEST.hi3);

function task(liid: string): TaskDetails {
  return mdfTask(
    { xid: randomUUID(), liid, warrantId: `W-${liid}`, warrantHash: 'c'.repeat(64), operatorId: 'opa', target: { kind: 'e164Number', value: '447700900123' }, deliveryType: 'X2andX3', services: ['voice'], start: '2025-01-01T00:00:00.000Z', end: '2035-01-01T00:00:00.000Z', destinationId: DEST.id },
    DEST,
    ['opa-ims'],
  );
}
const change = (c: Partial<MdfX1Change>): MdfX1Change => ({ tasks: [], xidsEnded: [], destinations: [], didsRemoved: [], ...c });
const empty = (): MdfX1State => ({ destinations: [], tasks: [] });
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
/** Lines of a snapshot of `tasks` tasks: its header, the destinations, the tasks 4,096 per part. */
const snapshotLines = (tasks: number) => 2 + Math.ceil(tasks / 4096);
const xids = (s: MdfX1State) => s.tasks.map((t) => t.xId).sort();

test('one journal line per recorded change; a reload replays them; the file stays mode 0600', () => {
  const dir = join(root, 'replay');
  const store = new MdfStateStore(dir);
  const a = task('LIID-A');
  const b = task('LIID-B');
  const c = task('LIID-C');
  // Current state after the changes below, for a snapshot the store might want.
  const current: MdfX1State = { destinations: [HI2, HI3], tasks: [] };
  store.record(change({ destinations: [HI2, HI3] }), () => current); // no file yet: a snapshot of `current`
  store.record(change({ tasks: [a, b] }), () => current);
  store.record(change({ tasks: [c], xidsEnded: [a.xId] }), () => current);
  assert.equal(lines(store.path).length, snapshotLines(0) + 2, 'a snapshot and two journal lines');
  assert.equal(statSync(store.path).mode & 0o777, 0o600);

  const again = new MdfStateStore(dir);
  const s = again.load();
  assert.deepEqual(xids(s), [b.xId, c.xId].sort());
  assert.deepEqual(s.destinations.map((d) => d.dId), [HI2.dId, HI3.dId]);
  assert.equal(again.hasJournal, true);
  again.save(s);
  assert.equal(lines(again.path).length, snapshotLines(2), 'save folds the journal into one snapshot');
  assert.deepEqual(xids(new MdfStateStore(dir).load()), [b.xId, c.xId].sort());
});

test('a torn last line (crash mid-append) is dropped, and the next write is a snapshot, not a line after it', () => {
  const dir = join(root, 'torn');
  const store = new MdfStateStore(dir);
  const a = task('LIID-A');
  store.save({ destinations: [HI2, HI3], tasks: [] });
  store.record(change({ tasks: [a] }), () => ({ destinations: [HI2, HI3], tasks: [a] }));
  const b = task('LIID-B');
  const good = readFileSync(store.path, 'utf8');
  // An append cut short: a line without its newline.
  writeFileSync(store.path, good + `${'0'.repeat(64)} {"tasks":[${JSON.stringify(b).slice(0, 40)}`);
  const reloaded = new MdfStateStore(dir);
  assert.deepEqual(xids(reloaded.load()), [a.xId], 'the torn change is not applied');
  let snapshotAsked = false;
  reloaded.record(change({ tasks: [b] }), () => {
    snapshotAsked = true;
    return { destinations: [HI2, HI3], tasks: [a, b] };
  });
  assert.ok(snapshotAsked, 'after a torn line the store writes a snapshot');
  assert.equal(lines(reloaded.path).length, snapshotLines(2), 'a snapshot, no journal line');
  assert.deepEqual(xids(new MdfStateStore(dir).load()), [a.xId, b.xId].sort());
});

test('an edited, dropped, reordered or empty journal line is MDF_STATE_CORRUPT, and the file is left as found', () => {
  const dir = join(root, 'corrupt');
  const store = new MdfStateStore(dir);
  const [a, b, c] = [task('LIID-A'), task('LIID-B'), task('LIID-C')];
  store.save({ destinations: [HI2, HI3], tasks: [] });
  for (const t of [a, b, c]) store.record(change({ tasks: [t] }), empty);
  const good = readFileSync(store.path, 'utf8');
  const [header, dests, l1, l2, l3] = good.split('\n');
  const snap = `${header}\n${dests}`;
  const cases: [string, string, RegExp][] = [
    ['edited', good.replace('LIID-B', 'LIID-X'), /line 4 fails its SHA-256 checksum/],
    ['dropped', [snap, l1, l3, ''].join('\n'), /line 4 fails its SHA-256 checksum/],
    ['reordered', [snap, l2, l1, l3, ''].join('\n'), /line 3 fails its SHA-256 checksum/],
    ['empty line', [snap, l1, '', l2, l3, ''].join('\n'), /line 4 is not a journal line/],
    ['garbage line', [snap, l1, '\u0000\u0000', l2, ''].join('\n'), /line 4 is not a journal line/],
    ['snapshot part dropped', [header, l1, l2, l3, ''].join('\n'), /line 2 \(snapshot part\) fails its SHA-256 checksum/],
    ['snapshot cut short', `${header}\n`, /ends inside its snapshot \(part 1 of 1 missing\)/],
  ];
  for (const [name, bytes, why] of cases) {
    writeFileSync(store.path, bytes);
    assert.throws(() => new MdfStateStore(dir).load(), (e: unknown) => e instanceof MediationStateError && e.code === 'MDF_STATE_CORRUPT' && e.message.includes(store.path) && why.test(e.message), name);
    assert.equal(readFileSync(store.path, 'utf8'), bytes, `${name}: left as found`);
  }
  // A line that verifies but whose change has the wrong shape.
  writeFileSync(store.path, good);
  const s = new MdfStateStore(dir);
  s.load();
  s.record({ tasks: 'none' } as unknown as MdfX1Change, empty);
  assert.throws(() => new MdfStateStore(dir).load(), /line 6 is invalid/);
});

test('the journal is folded into a snapshot once it outgrows its bound and the snapshot', () => {
  const dir = join(root, 'compact');
  const store = new MdfStateStore(dir, { compactBytes: 8 * 1024 });
  const state: MdfX1State = { destinations: [HI2, HI3], tasks: [] };
  store.save(state);
  let folds = 0;
  let previous = 1;
  for (let i = 0; i < 60; i++) {
    const t = task(`LIID-${i}`);
    state.tasks.push(t);
    store.record(change({ tasks: [t] }), () => state);
    const n = lines(store.path).length;
    if (n < previous) folds++;
    previous = n;
  }
  assert.ok(folds >= 2, `folded on the way (${folds} times)`);
  assert.equal(new MdfStateStore(dir).load().tasks.length, 60);
});

test('an append that cannot be written is MDF_STATE_WRITE_FAILED and leaves nothing of the change; the next write is a snapshot', () => {
  const dir = join(root, 'gone');
  const store = new MdfStateStore(dir);
  store.save({ destinations: [HI2, HI3], tasks: [] });
  rmSync(store.path);
  const a = task('LIID-A');
  assert.throws(() => store.record(change({ tasks: [a] }), empty), (e: unknown) => e instanceof MediationStateError && e.code === 'MDF_STATE_WRITE_FAILED');
  let snapshotAsked = false;
  store.record(change({ tasks: [a] }), () => {
    snapshotAsked = true;
    return { destinations: [HI2, HI3], tasks: [a] };
  });
  assert.ok(snapshotAsked);
  assert.deepEqual(xids(new MdfStateStore(dir).load()), [a.xId]);
  assert.equal(statSync(store.path).mode & 0o777, 0o600);
});
