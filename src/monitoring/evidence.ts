/**
 * Raw evidence on disk, per LIID: `hi2.ber` / `hi3.ber` hold every PS-PDU exactly as received, back
 * to back (so the files are themselves valid TS 102 232-1 §6.4 streams and can be re-decoded or
 * re-hashed for Annex J by anyone), `records.jsonl` and `integrity.jsonl` the index. Writes are
 * appends whose offsets are counted in memory, so the offsets the index records are exact; the bytes
 * of one event-loop turn are written together (one writev per file) before the next turn, and before
 * any read, destruction or close. PDUs whose LIID is unknown
 * (undecodable) go to `_undecodable/`, bytes of broken streams to `_malformed/`.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, fsync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import type { EvidenceRef } from './types.ts';

export const UNDECODABLE_DIR = '_undecodable';
export const MALFORMED_DIR = '_malformed';
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
  path: string;
  fd: number;
  /** File size including bytes not yet written. */
  size: number;
  pending: Uint8Array[];
  pendingBytes: number;
}

/** Bytes held per file before they are written without waiting for the next turn. */
const MAX_PENDING_BYTES = 256 * 1024;

export class EvidenceFiles {
  /** By `<dir>\0<file>` (no path joining on the hot path). */
  private readonly handles = new Map<string, Handle>();
  private readonly dirty = new Set<Handle>();
  /** Written since the last sync; directories whose entries changed (a new file) likewise. */
  private readonly unsynced = new Set<Handle>();
  private readonly unsyncedDirs = new Set<string>();
  private syncing: Promise<void> = Promise.resolve();
  private flushScheduled = false;

  constructor(readonly dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
  }

  dirOf(liid: string): string {
    return join(this.dataDir, liidDirName(liid));
  }

  private open(dir: string, file: string): Handle {
    const key = `${dir}\u0000${file}`;
    let h = this.handles.get(key);
    if (!h) {
      if (!existsSync(dir)) {
        mkdirSync(dir, { recursive: true });
        this.unsyncedDirs.add(this.dataDir);
      }
      const path = join(dir, file);
      if (!existsSync(path)) this.unsyncedDirs.add(dir);
      const fd = openSync(path, 'a', 0o600);
      h = { path, fd, size: fstatSync(fd).size, pending: [], pendingBytes: 0 };
      this.handles.set(key, h);
    }
    return h;
  }

  private appendAt(dir: string, file: string, bytes: Uint8Array): number {
    const h = this.open(dir, file);
    const offset = h.size;
    h.pending.push(bytes);
    h.pendingBytes += bytes.length;
    h.size += bytes.length;
    this.dirty.add(h);
    if (h.pendingBytes >= MAX_PENDING_BYTES) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return offset;
  }

  /** Writes every pending append now. */
  flush(): void {
    this.flushScheduled = false;
    for (const h of this.dirty) {
      const chunks = h.pending;
      h.pending = [];
      h.pendingBytes = 0;
      let i = 0;
      while (i < chunks.length) {
        let written = writevSync(h.fd, chunks.slice(i, i + 1024));
        // A partial write: skip what was written, go on from the rest.
        while (i < chunks.length && written >= chunks[i]!.length) written -= chunks[i++]!.length;
        if (written > 0) chunks[i] = chunks[i]!.subarray(written);
      }
      this.unsynced.add(h);
    }
    this.dirty.clear();
  }

  /**
   * Makes everything appended so far durable: written, then fsync'd (files, and the directories that
   * gained a file), off the main thread. The LEMF answers a pDUAcknowledgementRequest only after this
   * (TS 102 232-1 §6.3.6 "processed … with persistence"). Calls queue behind each other, so a sync
   * that resolves covers every append made before it was called.
   */
  sync(): Promise<void> {
    this.flush();
    const files = [...this.unsynced].map((h) => h.fd);
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

  /** Appends a received PDU to the LIID's evidence file; returns where it landed. */
  appendPdu(liid: string, file: EvidenceRef['file'], bytes: Uint8Array): EvidenceRef {
    return { file, offset: this.appendAt(this.dirOf(liid), file, bytes), length: bytes.length };
  }

  /** Keeps bytes that belong to no LIID (undecodable PDUs, the remains of broken streams). */
  appendOrphan(dir: typeof UNDECODABLE_DIR | typeof MALFORMED_DIR, file: string, bytes: Uint8Array): EvidenceRef {
    const offset = this.appendAt(join(this.dataDir, dir), file, bytes);
    return { file: file as EvidenceRef['file'], offset, length: bytes.length };
  }

  appendLine(liid: string, file: 'records.jsonl' | 'integrity.jsonl', value: unknown): void {
    this.appendAt(this.dirOf(liid), file, Buffer.from(`${JSON.stringify(value)}\n`, 'utf8'));
  }

  /** The bytes a record's evidence reference points at, read back from disk. */
  read(liid: string, ref: EvidenceRef): Uint8Array {
    this.flush();
    const path = join(this.dirOf(liid), ref.file);
    if (!existsSync(path) || ref.offset < 0) return new Uint8Array(0);
    const fd = openSync(path, 'r');
    try {
      const out = Buffer.alloc(ref.length);
      const n = readSync(fd, out, 0, ref.length, ref.offset);
      return new Uint8Array(out.buffer, out.byteOffset, n);
    } finally {
      closeSync(fd);
    }
  }

  readFile(liid: string, file: string): Uint8Array {
    this.flush();
    const path = join(this.dirOf(liid), file);
    return existsSync(path) ? new Uint8Array(readFileSync(path)) : new Uint8Array(0);
  }

  readLines(liid: string, file: 'records.jsonl' | 'integrity.jsonl'): string[] {
    const text = Buffer.from(this.readFile(liid, file)).toString('utf8');
    return text.split('\n').filter((l) => l.length > 0);
  }

  /** LIIDs with a directory under the data directory. */
  liids(): string[] {
    if (!existsSync(this.dataDir)) return [];
    return readdirSync(this.dataDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => liidFromDirName(d.name))
      .filter((l): l is string => l !== undefined);
  }

  /** Deletes a LIID's directory; returns what was destroyed with each file's SHA-256. */
  destroy(liid: string): { name: string; bytes: number; sha256: string }[] {
    const dir = this.dirOf(liid);
    this.flush();
    if (!existsSync(dir)) return [];
    for (const [key, h] of this.handles)
      if (key.startsWith(`${dir}\u0000`)) {
        closeSync(h.fd);
        this.unsynced.delete(h);
        this.handles.delete(key);
      }
    const files = readdirSync(dir)
      .filter((name) => statSync(join(dir, name)).isFile())
      .map((name) => {
        const bytes = readFileSync(join(dir, name));
        return { name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
      });
    rmSync(dir, { recursive: true, force: true });
    return files;
  }

  close(): void {
    this.flush();
    for (const h of this.handles.values()) closeSync(h.fd);
    this.handles.clear();
  }
}

/** fsync that ignores a descriptor closed meanwhile (a LIID destroyed while a sync was queued). */
function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (e) => (e && e.code !== 'EBADF' ? reject(e) : resolve())));
}
