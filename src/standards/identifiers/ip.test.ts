import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIpv4Address, parseIpv6Address, parseIpv4Cidr, parseIpv6Cidr, ipv6Expanded } from './ip.ts';
import { assertCode } from './test-helpers.ts';

describe('IPv4 address (TS 103 280 §6.11)', () => {
  for (const raw of ['192.0.2.1', '10.0.0.0', '255.255.255.254', ' 198.51.100.7 ']) {
    test(`accepts ${raw}`, () => assert.equal(parseIpv4Address(raw), raw.trim()));
  }
  const invalid: [string, string][] = [
    ['192.0.2', 'IPV4_BAD_FORMAT'],
    ['192.0.2.256', 'IPV4_BAD_FORMAT'],
    ['192.0.02.1', 'IPV4_BAD_FORMAT'],
    ['192.0.2.1.5', 'IPV4_BAD_FORMAT'],
    ['192.0.2.*', 'IDENTIFIER_WILDCARD'],
    ['0.0.0.0', 'IDENTIFIER_WILDCARD'],
    ['255.255.255.255', 'IDENTIFIER_TOO_BROAD'],
    ['192.0.2.1-192.0.2.9', 'IDENTIFIER_TOO_LONG'],
  ];
  for (const [raw, code] of invalid) test(`refuses ${raw} with ${code}`, () => assertCode(() => parseIpv4Address(raw), code, raw));
});

describe('IPv6 address (TS 103 280 §6.13, RFC 5952 canonical form)', () => {
  const valid: [string, string][] = [
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::1', '::1'],
    ['fe80::', 'fe80::'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
  ];
  for (const [raw, want] of valid) test(`${raw} -> ${want}`, () => assert.equal(parseIpv6Address(raw), want));
  test('expanded wire form', () => {
    assert.equal(ipv6Expanded('2001:db8::1'), '2001:0db8:0000:0000:0000:0000:0000:0001');
    assert.equal(ipv6Expanded('2001:db8::/48'), '2001:0db8:0000:0000:0000:0000:0000:0000/48');
  });
  const invalid: [string, string][] = [
    ['2001:db8::1::1', 'IPV6_BAD_FORMAT'],
    ['2001:db8:0:0:0:0:0:0:1', 'IPV6_BAD_FORMAT'],
    ['2001:db8::g', 'IPV6_BAD_FORMAT'],
    ['fe80::1%eth0', 'IDENTIFIER_WILDCARD'],
    ['12345::', 'IPV6_BAD_FORMAT'],
    ['::', 'IDENTIFIER_WILDCARD'],
    ['1:2:3:4:5:6:7:8::', 'IPV6_BAD_FORMAT'],
  ];
  for (const [raw, code] of invalid) test(`refuses ${raw} with ${code}`, () => assertCode(() => parseIpv6Address(raw), code, raw));
});

describe('CIDR (TS 103 280 §6.12/6.14) and breadth policy', () => {
  test('accepts /24../32 IPv4 by default', () => {
    assert.equal(parseIpv4Cidr('192.0.2.0/24'), '192.0.2.0/24');
    assert.equal(parseIpv4Cidr('192.0.2.7/32'), '192.0.2.7/32');
  });
  test('accepts /48../128 IPv6 by default, canonical', () => {
    assert.equal(parseIpv6Cidr('2001:0db8:0000:0000:0000:0000:0000:0000/48'), '2001:db8::/48');
    assert.equal(parseIpv6Cidr('2001:db8::1/128'), '2001:db8::1/128');
  });
  const invalid: [() => unknown, string][] = [
    [() => parseIpv4Cidr('192.0.0.0/16'), 'IDENTIFIER_TOO_BROAD'],
    [() => parseIpv4Cidr('0.0.0.0/0'), 'IDENTIFIER_TOO_BROAD'],
    [() => parseIpv6Cidr('2001:db8::/32'), 'IDENTIFIER_TOO_BROAD'],
    [() => parseIpv6Cidr('::/0'), 'IDENTIFIER_TOO_BROAD'],
    [() => parseIpv4Cidr('192.0.2.1/24'), 'CIDR_HOST_BITS_SET'],
    [() => parseIpv6Cidr('2001:db8::1/64'), 'CIDR_HOST_BITS_SET'],
    [() => parseIpv4Cidr('192.0.2.0/33'), 'CIDR_BAD_PREFIX'],
    [() => parseIpv4Cidr('192.0.2.0/024'), 'CIDR_BAD_PREFIX'],
    [() => parseIpv4Cidr('192.0.2.0'), 'CIDR_BAD_PREFIX'],
    [() => parseIpv6Cidr('2001:db8::/129'), 'CIDR_BAD_PREFIX'],
    [() => parseIpv4Cidr('192.0.2.0/24', { minIpv4Prefix: 8, minIpv6Prefix: 48 }), 'IDENTIFIER_POLICY_INVALID'],
    [() => parseIpv6Cidr('2001:db8::/48', { minIpv4Prefix: 24, minIpv6Prefix: 0 }), 'IDENTIFIER_POLICY_INVALID'],
    [() => parseIpv4Cidr('192.0.2.0/2*'), 'IDENTIFIER_WILDCARD'],
  ];
  invalid.forEach(([fn, code], i) => {
    void test(`case ${i} refused with ${code}`, () => assertCode(fn, code));
  });
  test('a configured narrower policy refuses what the default accepts', () => {
    assertCode(() => parseIpv4Cidr('192.0.2.0/24', { minIpv4Prefix: 28, minIpv6Prefix: 64 }), 'IDENTIFIER_TOO_BROAD');
    assert.equal(parseIpv4Cidr('192.0.2.16/28', { minIpv4Prefix: 28, minIpv6Prefix: 64 }), '192.0.2.16/28');
  });
  test('a configured wider policy (within the floor) accepts /20', () => {
    assert.equal(parseIpv4Cidr('192.0.16.0/20', { minIpv4Prefix: 20, minIpv6Prefix: 48 }), '192.0.16.0/20');
  });
});
