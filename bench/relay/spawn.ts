/** Starts a bench/relay/peer.ts child and talks to it over stdin/stdout JSON lines. */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { PeerConfig } from './peer.ts';

export interface Peer {
  proc: ChildProcess;
  ready: unknown;
  /** Sends a command and resolves with the first reply line that has `key`. */
  ask<T = Record<string, unknown>>(command: string, key: string): Promise<T>;
  stop(): void;
}

export async function startPeer(role: string, cfg: PeerConfig, dir: string): Promise<Peer> {
  const file = join(dir, `peer-${role}-${cfg.id}.json`);
  writeFileSync(file, JSON.stringify(cfg));
  const proc = spawn(process.execPath, [...(process.env.BENCH_PEER_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PEER_PROF] : []), '--import', 'tsx', join(import.meta.dirname, 'peer.ts'), role, file], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting: { key: string; resolve: (v: never) => void }[] = [];
  let readyResolve: (v: unknown) => void = () => undefined;
  const ready = new Promise((r) => (readyResolve = r));
  createInterface({ input: proc.stdout }).on('line', (l) => {
    const msg = JSON.parse(l) as Record<string, unknown>;
    if ('ready' in msg) readyResolve(msg.ready);
    const i = waiting.findIndex((w) => w.key in msg);
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(msg as never);
  });
  const exited = new Promise((_, reject) => proc.once('exit', (code) => reject(new Error(`peer ${role} exited (${code})`))));
  const r = await Promise.race([ready, exited]);
  return {
    proc,
    ready: r,
    ask: <T>(command: string, key: string) =>
      new Promise<T>((resolve) => {
        waiting.push({ key, resolve: resolve });
        proc.stdin.write(`${command}\n`);
      }),
    stop: () => {
      // Closing stdin ends the peer (it exits on its own, writing a CPU profile if asked); a peer still there 2 s later is killed.
      proc.stdin.end();
      setTimeout(() => proc.kill(), 2000).unref();
    },
  };
}
