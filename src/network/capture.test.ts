import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetworkSimulation } from './generator.ts';
import { eventIpPacket, eventsToPcap } from './capture.ts';
import { twoOperators } from './test-fixtures.ts';
import { readPcap } from '../standards/payloads/ip/pcap.ts';
import { parseIpPacket } from '../standards/payloads/ip/packet.ts';

const QUIET = { voiceCallsPerMinute: 0, videoCallsPerMinute: 0, smsPerMinute: 0, dataSessionsPerMinute: 0, locationUpdatesPerMinute: 0, reRegistrationsPerMinute: 0 };
const tsharkProbe = spawnSync('tshark', ['--version'], { encoding: 'utf8' });
const tsharkSkip = tsharkProbe.status === 0 ? undefined : 'tshark is not installed (Debian package tshark): independent packet decoding skipped';

function scriptedTraffic(): ReturnType<NetworkSimulation['advance']> {
  const sim = new NetworkSimulation({ operators: twoOperators(100, 9), seed: 'pcap', rates: QUIET });
  const [opA, opB] = sim.operators;
  sim.startDataSession(opA!.msisdnOf(1), ['news.example.org'], { tls: true });
  sim.startDataSession(opA!.msisdnOf(2), ['www.example.com'], { tls: false });
  sim.placeCall(opA!.msisdnOf(3), opB!.msisdnOf(4), { durationMs: 1000 });
  return sim.advance(30_000);
}

test('every SIP/RTP/user-plane event becomes a valid IP packet in the pcap', () => {
  const events = scriptedTraffic();
  const withIp = events.filter((e) => eventIpPacket(e) !== undefined);
  const { records } = readPcap(eventsToPcap(events));
  assert.equal(records.length, withIp.length);
  for (const r of records) assert.doesNotThrow(() => parseIpPacket(r.data));
});

test('tshark decodes the generated DNS, HTTP, TLS SNI, SIP and RTP', { skip: tsharkSkip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'warranted-net-'));
  try {
    const file = join(dir, 'traffic.pcap');
    writeFileSync(file, eventsToPcap(scriptedTraffic()));
    const r = spawnSync('tshark', ['-r', file, '-o', 'rtp.heuristic_rtp:TRUE', '-T', 'fields', '-E', 'separator=|', '-e', 'dns.qry.name', '-e', 'tls.handshake.extensions_server_name', '-e', 'sip.Method', '-e', 'http.host', '-e', 'rtp.p_type', '-e', '_ws.expert.severity'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stderr);
    const rows = r.stdout.trim().split('\n').map((l) => l.split('|'));
    const column = (i: number): Set<string> => new Set(rows.map((row) => row[i] ?? '').filter((v) => v !== ''));
    assert.ok(column(0).has('news.example.org') && column(0).has('www.example.com'), [...column(0)].join());
    assert.deepEqual([...column(1)], ['news.example.org']);
    for (const m of ['INVITE', 'ACK', 'BYE']) assert.ok(column(2).has(m), `sip.Method ${m}`);
    assert.ok(column(3).has('www.example.com'));
    assert.ok(column(4).has('0'), 'RTP PCMU packets');
    const bad = spawnSync('tshark', ['-r', file, '-Y', 'ip.checksum.status == "Bad" || udp.checksum.status == "Bad" || tcp.checksum.status == "Bad" || _ws.malformed', '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE'], { encoding: 'utf8' });
    assert.equal(bad.status, 0, bad.stderr);
    assert.equal(bad.stdout.trim(), '', `packets tshark flags as bad:\n${bad.stdout}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
