import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildClientHello, extractSni, parseClientHello } from './client-hello.ts';

const random = Uint8Array.from({ length: 32 }, (_, i) => i);

describe('TLS ClientHello', () => {
  test('TLS 1.3 ClientHello carries SNI, ALPN and supported_versions', () => {
    const bytes = buildClientHello({ serverName: 'video.example.com', random, sessionId: random, keyShare: random, alpn: ['h2', 'http/1.1'] });
    assert.deepEqual([...bytes.subarray(0, 3)], [22, 3, 1]);
    assert.equal(((bytes[3]! << 8) | bytes[4]!) + 5, bytes.length);
    assert.equal(bytes[5], 1); // client_hello
    const hello = parseClientHello(bytes);
    assert.equal(hello.serverName, 'video.example.com');
    assert.deepEqual(hello.alpn, ['h2', 'http/1.1']);
    assert.deepEqual(hello.supportedVersions, [0x0304, 0x0303]);
    assert.equal(hello.legacyVersion, 0x0303);
    assert.deepEqual(hello.random, random);
    assert.ok(hello.cipherSuites.includes(0x1301));
  });

  test('TLS 1.2-only ClientHello and SNI extraction', () => {
    const bytes = buildClientHello({ serverName: 'shop.example.net', random, tls13: false });
    assert.equal(extractSni(bytes), 'shop.example.net');
    assert.deepEqual(parseClientHello(bytes).supportedVersions, []);
  });

  test('a ClientHello split over two records is reassembled (RFC 8446 §5.1)', () => {
    const bytes = buildClientHello({ serverName: 'a.example', random, keyShare: random });
    const body = bytes.subarray(5);
    const cut = 40;
    const rec = (part: Uint8Array): number[] => [22, 3, 1, part.length >> 8, part.length & 0xff, ...part];
    const split = Uint8Array.from([...rec(body.subarray(0, cut)), ...rec(body.subarray(cut))]);
    assert.equal(extractSni(split), 'a.example');
  });

  test('non-handshake records and bad lengths raise typed errors', () => {
    assert.throws(() => extractSni(Uint8Array.of(23, 3, 3, 0, 1, 0)), { code: 'TLS_NOT_CLIENT_HELLO' });
    assert.throws(() => extractSni(Uint8Array.of(22, 3, 1, 0, 50, 1)), { code: 'TLS_BAD_LENGTH' });
    assert.throws(() => buildClientHello({ serverName: 'x', random: new Uint8Array(31) }), { code: 'PAYLOAD_BAD_VALUE' });
  });
});
