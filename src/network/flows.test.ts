import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { NetworkSimulation } from './generator.ts';
import type { IpPacketEvent, NetworkEvent, RtpEvent, SipEvent, SmsEvent } from './events.ts';
import { twoOperators } from './test-fixtures.ts';
import { getHeader, parseSip } from '../standards/payloads/sip/sip.ts';
import { parseSdp } from '../standards/payloads/sip/sdp.ts';
import { parseRtp } from '../standards/payloads/rtp/rtp.ts';
import { decodeMulaw } from '../standards/payloads/g711/g711.ts';
import { parseIpPacket } from '../standards/payloads/ip/packet.ts';
import { parseDns } from '../standards/payloads/dns/dns.ts';
import { extractSni } from '../standards/payloads/tls/client-hello.ts';
import { parseHttpMessage } from '../standards/payloads/http/http.ts';
import { parseSmsTpdu } from '../standards/payloads/sms/tpdu.ts';

const QUIET = { voiceCallsPerMinute: 0, videoCallsPerMinute: 0, smsPerMinute: 0, dataSessionsPerMinute: 0, locationUpdatesPerMinute: 0, reRegistrationsPerMinute: 0 };

function quietSim(): NetworkSimulation {
  return new NetworkSimulation({ operators: twoOperators(100, 9), seed: 'flows', rates: QUIET });
}

describe('traffic flows', () => {
  test('inter-operator voice call: full SIP dialog at both IMS, RTP every 20 ms both ways, audible G.711', () => {
    const sim = quietSim();
    const [opA, opB] = sim.operators;
    const a = opA!.subscriber(1);
    const b = opB!.subscriber(2);
    sim.placeCall(a.msisdn, b.msisdn, { durationMs: 4000 });
    const events = sim.advance(20_000);
    const sip = events.filter((e): e is SipEvent => e.kind === 'sip');
    const rtp = events.filter((e): e is RtpEvent => e.kind === 'rtp');
    for (const opId of ['opA', 'opB']) {
      const ladder = sip.filter((e) => e.operatorId === opId).map((e) => e.sipStatus ?? e.sipMethod);
      assert.deepEqual(ladder, ['INVITE', 100, 180, 200, 'ACK', 'BYE', 200]);
    }
    for (const e of sip) {
      assert.deepEqual(e.served.map((s) => s.msisdn), [e.operatorId === 'opA' ? a.msisdn : b.msisdn]);
      const m = parseSip(e.payload.bytes);
      assert.equal(getHeader(m, 'Call-ID'), e.callId);
    }
    const invite = parseSip(sip[0]!.payload.bytes);
    assert.equal(invite.kind === 'request' && invite.uri.startsWith(`sip:+${b.msisdn}@`), true);
    assert.match(getHeader(invite, 'From')!, new RegExp(a.msisdn));
    const offer = parseSdp(new TextDecoder().decode(invite.body));
    assert.equal(offer.media[0]?.rtpmap[0], 'PCMU/8000');
    assert.equal(offer.address, a.ipv4);

    // 4 s of talk → 200 packets per direction, seen at both operators
    const ofA = rtp.filter((e) => e.operatorId === 'opA');
    assert.equal(ofA.length, 400);
    assert.equal(rtp.length, 800);
    for (const dir of ['caller-to-callee', 'callee-to-caller'] as const) {
      const stream = ofA.filter((e) => e.direction === dir);
      const packets = stream.map((e) => parseRtp(e.payload.bytes));
      packets.forEach((p, i) => {
        assert.equal(p.payloadType, 0);
        assert.equal(p.payload.length, 160);
        if (i > 0) {
          assert.equal(p.sequenceNumber, (packets[i - 1]!.sequenceNumber + 1) & 0xffff);
          assert.equal(p.timestamp, (packets[i - 1]!.timestamp + 160) >>> 0);
          assert.equal(stream[i]!.timeMs - stream[i - 1]!.timeMs, 20);
        }
      });
      const samples = packets.flatMap((p) => [...decodeMulaw(p.payload)]);
      const rms = Math.sqrt(samples.reduce((s, x) => s + x * x, 0) / samples.length);
      const peak = Math.max(...samples.map(Math.abs));
      assert.ok(rms > 200, `${dir} is audible (rms ${rms.toFixed(0)})`);
      assert.ok(peak < 32124, `${dir} does not clip hard (peak ${peak})`);
    }
    assert.equal(sim.countsFor(a.imei).callContent, 400);
    assert.equal(sim.countsFor(b.imsi).callIri, 7);
  });

  test('video call offers H.264 and carries dummy NAL units with a dynamic payload type', () => {
    const sim = quietSim();
    const a = sim.operators[0]!.subscriber(5);
    const c = sim.operators[0]!.subscriber(6);
    sim.placeCall(a.msisdn, c.msisdn, { video: true, durationMs: 2000 });
    const events = sim.advance(15_000);
    const invite = events.find((e): e is SipEvent => e.kind === 'sip' && e.sipMethod === 'INVITE')!;
    const sdp = parseSdp(new TextDecoder().decode(parseSip(invite.payload.bytes).body));
    assert.equal(sdp.media[1]?.type, 'video');
    assert.equal(sdp.media[1]?.rtpmap[96], 'H264/90000');
    assert.deepEqual(invite.served.map((s) => s.msisdn), [a.msisdn, c.msisdn]); // same-operator call: one copy, both served
    const video = events.filter((e): e is RtpEvent => e.kind === 'rtp' && e.media === 'video');
    assert.ok(video.length > 50);
    const types = new Set(video.map((e) => parseRtp(e.payload.bytes)).map((p) => { assert.equal(p.payloadType, 96); return p.payload[0]! & 0x1f; }));
    assert.deepEqual([...types].sort(), [1, 5, 7, 8]);
  });

  test('unanswered call ends with a final error response and ACK, no RTP', () => {
    const sim = quietSim();
    sim.placeCall(sim.operators[0]!.msisdnOf(1), sim.operators[1]!.msisdnOf(1), { answered: false });
    const events = sim.advance(20_000);
    assert.equal(events.filter((e) => e.kind === 'rtp').length, 0);
    const ladder = events.filter((e): e is SipEvent => e.kind === 'sip' && e.operatorId === 'opA').map((e) => e.sipStatus ?? e.sipMethod);
    assert.equal(ladder.length, 5);
    assert.ok(ladder[3] === 486 || ladder[3] === 480);
    assert.equal(ladder[4], 'ACK');
  });

  test('SMS MO at the sender operator and MT at the recipient operator, TPDUs decode to the same text', () => {
    const sim = quietSim();
    const a = sim.operators[0]!.subscriber(7);
    const b = sim.operators[1]!.subscriber(8);
    sim.sendSms(a.msisdn, b.msisdn, 'See you at 8 €5 for the cab');
    sim.sendSms('BANK', b.msisdn, 'Your code is 123456');
    const sms = sim.advance(10_000).filter((e): e is SmsEvent => e.kind === 'sms');
    const seen = sms.map((e) => `${e.operatorId} ${e.sms.direction} ${e.served[0]?.msisdn ?? ''}`).sort();
    assert.deepEqual(seen, [`opA MO ${a.msisdn}`, `opB MT ${b.msisdn}`, `opB MT ${b.msisdn}`]);
    const mo = sms.find((e) => e.sms.direction === 'MO')!;
    assert.deepEqual(parseSmsTpdu(mo.payload.bytes, 'MO'), { type: 'SMS-SUBMIT', messageReference: mo.sms.messageReference, destination: b.msisdn, text: 'See you at 8 €5 for the cab', validityPeriod: 0xa7 });
    const bank = sms.find((e) => e.sms.originator === 'BANK')!;
    const deliver = parseSmsTpdu(bank.payload.bytes, 'MT');
    assert.equal(deliver.type === 'SMS-DELIVER' && deliver.originator, 'BANK');
    assert.equal(sim.countsFor(b.msisdn).sms, 2);
    assert.equal(sim.countsFor(a.msisdn).sms, 1);
  });

  test('data session: PDU session up, DNS, TLS with SNI, HTTP GET, release; every packet checksums', () => {
    const sim = quietSim();
    const a = sim.operators[0]!.subscriber(9);
    sim.startDataSession(a.imsi, ['news.example.org'], { tls: true });
    sim.startDataSession(a.msisdn, ['www.example.com'], { tls: false });
    const events: NetworkEvent[] = sim.advance(30_000);
    assert.deepEqual(events.filter((e) => e.element === 'smf').map((e) => e.kind), ['pdu-session-establishment', 'pdu-session-establishment', 'pdu-session-release', 'pdu-session-release']);
    const packets = events.filter((e): e is IpPacketEvent => e.kind === 'ip-packet');
    const names = new Set<string>();
    let sni: string | undefined;
    let host: string | undefined;
    for (const e of packets) {
      const p = parseIpPacket(e.payload.bytes); // throws on any bad checksum
      assert.equal(e.direction === 'uplink' ? p.src : p.dst, a.ipv4);
      if (e.application === 'dns') for (const q of parseDns(p.payload).questions) names.add(q.name);
      if (e.application === 'tls' && p.payload.length > 0) sni = extractSni(p.payload);
      if (e.application === 'http' && e.direction === 'uplink') host = parseHttpMessage(p.payload).headers.find(([k]) => k === 'Host')?.[1];
    }
    assert.deepEqual([...names].sort(), ['news.example.org', 'www.example.com']);
    assert.equal(sni, 'news.example.org');
    assert.equal(host, 'www.example.com');
    assert.equal(sim.countsFor(a.ipv4).dataContent, packets.length);
  });
});
