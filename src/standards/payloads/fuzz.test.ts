/**
 * Bounded fuzz of every payload decoder: random bytes and mutations of valid encodings must give
 * either a result or a PayloadError, never another exception or a hang.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PayloadError } from './errors.ts';
import { buildDns, parseDns } from './dns/dns.ts';
import { readWav, writeMulawWav } from './g711/wav.ts';
import { parseHttpMessage, buildHttpRequest } from './http/http.ts';
import { buildTcpPacket, buildUdpPacket, parseIpPacket } from './ip/packet.ts';
import { readPcap, writePcap } from './ip/pcap.ts';
import { buildRtp, parseRtp } from './rtp/rtp.ts';
import { buildSip, parseSip, SipStreamParser } from './sip/sip.ts';
import { parseSdp } from './sip/sdp.ts';
import { buildSmsTpdu, parseSmsTpdu } from './sms/tpdu.ts';
import { buildClientHello, parseClientHello } from './tls/client-hello.ts';
import { prng, randomBytes } from '../../../test/helpers/random.ts';

const r32 = new Uint8Array(32).fill(7);
const samples: [string, Uint8Array, (b: Uint8Array) => unknown][] = [
  ['dns', buildDns({ id: 1, response: true, questions: [{ name: 'a.example.com', type: 1 }], answers: [{ name: 'a.example.com', type: 5, ttl: 1, data: 'b.example.com' }] }), parseDns],
  ['ip-udp', buildUdpPacket({ src: '10.0.0.1', dst: '10.0.0.2' }, { srcPort: 1, dstPort: 2, payload: Uint8Array.of(1, 2, 3) }), parseIpPacket],
  ['ip-tcp6', buildTcpPacket({ src: '2001:db8::1', dst: '2001:db8::2' }, { srcPort: 1, dstPort: 2, seq: 1, ack: 2, flags: 0x18, payload: Uint8Array.of(1) }), parseIpPacket],
  ['rtp', buildRtp({ payloadType: 0, sequenceNumber: 1, timestamp: 2, ssrc: 3, csrcs: [4], payload: new Uint8Array(10) }), parseRtp],
  ['sip', buildSip({ kind: 'request', method: 'MESSAGE', uri: 'sip:a@b', headers: [['Call-ID', 'x']], body: Uint8Array.of(65, 66) }), parseSip],
  ['sip-stream', buildSip({ kind: 'response', status: 200, reason: 'OK', headers: [['Call-ID', 'x']], body: Uint8Array.of(65) }), (b) => new SipStreamParser(4096).push(b)],
  ['sdp', new TextEncoder().encode('v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 4 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n'), (b) => parseSdp(new TextDecoder().decode(b))],
  ['tls', buildClientHello({ serverName: 'x.example', random: r32, keyShare: r32, alpn: ['h2'] }), parseClientHello],
  ['sms-mo', buildSmsTpdu({ type: 'SMS-SUBMIT', messageReference: 1, destination: '4477', text: 'hi there' }), (b) => parseSmsTpdu(b, 'MO')],
  ['sms-mt', buildSmsTpdu({ type: 'SMS-DELIVER', originator: 'BANK', text: 'Привет', serviceCentreTimeMs: 0 }), (b) => parseSmsTpdu(b, 'MT')],
  ['http', buildHttpRequest({ method: 'GET', target: '/', headers: [['Host', 'a']] }), parseHttpMessage],
  ['wav', writeMulawWav(new Uint8Array(9)), readWav],
  ['pcap', writePcap([{ timeMs: 1, data: Uint8Array.of(1, 2) }]), readPcap],
];

test('payload decoders only raise PayloadError on random and mutated input', () => {
  const rand = prng(20260115);
  let typedErrors = 0;
  for (const [name, valid, decode] of samples) {
    assert.doesNotThrow(() => decode(valid), `${name} valid sample`);
    for (let i = 0; i < 400; i++) {
      let input: Uint8Array;
      if (i % 4 === 0) input = randomBytes(rand, Math.floor(rand() * 80));
      else {
        input = valid.slice(0, i % 4 === 1 ? Math.floor(rand() * (valid.length + 1)) : valid.length);
        for (let k = 0; k < 1 + Math.floor(rand() * 4) && input.length > 0; k++) input[Math.floor(rand() * input.length)] = Math.floor(rand() * 256);
      }
      try {
        decode(input);
      } catch (error) {
        if (!(error instanceof PayloadError)) assert.fail(`${name} threw ${String(error)} on ${Buffer.from(input).toString('hex')}`);
        typedErrors++;
      }
    }
  }
  assert.ok(typedErrors > 500, `expected many rejections, got ${typedErrors}`);
});
