/**
 * The LEMF's evidence at rest (src/monitoring/at-rest): sealed chunk files read at random by
 * plaintext offset, a kill -9 in the middle of an append simulated by cutting the file at random
 * points (a torn last chunk is dropped, whole appends stay), damage refused, a wrong master key
 * refused, and the plain files of an earlier version sealed at start.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHUNK_OVERHEAD, fileKey } from '../../src/monitoring/at-rest/chunk.ts';
import { SealedFile } from '../../src/monitoring/at-rest/sealed-file.ts';
import { Keyring } from '../../src/monitoring/at-rest/keyring.ts';
import { EvidenceFiles } from '../../src/monitoring/evidence.ts';
import { MonitoringStore, openEvidence } from '../../src/monitoring/index.ts';
import { TEST_EVIDENCE_KEY } from '../helpers/evidence-key.ts';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'lemf-at-rest-'));
const KEY = fileKey(Buffer.alloc(32, 9), 'hi3.ber');

/** A deterministic PRNG (mulberry32): the same cuts on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Appends of 1..3000 octets, in batches of 1..40 (each batch = one flush = one or more chunks). */
function writeSample(path: string, rnd: () => number): { plain: Buffer; batchEnds: number[] } {
  const f = new SealedFile({ path, key: KEY });
  const all: Buffer[] = [];
  const batchEnds: number[] = [];
  let size = 0;
  for (let b = 0; b < 30; b++) {
    const parts = Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => randomBytes(1 + Math.floor(rnd() * 3000)));
    f.append(parts);
    all.push(...parts);
    size += parts.reduce((n, p) => n + p.length, 0);
    batchEnds.push(size);
  }
  f.close();
  return { plain: Buffer.concat(all), batchEnds };
}

test('a sealed file reads back at random by plaintext offset, across chunk boundaries', () => {
  const dir = tmp();
  try {
    const rnd = prng(1);
    const { plain } = writeSample(join(dir, 'e.sealed'), rnd);
    const f = new SealedFile({ path: join(dir, 'e.sealed'), key: KEY, readOnly: true });
    assert.equal(f.size, plain.length);
    assert.ok(f.diskSize > plain.length && f.diskSize < plain.length * 1.01, `overhead ${f.diskSize - plain.length} octets`);
    for (let i = 0; i < 300; i++) {
      const offset = Math.floor(rnd() * plain.length);
      const length = 1 + Math.floor(rnd() * 200_000);
      assert.deepEqual(f.read(offset, length), plain.subarray(offset, offset + length));
    }
    assert.deepEqual(Buffer.concat([...f.stream(12_345)]), plain.subarray(12_345));
    assert.equal(readFileSync(join(dir, 'e.sealed')).indexOf(plain.subarray(5000, 5032)), -1, 'no plaintext on disk');
    f.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kill -9 mid-append: a file cut at any point opens at the last whole chunk, and appends go on', () => {
  const dir = tmp();
  try {
    const rnd = prng(2);
    const path = join(dir, 'e.sealed');
    const { plain } = writeSample(path, rnd);
    const original = readFileSync(path);
    let torn = 0;
    for (let i = 0; i < 120; i++) {
      const cut = Math.floor(rnd() * original.length);
      writeFileSync(path, original.subarray(0, cut));
      const reports: number[] = [];
      const f = new SealedFile({ path, key: KEY, onTornTail: (bytes) => reports.push(bytes) });
      // Whole chunks only: the plaintext is a prefix, the file cut back to where that prefix ends.
      assert.deepEqual(f.read(0, f.size), plain.subarray(0, f.size), `cut at ${cut}`);
      assert.equal(statSync(path).size, f.diskSize);
      assert.equal(cut - f.diskSize, reports[0] ?? 0, 'the dropped octets are reported');
      if (reports.length) torn++;
      f.append([plain.subarray(f.size, f.size + 100)]);
      f.close();
      const again = new SealedFile({ path, key: KEY, readOnly: true });
      assert.deepEqual(again.read(0, again.size), plain.subarray(0, again.size), 'appended after the cut and read back');
      again.close();
    }
    assert.ok(torn > 100, `most random cuts fall inside a chunk (${torn})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('damage is refused, not dropped: an altered chunk, a chunk removed from the middle', () => {
  const dir = tmp();
  try {
    const path = join(dir, 'e.sealed');
    const f = new SealedFile({ path, key: KEY });
    for (let i = 0; i < 3; i++) f.append([Buffer.alloc(1000, i + 1)]);
    f.close();
    const original = readFileSync(path);
    const chunk = 1000 + CHUNK_OVERHEAD;
    const altered = Buffer.from(original);
    altered[chunk + 100]! ^= 1;
    writeFileSync(path, altered);
    const g = new SealedFile({ path, key: KEY, readOnly: true });
    assert.deepEqual(g.read(0, 10), Buffer.alloc(10, 1));
    assert.throws(() => g.read(1000, 10), { code: 'MONITORING_EVIDENCE_CORRUPT' });
    g.close();
    writeFileSync(path, Buffer.concat([original.subarray(0, chunk), original.subarray(2 * chunk)]));
    assert.throws(() => new SealedFile({ path, key: KEY }), { code: 'MONITORING_EVIDENCE_CORRUPT' });
    assert.equal(statSync(path).size, 2 * chunk, 'left as found');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a chunk moved to another file of the LIID does not open there', () => {
  const dir = tmp();
  try {
    const files = new EvidenceFiles(dir, { key: TEST_EVIDENCE_KEY });
    files.appendPdu('LIID-1', 'hi2.ber', Buffer.alloc(50, 2));
    files.flush();
    files.appendPdu('LIID-1', 'hi2.ber', Buffer.alloc(50, 2));
    files.appendPdu('LIID-1', 'hi3.ber', Buffer.alloc(50, 3));
    files.close();
    const d = join(dir, 'LIID-1');
    writeFileSync(join(d, 'hi3.ber.sealed'), readFileSync(join(d, 'hi2.ber.sealed')));
    const reader = openEvidence(dir, TEST_EVIDENCE_KEY);
    assert.deepEqual(reader.readChannel('LIID-1', 'HI2'), new Uint8Array(Buffer.alloc(100, 2)));
    assert.throws(() => reader.readChannel('LIID-1', 'HI3'), { code: 'MONITORING_EVIDENCE_CORRUPT' });
    reader.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('another master key is refused: the LEMF does not start on evidence it cannot read', () => {
  const dir = tmp();
  try {
    const files = new EvidenceFiles(dir, { key: TEST_EVIDENCE_KEY });
    files.appendLine('LIID-1', 'records.jsonl', { x: 1 });
    files.close();
    const s = new MonitoringStore({ dataDir: dir, evidenceKey: TEST_EVIDENCE_KEY, defaultAccessor: 't' });
    s.setRetention('LIID-1', new Date(Date.now() + 60_000));
    s.close();
    assert.throws(() => new MonitoringStore({ dataDir: dir, evidenceKey: randomBytes(32), defaultAccessor: 't' }), { code: 'MONITORING_EVIDENCE_KEY' });
    assert.throws(() => new MonitoringStore({ dataDir: dir, evidenceKey: randomBytes(16), defaultAccessor: 't' }), { code: 'MONITORING_EVIDENCE_KEY' });
    assert.equal(readFileSync(join(dir, 'retention.sealed')).indexOf('LIID-1'), -1, 'the retention table is sealed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('plain files of an earlier version are sealed at start and removed', () => {
  const dir = tmp();
  try {
    const liidDir = join(dir, 'LIID-OLD');
    mkdirSync(liidDir, { recursive: true });
    const pdu = Buffer.from('3003020101', 'hex');
    const record = { id: 0, liid: 'LIID-OLD', channel: 'HI2', sequenceNumber: 1, element: 0, receivedAt: new Date(0).toISOString(), operator: 'op', peer: 'mdf', kind: 'other', identities: [], inSequence: false, evidence: { file: 'hi2.ber', offset: 0, length: pdu.length }, summary: { kind: 'other', payload: 'x' } };
    writeFileSync(join(liidDir, 'hi2.ber'), pdu);
    writeFileSync(join(liidDir, 'records.jsonl'), `${JSON.stringify(record)}\n`);
    writeFileSync(join(dir, 'retention.json'), JSON.stringify({ 'LIID-OLD': new Date(Date.now() + 60_000).toISOString() }));
    const s = new MonitoringStore({ dataDir: dir, evidenceKey: TEST_EVIDENCE_KEY, defaultAccessor: 't' });
    assert.equal(s.records('LIID-OLD').length, 1);
    assert.deepEqual(s.evidenceOf(s.records('LIID-OLD')[0]!), new Uint8Array(pdu));
    assert.deepEqual(readdirSync(liidDir).sort(), ['hi2.ber.sealed', 'records.jsonl.sealed']);
    assert.ok(!existsSync(join(dir, 'retention.json')) && existsSync(join(dir, 'retention.sealed')));
    assert.ok(s.retentionOf('LIID-OLD'));
    s.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a read-only reader changes nothing: a torn tail is ignored, not cut', () => {
  const dir = tmp();
  try {
    const files = new EvidenceFiles(dir, { key: TEST_EVIDENCE_KEY });
    files.appendPdu('LIID-1', 'hi3.ber', Buffer.alloc(100, 7));
    files.flush();
    const path = join(dir, 'LIID-1', 'hi3.ber.sealed');
    const whole = statSync(path).size;
    files.appendPdu('LIID-1', 'hi3.ber', Buffer.alloc(100, 8));
    files.close();
    truncateSync(path, whole + 40);
    const reader = openEvidence(dir, TEST_EVIDENCE_KEY);
    assert.deepEqual(reader.readChannel('LIID-1', 'HI3'), new Uint8Array(Buffer.alloc(100, 7)));
    reader.close();
    assert.equal(statSync(path).size, whole + 40);
    const store = new MonitoringStore({ dataDir: dir, evidenceKey: TEST_EVIDENCE_KEY, readOnly: true, defaultAccessor: 't' });
    assert.throws(() => store.keepPdu('LIID-1', 'hi3.ber', Buffer.alloc(1)), { code: 'MONITORING_BAD_OPTION' });
    assert.throws(() => store.setRetention('LIID-1', new Date(0)), { code: 'MONITORING_BAD_OPTION' });
    assert.equal(store.retentionOf('LIID-1'), undefined, 'nothing half-applied');
    assert.throws(() => store.purgeExpired(new Date()), { code: 'MONITORING_BAD_OPTION' });
    store.close();
    assert.ok(existsSync(path));
    truncateSync(path, whole);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('purge: the destruction is logged before anything is destroyed; a crash after the key is shredded is completed at the next start', () => {
  const dir = tmp();
  try {
    const until = new Date(Date.now() - 1000);
    const s = new MonitoringStore({ dataDir: dir, evidenceKey: TEST_EVIDENCE_KEY, defaultAccessor: 't', onDestruction: () => { throw new Error('the log refused'); } });
    s.keepPdu('LIID-1', 'hi3.ber', Buffer.alloc(10, 1));
    s.keepPdu('LIID-2', 'hi3.ber', Buffer.alloc(10, 2));
    s.setRetention('LIID-1', until);
    assert.throws(() => s.purgeExpired(), /the log refused/);
    s.close();
    assert.ok(existsSync(join(dir, 'LIID-1', 'hi3.ber.sealed')) && existsSync(join(dir, '_keys', 'LIID-1.key')), 'not logged, not destroyed');
    // A crash after the event was logged and the key shredded, before the directory went.
    new Keyring(dir, TEST_EVIDENCE_KEY).shred('LIID-1');
    const reader = openEvidence(dir, TEST_EVIDENCE_KEY);
    assert.deepEqual(reader.liids(), ['LIID-2'], 'a reader lists no LIID whose key is gone');
    reader.close();
    const alarms: string[] = [];
    const again = new MonitoringStore({ dataDir: dir, evidenceKey: TEST_EVIDENCE_KEY, defaultAccessor: 't', onAlarm: (a) => alarms.push(a.code) });
    assert.ok(!existsSync(join(dir, 'LIID-1')), 'the destruction is completed');
    assert.deepEqual(alarms, ['MONITORING_PURGE_COMPLETED']);
    assert.deepEqual(again.purgeExpired(), [], 'and not logged twice');
    again.close();
    const after = openEvidence(dir, TEST_EVIDENCE_KEY);
    assert.deepEqual(after.readChannel('LIID-2', 'HI3'), new Uint8Array(Buffer.alloc(10, 2)), 'the other LIID is untouched');
    after.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('one sealed chunk per write batch, not one per PDU: the PDUs of one turn cost 44 octets together', async () => {
  const dir = tmp();
  try {
    const files = new EvidenceFiles(dir, { key: TEST_EVIDENCE_KEY });
    for (let i = 0; i < 100; i++) files.appendPdu('LIID-1', 'hi3.ber', Buffer.alloc(200, i));
    await files.sync();
    assert.equal(statSync(join(dir, 'LIID-1', 'hi3.ber.sealed')).size, 100 * 200 + CHUNK_OVERHEAD, 'one chunk for 100 PDUs');
    for (let i = 0; i < 400; i++) files.appendPdu('LIID-1', 'hi3.ber', Buffer.alloc(200, i));
    await files.sync();
    // 80,000 octets in one turn: cut at about 64 KiB, never inside a PDU.
    assert.equal(statSync(join(dir, 'LIID-1', 'hi3.ber.sealed')).size, 500 * 200 + 3 * CHUNK_OVERHEAD);
    files.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
