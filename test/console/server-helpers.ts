/**
 * A console server for the server tests: real HTTPS on 127.0.0.1 with a certificate of the test
 * PKI, a real user store and access log on disk, a real (empty) LEMF store for retention and
 * integrity, and the data routes given (the lead's consoleApiRoutes and a probe route that reports
 * an access the way the data handlers do).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiRoute } from '../../src/console/api/contract.ts';
import { ConsoleAccessLog } from '../../src/console/access-log/access-log.ts';
import type { RecordsNotification } from '../../src/console/store/types.ts';
import { startConsoleServer, type ConsoleServer } from '../../src/console/server/server.ts';
import { minimalUi } from '../../src/console/server/ui.ts';
import { UserStore } from '../../src/console/users/user-store.ts';
import { WarrantCatalog } from '../../src/console/warrants/catalog.ts';
import { MonitoringStore } from '../../src/monitoring/store.ts';
import { ensureDemoPki } from '../../src/platform/pki.ts';
import { TEST_EVIDENCE_KEY } from '../helpers/evidence-key.ts';

export const PASSWORD = 'correct horse battery';

export interface Harness {
  dir: string;
  server: ConsoleServer;
  users: UserStore;
  accessLog: ConsoleAccessLog;
  lemf: MonitoringStore;
  caPem: string;
  logKeyPem: string;
  alarms: string[];
  close(): Promise<void>;
}

export async function startHarness(routes: ApiRoute[] = [], subscribe?: (cb: (n: RecordsNotification) => void) => () => void, options: { tileUrl?: string } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'console-server-'));
  const creds = (await ensureDemoPki(join(dir, 'pki'), ['lemf-ag']).then((m) => m.get('lemf-ag')))!;
  const logKeyPem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const alarms: string[] = [];
  const onAlarm = (code: string) => alarms.push(code);
  const lemfDir = join(dir, 'lemf');
  const lemf = new MonitoringStore({ dataDir: lemfDir, evidenceKey: TEST_EVIDENCE_KEY, defaultAccessor: 'lemf-ag' });
  const accessLog = await ConsoleAccessLog.open({ dir: lemfDir, lemfId: 'lemf-ag', signingKeyPem: logKeyPem, onAlarm, checkpointDelayMs: 60_000 });
  const users = UserStore.open(lemfDir, TEST_EVIDENCE_KEY);
  const warrants = new WarrantCatalog({ counts: () => Promise.resolve({}), retentionOf: (l) => lemf.retentionOf(l), integrity: () => lemf.integrity(), gaps: () => lemf.gaps() });
  // The minimal page: these tests are about the API (the real bundle is served in server-lemf-role.test.ts).
  const server = await startConsoleServer({ creds, host: '127.0.0.1', port: 0, users, accessLog, warrants, routes, onAlarm, ui: () => Promise.resolve(minimalUi()), ...(subscribe ? { subscribe } : {}), ...options });
  return {
    dir,
    server,
    users,
    accessLog,
    lemf,
    caPem: creds.caPem,
    logKeyPem,
    alarms,
    async close() {
      await server.close();
      await accessLog.close();
      lemf.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export interface Call {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  /** Raw body (sent as is, with content-type application/json). */
  raw?: Buffer;
  cookie?: string;
  csrf?: string;
  /** Default: the server's own origin. `null`: no Origin header. */
  origin?: string | null;
  headers?: Record<string, string>;
}

export function call(h: Harness, path: string, c: Call = {}): Promise<Answer> {
  const url = new URL(path, h.server.url);
  const payload = c.raw ?? (c.body === undefined ? undefined : Buffer.from(JSON.stringify(c.body), 'utf8'));
  const headers: Record<string, string> = { ...(c.headers ?? {}) };
  if (payload) headers['content-type'] ??= 'application/json';
  if (c.cookie) headers.cookie = c.cookie;
  if (c.csrf) headers['x-csrf-token'] = c.csrf;
  if (c.origin !== null) headers.origin = c.origin ?? `https://${url.host}`;
  return new Promise((resolve, reject) => {
    // A fresh connection per call: no race with the server closing an idle kept-alive socket.
    const req = request(url, { method: c.method ?? (payload ? 'POST' : 'GET'), ca: h.caPem, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export interface LoggedIn {
  cookie: string;
  csrf: string;
}

export async function login(h: Harness, name: string, password = PASSWORD): Promise<LoggedIn> {
  const a = await call(h, '/api/login', { body: { name, password } });
  if (a.status !== 200) throw new Error(`login of ${name} answered ${a.status} ${a.text}`);
  const set = ([] as string[]).concat(a.headers['set-cookie'] ?? []);
  const cookie = set[0]!.split(';')[0]!;
  return { cookie, csrf: (a.json as { csrf: string }).csrf };
}

/** GET or POST as a logged-in user (CSRF token and Origin as the UI sends them). */
export function as(h: Harness, s: LoggedIn, path: string, c: Call = {}): Promise<Answer> {
  return call(h, path, { cookie: s.cookie, csrf: s.csrf, ...c });
}

export function errorCode(a: Answer): string | undefined {
  return (a.json as { error?: { code?: string } } | undefined)?.error?.code;
}
