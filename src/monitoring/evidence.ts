/**
 * Raw evidence on disk, per LIID: the `hi2.ber` / `hi3.ber` streams hold every PS-PDU exactly as
 * received, back to back (their plaintext is itself a valid TS 102 232-1 §6.4 stream that anyone
 * holding the key can re-decode or re-hash for Annex J: `warranted inspect evidence`),
 * `records.jsonl` and `integrity.jsonl` the index. PDUs whose LIID is unknown (undecodable) go to
 * `_undecodable/`, bytes of broken streams to `_malformed/`.
 *
 * At rest every one of these files is sealed (issue 8 item 3): `<name>.sealed`, a run of AES-256-GCM
 * chunks (at-rest/chunk.ts) under a key of the file derived from its directory's random data key,
 * itself wrapped by the LEMF's master key (at-rest/keyring.ts). Offsets in records are plaintext
 * offsets. Writes are appends whose offsets are counted in memory; the bytes of one event-loop turn
 * are sealed together (one cipher per ~64 KiB, one writev per file) before the next turn, and before
 * any read, destruction or close. A plain file left by an earlier version is sealed at open and removed.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileKey } from './at-rest/chunk.ts';
import { Keyring, KEYRING_DIR, type ShreddedKey } from './at-rest/keyring.ts';
import { MonitoringError } from './errors.ts';
import { SealedFile } from './at-rest/sealed-file.ts';
import type { EvidenceRef } from './types.ts';

export const UNDECODABLE_DIR = '_undecodable';
export const MALFORMED_DIR = '_malformed';
export const SEALED_SUFFIX = '.sealed';
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]{0,24}$/;

/**
 * Directory name for a LIID. LIIDs are up to 25 octets of TS 103 280 text and may hold characters a
 * file system would misread ('/', '..'), so anything outside a safe set is hex-encoded after '~'.
 */
export function liidDirName(liid: string): string {
  return SAFE_NAME.test(liid) && !liid.includes('..') ? liid : `~${Buffer.from(liid, 'utf8').toString('hex')}`;
}

export function liidFromDirName(name: string): string | undefined {
  if (name.startsWith('~')) {
    const hex = name.slice(1);
    return /^(?:[0-9a-f]{2})+$/.test(hex) ? Buffer.from(hex, 'hex').toString('utf8') : undefined;
  }
  return SAFE_NAME.test(name) ? name : undefined;
}

interface Handle {
  file: SealedFile;
  /** Plaintext size including bytes not yet written. */
  size: number;
  pending: Uint8Array[];
  pendingBytes: number;
}

/** Bytes held per file before they are written without waiting for the next turn. */
const MAX_PENDING_BYTES = 256 * 1024;

export interface EvidenceFilesOptions {
  /** The LEMF's master key (32 octets, `agencies[].lemf.evidenceKey`): wraps each directory's data key. */
  key: Uint8Array;
  /** Readers: nothing is created, cut, migrated or written. */
  readOnly?: boolean;
  /** A torn last chunk was dropped at open (a crash in the middle of an append). */
  onTornTail?: (dir: string, file: string, bytes: number, detail: string) => void;
  /** A scheduled write failed (the bytes stay pending; sync() rejects until it succeeds). */
  onWriteError?: (e: Error) => void;
}

export class EvidenceFiles {
  /** By `<dir name>\0<file>` (no path joining on the hot path). */
  private readonly handles = new Map<string, Handle>();
  private readonly dirty = new Set<Handle>();
  /** Written since the last sync; directories whose entries changed (a new file) likewise. */
  private readonly unsynced = new Set<Handle>();
  private readonly unsyncedDirs = new Set<string>();
  private syncing: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  readonly keyring: Keyring;

  constructor(
    readonly dataDir: string,
    private readonly o: EvidenceFilesOptions,
  ) {
    if (!o.readOnly) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.keyring = new Keyring(dataDir, o.key, o.readOnly ?? false);
  }

  dirOf(liid: string): string {
    return join(this.dataDir, liidDirName(liid));
  }

  /** The sealed file `file` of directory `dirName`; undefined when it does not exist and `create` is false. */
  private open(dirName: string, file: string, create: boolean): Handle | undefined {
    const hk = `${dirName}\u0000${file}`;
    const known = this.handles.get(hk);
    if (known) return known;
    const dir = join(this.dataDir, dirName);
    const path = join(dir, file + SEALED_SUFFIX);
    const legacy = join(dir, file);
    const hasLegacy = existsSync(legacy);
    if (!existsSync(path) && !hasLegacy && (!create || this.o.readOnly)) return undefined;
    if (hasLegacy && this.o.readOnly) return undefined;
    const dataKey = this.keyring.keyOf(dirName, true);
    if (!dataKey) return undefined;
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      this.unsyncedDirs.add(this.dataDir);
    }
    if (!existsSync(path)) this.unsyncedDirs.add(dir);
    // An interrupted migration leaves both: the plain file is whole, the sealed one maybe not.
    if (hasLegacy && existsSync(path)) unlinkSync(path);
    const sealed = new SealedFile({
      path,
      key: fileKey(dataKey.key, file),
      ...(this.o.readOnly ? { readOnly: true } : {}),
      onTornTail: (bytes, detail) => this.o.onTornTail?.(dirName, file, bytes, detail),
    });
    if (hasLegacy) migrate(legacy, sealed);
    const h: Handle = { file: sealed, size: sealed.size, pending: [], pendingBytes: 0 };
    this.handles.set(hk, h);
    return h;
  }

  private appendAt(dirName: string, file: string, bytes: Uint8Array): number {
    this.writable();
    const h = this.open(dirName, file, true)!;
    const offset = h.size;
    h.pending.push(bytes);
    h.pendingBytes += bytes.length;
    h.size += bytes.length;
    this.dirty.add(h);
    if (h.pendingBytes >= MAX_PENDING_BYTES) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        try {
          this.flush();
        } catch (e) {
          this.o.onWriteError?.(e as Error);
        }
      });
    }
    return offset;
  }

  private writable(): void {
    if (this.o.readOnly) throw new MonitoringError('MONITORING_BAD_OPTION', 'read-only evidence: nothing is written, cut or destroyed');
  }

  /** Seals and writes every pending append now; throws when a write fails (the bytes stay pending). */
  flush(): void {
    this.flushScheduled = false;
    for (const h of this.dirty) {
      h.file.append(h.pending);
      h.pending = [];
      h.pendingBytes = 0;
      this.dirty.delete(h);
      this.unsynced.add(h);
    }
  }

  /**
   * Makes everything appended so far durable: written, then fsync'd (files, and the directories that
   * gained a file), off the main thread. The LEMF answers a pDUAcknowledgementRequest only after this
   * (TS 102 232-1 §6.3.6 "processed … with persistence"). Calls queue behind each other, so a sync
   * that resolves covers every append made before it was called.
   */
  sync(): Promise<void> {
    try {
      this.flush();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const files = [...this.unsynced].map((h) => h.file.fd);
    const dirs = [...this.unsyncedDirs];
    this.unsynced.clear();
    this.unsyncedDirs.clear();
    const run = async () => {
      await Promise.all(files.map((fd) => fsyncFd(fd)));
      for (const d of dirs) {
        const fd = openSync(d, 'r');
        try {
          await fsyncFd(fd);
        } finally {
          closeSync(fd);
        }
      }
    };
    this.syncing = this.syncing.then(run, run);
    return this.syncing;
  }

  /** Appends a received PDU to the LIID's evidence stream; returns where it landed (plaintext offset). */
  appendPdu(liid: string, file: EvidenceRef['file'], bytes: Uint8Array): EvidenceRef {
    return { file, offset: this.appendAt(liidDirName(liid), file, bytes), length: bytes.length };
  }

  /** Keeps bytes that belong to no LIID (undecodable PDUs, the remains of broken streams). */
  appendOrphan(dir: typeof UNDECODABLE_DIR | typeof MALFORMED_DIR, file: string, bytes: Uint8Array): EvidenceRef {
    const offset = this.appendAt(dir, file, bytes);
    return { file: file as EvidenceRef['file'], offset, length: bytes.length };
  }

  appendLine(liid: string, file: 'records.jsonl' | 'integrity.jsonl', value: unknown): void {
    this.appendAt(liidDirName(liid), file, Buffer.from(`${JSON.stringify(value)}\n`, 'utf8'));
  }

  private existing(dirName: string, file: string): Handle | undefined {
    const h = this.open(dirName, file, false);
    if (h && h.pendingBytes > 0) this.flush();
    return h;
  }

  /** The bytes a record's evidence reference points at, read back from disk and decrypted. */
  read(liid: string, ref: EvidenceRef): Uint8Array {
    const h = this.existing(liidDirName(liid), ref.file);
    if (!h || ref.offset < 0) return new Uint8Array(0);
    return new Uint8Array(h.file.read(ref.offset, ref.length));
  }

  /** The whole plaintext of a LIID's file (or of an orphan directory's, with `dirName`). */
  readFile(liid: string, file: string, dirName = liidDirName(liid)): Uint8Array {
    const h = this.existing(dirName, file);
    if (!h) return new Uint8Array(0);
    return new Uint8Array(h.file.read(0, h.file.size));
  }

  /** Plaintext size of a LIID's file (0 when absent). */
  sizeOf(liid: string, file: string): number {
    return this.existing(liidDirName(liid), file)?.size ?? 0;
  }

  /** A LIID's file from plaintext offset `from` on, a chunk at a time. */
  *stream(liid: string, file: string, from = 0): Generator<Buffer> {
    const h = this.existing(liidDirName(liid), file);
    if (h) yield* h.file.stream(from);
  }

  /** Cuts a LIID's file back to `length` plaintext octets (a torn last PDU of an earlier version's file). */
  truncate(liid: string, file: string, length: number): void {
    const h = this.existing(liidDirName(liid), file);
    if (!h) return;
    h.file.truncate(length);
    h.size = h.file.size;
    this.unsynced.add(h);
  }

  readLines(liid: string, file: 'records.jsonl' | 'integrity.jsonl'): string[] {
    const text = Buffer.from(this.readFile(liid, file)).toString('utf8');
    return text.split('\n').filter((l) => l.length > 0);
  }

  /** LIIDs with a directory under the data directory. */
  liids(): string[] {
    if (!existsSync(this.dataDir)) return [];
    return readdirSync(this.dataDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !this.shredded(d.name))
      .map((d) => liidFromDirName(d.name))
      .filter((l): l is string => l !== undefined);
  }

  /** What destroying a LIID would destroy: each file with its SHA-256 (of the sealed octets on disk), and its data key. */
  inventory(liid: string): { files: { name: string; bytes: number; sha256: string }[]; key?: ShreddedKey } {
    const dirName = liidDirName(liid);
    const dir = join(this.dataDir, dirName);
    this.flush();
    const files = existsSync(dir)
      ? readdirSync(dir)
          .filter((name) => statSync(join(dir, name)).isFile())
          .map((name) => {
            const bytes = readFileSync(join(dir, name));
            return { name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
          })
      : [];
    const key = this.keyring.describe(dirName);
    return { files, ...(key ? { key } : {}) };
  }

  /**
   * Destroys a LIID: first its data key (crypto-shredding: overwritten, fsync'd, unlinked), which
   * makes every copy of its files unreadable, then its directory. A crash between the two leaves a
   * directory of sealed files without a key: removed at the next start (removeShredded).
   */
  destroy(liid: string): void {
    this.writable();
    const dirName = liidDirName(liid);
    this.flush();
    for (const [hk, h] of this.handles)
      if (hk.startsWith(`${dirName}\u0000`)) {
        h.file.close();
        this.unsynced.delete(h);
        this.dirty.delete(h);
        this.handles.delete(hk);
      }
    this.keyring.shred(dirName);
    rmSync(join(this.dataDir, dirName), { recursive: true, force: true });
  }

  /**
   * Directories whose sealed files have no data key any more — a destruction cut by a crash after
   * the key was shredded, its event already logged — are removed (writable) or not listed (read-only).
   */
  private shredded(name: string): boolean {
    if (this.keyring.has(name)) return false;
    const dir = join(this.dataDir, name);
    return readdirSync(dir).some((f) => f.endsWith(SEALED_SUFFIX));
  }

  removeShredded(): string[] {
    if (this.o.readOnly || !existsSync(this.dataDir)) return [];
    const gone = readdirSync(this.dataDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== KEYRING_DIR && this.shredded(d.name))
      .map((d) => d.name);
    for (const name of gone) rmSync(join(this.dataDir, name), { recursive: true, force: true });
    return gone;
  }

  close(): void {
    try {
      this.flush();
    } finally {
      for (const h of this.handles.values()) h.file.close();
      this.handles.clear();
    }
  }
}

/** Seals a plain file of an earlier version into `sealed` (1 MiB per chunk), makes it durable, removes the plain one. */
function migrate(legacy: string, sealed: SealedFile): void {
  const plain = readFileSync(legacy);
  const parts: Buffer[] = [];
  for (let at = 0; at < plain.length; at += 1 << 20) parts.push(plain.subarray(at, at + (1 << 20)));
  sealed.append(parts);
  fsyncSync(sealed.fd);
  unlinkSync(legacy);
}

/** fsync that ignores a descriptor closed meanwhile (a LIID destroyed while a sync was queued). */
function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (e) => (e && e.code !== 'EBADF' ? reject(e) : resolve())));
}
