/**
 * The MDF state file at seed scale (issue 8 item 7): a snapshot written in parts and the file read
 * line by line in blocks (src/mediation/state-io.ts), so no string ever holds the whole state — V8
 * cannot make a string of 4,000,000 tasks. Parts are made small here so that a handful of tasks
 * exercises what millions do; bench/mdf-state-snapshot.bench.ts measures the real size.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediationStateError } from '../../src/mediation/errors.ts';
import { readFileLines } from '../../src/mediation/state-io.ts';
import { MdfStateStore, type MdfX1State } from '../../src/mediation/state.ts';
import { destination, mdfTask } from '../../src/provisioning/x1-messages.ts';
import type { TaskDetails } from '../../src/standards/x1/index.ts';

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'mdf-parts-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

const DEST = { id: 'agency-lemf', agencyId: 'agency', hi2: { host: '127.0.0.1', port: 7001 }, hi3: { host: '127.0.0.1', port: 7002 } };
const HI2 = destination('agency-lemf-hi2', 'hi2', 'X2Only', DEST.hi2);
const task = (liid: string): TaskDetails =>
  mdfTask(
    { xid: randomUUID(), liid, warrantId: `W-${liid}`, warrantHash: 'c'.repeat(64), operatorId: 'opa', target: { kind: 'e164Number', value: '447700900123' }, deliveryType: 'X2andX3', services: ['voice'], start: '2025-01-01T00:00:00.000Z', end: '2035-01-01T00:00:00.000Z', destinationId: DEST.id },
    DEST,
    ['opa-ims'],
  );
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
const corrupt = (why: RegExp) => (e: unknown) => e instanceof MediationStateError && e.code === 'MDF_STATE_CORRUPT' && why.test(e.message);

test('a snapshot in parts: header, destinations, tasks N per line, chained; loads back whole, in order, with its journal', () => {
  const dir = join(root, 'parts');
  const store = new MdfStateStore(dir, { partTasks: 3 });
  const state: MdfX1State = { destinations: [HI2], tasks: Array.from({ length: 10 }, (_, i) => task(`LIID-${i}`)) };
  store.save(state);
  const written = lines(store.path);
  assert.equal(written.length, 1 + 1 + 4, 'header, destinations, ⌈10/3⌉ task parts');
  const header = JSON.parse(written[0]!) as { version: number; parts: number; tasks: number };
  assert.deepEqual([header.version, header.parts, header.tasks], [2, 5, 10]);
  assert.ok(written.slice(1).every((l) => /^[0-9a-f]{64} \{/.test(l)), 'every part is a chained line');
  const extra = task('LIID-10');
  store.record({ tasks: [extra], xidsEnded: [state.tasks[0]!.xId], destinations: [], didsRemoved: [] }, () => state);
  const loaded = new MdfStateStore(dir, { partTasks: 3 }).load();
  assert.deepEqual(loaded.tasks.map((t) => t.xId), [...state.tasks.slice(1), extra].map((t) => t.xId));
  assert.deepEqual(loaded.destinations, [HI2]);

  // Parts swapped, a part dropped (the count in the header still says 5), the header's count raised.
  const good = readFileSync(store.path, 'utf8').split('\n');
  const cases: [string, string[], RegExp][] = [
    ['parts swapped', [good[0]!, good[1]!, good[3]!, good[2]!, ...good.slice(4)], /line 3 \(snapshot part\) fails its SHA-256 checksum/],
    ['a part dropped', [good[0]!, good[1]!, good[2]!, good[4]!, good[5]!, ...good.slice(6)], /line 4 \(snapshot part\) fails its SHA-256 checksum/],
    ['more parts claimed than written', [good[0]!.replace('"parts":5', '"parts":7'), ...good.slice(1)], /line 2 \(snapshot part\) fails its SHA-256 checksum/],
  ];
  for (const [name, text, why] of cases) {
    writeFileSync(store.path, text.join('\n'));
    assert.throws(() => new MdfStateStore(dir).load(), corrupt(why), name);
  }
});

test('a version 1 file (the whole state in line 1) is still read, and the next write replaces it by a version 2 snapshot', () => {
  const dir = join(root, 'v1');
  const store = new MdfStateStore(dir);
  const state: MdfX1State = { destinations: [HI2], tasks: [task('LIID-OLD')] };
  store.save(state);
  const body = JSON.stringify(state);
  const v1 = `${JSON.stringify({ format: 'warranted-mdf-x1-state', version: 1, sha256: createHash('sha256').update(body).digest('hex'), state })}\n`;
  writeFileSync(store.path, v1);
  const reader = new MdfStateStore(dir);
  assert.deepEqual(reader.load(), state);
  let snapshot = false;
  reader.record({ tasks: [task('LIID-NEW')], xidsEnded: [], destinations: [], didsRemoved: [] }, () => {
    snapshot = true;
    return state;
  });
  assert.ok(snapshot, 'no journal line is appended to a version 1 file');
  assert.equal((JSON.parse(lines(store.path)[0]!) as { version: number }).version, 2);
  writeFileSync(store.path, v1.replace('LIID-OLD', 'LIID-XXX'));
  assert.throws(() => new MdfStateStore(dir).load(), corrupt(/checksum/), 'version 1 keeps its checksum');
});

test('readFileLines: lines across block boundaries, a torn last line, a line beyond the bound', () => {
  const file = join(root, 'lines.txt');
  const want = ['', 'a', 'bb'.repeat(20), 'ccc', 'é'.repeat(9), 'd'.repeat(7)];
  writeFileSync(file, `${want.join('\n')}\ntorn`);
  const got = [...readFileLines(file, { blockBytes: 5 })];
  assert.deepEqual(got.map((l) => l.text), [...want, 'torn']);
  assert.deepEqual(got.map((l) => l.complete), [...want.map(() => true), false]);
  assert.equal(got.reduce((n, l) => n + l.bytes, 0), readFileSync(file).length, 'octets of every line add up to the file');
  writeFileSync(file, `short\n${'x'.repeat(100)}\n`);
  assert.throws(() => [...readFileLines(file, { blockBytes: 8, maxLineBytes: 64 })], RangeError);
});
