/**
 * The monitoring-centre console's HTTPS server (issue 10): node:https with the LEMF's certificate
 * from the deployment CA (browsers are not asked for a client certificate), security headers on
 * every answer, a session for every API call but login, CSRF token + same-origin Origin on every
 * non-GET, the role and the warrant's assignment (403 — the same for a LIID that does not exist, so
 * existence is not leaked) and retention (410) checked before any handler runs, and every look a
 * handler reports appended to the access log *before* the answer leaves (fail closed: 503).
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBoundedBody } from '../../platform/http-body.ts';
import { closeGracefully } from '../../platform/http-close.ts';
import type { Credentials } from '../../platform/pki.ts';
import type { ApiRoute, ConsoleRole } from '../api/contract.ts';
import type { ConsoleAccessLog } from '../access-log/access-log.ts';
import { ConsoleError } from '../errors.ts';
import type { RecordsNotification } from '../store/types.ts';
import { LIID_PATTERN, type UserStore } from '../users/user-store.ts';
import { SESSION_COOKIE, SessionStore, tokensEqual } from '../users/sessions.ts';
import type { WarrantCatalog } from '../warrants/catalog.ts';
import { adminRoutes } from './admin-routes.ts';
import { contentSecurityPolicy, parseCookies, securityHeaders, sendBytes, sendError, sendJson } from './http.ts';
import { rdRoutes, type RdRouteDeps } from './rd-routes.ts';
import { Router } from './router.ts';
import { sessionRoutes } from './session-routes.ts';
import type { Reply, RouteContext, ServerRoute } from './types.ts';
import { loadUi, minimalUi, type UiFiles } from './ui.ts';
import { warrantRoutes } from './warrant-routes.ts';

export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_URL_LENGTH = 4096;
/** Roles that see intercepted material on a data route that names no roles (an auditor audits the looks, not the content). */
const CONTENT_ROLES: readonly ConsoleRole[] = ['analyst', 'supervisor'];

export interface ConsoleServerOptions {
  /** The LEMF's server certificate and key (from the deployment CA). */
  creds: Pick<Credentials, 'certPem' | 'keyPem'>;
  host: string;
  /** 0: an ephemeral port. */
  port: number;
  users: UserStore;
  accessLog: ConsoleAccessLog;
  warrants: WarrantCatalog;
  /** The data routes (consoleApiRoutes from src/console/api). */
  routes?: readonly ApiRoute[];
  /** Record notifications for `GET /api/events`. */
  subscribe?: (cb: (n: RecordsNotification) => void) => () => void;
  /** The UI files served at `/` (default: the bundle of src/console/ui, or a minimal page). */
  ui?: () => Promise<UiFiles>;
  /** Map tile URL template (`console.tileUrl`): answered by `GET /api/config`, its origin added to the CSP's img-src. */
  tileUrl?: string;
  sessions?: SessionStore;
  /** Retained-data requests under production orders (rd-routes.ts); absent: no `/api/rd` routes. */
  retainedData?: Omit<RdRouteDeps, 'accessLog' | 'users' | 'onAlarm'>;
  onAlarm?: (code: string, detail: string) => void;
  now?: () => Date;
}

export interface ConsoleServer {
  readonly url: string;
  readonly port: number;
  readonly sessions: SessionStore;
  close(): Promise<void>;
}

function adapt(route: ApiRoute): ServerRoute {
  return {
    method: route.method,
    path: route.path,
    auth: 'session',
    scope: route.path.includes('/:liid') ? 'liid' : route.scope,
    roles: route.roles ?? CONTENT_ROLES,
    handle: (ctx) => route.handler({ user: ctx.user!, liids: ctx.liids, params: ctx.params, query: ctx.query, ...(ctx.body === undefined ? {} : { body: ctx.body }) }),
  };
}

export async function startConsoleServer(o: ConsoleServerOptions): Promise<ConsoleServer> {
  const now = o.now ?? (() => new Date());
  const sessions = o.sessions ?? new SessionStore(now);
  const csp = contentSecurityPolicy(o.tileUrl === undefined ? undefined : tileOrigin(o.tileUrl));
  const router = new Router<ServerRoute>();
  const own = [...sessionRoutes({ users: o.users, sessions, accessLog: o.accessLog }), ...adminRoutes({ users: o.users, sessions, accessLog: o.accessLog }), ...warrantRoutes({ catalog: o.warrants, accessLog: o.accessLog, users: o.users, ...(o.subscribe ? { subscribe: o.subscribe } : {}) }), configRoute(o.tileUrl), ...(o.retainedData ? rdRoutes({ ...o.retainedData, accessLog: o.accessLog, users: o.users, ...(o.onAlarm ? { onAlarm: o.onAlarm } : {}) }) : [])];
  for (const r of [...own, ...(o.routes ?? []).map(adapt)]) router.add(r.method, r.path, r);
  // Built once, at the first page request (src/console/ui/build.ts): the LEMF's start does not wait
  // for a bundle. One that fails to build leaves the API up behind the minimal page, with an alarm.
  let ui: Promise<UiFiles> | undefined;
  const uiFiles = (): Promise<UiFiles> =>
    (ui ??= (o.ui ?? loadUi)().catch((e: unknown) => {
      o.onAlarm?.('CONSOLE_INTERNAL', `console UI not built, minimal page served: ${(e as Error).message}`);
      return minimalUi();
    }));
  const inFlight = new Set<Promise<void>>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res, csp);
    const rawUrl = req.url ?? '/';
    if (rawUrl.length > MAX_URL_LENGTH) throw new ConsoleError('CONSOLE_BAD_REQUEST', 'request URL too long');
    const url = new URL(rawUrl, 'https://console.invalid');
    if (!url.pathname.startsWith('/api/')) return serveUi(req, res, url.pathname);
    const method = req.method ?? 'GET';
    const found = router.match(method, url.pathname);
    if (!('value' in found)) throw new ConsoleError(found.methodMismatch ? 'CONSOLE_BAD_REQUEST' : 'CONSOLE_NOT_FOUND', found.methodMismatch ? 'method not allowed here' : 'no such API route');
    const route = found.value;
    const cookies = parseCookies(req);
    const sessionId = cookies.get(SESSION_COOKIE);
    const session = sessions.get(sessionId);
    if (method !== 'GET') checkSameOrigin(req);
    let user = undefined as RouteContext['user'];
    let liids: readonly string[] = [];
    if (session) {
      // The user store decides now (a role or assignment changed since login applies at once).
      const stored = o.users.get(session.user.name);
      if (stored) {
        user = { name: stored.name, role: stored.role };
        liids = stored.liids;
      }
    }
    if (route.auth === 'session') {
      if (!session || !user) throw new ConsoleError('CONSOLE_UNAUTHENTICATED', 'log in first');
      if (method !== 'GET' && !tokensEqual(header(req, 'x-csrf-token'), session.csrf)) throw new ConsoleError('CONSOLE_FORBIDDEN', 'missing or wrong CSRF token');
      if (route.roles && !route.roles.includes(user.role)) throw new ConsoleError('CONSOLE_FORBIDDEN', 'your role may not do this');
      if (route.scope === 'liid') {
        const liid = found.params.liid ?? '';
        if (!LIID_PATTERN.test(liid)) throw new ConsoleError('CONSOLE_BAD_REQUEST', 'malformed LIID');
        if (!liids.includes(liid)) throw new ConsoleError('CONSOLE_FORBIDDEN', 'this warrant is not assigned to you');
        if (o.warrants.ended(liid)) throw new ConsoleError('CONSOLE_RETENTION_ENDED', "this warrant's retention has ended; its material was destroyed");
      }
    }
    const body = method === 'POST' ? await readJson(req, res) : undefined;
    const reply = await route.handle({ req, res, sessionId, session, user, liids, params: found.params, query: url.searchParams, body });
    if ('streamed' in reply) return;
    // Every look is on the record before anything of it leaves (issue 10; fail closed: 503).
    for (const a of reply.access ?? []) await o.accessLog.access(user!, a);
    if ('bytes' in reply) sendBytes(res, reply.bytes, reply.contentType, reply.fileName);
    else sendJson(res, reply.status, reply.json, 'headers' in reply ? reply.headers : {});
  }

  async function serveUi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new ConsoleError('CONSOLE_BAD_REQUEST', 'method not allowed here');
    const files = await uiFiles();
    // Client-side routes (/warrants/LIID/...) get the index page; assets are looked up exactly.
    const file = files.get(path) ?? (path.includes('.') ? undefined : files.get('/index.html'));
    if (!file) throw new ConsoleError('CONSOLE_NOT_FOUND', 'no such file');
    // Assets carry a content hash in their names (build.ts): cached for good; the page is revalidated.
    const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.bytes.length, 'cache-control': cache });
    res.end(req.method === 'HEAD' ? undefined : file.bytes);
  }

  const server: Server = createServer({ key: o.creds.keyPem, cert: o.creds.certPem, requestCert: false, minVersion: 'TLSv1.2' }, (req, res) => {
    const p = handle(req, res).catch((e: unknown) => {
      if (!(e instanceof ConsoleError)) o.onAlarm?.('CONSOLE_INTERNAL', `console request failed: ${(e as Error).message}`);
      sendError(res, e);
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.maxHeadersCount = 64;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `https://${host}:${port}/`,
    port,
    sessions,
    close: () => closeGracefully(server, inFlight, 2000),
  };
}

/**
 * The CSP source of a tile URL template: its origin, with a leading `{s}.` subdomain placeholder as
 * the CSP wildcard (`https://{s}.tiles.example/{z}/{x}/{y}.png` → `https://*.tiles.example`, CSP3 §2.3.1
 * host-source) so the a./b./c. hosts a map library picks are allowed, and nothing wider.
 */
export function tileOrigin(template: string): string {
  const sub = /^https:\/\/\{[a-z]+\}\./.test(template);
  const origin = new URL(template.replace(/^https:\/\/\{[a-z]+\}\./, 'https://').replace(/[{}]/g, '')).origin;
  return sub ? origin.replace('https://', 'https://*.') : origin;
}

/**
 * `GET /api/config`: what the pages need to know of the console's configuration, for any logged-in
 * user — today only the map's tile URL (`null`: no tile server, docs/console.md "Pages").
 */
function configRoute(tileUrl: string | undefined): ServerRoute {
  return { method: 'GET', path: '/api/config', auth: 'session', scope: 'user', handle: () => Promise.resolve({ status: 200, json: { tileUrl: tileUrl ?? null } }) };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A state-changing request must come from a page of this origin (Origin = https://<Host>). */
function checkSameOrigin(req: IncomingMessage): void {
  const origin = header(req, 'origin');
  const host = header(req, 'host');
  if (origin === undefined || host === undefined || origin !== `https://${host}`) throw new ConsoleError('CONSOLE_FORBIDDEN', 'cross-origin or origin-less request refused');
}

async function readJson(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  const bytes = await readBoundedBody(req, res, MAX_BODY_BYTES, () => new ConsoleError('CONSOLE_TOO_LARGE', `request body over ${MAX_BODY_BYTES} octets`));
  if (bytes.length === 0) return undefined;
  const type = header(req, 'content-type') ?? '';
  if (!type.startsWith('application/json')) throw new ConsoleError('CONSOLE_BAD_REQUEST', 'request body must be application/json');
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new ConsoleError('CONSOLE_BAD_REQUEST', 'request body is not JSON');
  }
}

export type { Reply };
