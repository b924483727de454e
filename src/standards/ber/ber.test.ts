import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  BerStreamFramer,
  children,
  ctx,
  ctxCons,
  decodeBer,
  decodeAll,
  decodeBigInt,
  decodeBoolean,
  decodeGeneralizedTime,
  decodeInteger,
  decodeOid,
  encodeBer,
  encodeGeneralizedTime,
  encodeInteger,
  encodeOid,
  integer,
  octetString,
  oid,
  sequence,
  TagClass,
  BerDecodeError,
} from './index.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('BER values (X.690 §8.3, §8.19, X.680 §46)', () => {
  test('INTEGER minimal two-complement encodings', () => {
    const cases: [number | bigint, string][] = [
      [0, '00'], [127, '7f'], [128, '0080'], [256, '0100'], [-1, 'ff'], [-128, '80'], [-129, 'ff7f'],
      [2n ** 63n, '008000000000000000'],
    ];
    for (const [v, h] of cases) {
      assert.equal(hex(encodeInteger(v)), h, `encode ${v}`);
      assert.equal(decodeBigInt(encodeInteger(v)), BigInt(v));
    }
    for (const v of [0, 1, -1, 300, -300, 65535, 2 ** 40, -(2 ** 40), Number.MAX_SAFE_INTEGER]) assert.equal(decodeInteger(encodeInteger(v)), v);
    assert.throws(() => decodeInteger(new Uint8Array(0)), { code: 'BER_BAD_VALUE' });
    assert.throws(() => decodeInteger(encodeInteger(2n ** 60n)), { code: 'BER_BAD_VALUE' });
  });
  test('OBJECT IDENTIFIER, including the TS 102 232-1 domain OID', () => {
    assert.equal(hex(encodeOid('1.2.840.113549')), '2a864886f70d');
    for (const o of ['0.4.0.2.2.5.1.43', '2.999.3', '1.3.6.1.4.1.99999.1']) assert.equal(decodeOid(encodeOid(o)), o);
    assert.throws(() => encodeOid('3.1'), { code: 'BER_ENCODE' });
    assert.throws(() => decodeOid(Uint8Array.of(0x2a, 0x86)), { code: 'BER_BAD_VALUE' });
  });
  test('GeneralizedTime', () => {
    const d = new Date('2026-11-25T07:42:01.230Z');
    assert.equal(Buffer.from(encodeGeneralizedTime(d)).toString(), '20261125074201.23Z');
    assert.equal(decodeGeneralizedTime(encodeGeneralizedTime(d)).getTime(), d.getTime());
    assert.equal(decodeGeneralizedTime(Buffer.from('20240102030405+0100')).toISOString(), '2024-01-02T02:04:05.000Z');
    assert.throws(() => decodeGeneralizedTime(Buffer.from('2024-01-02')), { code: 'BER_BAD_VALUE' });
  });
  test('BOOLEAN', () => {
    assert.equal(decodeBoolean(Uint8Array.of(0xff)), true);
    assert.throws(() => decodeBoolean(Uint8Array.of(1, 2)), { code: 'BER_BAD_VALUE' });
  });
});

describe('BER elements', () => {
  const tree = sequence([integer(5), ctxCons(40, [octetString(new Uint8Array(300).fill(7))]), ctx(2, Uint8Array.of(1)), oid('0.4.0.2.2.5.1.43')]);
  const bytes = encodeBer(tree);

  test('high tag numbers and long lengths round-trip', () => {
    const el = decodeBer(bytes);
    const kids = children(el);
    assert.equal(kids.length, 4);
    assert.equal(kids[1]!.cls, TagClass.Context);
    assert.equal(kids[1]!.tagNumber, 40);
    assert.equal(kids[1]!.raw[0], 0xbf); // context, constructed, high-tag form
    assert.equal(children(kids[1]!)[0]!.value.length, 300);
    assert.equal(decodeOid(kids[3]!.value), '0.4.0.2.2.5.1.43');
  });

  test('indefinite lengths are accepted on input (X.690 §8.1.3.6)', () => {
    // [0] (indefinite) { INTEGER 1, [1] (indefinite) { OCTET STRING 'ab' } } EOC
    const indef = Uint8Array.from([0xa0, 0x80, 0x02, 0x01, 0x01, 0xa1, 0x80, 0x04, 0x01, 0xab, 0x00, 0x00, 0x00, 0x00]);
    const el = decodeBer(indef);
    assert.equal(el.indefinite, true);
    const kids = children(el);
    assert.equal(kids.length, 2);
    assert.equal(hex(children(kids[1]!)[0]!.value), 'ab');
  });

  test('malformed inputs raise typed errors', () => {
    const bad: [number[], string][] = [
      [[0x30], 'BER_TRUNCATED'],
      [[0x30, 0x05, 0x02, 0x01], 'BER_TRUNCATED'],
      [[0x04, 0x80, 0x00, 0x00], 'BER_INDEFINITE_PRIMITIVE'],
      [[0x04, 0xff], 'BER_BAD_LENGTH'],
      [[0x04, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'BER_BAD_LENGTH'],
      [[0x1f, 0x80, 0x01, 0x00], 'BER_BAD_TAG'],
      [[0x02, 0x01, 0x01, 0x00], 'BER_BAD_LENGTH'],
    ];
    for (const [b, code] of bad) assert.throws(() => decodeBer(Uint8Array.from(b)), (e: unknown) => e instanceof BerDecodeError && e.code === code, `${hex(Uint8Array.from(b))} → ${code}`);
    // deep nesting is bounded
    const deep = new Uint8Array(400);
    for (let i = 0; i < 200; i++) { deep[2 * i] = 0x30; deep[2 * i + 1] = 0x80; }
    assert.throws(() => decodeBer(deep), { code: 'BER_TOO_DEEP' });
  });

  test('stream framer: whole, byte at a time, and random splits', () => {
    const stream = Buffer.concat([bytes, bytes, Uint8Array.from([0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00]), bytes]);
    const expected = decodeAll(stream).map((e) => hex(e.raw));
    assert.equal(expected.length, 4);
    const whole = new BerStreamFramer().push(stream).map(hex);
    assert.deepEqual(whole, expected);
    const f = new BerStreamFramer();
    const one: string[] = [];
    for (const b of stream) one.push(...f.push(Uint8Array.of(b)).map(hex));
    assert.deepEqual(one, expected);
    assert.equal(f.pending, 0);
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % 97) + 1;
    const g = new BerStreamFramer();
    const got: string[] = [];
    for (let p = 0; p < stream.length; ) { const n = rnd(); got.push(...g.push(stream.subarray(p, p + n)).map(hex)); p += n; }
    assert.deepEqual(got, expected);
    assert.throws(() => new BerStreamFramer(100).push(bytes), { code: 'BER_TOO_LARGE' });
  });

  test('fuzz: random bytes and mutations only ever give typed errors', () => {
    let seed = 12345;
    const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0);
    const walk = (el: ReturnType<typeof decodeBer>, depth: number): void => {
      if (el.constructed && depth < 10) for (const c of children(el)) walk(c, depth + 1);
    };
    for (let i = 0; i < 5000; i++) {
      const input = i % 2 ? Uint8Array.from(bytes) : new Uint8Array(rnd() % 64).map(() => rnd() & 0xff);
      if (i % 2) for (let k = 0; k < 1 + (rnd() % 4); k++) input[rnd() % input.length] = rnd() & 0xff;
      try {
        walk(decodeBer(input), 0);
        new BerStreamFramer(4096).push(input);
      } catch (e) {
        assert.ok(e instanceof BerDecodeError, `untyped error ${String(e)}`);
      }
    }
  });
});
