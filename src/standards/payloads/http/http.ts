/**
 * HTTP/1.1 message text (RFC 9112 §3 request-line, §4 status-line, §5 field lines; RFC 9110 §8.6
 * Content-Length). Enough to put realistic GET requests and responses on the synthetic wire and
 * to read them back.
 */
import { PayloadError } from '../errors.ts';

export interface HttpRequest {
  method: string;
  target: string;
  headers: readonly (readonly [string, string])[];
  body?: Uint8Array;
}

export interface HttpResponse {
  status: number;
  reason: string;
  headers: readonly (readonly [string, string])[];
  body?: Uint8Array;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function buildRequestLine(method: string, target: string): string {
  if (!TOKEN.test(method) || target.length === 0 || /\s/.test(target)) throw new PayloadError('PAYLOAD_BAD_VALUE', 'bad HTTP method or request target');
  return `${method} ${target} HTTP/1.1\r\n`;
}

function fieldLines(headers: HttpRequest['headers'], body: Uint8Array | undefined): string {
  let text = '';
  let hasLength = false;
  for (const [name, value] of headers) {
    if (!TOKEN.test(name) || /[\r\n]/.test(value)) throw new PayloadError('PAYLOAD_BAD_VALUE', `bad HTTP field ${name}`);
    if (name.toLowerCase() === 'content-length') hasLength = true;
    text += `${name}: ${value}\r\n`;
  }
  if (body && body.length > 0 && !hasLength) text += `Content-Length: ${body.length}\r\n`;
  return `${text}\r\n`;
}

function join(head: string, body: Uint8Array | undefined): Uint8Array {
  const headBytes = new TextEncoder().encode(head);
  const out = new Uint8Array(headBytes.length + (body?.length ?? 0));
  out.set(headBytes);
  if (body) out.set(body, headBytes.length);
  return out;
}

export function buildHttpRequest(request: HttpRequest): Uint8Array {
  return join(buildRequestLine(request.method, request.target) + fieldLines(request.headers, request.body), request.body);
}

export function buildHttpResponse(response: HttpResponse): Uint8Array {
  if (!Number.isInteger(response.status) || response.status < 100 || response.status > 999) throw new PayloadError('PAYLOAD_BAD_VALUE', 'bad HTTP status');
  return join(`HTTP/1.1 ${response.status} ${response.reason}\r\n${fieldLines(response.headers, response.body)}`, response.body);
}

export interface ParsedHttpHead {
  startLine: string;
  /** For a request. */
  method?: string;
  target?: string;
  /** For a response. */
  status?: number;
  headers: [string, string][];
  body: Uint8Array;
}

/** Parses one HTTP/1.1 message head; the body is whatever follows the empty line. */
export function parseHttpMessage(bytes: Uint8Array): ParsedHttpHead {
  const text = new TextDecoder('latin1').decode(bytes);
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) throw new PayloadError('HTTP_BAD_MESSAGE', 'no end of header section');
  const lines = text.slice(0, end).split('\r\n');
  const startLine = lines[0] ?? '';
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0 || !TOKEN.test(line.slice(0, colon))) throw new PayloadError('HTTP_BAD_MESSAGE', 'bad field line');
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  const body = bytes.slice(end + 4);
  const response = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(startLine);
  if (response) return { startLine, status: Number(response[1]), headers, body };
  const request = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) (\S+) HTTP\/1\.[01]$/.exec(startLine);
  if (!request) throw new PayloadError('HTTP_BAD_MESSAGE', 'start line is neither a request-line nor a status-line');
  return { startLine, method: request[1] ?? '', target: request[2] ?? '', headers, body };
}
