/** The demo reads the roles only where an operator would: their admin addresses (/metrics, /healthz). */
import { request } from 'node:http';
import type { Address } from '../../platform/config/types.ts';

function call(a: Address, method: string, path: string, body?: unknown, timeoutMs = 5000): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request({ host: a.host, port: a.port, method, path, timeout: timeoutMs, headers: data ? { 'content-type': 'application/json', 'content-length': data.length } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}

export async function adminJson<T>(a: Address, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const r = await call(a, method, path, body);
  if (r.status !== 200) throw new Error(`${method} ${path} on ${a.host}:${a.port}: HTTP ${r.status} ${r.text.slice(0, 200)}`);
  return JSON.parse(r.text) as T;
}

/** Prometheus text → `name{labels}` → value (labels as rendered). */
export async function scrape(a: Address): Promise<Map<string, number>> {
  const r = await call(a, 'GET', '/metrics');
  const out = new Map<string, number>();
  for (const line of r.text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

/** Sum of every sample of `name` whose labels contain `match` (e.g. `reason="MDF_UNKNOWN_XID"`). */
export function metric(m: Map<string, number>, name: string, match = ''): number {
  let sum = 0;
  for (const [k, v] of m) if ((k === name || k.startsWith(`${name}{`)) && k.includes(match)) sum += v;
  return sum;
}
