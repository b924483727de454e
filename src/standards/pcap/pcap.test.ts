import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readPcap, tcpSegments } from './pcap.ts';
import { PcapError } from './errors.ts';

const enc = new TextEncoder();

function tcp(payload: Uint8Array, srcPort = 40000, dstPort = 50000, seq = 1): Uint8Array {
  const t = new Uint8Array(20 + payload.length);
  const v = new DataView(t.buffer);
  v.setUint16(0, srcPort);
  v.setUint16(2, dstPort);
  v.setUint32(4, seq);
  t[12] = 5 << 4;
  t[13] = 0x18;
  t.set(payload, 20);
  return t;
}

function ipv4(l4: Uint8Array, proto = 6, fragment = 0): Uint8Array {
  const p = new Uint8Array(20 + l4.length);
  const v = new DataView(p.buffer);
  p[0] = 0x45;
  v.setUint16(2, p.length);
  v.setUint16(6, fragment);
  p[8] = 64;
  p[9] = proto;
  p.set([192, 0, 2, 1, 198, 51, 100, 2], 12);
  p.set(l4, 20);
  return p;
}

function ipv6(l4: Uint8Array, hopByHop = false): Uint8Array {
  const ext = hopByHop ? Uint8Array.of(6, 0, 1, 4, 0, 0, 0, 0) : new Uint8Array(0);
  const p = new Uint8Array(40 + ext.length + l4.length);
  const v = new DataView(p.buffer);
  p[0] = 0x60;
  v.setUint16(4, ext.length + l4.length);
  p[6] = hopByHop ? 0 : 6;
  p[7] = 64;
  p.set([0x20, 0x01, 0x0d, 0xb8], 8);
  p[23] = 1;
  p.set([0x20, 0x01, 0x0d, 0xb8], 24);
  p[39] = 2;
  p.set(ext, 40);
  p.set(l4, 40 + ext.length);
  return p;
}

function ether(ip: Uint8Array, vlan = false, pad = 0): Uint8Array {
  const head = vlan
    ? Uint8Array.of(...new Array<number>(12).fill(2), 0x81, 0x00, 0x00, 0x05, ip[0]! >> 4 === 6 ? 0x86 : 0x08, ip[0]! >> 4 === 6 ? 0xdd : 0x00)
    : Uint8Array.of(...new Array<number>(12).fill(2), ip[0]! >> 4 === 6 ? 0x86 : 0x08, ip[0]! >> 4 === 6 ? 0xdd : 0x00);
  const f = new Uint8Array(head.length + ip.length + pad);
  f.set(head);
  f.set(ip, head.length);
  return f;
}

function pcapFile(linkType: number, frames: Uint8Array[], opts: { bigEndian?: boolean; nano?: boolean } = {}): Uint8Array {
  const le = !opts.bigEndian;
  const total = 24 + frames.reduce((n, f) => n + 16 + f.length, 0);
  const b = new Uint8Array(total);
  const v = new DataView(b.buffer);
  v.setUint32(0, opts.nano ? 0xa1b23c4d : 0xa1b2c3d4, le);
  v.setUint16(4, 2, le);
  v.setUint16(6, 4, le);
  v.setUint32(16, 65535, le);
  v.setUint32(20, linkType, le);
  let o = 24;
  frames.forEach((f, i) => {
    v.setUint32(o, 1700000000 + i, le);
    v.setUint32(o + 4, 250, le);
    v.setUint32(o + 8, f.length, le);
    v.setUint32(o + 12, f.length, le);
    b.set(f, o + 16);
    o += 16 + f.length;
  });
  return b;
}

describe('classic pcap reader', () => {
  test('Ethernet, little-endian microseconds: TCP payloads, padding cut, non-TCP and fragments skipped', () => {
    const a = enc.encode('hello');
    const file = pcapFile(1, [
      ether(ipv4(tcp(a)), false, 20), // Ethernet minimum-size padding after the IP packet
      ether(ipv4(tcp(new Uint8Array(0)))), // pure ACK: no payload
      ether(ipv4(Uint8Array.of(0, 1, 0, 2, 0, 8, 0, 0), 17)), // UDP
      ether(ipv4(tcp(a), 6, 0x2001)), // fragment
      ether(ipv6(tcp(enc.encode('v6'), 1, 2, 77)), true),
      ether(ipv6(tcp(enc.encode('hop')), true)),
    ]);
    const p = readPcap(file);
    assert.equal(p.linkType, 1);
    assert.equal(p.records.length, 6);
    assert.equal(p.records[0]!.nanoseconds, 250_000);
    const segs = tcpSegments(file);
    assert.deepEqual(
      segs.map((s) => [s.recordIndex, new TextDecoder().decode(s.payload)]),
      [
        [0, 'hello'],
        [4, 'v6'],
        [5, 'hop'],
      ],
    );
    assert.equal(segs[0]!.source, '192.0.2.1');
    assert.equal(segs[0]!.destination, '198.51.100.2');
    assert.equal(segs[0]!.destinationPort, 50000);
    assert.equal(segs[1]!.source, '2001:db8::1');
    assert.equal(segs[1]!.sequenceNumber, 77);
    assert.equal(segs[1]!.ipVersion, 6);
  });

  test('big-endian nanosecond file, raw IP, Linux SLL and NULL link types', () => {
    const x = enc.encode('x');
    const be = pcapFile(101, [ipv4(tcp(x))], { bigEndian: true, nano: true });
    assert.equal(readPcap(be).records[0]!.nanoseconds, 250);
    assert.equal(tcpSegments(be).length, 1);
    const sll = new Uint8Array(16 + 20 + 21);
    sll.set(Uint8Array.of(0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, 0x08, 0x00));
    sll.set(ipv4(tcp(x)), 16);
    assert.equal(tcpSegments(pcapFile(113, [sll])).length, 1);
    const nul = Uint8Array.of(2, 0, 0, 0, ...ipv4(tcp(x)));
    assert.equal(tcpSegments(pcapFile(0, [nul])).length, 1);
  });

  test('typed errors: bad magic, truncation, unsupported link type', () => {
    const good = pcapFile(1, [ether(ipv4(tcp(enc.encode('abc'))))]);
    const isCode = (code: string) => (e: unknown) => e instanceof PcapError && e.code === code;
    assert.throws(() => readPcap(new Uint8Array(10)), isCode('PCAP_TRUNCATED'));
    assert.throws(() => readPcap(new Uint8Array(24)), isCode('PCAP_BAD_MAGIC'));
    assert.throws(() => readPcap(good.subarray(0, 30)), isCode('PCAP_TRUNCATED'));
    assert.throws(() => readPcap(good.subarray(0, good.length - 1)), isCode('PCAP_TRUNCATED'));
    assert.throws(() => tcpSegments(pcapFile(147, [Uint8Array.of(1)])), isCode('PCAP_UNSUPPORTED_LINKTYPE'));
  });

  test('malformed packets are skipped, never thrown', () => {
    const frames = [Uint8Array.of(1, 2, 3), ether(Uint8Array.of(0x45)), ether(Uint8Array.of(0x4f, ...new Array<number>(30).fill(0))), ether(ipv6(Uint8Array.of(1, 2)))];
    assert.deepEqual(tcpSegments(pcapFile(1, frames)), []);
  });
});
