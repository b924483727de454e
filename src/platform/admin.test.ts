import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { AdminError, AdminReply, isLoopbackHost, startAdminServer } from './admin.ts';
import type { AdminRequest, HealthReport } from './admin.ts';
import { WarrantedError } from './errors.ts';
import { MetricsRegistry } from './metrics.ts';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Raw HTTP over a real socket, so the Host and Origin headers are ours to set. */
function request(url: string, method: string, o: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: o.headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(o.body);
  });
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof AdminError && e.code === code);
}

test('healthz: 200 when healthy, 503 when not or when the probe fails, with role, id, pid, uptime', async () => {
  let report: HealthReport = { healthy: true, checks: { audit: { ok: true }, x2x3: { ok: true, detail: '127.0.0.1:7400' } } };
  let fail = false;
  const server = await startAdminServer({
    bind: { host: '127.0.0.1', port: 0 },
    role: 'mdf',
    id: 'mdf-1',
    metrics: new MetricsRegistry(),
    health: () => (fail ? Promise.reject(new WarrantedError('AUDIT_UNAVAILABLE', 'down')) : Promise.resolve(report)),
  });
  try {
    const ok = await request(`${server.url}/healthz`, 'GET');
    assert.equal(ok.status, 200);
    assert.match(ok.headers['content-type']!, /^application\/json/);
    const body = JSON.parse(ok.body) as Record<string, unknown>;
    assert.deepEqual({ ...body, uptimeSeconds: 0 }, { status: 'ok', role: 'mdf', id: 'mdf-1', pid: process.pid, uptimeSeconds: 0, checks: report.checks });
    assert.equal(typeof body.uptimeSeconds, 'number');
    report = { healthy: false, checks: { audit: { ok: false, detail: 'unreachable' } } };
    const bad = await request(`${server.url}/healthz`, 'GET');
    assert.equal(bad.status, 503);
    assert.deepEqual((JSON.parse(bad.body) as { checks: unknown }).checks, report.checks);
    fail = true;
    const thrown = await request(`${server.url}/healthz?verbose=1`, 'GET');
    assert.equal(thrown.status, 503);
    assert.deepEqual((JSON.parse(thrown.body) as { checks: unknown }).checks, { health: { ok: false, detail: 'AUDIT_UNAVAILABLE' } });
    const head = await request(`${server.url}/healthz`, 'HEAD');
    assert.equal(head.status, 503);
    assert.equal(head.body, '');
  } finally {
    await server.close();
  }
});

test('metrics: text format 0.0.4 with process metrics, role info and the role\'s own metrics', async () => {
  const metrics = new MetricsRegistry();
  metrics.counter('warranted_x2x3_records_total', 'X2/X3 records received', ['outcome']).inc({ outcome: 'accepted' }, 3);
  const server = await startAdminServer({ bind: { host: '127.0.0.1', port: 0 }, role: 'mdf', id: 'mdf-"1"', metrics, health: () => Promise.resolve({ healthy: true, checks: {} }) });
  try {
    const r = await request(`${server.url}/metrics`, 'GET');
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type']!, /^text\/plain; version=0\.0\.4/);
    assert.match(r.body, /^# TYPE warranted_x2x3_records_total counter$/m);
    assert.match(r.body, /^warranted_x2x3_records_total\{outcome="accepted"\} 3$/m);
    assert.match(r.body, /^warranted_role_info\{role="mdf",id="mdf-\\"1\\""\} 1$/m);
    const start = /^warranted_process_start_time_seconds ([0-9.e+]+)$/m.exec(r.body);
    assert.ok(start && Number(start[1]) > 1.5e9 && Number(start[1]) <= Date.now() / 1000);
    const rss = /^warranted_process_resident_memory_bytes ([0-9.e+]+)$/m.exec(r.body);
    assert.ok(rss && Number(rss[1]) > 1e6, 'resident memory is read at scrape');
    assert.match(r.body, /^# TYPE warranted_process_cpu_seconds_total counter$/m);
  } finally {
    await server.close();
  }
  // the same registry can serve a second admin server (a restarted endpoint) without duplicates
  const again = await startAdminServer({ bind: { host: '127.0.0.1', port: 0 }, role: 'mdf', id: 'mdf-1', metrics, health: () => Promise.resolve({ healthy: true, checks: {} }) });
  await again.close();
});

test('routing: 404, 405 with Allow, extra routes with JSON bodies, host and origin checks, errors', async () => {
  const seen: AdminRequest[] = [];
  const server = await startAdminServer({
    bind: { host: '127.0.0.1', port: 0 },
    role: 'control',
    id: 'admf-1',
    metrics: new MetricsRegistry(),
    health: () => Promise.resolve({ healthy: true, checks: {} }),
    extraRoutes: [
      {
        method: 'POST',
        path: '/reload',
        handler: (req) => {
          seen.push(req);
          return Promise.resolve({ changed: ['timers.reconciliationMs'] });
        },
      },
      { method: 'post', path: '/refuse', handler: () => Promise.resolve(new AdminReply(409, { error: 'busy' })) },
      { method: 'POST', path: '/boom', handler: () => Promise.reject(new WarrantedError('CONTROL_RELOAD_FAILED', 'no')) },
      { method: 'DELETE', path: '/reload', handler: () => Promise.resolve(undefined) },
    ],
  });
  try {
    assert.equal((await request(`${server.url}/nope`, 'GET')).status, 404);
    const m = await request(`${server.url}/metrics`, 'POST');
    assert.equal(m.status, 405);
    assert.equal(m.headers.allow, 'GET, HEAD');
    const g = await request(`${server.url}/reload`, 'GET');
    assert.equal(g.status, 405);
    assert.equal(g.headers.allow, 'POST, DELETE');
    const ok = await request(`${server.url}/reload`, 'POST', { headers: { 'content-type': 'application/json' }, body: '{"dryRun":true}' });
    assert.equal(ok.status, 200);
    assert.deepEqual(JSON.parse(ok.body), { changed: ['timers.reconciliationMs'] });
    assert.deepEqual(seen[0]!.body, { dryRun: true });
    assert.equal((await request(`${server.url}/reload`, 'DELETE')).status, 204);
    assert.equal((await request(`${server.url}/refuse`, 'POST')).status, 409);
    const boom = await request(`${server.url}/boom`, 'POST');
    assert.equal(boom.status, 500);
    assert.deepEqual(JSON.parse(boom.body), { error: 'CONTROL_RELOAD_FAILED' });
    assert.equal((await request(`${server.url}/reload`, 'POST', { headers: { 'content-type': 'application/json' }, body: '{' })).status, 400);
    assert.equal((await request(`${server.url}/reload`, 'POST', { body: Buffer.alloc(65 * 1024) })).status, 413);
    // a web page the operator happens to have open must not trigger a reload (CSRF) …
    assert.equal((await request(`${server.url}/reload`, 'POST', { headers: { origin: 'https://evil.example' } })).status, 403);
    // … nor read the endpoint through a rebound DNS name
    assert.equal((await request(`${server.url}/metrics`, 'GET', { headers: { host: 'evil.example:9000' } })).status, 403);
    assert.equal((await request(`${server.url}/metrics`, 'GET', { headers: { host: `localhost:${server.address.port}` } })).status, 200);
    assert.equal(seen.length, 1, 'refused requests never reached the handler');
  } finally {
    await server.close();
  }
});

test('binds: non-loopback refused unless allowed, port in use and bad routes are typed errors', async () => {
  const base = { role: 'mdf', id: 'mdf-1', health: () => Promise.resolve({ healthy: true, checks: {} }) };
  for (const host of ['0.0.0.0', '::', '192.0.2.10', 'admin.example']) {
    await rejectsWith(startAdminServer({ ...base, metrics: new MetricsRegistry(), bind: { host, port: 0 } }), 'ADMIN_NON_LOOPBACK');
  }
  assert.ok(isLoopbackHost('127.0.0.2') && isLoopbackHost('::1') && isLoopbackHost('[::1]') && isLoopbackHost('localhost') && isLoopbackHost('::ffff:127.0.0.1'));
  assert.ok(!isLoopbackHost('128.0.0.1') && !isLoopbackHost('::2') && !isLoopbackHost(''));
  const first = await startAdminServer({ ...base, metrics: new MetricsRegistry(), bind: { host: '127.0.0.1', port: 0 } });
  try {
    await rejectsWith(startAdminServer({ ...base, metrics: new MetricsRegistry(), bind: { host: '127.0.0.1', port: first.address.port } }), 'ADMIN_LISTEN_FAILED');
  } finally {
    await first.close();
  }
  const handler = () => Promise.resolve(undefined);
  for (const extraRoutes of [[{ method: 'GET', path: '/healthz', handler }], [{ method: 'POST', path: 'reload', handler }], [{ method: 'POST', path: '/x', handler }, { method: 'post', path: '/x', handler }]]) {
    await rejectsWith(startAdminServer({ ...base, metrics: new MetricsRegistry(), bind: { host: '127.0.0.1', port: 0 }, extraRoutes }), 'ADMIN_BAD_ROUTE');
  }
});
