/**
 * The CLI's data directory (`--data-dir`, default `.data`):
 *
 *   warrants/              embedded warrant store (PGlite)
 *   audit/                 the transparency log (entries.jsonl, checkpoints/); a checkpoint is
 *                          published after every command that appended to it
 *   audit-log.key.pem      Ed25519 key that signs the log's checkpoints (created on first use, 0600)
 *   identity-hmac.key      32-byte key for redactIdentity tags of target identities (0600)
 *   operators.json         operator compliance policies (officers, four-eyes)
 *   desk-objects.jsonl     HI-1 object ids and documents of warrants submitted with --hi1
 *
 * The key registry has no file of its own: it is event-sourced from the `keys.*` events in the
 * audit log (every change is appended there before it applies), and rebuilt from them on open.
 */
import { commitTarget, warrantSalt } from '../../audit/commitment.ts';
import { formatWitnessPolicy, WITNESS_POLICY_FILE } from '../../audit/witness-policy.ts';
import { generateKeyPairSync, createPrivateKey, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { createNoteSigner, openAuditDirectory, publishCheckpoint, type AuditLog } from '../../audit/index.ts';
import { KeyRegistry, WarrantService, loadProfiles, openEmbeddedWarrantStore, systemClock, type AuditSink, type OperatorPolicy, type WarrantStore } from '../../warrants/index.ts';
import { keyRegistryEventsFromLog, warrantAuditSink, type IntakeDeps } from '../../warrants/desk/index.ts';

export interface DataDirOptions {
  dataDir: string;
  profilesDir?: string;
}

export interface OpenedData extends IntakeDeps {
  dir: string;
  log: AuditLog;
  store?: WarrantStore;
  service: WarrantService;
  keys: KeyRegistry;
  audit: AuditSink;
  identityKey: Uint8Array;
  operators: OperatorPolicy[];
  saveOperators(policies: OperatorPolicy[]): void;
  close(): Promise<void>;
}

function secretFile(path: string, make: () => string | Uint8Array): Buffer {
  if (!existsSync(path)) writeFileSync(path, make(), { mode: 0o600 });
  return readFileSync(path);
}

/** The actor recorded for CLI actions (the operating-system user). */
export function cliActor(): string {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    /* no passwd entry (containers) */
  }
  return `cli:${name}`;
}

/**
 * Opens the data directory. `withStore: false` skips the warrant store (PGlite is slow to open)
 * for the key commands, which need only the log.
 */
export async function openDataDir(opts: DataDirOptions, withStore = true): Promise<OpenedData> {
  const dir = resolve(opts.dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const logKeyPem = secretFile(join(dir, 'audit-log.key.pem'), () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }));
  const signer = createNoteSigner('warranted-audit-log', createPrivateKey(logKeyPem));
  const identityKey = new Uint8Array(secretFile(join(dir, 'identity-hmac.key'), () => randomBytes(32)));
  const log = await openAuditDirectory({ dir: join(dir, 'audit'), signer });
  // A local data directory has no witnesses: say so in the policy an overseer's `audit verify` reads,
  // rather than leave it to guess (its report then shows "quorum: none required").
  const policyFile = join(dir, 'audit', WITNESS_POLICY_FILE);
  if (!existsSync(policyFile)) {
    writeFileSync(policyFile, formatWitnessPolicy({ log: signer, witnesses: [], groups: [], quorum: { kind: 'none' } }, 'warranted CLI data directory: no witnesses cosign this log'));
  }
  const sizeAtOpen = log.size;
  const audit = warrantAuditSink(log, cliActor());
  const keys = KeyRegistry.fromEvents(keyRegistryEventsFromLog((await log.entries(0)).map((e) => e.event)), { clock: systemClock, audit });
  const operatorsPath = join(dir, 'operators.json');
  const operators = existsSync(operatorsPath) ? (JSON.parse(readFileSync(operatorsPath, 'utf8')) as OperatorPolicy[]) : [];
  let store: WarrantStore | undefined;
  try {
    store = withStore ? await openEmbeddedWarrantStore({ dataDir: join(dir, 'warrants') }) : undefined;
  } catch (e) {
    await log.close();
    throw e;
  }
  const service = new WarrantService({
    store: store ?? unavailableStore(),
    audit,
    keys,
    // Targets reach the log only as salted commitments (src/audit/commitment.ts), as in a deployment.
    commitTarget: (warrantId, t) => commitTarget(warrantSalt(identityKey, warrantId), t.kind, t.value),
    profiles: loadProfiles(opts.profilesDir),
    clock: systemClock,
    operatorPolicies: operators,
  });
  return {
    dir,
    log,
    ...(store ? { store } : {}),
    service,
    keys,
    audit,
    clock: systemClock,
    identityKey,
    operators,
    saveOperators(policies) {
      writeFileSync(operatorsPath, `${JSON.stringify(policies, null, 2)}\n`);
    },
    async close() {
      try {
        await store?.close();
      } finally {
        if (log.size > sizeAtOpen) await publishCheckpoint(join(dir, 'audit'), log.checkpoint());
        await log.close();
      }
    },
  };
}

function unavailableStore(): WarrantStore {
  const fail = () => Promise.reject(new Error('warrant store not opened for this command'));
  return { get: fail, list: fail, transaction: fail, close: () => Promise.resolve() };
}
