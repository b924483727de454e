/**
 * Small HTTP pieces of the console server: security headers on every answer, JSON and error
 * bodies (never a stack or an internal message), cookies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConsoleError } from '../errors.ts';

/**
 * CSP: scripts, styles, images, fonts and media from this origin only, no inline script, no
 * framing. `img-src data: blob:` for Leaflet's marker icons, `media-src blob:` for audio the UI
 * fetches and plays; `connect-src 'self'` covers the API and server-sent events. A configured
 * tile server is added to `img-src` (docs/console.md).
 */
export function contentSecurityPolicy(tileOrigin?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob:${tileOrigin ? ` ${tileOrigin}` : ''}`,
    "media-src 'self' blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(res: ServerResponse, csp: string): void {
  res.setHeader('content-security-policy', csp);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
  res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=()');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length, 'cache-control': 'no-store', ...headers });
  res.end(bytes);
}

export function sendBytes(res: ServerResponse, bytes: Uint8Array, contentType: string, fileName?: string): void {
  const headers: Record<string, string | number> = { 'content-type': contentType, 'content-length': bytes.length, 'cache-control': 'no-store' };
  // Only a safe file name reaches the header (no quotes, no line breaks).
  if (fileName !== undefined && /^[A-Za-z0-9._-]{1,128}$/.test(fileName)) headers['content-disposition'] = `attachment; filename="${fileName}"`;
  res.writeHead(200, headers);
  res.end(bytes);
}

/** A typed console error as `{error:{code,message}}` with its status; anything else as an opaque 500. */
export function sendError(res: ServerResponse, e: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // ConsoleError messages are written for browsers (src/console/errors.ts); nothing else is shown.
  if (e instanceof ConsoleError) sendJson(res, e.status, { error: { code: e.code, message: e.message } });
  else sendJson(res, 500, { error: { code: 'CONSOLE_INTERNAL', message: 'internal error' } }); // never the cause's message
}

export function parseCookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

export function sessionCookie(name: string, value: string, maxAgeS?: number): string {
  return `${name}=${value}; HttpOnly; Secure; SameSite=Strict; Path=/${maxAgeS === undefined ? '' : `; Max-Age=${maxAgeS}`}`;
}
