import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediationStateError } from './errors.ts';
import { sequenceKey, SequenceStore } from './sequence-store.ts';
import { MdfStateStore } from './state.ts';

const K = (liid: string, kind: 'IRI' | 'CC' = 'IRI', cin = 1) => sequenceKey(liid, 'opa', 'ne-1', cin, kind);

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'seqstore-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('sequence store: committed counters and forgotten LIIDs survive a reopen; uncommitted ones do not', () =>
  withDir((dir) => {
    let s = new SequenceStore(dir);
    s.set(K('A'), 10);
    s.set(K('A', 'CC'), 4);
    s.set(K('B'), 7);
    s.commit();
    s.forget('B');
    s.set(K('A'), 12);
    s.commit();
    s.set(K('A'), 99); // never committed: as if the process died here
    // no close(): a crash
    s = new SequenceStore(dir);
    assert.equal(s.get(K('A')), 12);
    assert.equal(s.get(K('A', 'CC')), 4);
    assert.equal(s.get(K('B')), undefined);
    s.raise(K('A'), 11);
    assert.equal(s.get(K('A')), 12, 'raise never lowers a counter');
    s.raise(K('A'), 20);
    s.close();
    assert.equal(new SequenceStore(dir).get(K('A')), 20);
  }));

test('sequence store: a torn last journal line is dropped and cut, so later appends stay readable', () =>
  withDir((dir) => {
    let s = new SequenceStore(dir);
    s.set(K('A'), 5);
    s.close();
    const journal = join(dir, 'sequences.journal');
    appendFileSync(journal, '{"s":{"torn'); // a crash in the middle of an append
    s = new SequenceStore(dir);
    assert.equal(s.get(K('A')), 5);
    assert.ok(readFileSync(journal, 'utf8').endsWith('\n'), 'the torn tail is cut at open');
    s.set(K('A'), 6);
    s.close();
    assert.equal(new SequenceStore(dir).get(K('A')), 6);
  }));

test('sequence store: a damaged line inside the journal or a damaged snapshot is MDF_STATE_CORRUPT', () =>
  withDir((dir) => {
    const s = new SequenceStore(dir);
    s.set(K('A'), 5);
    s.close();
    const journal = join(dir, 'sequences.journal');
    const good = readFileSync(journal, 'utf8');
    writeFileSync(journal, `${good}not json\n{"s":{},"f":[]}\n`);
    assert.throws(() => new SequenceStore(dir), (e: unknown) => e instanceof MediationStateError && e.code === 'MDF_STATE_CORRUPT' && /line 3/.test(e.message));
    writeFileSync(journal, `${good}{"s":{"k":-1},"f":[]}\n`);
    assert.throws(() => new SequenceStore(dir), (e: unknown) => e instanceof MediationStateError && e.code === 'MDF_STATE_CORRUPT');
    writeFileSync(journal, good);
    writeFileSync(join(dir, 'sequences.json'), '{"format":"warranted-mdf-sequences","generation":0,"next":');
    assert.throws(() => new SequenceStore(dir), (e: unknown) => e instanceof MediationStateError && e.code === 'MDF_STATE_CORRUPT' && /sequences\.json/.test(e.message));
  }));

test('sequence store: compaction writes a snapshot and restarts the journal; a journal older than the snapshot is ignored', () =>
  withDir((dir) => {
    let s = new SequenceStore(dir, 400);
    for (let i = 0; i < 40; i++) {
      s.set(K(`L${i % 5}`, 'CC', i), i + 1);
      s.commit();
    }
    const journal = join(dir, 'sequences.journal');
    assert.ok(existsSync(join(dir, 'sequences.json')), 'a snapshot was written');
    assert.ok(statSync(journal).size <= 400 + 200, 'the journal stays near its bound');
    const oldJournal = readFileSync(journal, 'utf8');
    s.close();
    s = new SequenceStore(dir, 400);
    for (let i = 0; i < 40; i++) assert.equal(s.get(K(`L${i % 5}`, 'CC', i)), i + 1);
    s.set(K('L0', 'CC', 0), 1000);
    for (let i = 0; i < 20; i++) {
      s.set(K('X', 'IRI', i), 1);
      s.commit(); // compacts again: the snapshot generation moves on
    }
    s.close();
    // A crash between a compaction's snapshot and its new journal leaves the previous journal behind.
    writeFileSync(journal, oldJournal);
    s = new SequenceStore(dir, 400);
    assert.equal(s.get(K('L0', 'CC', 0)), 1000, 'the stale journal does not roll the snapshot back');
    s.close();
  }));

test('MDF state file: saved state loads back; an edit breaks the checksum; a newer version is refused', () =>
  withDir((dir) => {
    const st = new MdfStateStore(dir);
    assert.deepEqual(st.load(), { destinations: [], tasks: [] }, 'no file yet: nothing to restore');
    const state = {
      destinations: [{ dId: 'd-1', deliveryType: 'X2Only' as const, deliveryAddress: { kind: 'ipAddressAndPort' as const, address: { kind: 'IPv4Address' as const, value: '127.0.0.1' }, port: { kind: 'TCPPort' as const, value: 9 } } }],
      tasks: [],
    };
    st.save(state);
    assert.deepEqual(st.load(), state);
    assert.equal(statSync(st.path).mode & 0o777, 0o600, 'the file names targets: owner only');
    const text = readFileSync(st.path, 'utf8');
    writeFileSync(st.path, text.replace('"value":9', '"value":10'));
    assert.throws(() => st.load(), (e: unknown) => e instanceof MediationStateError && e.code === 'MDF_STATE_CORRUPT' && /checksum/.test(e.message));
    writeFileSync(st.path, text.replace('"version":2', '"version":3'));
    assert.throws(() => st.load(), (e: unknown) => e instanceof MediationStateError && /version 3/.test(e.message));
  }));

test('sequence store: a change taken at a group commit\'s cut is written as it was then — never the numbers of records appended after the cut, not even by a compaction', () =>
  withDir((dir) => {
    let s = new SequenceStore(dir, 64);
    s.set(K('A'), 10);
    const atCut = s.take();
    s.set(K('A'), 25); // appended after the cut: not durable yet when the cut's commit is written
    s.set(K('C'), 3);
    s.commit(atCut); // the journal passes 64 octets: compacts, and the snapshot too holds only 10
    assert.equal(s.get(K('A')), 25, 'the live counter runs on');
    // kill -9 here: the records numbered 10..24 were never durable
    s = new SequenceStore(dir);
    assert.equal(s.get(K('A')), 10, 'after the crash the numbering continues at the first number not durable');
    assert.equal(s.get(K('C')), undefined);
    assert.ok(existsSync(join(dir, 'sequences.json')), 'a compaction happened');
  }));

test('sequence store: commitAsync — durable when it resolves, in order with commit(), compacting; a failed append is MDF_STATE_WRITE_FAILED and its change is written with the next commit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqstore-'));
  try {
    let s = new SequenceStore(dir, 200);
    s.set(K('A'), 10);
    s.set(K('A'), 11); // the same counter again: one value, the last
    s.set(K('B', 'CC'), 3);
    assert.equal(s.get(K('A')), 11);
    const first = s.commitAsync(s.take());
    s.set(K('A'), 12);
    s.commit(); // written behind the line still being fsync'd (close and recovery do this)
    await first;
    for (let i = 0; i < 20; i++) {
      s.set(K(`L${i}`, 'IRI', i), i + 1);
      await s.commitAsync(); // passes 200 octets: compacts between commits, never under an fsync
    }
    assert.ok(existsSync(join(dir, 'sequences.json')), 'a compaction happened');
    s.set(K('A'), 13);
    s.forget('B');
    assert.equal(s.get(K('A')), 13);
    assert.equal(s.get(K('B', 'CC')), undefined);
    await s.commitAsync();
    // kill -9 here
    s = new SequenceStore(dir);
    assert.equal(s.get(K('A')), 13);
    assert.equal(s.get(K('B', 'CC')), undefined);
    for (let i = 0; i < 20; i++) assert.equal(s.get(K(`L${i}`, 'IRI', i)), i + 1);
    // A journal that cannot be written (its descriptor gone): refused, and the change goes back.
    const inner = s as unknown as { fd: number };
    const fd = inner.fd;
    closeSync(fd);
    inner.fd = openSync(join(dir, 'sequences.journal'), 'r'); // read-only: the append fails
    s.set(K('A'), 14);
    await assert.rejects(s.commitAsync(), (e: unknown) => e instanceof MediationStateError && e.code === 'MDF_STATE_WRITE_FAILED');
    closeSync(inner.fd);
    inner.fd = openSync(join(dir, 'sequences.journal'), 'r+');
    await s.commitAsync();
    s.close();
    assert.equal(new SequenceStore(dir).get(K('A')), 14, 'the refused change was written with the next commit');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
