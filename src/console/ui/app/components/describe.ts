/** One line of what a record says, from its summary (src/monitoring/types.ts RecordSummary shapes). */
import type { TimelineRecord } from '../types.ts';

export const WITHHELD = 'privileged — content withheld';

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

export function describe(r: TimelineRecord): string {
  const s = r.summary;
  if (s.withheld) return WITHHELD;
  switch (s.kind) {
    case 'call-iri': {
      const sip = (s.sip ?? {}) as Record<string, unknown>;
      const line = sip.method ? str(sip.method) : sip.status ? `${str(sip.status)} ${str(sip.reason)}` : (r.iriType ?? 'call event');
      return [line, sip.from ? `from ${str(sip.from)}` : '', sip.to ? `to ${str(sip.to)}` : ''].filter(Boolean).join(' ');
    }
    case 'call-content':
      return `RTP PT ${str(s.payloadType)} SSRC ${str(s.ssrc)} seq ${str(s.rtpSequence)}`;
    case 'sms':
      return [str(s.originator) && `from ${str(s.originator)}`, str(s.recipient) && `to ${str(s.recipient)}`, s.text !== undefined ? `“${str(s.text)}”` : ''].filter(Boolean).join(' ') || str(s.event);
    case 'location':
    case 'registration':
    case 'data-session': {
      const loc = (s.location ?? {}) as Record<string, unknown>;
      return [str(s.event), loc.cellId ? `cell ${str(loc.cellId)}` : ''].filter(Boolean).join(' ');
    }
    case 'data-content': {
      const dns = Array.isArray(s.dnsQueries) ? (s.dnsQueries as unknown[]).map(str).join(', ') : '';
      return [str(s.src) && `${str(s.src)} → ${str(s.dst)}`, `${str(s.length)} octets`, dns && `DNS ${dns}`, str(s.sni) && `SNI ${str(s.sni)}`, str(s.httpHost) && `HTTP ${str(s.httpMethod)} ${str(s.httpHost)}${str(s.httpPath)}`].filter(Boolean).join(' ');
    }
    default:
      return str(s.detail) || s.kind;
  }
}
