import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from './canonical-json.ts';
import { decodeAuditEvent, encodeAuditEvent, identityTagMatches, redactIdentity, type AuditEvent } from './event.ts';
import { AuditError } from './errors.ts';
import { parseEntryLine, formatEntryLine, GENESIS_PREV_HASH } from './entry.ts';
import { prng, randomBytes } from '../../test/helpers/random.ts';

const event: AuditEvent = {
  type: 'warrant.approved',
  at: '2026-11-25T07:45:33.123Z',
  actor: 'judge:7',
  subject: 'warrant-42',
  details: { z: 1, a: [true, null, 'é'], m: { b: 2, a: 1.5 } },
};

describe('canonical JSON', () => {
  test('sorts keys recursively, no whitespace, omits undefined members', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } }), '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
    assert.equal(canonicalJson({ '\u00e9': 1, e: 2, E: 3, '10': 4, '9': 5 }), '{"10":4,"9":5,"E":3,"e":2,"\u00e9":1}');
    assert.equal(canonicalJson(-0), '0');
    assert.equal(canonicalJson('a"\n\u0001'), '"a\\"\\n\\u0001"');
  });

  test('rejects what has no single JSON form', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const bad of [NaN, Infinity, new Date(0), 1n, () => 1, Symbol('s'), '\ud800', new Uint8Array(2), new Map(), cyclic]) {
      assert.throws(() => canonicalJson({ v: bad }), { code: 'AUDIT_BAD_EVENT' });
    }
  });
});

describe('audit events', () => {
  test('leaf bytes are the canonical JSON of the event and decode back', () => {
    const leaf = encodeAuditEvent(event);
    assert.equal(
      new TextDecoder().decode(leaf),
      '{"actor":"judge:7","at":"2026-11-25T07:45:33.123Z","details":{"a":[true,null,"é"],"m":{"a":1.5,"b":2},"z":1},"subject":"warrant-42","type":"warrant.approved"}',
    );
    assert.deepEqual(decodeAuditEvent(leaf), event);
    const { subject: _s, ...noSubject } = event;
    assert.deepEqual(decodeAuditEvent(encodeAuditEvent(noSubject)), noSubject);
  });

  test('invalid events are rejected with AUDIT_BAD_EVENT', () => {
    const bads: unknown[] = [
      null,
      { ...event, type: '' },
      { ...event, at: '2026-11-25 07:45:33' },
      { ...event, at: '2026-11-25T07:45:33+01:00' },
      { ...event, at: '2026-13-45T07:45:33Z' },
      { ...event, at: '2026-02-30T07:45:33Z' },
      { ...event, details: [] },
      { ...event, actor: 7 },
      { ...event, extra: 1 },
      { ...event, details: { when: new Date() } },
    ];
    for (const bad of bads) assert.throws(() => encodeAuditEvent(bad as AuditEvent), { code: 'AUDIT_BAD_EVENT' });
  });

  test('non-canonical leaf bytes do not decode', () => {
    const spaced = new TextEncoder().encode(JSON.stringify(event, null, 1));
    assert.throws(() => decodeAuditEvent(spaced), { code: 'AUDIT_BAD_EVENT' });
    assert.throws(() => decodeAuditEvent(new Uint8Array([0xff, 0xfe])), { code: 'AUDIT_BAD_EVENT' });
  });
});

describe('redactIdentity', () => {
  const key = new Uint8Array(32).fill(7);
  test('is a keyed, deterministic tag that does not contain the identity', () => {
    const tag = redactIdentity('447700900123', key);
    assert.match(tag, /^hmac-sha256:[0-9a-f]{64}$/);
    assert.ok(!tag.includes('447700900123'));
    assert.equal(redactIdentity('447700900123', key), tag);
    assert.notEqual(redactIdentity('447700900124', key), tag);
    assert.notEqual(redactIdentity('447700900123', new Uint8Array(32).fill(8)), tag);
    assert.ok(identityTagMatches(tag, '447700900123', key));
    assert.equal(identityTagMatches(tag, '447700900124', key), false);
    assert.throws(() => redactIdentity('x', new Uint8Array(8)), { code: 'AUDIT_BAD_KEY' });
  });
});

test('fuzz: decoders only ever throw typed AuditErrors (fixed seed, 4000 inputs)', () => {
  const random = prng(0x5eed);
  const validLeaf = encodeAuditEvent(event);
  const validLine = formatEntryLine({ index: 3, leaf: validLeaf, prevHash: GENESIS_PREV_HASH }).slice(0, -1);
  let accepted = 0;
  for (let i = 0; i < 4000; i++) {
    let bytes: Uint8Array;
    if (i % 3 === 0) bytes = randomBytes(random, Math.floor(random() * 64));
    else {
      bytes = new TextEncoder().encode(i % 3 === 1 ? new TextDecoder().decode(validLeaf) : validLine);
      const flips = 1 + Math.floor(random() * 3);
      for (let f = 0; f < flips; f++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
    }
    for (const decode of [() => decodeAuditEvent(bytes), () => parseEntryLine(new TextDecoder().decode(bytes), 0)]) {
      try {
        decode();
        accepted++;
      } catch (error) {
        assert.ok(error instanceof AuditError, `untyped error: ${String(error)}`);
      }
    }
  }
  assert.ok(accepted < 8000);
});
