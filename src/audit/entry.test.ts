/**
 * The positional entry-line parser against the JSON.parse + re-format + compare parser it fronts
 * (kept here as the reference): for seeded mutations of real lines — flipped, inserted and deleted
 * characters, upper-case hex, leading zeros, huge indexes, escapes, non-canonical base64 — both
 * accept the same lines with the same entry, and reject the rest with the same error.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { encodeAuditEvent } from './event.ts';
import { AuditTamperError } from './errors.ts';
import { formatEntryLine, parseEntryLine, GENESIS_PREV_HASH, type StoredEntry } from './entry.ts';
import { leafHash } from './hash.ts';
import { prng } from '../../test/helpers/random.ts';

/** The previous parser: JSON.parse, regex-checked base64 and hex, then the line must re-format to itself. */
function referenceParse(line: string, position: number): StoredEntry {
  const fail = (why: string): never => {
    throw new AuditTamperError('AUDIT_ENTRY_MALFORMED', position, `entry line ${position + 1}: ${why}`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    fail('not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null) return fail('not an object');
  const { index, leaf, prev } = parsed as Record<string, unknown>;
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) return fail('bad index');
  if (typeof leaf !== 'string' || typeof prev !== 'string') return fail('leaf and prev must be strings');
  const leafOk = leaf.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(leaf) && Buffer.from(leaf, 'base64').toString('base64') === leaf;
  const prevOk = prev.length === 64 && /^[0-9a-fA-F]*$/.test(prev);
  if (!leafOk || !prevOk || prev !== prev.toLowerCase()) return fail('bad base64 leaf or hex prev');
  const entry = { index, leaf: new Uint8Array(Buffer.from(leaf, 'base64')), prevHash: new Uint8Array(Buffer.from(prev, 'hex')) };
  if (formatEntryLine(entry) !== `${line}\n`) fail('not in canonical form');
  return entry;
}

function outcome(run: () => StoredEntry): { index: number; leaf: number[]; prev: number[] } | { code: string; message: string } {
  try {
    const entry = run();
    return { index: entry.index, leaf: [...entry.leaf], prev: [...entry.prevHash] };
  } catch (error) {
    assert.ok(error instanceof AuditTamperError, `untyped error: ${String(error)}`);
    return { code: error.code, message: error.message };
  }
}

const leaves = [
  encodeAuditEvent({ type: 'x1.exchange', at: '2026-03-01T10:00:00.000Z', actor: 'admf', subject: 'mdf', details: { ne: 'mdf', error: null } }),
  encodeAuditEvent({ type: 'a', at: '2026-03-01T10:00:00Z', actor: 'é', details: {} }), // 1 and 2 bytes of padding below
  encodeAuditEvent({ type: 'ab', at: '2026-03-01T10:00:00Z', actor: 'é', details: {} }),
  encodeAuditEvent({ type: 'abc', at: '2026-03-01T10:00:00Z', actor: 'é', details: {} }),
  new Uint8Array(0),
];
const lines = leaves.map((leaf, i) => formatEntryLine({ index: [0, 7, 10, 9_007_199_254_740_991, 123456][i]!, leaf, prevHash: i === 0 ? GENESIS_PREV_HASH : leafHash(leaves[i - 1]!) }).slice(0, -1));

describe('entry lines: positional parser = reference parser', () => {
  test('canonical lines parse to the entry they were formatted from', () => {
    for (const line of lines) {
      const entry = parseEntryLine(line, 0);
      assert.equal(formatEntryLine(entry), `${line}\n`);
      assert.deepEqual(outcome(() => entry), outcome(() => referenceParse(line, 0)));
    }
  });

  test('hand-made near misses are refused with the reference message', () => {
    const [line] = lines as [string];
    const prev = line.slice(-66, -2);
    const onePad = lines.find((l) => /[^=]=",/.test(l))!;
    const twoPad = lines.find((l) => /==",/.test(l))!;
    assert.ok(onePad !== undefined && twoPad !== undefined);
    const near = [
      line.replace('{"index":0', '{"index":00'),
      line.replace('{"index":0', '{"index":-0'),
      line.replace('{"index":0', '{"index":0.0'),
      line.replace('{"index":0', '{"index":9007199254740992'),
      line.replace('{"index":0', '{"index":1e3'),
      line.replace('{"index":0', '{ "index":0'),
      line.replace('"leaf":"', '"leaf":"\\u0065'),
      line.replace('"leaf":"eyJ', '"leaf":"eyJ\\/'),
      line.replace(prev, prev.toUpperCase().replace(/^0/, 'A')),
      line.replace(prev, `${prev.slice(0, 63)}g`),
      line.replace(prev, prev.slice(2)),
      `${line} `,
      line.replace('","prev":"', '", "prev":"'),
      `{"leaf":"${line.split('"leaf":"')[1]!.split('"')[0]!}","index":0,"prev":"${prev}"}`,
      onePad.replace(/=",/, '",'),
      onePad.replace(/(.)=",/, (_, c: string) => `${c === 'B' ? 'C' : 'B'}=",`), // non-zero padding bits
      twoPad.replace(/==",/, '",'),
      twoPad.replace(/(.)==",/, (_, c: string) => `${c === 'B' ? 'C' : 'B'}==",`),
      line.replace('"leaf":"', '"leaf":"-_'),
      '',
      'null',
      '{}',
    ];
    for (const candidate of near) {
      const fast = outcome(() => parseEntryLine(candidate, 4));
      assert.deepEqual(fast, outcome(() => referenceParse(candidate, 4)), candidate);
      assert.ok('code' in fast, `accepted: ${candidate}`);
    }
  });

  test('20000 seeded mutations: the same lines accepted with the same entry, the rest refused alike', () => {
    const rand = prng(0x11e5);
    const alphabet = '0123456789abcdefABCDEF+/=",:{}[]\\ -_eyJ\u00e9\u0000';
    let accepted = 0;
    for (let i = 0; i < 20000; i++) {
      let line = lines[i % lines.length]!;
      const edits = 1 + Math.floor(rand() * 2);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rand() * (line.length + 1));
        const c = alphabet[Math.floor(rand() * alphabet.length)]!;
        const kind = rand();
        if (kind < 0.4) line = line.slice(0, at) + c + line.slice(at + 1);
        else if (kind < 0.7) line = line.slice(0, at) + c + line.slice(at);
        else line = line.slice(0, at) + line.slice(at + 1);
      }
      const fast = outcome(() => parseEntryLine(line, i));
      assert.deepEqual(fast, outcome(() => referenceParse(line, i)), line);
      if (!('code' in fast)) accepted++;
    }
    assert.ok(accepted > 0, 'some mutations (e.g. an index digit) stay canonical');
  });
});
