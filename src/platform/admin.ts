/**
 * The admin endpoint every role serves (DESIGN "Every role serves /healthz and /metrics on an admin
 * address"): plain HTTP, loopback only unless the deployment says otherwise, because it carries no
 * TLS and (through extra routes such as `POST /reload`) can change what the role does.
 *
 *  - `GET /healthz` → 200 (healthy) or 503 JSON `{ status, role, id, pid, uptimeSeconds, checks }`
 *  - `GET /metrics` → Prometheus text format 0.0.4 (src/platform/metrics.ts)
 *  - extra routes `(method, path) → handler`; unknown path 404, known path with another method 405.
 *
 * Browsers can reach loopback: on a loopback bind the Host header must name a loopback host (DNS
 * rebinding), and a request that is not GET/HEAD is refused when it carries an Origin header (CSRF).
 */
import http from 'node:http';
import { isIP } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Address } from './config/types.ts';
import { WarrantedError } from './errors.ts';
import type { Logger } from './log.ts';
import type { MetricsRegistry } from './metrics.ts';

export class AdminError extends WarrantedError {}

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'ADMIN_NON_LOOPBACK', meaning: 'The admin address is not a loopback address and allowNonLoopback was not set.' },
  { code: 'ADMIN_LISTEN_FAILED', meaning: 'The admin HTTP server could not listen on its address (in use, not available).' },
  { code: 'ADMIN_BAD_ROUTE', meaning: 'An extra admin route is malformed, repeated, or shadows /healthz or /metrics.' },
];

export interface HealthReport {
  healthy: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

export interface AdminRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON when the request is `application/json`, else undefined. */
  body: unknown;
  rawBody: Buffer;
}

/** A reply with an explicit status; any other value a handler returns is sent as JSON with 200. */
export class AdminReply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly contentType = 'application/json',
  ) {}
}

export interface AdminRoute {
  method: string;
  path: string;
  handler: (req: AdminRequest) => Promise<unknown>;
}

export interface AdminServerOptions {
  bind: Address;
  role: string;
  id: string;
  metrics: MetricsRegistry;
  health: () => Promise<HealthReport>;
  extraRoutes?: readonly AdminRoute[];
  /** Allow a non-loopback bind (the admin endpoint has no TLS and no authentication). */
  allowNonLoopback?: boolean;
  logger?: Logger;
  /** A health probe that takes longer than this counts as unhealthy (default 5000 ms). */
  healthTimeoutMs?: number;
}

export interface AdminServer {
  readonly address: Address;
  /** `http://host:port` */
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;
const LOOPBACK_NAMES = new Set(['localhost', 'ip6-localhost', 'ip6-loopback']);

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (LOOPBACK_NAMES.has(h)) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

/** Host header without port: `[::1]:9000` → `::1`, `localhost:9000` → `localhost`. */
function hostOf(header: string): string {
  const m = /^\[([^\]]+)\](?::\d+)?$/.exec(header);
  if (m) return m[1]!;
  return header.includes(':') && isIP(header) !== 6 ? header.slice(0, header.lastIndexOf(':')) : header;
}

function registerProcessMetrics(m: MetricsRegistry, role: string, id: string): void {
  const startSeconds = Math.round(performance.timeOrigin) / 1000;
  if (!m.has('warranted_process_start_time_seconds')) m.gauge('warranted_process_start_time_seconds', 'Start time of the process since the Unix epoch in seconds').set(startSeconds);
  if (!m.has('warranted_process_resident_memory_bytes')) m.gauge('warranted_process_resident_memory_bytes', 'Resident set size in bytes').collect(() => process.memoryUsage.rss());
  if (!m.has('warranted_process_heap_used_bytes')) m.gauge('warranted_process_heap_used_bytes', 'V8 heap in use in bytes').collect(() => process.memoryUsage().heapUsed);
  if (!m.has('warranted_process_cpu_seconds_total')) {
    m.counter('warranted_process_cpu_seconds_total', 'User and system CPU time spent in seconds').collect(() => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    });
  }
  if (!m.has('warranted_role_info')) m.gauge('warranted_role_info', 'The role and id this process serves (always 1)', ['role', 'id']).set({ role, id }, 1);
}

export async function startAdminServer(o: AdminServerOptions): Promise<AdminServer> {
  const loopbackBind = isLoopbackHost(o.bind.host);
  if (!loopbackBind && o.allowNonLoopback !== true) {
    throw new AdminError('ADMIN_NON_LOOPBACK', `admin address ${o.bind.host} is not loopback; set allowNonLoopback to serve it`, { details: { host: o.bind.host } });
  }
  const routes = new Map<string, Map<string, AdminRoute['handler']>>();
  const builtIn = (method: string, path: string, handler: AdminRoute['handler']) => routes.set(path, new Map([[method, handler]]));
  registerProcessMetrics(o.metrics, o.role, o.id);

  builtIn('GET', '/healthz', async () => {
    const report = await probe(o.health, o.healthTimeoutMs ?? 5000);
    const body = { status: report.healthy ? 'ok' : 'unhealthy', role: o.role, id: o.id, pid: process.pid, uptimeSeconds: Math.floor(process.uptime()), checks: report.checks };
    return new AdminReply(report.healthy ? 200 : 503, body);
  });
  builtIn('GET', '/metrics', () => {
    const text = o.metrics.render((metric, e) => o.logger?.warn('metric collection failed', { metric, err: e }));
    return Promise.resolve(new AdminReply(200, text, 'text/plain; version=0.0.4; charset=utf-8'));
  });
  for (const r of o.extraRoutes ?? []) {
    const method = r.method.toUpperCase();
    const existing = routes.get(r.path);
    if (!r.path.startsWith('/') || !/^[A-Z]+$/.test(method) || r.path === '/healthz' || r.path === '/metrics' || existing?.has(method)) {
      throw new AdminError('ADMIN_BAD_ROUTE', `admin route ${method} ${r.path} is malformed, repeated or reserved`, { details: { method, path: r.path } });
    }
    if (existing) existing.set(method, r.handler);
    else routes.set(r.path, new Map([[method, r.handler]]));
  }

  const server = http.createServer((req, res) => void handle(req, res));
  // Bounded: a slow or idle client cannot hold the admin endpoint.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 5_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const send = (status: number, body: unknown, contentType = 'application/json', headers: Record<string, string> = {}) => {
      const text = typeof body === 'string' && !contentType.startsWith('application/json') ? body : `${JSON.stringify(body ?? null)}\n`;
      res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...headers });
      res.end(req.method === 'HEAD' ? undefined : text);
    };
    try {
      const url = new URL(req.url ?? '/', 'http://admin');
      const method = (req.method ?? 'GET').toUpperCase();
      if (loopbackBind && !isLoopbackHost(hostOf(req.headers.host ?? ''))) return send(403, { error: 'host not allowed' });
      if (method !== 'GET' && method !== 'HEAD' && req.headers.origin !== undefined) return send(403, { error: 'cross-origin request refused' });
      const byMethod = routes.get(url.pathname);
      if (!byMethod) return send(404, { error: 'not found' });
      const handler = byMethod.get(method) ?? (method === 'HEAD' ? byMethod.get('GET') : undefined);
      const allow = [...byMethod.keys(), ...(byMethod.has('GET') ? ['HEAD'] : [])].join(', ');
      if (!handler) return send(405, { error: 'method not allowed' }, 'application/json', { allow });
      const rawBody = await readBody(req);
      if (rawBody === undefined) return send(413, { error: 'body too large' });
      let body: unknown;
      if (rawBody.length > 0 && /^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        try {
          body = JSON.parse(rawBody.toString('utf8'));
        } catch {
          return send(400, { error: 'body is not JSON' });
        }
      }
      const result = await handler({ method, path: url.pathname, query: url.searchParams, headers: req.headers, body, rawBody });
      if (result instanceof AdminReply) return send(result.status, result.body, result.contentType);
      if (result === undefined) {
        res.writeHead(204, { 'cache-control': 'no-store' });
        res.end();
        return;
      }
      return send(200, result);
    } catch (e) {
      o.logger?.error('admin request failed', { method: req.method, path: req.url, err: e });
      const code = e instanceof WarrantedError ? e.code : 'INTERNAL';
      if (!res.headersSent) send(500, { error: code });
      else res.destroy();
    }
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(new AdminError('ADMIN_LISTEN_FAILED', `admin server cannot listen on ${o.bind.host}:${o.bind.port}`, { cause: e, details: { host: o.bind.host, port: o.bind.port } }));
    server.once('error', onError);
    server.listen(o.bind.port, o.bind.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (e) => o.logger?.error('admin server error', { err: e }));
  const a = server.address() as AddressInfo;
  const address = { host: a.address, port: a.port };
  const url = `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
  return {
    address,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function probe(health: () => Promise<HealthReport>, timeoutMs: number): Promise<HealthReport> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HealthReport>((resolve) => {
    timer = setTimeout(() => resolve({ healthy: false, checks: { health: { ok: false, detail: `no answer within ${timeoutMs} ms` } } }), timeoutMs);
  });
  try {
    return await Promise.race([health(), timeout]);
  } catch (e) {
    return { healthy: false, checks: { health: { ok: false, detail: e instanceof WarrantedError ? e.code : 'health probe failed' } } };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The request body, or undefined when it exceeds MAX_BODY. The excess is read and discarded (the
 * server's requestTimeout bounds it) so the client still gets its 413 instead of a reset.
 */
async function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size <= MAX_BODY) chunks.push(c);
  }
  return size > MAX_BODY ? undefined : Buffer.concat(chunks);
}
