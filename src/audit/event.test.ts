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

/** The calendar check as it was: Date.parse, then the ISO string must give back the same second. */
function referenceRealInstant(at: string): boolean {
  const ms = Date.parse(at);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === at.slice(0, 19);
}

const accepts = (at: string): boolean => {
  try {
    encodeAuditEvent({ ...event, at });
    return true;
  } catch (error) {
    assert.ok(error instanceof AuditError && error.code === 'AUDIT_BAD_EVENT');
    return false;
  }
};

describe('event time: the arithmetic calendar check = Date.parse round trip', () => {
  test('every month 00..13 and day 00..32 of common, leap, century and 400-year years', () => {
    let real = 0;
    for (const year of ['0000', '0001', '1600', '1900', '1970', '2000', '2023', '2024', '2026', '2100', '2400', '9999']) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const at = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T12:00:00Z`;
          const ok = referenceRealInstant(at);
          assert.equal(accepts(at), ok, at);
          if (ok) real++;
        }
      }
    }
    assert.equal(real, 12 * 365 + 5); // leap years among them: 0000, 1600, 2000, 2024, 2400
  });

  test('hours, minutes, seconds at and past their limits, fractions of 1..9 digits', () => {
    const times: string[] = [];
    for (const h of ['00', '09', '23', '24', '25', '99']) for (const m of ['00', '59', '60']) for (const s of ['00', '59', '60', '61']) times.push(`${h}:${m}:${s}`);
    for (const time of times) {
      for (const fraction of ['', '.1', '.123', '.1234', '.999999999']) {
        const at = `2024-02-29T${time}${fraction}Z`;
        assert.equal(accepts(at), referenceRealInstant(at), at);
      }
    }
    assert.equal(accepts('2024-02-29T23:59:59.999999999Z'), true);
    assert.equal(accepts('2026-11-25T24:00:00Z'), false);
    for (const malformed of ['2026-11-25T07:45:33.1234567890Z', '2026-11-25T07:45Z', '+02026-11-25T07:45:33Z', '2026-11-25t07:45:33Z', '２026-11-25T07:45:33Z']) {
      assert.equal(accepts(malformed), false, malformed);
    }
  });
});

/** Decoding as it was: (BOM-stripping) UTF-8, JSON.parse, validate, re-encode and compare bytes. */
function referenceDecodes(leaf: Uint8Array): boolean {
  try {
    const parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(leaf)) as AuditEvent;
    const again = encodeAuditEvent(parsed);
    return Buffer.from(again).equals(leaf);
  } catch {
    return false;
  }
}

describe('decodeAuditEvent accepts exactly the canonical leaves', () => {
  const canonical = new TextDecoder().decode(encodeAuditEvent(event));
  const variants = [
    canonical,
    `\ufeff${canonical}`, // a BOM is a byte the canonical leaf does not have
    `${canonical} `,
    canonical.replace('"actor"', '"\\u0061ctor"'),
    canonical.replace('1.5', '1.50'),
    canonical.replace('"z":1', '"z":1.0'),
    canonical.replace('"z":1', '"z":1e0'),
    canonical.replace('"z":1', '"z":-0'),
    canonical.replace('"é"', '"\\u00e9"'),
    canonical.replace('"é"', '"\\ud800"'),
    canonical.replace('"é"', '"😀"'),
    canonical.replace('"é"', '"\\ud83d\\ude00"'),
    canonical.replace('"m":{"a":1.5,"b":2}', '"m":{"b":2,"a":1.5}'),
    canonical.replace('"m":{"a":1.5,"b":2}', '"m":{"a":1.5,"a":1.5,"b":2}'),
    canonical.replace('"z":1', '"z":1,"10":0,"9":0'),
    canonical.replace('"details":{', '"details":{"10":0,"9":0,'),
    canonical.replace('"details":{', '"details":{"9":0,"10":0,'),
    canonical.replace('"subject":"warrant-42",', ''),
    canonical.replace('"type"', '"extra":1,"type"'),
  ];
  test('the variants of one event: same verdict as the reference, and only canonical ones decode', () => {
    let decoded = 0;
    for (const text of variants) {
      const leaf = new TextEncoder().encode(text);
      const ok = (() => {
        try {
          decodeAuditEvent(leaf);
          return true;
        } catch (error) {
          assert.ok(error instanceof AuditError && error.code === 'AUDIT_BAD_EVENT', text);
          return false;
        }
      })();
      assert.equal(ok, referenceDecodes(leaf), text);
      if (ok) {
        decoded++;
        assert.equal(new TextDecoder().decode(encodeAuditEvent(decodeAuditEvent(leaf))), text);
      }
    }
    assert.equal(decoded, 4); // the event, the 😀 one, the one without subject, the one with "10" before "9"
  });

  test('the event is written in sorted member order exactly as canonicalJson of its five members', () => {
    const rand = prng(0xe7e7);
    for (let i = 0; i < 500; i++) {
      const details: Record<string, unknown> = {};
      for (let k = 0; k < 8; k++) if (rand() < 0.6) details[`k${Math.floor(rand() * 20)}`] = rand() < 0.5 ? Math.floor(rand() * 1e6) : `v${'é'.repeat(Math.floor(rand() * 3))}"${i}`;
      const e: AuditEvent = { type: `t.${i}`, at: new Date(Date.UTC(2026, 0, 1) + i * 7_777_777).toISOString(), actor: `actor "${i}"`, details };
      if (rand() < 0.5) e.subject = `s\u00e9${i}`;
      const { type, at, actor, subject, details: d } = e;
      assert.equal(new TextDecoder().decode(encodeAuditEvent(e)), canonicalJson({ type, at, actor, subject, details: d }));
    }
  });
});

test('details nested to the depth limit: accepted and refused exactly as canonicalJson of the whole event', () => {
  const nest = (depth: number): Record<string, unknown> => (depth === 0 ? { leaf: 1 } : { x: depth % 2 === 0 ? nest(depth - 1) : [nest(depth - 1)] });
  for (let depth = 58; depth <= 66; depth++) {
    const e: AuditEvent = { ...event, details: nest(depth) };
    const { type, at, actor, subject, details } = e;
    let whole: string;
    try {
      whole = canonicalJson({ type, at, actor, subject, details });
    } catch (error) {
      assert.throws(() => encodeAuditEvent(e), { code: 'AUDIT_BAD_EVENT', message: (error as Error).message }, `depth ${depth}`);
      const leaf = new TextEncoder().encode(JSON.stringify({ actor, at, details, subject, type }));
      assert.throws(() => decodeAuditEvent(leaf), { code: 'AUDIT_BAD_EVENT' }, `decode at depth ${depth}`);
      continue;
    }
    assert.equal(new TextDecoder().decode(encodeAuditEvent(e)), whole, `depth ${depth}`);
    assert.deepEqual(decodeAuditEvent(encodeAuditEvent(e)), e);
  }
});
