/** Bounded fuzz: random bytes and mutations of valid encodings only ever produce Hi1Error. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHI1Message, encodeHI1Message, Hi1Error, ERROR_CODES } from './index.ts';
import { allVerbsRequest, allVerbsResponse, objects, requestWith } from './test-fixtures.ts';

test('HI-1 decoder: 3000 random and mutated inputs, typed errors only', () => {
  let state = 0x2545f491;
  const rand = (n: number): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  const seeds = [requestWith(...objects), allVerbsRequest, allVerbsResponse].map((m) => new TextEncoder().encode(encodeHI1Message(m)));
  const tokens = ['<', '>', '&', '&amp;', '"', '<!DOCTYPE x>', '<?pi?>', '</a>', '<a/>', 'xsi:type="x:y"', '\u0000', '*', 'é'].map((t) => new TextEncoder().encode(t));
  const codes = new Set(ERROR_CODES.map((c) => c.code));
  let decoded = 0;
  for (let i = 0; i < 3000; i++) {
    let input: Uint8Array;
    if (i % 10 === 0) {
      input = new Uint8Array(rand(200)).map(() => rand(256));
    } else {
      const seed = seeds[rand(seeds.length)]!;
      const parts: Uint8Array[] = [];
      let at = 0;
      for (let m = 0; m <= rand(4); m++) {
        const cut = at + rand(Math.max(1, seed.length - at));
        parts.push(seed.subarray(at, cut));
        const op = rand(3);
        if (op === 0) parts.push(tokens[rand(tokens.length)]!);
        else if (op === 1) parts.push(new Uint8Array([rand(256)]));
        at = Math.min(seed.length, cut + (op === 2 ? rand(20) : 0));
      }
      parts.push(seed.subarray(at));
      input = new Uint8Array(Buffer.concat(parts));
    }
    let m;
    try {
      m = decodeHI1Message(input);
    } catch (e) {
      if (!(e instanceof Hi1Error)) throw e;
      assert.ok(codes.has(e.code), `undocumented code ${e.code}`);
      continue;
    }
    decoded++;
    // Whatever decodes must encode again (the codec never accepts what it could not send).
    assert.doesNotThrow(() => encodeHI1Message(m));
  }
  assert.ok(decoded > 0, 'some mutations (e.g. inside whitespace) should still decode');
});
