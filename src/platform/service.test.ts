/**
 * runService in real OS processes (fixtures/service-role.ts): real signals, real exit codes, log
 * lines read from the child's stdout, marker files the role leaves behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from './service.ts';

const fixture = join(import.meta.dirname, 'fixtures', 'service-role.ts');
type Line = Record<string, unknown> & { msg: string; level: string };

function runRole(mode: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'service-'));
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, mode, dir], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Line[] = [];
  const waiters: { pred: (l: Line) => boolean; resolve: (l: Line) => void }[] = [];
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout.on('data', (c: Buffer) => {
    buffered += c.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const line = JSON.parse(text) as Line; // every stdout line must be one JSON object
      lines.push(line);
      for (const w of waiters.filter((x) => x.pred(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  // Bounded: a child that does not exit in 30 s is killed and the test fails on its exit code.
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve(code);
    }),
  );
  const waitFor = (msg: string): Promise<Line> => {
    const seen = lines.find((l) => l.msg === msg);
    if (seen) return Promise.resolve(seen);
    return Promise.race([
      new Promise<Line>((resolve) => waiters.push({ pred: (l) => l.msg === msg, resolve })),
      exited.then(() => {
        throw new Error(`exited before "${msg}": ${JSON.stringify(lines)} ${stderr}`);
      }),
    ]);
  };
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  return { child, dir, lines, waitFor, exited, cleanup, stderr: () => stderr };
}

test('SIGTERM drains (stop runs to the end) and exits 0; SIGHUP reloads and keeps running', async () => {
  const r = runRole('graceful');
  try {
    const started = await r.waitFor('started');
    assert.deepEqual([started.role, started.id, started.pid], ['fixture', 'fixture-graceful', r.child.pid]);
    r.child.kill('SIGHUP');
    const reloaded = await r.waitFor('reloaded');
    assert.deepEqual(reloaded.changed, ['timers.reconciliationMs (reload 1)']);
    r.child.kill('SIGTERM');
    assert.equal(await r.exited, EXIT.drained);
    assert.equal(readFileSync(join(r.dir, 'stopped'), 'utf8'), 'SIGTERM', 'stop() finished before the exit');
    assert.deepEqual(r.lines.map((l) => l.msg), ['starting', 'started', 'reloading', 'reloaded', 'stopping', 'stopped']);
    assert.equal(r.stderr(), '');
  } finally {
    r.cleanup();
  }
});

test('SIGINT drains like SIGTERM', async () => {
  const r = runRole('graceful');
  try {
    await r.waitFor('started');
    r.child.kill('SIGINT');
    assert.equal(await r.exited, EXIT.drained);
    assert.equal(readFileSync(join(r.dir, 'stopped'), 'utf8'), 'SIGINT');
  } finally {
    r.cleanup();
  }
});

test('a failed reload is logged and the role keeps running on its old configuration', async () => {
  const r = runRole('reload-fails');
  try {
    await r.waitFor('started');
    r.child.kill('SIGHUP');
    const failed = await r.waitFor('reload failed, keeping the running configuration');
    assert.equal(failed.level, 'error');
    assert.deepEqual((failed.err as { message: string }).message, 'config file is not valid');
    r.child.kill('SIGTERM');
    assert.equal(await r.exited, EXIT.drained, 'still alive and drains normally after the failed reload');
    assert.ok(existsSync(join(r.dir, 'stopped')));
  } finally {
    r.cleanup();
  }
});

test('an exception thrown asynchronously by the role is logged fatal (masked) and exits 70', async () => {
  const r = runRole('throw-async');
  try {
    assert.equal(await r.exited, EXIT.crashed);
    const fatal = r.lines.find((l) => l.level === 'fatal');
    assert.ok(fatal, JSON.stringify(r.lines));
    assert.equal(fatal.kind, 'uncaughtException');
    assert.equal((fatal.err as { message: string }).message, 'boom while handling **********90');
    assert.ok(!JSON.stringify(r.lines).includes('929230041590'), 'the identity never reaches the log');
    assert.ok(!existsSync(join(r.dir, 'stopped')), 'no drain after a crash');
  } finally {
    r.cleanup();
  }
});

test('an unhandled rejection exits 70', async () => {
  const r = runRole('reject-async');
  try {
    assert.equal(await r.exited, EXIT.crashed);
    const fatal = r.lines.find((l) => l.level === 'fatal');
    assert.equal(fatal?.kind, 'unhandledRejection');
    assert.equal((fatal.err as { message: string }).message, 'rejected nobody awaited');
  } finally {
    r.cleanup();
  }
});

test('a drain longer than the bound exits 1; so does a second signal during the drain', async () => {
  const slow = runRole('hang-stop', { WARRANTED_DRAIN_MS: '300' });
  try {
    await slow.waitFor('started');
    slow.child.kill('SIGTERM');
    assert.equal(await slow.exited, EXIT.failed);
    assert.ok(existsSync(join(slow.dir, 'stop-called')));
    assert.ok(slow.lines.some((l) => l.msg === 'drain timed out, exiting' && l.level === 'error'));
  } finally {
    slow.cleanup();
  }
  const twice = runRole('hang-stop');
  try {
    await twice.waitFor('started');
    twice.child.kill('SIGTERM');
    await twice.waitFor('stopping');
    twice.child.kill('SIGINT');
    assert.equal(await twice.exited, EXIT.failed);
    const last = twice.lines.at(-1)!;
    assert.deepEqual([last.msg, last.signal], ['second signal during drain, exiting now', 'SIGINT']);
  } finally {
    twice.cleanup();
  }
});

test('a role that cannot start exits 1 with the reason', async () => {
  const r = runRole('start-fails');
  try {
    assert.equal(await r.exited, EXIT.failed);
    const fatal = r.lines.find((l) => l.msg === 'start failed');
    assert.equal((fatal?.err as { message: string } | undefined)?.message, 'cannot open the store');
    assert.ok(!r.lines.some((l) => l.msg === 'started'));
  } finally {
    r.cleanup();
  }
});
