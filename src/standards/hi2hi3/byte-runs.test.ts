import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import test from 'node:test';
import { forEachRun, joinRuns, runEnd } from './byte-runs.ts';
import { updateConcat } from './integrity.ts';
import { prng, randomBytes } from '../../../test/helpers/random.ts';

/** Parts cut from a few slabs, sometimes back to back, sometimes with a gap, sometimes their own buffer. */
function layout(seed: number): Uint8Array[] {
  const r = prng(seed);
  const slabs = [0, 1, 2].map(() => randomBytes(r, 4096));
  const parts: Uint8Array[] = [];
  let slab = 0;
  let at = 0;
  for (let i = 0; i < 40; i++) {
    const len = 1 + Math.floor(r() * 120);
    const roll = r();
    if (roll < 0.1) {
      parts.push(randomBytes(r, len));
      continue;
    }
    if (roll < 0.2) slab = (slab + 1) % slabs.length;
    if (roll > 0.9) at += 1 + Math.floor(r() * 8); // a gap: the next part does not continue the run
    if (at + len > 4096) at = 0;
    parts.push(slabs[slab]!.subarray(at, at + len));
    at += len;
  }
  return parts;
}

test('joinRuns equals the concatenation of the parts, for any range of seeded layouts', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const parts = layout(seed);
    const r = prng(seed * 7);
    const from = Math.floor(r() * parts.length);
    const to = from + Math.floor(r() * (parts.length - from + 1));
    const want = Buffer.concat(parts.slice(from, to));
    const got = joinRuns(parts, from, to, want.length);
    assert.deepEqual(Buffer.from(got), want, `seed ${seed} [${from}, ${to})`);
    const runs: Uint8Array[] = [];
    forEachRun(parts, from, to, (run) => runs.push(run));
    assert.deepEqual(Buffer.concat(runs), want, `seed ${seed}: runs`);
    // Runs are maximal: no run continues the one before it in the same buffer.
    for (let i = 1; i < runs.length; i++) {
      const a = runs[i - 1]!;
      const b = runs[i]!;
      assert.ok(a.buffer !== b.buffer || a.byteOffset + a.length !== b.byteOffset, `seed ${seed}: runs ${i - 1} and ${i} should be one`);
    }
  }
});

test('parts back to back in one buffer are written as one view of it, not copied', () => {
  const slab = new Uint8Array(1000).map((_, i) => i & 0xff);
  const parts = [slab.subarray(10, 50), slab.subarray(50, 51), slab.subarray(51, 400)];
  assert.equal(runEnd(parts, 0, parts.length), 3);
  const joined = joinRuns(parts, 0, 3, 390);
  assert.equal(joined.buffer, slab.buffer, 'a view of the slab');
  assert.equal(joined.byteOffset, 10);
  assert.equal(joined.length, 390);
  // A gap of one octet ends the run: the parts are copied into a new buffer.
  const gapped = [slab.subarray(10, 50), slab.subarray(51, 60)];
  assert.equal(runEnd(gapped, 0, 2), 1);
  const copy = joinRuns(gapped, 0, 2, 49);
  assert.notEqual(copy.buffer, slab.buffer);
  assert.deepEqual(Buffer.from(copy), Buffer.concat(gapped));
});

test('updateConcat hashes the same octets as one update per part', () => {
  for (let seed = 1; seed <= 50; seed++) {
    const parts = layout(seed);
    const one = createHash('sha256');
    for (const p of parts) one.update(p);
    const runs = createHash('sha256');
    updateConcat(runs, parts);
    assert.equal(runs.digest('hex'), one.digest('hex'), `seed ${seed}`);
  }
});
