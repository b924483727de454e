import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { expandIpv6Groups, formatIpv6, formatIpv6Groups, parseIpv4, parseIpv6, parseIpv6Groups } from './ip-text.ts';

describe('shared IP text forms', () => {
  test('dotted quads: leading zeros only when asked for', () => {
    assert.deepEqual(parseIpv4('192.0.2.1'), Uint8Array.of(192, 0, 2, 1));
    assert.equal(parseIpv4('010.0.0.1'), undefined);
    assert.deepEqual(parseIpv4('010.0.0.1', { allowLeadingZeros: true }), Uint8Array.of(10, 0, 0, 1));
    for (const bad of ['0010.0.0.1', '256.0.0.1', '1.2.3', '1.2.3.4.', '']) {
      assert.equal(parseIpv4(bad, { allowLeadingZeros: true }), undefined, bad);
    }
  });

  test('IPv6 text → groups, RFC 5952 and TS 103 280 forms', () => {
    const groups = parseIpv6Groups('2001:DB8::ffff:192.0.2.1');
    assert.deepEqual(groups, [0x2001, 0xdb8, 0, 0, 0, 0xffff, 0xc000, 0x201]);
    assert.equal(formatIpv6Groups(groups), '2001:db8::ffff:c000:201');
    assert.equal(expandIpv6Groups(groups), '2001:0db8:0000:0000:0000:ffff:c000:0201');
    assert.equal(formatIpv6(parseIpv6('1:0:0:1:0:0:0:1')!), '1:0:0:1::1');
    assert.equal(formatIpv6(parseIpv6('1:0:0:2:0:0:3:4')!), '1::2:0:0:3:4', 'first run on ties');
  });

  test('IPv6: a dotted quad only as the last 32 bits, "::" for at least one group, no zone', () => {
    for (const bad of ['1.2.3.4::', '1.2.3.4::1', '1:2:3:4:5:6:7:8::', '1:2:3:4:5:6::1.2.3.4', 'fe80::1%eth0', '::010.0.0.1', ':1.2.3.4']) {
      assert.equal(parseIpv6Groups(bad), undefined, bad);
    }
    assert.deepEqual(parseIpv6Groups('::010.0.0.1', { allowLeadingZeros: true })?.slice(6), [0x0a00, 0x0001]);
  });
});
