/**
 * The demo's console line: the demo acts from outside, as an agency's supervisor would — it logs in
 * to the police LEMF's console as `admin` (the password `init` wrote, 0600) and creates an analyst
 * with a random password, assigned to the demo's warrants, over the console's own HTTPS API (CSRF
 * token and Origin as a browser sends them). The creation is in the LEMF's access log like any other.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { AgencyConfig } from '../../platform/config/types.ts';

export interface DemoConsoleUser {
  url: string;
  name: string;
  password: string;
}

function post(url: URL, caPem: string, body: unknown, session?: { cookie: string; csrf: string }): Promise<{ status: number; text: string; cookie?: string }> {
  const data = Buffer.from(JSON.stringify(body), 'utf8');
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': data.length, origin: url.origin };
  if (session) Object.assign(headers, { cookie: session.cookie, 'x-csrf-token': session.csrf });
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', ca: caPem, headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0]?.split(';')[0];
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ...(cookie ? { cookie } : {}) });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${url.pathname}: no answer`)));
    req.on('error', reject);
    req.end(data);
  });
}

/** Creates `demo-analyst-<random>` on the agency's console, assigned `liids`. */
export async function createDemoAnalyst(agency: AgencyConfig, caPem: string, liids: readonly string[]): Promise<DemoConsoleUser> {
  const c = agency.lemf.console;
  if (!c?.adminPassword) throw new Error(`${agency.lemf.id} has no console with an admin password`);
  const base = `https://${c.listen.host.includes(':') ? `[${c.listen.host}]` : c.listen.host}:${c.listen.port}/`;
  const login = await post(new URL('/api/login', base), caPem, { name: 'admin', password: readFileSync(c.adminPassword, 'utf8').trim() });
  if (login.status !== 200 || !login.cookie) throw new Error(`console login as admin: HTTP ${login.status}`);
  const session = { cookie: login.cookie, csrf: (JSON.parse(login.text) as { csrf: string }).csrf };
  const name = `demo-analyst-${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  const made = await post(new URL('/api/users', base), caPem, { name, role: 'analyst', password, liids }, session);
  if (made.status !== 201) throw new Error(`console: creating ${name}: HTTP ${made.status} ${made.text.slice(0, 200)}`);
  return { url: base, name, password };
}
