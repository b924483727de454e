/**
 * Session Description Protocol (RFC 4566 / RFC 8866 §5): the few lines an IMS voice/video offer
 * needs: v=, o=, s=, c=, t=, m= with rtpmap/fmtp/ptime/direction attributes.
 */
import { PayloadError } from '../errors.ts';

export interface SdpMedia {
  type: 'audio' | 'video';
  port: number;
  /** RTP/AVP payload type numbers in preference order. */
  formats: number[];
  /** a=rtpmap values by payload type, e.g. { 0: 'PCMU/8000', 96: 'H264/90000' }. */
  rtpmap: Record<number, string>;
  fmtp?: Record<number, string>;
  /** Other a= lines as written (e.g. 'ptime:20', 'sendrecv'). */
  attributes?: string[];
}

export interface SdpSession {
  username: string;
  sessionId: string;
  sessionVersion: string;
  /** IPv4 or IPv6 address for o= and c=. */
  address: string;
  sessionName?: string;
  media: SdpMedia[];
}

export function buildSdp(session: SdpSession): string {
  const ipVersion = session.address.includes(':') ? 'IP6' : 'IP4';
  const lines = [
    'v=0',
    `o=${session.username} ${session.sessionId} ${session.sessionVersion} IN ${ipVersion} ${session.address}`,
    `s=${session.sessionName ?? '-'}`,
    `c=IN ${ipVersion} ${session.address}`,
    't=0 0',
  ];
  for (const m of session.media) {
    lines.push(`m=${m.type} ${m.port} RTP/AVP ${m.formats.join(' ')}`);
    for (const pt of m.formats) {
      const map = m.rtpmap[pt];
      if (map) lines.push(`a=rtpmap:${pt} ${map}`);
      const fmtp = m.fmtp?.[pt];
      if (fmtp) lines.push(`a=fmtp:${pt} ${fmtp}`);
    }
    for (const a of m.attributes ?? []) lines.push(`a=${a}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function parseSdp(text: string): SdpSession {
  const session: SdpSession = { username: '', sessionId: '', sessionVersion: '', address: '', media: [] };
  let current: SdpMedia | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') continue;
    const m = /^([a-z])=(.*)$/.exec(line);
    if (!m) throw new PayloadError('SDP_BAD_LINE', 'SDP line is not <type>=<value>');
    const [, type, value = ''] = m;
    if (type === 'o') {
      const parts = value.split(' ');
      session.username = parts[0] ?? '';
      session.sessionId = parts[1] ?? '';
      session.sessionVersion = parts[2] ?? '';
      session.address = parts[5] ?? '';
    } else if (type === 's') session.sessionName = value;
    else if (type === 'c' && !current) session.address = value.split(' ')[2] ?? session.address;
    else if (type === 'm') {
      const parts = value.split(' ');
      const mediaType = parts[0] === 'video' ? 'video' : 'audio';
      current = { type: mediaType, port: Number(parts[1] ?? 0), formats: parts.slice(3).map(Number), rtpmap: {}, attributes: [] };
      session.media.push(current);
    } else if (type === 'a' && current) {
      const rtpmap = /^rtpmap:(\d+) (.+)$/.exec(value);
      const fmtp = /^fmtp:(\d+) (.+)$/.exec(value);
      if (rtpmap) current.rtpmap[Number(rtpmap[1])] = rtpmap[2] ?? '';
      else if (fmtp) (current.fmtp ??= {})[Number(fmtp[1])] = fmtp[2] ?? '';
      else current.attributes?.push(value);
    }
  }
  return session;
}
