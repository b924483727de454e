/**
 * The hashing helpers: the allocation-free digests give the bytes createHash gives, and the strict
 * hex / base64 readers (now without a separate regex scan) accept exactly what the regex-checked
 * versions accepted, for seeded random strings over hostile alphabets.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { fromBase64, fromHex, HASH_SIZE, leafHash, leafHashHexOfPrefixed, nodeHash, nodeHashInto, sha256, sha256Into } from './hash.ts';
import { prng, randomBytes } from '../../test/helpers/random.ts';

const sha = (...parts: Uint8Array[]): number[] => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return [...h.digest()];
};

describe('RFC 9162 §2.1.1 digests without intermediate buffers', () => {
  test('leaf, prefixed leaf, node and in-place variants equal createHash over the same bytes', () => {
    const rand = prng(0x4a54);
    for (let i = 0; i < 200; i++) {
      const leaf = randomBytes(rand, Math.floor(rand() * 700));
      assert.deepEqual([...leafHash(leaf)], sha(new Uint8Array([0]), leaf));
      const prefixed = new Uint8Array(leaf.length + 1);
      prefixed.set(leaf, 1);
      assert.equal(leafHashHexOfPrefixed(prefixed), Buffer.from(sha(new Uint8Array([0]), leaf)).toString('hex'));
      const left = randomBytes(rand, HASH_SIZE);
      const right = randomBytes(rand, HASH_SIZE);
      assert.deepEqual([...nodeHash(left, right)], sha(new Uint8Array([1]), left, right));
      const target = Buffer.alloc(3 * HASH_SIZE, 0xee);
      const source = Buffer.from([7, ...left, ...right, 7]);
      nodeHashInto(source, 1, target, HASH_SIZE);
      assert.deepEqual([...target.subarray(HASH_SIZE, 2 * HASH_SIZE)], sha(new Uint8Array([1]), left, right));
      assert.ok(target.subarray(0, HASH_SIZE).every((b) => b === 0xee) && target.subarray(2 * HASH_SIZE).every((b) => b === 0xee), 'nothing written outside the slot');
      sha256Into(leaf, target, 0);
      assert.deepEqual([...target.subarray(0, HASH_SIZE)], [...sha256(leaf)]);
    }
  });

  test('results are plain Uint8Arrays (slice copies), and misuse is refused', () => {
    const hash = leafHash(new Uint8Array([1, 2, 3]));
    assert.ok(!Buffer.isBuffer(hash));
    const copy = hash.slice();
    copy[0] = copy[0]! ^ 0xff;
    assert.notEqual(copy[0], hash[0]);
    assert.throws(() => leafHashHexOfPrefixed(new Uint8Array([1, 2])), RangeError);
    assert.throws(() => nodeHashInto(Buffer.alloc(64), 1, Buffer.alloc(32), 0), RangeError);
    assert.throws(() => nodeHashInto(Buffer.alloc(64), -1, Buffer.alloc(32), 0), RangeError);
  });
});

describe('strict hex and base64 readers = the regex-checked ones', () => {
  const referenceHex = (text: string, length: number): number[] | undefined =>
    text.length !== length * 2 || !/^[0-9a-fA-F]*$/.test(text) ? undefined : [...Buffer.from(text, 'hex')];
  const referenceBase64 = (text: string): number[] | undefined => {
    if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
    const bytes = Buffer.from(text, 'base64');
    return bytes.toString('base64') === text ? [...bytes] : undefined;
  };
  const asArray = (bytes: Uint8Array | undefined): number[] | undefined => (bytes === undefined ? undefined : [...bytes]);

  test('30000 seeded strings each', () => {
    const rand = prng(0xb64);
    const hexAlphabet = '0123456789abcdefABCDEFgG -x\u0660\u00e9';
    const b64Alphabet = 'ABCDEFQgwAz09+/=-_ \n.\u00e9';
    let hexOk = 0;
    let b64Ok = 0;
    for (let i = 0; i < 30000; i++) {
      // Mostly the valid characters (the first 22), sometimes anything in the alphabet.
      const pick = (alphabet: string, length: number): string => Array.from({ length }, () => alphabet[Math.floor(rand() * (rand() < 0.85 ? 22 : alphabet.length))]!).join('');
      const length = 1 + Math.floor(rand() * 4);
      const hex = rand() < 0.5 ? pick(hexAlphabet, length * 2) : Buffer.from(randomBytes(rand, length)).toString('hex');
      assert.deepEqual(asArray(fromHex(hex, length)), referenceHex(hex, length), hex);
      if (fromHex(hex, length)) hexOk++;
      const raw = Buffer.from(randomBytes(rand, Math.floor(rand() * 9))).toString('base64');
      const b64 = rand() < 0.5 ? pick(b64Alphabet, 4 * Math.floor(rand() * 4)) : rand() < 0.5 ? raw : raw.replace(/.(?==*$)/, (c) => (c === 'B' ? 'C' : 'B'));
      assert.deepEqual(asArray(fromBase64(b64)), referenceBase64(b64), JSON.stringify(b64));
      if (fromBase64(b64)) b64Ok++;
    }
    assert.ok(hexOk > 1000 && hexOk < 28000 && b64Ok > 1000 && b64Ok < 28000, `both verdicts seen: ${hexOk} ${b64Ok}`);
  });
});
