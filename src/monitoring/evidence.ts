/**
 * Raw evidence on disk, per LIID: `hi2.ber` / `hi3.ber` hold every PS-PDU exactly as received, back
 * to back (so the files are themselves valid TS 102 232-1 §6.4 streams and can be re-decoded or
 * re-hashed for Annex J by anyone), `records.jsonl` and `integrity.jsonl` the index. Writes are
 * synchronous appends so the offsets the index records are exact. PDUs whose LIID is unknown
 * (undecodable) go to `_undecodable/`, bytes of broken streams to `_malformed/`.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
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

export class EvidenceFiles {
  private readonly fds = new Map<string, { fd: number; size: number }>();

  constructor(readonly dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
  }

  dirOf(liid: string): string {
    return join(this.dataDir, liidDirName(liid));
  }

  private open(dir: string, file: string): { fd: number; size: number } {
    const path = join(dir, file);
    let h = this.fds.get(path);
    if (!h) {
      mkdirSync(dir, { recursive: true });
      const fd = openSync(path, 'a', 0o600);
      h = { fd, size: fstatSync(fd).size };
      this.fds.set(path, h);
    }
    return h;
  }

  private appendAt(dir: string, file: string, bytes: Uint8Array): number {
    const h = this.open(dir, file);
    const offset = h.size;
    let done = 0;
    while (done < bytes.length) done += writeSync(h.fd, bytes, done, bytes.length - done);
    h.size += bytes.length;
    return offset;
  }

  /** Appends a received PDU to the LIID's evidence file; returns where it landed. */
  appendPdu(liid: string, file: EvidenceRef['file'], bytes: Uint8Array): EvidenceRef {
    return { file, offset: this.appendAt(this.dirOf(liid), file, bytes), length: bytes.length };
  }

  /** Keeps bytes that belong to no LIID (undecodable PDUs, the remains of broken streams). */
  appendOrphan(dir: typeof UNDECODABLE_DIR | typeof MALFORMED_DIR, file: string, bytes: Uint8Array): EvidenceRef & { dir: string } {
    const offset = this.appendAt(join(this.dataDir, dir), file, bytes);
    return { dir, file: file as EvidenceRef['file'], offset, length: bytes.length };
  }

  appendLine(liid: string, file: 'records.jsonl' | 'integrity.jsonl', value: unknown): void {
    this.appendAt(this.dirOf(liid), file, Buffer.from(`${JSON.stringify(value)}\n`, 'utf8'));
  }

  /** The bytes a record's evidence reference points at, read back from disk. */
  read(liid: string, ref: EvidenceRef): Uint8Array {
    const all = this.readFile(liid, ref.file);
    return all.subarray(ref.offset, ref.offset + ref.length);
  }

  readFile(liid: string, file: string): Uint8Array {
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
    if (!existsSync(dir)) return [];
    for (const [path, h] of this.fds)
      if (path.startsWith(dir + '/') || path.startsWith(dir + '\\')) {
        closeSync(h.fd);
        this.fds.delete(path);
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
    for (const h of this.fds.values()) closeSync(h.fd);
    this.fds.clear();
  }
}
