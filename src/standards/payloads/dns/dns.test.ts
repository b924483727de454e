import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildDns, parseDns, DNS_TYPE_A, DNS_TYPE_AAAA, DNS_TYPE_CNAME } from './dns.ts';

describe('DNS', () => {
  test('query bytes match RFC 1035 §4.1 layout', () => {
    const bytes = buildDns({ id: 0xabcd, response: false, questions: [{ name: 'www.example.com', type: DNS_TYPE_A }] });
    const hex = Buffer.from(bytes).toString('hex');
    assert.equal(hex, 'abcd01000001000000000000' + '03777777076578616d706c6503636f6d00' + '00010001');
  });

  test('response round trip with compression, CNAME, A and AAAA', () => {
    const message = {
      id: 7, response: true, recursionAvailable: true, questions: [{ name: 'www.example.com', type: DNS_TYPE_A }],
      answers: [
        { name: 'www.example.com', type: DNS_TYPE_CNAME, ttl: 60, data: 'edge.example.com' },
        { name: 'edge.example.com', type: DNS_TYPE_A, ttl: 300, data: '203.0.113.9' },
        { name: 'edge.example.com', type: DNS_TYPE_AAAA, ttl: 300, data: '2001:db8::9' },
      ],
    };
    const bytes = buildDns(message);
    const parsed = parseDns(bytes);
    assert.equal(parsed.response, true);
    assert.equal(parsed.recursionAvailable, true);
    assert.deepEqual(parsed.questions, [{ name: 'www.example.com', type: 1, class: 1 }]);
    assert.deepEqual(parsed.answers.map((a) => [a.name, a.type, a.ttl, a.data]), message.answers.map((a) => [a.name, a.type, a.ttl, a.data]));
    // compression: "example.com" appears once in full
    assert.equal(Buffer.from(bytes).toString('latin1').split('example').length - 1, 1);
  });

  test('pointer loops and bad labels raise DNS_BAD_NAME', () => {
    const header = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
    assert.throws(() => parseDns(Uint8Array.from([...header, 0xc0, 12, 0, 1, 0, 1])), { code: 'DNS_BAD_NAME' });
    assert.throws(() => parseDns(Uint8Array.from([...header, 0x80, 0, 0, 1, 0, 1])), { code: 'DNS_BAD_NAME' });
    assert.throws(() => parseDns(Uint8Array.from([...header, 5, 97])), { code: 'PAYLOAD_TRUNCATED' });
    assert.throws(() => buildDns({ id: 1, response: false, questions: [{ name: `${'a'.repeat(64)}.com`, type: 1 }] }), { code: 'DNS_BAD_NAME' });
  });
});
