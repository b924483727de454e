/**
 * Shared by the witness tests: a demo PKI, a test "log" (a real RFC 9162 tree and the log's checkpoint
 * key, so checkpoints and consistency proofs are genuine), add-checkpoint bodies, raw mutual-TLS
 * requests, and a witness started as its own OS process (fixtures/witness-main.ts).
 */
import https from 'node:https';
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { MerkleTree, createNoteSigner, signCheckpoint, toBase64, type NoteSigner, type SignedCheckpoint } from '../../src/audit/index.ts';
import { ensureDemoPki, mtlsClientOptions, type Credentials } from '../../src/platform/pki.ts';
import type { Endpoint } from '../../src/wires/transport.ts';

export const LOG_ORIGIN = 'log.warranted.test/audit';
export const WITNESS_NAME = 'court.warranted.test/witness';

export interface WitnessBed {
  dir: string;
  creds: Map<string, Credentials>;
  logKey: KeyObject;
  log: NoteSigner;
  witnessKey: KeyObject;
  cleanup(): void;
}

export async function witnessBed(ids: string[]): Promise<WitnessBed> {
  const dir = mkdtempSync(join(tmpdir(), 'witness-'));
  const creds = await ensureDemoPki(join(dir, 'pki'), ids);
  const logKey = generateKeyPairSync('ed25519').privateKey;
  const witnessKey = generateKeyPairSync('ed25519').privateKey;
  return { dir, creds, logKey, log: createNoteSigner(LOG_ORIGIN, logKey), witnessKey, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A log's tree: leaves `prefix-0`, `prefix-1`, …; forks are trees that share a prefix and then differ. */
export class TestLog {
  readonly tree = new MerkleTree();
  private clock = Date.UTC(2026, 10, 25, 8, 0, 0);

  constructor(
    readonly signer: NoteSigner,
    private readonly leafText: (i: number) => string = (i) => `entry-${i}`,
  ) {}

  grow(to: number): this {
    while (this.tree.size < to) this.tree.appendLeaf(Buffer.from(this.leafText(this.tree.size)));
    return this;
  }

  /** A checkpoint of the first `size` leaves, signed now (each one a second after the previous). */
  checkpoint(size: number = this.tree.size): SignedCheckpoint {
    this.clock += 1000;
    return signCheckpoint({ origin: this.signer.name, size, rootHash: this.tree.rootHash(size), timestamp: new Date(this.clock).toISOString().replace('.000Z', 'Z') }, this.signer);
  }

  proof(from: number, to: number = this.tree.size): Uint8Array[] {
    return this.tree.consistencyProof(from, to);
  }
}

/** c2sp.org/tlog-witness add-checkpoint body. */
export function addCheckpointBody(oldSize: number, proof: readonly Uint8Array[], note: string): string {
  return `old ${oldSize}\n${proof.map((p) => `${toBase64(p)}\n`).join('')}\n${note}`;
}

export interface Reply {
  status: number;
  contentType: string;
  body: string;
}

/** One POST over mutual TLS, no keep-alive. */
export function post(creds: Credentials, endpoint: Endpoint, path: string, body: string | Buffer, method = 'POST'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { ...mtlsClientOptions(creds), host: endpoint.host, port: endpoint.port, method, path, agent: false, headers: { 'content-length': Buffer.byteLength(body) }, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

export interface WitnessProcess {
  child: ChildProcess;
  endpoint: Endpoint;
  stderr(): string;
  /** SIGTERM and wait; resolves to the exit code. */
  stop(): Promise<number | null>;
}

const FIXTURE = join(import.meta.dirname, 'fixtures', 'witness-main.ts');

/**
 * The witness as its own OS process (fixtures/witness-main.ts); resolves once it listens. Defaults:
 * certificate `witness`, key bed.witnessKey, key name WITNESS_NAME.
 */
export async function startWitnessProcess(bed: WitnessBed, o: { dir: string; port?: number; id?: string; key?: KeyObject; name?: string }): Promise<WitnessProcess> {
  const id = o.id ?? 'witness';
  const keyFile = join(bed.dir, `${id}.witness-key.pem`);
  const logPub = join(bed.dir, 'log.pub.pem');
  writeFileSync(keyFile, (o.key ?? bed.witnessKey).export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(logPub, bed.log.publicKey.export({ type: 'spki', format: 'pem' }));
  const args = ['--dir', o.dir, '--pki', join(bed.dir, 'pki'), '--id', id, '--key', keyFile, '--name', o.name ?? WITNESS_NAME, '--log-origin', LOG_ORIGIN, '--log-key', logPub, '--port', String(o.port ?? 0)];
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const lines = createInterface({ input: child.stdout });
  try {
    const [line] = (await Promise.race([
      once(lines, 'line'),
      once(child, 'exit').then(([code]) => Promise.reject(new Error(`witness exited (${String(code)}): ${err}`))),
      sleep(60_000).then(() => Promise.reject(new Error(`witness not ready in 60 s: ${err}`))),
    ])) as [string];
    const { port } = JSON.parse(line) as { port: number };
    return {
      child,
      endpoint: { host: '127.0.0.1', port },
      stderr: () => err,
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const [code] = (await exited) as [number | null];
        return code;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
