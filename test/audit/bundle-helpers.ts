/**
 * Shared by the export bundle tests: a real audit log directory built through openAuditDirectory
 * (real files), with checkpoints published every few entries and cosigned by a witness, a witness
 * policy file, and small tools to edit a bundle the way a tamperer would (and to rewrite its
 * MANIFEST afterwards, so the cryptography — not the digests — has to catch the edit).
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCosignatureVerifier,
  createCosigner,
  createNoteSigner,
  createNoteVerifier,
  encodeVerifierKey,
  formatWitnessPolicy,
  openAuditDirectory,
  publishCheckpoint,
  Witness,
  type AuditEvent,
} from '../../src/audit/index.ts';

export const ORIGIN = 'audit.bundle.test/log';
const T0 = Date.UTC(2026, 10, 25, 8, 0, 0);

/** Event i: one second after event i−1; a mix of context types (keys., warrant., tasks) and others. */
export function bundleEvent(i: number): AuditEvent {
  const types = ['warrant.transition', 'keys.key-added', 'provisioning.task-activating', 'mdf.task-started', 'mdf.delivery-batch', 'x1.exchange', 'mdf.delivery-batch'];
  return { type: types[i % types.length]!, at: timeOf(i), actor: 'test', subject: `s-${i}`, details: { n: i } };
}

export function timeOf(i: number): string {
  return new Date(T0 + i * 1000).toISOString();
}

export interface TestLog {
  root: string;
  dir: string;
  /** The log's key as signed-note verifier key text, and as PEM. */
  vkeyFile: string;
  pemFile: string;
  events: AuditEvent[];
  /** Sizes of the published checkpoints, in order. */
  checkpointSizes: number[];
  witnessName: string;
  cleanup(): void;
}

/**
 * `entries` events; a checkpoint (cosigned by one witness) after every `every` entries and at the
 * end — unless `tail` > 0, when the last `tail` entries stay after the last checkpoint.
 */
export async function buildTestLog(options: { entries: number; every: number; tail?: number }): Promise<TestLog> {
  const root = mkdtempSync(join(tmpdir(), 'audit-bundle-'));
  const dir = join(root, 'log');
  const { privateKey } = generateKeyPairSync('ed25519');
  const signer = createNoteSigner(ORIGIN, privateKey);
  const witnessKey = generateKeyPairSync('ed25519');
  const witnessName = 'witness.bundle.test/court';
  const witness = new Witness({ cosigner: createCosigner(witnessName, witnessKey.privateKey), log: signer, now: () => Math.floor(T0 / 1000) });
  let clock = T0;
  const log = await openAuditDirectory({ dir, signer, fsync: false, now: () => new Date((clock += 1000)) });
  const events: AuditEvent[] = [];
  const checkpointSizes: number[] = [];
  const tail = options.tail ?? 0;
  const checkpointed = options.entries - tail;
  let lastSeen = 0;
  const checkpoint = async (): Promise<void> => {
    const signed = log.checkpoint();
    const note = witness.cosign(signed.note, log.consistencyProof(lastSeen, signed.size).path);
    lastSeen = signed.size;
    await publishCheckpoint(dir, { ...signed, note });
    checkpointSizes.push(signed.size);
  };
  for (let i = 0; i < options.entries; i++) {
    const event = bundleEvent(i);
    events.push(event);
    await log.append(event);
    if (i + 1 <= checkpointed && ((i + 1) % options.every === 0 || i + 1 === checkpointed)) await checkpoint();
  }
  await log.close();
  const vkeyFile = join(root, 'log.vkey');
  const pemFile = join(root, 'log.pub.pem');
  writeFileSync(vkeyFile, `${encodeVerifierKey(createNoteVerifier(ORIGIN, privateKey))}\n`);
  writeFileSync(pemFile, signer.publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(
    join(dir, 'witness-policy.txt'),
    formatWitnessPolicy({
      log: signer,
      witnesses: [{ name: 'court', verifier: createCosignatureVerifier(witnessName, witnessKey.publicKey) }],
      groups: [],
      quorum: { kind: 'count', n: 1 },
    }),
  );
  return { root, dir, vkeyFile, pemFile, events, checkpointSizes, witnessName, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Every file of a bundle but its MANIFEST, by '/'-separated relative path, sorted. */
export function bundleFiles(dir: string, relative = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, relative)).sort()) {
    const path = relative === '' ? name : `${relative}/${name}`;
    if (statSync(join(dir, path)).isDirectory()) out.push(...bundleFiles(dir, path));
    else if (path !== 'MANIFEST') out.push(path);
  }
  return out;
}

/** Rewrites the MANIFEST's digest lines (and its file list) to match the bundle as it now is. */
export function rewriteManifest(dir: string, changes: Partial<Record<'range' | 'anchor' | 'context' | 'checkpoints', string>> = {}): void {
  const header = readFileSync(join(dir, 'MANIFEST'), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0 && !/^[0-9a-f]{64} {2}/.test(line))
    .map((line) => {
      const key = line.split(' ')[0] as keyof typeof changes;
      return changes[key] === undefined ? line : `${key} ${changes[key]}`;
    });
  const digests = bundleFiles(dir).map((path) => `${createHash('sha256').update(readFileSync(join(dir, path))).digest('hex')}  ${path}`);
  writeFileSync(join(dir, 'MANIFEST'), `${[...header, ...digests].join('\n')}\n`);
}

/** Changes one byte at `at` to another of the same kind (digit, letter, other), so formats stay plausible. */
export function alterByte(file: string, at: number): void {
  const bytes = readFileSync(file);
  const position = Math.max(0, Math.min(bytes.length - 1, at));
  const c = bytes[position]!;
  if (c >= 0x30 && c <= 0x39) bytes[position] = 0x30 + ((c - 0x30 + 1) % 10);
  else if (c >= 0x41 && c <= 0x5a) bytes[position] = 0x41 + ((c - 0x41 + 1) % 26);
  else if (c >= 0x61 && c <= 0x7a) bytes[position] = 0x61 + ((c - 0x61 + 1) % 26);
  else bytes[position] = c ^ 0x01;
  writeFileSync(file, bytes);
}

/** Removes line `n` (0-based; negative counts from the end) of a text file. */
export function dropLine(file: string, n: number): string {
  const lines = readFileSync(file, 'utf8').split('\n');
  const last = lines.pop(); // '' after the final newline
  const [removed] = lines.splice(n < 0 ? lines.length + n : n, 1);
  writeFileSync(file, `${lines.join('\n')}\n${last ?? ''}`.replace(/^\n$/, ''));
  return removed ?? '';
}
