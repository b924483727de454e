import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { formatCheckpointBody, parseSignedCheckpoint, signCheckpoint, verifyCheckpoint } from './checkpoint.ts';
import { AuditError } from './errors.ts';
import { toBase64 } from './hash.ts';
import { createNoteSigner, createNoteVerifier, encodeVerifierKey, parseNote, parseVerifierKey, verifyNote } from './note.ts';
import { MerkleTree } from './tree.ts';
import { createCosignatureVerifier, createCosigner, verifyCosignature, Witness } from './witness.ts';

const ORIGIN = 'audit.warranted.example/log1';
const logKeys = generateKeyPairSync('ed25519');
const otherKeys = generateKeyPairSync('ed25519');
const witnessKeys = generateKeyPairSync('ed25519');
const signer = createNoteSigner(ORIGIN, logKeys.privateKey);
const verifier = createNoteVerifier(ORIGIN, logKeys.publicKey);

function treeOf(n: number, prefix = 'e'): MerkleTree {
  const tree = new MerkleTree();
  for (let i = 0; i < n; i++) tree.appendLeaf(new TextEncoder().encode(`${prefix}${i}`));
  return tree;
}

function checkpointOf(tree: MerkleTree, time = '2026-11-25T08:00:00.000Z', by = signer): string {
  return signCheckpoint({ origin: ORIGIN, size: tree.size, rootHash: tree.rootHash(), timestamp: time }, by).note;
}

describe('signed checkpoints (C2SP tlog-checkpoint)', () => {
  test('text format: origin, size, base64 root, timestamp, blank line, em-dash signature line', () => {
    const tree = treeOf(5);
    const note = checkpointOf(tree);
    const lines = note.split('\n');
    assert.equal(lines[0], ORIGIN);
    assert.equal(lines[1], '5');
    assert.equal(lines[2], toBase64(tree.rootHash()));
    assert.equal(lines[3], 'timestamp 2026-11-25T08:00:00.000Z');
    assert.equal(lines[4], '');
    assert.match(lines[5]!, new RegExp(`^\u2014 ${ORIGIN.replaceAll('.', '\\.')} [A-Za-z0-9+/]{91}=$`));
    assert.equal(lines[6], '');
    const parsed = verifyCheckpoint(note, verifier, ORIGIN);
    assert.equal(parsed.size, 5);
    assert.deepEqual(parsed.rootHash, tree.rootHash());
    assert.equal(parsed.timestamp, '2026-11-25T08:00:00.000Z');
  });

  test('edited body, another key, wrong origin and garbage are rejected with typed errors', () => {
    const note = checkpointOf(treeOf(5));
    assert.throws(() => verifyCheckpoint(note.replace('\n5\n', '\n6\n'), verifier), { code: 'AUDIT_SIGNATURE_INVALID' });
    assert.throws(() => verifyCheckpoint(note, createNoteVerifier(ORIGIN, otherKeys.publicKey)), { code: 'AUDIT_SIGNATURE_INVALID' });
    const forged = checkpointOf(treeOf(5), undefined, createNoteSigner(ORIGIN, otherKeys.privateKey));
    assert.throws(() => verifyCheckpoint(forged, verifier), { code: 'AUDIT_SIGNATURE_INVALID' });
    assert.throws(() => verifyCheckpoint(note, verifier, 'other.example/log'), { code: 'AUDIT_SIGNATURE_INVALID' });
    for (const garbage of ['', 'x\n', 'a\n1\n\n— a AAAA\n', note.replace('\n\n', '\n'), note.slice(0, -1)]) {
      assert.throws(() => verifyCheckpoint(garbage, verifier), (e: unknown) => e instanceof AuditError);
    }
    assert.throws(() => formatCheckpointBody({ origin: 'a\nb', size: 1, rootHash: new Uint8Array(32), timestamp: '2026-01-01T00:00:00Z' }), {
      code: 'AUDIT_CHECKPOINT_MALFORMED',
    });
  });

  test('unknown signature lines are ignored (signed-note), key-id mismatch is not accepted', () => {
    const note = checkpointOf(treeOf(3));
    const withExtra = `${note}\u2014 someone.else AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n`;
    assert.equal(verifyCheckpoint(withExtra, verifier).size, 3);
    assert.equal(parseNote(withExtra).signatures.length, 2);
    assert.equal(verifyNote(withExtra, verifier), `${note.split('\n\n')[0]!}\n`);
  });

  test('verifier keys round-trip through the signed-note vkey text', () => {
    const text = encodeVerifierKey(verifier);
    assert.match(text, new RegExp(`^${ORIGIN.replaceAll('.', '\\.')}\\+[0-9a-f]{8}\\+`));
    const parsed = parseVerifierKey(text);
    assert.deepEqual(parsed.keyId, verifier.keyId);
    assert.equal(verifyCheckpoint(checkpointOf(treeOf(2)), parsed).size, 2);
    assert.throws(() => parseVerifierKey(text.replace(/\+[0-9a-f]{8}\+/, '+00000000+')), { code: 'AUDIT_BAD_KEY' });
    assert.throws(() => parseVerifierKey('nonsense'), { code: 'AUDIT_BAD_KEY' });
  });

  test('parseSignedCheckpoint reads without verifying', () => {
    const note = checkpointOf(treeOf(4), undefined, createNoteSigner(ORIGIN, otherKeys.privateKey));
    assert.equal(parseSignedCheckpoint(note).size, 4);
  });
});

describe('witness cosignatures (C2SP tlog-cosignature/v1)', () => {
  const cosigner = createCosigner('witness.example/w1', witnessKeys.privateKey);
  const witnessVerifier = createCosignatureVerifier('witness.example/w1', witnessKeys.publicKey);

  test('the witness checks consistency from its last checkpoint, then cosigns', () => {
    const tree = treeOf(40);
    const witness = new Witness({ cosigner, log: verifier, now: () => 1_790_000_000 });
    const first = witness.cosign(checkpointOf(treeOf(10)), []);
    assert.equal(verifyCosignature(first, witnessVerifier), 1_790_000_000);
    assert.equal(verifyCheckpoint(first, verifier).size, 10, 'log signature still verifies with the cosignature appended');
    const second = witness.cosign(checkpointOf(tree), tree.consistencyProof(10, 40));
    assert.equal(verifyCosignature(second, witnessVerifier), 1_790_000_000);
    assert.equal(witness.state?.size, 40);
    // The same checkpoint again (empty proof) is fine.
    witness.cosign(checkpointOf(tree, '2026-11-25T09:00:00.000Z'), []);
  });

  test('a rewritten history, a rollback or a checkpoint not signed by the log is refused', () => {
    const honest = treeOf(20);
    const witness = new Witness({ cosigner, log: verifier });
    witness.cosign(checkpointOf(treeOf(10)), []);
    const forked = treeOf(20, 'forged');
    assert.throws(() => witness.cosign(checkpointOf(forked), forked.consistencyProof(10, 20)), { code: 'AUDIT_INCONSISTENT' });
    assert.throws(() => witness.cosign(checkpointOf(treeOf(5)), []), { code: 'AUDIT_INCONSISTENT' });
    assert.throws(() => witness.cosign(checkpointOf(honest, undefined, createNoteSigner(ORIGIN, otherKeys.privateKey)), honest.consistencyProof(10, 20)), {
      code: 'AUDIT_SIGNATURE_INVALID',
    });
    assert.equal(witness.state?.size, 10, 'refused checkpoints do not move the witness');
    witness.cosign(checkpointOf(honest), honest.consistencyProof(10, 20));
    assert.equal(witness.state?.size, 20);
  });

  test('cosignature verification fails for another witness key or an edited note', () => {
    const witness = new Witness({ cosigner, log: verifier, now: () => 1_790_000_123 });
    const note = witness.cosign(checkpointOf(treeOf(7)), []);
    assert.throws(() => verifyCosignature(note, createCosignatureVerifier('witness.example/w1', otherKeys.publicKey)), { code: 'AUDIT_SIGNATURE_INVALID' });
    assert.throws(() => verifyCosignature(note.replace('\n7\n', '\n8\n'), witnessVerifier), { code: 'AUDIT_SIGNATURE_INVALID' });
    // A plain note signature by the witness key is not a cosignature (different key id, 0x04 vs 0x01).
    assert.throws(() => verifyCosignature(checkpointOf(treeOf(7), undefined, createNoteSigner('witness.example/w1', witnessKeys.privateKey)), witnessVerifier), {
      code: 'AUDIT_SIGNATURE_INVALID',
    });
  });
});

test('fuzz: checkpoint and vkey parsers only throw typed AuditErrors (fixed seed, 3000 inputs)', () => {
  let seed = 0xc0ffee;
  const random = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const valid = checkpointOf(treeOf(9));
  const vkey = encodeVerifierKey(verifier);
  const alphabet = ['\n', '\u2014', ' ', '+', '=', 'A', '0', '\u0000', '\ud800', 'é'];
  let verified = 0;
  for (let i = 0; i < 3000; i++) {
    const source = i % 2 === 0 ? valid : vkey;
    const chars = source.split(''); // UTF-16 code units on purpose: edits may leave lone surrogates
    const edits = 1 + Math.floor(random() * 4);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(random() * chars.length);
      const op = random();
      if (op < 0.4) chars[at] = alphabet[Math.floor(random() * alphabet.length)]!;
      else if (op < 0.7) chars.splice(at, 1);
      else chars.splice(at, 0, String.fromCharCode(Math.floor(random() * 0x3000)));
    }
    const text = chars.join('');
    try {
      if (i % 2 === 0) {
        verifyCheckpoint(text, verifier);
        verified++;
      } else parseVerifierKey(text);
    } catch (error) {
      assert.ok(error instanceof AuditError, `untyped error for ${JSON.stringify(text)}: ${String(error)}`);
    }
  }
  assert.ok(verified < 1500);
});
