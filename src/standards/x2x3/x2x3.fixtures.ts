/**
 * Test fixtures for the X2/X3 codec: one PDU per PDU type and payload format, every Table 5
 * attribute kind. Imported by tests only (their seeded PRNG is test/helpers/random.ts).
 */
import { PayloadDirection, PayloadFormat, PduType, X2X3_VERSION } from './constants.ts';
import { keepaliveAcknowledgementPdu, keepalivePdu } from './encode.ts';
import type { X2X3Attribute, X2X3Pdu } from './types.ts';

export const XID_A = '2b36a78b-b628-416d-bd22-404e68a0cd36';
export const XID_B = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** One attribute of every Table 5 kind (and an unknown type), in wire order. */
export function everyAttribute(): X2X3Attribute[] {
  return [
    { kind: 'etsi102232', value: Uint8Array.of(0x30, 0x03, 0x80, 0x01, 0x01) },
    { kind: 'ts33128', value: Uint8Array.of(0xa0, 0x00) },
    { kind: 'ts33108', value: Uint8Array.of(0x04, 0x02, 0xca, 0xfe) },
    { kind: 'proprietary', owner: 'example.org', value: Uint8Array.of(1, 2, 3) },
    { kind: 'domainId', value: ascii('operator-a') },
    { kind: 'networkFunctionId', value: ascii('smf-1') },
    { kind: 'interceptionPointId', value: ascii('poi-7') },
    { kind: 'sequenceNumber', value: 0xfffffffe },
    { kind: 'timestamp', value: { seconds: 1704110400, nanoseconds: 999_999_999 } },
    { kind: 'sourceIpv4Address', value: '192.0.2.1' },
    { kind: 'destinationIpv4Address', value: '198.51.100.254' },
    { kind: 'sourceIpv6Address', value: '2001:db8::1' },
    { kind: 'destinationIpv6Address', value: 'fe80::1:0:0:2' },
    { kind: 'sourcePort', value: 5060 },
    { kind: 'destinationPort', value: 65535 },
    { kind: 'ipProtocol', value: 17 },
    { kind: 'matchedTargetIdentifier', value: '<imsi>204081234567890</imsi>' },
    { kind: 'otherTargetIdentifier', value: '<sipURI>sip:zoë@example.com</sipURI>' },
    { kind: 'otherTargetIdentifier', value: '<e164Number>447700900123</e164Number>' },
    { kind: 'mimeContentType', value: 'text/plain; charset=utf-8' },
    { kind: 'mimeContentTransferEncoding', value: 'base64' },
    { kind: 'additionalXidRelatedInformation', value: { xid: XID_B, correlationId: 0xffffffffffffffffn } },
    { kind: 'additionalXidRelatedInformation', value: { xid: XID_A, correlationId: 7n, sequenceNumber: 3 } },
    { kind: 'sdpSessionDescription', value: 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n' },
    { kind: 'unknown', type: 0x7fff, value: Uint8Array.of(9, 9) },
    { kind: 'unknown', type: 0, value: new Uint8Array(0) },
  ];
}

/** A minimal IPv4/UDP packet (RFC 791 / RFC 768) carrying `data`. */
export function ipv4UdpPacket(data: Uint8Array): Uint8Array {
  const p = new Uint8Array(28 + data.length);
  const v = new DataView(p.buffer);
  p[0] = 0x45;
  v.setUint16(2, p.length);
  p[8] = 64;
  p[9] = 17;
  p.set([10, 0, 0, 1, 10, 0, 0, 2], 12);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += v.getUint16(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  v.setUint16(10, ~sum & 0xffff);
  v.setUint16(20, 49152);
  v.setUint16(22, 49154);
  v.setUint16(24, 8 + data.length);
  p.set(data, 28);
  return p;
}

/** An RTP packet (RFC 3550 §5.1) with a 160-octet G.711 payload: 172 octets. */
export function rtpPacket(seq: number): Uint8Array {
  const p = new Uint8Array(12 + 160).fill(0xd5);
  const v = new DataView(p.buffer);
  p[0] = 0x80;
  p[1] = 0x00;
  v.setUint16(2, seq & 0xffff);
  v.setUint32(4, seq * 160);
  v.setUint32(8, 0x12345678);
  return p;
}

export function basePdu(overrides: Partial<X2X3Pdu>): X2X3Pdu {
  return {
    version: X2X3_VERSION,
    pduType: PduType.X2,
    payloadFormat: PayloadFormat.SipMessage,
    payloadDirection: PayloadDirection.FromTarget,
    xid: XID_A,
    correlationId: 1n,
    attributes: [],
    payload: new Uint8Array(0),
    ...overrides,
  };
}

/** A typical X3 PDU: RTP in IPv4/UDP, sequence number and timestamp. */
export function x3RtpPdu(seq = 1): X2X3Pdu {
  return basePdu({
    pduType: PduType.X3,
    payloadFormat: PayloadFormat.Ipv4Packet,
    payloadDirection: PayloadDirection.ToTarget,
    correlationId: 0x0102030405060708n,
    attributes: [
      { kind: 'sequenceNumber', value: seq },
      { kind: 'timestamp', value: { seconds: 1704110400 + Math.floor(seq / 50), nanoseconds: 20_000_000 * (seq % 50) } },
    ],
    payload: ipv4UdpPacket(rtpPacket(seq)),
  });
}

/** A typical X2 PDU: a SIP INVITE with target identifier, NFID, sequence number, timestamp, addresses. */
export function x2SipPdu(seq = 1): X2X3Pdu {
  const sip =
    'INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n' +
    'Max-Forwards: 70\r\nTo: <sip:bob@example.com>\r\nFrom: <sip:alice@example.org>;tag=1928301774\r\n' +
    'Call-ID: a84b4c76e66710@pc33.example.org\r\nCSeq: 314159 INVITE\r\nContent-Length: 0\r\n\r\n';
  return basePdu({
    attributes: [
      { kind: 'networkFunctionId', value: ascii('p-cscf-1') },
      { kind: 'sequenceNumber', value: seq },
      { kind: 'timestamp', value: { seconds: 1704110400, nanoseconds: 123_456_000 } },
      { kind: 'sourceIpv4Address', value: '192.0.2.1' },
      { kind: 'destinationIpv4Address', value: '198.51.100.7' },
      { kind: 'sourcePort', value: 5060 },
      { kind: 'destinationPort', value: 5060 },
      { kind: 'ipProtocol', value: 17 },
      { kind: 'matchedTargetIdentifier', value: '<sipURI>sip:alice@example.org</sipURI>' },
    ],
    payload: ascii(sip),
  });
}

/** One PDU per (PDU type, permitted payload format) of Table 2 / Table 7, plus both keepalives. */
export function everyPduTypeAndFormat(): X2X3Pdu[] {
  const out: X2X3Pdu[] = [keepalivePdu(7), keepaliveAcknowledgementPdu(7)];
  const x2Formats = [1, 2, 3, 4, 5, 6, 9, 10, 11, 14, 15];
  const x3Formats = [1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 15, 16];
  x2Formats.forEach((f, i) =>
    out.push(basePdu({ pduType: PduType.X2, payloadFormat: f, correlationId: BigInt(i), payloadDirection: (1 + (i % 5)) as PayloadDirection, attributes: [{ kind: 'sequenceNumber', value: i }], payload: samplePayload(f) })),
  );
  x3Formats.forEach((f, i) =>
    out.push(basePdu({ pduType: PduType.X3, payloadFormat: f, xid: XID_B, correlationId: BigInt(i), payloadDirection: (1 + (i % 5)) as PayloadDirection, attributes: [{ kind: 'sequenceNumber', value: i }], payload: samplePayload(f) })),
  );
  return out;
}

/** An IPv6/UDP packet (RFC 8200) carrying `data`. */
export function ipv6UdpPacket(data: Uint8Array): Uint8Array {
  const p = new Uint8Array(48 + data.length);
  const v = new DataView(p.buffer);
  p[0] = 0x60;
  v.setUint16(4, 8 + data.length);
  p[6] = 17;
  p[7] = 64;
  p.set([0x20, 0x01, 0x0d, 0xb8], 8);
  p[23] = 1;
  p.set([0x20, 0x01, 0x0d, 0xb8], 24);
  p[39] = 2;
  v.setUint16(40, 49152);
  v.setUint16(42, 49154);
  v.setUint16(44, 8 + data.length);
  p.set(data, 48);
  // RFC 8200 §8.1: the UDP checksum is mandatory over IPv6 (pseudo-header + UDP header + data).
  let sum = 17 + 8 + data.length;
  for (let i = 8; i < p.length; i += 2) sum += (p[i]! << 8) | (p[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  v.setUint16(46, ~sum & 0xffff || 0xffff);
  return p;
}

/** A 3GPP TS 33.128 XIRIPayload (BER) announcing an AMF deregistration of `imsi` (our own encoding). */
export function xiriDeregistration(imsi: string): Uint8Array {
  const id = ascii(imsi);
  const supi = [0xa3, id.length + 2, 0x81, id.length, ...id];
  const dereg = [0x81, 0x01, 0x02, 0x82, 0x01, 0x01, ...supi];
  const event = [0xa2, dereg.length + 2, 0xa2, dereg.length, ...dereg];
  const body = [0x81, 0x05, 0x04, 0x13, 0x10, 0x05, 0x01, ...event];
  return Uint8Array.of(0x30, body.length, ...body);
}

/** A plausible payload of each Table 7 format, so tshark's sub-dissectors find nothing malformed. */
export function samplePayload(format: number): Uint8Array {
  switch (format) {
    case PayloadFormat.Ts33128DefinedPayload:
      return xiriDeregistration('001010123456789');
    case PayloadFormat.ProprietaryPayload:
      return Uint8Array.of(11, ...ascii('example.org'), 0xaa, 0xbb);
    case PayloadFormat.Ipv4Packet:
      return ipv4UdpPacket(Uint8Array.of(1, 2, 3, 4));
    case PayloadFormat.Ipv6Packet:
      return ipv6UdpPacket(Uint8Array.of(1, 2, 3, 4));
    case PayloadFormat.EthernetFrame:
      return Uint8Array.of(2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00, ...ipv4UdpPacket(Uint8Array.of(5, 6)));
    case PayloadFormat.RtpPacket:
      return rtpPacket(9);
    case PayloadFormat.SipMessage:
      return ascii('OPTIONS sip:bob@example.com SIP/2.0\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n');
    case PayloadFormat.DhcpMessage: {
      // RFC 2131 §2 fixed part (236 octets), magic cookie, option 53 DHCPDISCOVER, end.
      const d = new Uint8Array(236 + 4 + 3 + 1);
      d.set([1, 1, 6, 0, 0x39, 0x03, 0xf3, 0x26]);
      d.set([0x00, 0x05, 0x3c, 0x04, 0x8d, 0x59], 28);
      d.set([0x63, 0x82, 0x53, 0x63, 53, 1, 1, 255], 236);
      return d;
    }
    case PayloadFormat.RadiusPacket: {
      // RFC 2865 §3: Access-Request, User-Name "alice".
      const r = new Uint8Array(20 + 7);
      r.set([1, 42, 0, 27]);
      r.set([1, 7, ...ascii('alice')], 20);
      return r;
    }
    case PayloadFormat.GtpUMessage: {
      // TS 29.281 §5.1: version 1, PT 1, G-PDU (255), TEID 1, carrying an IPv4 packet.
      const inner = ipv4UdpPacket(Uint8Array.of(7));
      return Uint8Array.of(0x30, 0xff, inner.length >> 8, inner.length & 0xff, 0, 0, 0, 1, ...inner);
    }
    case PayloadFormat.MsrpMessage:
      return ascii('MSRP a786hjs2 SEND\r\nTo-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp\r\nFrom-Path: msrp://alicepc.example.com:7777/iau39soe2843z;tcp\r\nMessage-ID: 87652491\r\nByte-Range: 1-5/5\r\nContent-Type: text/plain\r\n\r\nhello\r\n-------a786hjs2$\r\n');
    default:
      return ascii(`format ${format} payload`);
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}
