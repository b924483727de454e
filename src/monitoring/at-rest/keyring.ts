/**
 * The LEMF's data keys: one random AES-256 key per LIID (and one per directory of orphan bytes),
 * each kept wrapped (AES-256-GCM) under a key derived from the LEMF's master key
 * (`agencies[].lemf.evidenceKey`, a deployment secret). Destroying one wrapped key is enough to make
 * every copy of that LIID's evidence — backups included — unreadable: crypto-shredding (issue 10).
 *
 * The wrapped keys live in `<dataDir>/_keys/`, apart from the evidence, so that evidence can be
 * copied or backed up without them. A backup of `_keys/` taken before a purge still opens the
 * evidence with the master key: keep `_keys/` out of long-lived backups (docs/operator-guide.md).
 *
 *   _keys/<dir>.key  (80 octets)
 *     0  magic "WEK1"   4
 *     4  key id         16   random; named in the destruction event
 *    20  nonce          12
 *    32  wrapped key    32   AES-256-GCM, AAD = magic ‖ key id ‖ "<dir>"
 *    64  tag            16
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { deriveKey } from '../../platform/sealed.ts';
import { MonitoringError } from '../errors.ts';

export const KEYRING_DIR = '_keys';
const MAGIC = Buffer.from('WEK1', 'latin1');
const FILE_BYTES = 80;
const WRAP_LABEL = 'warranted/lemf/evidence-key-wrap/v1';

export interface DataKey {
  /** Hex of the random key id. */
  id: string;
  key: Buffer;
}

export interface ShreddedKey {
  id: string;
  /** The key file's name under `_keys/`. */
  file: string;
  /** SHA-256 of the wrapped key as it was on disk before it was overwritten. */
  sha256: string;
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class Keyring {
  private readonly wrapKey: Buffer;
  private readonly dir: string;
  private readonly cache = new Map<string, DataKey>();

  constructor(
    dataDir: string,
    masterKey: Uint8Array,
    private readonly readOnly = false,
  ) {
    if (!(masterKey instanceof Uint8Array) || masterKey.length !== 32) throw new MonitoringError('MONITORING_EVIDENCE_KEY', 'the LEMF evidence key must be 32 octets (an AES-256 key)');
    this.wrapKey = deriveKey(masterKey, WRAP_LABEL);
    this.dir = join(dataDir, KEYRING_DIR);
  }

  private pathOf(name: string): string {
    return join(this.dir, `${name}.key`);
  }

  has(name: string): boolean {
    return this.cache.has(name) || existsSync(this.pathOf(name));
  }

  /** The data key of directory `name`; created (and made durable) on first use unless read-only. */
  keyOf(name: string, create: boolean): DataKey | undefined {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const path = this.pathOf(name);
    let k: DataKey | undefined;
    if (existsSync(path)) k = this.unwrap(name, readFileSync(path));
    else if (create && !this.readOnly) k = this.create(name, path);
    if (k) this.cache.set(name, k);
    return k;
  }

  private aad(id: Buffer, name: string): Buffer {
    return Buffer.concat([MAGIC, id, Buffer.from(name, 'utf8')]);
  }

  private unwrap(name: string, raw: Buffer): DataKey {
    const refuse = (why: string) => new MonitoringError('MONITORING_EVIDENCE_KEY', `the data key of ${name} ${why}: its evidence cannot be read with this LEMF's evidenceKey`, { details: { key: name } });
    if (raw.length !== FILE_BYTES || !raw.subarray(0, 4).equals(MAGIC)) throw refuse('is not a key file');
    const id = raw.subarray(4, 20);
    try {
      const d = createDecipheriv('aes-256-gcm', this.wrapKey, raw.subarray(20, 32), { authTagLength: 16 }).setAAD(this.aad(id, name));
      d.setAuthTag(raw.subarray(64, 80));
      const key = Buffer.concat([d.update(raw.subarray(32, 64)), d.final()]);
      return { id: id.toString('hex'), key };
    } catch {
      throw refuse('does not unwrap (another master key, or the file was altered)');
    }
  }

  /** A new random key, written to a temporary file, fsync'd, renamed, directory fsync'd: never half a key. */
  private create(name: string, path: string): DataKey {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const id = randomBytes(16);
    const key = randomBytes(32);
    const nonce = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.wrapKey, nonce).setAAD(this.aad(id, name));
    const wrapped = Buffer.concat([c.update(key), c.final()]);
    const file = Buffer.concat([MAGIC, id, nonce, wrapped, c.getAuthTag()]);
    const tmp = `${path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, file);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    syncDir(this.dir);
    return { id: id.toString('hex'), key };
  }

  /** What `shred` would destroy (id, file, SHA-256 of the wrapped key), or undefined when there is no key. */
  describe(name: string): ShreddedKey | undefined {
    const path = this.pathOf(name);
    if (!existsSync(path)) return undefined;
    const raw = readFileSync(path);
    const id = raw.length === FILE_BYTES && raw.subarray(0, 4).equals(MAGIC) ? raw.subarray(4, 20).toString('hex') : 'unreadable';
    return { id, file: `${name}.key`, sha256: createHash('sha256').update(raw).digest('hex') };
  }

  /**
   * Crypto-shredding: the wrapped key is overwritten with random octets, fsync'd, unlinked, and the
   * directory fsync'd. Returns what was destroyed, or undefined when there was no key.
   */
  shred(name: string): ShreddedKey | undefined {
    const path = this.pathOf(name);
    this.cache.delete(name);
    const described = this.describe(name);
    if (!described) return undefined;
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    try {
      writeSync(fd, randomBytes(size), 0, size, 0);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    unlinkSync(path);
    syncDir(this.dir);
    return described;
  }
}
