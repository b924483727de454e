/**
 * `warranted demo --keep` as a person uses it: the command, as its own process, prints the verdict
 * and its `console: URL  user: NAME  password: PASSWORD` line, starts the deployment again and keeps
 * it running; the printed analyst logs in to the console over HTTPS (the deployment's own CA) and sees
 * the warrant assigned (as a browser would: same Origin, the session cookie); Ctrl-C (SIGINT) stops everything and the command ends.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const repoRoot = resolve(import.meta.dirname, '../..');

function request(url: URL, ca: string, method: string, body?: unknown, cookie?: string): Promise<{ status: number; json: unknown; cookie?: string }> {
  return new Promise((ok, fail) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = https.request(url, { method, ca, headers: { origin: url.origin, ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}), ...(cookie ? { cookie } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const set = res.headers['set-cookie']?.[0]?.split(';')[0];
        ok({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : undefined, ...(set ? { cookie: set } : {}) });
      });
    });
    req.on('error', fail);
    req.end(data);
  });
}

test('demo --keep: the printed analyst logs in to the kept deployment; Ctrl-C stops it', { timeout: 600_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warranted-demo-keep-'));
  const child = spawn(process.execPath, ['bin/warranted.mjs', 'demo', '--keep', '--duration', '20', '--subscribers', '60', '--data-dir', dataDir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = once(child, 'exit');
  let configFile = '';
  try {
    const lines = createInterface({ input: child.stdout });
    let consoleLine: RegExpMatchArray | null = null;
    for await (const line of lines) {
      out.push(line);
      consoleLine ??= /^console: (\S+) {2}user: (\S+) {2}password: (\S+)$/.exec(line);
      const kept = /^deployment kept running \(--keep\):.*`warranted down --config (\S+)`/.exec(line);
      if (kept) {
        configFile = kept[1]!;
        break;
      }
    }
    assert.ok(consoleLine, `a console line was printed:\n${out.join('\n')}\n${stderr}`);
    assert.ok(configFile, `the deployment was kept running:\n${out.join('\n')}\n${stderr}`);
    const [, url, user, password] = consoleLine;
    const ca = readFileSync(join(dirname(configFile), 'pki', 'ca.pem'), 'utf8');
    const login = await request(new URL('/api/login', url), ca, 'POST', { name: user, password });
    assert.equal(login.status, 200, JSON.stringify(login.json));
    assert.ok(login.cookie, 'a session cookie');
    const warrants = await request(new URL('/api/warrants', url), ca, 'GET', undefined, login.cookie);
    assert.equal(warrants.status, 200, JSON.stringify(warrants.json));
    assert.ok(JSON.stringify(warrants.json).includes('PKPOLICE-'), `the analyst sees the police warrant: ${JSON.stringify(warrants.json)}`);
    const wrong = await request(new URL('/api/login', url), ca, 'POST', { name: user, password: `${password}x` });
    assert.equal(wrong.status, 401);
    child.kill('SIGINT');
    const [code, signal] = (await exited) as [number | null, string | null];
    assert.equal(signal, null, 'the command ended by itself after Ctrl-C, having stopped the deployment');
    assert.ok(code === 0 || code === 1, `exit code ${String(code)}`);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
      // Whatever the outcome, no role of this deployment outlives the test.
      if (configFile) spawnSync(process.execPath, ['bin/warranted.mjs', 'down', '--config', configFile], { cwd: repoRoot, stdio: 'ignore', timeout: 90_000 });
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
});
