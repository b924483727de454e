/**
 * IP content (TS 102 232-3 iPCC, TS 33.128 UPF CC) → what an analyst looks for in browsing: DNS
 * question names and answers (RFC 1035 §4.1), the TLS server name (RFC 6066 §3) of a ClientHello,
 * the HTTP/1.1 Host and request target (RFC 9112 §3.2). Bad packets give an `error`, never a throw.
 */
import {
  IP_PROTOCOL_TCP,
  IP_PROTOCOL_UDP,
  parseDns,
  parseHttpMessage,
  parseIpPacket,
  parseIpv4,
  extractSni,
  type ParsedIpPacket,
} from '../standards/payloads/index.ts';
import type { RecordSummary } from './types.ts';

type DataContent = Extract<RecordSummary, { kind: 'data-content' }>;

const errorCode = (e: unknown): string => (e as { code?: string }).code ?? 'PAYLOAD_ERROR';

/** Parses with checksums verified; a truncated or corrupt packet is read without them where possible. */
function parsePacket(bytes: Uint8Array): { packet?: ParsedIpPacket; error?: string } {
  try {
    return { packet: parseIpPacket(bytes) };
  } catch (e) {
    try {
      const v4 = parseIpv4(bytes, false);
      return { packet: { version: 4, src: v4.src, dst: v4.dst, protocol: v4.protocol, payload: new Uint8Array(0) }, error: errorCode(e) };
    } catch {
      return { error: errorCode(e) };
    }
  }
}

function looksLikeHttpRequest(b: Uint8Array): boolean {
  const head = Buffer.from(b.subarray(0, 8)).toString('latin1');
  return /^(GET|POST|PUT|HEAD|DELETE|OPTIONS|PATCH|CONNECT) /.test(head);
}

export function summariseIpPacket(bytes: Uint8Array): DataContent {
  const out: DataContent = { kind: 'data-content', length: bytes.length };
  const { packet, error } = parsePacket(bytes);
  if (error) out.error = error;
  if (!packet) return out;
  out.src = packet.src;
  out.dst = packet.dst;
  out.protocol = packet.protocol;
  const ports = packet.udp ?? packet.tcp;
  if (ports) {
    out.srcPort = ports.srcPort;
    out.dstPort = ports.dstPort;
  }
  const app = packet.payload;
  if (app.length === 0) return out;
  try {
    if (packet.protocol === IP_PROTOCOL_UDP && (ports?.srcPort === 53 || ports?.dstPort === 53)) {
      const dns = parseDns(app);
      out.dnsQueries = dns.questions.map((q) => q.name);
      const answers = dns.answers.filter((a) => typeof a.data === 'string').map((a) => `${a.name} ${String(a.data)}`);
      if (answers.length > 0) out.dnsAnswers = answers;
    } else if (packet.protocol === IP_PROTOCOL_TCP && app[0] === 0x16 && app[1] === 0x03) {
      const sni = extractSni(app);
      if (sni !== undefined) out.sni = sni;
    } else if (packet.protocol === IP_PROTOCOL_TCP && looksLikeHttpRequest(app)) {
      const http = parseHttpMessage(app);
      const host = http.headers.find(([n]) => n.toLowerCase() === 'host')?.[1];
      if (host !== undefined) out.httpHost = host;
      if (http.target !== undefined) out.httpPath = http.target;
      if (http.method !== undefined) out.httpMethod = http.method;
    }
  } catch (e) {
    out.error = errorCode(e);
  }
  return out;
}
