/**
 * A data session as a flow: PDU session establishment at the SMF (TS 23.502 §4.3.2) with the UE's
 * IPv4 address, user-plane IPv4 packets at the UPF — DNS query/response (RFC 1035), then either an
 * HTTP/1.1 GET over TCP port 80 or a TLS ClientHello with SNI over TCP port 443, each with a
 * TCP three-way handshake and FIN close (RFC 9293 §3.5, §3.6) — then PDU session release (§4.3.4).
 */
import { buildDns, DNS_TYPE_A } from '../standards/payloads/dns/dns.ts';
import { buildHttpRequest, buildHttpResponse } from '../standards/payloads/http/http.ts';
import { buildTcpPacket, buildUdpPacket } from '../standards/payloads/ip/packet.ts';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN } from '../standards/payloads/ip/transport.ts';
import { buildClientHello } from '../standards/payloads/tls/client-hello.ts';
import type { DataApplication, IpPacketEvent } from './events.ts';
import type { Flow, FlowContext, SubscriberHandle } from './flow-context.ts';
import type { Random } from './random.ts';

/** Web hosts the synthetic subscribers visit (RFC 2606 reserved names) and their server addresses (RFC 5737 TEST-NET-3). */
export const WEB_HOSTS = ['www.example.com', 'news.example.org', 'mail.example.net', 'video.example.com', 'maps.example.org', 'shop.example.net', 'chat.example.com', 'weather.example.org'] as const;

export function serverAddress(host: string): string {
  let h = 0;
  for (let i = 0; i < host.length; i++) h = (h * 31 + host.charCodeAt(i)) >>> 0;
  return `203.0.113.${10 + (h % 240)}`;
}

export interface DataSessionPlan {
  subscriber: SubscriberHandle;
  /** Hosts to visit in order, and whether over TLS (443) or plain HTTP (80). */
  visits: { host: string; tls: boolean }[];
  /** Gap between visits, ms. */
  thinkMs: number;
}

type Summary = IpPacketEvent['summary'];

export function* dataSessionFlow(ctx: FlowContext, random: Random, correlationId: string, plan: DataSessionPlan): Flow {
  const h = plan.subscriber;
  const op = h.operator;
  const ue = op.ipv4Of(h.index);
  const pduSessionId = random.int(1, 15); // TS 24.007 §11.2.3.1b PDU session identity 1-15
  let ipId = random.int(0, 0xffff);
  // The CGNAT binding is a pure function of the subscriber (RFC 7422): no random draw, same traffic as before.
  const session = { pduSessionId, dnn: 'internet', sst: 1, ueIpv4: ue, nat: op.cgnat.binding(h.index) };
  ctx.emit({ kind: 'pdu-session-establishment', element: 'smf', category: 'dataIri', operatorId: op.id, correlationId, served: [ctx.served(h)], ...session, cell: op.cellOfSubscriber(h.index) });
  yield random.int(100, 300);

  const packet = (direction: 'uplink' | 'downlink', application: DataApplication, bytes: Uint8Array, summary: Summary = {}): void => {
    ctx.emit({ kind: 'ip-packet', element: 'upf', category: 'dataContent', operatorId: op.id, correlationId, served: [ctx.served(h)], pduSessionId, direction, application, summary, payload: { format: 'ipv4', bytes } });
  };
  const nextId = (): number => (ipId = (ipId + 1) & 0xffff);

  for (const [i, visit] of plan.visits.entries()) {
    if (i > 0) yield plan.thinkMs;
    // DNS lookup over UDP (RFC 1035 §4.2.1)
    const server = serverAddress(visit.host);
    const dnsId = random.int(0, 0xffff);
    const dnsPort = random.int(20000, 60000);
    const query = { id: dnsId, response: false, questions: [{ name: visit.host, type: DNS_TYPE_A }] };
    packet('uplink', 'dns', buildUdpPacket({ src: ue, dst: op.dnsServer, identification: nextId() }, { srcPort: dnsPort, dstPort: 53, payload: buildDns(query) }), { dnsQueryName: visit.host });
    yield random.int(15, 60);
    const response = { ...query, response: true, recursionAvailable: true, answers: [{ name: visit.host, type: DNS_TYPE_A, ttl: 300, data: server }] };
    packet('downlink', 'dns', buildUdpPacket({ src: op.dnsServer, dst: ue, identification: random.int(0, 0xffff) }, { srcPort: 53, dstPort: dnsPort, payload: buildDns(response) }), { dnsQueryName: visit.host });
    yield random.int(5, 20);

    // TCP connection
    const port = random.int(32768, 60999);
    const serverPort = visit.tls ? 443 : 80;
    let clientSeq = random.nextUint32();
    let serverSeq = random.nextUint32();
    const rtt = random.int(20, 90);
    const up = (flags: number, payload: Uint8Array, application: DataApplication, summary?: Summary): void => {
      packet('uplink', application, buildTcpPacket({ src: ue, dst: server, identification: nextId() }, { srcPort: port, dstPort: serverPort, seq: clientSeq, ack: flags & TCP_ACK ? serverSeq : 0, flags, payload }), summary);
      clientSeq = (clientSeq + payload.length + (flags & (TCP_SYN | TCP_FIN) ? 1 : 0)) >>> 0;
    };
    const down = (flags: number, payload: Uint8Array, application: DataApplication, summary?: Summary): void => {
      packet('downlink', application, buildTcpPacket({ src: server, dst: ue, identification: random.int(0, 0xffff), ttl: 52 }, { srcPort: serverPort, dstPort: port, seq: serverSeq, ack: clientSeq, flags, payload }), summary);
      serverSeq = (serverSeq + payload.length + (flags & (TCP_SYN | TCP_FIN) ? 1 : 0)) >>> 0;
    };
    up(TCP_SYN, new Uint8Array(0), 'tcp');
    yield rtt;
    down(TCP_SYN | TCP_ACK, new Uint8Array(0), 'tcp');
    yield 1;
    up(TCP_ACK, new Uint8Array(0), 'tcp');
    if (visit.tls) {
      const hello = buildClientHello({ serverName: visit.host, random: random.bytes(32), sessionId: random.bytes(32), keyShare: random.bytes(32), alpn: ['h2', 'http/1.1'] });
      up(TCP_PSH | TCP_ACK, hello, 'tls', { tlsServerName: visit.host });
      yield rtt;
      down(TCP_ACK, new Uint8Array(0), 'tls', { tlsServerName: visit.host });
    } else {
      const get = buildHttpRequest({ method: 'GET', target: '/', headers: [['Host', visit.host], ['User-Agent', 'Mozilla/5.0 (Linux; Android 14) Mobile'], ['Accept', 'text/html'], ['Connection', 'close']] });
      up(TCP_PSH | TCP_ACK, get, 'http', { httpHost: visit.host, httpMethod: 'GET' });
      yield rtt;
      const body = new TextEncoder().encode(`<!doctype html><html><head><title>${visit.host}</title></head><body><h1>${visit.host}</h1><p>Synthetic page.</p></body></html>\n`);
      down(TCP_PSH | TCP_ACK, buildHttpResponse({ status: 200, reason: 'OK', headers: [['Content-Type', 'text/html; charset=utf-8'], ['Connection', 'close']], body }), 'http', { httpHost: visit.host });
      yield 2;
      up(TCP_ACK, new Uint8Array(0), 'tcp');
    }
    yield random.int(50, 400);
    up(TCP_FIN | TCP_ACK, new Uint8Array(0), 'tcp');
    yield rtt;
    down(TCP_FIN | TCP_ACK, new Uint8Array(0), 'tcp');
    yield 1;
    up(TCP_ACK, new Uint8Array(0), 'tcp');
  }
  yield random.int(500, 3000);
  ctx.emit({ kind: 'pdu-session-release', element: 'smf', category: 'dataIri', operatorId: op.id, correlationId, served: [ctx.served(h)], ...session, cell: op.cellOfSubscriber(h.index) });
}
