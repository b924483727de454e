/**
 * The number fast paths of the BER encoders (INTEGER, OBJECT IDENTIFIER, RELATIVE-OID,
 * GeneralizedTime, the tree encoder's size walk) must write exactly the octets of the plain
 * BigInt / ISO-string definitions below, and the decoders' fast paths (OID arcs as numbers,
 * GeneralizedTime digit by digit) must return exactly what those definitions return, which follow X.690 §8.3, §8.19, §8.20 and X.680 §46 word
 * for word. Seeded random inputs plus the edges where the octet count changes.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  BerDecodeError,
  cons,
  decodeAscii,
  decodeGeneralizedTime,
  decodeOid,
  decodeRelativeOid,
  encodeAscii,
  encodeBer,
  encodeGeneralizedTime,
  encodeInteger,
  encodeOid,
  encodeRelativeOid,
  lengthLength,
  prim,
  tagLength,
  TagClass,
  writeLength,
  writeTag,
  type BerNode,
} from './index.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// ---- reference definitions (BigInt throughout, as the encoders were first written) ----
function refInteger(v: number | bigint): Uint8Array {
  let b = BigInt(v);
  if (b >= -128n && b < 128n) return Uint8Array.of(Number(BigInt.asUintN(8, b)));
  const bytes: number[] = [];
  for (;;) {
    const byte = Number(BigInt.asUintN(8, b));
    bytes.unshift(byte);
    b >>= 8n;
    if ((b === 0n && (byte & 0x80) === 0) || (b === -1n && (byte & 0x80) !== 0)) break;
  }
  return Uint8Array.from(bytes);
}

function refArcs(arcs: bigint[]): Uint8Array {
  const out: number[] = [];
  for (const arc of arcs) {
    const septets: number[] = [];
    let v = arc;
    do {
      septets.unshift(Number(v & 0x7fn));
      v >>= 7n;
    } while (v > 0n);
    for (let i = 0; i < septets.length - 1; i++) septets[i]! |= 0x80;
    out.push(...septets);
  }
  return Uint8Array.from(out);
}

function refOid(oid: string): Uint8Array {
  const arcs = oid.split('.').map((s) => BigInt(s));
  return refArcs([arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)]);
}

function refTime(d: Date): Uint8Array {
  const iso = d.toISOString();
  let frac = iso.slice(20, 23).replace(/0+$/, '');
  frac = frac ? `.${frac}` : '';
  return encodeAscii(`${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}${frac}Z`);
}

function refDecodeArcs(v: Uint8Array): bigint[] {
  const arcs: bigint[] = [];
  let cur = 0n;
  let started = false;
  for (const b of v) {
    if (!started && b === 0x80) throw new BerDecodeError('BER_BAD_VALUE', 'leading 0x80');
    started = true;
    cur = (cur << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) {
      arcs.push(cur);
      cur = 0n;
      started = false;
    }
  }
  if (started || v.length === 0) throw new BerDecodeError('BER_BAD_VALUE', 'truncated');
  return arcs;
}

function refDecodeOid(v: Uint8Array): string {
  const arcs = refDecodeArcs(v);
  const first = arcs[0]!;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join('.');
}

const GT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{4})?$/;
function refDecodeTime(v: Uint8Array): Date {
  const s = decodeAscii(v);
  const m = GT.exec(s);
  if (!m) throw new BerDecodeError('BER_BAD_VALUE', 'bad');
  const [, y, mo, d, h, mi = '00', se = '00', frac = '', zone = 'Z'] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${se}.${String(ms).padStart(3, '0').slice(0, 3)}${offset}`);
  if (Number.isNaN(date.getTime())) throw new BerDecodeError('BER_BAD_VALUE', 'bad');
  return date;
}

/** Same value, or both throw a BerDecodeError with the same code. */
function sameOutcome<T>(actual: () => T, expected: () => T, what: string): void {
  let want: { ok: true; v: T } | { ok: false; code: string };
  try {
    want = { ok: true, v: expected() };
  } catch (e) {
    want = { ok: false, code: (e as BerDecodeError).code };
  }
  if (want.ok) assert.deepEqual(actual(), want.v, what);
  else assert.throws(actual, { code: want.code }, what);
}

/** Tree encoder with a Map of sizes, the straightforward way. */
function refBer(node: BerNode): Uint8Array {
  const sizes = new Map<BerNode, number>();
  const size = (n: BerNode): number => {
    const len = n.value ? n.value.length : n.children.reduce((t, c) => t + size(c), 0);
    sizes.set(n, len);
    return tagLength(n.tag) + lengthLength(len) + len;
  };
  const out = new Uint8Array(size(node));
  const write = (n: BerNode, pos: number): number => {
    pos = writeTag(out, pos, n.cls, n.children !== undefined, n.tag);
    pos = writeLength(out, pos, sizes.get(n)!);
    if (n.value) {
      out.set(n.value, pos);
      return pos + n.value.length;
    }
    for (const c of n.children) pos = write(c, pos);
    return pos;
  };
  write(node, 0);
  return out;
}

/** mulberry32: fixed seed, same inputs on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('BER encoder fast paths write the reference octets', () => {
  test('INTEGER: octet-count edges and random safe integers, numbers and bigints', () => {
    const edges: number[] = [0, -0, 1, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    for (let bits = 7; bits <= 53; bits++) {
      const p = 2 ** bits;
      edges.push(p - 1, p, p + 1, -p - 1, -p, -p + 1);
    }
    const rnd = prng(0x5eed);
    for (let i = 0; i < 5000; i++) {
      const mag = Math.floor(rnd() * 2 ** Math.floor(rnd() * 53));
      edges.push(rnd() < 0.5 ? -mag : mag);
    }
    for (const v of edges) {
      if (!Number.isSafeInteger(v)) continue;
      assert.equal(hex(encodeInteger(v)), hex(refInteger(v)), `number ${v}`);
      assert.equal(hex(encodeInteger(BigInt(v))), hex(refInteger(v)), `bigint ${v}`);
    }
    for (const b of [2n ** 53n, -(2n ** 53n) - 1n, 2n ** 63n, -(2n ** 63n), 2n ** 64n - 1n, -(2n ** 100n) + 12345n]) {
      assert.equal(hex(encodeInteger(b)), hex(refInteger(b)), `bigint ${b}`);
    }
    // Integral doubles beyond the safe range take the BigInt path, exactly as before.
    assert.equal(hex(encodeInteger(2 ** 60)), hex(refInteger(2 ** 60)));
    assert.throws(() => encodeInteger(1.5), RangeError);
  });

  test('OBJECT IDENTIFIER and RELATIVE-OID: small, 2^31-edge, 15-digit and huge arcs', () => {
    const rnd = prng(42);
    const arc = (): string => {
      const r = rnd();
      if (r < 0.4) return String(Math.floor(rnd() * 128));
      if (r < 0.7) return String(Math.floor(rnd() * 2 ** 31));
      if (r < 0.85) return String(2 ** 31 + Math.floor(rnd() * 3) - 1);
      if (r < 0.95) return String(Math.floor(rnd() * 1e15));
      return `${Math.floor(rnd() * 1e9)}${String(Math.floor(rnd() * 1e12)).padStart(12, '0')}`; // > 15 digits
    };
    const oids = ['0.4.0.2.2.5.1.43', '1.2.840.113549', '2.999.3', '0.0', '1.39', '2.0', '2.47', '2.48', '2.4294967295', '2.99999999999999999999'];
    for (let i = 0; i < 3000; i++) {
      const first = Math.floor(rnd() * 3);
      const second = first < 2 ? Math.floor(rnd() * 40) : arc();
      const rest = Array.from({ length: Math.floor(rnd() * 8) }, arc);
      oids.push([first, second, ...rest].join('.'));
    }
    for (const o of oids) {
      assert.equal(hex(encodeOid(o)), hex(refOid(o)), o);
      // Twice: the second answer comes from the cache.
      assert.equal(hex(encodeOid(o)), hex(refOid(o)), `${o} (cached)`);
      assert.equal(hex(encodeRelativeOid(o)), hex(refArcs(o.split('.').map(BigInt))), `relative ${o}`);
    }
  });

  test('OID cache hands out copies', () => {
    const a = encodeOid('0.4.0.2.2.5.1.43');
    a.fill(0);
    assert.equal(hex(encodeOid('0.4.0.2.2.5.1.43')), '0400020205012b');
    const r = encodeRelativeOid('4.5.6');
    r.fill(0);
    assert.equal(hex(encodeRelativeOid('4.5.6')), '040506');
  });

  test('OID errors are unchanged', () => {
    for (const bad of ['', '1', '3.1', '1.40', '0.99', '1..2', '1.2.', '.1.2', '1.a', '1.-2', ' 1.2']) {
      assert.throws(() => encodeOid(bad), { code: 'BER_ENCODE' }, bad);
    }
    assert.throws(() => encodeOid('1.x'), { message: 'invalid OID arc "x" in 1.x' });
    assert.throws(() => encodeOid('3.1'), { message: 'invalid OID 3.1' });
  });

  test('GeneralizedTime: every fraction length, year edges and random instants', () => {
    const dates = [
      new Date(0),
      new Date('2024-01-01T00:00:00.000Z'),
      new Date('2024-01-01T00:00:00.100Z'),
      new Date('2024-01-01T00:00:00.120Z'),
      new Date('2024-01-01T00:00:00.123Z'),
      new Date('2024-01-01T00:00:00.003Z'),
      new Date('2024-02-29T23:59:59.999Z'),
      new Date('0000-01-01T00:00:00.000Z'),
      new Date('9999-12-31T23:59:59.990Z'),
      new Date(Date.UTC(10000, 0, 1)),
      new Date(Date.UTC(-1, 0, 1)),
    ];
    const rnd = prng(7);
    for (let i = 0; i < 3000; i++) dates.push(new Date(Math.floor(rnd() * 4102444800000)));
    for (const d of dates) assert.equal(hex(encodeGeneralizedTime(d)), hex(refTime(d)), d.toISOString());
    assert.throws(() => encodeGeneralizedTime(new Date(NaN)), { code: 'BER_ENCODE' });
  });

  test('tree encoder: random trees with high tags, long lengths and shared subtrees', () => {
    const rnd = prng(99);
    const tagOf = (): number => (rnd() < 0.8 ? Math.floor(rnd() * 31) : Math.floor(rnd() * 0x1fffff));
    const tree = (depth: number): BerNode => {
      const cls = Math.floor(rnd() * 4) as TagClass;
      if (depth === 0 || rnd() < 0.3) return prim(cls, tagOf(), new Uint8Array(rnd() < 0.1 ? 200 + Math.floor(rnd() * 70000) : Math.floor(rnd() * 10)).fill(depth));
      return cons(cls, tagOf(), Array.from({ length: Math.floor(rnd() * 5) }, () => tree(depth - 1)));
    };
    for (let i = 0; i < 300; i++) {
      const t = tree(5);
      assert.equal(hex(encodeBer(t)), hex(refBer(t)));
      const shared = cons(TagClass.Universal, 16, [t, t, cons(TagClass.Context, 1, [t])]);
      assert.equal(hex(encodeBer(shared)), hex(refBer(shared)));
    }
  });

  test('OID and RELATIVE-OID decoding: random encodings, huge arcs and malformed octets', () => {
    const rnd = prng(1234);
    const inputs: Uint8Array[] = [new Uint8Array(0), Uint8Array.of(0x80, 0x01), Uint8Array.of(0x2a, 0x86), Uint8Array.of(0x50), Uint8Array.of(0x4f)];
    for (let i = 0; i < 3000; i++) {
      const arcs = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => {
        const r = rnd();
        if (r < 0.5) return BigInt(Math.floor(rnd() * 200));
        if (r < 0.8) return BigInt(Math.floor(rnd() * 2 ** 46)) + BigInt(Math.floor(rnd() * 3));
        return BigInt(Math.floor(rnd() * 2 ** 53)) * 1000n + BigInt(Math.floor(rnd() * 1000));
      });
      inputs.push(refArcs(arcs));
      inputs.push(Uint8Array.from({ length: Math.floor(rnd() * 12) }, () => (rnd() < 0.6 ? 0x80 : 0) | Math.floor(rnd() * 128)));
    }
    for (const v of inputs) {
      sameOutcome(() => decodeOid(v), () => refDecodeOid(v), `oid ${hex(v)}`);
      sameOutcome(() => decodeRelativeOid(v), () => refDecodeArcs(v).join('.'), `relative ${hex(v)}`);
    }
  });

  test('GeneralizedTime decoding: our form, offsets, fractions, leap days and impossible dates', () => {
    const rnd = prng(2024);
    const texts = [
      '20240229120000Z', '20230229120000Z', '20240230120000Z', '20240431000000Z', '20241231235959.999Z', '20240101240000Z',
      '20240101236000Z', '20240101230060Z', '00500101000000Z', '01000101000000.5Z', '20240101000000.Z', '20240101000000.1234Z',
      '20240101000000.9996Z', '20240102030405+0100', '2024010203Z', '202401020304Z', '20240102030405,5Z', '20241301000000Z',
      '20240100000000Z', '2024010100000aZ', '20240101000000', '19000229000000Z', '20000229000000Z',
    ];
    for (let i = 0; i < 3000; i++) {
      const d = new Date(Math.floor(rnd() * 4102444800000));
      texts.push(Buffer.from(encodeGeneralizedTime(d)).toString('latin1'));
      const two = () => String(Math.floor(rnd() * 100)).padStart(2, '0');
      texts.push(`${String(Math.floor(rnd() * 10000)).padStart(4, '0')}${two()}${two()}${two()}${two()}${two()}${rnd() < 0.5 ? `.${Math.floor(rnd() * 1000)}` : ''}Z`);
    }
    for (const t of texts) {
      const v = Buffer.from(t, 'latin1');
      sameOutcome(() => decodeGeneralizedTime(v).getTime(), () => refDecodeTime(v).getTime(), t);
    }
  });
});
