/**
 * File primitives of the MDF's durable state (state.ts, sequence-store.ts) that hold at seed scale:
 * the state of 4,000,000 tasks (issue 8 item 7) is gigabytes, more than V8's longest string
 * (2^29 − 24 UTF-16 units, about 512 MiB), so neither a snapshot nor the file is ever one string.
 * A snapshot is written part by part, and the file is read back line by line, in blocks.
 */
import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** fsync of a directory, so a rename in it is durable (POSIX: the entry lives in the directory). */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/**
 * Replaces `path` with the concatenation of `parts` so that a crash leaves either the old or the new
 * file, never a mix (temp file, fsync, rename, directory fsync). Parts are produced and written one
 * at a time: the whole content is never in memory at once. Returns the octets written.
 */
export function writeFileAtomicParts(path: string, parts: Iterable<string | Uint8Array>): number {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  let written = 0;
  try {
    try {
      for (const p of parts) {
        const bytes = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
        writeAll(fd, bytes);
        written += bytes.length;
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  fsyncDir(dir);
  return written;
}

/** Replaces `path` with `data` atomically (see writeFileAtomicParts). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  writeFileAtomicParts(path, [data]);
}

export interface FileLine {
  text: string;
  /** False for a last line without its newline (an append cut short by a crash). */
  complete: boolean;
  /** Octets of the line including its newline. */
  bytes: number;
}

const NL = 0x0a;

/**
 * The lines of a UTF-8 file, read in blocks of `blockBytes`: memory is one block plus the longest
 * line, whatever the file's size. A last part without a newline is yielded with `complete: false`
 * (nothing is yielded for an empty last part). A line longer than `maxLineBytes` throws RangeError.
 */
export function* readFileLines(path: string, o: { blockBytes?: number; maxLineBytes?: number } = {}): Generator<FileLine> {
  const block = Buffer.allocUnsafe(o.blockBytes ?? 1 << 20);
  const maxLine = o.maxLineBytes ?? 256 << 20;
  const fd = openSync(path, 'r');
  try {
    let carry: Buffer[] = [];
    let carried = 0;
    for (;;) {
      const n = readSync(fd, block, 0, block.length, null);
      if (n === 0) break;
      let start = 0;
      for (let nl = block.indexOf(NL, 0); nl >= 0 && nl < n; nl = block.indexOf(NL, start)) {
        const piece = block.subarray(start, nl);
        const bytes = carried + piece.length + 1;
        const text = carried === 0 ? piece.toString('utf8') : Buffer.concat([...carry, piece]).toString('utf8');
        carry = [];
        carried = 0;
        start = nl + 1;
        yield { text, complete: true, bytes };
      }
      if (start < n) {
        // Copied: the block is reused by the next read.
        carry.push(Buffer.from(block.subarray(start, n)));
        carried += n - start;
        if (carried > maxLine) throw new RangeError(`a line of ${path} is longer than ${maxLine} octets`);
      }
    }
    if (carried > 0) yield { text: Buffer.concat(carry).toString('utf8'), complete: false, bytes: carried };
  } finally {
    closeSync(fd);
  }
}
