/**
 * Bounded fuzz of the X1 decoders (fixed seed): random bytes, and mutations of valid encodings.
 * Every outcome must be a decoded document or a typed X1Error; a document that decodes must re-encode
 * (the decoder only admits what the XSD admits) and decode again to the same value.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decodeX1Request, decodeX1Response, encodeX1Request, encodeX1Response, X1Error } from './index.ts';
import { requestContainers, responseContainers, topLevelError } from './test-samples.ts';
import { prng, randomBytes } from '../../../test/helpers/random.ts';

const SNIPPETS = [
  '<', '>', '&', '&amp;', '<!DOCTYPE x>', '<!ENTITY e "x">', ']]>', '<![CDATA[x]]>', '<!--c-->', '<?pi x?>', ' ', '\u0000', '\uFFFF',
  '<xId>', '</xId>', 'xsi:type="PingRequest"', 'xmlns="urn:x"', '<dId>not-a-uuid</dId>', 'v9.9.9', '<oK>Acknowledged</oK>',
  '<targetIdentifier><macAddress>00:00:5e:00:53:01</macAddress></targetIdentifier>', '\u00e9', '\ud800',
];

function mutate(text: string, rnd: () => number): string {
  const pick = (n: number) => Math.floor(rnd() * n);
  let s = text;
  const rounds = 1 + pick(4);
  for (let r = 0; r < rounds; r++) {
    const at = pick(s.length + 1);
    switch (pick(6)) {
      case 0: s = s.slice(0, at) + s.slice(at + 1 + pick(20)); break; // delete
      case 1: s = s.slice(0, at) + SNIPPETS[pick(SNIPPETS.length)]! + s.slice(at); break; // insert snippet
      case 2: s = s.slice(0, at) + String.fromCharCode(pick(0x80)) + s.slice(at + 1); break; // replace char
      case 3: s = s.slice(0, at); break; // truncate
      case 4: { // duplicate a chunk
        const len = pick(200);
        s = s.slice(0, at) + s.slice(at, at + len) + s.slice(at);
        break;
      }
      default: { // swap two element tags' names
        const tags = [...s.matchAll(/<([A-Za-z0-9:]+)[ >]/g)].map((m) => m[1]!);
        const a = tags[pick(tags.length)];
        const b = tags[pick(tags.length)];
        if (a !== undefined && b !== undefined) s = s.replace(`<${a}>`, `<${b}>`);
      }
    }
  }
  return s;
}

function check(input: string | Uint8Array, kind: 'req' | 'resp'): 'ok' | 'err' {
  try {
    if (kind === 'req') {
      const d = decodeX1Request(input);
      assert.deepEqual(decodeX1Request(encodeX1Request(d)), d);
    } else {
      const d = decodeX1Response(input);
      assert.deepEqual(decodeX1Response(encodeX1Response(d)), d);
    }
    return 'ok';
  } catch (e) {
    // the decoder's last-resort wrapper means something unexpected was thrown inside: a bug
    if (e instanceof X1Error && e.message !== 'X1 document could not be decoded') return 'err';
    throw e;
  }
}

describe('X1 decoder fuzz (bounded, seeded)', () => {
  test('random bytes yield only typed errors', () => {
    const rnd = prng(0x5eed);
    for (let i = 0; i < 1500; i++) {
      const bytes = randomBytes(rnd, Math.floor(rnd() * 300));
      assert.equal(check(bytes, i % 2 === 0 ? 'req' : 'resp'), 'err');
    }
  });

  test('mutations of valid encodings yield documents or typed errors', () => {
    const rnd = prng(0xc0ffee);
    const reqs = requestContainers.map((c) => encodeX1Request(c));
    const resps = [...responseContainers.map((c) => encodeX1Response(c)), encodeX1Response(topLevelError)];
    const outcomes = { ok: 0, err: 0 };
    for (let i = 0; i < 3000; i++) {
      const useReq = i % 2 === 0;
      const pool = useReq ? reqs : resps;
      const base = pool[Math.floor(rnd() * pool.length)]!;
      const text = mutate(base, rnd);
      outcomes[check(rnd() < 0.5 ? text : new TextEncoder().encode(text), useReq ? 'req' : 'resp')]++;
    }
    // both outcomes must occur, or the mutator is not exercising the decoder
    assert.ok(outcomes.ok > 50, `decoded ${outcomes.ok}`);
    assert.ok(outcomes.err > 1000, `refused ${outcomes.err}`);
  });
});
