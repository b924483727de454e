/**
 * A tampered bundle fails, naming what was touched. Every edit is tried twice: with the MANIFEST
 * as exported (its SHA-256 lines name the file) and with the MANIFEST rewritten to match — the
 * tamperer's move — where the signatures, proofs and the anchor root must catch it on their own.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { createNoteSigner, encodeVerifierKey, formatEntryLine, GENESIS_PREV_HASH, leafHash, parseEntryLine, signCheckpoint, parseSignedCheckpoint } from '../../src/audit/index.ts';
import { exportBundle, verifyBundle, type BundleVerificationReport } from '../../src/audit/bundle/index.ts';
import { alterByte, bundleFiles, buildTestLog, dropLine, rewriteManifest, timeOf, ORIGIN, type TestLog } from './bundle-helpers.ts';

let log: TestLog;
let pristine: string;
let copies = 0;
/** A fresh copy of the exported bundle (entries 40..80 of 120; checkpoints every 17). */
const fresh = (): string => {
  const dir = join(log.root, `copy-${copies++}`);
  cpSync(pristine, dir, { recursive: true });
  return dir;
};
const codes = (report: BundleVerificationReport): string[] => [...new Set(report.problems.map((p) => p.code))].sort();
const names = (report: BundleVerificationReport, file: string): boolean => report.problems.some((p) => p.file === file || p.message.includes(file));

before(async () => {
  log = await buildTestLog({ entries: 120, every: 17 });
  pristine = join(log.root, 'pristine');
  const result = await exportBundle({ dir: log.dir, keyFile: log.vkeyFile, out: pristine, from: timeOf(40), to: timeOf(80) });
  assert.equal(result.start, 40);
  assert.ok(result.contextEntries > 15);
  const report = await verifyBundle(pristine);
  assert.deepEqual(report.problems, []);
});
after(() => log.cleanup());

describe('any byte changed', () => {
  test('in any file: the MANIFEST names the file; with the MANIFEST rewritten, the cryptography still fails it', async () => {
    const files = bundleFiles(pristine);
    assert.ok(files.length > 30, `${files.length} files`);
    for (const file of files) {
      const size = readFileSync(join(pristine, file)).length;
      for (const at of [Math.floor(size / 2), size - 3]) {
        const dir = fresh();
        alterByte(join(dir, file), at);
        const kept = await verifyBundle(dir);
        assert.equal(kept.ok, false, `${file}@${at}`);
        assert.ok(kept.problems.some((p) => p.code === 'AUDIT_BUNDLE_MANIFEST_MISMATCH' && p.file === file), `${file}@${at}: ${JSON.stringify(kept.problems)}`);
        rewriteManifest(dir);
        const rewritten = await verifyBundle(dir);
        rmSync(dir, { recursive: true });
        if (file === 'witness-policy.txt') {
          // Only the digest covers it; the law and quorum checks that read it run in the caller.
          assert.equal(rewritten.ok, true);
          continue;
        }
        assert.equal(rewritten.ok, false, `${file}@${at} went unnoticed with the MANIFEST rewritten`);
        assert.ok(!codes(rewritten).includes('AUDIT_BUNDLE_MANIFEST_MISMATCH'));
        if (file !== 'log.pub') assert.ok(names(rewritten, file) || rewritten.problems.some((p) => p.index !== undefined), `${file}@${at}: ${JSON.stringify(rewritten.problems)}`);
      }
    }
  });

  test('in the MANIFEST: a digest line no longer matches its file', async () => {
    const dir = fresh();
    const text = readFileSync(join(dir, 'MANIFEST'), 'utf8');
    const line = text.split('\n').find((l) => l.endsWith('  context.jsonl'))!;
    writeFileSync(join(dir, 'MANIFEST'), text.replace(line, `${line[0] === '0' ? '1' : '0'}${line.slice(1)}`));
    const report = await verifyBundle(dir);
    assert.deepEqual(codes(report), ['AUDIT_BUNDLE_MANIFEST_MISMATCH']);
    assert.equal(report.problems[0]!.file, 'context.jsonl');
  });

  test('an entry edited with the chain after it recomputed: the anchor root fails', async () => {
    const dir = fresh();
    const file = join(dir, 'entries.jsonl');
    const entries = readFileSync(file, 'utf8').split('\n').slice(0, -1).map((line, i) => parseEntryLine(line, 40 + i));
    const edited = JSON.parse(Buffer.from(entries[10]!.leaf).toString('utf8')) as Record<string, unknown>;
    edited.subject = 's-forged';
    entries[10]!.leaf = new Uint8Array(Buffer.from(JSON.stringify(Object.fromEntries(Object.entries(edited).sort(([a], [b]) => (a < b ? -1 : 1))))));
    for (let i = 11; i < entries.length; i++) entries[i]!.prevHash = leafHash(entries[i - 1]!.leaf);
    writeFileSync(file, entries.map(formatEntryLine).join(''));
    rewriteManifest(dir);
    const report = await verifyBundle(dir);
    assert.deepEqual(codes(report), ['AUDIT_ROOT_MISMATCH']);
    assert.equal(report.problems[0]!.file, 'entries.jsonl');
  });

  test("the first entry's prev (leaf 39's hash) is proven by the anchor root too", async () => {
    const dir = fresh();
    const file = join(dir, 'entries.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    const first = parseEntryLine(lines[0]!, 40);
    lines[0] = formatEntryLine({ ...first, prevHash: GENESIS_PREV_HASH }).slice(0, -1);
    writeFileSync(file, lines.join('\n'));
    rewriteManifest(dir);
    assert.deepEqual(codes(await verifyBundle(dir)), ['AUDIT_ROOT_MISMATCH']);
  });
});

describe('an entry dropped', () => {
  test('from the middle of the range', async () => {
    const dir = fresh();
    dropLine(join(dir, 'entries.jsonl'), 20);
    const kept = await verifyBundle(dir);
    assert.ok(kept.problems.some((p) => p.code === 'AUDIT_BUNDLE_MANIFEST_MISMATCH' && p.file === 'entries.jsonl'));
    rewriteManifest(dir);
    const report = await verifyBundle(dir);
    assert.ok(report.problems.some((p) => p.code === 'AUDIT_INDEX_MISMATCH' && p.index === 60 && p.file === 'entries.jsonl'), JSON.stringify(report.problems));
  });

  test('the first or the last entry of the range, with the MANIFEST claiming the shorter range', async () => {
    const first = fresh();
    dropLine(join(first, 'entries.jsonl'), 0);
    rewriteManifest(first, { range: '41 81' });
    const a = await verifyBundle(first);
    assert.equal(a.ok, false);
    assert.ok(a.problems.some((p) => p.code === 'AUDIT_INDEX_MISMATCH' && p.index === 40));
    assert.ok(names(a, 'MANIFEST'));

    const last = fresh();
    dropLine(join(last, 'entries.jsonl'), -1);
    rewriteManifest(last, { range: '40 80' });
    const b = await verifyBundle(last);
    assert.equal(b.ok, false);
    assert.ok(b.problems.some((p) => p.code === 'AUDIT_BUNDLE_MALFORMED' && p.file === 'entries.jsonl'), JSON.stringify(b.problems));
  });

  test('a context entry: its proof is left without an entry', async () => {
    const dir = fresh();
    const removed = JSON.parse(dropLine(join(dir, 'context.jsonl'), 3)) as { index: number };
    rewriteManifest(dir, { context: String(Number(/^context (\d+)$/m.exec(readFileSync(join(dir, 'MANIFEST'), 'utf8'))![1]) - 1) });
    const report = await verifyBundle(dir);
    assert.deepEqual(codes(report), ['AUDIT_BUNDLE_MALFORMED']);
    assert.equal(report.problems[0]!.file, `proofs/context/${String(removed.index).padStart(12, '0')}.tlog-proof`);
  });

  test('the documented limit: a context entry dropped with its proof and a rewritten MANIFEST is not detectable', async () => {
    // The tree commits to leaves, not to an index by type: docs/audit.md "What a partial bundle cannot prove".
    const dir = fresh();
    const removed = JSON.parse(dropLine(join(dir, 'context.jsonl'), 3)) as { index: number };
    rmSync(join(dir, 'proofs', 'context', `${String(removed.index).padStart(12, '0')}.tlog-proof`));
    const count = Number(/^context (\d+)$/m.exec(readFileSync(join(dir, 'MANIFEST'), 'utf8'))![1]);
    rewriteManifest(dir, { context: String(count - 1) });
    assert.equal((await verifyBundle(dir)).ok, true);
  });
});

describe('a proof cut', () => {
  test("a context entry's tlog-proof loses its last hash", async () => {
    const dir = fresh();
    const name = readdirSync(join(dir, 'proofs', 'context'))[5]!;
    const file = join(dir, 'proofs', 'context', name);
    const text = readFileSync(file, 'utf8');
    const split = text.indexOf('\n\n');
    const proofLines = text.slice(0, split).split('\n');
    proofLines.pop();
    writeFileSync(file, `${proofLines.join('\n')}${text.slice(split)}`);
    rewriteManifest(dir);
    const report = await verifyBundle(dir);
    assert.deepEqual(codes(report), ['AUDIT_INCLUSION_PROOF_INVALID']);
    assert.equal(report.problems[0]!.index, Number(name.slice(0, 12)));
    assert.equal(report.problems[0]!.file, `proofs/context/${name}`);
  });

  test('a consistency proof loses a hash', async () => {
    const dir = fresh();
    const name = readdirSync(join(dir, 'proofs', 'consistency'))[2]!;
    dropLine(join(dir, 'proofs', 'consistency', name), -1);
    rewriteManifest(dir);
    const report = await verifyBundle(dir);
    assert.deepEqual(codes(report), ['AUDIT_INCONSISTENT']);
    assert.equal(report.problems[0]!.file, `proofs/consistency/${name}`);
    // The checkpoints below the cut are no longer linked to the anchor.
    assert.ok(report.checkpointsVerified < report.checkpointsGiven);
  });

  test('the range proof loses a frontier hash', async () => {
    const dir = fresh();
    const file = join(dir, 'proofs', 'range.proof');
    const lines = readFileSync(file, 'utf8').split('\n');
    const right = lines.findIndex((l) => l.startsWith('right '));
    lines.splice(right + 1, 1);
    lines[right] = `right ${Number(lines[right]!.split(' ')[1]) - 1}`;
    writeFileSync(file, lines.join('\n'));
    rewriteManifest(dir);
    const report = await verifyBundle(dir);
    assert.deepEqual(codes(report), ['AUDIT_BUNDLE_MALFORMED']);
    assert.equal(report.problems[0]!.file, 'proofs/range.proof');
  });

  test('a proof file removed', async () => {
    for (const sub of ['consistency', 'context']) {
      const dir = fresh();
      const name = readdirSync(join(dir, 'proofs', sub))[1]!;
      rmSync(join(dir, 'proofs', sub, name));
      rewriteManifest(dir);
      const report = await verifyBundle(dir);
      assert.deepEqual(codes(report), ['AUDIT_BUNDLE_MALFORMED']);
      assert.equal(report.problems[0]!.file, `proofs/${sub}/${name}`);
    }
  });
});

describe('a checkpoint removed', () => {
  test('one in the middle: no proof links its neighbours', async () => {
    const dir = fresh();
    const name = readdirSync(join(dir, 'checkpoints'))[2]!;
    rmSync(join(dir, 'checkpoints', name));
    const kept = await verifyBundle(dir);
    assert.ok(kept.problems.some((p) => p.code === 'AUDIT_BUNDLE_MANIFEST_MISMATCH' && p.file === `checkpoints/${name}`));
    rewriteManifest(dir, { checkpoints: String(readdirSync(join(dir, 'checkpoints')).length) });
    const report = await verifyBundle(dir);
    assert.deepEqual(codes(report), ['AUDIT_BUNDLE_MALFORMED']);
    assert.ok(report.problems.some((p) => p.file?.startsWith('proofs/consistency/')));
  });

  test('the anchor: the range and every context proof lose it', async () => {
    const dir = fresh();
    const name = readdirSync(join(dir, 'checkpoints')).pop()!;
    rmSync(join(dir, 'checkpoints', name));
    rewriteManifest(dir);
    const report = await verifyBundle(dir);
    assert.equal(report.ok, false);
    assert.ok(report.problems.some((p) => p.file === 'proofs/range.proof'));
    assert.equal(report.checkpointsVerified, 0);
    assert.equal(report.latest, undefined);
  });
});

describe('the key', () => {
  test('re-signed with another key and log.pub replaced: caught only against the key the overseer holds', async () => {
    const dir = fresh();
    const { privateKey } = generateKeyPairSync('ed25519');
    const forger = createNoteSigner(ORIGIN, privateKey);
    for (const name of readdirSync(join(dir, 'checkpoints'))) {
      const path = join(dir, 'checkpoints', name);
      writeFileSync(path, signCheckpoint(parseSignedCheckpoint(readFileSync(path, 'utf8')), forger).note);
    }
    writeFileSync(join(dir, 'log.pub'), `${encodeVerifierKey(forger)}\n`);
    rewriteManifest(dir);
    // The context proofs still carry the real anchor: they no longer match the re-signed one.
    const selfContained = await verifyBundle(dir);
    assert.ok(codes(selfContained).every((code) => code === 'AUDIT_BUNDLE_MALFORMED'));
    const pinned = await verifyBundle(dir, { publicKey: readFileSync(log.vkeyFile, 'utf8') });
    assert.ok(codes(pinned).includes('AUDIT_BAD_KEY'));
    assert.ok(codes(pinned).includes('AUDIT_SIGNATURE_INVALID'));
    assert.equal(pinned.checkpointsVerified, 0);
  });
});
