/**
 * The proof pieces of the export bundle, against the RFC 9162 tree and its naive reference:
 * compact ranges of every [begin, end) of small trees merge into the right root; the exporter's
 * left frontier (the last leaf's inclusion path) is the compact range of [0, a−1); and the C2SP
 * tlog-proof text round-trips and is parsed strictly.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { MerkleTree } from '../../src/audit/index.ts';
import { naiveMTH } from '../../src/audit/reference/rfc9162-naive.ts';
import { CompactRange, compactRangeSpans, formatTlogProof, parseTlogProof } from '../../src/audit/bundle/index.ts';

const leaves = (n: number): Uint8Array[] => Array.from({ length: n }, (_, i) => new Uint8Array(createHash('sha256').update(`leaf ${i}`).digest()));

describe('compact ranges', () => {
  test('left range + right range merge into MTH(D[n]) for every split of every tree up to 70 leaves', () => {
    for (let n = 0; n <= 70; n++) {
      const data = leaves(n);
      const tree = new MerkleTree();
      for (const leaf of data) tree.appendLeaf(leaf);
      assert.deepEqual(tree.rootHash(), naiveMTH(data), `n=${n}`);
      for (let b = 0; b <= n; b++) {
        const right = new CompactRange(b);
        for (let i = b; i < n; i++) right.appendLeafHash(tree.leafHashAt(i));
        assert.equal(right.hashes().length, compactRangeSpans(b, n).length);
        assert.ok(right.hashes().length <= 2 * Math.max(1, Math.ceil(Math.log2(n + 1))));
        const left = new CompactRange(0);
        for (let i = 0; i < b; i++) left.appendLeafHash(tree.leafHashAt(i));
        assert.equal(left.hashes().length, b.toString(2).replaceAll('0', '').length);
        const merged = CompactRange.fromHashes(0, b, left.hashes());
        compactRangeSpans(b, n).forEach((span, i) => merged.appendSubtree(span.level, right.hashes()[i]!));
        assert.deepEqual(merged.root(), tree.rootHash(), `n=${n} b=${b}`);
      }
    }
  });

  test("the last leaf's inclusion path in the tree of size a is the compact range of [0, a−1), bottom-up", () => {
    const data = leaves(140);
    const tree = new MerkleTree();
    for (const leaf of data) tree.appendLeaf(leaf);
    for (let a = 1; a <= 140; a++) {
      const range = new CompactRange(0);
      for (let i = 0; i < a - 1; i++) range.appendLeafHash(tree.leafHashAt(i));
      assert.deepEqual(tree.inclusionProof(a - 1, a).reverse(), range.hashes(), `a=${a}`);
    }
  });

  test('misplaced subtrees and wrong hash counts are refused', () => {
    const range = new CompactRange(3);
    assert.throws(() => range.appendSubtree(1, new Uint8Array(32)), { code: 'AUDIT_BAD_RANGE' });
    assert.throws(() => CompactRange.fromHashes(0, 5, [new Uint8Array(32)]), { code: 'AUDIT_BAD_RANGE' });
    assert.throws(() => new CompactRange(3).root(), { code: 'AUDIT_BAD_RANGE' });
  });
});

describe('C2SP tlog-proof text', () => {
  const note = 'example.com/log\n9\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u2014 example.com/log AAAA\n';
  const path = leaves(3);

  test('round-trips, with and without extra data, and an empty path', () => {
    for (const proof of [{ index: 7, path, checkpoint: note }, { index: 0, path: [], checkpoint: note }, { index: 12, path, checkpoint: note, extra: new Uint8Array([1, 2, 3]) }]) {
      const text = formatTlogProof(proof);
      assert.ok(text.startsWith('c2sp.org/tlog-proof@v1\n'));
      assert.deepEqual(parseTlogProof(text), proof);
    }
    assert.equal(formatTlogProof({ index: 0, path: [], checkpoint: note }), `c2sp.org/tlog-proof@v1\nindex 0\n\n${note}`);
  });

  test('refuses a wrong header, a leading-zero index, a hash that is not 32 bytes, no checkpoint', () => {
    const good = formatTlogProof({ index: 7, path, checkpoint: note });
    for (const bad of [good.replace('@v1', '@v2'), good.replace('index 7', 'index 07'), good.replace(/\n[A-Za-z0-9+/]{43}=\n/, '\nAAAA\n'), good.slice(0, good.indexOf('\n\n') + 2)]) {
      assert.throws(() => parseTlogProof(bad), { code: 'AUDIT_BUNDLE_MALFORMED' });
    }
  });
});
