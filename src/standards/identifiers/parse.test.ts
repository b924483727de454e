import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseTargetIdentifier, detectTargetIdentifier, normaliseTargetIdentifier, isValidTargetIdentifier, TARGET_IDENTIFIER_KINDS,
} from './parse.ts';
import { parseLiid, isLiid } from './liid.ts';
import { IdentifierError, ERROR_CODES } from './errors.ts';
import type { TargetIdentifierKind } from './types.ts';
import { assertCode } from './test-helpers.ts';

const SAMPLES: Record<TargetIdentifierKind, [string, string]> = {
  e164Number: ['+44 7700 900123', '447700900123'],
  imsi: ['234150999999999', '234150999999999'],
  imei: ['00997123456789', '00997123456789'],
  imeisv: ['0099712345678999', '0099712345678999'],
  sipUri: ['SIP:alice@EXAMPLE.com', 'sip:alice@example.com'],
  telUri: ['tel:+44-7700-900000', 'tel:+447700900000'],
  ipv4Address: ['192.0.2.1', '192.0.2.1'],
  ipv6Address: ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
  ipv4Cidr: ['192.0.2.0/24', '192.0.2.0/24'],
  ipv6Cidr: ['2001:db8:1::/48', '2001:db8:1::/48'],
  emailAddress: ['john.doe@Example.com', 'john.doe@example.com'],
  nai: ['user@HomeRealm.example.net', 'user@homerealm.example.net'],
  supiNai: ['sub@5gc.Example.net', 'sub@5gc.example.net'],
  gpsiNai: ['dev@iot.Example.net', 'dev@iot.example.net'],
};

describe('parseTargetIdentifier', () => {
  for (const kind of TARGET_IDENTIFIER_KINDS) {
    const [raw, want] = SAMPLES[kind];
    test(`${kind}: normalises and is idempotent`, () => {
      const id = parseTargetIdentifier(kind, raw);
      assert.deepEqual(id, { kind, value: want });
      assert.deepEqual(normaliseTargetIdentifier(id), id);
    });
    test(`${kind}: refuses every wildcard form`, () => {
      for (const w of ['*', '?', '%', 'all', 'ALL', 'any', '', ' ']) {
        assert.throws(() => parseTargetIdentifier(kind, w), (e: unknown) =>
          e instanceof IdentifierError && (e.code === 'IDENTIFIER_WILDCARD' || e.code === 'IDENTIFIER_EMPTY'));
      }
      assertCode(() => parseTargetIdentifier(kind, `${raw}*`), 'IDENTIFIER_WILDCARD', kind);
    });
  }
  test('unknown kind', () => assertCode(() => parseTargetIdentifier('msisdnRange' as TargetIdentifierKind, '44'), 'IDENTIFIER_UNKNOWN_KIND'));
  test('gpsiNai needs local@domain', () => assertCode(() => parseTargetIdentifier('gpsiNai', 'device'), 'GPSI_BAD_FORMAT'));
  test('isValidTargetIdentifier', () => {
    assert.equal(isValidTargetIdentifier('imsi', '234150999999999'), true);
    assert.equal(isValidTargetIdentifier('imsi', '2341509999*'), false);
  });
  test('CIDR policy passes through', () => {
    assertCode(() => parseTargetIdentifier('ipv4Cidr', '192.0.2.0/24', { cidrPolicy: { minIpv4Prefix: 30, minIpv6Prefix: 64 } }), 'IDENTIFIER_TOO_BROAD');
  });
  test('error messages never echo the identity', () => {
    const secret = '447700900123';
    for (const kind of TARGET_IDENTIFIER_KINDS) {
      try {
        parseTargetIdentifier(kind, `${secret}x!`);
      } catch (e) {
        assert.ok(e instanceof IdentifierError);
        assert.ok(!e.message.includes(secret), `${kind} message leaks the value`);
        assert.ok(!JSON.stringify(e.details ?? {}).includes(secret));
      }
    }
  });
});

describe('detectTargetIdentifier', () => {
  const detected: [string, TargetIdentifierKind, string][] = [
    ['sip:alice@example.com', 'sipUri', 'sip:alice@example.com'],
    ['tel:+447700900000', 'telUri', 'tel:+447700900000'],
    ['imsi-234150999999999', 'imsi', '234150999999999'],
    ['nai-sub@5gc.example.net', 'supiNai', 'sub@5gc.example.net'],
    ['imei-490154203237518', 'imei', '490154203237518'],
    ['imeisv-0099712345678999', 'imeisv', '0099712345678999'],
    ['msisdn-447700900000', 'e164Number', '447700900000'],
    ['extid-dev@iot.example.net', 'gpsiNai', 'dev@iot.example.net'],
    ['192.0.2.1', 'ipv4Address', '192.0.2.1'],
    ['192.0.2.0/24', 'ipv4Cidr', '192.0.2.0/24'],
    ['2001:DB8::1', 'ipv6Address', '2001:db8::1'],
    ['2001:db8::/48', 'ipv6Cidr', '2001:db8::/48'],
    ['+44 7700 900123', 'e164Number', '447700900123'],
    ['0099712345678999', 'imeisv', '0099712345678999'],
  ];
  for (const [raw, kind, value] of detected) test(`${raw} is ${kind}`, () => assert.deepEqual(detectTargetIdentifier(raw), { kind, value }));
  test('15 digits are ambiguous (IMSI / IMEI / E.164)', () => {
    assert.throws(() => detectTargetIdentifier('490154203237518'), (e: unknown) => {
      assert.ok(e instanceof IdentifierError);
      assert.equal(e.code, 'IDENTIFIER_AMBIGUOUS');
      assert.deepEqual(e.details?.['candidates'], ['e164Number', 'imsi', 'imei']);
      return true;
    });
  });
  test('bare national digits are ambiguous, not guessed as E.164', () => assertCode(() => detectTargetIdentifier('7700900123'), 'IDENTIFIER_AMBIGUOUS'));
  test('user@domain is ambiguous', () => assertCode(() => detectTargetIdentifier('john@example.com'), 'IDENTIFIER_AMBIGUOUS'));
  test('garbage is unrecognised', () => assertCode(() => detectTargetIdentifier('hello world'), 'IDENTIFIER_UNRECOGNISED'));
  test('leading-zero digits are unrecognised', () => assertCode(() => detectTargetIdentifier('0123'), 'IDENTIFIER_UNRECOGNISED'));
  test('wildcards refused before detection', () => {
    assertCode(() => detectTargetIdentifier('sip:*@example.com'), 'IDENTIFIER_WILDCARD');
    assertCode(() => detectTargetIdentifier('all'), 'IDENTIFIER_WILDCARD');
    assertCode(() => detectTargetIdentifier('10.0.0.0/8'), 'IDENTIFIER_TOO_BROAD');
  });
});

describe('LIID (TS 103 280 §6.1)', () => {
  for (const raw of ['ZZZ123', 'LIID1', '46565527098f6bcd4621d373cade4e832627b4f6ff00ff00ff', 'a'.repeat(25)]) {
    test(`accepts ${raw}`, () => assert.equal(parseLiid(raw), raw));
  }
  const invalid: [string, string][] = [
    ['', 'LIID_BAD_FORMAT'],
    ['has space', 'LIID_BAD_FORMAT'],
    ['g'.repeat(26), 'LIID_BAD_FORMAT'],
    ['ABCDEF0123456789ABCDEF0123', 'LIID_BAD_FORMAT'],
    ['LIID*', 'IDENTIFIER_WILDCARD'],
    ['caf\u00e9', 'LIID_BAD_FORMAT'],
  ];
  for (const [raw, code] of invalid) test(`refuses ${JSON.stringify(raw)} with ${code}`, () => assertCode(() => parseLiid(raw), code));
  test('isLiid', () => assert.equal(isLiid('LIID1') && !isLiid('LI ID'), true));
});

describe('bounded fuzz: parsers only ever throw IdentifierError', () => {
  // Fixed-seed xorshift so failures reproduce.
  let state = 0x9e3779b9;
  const rand = (n: number): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  const alphabet = '0123456789+-. :;/@[]*?%abcdefABCDEF\u00e9\u0000!~_';
  const seeds = Object.values(SAMPLES).map(([raw]) => raw);
  test('4000 random and mutated inputs across all kinds', () => {
    let accepted = 0;
    for (let i = 0; i < 4000; i++) {
      let input: string;
      if (i % 2 === 0) {
        input = Array.from({ length: rand(40) }, () => alphabet[rand(alphabet.length)]).join('');
      } else {
        const chars = Array.from(seeds[rand(seeds.length)]!);
        for (let m = 0; m <= rand(3); m++) chars.splice(rand(chars.length + 1), rand(2), alphabet[rand(alphabet.length)]!);
        input = chars.join('');
      }
      for (const kind of [...TARGET_IDENTIFIER_KINDS, 'detect' as const]) {
        try {
          const id = kind === 'detect' ? detectTargetIdentifier(input) : parseTargetIdentifier(kind, input);
          accepted++;
          // Whatever is accepted is stable under re-normalisation and never contains a wildcard.
          assert.deepEqual(normaliseTargetIdentifier(id), id);
          assert.ok(!/[*?]/u.test(id.value));
        } catch (e) {
          if (!(e instanceof IdentifierError)) throw e;
          assert.ok(ERROR_CODES.some((c) => c.code === e.code), `undocumented code ${e.code}`);
        }
      }
    }
    assert.ok(accepted > 0, 'mutations of valid samples should sometimes stay valid');
  });
});
