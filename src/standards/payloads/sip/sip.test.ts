import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildSip, getHeader, getHeaders, parseCSeq, parseNameAddr, parseSip, SipStreamParser, uriUser } from './sip.ts';
import type { SipMessage } from './sip.ts';
import { buildSdp, parseSdp } from './sdp.ts';

const sdp = buildSdp({ username: '-', sessionId: '12345', sessionVersion: '1', address: '100.64.0.9', media: [{ type: 'audio', port: 40000, formats: [0], rtpmap: { 0: 'PCMU/8000' }, attributes: ['ptime:20', 'sendrecv'] }] });
const invite: SipMessage = {
  kind: 'request', method: 'INVITE', uri: 'sip:+447700900123@ims.mnc015.mcc234.3gppnetwork.org;user=phone',
  headers: [
    ['Via', 'SIP/2.0/UDP 100.64.0.9:5060;branch=z9hG4bK776asdhds'],
    ['Max-Forwards', '70'],
    ['From', '"Alice" <sip:+447700900001@ims.example>;tag=1928301774'],
    ['To', '<tel:+447700900123>'],
    ['Call-ID', 'a84b4c76e66710@100.64.0.9'],
    ['CSeq', '314159 INVITE'],
    ['Content-Type', 'application/sdp'],
  ],
  body: new TextEncoder().encode(sdp),
};

describe('SIP', () => {
  test('parse(build(x)) round trips a request and a response', () => {
    const bytes = buildSip(invite);
    const parsed = parseSip(bytes);
    assert.equal(parsed.kind, 'request');
    assert.deepEqual(parsed.headers.slice(0, 7), invite.headers);
    assert.equal(getHeader(parsed, 'content-length'), String(invite.body.length));
    assert.deepEqual(parsed.body, invite.body);
    const ok: SipMessage = { kind: 'response', status: 200, reason: 'OK', headers: [['Call-ID', 'x@y'], ['CSeq', '1 INVITE']], body: new Uint8Array(0) };
    const parsedOk = parseSip(buildSip(ok));
    assert.deepEqual({ ...parsedOk, headers: parsedOk.headers.slice(0, 2) }, ok);
  });

  test('text form: start line, CRLFs and Content-Length', () => {
    const text = new TextDecoder().decode(buildSip(invite));
    assert.ok(text.startsWith('INVITE sip:+447700900123@ims.mnc015.mcc234.3gppnetwork.org;user=phone SIP/2.0\r\nVia: '));
    assert.match(text, new RegExp(`\r\nContent-Length: ${invite.body.length}\r\n\r\nv=0\r\n`));
  });

  test('compact header names, folding and header helpers', () => {
    const raw = 'BYE sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\nf: <sip:a@b>;tag=9\r\nt: <sip:c@d>\r\n ;tag=8\r\ni: abc\r\nCSeq: 2 BYE\r\nl: 0\r\n\r\n';
    const m = parseSip(new TextEncoder().encode(raw));
    assert.equal(getHeader(m, 'Call-ID'), 'abc');
    assert.equal(parseNameAddr(getHeader(m, 'To')!).tag, '8');
    assert.deepEqual(parseCSeq(getHeader(m, 'cseq')!), { seq: 2, method: 'BYE' });
    assert.deepEqual(getHeaders(m, 'via').length, 1);
    const from = parseNameAddr('"Alice" <sip:+447700900001@ims.example>;tag=1928301774');
    assert.deepEqual(from, { displayName: 'Alice', uri: 'sip:+447700900001@ims.example', tag: '1928301774', params: { tag: '1928301774' } });
    assert.equal(uriUser('sip:+447700900001@ims.example'), '447700900001');
    assert.equal(uriUser('tel:+447700900123;phone-context=x'), '447700900123');
  });

  test('bad messages raise typed errors', () => {
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    assert.throws(() => parseSip(enc('HELLO\r\n\r\n')), { code: 'SIP_BAD_START_LINE' });
    assert.throws(() => parseSip(enc('BYE sip:a@b SIP/2.0\r\nnocolon\r\n\r\n')), { code: 'SIP_BAD_HEADER' });
    assert.throws(() => parseSip(enc('BYE sip:a@b SIP/2.0\r\nContent-Length: 10\r\n\r\nabc')), { code: 'SIP_BAD_CONTENT_LENGTH' });
    assert.throws(() => parseSip(enc('BYE sip:a@b SIP/2.0\r\n')), { code: 'PAYLOAD_TRUNCATED' });
  });

  test('stream parser: whole, byte at a time, with keepalive CRLFs, same result', () => {
    const one = buildSip(invite);
    const two = buildSip({ kind: 'response', status: 180, reason: 'Ringing', headers: [['Call-ID', 'x']], body: new Uint8Array(0) });
    const stream = Uint8Array.from([13, 10, 13, 10, ...one, ...two, ...one]);
    const whole = new SipStreamParser().push(stream);
    assert.equal(whole.length, 3);
    const byByte = new SipStreamParser();
    const collected: SipMessage[] = [];
    for (const b of stream) collected.push(...byByte.push(Uint8Array.of(b)));
    assert.deepEqual(collected, whole);
    assert.equal(byByte.pending, 0);
    assert.deepEqual(collected[0], parseSip(one));
    assert.throws(() => new SipStreamParser(100).push(one), { code: 'SIP_MESSAGE_TOO_LARGE' });
    assert.throws(() => new SipStreamParser().push(new TextEncoder().encode('BYE sip:a@b SIP/2.0\r\n\r\n')), { code: 'SIP_BAD_CONTENT_LENGTH' });
  });

  test('SDP build/parse round trip', () => {
    const parsed = parseSdp(sdp);
    assert.equal(parsed.address, '100.64.0.9');
    assert.deepEqual(parsed.media[0]?.formats, [0]);
    assert.equal(parsed.media[0]?.rtpmap[0], 'PCMU/8000');
    assert.deepEqual(parsed.media[0]?.attributes, ['ptime:20', 'sendrecv']);
    assert.throws(() => parseSdp('v=0\r\nbogus\r\n'), { code: 'SDP_BAD_LINE' });
  });
});
