import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHttpRequest, buildHttpResponse, buildRequestLine, parseHttpMessage } from './http.ts';

test('HTTP/1.1 request line, request and response round trip', () => {
  assert.equal(buildRequestLine('GET', '/index.html'), 'GET /index.html HTTP/1.1\r\n');
  const req = parseHttpMessage(buildHttpRequest({ method: 'GET', target: '/', headers: [['Host', 'www.example.com']] }));
  assert.deepEqual([req.method, req.target, req.headers], ['GET', '/', [['Host', 'www.example.com']]]);
  const res = parseHttpMessage(buildHttpResponse({ status: 200, reason: 'OK', headers: [['Content-Type', 'text/plain']], body: new TextEncoder().encode('hi') }));
  assert.equal(res.status, 200);
  assert.deepEqual(res.headers, [['Content-Type', 'text/plain'], ['Content-Length', '2']]);
  assert.equal(new TextDecoder().decode(res.body), 'hi');
  assert.throws(() => parseHttpMessage(new TextEncoder().encode('nonsense\r\n\r\n')), { code: 'HTTP_BAD_MESSAGE' });
  assert.throws(() => buildRequestLine('GET', 'has space'), { code: 'PAYLOAD_BAD_VALUE' });
});
