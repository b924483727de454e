import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { MerkleTree } from './tree.ts';
import { EMPTY_ROOT, leafHash, nodeHash, toHex } from './hash.ts';
import { verifyConsistency, verifyInclusion } from './verify-proofs.ts';
import { naiveMTH, naivePATH, naivePROOF } from './reference/rfc9162-naive.ts';

const MAX = 130;
const leaves = Array.from({ length: MAX }, (_, i) => new TextEncoder().encode(`leaf ${i} ${'x'.repeat(i % 7)}`));
const hex = (list: Uint8Array[]): string[] => list.map(toHex);

function buildTree(n: number): MerkleTree {
  const tree = new MerkleTree();
  for (let i = 0; i < n; i++) tree.appendLeaf(leaves[i]!);
  return tree;
}
const full = buildTree(MAX);

describe('RFC 9162 §2.1.1 hashing', () => {
  test('empty tree, one leaf and two leaves follow the definitions', () => {
    assert.equal(toHex(new MerkleTree().rootHash()), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.deepEqual(EMPTY_ROOT, naiveMTH([]));
    const t = buildTree(2);
    assert.deepEqual(t.rootHash(1), leafHash(leaves[0]!));
    assert.deepEqual(t.rootHash(2), nodeHash(leafHash(leaves[0]!), leafHash(leaves[1]!)));
  });

  test('RFC 6962 / CT test vector: root of the empty-string leaf', () => {
    // MTH({""}) = SHA-256(0x00) — the well-known value used by CT test suites.
    const t = new MerkleTree();
    t.appendLeaf(new Uint8Array(0));
    assert.equal(toHex(t.rootHash()), '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  });
});

describe('efficient tree vs naive RFC reference', () => {
  test(`root of every size 1..${MAX}, from an incrementally grown tree and historically`, () => {
    const grown = new MerkleTree();
    for (let n = 1; n <= MAX; n++) {
      grown.appendLeaf(leaves[n - 1]!);
      const expected = toHex(naiveMTH(leaves.slice(0, n)));
      assert.equal(toHex(grown.rootHash()), expected, `current root at ${n}`);
      assert.equal(toHex(full.rootHash(n)), expected, `historical root at ${n}`);
    }
  });

  test(`inclusion proofs PATH(m, D[n]) for every 0 <= m < n <= ${MAX}`, () => {
    for (let n = 1; n <= MAX; n++) {
      const prefix = leaves.slice(0, n);
      const root = full.rootHash(n);
      for (let m = 0; m < n; m++) {
        const proof = full.inclusionProof(m, n);
        assert.deepEqual(hex(proof), hex(naivePATH(m, prefix)), `PATH(${m}, D[${n}])`);
        assert.ok(verifyInclusion(m, n, leafHash(leaves[m]!), proof, root), `verify PATH(${m}, D[${n}])`);
      }
    }
  });

  test(`consistency proofs PROOF(m, D[n]) for every 1 <= m <= n <= ${MAX}`, () => {
    for (let n = 1; n <= MAX; n++) {
      const prefix = leaves.slice(0, n);
      const second = full.rootHash(n);
      for (let m = 1; m <= n; m++) {
        const proof = full.consistencyProof(m, n);
        assert.deepEqual(hex(proof), hex(naivePROOF(m, prefix)), `PROOF(${m}, D[${n}])`);
        assert.ok(verifyConsistency(m, n, full.rootHash(m), second, proof), `verify PROOF(${m}, D[${n}])`);
      }
    }
  });

  test('consistency from the empty tree is the empty proof', () => {
    assert.deepEqual(full.consistencyProof(0, 17), []);
    assert.ok(verifyConsistency(0, 17, EMPTY_ROOT, full.rootHash(17), []));
  });
});

describe('proof verification negatives', () => {
  const n = 77;
  const root = full.rootHash(n);
  test('inclusion: wrong index, index >= size, tampered path, tampered leaf, short/long path all fail', () => {
    let checked = 0;
    for (let m = 0; m < n; m += 5) {
      const proof = full.inclusionProof(m, n);
      const leaf = leafHash(leaves[m]!);
      assert.ok(verifyInclusion(m, n, leaf, proof, root));
      assert.equal(verifyInclusion(m + 1, n, leaf, proof, root), false, 'wrong index');
      if (m > 0) assert.equal(verifyInclusion(m - 1, n, leaf, proof, root), false, 'wrong index -1');
      // (The tree size itself is bound by the signed checkpoint, not by the path: RFC 9162 §2.1.3.2
      // accepts a path for several sizes that share its shape, so no 'wrong size' negative here.)
      assert.equal(verifyInclusion(m, n, leafHash(leaves[m + 1]!), proof, root), false, 'other leaf');
      for (let i = 0; i < proof.length; i++) {
        const tampered = proof.map((p) => p.slice());
        tampered[i]![3]! ^= 0x40;
        assert.equal(verifyInclusion(m, n, leaf, tampered, root), false, `tampered path[${i}]`);
      }
      assert.equal(verifyInclusion(m, n, leaf, proof.slice(0, -1), root), false, 'short path');
      assert.equal(verifyInclusion(m, n, leaf, [...proof, root], root), false, 'long path');
      const badRoot = root.slice();
      badRoot[0]! ^= 1;
      assert.equal(verifyInclusion(m, n, leaf, proof, badRoot), false, 'tampered root');
      checked++;
    }
    assert.equal(verifyInclusion(n, n, leafHash(leaves[0]!), [], root), false, 'index == size');
    assert.equal(verifyInclusion(-1, n, leafHash(leaves[0]!), [], root), false, 'negative index');
    assert.ok(checked > 10);
  });

  test('consistency: tampered node, wrong first size, swapped roots, empty path all fail', () => {
    for (const m of [1, 2, 3, 7, 8, 31, 32, 50, 76]) {
      const proof = full.consistencyProof(m, n);
      const first = full.rootHash(m);
      assert.ok(verifyConsistency(m, n, first, root, proof));
      for (let i = 0; i < proof.length; i++) {
        const tampered = proof.map((p) => p.slice());
        tampered[i]![31]! ^= 0x01;
        assert.equal(verifyConsistency(m, n, first, root, tampered), false, `tampered [${i}] m=${m}`);
      }
      assert.equal(verifyConsistency(m, n, first, root, []), false, 'empty path');
      assert.equal(verifyConsistency(m + 1, n, first, root, proof), false, 'wrong first size');
      assert.equal(verifyConsistency(m, n, root, first, proof), false, 'swapped roots');
      assert.equal(verifyConsistency(m, n, full.rootHash(m + 1), root, proof), false, 'other first root');
    }
    assert.equal(verifyConsistency(5, 5, full.rootHash(5), full.rootHash(6), []), false, 'same size, other root');
    assert.equal(verifyConsistency(6, 5, full.rootHash(6), full.rootHash(5), []), false, 'shrinking tree');
  });

  test('out-of-range proof requests raise AUDIT_BAD_RANGE', () => {
    assert.throws(() => full.inclusionProof(5, 5), { code: 'AUDIT_BAD_RANGE' });
    assert.throws(() => full.inclusionProof(0, MAX + 1), { code: 'AUDIT_BAD_RANGE' });
    assert.throws(() => full.consistencyProof(9, 8), { code: 'AUDIT_BAD_RANGE' });
    assert.throws(() => full.rootHash(-1), { code: 'AUDIT_BAD_RANGE' });
    assert.throws(() => full.leafHashAt(1.5), { code: 'AUDIT_BAD_RANGE' });
  });
});

test('a larger tree (5000 leaves) agrees with the naive MTH at sampled sizes', () => {
  const big = new MerkleTree();
  const bigLeaves: Uint8Array[] = [];
  for (let i = 0; i < 5000; i++) {
    const leaf = new TextEncoder().encode(`e${i}`);
    bigLeaves.push(leaf);
    big.appendLeaf(leaf);
  }
  for (const n of [1000, 1024, 4097, 5000]) {
    assert.equal(toHex(big.rootHash(n)), toHex(naiveMTH(bigLeaves.slice(0, n))), `size ${n}`);
  }
  const proof = big.consistencyProof(1234, 5000);
  assert.ok(verifyConsistency(1234, 5000, big.rootHash(1234), big.rootHash(), proof));
  assert.ok(verifyInclusion(4321, 5000, big.leafHashAt(4321), big.inclusionProof(4321, 5000), big.rootHash()));
});

describe('truncate (a batch the store did not confirm, taken back)', () => {
  test('cut to every smaller size, the tree is the tree of that many leaves, and grows on exactly as one never cut', () => {
    for (const from of [1, 2, 63, 64, 65, 100, MAX]) {
      for (let to = 0; to <= from; to += to < 10 ? 1 : 7) {
        const tree = buildTree(from);
        tree.truncate(to);
        assert.equal(tree.size, to);
        assert.deepEqual(tree.rootHash(), to === 0 ? EMPTY_ROOT : naiveMTH(leaves.slice(0, to)), `${from} -> ${to}`);
        for (let i = to; i < MAX; i++) tree.appendLeaf(leaves[i]!);
        assert.deepEqual(tree.rootHash(), full.rootHash(), `${from} -> ${to} -> ${MAX}`);
        assert.deepEqual(hex(tree.inclusionProof(to === 0 ? 0 : to - 1, MAX)), hex(full.inclusionProof(to === 0 ? 0 : to - 1, MAX)));
        assert.deepEqual(hex(tree.consistencyProof(to, MAX)), hex(full.consistencyProof(to, MAX)));
      }
    }
  });

  test('a size beyond the tree is refused', () => {
    assert.throws(() => buildTree(3).truncate(4), { code: 'AUDIT_BAD_RANGE' });
    assert.throws(() => buildTree(3).truncate(-1), { code: 'AUDIT_BAD_RANGE' });
  });
});
