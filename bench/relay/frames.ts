/**
 * The frames of the mediation-relay bench, as a POI encodes them (TS 103 221-2): X3 IPv4/UDP/RTP
 * content (Payload Format 5, 200-octet packet) or X2 SIP IRI (Payload Format SIP message), spread
 * round-robin over the tasks' XIDs; each stream (XID, type) numbered from `firstSeq` (§5.3.9).
 */
import { encodeX2X3Pdu, PayloadDirection, PayloadFormat, PduType, X2X3_VERSION } from '../../src/standards/x2x3/index.ts';
import { ipv4UdpPacket, rtpPacket } from '../../src/standards/x2x3/x2x3.fixtures.ts';

export type FrameKind = 'x3-rtp' | 'x2-sip';
export const TARGET = '447700900123';

export function frames(kind: FrameKind, xids: readonly string[], n: number, firstSeq: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const t0 = Date.now();
  for (let i = 0; i < n; i++) {
    const xid = xids[i % xids.length]!;
    const seq = firstSeq + Math.floor(i / xids.length);
    const at = t0 + i * 0.02;
    const attributes = [
      { kind: 'sequenceNumber' as const, value: seq >>> 0 },
      { kind: 'timestamp' as const, value: { seconds: Math.floor(at / 1000), nanoseconds: Math.floor((at % 1000) * 1e6) } },
      // The POI's matched target (§5.3): the MDF compares it with the task's targets.
      { kind: 'matchedTargetIdentifier' as const, value: `<e164Number>${TARGET}</e164Number>` },
    ];
    const common = { version: X2X3_VERSION, xid, correlationId: 0x0102n, payloadDirection: seq % 2 ? PayloadDirection.ToTarget : PayloadDirection.FromTarget, attributes };
    out.push(
      kind === 'x3-rtp'
        ? encodeX2X3Pdu({ ...common, pduType: PduType.X3, payloadFormat: PayloadFormat.Ipv4Packet, payload: ipv4UdpPacket(rtpPacket(seq)) })
        : encodeX2X3Pdu({ ...common, pduType: PduType.X2, payloadFormat: PayloadFormat.SipMessage, payload: sip(seq) }),
    );
  }
  return out;
}

/** A SIP INVITE of about the size a real one has (~600 octets): what an IMS POI copies into X2. */
function sip(seq: number): Uint8Array {
  const text = [
    `INVITE sip:+447700900456@ims.example.net;user=phone SIP/2.0`,
    `Via: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK-${seq}`,
    `From: <sip:+${TARGET}@ims.example.net;user=phone>;tag=${seq}`,
    `To: <sip:+447700900456@ims.example.net;user=phone>`,
    `Call-ID: bench-${seq}@ims.example.net`,
    `CSeq: ${seq} INVITE`,
    `Contact: <sip:+${TARGET}@10.0.0.1:5060>`,
    `P-Asserted-Identity: <sip:+${TARGET}@ims.example.net>`,
    `Content-Type: application/sdp`,
    `Content-Length: 0`,
    '',
    '',
  ].join('\r\n');
  return new TextEncoder().encode(text);
}
