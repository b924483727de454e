/**
 * The fast canonical-JSON writer against the straightforward one it replaced (kept here verbatim
 * in substance as the reference): for thousands of seeded random values — nested objects and
 * arrays, escapes, non-ASCII, surrogate pairs and lone surrogates, -0, exponents, undefined
 * members, numeric-looking keys, and every kind of value that must be rejected — both give the
 * same text, or both reject with AUDIT_BAD_EVENT and the same message (the same path).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, canonicalJsonAt, canonicalJsonBytes, canonicalJsonString } from './canonical-json.ts';
import { AuditError } from './errors.ts';
import { prng } from '../../test/helpers/random.ts';

// --- reference: the previous implementation (one template string per member, arrays + join) ---
const REF_MAX_DEPTH = 64;
const REF_PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
function refReject(path: string, why: string): never {
  throw new AuditError('AUDIT_BAD_EVENT', `not canonical-JSON representable at ${path}: ${why}`);
}
function refString(text: string, path: string): string {
  if (REF_PLAIN_ASCII.test(text)) return `"${text}"`;
  if (/\p{Cs}/u.test(text)) refReject(path, 'string with a lone surrogate');
  return JSON.stringify(text);
}
function refWrite(value: unknown, depth: number, path: string): string {
  if (depth > REF_MAX_DEPTH) refReject(path, `nested deeper than ${REF_MAX_DEPTH}`);
  switch (typeof value) {
    case 'string':
      return refString(value, path);
    case 'number':
      if (!Number.isFinite(value)) refReject(path, 'non-finite number');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map((item: unknown, i) => refWrite(item, depth + 1, `${path}[${i}]`)).join(',')}]`;
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) refReject(path, 'not a plain object');
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const members: string[] = [];
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        members.push(`${refString(key, path)}:${refWrite(member, depth + 1, `${path}.${key}`)}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      return refReject(path, `unsupported ${typeof value}`);
  }
}
export function referenceCanonicalJson(value: unknown, path = '$'): string {
  return refWrite(value, 0, path);
}

// --- seeded random values ---
const STRINGS = ['', 'a', 'ne-17', 'é', 'a"b', 'back\\slash', 'tab\there', 'nl\n', '\u0001\u001f', '\u007f', '\u2028', '😀', 'x😀y', '\ud800', 'a\udc00', 'ü'.repeat(40), 'hmac-sha256:0c8248a9'];
const KEYS = ['a', 'b', 'B', 'aa', 'z', '10', '9', '0', 'E', 'e', 'é', '', 'key"q', 'k\\', '😀', '\ud83d', '__proto__', 'details', 'Zz'];
const NUMBERS = [0, -0, 1, -1, 1.5, 0.1, 1e21, 1e-7, 123456789012345680000, 5e-324, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, -1e300];
const REJECTED = (): unknown[] => [NaN, Infinity, -Infinity, new Date(0), 1n, () => 1, Symbol('s'), new Uint8Array(2), new Map(), new (class Thing {})()];

function randomValue(rand: () => number, depth: number): unknown {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const r = rand();
  if (depth > 3 || r < 0.3) {
    const leaf = rand();
    if (leaf < 0.4) return pick(STRINGS);
    if (leaf < 0.7) return pick(NUMBERS);
    if (leaf < 0.8) return rand() < 0.5;
    if (leaf < 0.9) return null;
    if (leaf < 0.97) return Math.round(rand() * 1e6) / 1e3;
    return pick(REJECTED());
  }
  if (r < 0.55) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  const record: Record<string, unknown> = rand() < 0.05 ? (Object.create(null) as Record<string, unknown>) : {};
  const count = Math.floor(rand() * (rand() < 0.1 ? 24 : 6));
  for (let i = 0; i < count; i++) {
    const key = rand() < 0.3 ? `k${Math.floor(rand() * 40)}` : pick(KEYS);
    Object.defineProperty(record, key, { value: rand() < 0.08 ? undefined : randomValue(rand, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return record;
}

function outcome(run: () => string): { text: string } | { code: string; message: string } {
  try {
    return { text: run() };
  } catch (error) {
    assert.ok(error instanceof AuditError, `untyped error: ${String(error)}`);
    return { code: error.code, message: error.message };
  }
}

describe('canonical JSON: fast writer = reference writer', () => {
  test('5000 seeded random values give the same text or the same rejection', () => {
    const rand = prng(0xc0ffee);
    let rejected = 0;
    for (let i = 0; i < 5000; i++) {
      const value = { details: randomValue(rand, 0), n: i };
      const fast = outcome(() => canonicalJson(value));
      assert.deepEqual(fast, outcome(() => referenceCanonicalJson(value)), `value #${i}`);
      if ('code' in fast) rejected++;
      else assert.deepEqual(JSON.parse(fast.text), JSON.parse(JSON.stringify(value)), 'the text parses back to the same data');
    }
    // Both branches were exercised.
    assert.ok(rejected > 200 && rejected < 4800, `rejected ${rejected}`);
  });

  test('nesting deeper than 64 is rejected at the same path; 64 is accepted', () => {
    const nest = (depth: number): unknown => (depth === 0 ? 1 : depth % 2 === 0 ? { x: nest(depth - 1) } : [nest(depth - 1)]);
    for (const depth of [63, 64, 65, 80]) {
      assert.deepEqual(outcome(() => canonicalJson(nest(depth))), outcome(() => referenceCanonicalJson(nest(depth))), `depth ${depth}`);
    }
    assert.doesNotThrow(() => canonicalJson(nest(64)));
    assert.throws(() => canonicalJson(nest(65)), { code: 'AUDIT_BAD_EVENT', message: /nested deeper than 64/ });
  });

  test('a cycle is rejected, not followed forever', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = [cyclic];
    assert.throws(() => canonicalJson(cyclic), { code: 'AUDIT_BAD_EVENT', message: /at \$(\.self\[0\])+\.a: nested deeper than 64/ });
    assert.deepEqual(outcome(() => canonicalJson(cyclic)), outcome(() => referenceCanonicalJson(cyclic)));
  });

  test('large objects (Array#sort path) and small ones (insertion sort) order keys by UTF-16 code units', () => {
    const keys = Array.from({ length: 40 }, (_, i) => String.fromCharCode(0x7e - i) + String(i % 3));
    const big = Object.fromEntries(keys.map((k, i) => [k, i]));
    assert.equal(canonicalJson(big), referenceCanonicalJson(big));
    assert.deepEqual(Object.keys(JSON.parse(canonicalJson(big)) as object), [...keys].sort());
    assert.equal(canonicalJson({ b: 1, '\u00e9': 2, '😀': 3, '\uffff': 4, a: 5 }), '{"a":5,"b":1,"é":2,"😀":3,"\uffff":4}');
  });

  test('a sparse array is rejected (the hole has no JSON form), never printed as "[,1]"', () => {
    // eslint-disable-next-line no-sparse-arrays -- the point of the test
    assert.throws(() => canonicalJson({ list: [, 1] }), { code: 'AUDIT_BAD_EVENT', message: /at \$\.list\[0\]: unsupported undefined/ });
  });

  test('canonicalJsonAt names the given path; canonicalJsonString escapes like JSON.stringify; bytes are UTF-8', () => {
    assert.throws(() => canonicalJsonAt({ a: [NaN] }, '$.details'), { message: 'not canonical-JSON representable at $.details.a[0]: non-finite number' });
    assert.equal(canonicalJsonString('a"\n\u0001é', '$.x'), JSON.stringify('a"\n\u0001é'));
    assert.throws(() => canonicalJsonString('\udfff', '$.actor'), { message: 'not canonical-JSON representable at $.actor: string with a lone surrogate' });
    const bytes = canonicalJsonBytes({ é: '😀' });
    assert.ok(bytes instanceof Uint8Array && !Buffer.isBuffer(bytes));
    assert.deepEqual([...bytes], [...new TextEncoder().encode('{"é":"😀"}')]);
  });
});
