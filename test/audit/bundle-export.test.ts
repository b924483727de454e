/**
 * The export bundle end to end on real log directories: full and partial exports verify, a full
 * export reports exactly what the directory's own verification reports, the events handed to
 * onEvent are exactly the legal context and the range in index order, the bundle verifies with
 * the source log deleted, and the exporter refuses what it cannot prove (typed errors).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AuditError,
  ENTRIES_FILE,
  parseWitnessPolicy,
  cosignersOf,
  hasQuorum,
  readCheckpointNotes,
  verifyAuditLog,
  type AuditEvent,
  type WitnessPolicy,
} from '../../src/audit/index.ts';
import { exportBundle, verifyBundle, parseManifest } from '../../src/audit/bundle/index.ts';
import { buildTestLog, timeOf, type TestLog } from './bundle-helpers.ts';
import { isContextType } from '../../src/audit/bundle/format.ts';

const CONTEXT = { test: (type: string): boolean => isContextType(type) };

function quorumOf(policy: WitnessPolicy): { describe: string; check(note: string): { cosigners: string[]; satisfied: boolean } } {
  return { describe: 'any 1 witness', check: (note) => ({ cosigners: cosignersOf(note, policy), satisfied: hasQuorum(note, policy) }) };
}

describe('audit export bundle', () => {
  let log: TestLog;
  let n = 0;
  const out = (): string => join(log.root, `bundle-${n++}`);
  before(async () => {
    log = await buildTestLog({ entries: 300, every: 23 });
  });
  after(() => log.cleanup());

  test('a full export verifies exactly like the log directory itself', async () => {
    const bundle = out();
    const result = await exportBundle({ dir: log.dir, keyFile: log.vkeyFile, out: bundle });
    assert.equal(result.start, 0);
    assert.equal(result.end, 300);
    assert.equal(result.anchor.size, 300);
    assert.equal(result.contextEntries, 0);
    assert.equal(result.checkpoints, log.checkpointSizes.length);

    const fromBundle = await verifyBundle(bundle);
    const fromDir = await verifyAuditLog({
      entriesFile: join(log.dir, ENTRIES_FILE),
      checkpoints: await readCheckpointNotes(log.dir),
      publicKey: readFileSync(log.vkeyFile, 'utf8'),
      witnesses: 'none-required',
      law: false,
    });
    assert.deepEqual(fromBundle.problems, []);
    assert.equal(fromDir.ok, true);
    for (const field of ['ok', 'entries', 'rootHash', 'checkpointsGiven', 'checkpointsVerified', 'latest', 'uncheckpointedEntries', 'problems'] as const) {
      assert.deepEqual(fromBundle[field], fromDir[field], field);
    }
    // A full bundle is also a log directory: entries.jsonl and checkpoints/ byte for byte.
    assert.deepEqual(readFileSync(join(bundle, 'entries.jsonl')), readFileSync(join(log.dir, ENTRIES_FILE)));
    assert.deepEqual(readdirSync(join(bundle, 'checkpoints')), readdirSync(join(log.dir, 'checkpoints')));
  });

  test('a partial export carries the range, the legal context with proofs, and verifies; onEvent sees both in index order', async () => {
    const bundle = out();
    const result = await exportBundle({ dir: log.dir, keyFile: log.pemFile, out: bundle, from: timeOf(100), to: timeOf(180) });
    assert.equal(result.start, 100);
    assert.equal(result.end, 181);
    const anchor = log.checkpointSizes.find((size) => size >= 181)!;
    assert.equal(result.anchor.size, anchor);
    assert.equal(result.checkpoints, log.checkpointSizes.filter((size) => size <= anchor).length);

    const seen: [number, AuditEvent][] = [];
    const report = await verifyBundle(bundle, { onEvent: (index, event) => seen.push([index, event]) });
    assert.deepEqual(report.problems, []);
    assert.equal(report.ok, true);
    assert.equal(report.entries, 81);
    assert.equal(report.checkpointsVerified, result.checkpoints);
    assert.equal(report.latest?.size, anchor);
    assert.equal(report.uncheckpointedEntries, 0);

    const expectedContext = log.events.map((event, index) => [index, event] as [number, AuditEvent]).filter(([index, event]) => index < 100 && CONTEXT.test(event.type));
    assert.ok(expectedContext.length > 40, 'the log mixes in context entries');
    assert.equal(report.bundle.contextEntries, expectedContext.length);
    assert.equal(report.bundle.contextProven, expectedContext.length);
    const expectedRange = log.events.slice(100, 181).map((event, i) => [100 + i, event] as [number, AuditEvent]);
    assert.deepEqual(seen, [...expectedContext, ...expectedRange]);

    // Nothing of the log after the range is in the bundle (the right frontier is hashes only).
    const lines = readFileSync(join(bundle, 'entries.jsonl'), 'utf8').split('\n').slice(0, -1);
    assert.deepEqual(lines.map((line) => (JSON.parse(line) as { index: number }).index), expectedRange.map(([index]) => index));
    const manifest = parseManifest(readFileSync(join(bundle, 'MANIFEST'), 'utf8'));
    assert.equal(manifest.start, 100);
    assert.equal(manifest.from, timeOf(100));
    assert.ok(manifest.files.has('witness-policy.txt'));
  });

  test('the context proofs are C2SP tlog-proofs carrying the anchor checkpoint with its cosignature', async () => {
    const bundle = out();
    await exportBundle({ dir: log.dir, keyFile: log.vkeyFile, out: bundle, from: timeOf(50) });
    const proofs = readdirSync(join(bundle, 'proofs', 'context'));
    assert.ok(proofs.length > 10);
    const text = readFileSync(join(bundle, 'proofs', 'context', proofs[3]!), 'utf8');
    const [header, indexLine] = text.split('\n');
    assert.equal(header, 'c2sp.org/tlog-proof@v1');
    assert.equal(indexLine, `index ${Number(proofs[3]!.slice(0, 12))}`);
    const anchorNote = text.slice(text.indexOf('\n\n') + 2);
    assert.ok(anchorNote.startsWith(`audit.bundle.test/log\n300\n`));
    assert.match(anchorNote, new RegExp(`^\u2014 ${log.witnessName} `, 'm'));
  });

  test("the anchor's witness quorum is checked with the bundle's own witness policy", async () => {
    const bundle = out();
    await exportBundle({ dir: log.dir, keyFile: log.vkeyFile, out: bundle, to: timeOf(120) });
    const policy = parseWitnessPolicy(readFileSync(join(bundle, 'witness-policy.txt'), 'utf8'));
    const report = await verifyBundle(bundle, { witnesses: quorumOf(policy) });
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.deepEqual(report.witnesses, { cosigners: ['court'], quorum: 'any 1 witness', satisfied: true });
    const stricter = { describe: 'two witnesses', check: (note: string) => ({ cosigners: cosignersOf(note, policy), satisfied: false }) };
    const refused = await verifyBundle(bundle, { witnesses: stricter });
    assert.equal(refused.ok, false);
    assert.deepEqual(refused.problems.map((p) => p.code), ['AUDIT_COSIGNATURES_MISSING']);
  });

  test('a bundle verifies with nothing else: the source log deleted', async () => {
    const own = await buildTestLog({ entries: 40, every: 7 });
    const bundle = join(log.root, 'detached');
    await exportBundle({ dir: own.dir, keyFile: own.vkeyFile, out: bundle, from: timeOf(10), to: timeOf(30) });
    own.cleanup();
    assert.equal(existsSync(own.dir), false);
    const report = await verifyBundle(bundle);
    assert.deepEqual(report.problems, []);
    assert.equal(report.entries, 21);
  });
});

describe('every position of the range', () => {
  test('each single entry and each prefix of a 37-entry log exports and verifies (frontiers at every size)', async () => {
    const small = await buildTestLog({ entries: 37, every: 8 });
    try {
      for (let a = 0; a < 37; a++) {
        for (const [from, to] of [[a, a], [0, a]] as const) {
          const out = join(small.root, `one-${a}-${from}`);
          const result = await exportBundle({ dir: small.dir, keyFile: small.vkeyFile, out, from: timeOf(from), to: timeOf(to) });
          assert.deepEqual([result.start, result.end], [from, to + 1]);
          const indexes: number[] = [];
          const report = await verifyBundle(out, { onEvent: (index) => indexes.push(index) });
          assert.deepEqual(report.problems, [], `entries ${from}..${to}`);
          const context = small.events.flatMap((event, index) => (index < from && CONTEXT.test(event.type) ? [index] : []));
          assert.deepEqual(indexes, [...context, ...Array.from({ length: to - from + 1 }, (_, i) => from + i)]);
          rmSync(out, { recursive: true });
        }
      }
    } finally {
      small.cleanup();
    }
  });
});

describe('audit export refuses what it cannot prove', () => {
  let log: TestLog;
  before(async () => {
    log = await buildTestLog({ entries: 60, every: 20, tail: 5 });
  });
  after(() => log.cleanup());
  const refusal = async (options: Partial<Parameters<typeof exportBundle>[0]>, code: string): Promise<AuditError> => {
    const out = join(log.root, `refused-${code}-${Math.random()}`);
    const error = await exportBundle({ dir: log.dir, keyFile: log.vkeyFile, out, ...options }).then(
      () => assert.fail('export should have been refused'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof AuditError, String(error));
    assert.equal(error.code, code, error.message);
    assert.equal(existsSync(out) && readdirSync(out).length > 0, false, 'nothing written');
    assert.deepEqual(readdirSync(log.root).filter((name) => name.includes('.partial-')), [], 'no temporary directory left');
    return error;
  };

  test('entries after the last checkpoint: AUDIT_EXPORT_NOT_ANCHORED until the next checkpoint', async () => {
    const error = await refusal({}, 'AUDIT_EXPORT_NOT_ANCHORED');
    assert.deepEqual(error.details, { needed: 60, latest: 55 });
    assert.match(error.message, /wait for the next checkpoint/);
    // A period that ends before the tail is covered and exports.
    const result = await exportBundle({ dir: log.dir, keyFile: log.vkeyFile, out: join(log.root, 'covered'), to: timeOf(54) });
    assert.equal(result.anchor.size, 55);
    assert.equal((await verifyBundle(join(log.root, 'covered'))).ok, true);
  });

  test('bad periods: not ISO UTC, from after to, no entry inside', async () => {
    await refusal({ from: 'yesterday' }, 'AUDIT_EXPORT_BAD_PERIOD');
    await refusal({ from: timeOf(30), to: timeOf(20) }, 'AUDIT_EXPORT_BAD_PERIOD');
    await refusal({ from: '2031-01-01T00:00:00Z' }, 'AUDIT_EXPORT_BAD_PERIOD');
  });

  test('an existing, non-empty output directory', async () => {
    const out = join(log.root, 'occupied');
    await exportBundle({ dir: log.dir, keyFile: log.vkeyFile, out, to: timeOf(10) });
    await assert.rejects(exportBundle({ dir: log.dir, keyFile: log.vkeyFile, out, to: timeOf(10) }), { code: 'AUDIT_EXPORT_OUTPUT_EXISTS' });
  });

  test('a source log that does not verify (an entry edited, a checkpoint of another key)', async () => {
    const broken = await buildTestLog({ entries: 30, every: 10 });
    try {
      const file = join(broken.dir, ENTRIES_FILE);
      const original = readFileSync(file, 'utf8');
      const lines = original.split('\n');
      lines[4] = lines[4]!.replace('"index":4', '"index":5');
      writeFileSync(file, lines.join('\n'));
      await assert.rejects(exportBundle({ dir: broken.dir, keyFile: broken.vkeyFile, out: join(broken.root, 'a') }), (e: AuditError) => e.code === 'AUDIT_EXPORT_SOURCE_INVALID' && (e.details as { index: number }).index === 4);
      writeFileSync(file, original);
      // The key of another log: every checkpoint's signature fails.
      const other = await buildTestLog({ entries: 1, every: 1 });
      await assert.rejects(exportBundle({ dir: broken.dir, keyFile: other.vkeyFile, out: join(broken.root, 'b') }), { code: 'AUDIT_EXPORT_SOURCE_INVALID' });
      other.cleanup();
      rmSync(join(broken.dir, 'checkpoints', readdirSync(join(broken.dir, 'checkpoints'))[0]!));
      assert.equal((await exportBundle({ dir: broken.dir, keyFile: broken.vkeyFile, out: join(broken.root, 'c') })).checkpoints, 2);
    } finally {
      broken.cleanup();
    }
  });
});
