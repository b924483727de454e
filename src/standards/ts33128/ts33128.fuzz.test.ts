/**
 * Bounded fuzzing of the four decoders (fixed seed): random bytes and mutations of valid encodings.
 * A decoder may only return a value or throw a Ts33128DecodeError; whatever it returns must encode
 * again (or be refused with a Ts33128EncodeError) and decode to the same value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeCCPayload,
  decodeIRIPayload,
  decodeLINotificationPayload,
  decodeXIRIPayload,
  encodeCCPayload,
  encodeIRIPayload,
  encodeLINotificationPayload,
  encodeXIRIPayload,
  Ts33128DecodeError,
  Ts33128EncodeError,
  xiriToIri,
} from './index.ts';
import { sampleCCPayloads, sampleLINotificationPayloads, sampleXIRIPayloads } from './fixtures.ts';
import { prng, randomBytes } from '../../../test/helpers/random.ts';

interface Codec {
  name: string;
  decode(b: Uint8Array): unknown;
  encode(v: unknown): Uint8Array;
  seeds: Uint8Array[];
}
const codecs: Codec[] = [
  { name: 'XIRIPayload', decode: decodeXIRIPayload, encode: (v) => encodeXIRIPayload(v as never), seeds: sampleXIRIPayloads.map(encodeXIRIPayload) },
  {
    name: 'IRIPayload',
    decode: decodeIRIPayload,
    encode: (v) => encodeIRIPayload(v as never),
    seeds: sampleXIRIPayloads.map((x) => encodeIRIPayload(xiriToIri(x, [{ identifier: { kind: 'iMSI', value: '001010123456789' } }]))),
  },
  { name: 'CCPayload', decode: decodeCCPayload, encode: (v) => encodeCCPayload(v as never), seeds: sampleCCPayloads.map(encodeCCPayload) },
  {
    name: 'LINotificationPayload',
    decode: decodeLINotificationPayload,
    encode: (v) => encodeLINotificationPayload(v as never),
    seeds: sampleLINotificationPayloads.map(encodeLINotificationPayload),
  },
];

function mutate(src: Uint8Array, rnd: () => number): Uint8Array {
  const b = Array.from(src);
  const n = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < n; i++) {
    const pos = Math.floor(rnd() * (b.length + 1));
    switch (Math.floor(rnd() * 6)) {
      case 0: // flip one byte
        if (pos < b.length) b[pos] = Math.floor(rnd() * 256);
        break;
      case 1: // flip one bit
        if (pos < b.length) b[pos]! ^= 1 << Math.floor(rnd() * 8);
        break;
      case 2: // truncate
        b.length = pos;
        break;
      case 3: // insert
        b.splice(pos, 0, Math.floor(rnd() * 256));
        break;
      case 4: // delete a run
        b.splice(pos, 1 + Math.floor(rnd() * 8));
        break;
      default: // interesting length / tag octets
        if (pos < b.length) b[pos] = [0x00, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff, 0x1f, 0x30, 0xa0, 0xbf][Math.floor(rnd() * 11)]!;
    }
  }
  return Uint8Array.from(b);
}

test('fuzz: decoders raise only Ts33128DecodeError; decoded values re-encode consistently', () => {
  const rnd = prng(0x33128);
  let decodedOk = 0;
  let rejected = 0;
  for (const c of codecs) {
    for (let i = 0; i < 1500; i++) {
      const input =
        i % 5 === 0
          ? randomBytes(rnd, Math.floor(rnd() * 64))
          : mutate(c.seeds[Math.floor(rnd() * c.seeds.length)]!, rnd);
      let value: unknown;
      try {
        value = c.decode(input);
      } catch (e) {
        assert.ok(e instanceof Ts33128DecodeError, `${c.name}: non-typed error ${String(e)} for ${Buffer.from(input).toString('hex')}`);
        rejected++;
        continue;
      }
      decodedOk++;
      let again: Uint8Array;
      try {
        again = c.encode(value);
      } catch (e) {
        assert.ok(e instanceof Ts33128EncodeError, `${c.name}: re-encode threw ${String(e)} for ${Buffer.from(input).toString('hex')}`);
        continue;
      }
      assert.deepStrictEqual(c.decode(again), value, `${c.name}: ${Buffer.from(input).toString('hex')}`);
    }
  }
  // the corpus exercises both paths
  assert.ok(decodedOk > 100, `decoded ${decodedOk}`);
  assert.ok(rejected > 1000, `rejected ${rejected}`);
});
