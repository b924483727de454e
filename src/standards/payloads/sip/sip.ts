/**
 * SIP message text (RFC 3261 §7): Request-Line / Status-Line, header fields (with folding and the
 * compact forms of §7.3.3), Content-Length-delimited body (§20.14). `buildSip` always writes a
 * correct Content-Length; `parseSip` checks it.
 */
import { PayloadError } from '../errors.ts';

export type SipHeaders = [string, string][];

export interface SipRequest {
  kind: 'request';
  method: string;
  uri: string;
  headers: SipHeaders;
  body: Uint8Array;
}

export interface SipResponse {
  kind: 'response';
  status: number;
  reason: string;
  headers: SipHeaders;
  body: Uint8Array;
}

export type SipMessage = SipRequest | SipResponse;

/** RFC 3261 §7.3.3 compact header names. */
const COMPACT: Readonly<Record<string, string>> = {
  i: 'call-id', m: 'contact', e: 'content-encoding', l: 'content-length', c: 'content-type',
  f: 'from', s: 'subject', k: 'supported', t: 'to', v: 'via',
};
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

function canonical(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT[lower] ?? lower;
}

export function getHeader(message: Pick<SipMessage, 'headers'>, name: string): string | undefined {
  const wanted = canonical(name);
  return message.headers.find(([n]) => canonical(n) === wanted)?.[1];
}

export function getHeaders(message: Pick<SipMessage, 'headers'>, name: string): string[] {
  const wanted = canonical(name);
  return message.headers.filter(([n]) => canonical(n) === wanted).map(([, v]) => v);
}

export function buildSip(message: SipMessage): Uint8Array {
  let start: string;
  if (message.kind === 'request') {
    if (!TOKEN.test(message.method) || message.uri.length === 0 || /\s/.test(message.uri)) throw new PayloadError('PAYLOAD_BAD_VALUE', 'bad SIP method or Request-URI');
    start = `${message.method} ${message.uri} SIP/2.0`;
  } else {
    if (!Number.isInteger(message.status) || message.status < 100 || message.status > 699) throw new PayloadError('PAYLOAD_BAD_VALUE', `bad SIP status ${message.status}`);
    start = `SIP/2.0 ${message.status} ${message.reason}`;
  }
  let head = `${start}\r\n`;
  for (const [name, value] of message.headers) {
    if (canonical(name) === 'content-length') continue;
    if (!TOKEN.test(name) || /[\r\n]/.test(value)) throw new PayloadError('PAYLOAD_BAD_VALUE', `bad SIP header ${name}`);
    head += `${name}: ${value}\r\n`;
  }
  head += `Content-Length: ${message.body.length}\r\n\r\n`;
  const headBytes = new TextEncoder().encode(head);
  const out = new Uint8Array(headBytes.length + message.body.length);
  out.set(headBytes);
  out.set(message.body, headBytes.length);
  return out;
}

function findHeaderEnd(bytes: Uint8Array, from = 0): number {
  for (let i = Math.max(0, from); i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return i;
  }
  return -1;
}

function parseHead(text: string): Omit<SipRequest, 'body'> | Omit<SipResponse, 'body'> {
  const rawLines = text.split('\r\n');
  const startLine = rawLines[0] ?? '';
  const lines: string[] = [];
  for (const line of rawLines.slice(1)) {
    if (/^[ \t]/.test(line) && lines.length > 0) lines[lines.length - 1] = `${lines[lines.length - 1] ?? ''} ${line.trim()}`; // §7.3.1 folding
    else lines.push(line);
  }
  const headers: SipHeaders = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!TOKEN.test(name)) throw new PayloadError('SIP_BAD_HEADER', 'SIP header line without a valid name');
    headers.push([name, line.slice(colon + 1).trim()]);
  }
  const status = /^SIP\/2\.0 ([1-6]\d\d) (.*)$/.exec(startLine);
  if (status) return { kind: 'response', status: Number(status[1]), reason: status[2] ?? '', headers };
  const request = /^([A-Za-z0-9\-.!%*_+`'~]+) (\S+) SIP\/2\.0$/.exec(startLine);
  if (request) return { kind: 'request', method: request[1] ?? '', uri: request[2] ?? '', headers };
  throw new PayloadError('SIP_BAD_START_LINE', 'SIP start line is neither a Request-Line nor a Status-Line');
}

function contentLength(head: Pick<SipMessage, 'headers'>, fallback: number | undefined): number {
  const value = getHeader(head, 'content-length');
  if (value === undefined) {
    if (fallback === undefined) throw new PayloadError('SIP_BAD_CONTENT_LENGTH', 'Content-Length required on a stream (RFC 3261 §18.3)');
    return fallback;
  }
  if (!/^\d{1,9}$/.test(value)) throw new PayloadError('SIP_BAD_CONTENT_LENGTH', 'Content-Length is not a number');
  return Number(value);
}

/** Parses one whole SIP message (a UDP datagram or an X2 SIP payload). */
export function parseSip(bytes: Uint8Array): SipMessage {
  const end = findHeaderEnd(bytes);
  if (end < 0) throw new PayloadError('PAYLOAD_TRUNCATED', 'SIP message has no empty line after its headers');
  const head = parseHead(new TextDecoder('latin1').decode(bytes.subarray(0, end)));
  const available = bytes.length - end - 4;
  const length = contentLength(head, available); // §18.3: over UDP the datagram end bounds the body
  if (length > available) throw new PayloadError('SIP_BAD_CONTENT_LENGTH', `Content-Length ${length} exceeds the ${available} body bytes`);
  return { ...head, body: bytes.slice(end + 4, end + 4 + length) };
}

/**
 * Resumable parser for SIP over a stream (RFC 3261 §18.3: Content-Length frames each message).
 * Feed any chunking; complete messages come out in order.
 */
export class SipStreamParser {
  private buffer = new Uint8Array(0);
  private scanned = 0;
  constructor(private readonly maxMessageBytes = 65536) {}

  push(chunk: Uint8Array): SipMessage[] {
    const merged = new Uint8Array(this.buffer.length + chunk.length);
    merged.set(this.buffer);
    merged.set(chunk, this.buffer.length);
    this.buffer = merged;
    const out: SipMessage[] = [];
    for (;;) {
      // RFC 3261 §7.5: CRLFs before a start line are ignored (also used as keepalives, RFC 5626 §3.5.1)
      let skip = 0;
      while (this.buffer[skip] === 13 || this.buffer[skip] === 10) skip++;
      if (skip > 0) {
        this.buffer = this.buffer.slice(skip);
        this.scanned = Math.max(0, this.scanned - skip);
      }
      const end = findHeaderEnd(this.buffer, this.scanned - 3);
      if (end < 0) {
        this.scanned = this.buffer.length;
        if (this.buffer.length > this.maxMessageBytes) throw new PayloadError('SIP_MESSAGE_TOO_LARGE', 'SIP header section exceeds the limit');
        return out;
      }
      const head = parseHead(new TextDecoder('latin1').decode(this.buffer.subarray(0, end)));
      const length = contentLength(head, undefined);
      if (end + 4 + length > this.maxMessageBytes) throw new PayloadError('SIP_MESSAGE_TOO_LARGE', `SIP message of ${end + 4 + length} bytes exceeds the limit`);
      if (this.buffer.length < end + 4 + length) {
        this.scanned = end; // keep the found end; re-found quickly next time
        return out;
      }
      out.push({ ...head, body: this.buffer.slice(end + 4, end + 4 + length) });
      this.buffer = this.buffer.slice(end + 4 + length);
      this.scanned = 0;
    }
  }

  /** Bytes held waiting for the rest of a message. */
  get pending(): number {
    return this.buffer.length;
  }
}

export interface NameAddr {
  displayName?: string;
  uri: string;
  tag?: string;
  params: Record<string, string>;
}

/** Parses a From/To/Contact value: `"Name" <uri>;tag=x` or `uri;tag=x` (RFC 3261 §20.10, §20.20). */
export function parseNameAddr(value: string): NameAddr {
  let rest = value.trim();
  let displayName: string | undefined;
  let uri: string;
  const lt = rest.indexOf('<');
  if (lt >= 0) {
    const gt = rest.indexOf('>', lt);
    if (gt < 0) throw new PayloadError('SIP_BAD_HEADER', 'name-addr without a closing >');
    const display = rest.slice(0, lt).trim().replace(/^"(.*)"$/, '$1');
    if (display) displayName = display;
    uri = rest.slice(lt + 1, gt);
    rest = rest.slice(gt + 1);
  } else {
    const semi = rest.indexOf(';');
    uri = semi < 0 ? rest : rest.slice(0, semi);
    rest = semi < 0 ? '' : rest.slice(semi);
  }
  const params: Record<string, string> = {};
  for (const p of rest.split(';').slice(1)) {
    const [k, v] = p.split('=');
    if (k) params[k.trim().toLowerCase()] = (v ?? '').trim();
  }
  const result: NameAddr = { uri, params };
  if (displayName !== undefined) result.displayName = displayName;
  if (params.tag !== undefined) result.tag = params.tag;
  return result;
}

export function parseCSeq(value: string): { seq: number; method: string } {
  const m = /^(\d{1,10})\s+(\S+)$/.exec(value.trim());
  if (!m) throw new PayloadError('SIP_BAD_HEADER', 'CSeq is not `number method`');
  return { seq: Number(m[1]), method: m[2] ?? '' };
}

/** The user part of a sip:/tel: URI with any leading '+' removed (e.g. an MSISDN). */
export function uriUser(uri: string): string | undefined {
  const m = /^(?:sips?:([^@;>]+)@|tel:([^;>]+))/.exec(uri);
  const user = m?.[1] ?? m?.[2];
  return user?.replace(/^\+/, '').split(';')[0];
}
