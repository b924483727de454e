/**
 * A bounded, deterministic run of scripts/fuzz.ts (fixed seed, fixed number of inputs per target):
 * every decoder of src/standards, fed its seeds (shared vectors when present, encoder output always)
 * and mutations of them, raises only typed errors. The long run is `npm run fuzz -- --seconds N`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FUZZ_TARGETS, mutate, runFuzz } from '../../scripts/fuzz.ts';
import { prng } from '../helpers/random.ts';

test('fuzz smoke: 200 inputs per decoder target, only typed errors', () => {
  const crashDir = mkdtempSync(join(tmpdir(), 'warranted-fuzz-'));
  try {
    // No time limit per input here (no timing assertions in tests): only crashes count.
    const report = runFuzz({ targets: FUZZ_TARGETS, seed: 20250101, iterations: 200, crashDir, slowMs: Number.POSITIVE_INFINITY });
    assert.deepEqual(report.findings, []);
    assert.deepEqual(readdirSync(crashDir), [], 'no input saved');
    for (const name of FUZZ_TARGETS) {
      const s = report.perTarget[name];
      assert.ok(s, name);
      assert.equal(s.inputs, 200, name);
      assert.ok(s.seeds > 0, `${name} has seeds`);
      // the seeds decode, and the mutations are rejected with typed errors: both paths are exercised
      assert.ok(s.decoded >= 1, `${name}: nothing decoded`);
      assert.ok(s.rejected >= 1, `${name}: nothing rejected`);
    }
  } finally {
    rmSync(crashDir, { recursive: true, force: true });
  }
});

test('fuzz smoke: a decoder that throws an untyped error is reported as a crash, its input saved', () => {
  const crashDir = mkdtempSync(join(tmpdir(), 'warranted-fuzz-'));
  try {
    const report = runFuzz({
      targets: ['x2x3'],
      seed: 7,
      iterations: 50,
      crashDir,
      slowMs: Number.POSITIVE_INFINITY,
      // a deliberately broken "decoder": an untyped TypeError on every input whose length is a multiple of 3
      runOverride: { x2x3: (input) => (input.length % 3 === 0 ? (null as unknown as { x: () => boolean }).x() : true) },
    });
    assert.ok(report.findings.length >= 1);
    assert.equal(report.findings[0]?.kind, 'crash');
    assert.match(report.findings[0]?.message ?? '', /TypeError/);
    assert.ok(readdirSync(crashDir).some((f) => f.startsWith('x2x3-') && f.endsWith('.bin')));
  } finally {
    rmSync(crashDir, { recursive: true, force: true });
  }
});

test('fuzz smoke: the mutator is deterministic for a seed and changes its input', () => {
  const a = mutate(prng(1), new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), new Uint8Array([9]), false);
  const b = mutate(prng(1), new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), new Uint8Array([9]), false);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
});
