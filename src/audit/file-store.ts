/**
 * Append-only file store: one entry line (entry.ts) per entry, in index order.
 *
 * Durability: each `append` batch is written with positional writes at the known end of file and,
 * with `fsync: true` (the default), `fdatasync`ed before the promise resolves. Atomicity: if a
 * write or sync fails the file is truncated back to its previous length, so no half-written
 * batch survives; if even that fails the store refuses every later append (fail closed).
 */
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatEntryLine, parseEntryLine, type StoredEntry } from './entry.ts';
import { AuditTamperError, AuditUnavailableError } from './errors.ts';
import type { AuditStore } from './store.ts';

/** The subset of FileHandle the store writes through (injectable to test failure handling). */
export type AppendFileHandle = Pick<FileHandle, 'write' | 'truncate' | 'datasync' | 'close'>;

export interface FileAuditStoreOptions {
  /** fdatasync after every batch (default true). Off only for benchmarks and throwaway logs. */
  fsync?: boolean;
  /** Opens the file for writing; defaults to fs.promises.open(path, 'a+') semantics without O_APPEND. */
  openForWrite?: (path: string) => Promise<AppendFileHandle>;
}

export class FileAuditStore implements AuditStore {
  readonly path: string;
  private readonly fsync: boolean;
  private readonly openForWrite: (path: string) => Promise<AppendFileHandle>;
  /** Byte offset of the start of each entry line, plus the end of file as the last element. */
  private offsets: number[] = [0];
  private scanned = false;
  private handle: AppendFileHandle | undefined;
  private broken: unknown;
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(path: string, options: FileAuditStoreOptions = {}) {
    this.path = path;
    this.fsync = options.fsync ?? true;
    this.openForWrite = options.openForWrite ?? defaultOpenForWrite;
  }

  async *scan(): AsyncIterable<StoredEntry> {
    const offsets = [0];
    let exists = true;
    try {
      await stat(this.path);
    } catch {
      exists = false;
    }
    if (exists) {
      let pending: Buffer = Buffer.alloc(0);
      let position = 0;
      for await (const chunk of createReadStream(this.path)) {
        pending = pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
        let newline: number;
        while ((newline = pending.indexOf(0x0a)) >= 0) {
          const line = pending.subarray(0, newline);
          yield parseLine(line, offsets.length - 1);
          position += newline + 1;
          offsets.push(position);
          pending = pending.subarray(newline + 1);
        }
      }
      if (pending.length > 0) {
        // A last line without its newline: a torn write or a cut file.
        throw new AuditTamperError('AUDIT_ENTRY_MALFORMED', offsets.length - 1, `entry line ${offsets.length}: partial last line (file truncated or torn write)`);
      }
    }
    this.offsets = offsets;
    this.scanned = true;
  }

  append(entries: readonly StoredEntry[]): Promise<void> {
    const run = this.queue.then(() => this.appendNow(entries));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async appendNow(entries: readonly StoredEntry[]): Promise<void> {
    if (this.closed) throw new AuditUnavailableError('audit file store is closed');
    if (this.broken !== undefined) throw new AuditUnavailableError('audit file store is broken after a failed rollback', { cause: this.broken });
    if (!this.scanned) for await (const _ of this.scan());
    if (entries.length === 0) return;
    // The whole batch as one string, then one buffer: one write (and one sync) per batch.
    const ends: number[] = [];
    let text = '';
    for (const entry of entries) {
      text += formatEntryLine(entry);
      ends.push(text.length);
    }
    const buffer = Buffer.from(text, 'utf8');
    // Entry lines are ASCII by construction (digits, base64, hex), so character offsets are byte
    // offsets; the check keeps that true even if the format ever changed.
    const ascii = buffer.length === text.length;
    const start = this.offsets[this.offsets.length - 1]!;
    try {
      this.handle ??= await this.openForWrite(this.path);
      let written = 0;
      while (written < buffer.length) {
        const { bytesWritten } = await this.handle.write(buffer, written, buffer.length - written, start + written);
        if (bytesWritten <= 0) throw new Error('write made no progress');
        written += bytesWritten;
      }
      if (this.fsync) await this.handle.datasync();
    } catch (cause) {
      await this.rollback(start);
      throw new AuditUnavailableError('audit entries could not be written; nothing was appended', { cause });
    }
    if (ascii) for (const end of ends) this.offsets.push(start + end);
    else {
      let at = start;
      for (const entry of entries) {
        at += Buffer.byteLength(formatEntryLine(entry), 'utf8');
        this.offsets.push(at);
      }
    }
  }

  private async rollback(length: number): Promise<void> {
    try {
      if (this.handle === undefined) return;
      await this.handle.truncate(length);
      if (this.fsync) await this.handle.datasync();
    } catch (cause) {
      this.broken = cause;
    }
  }

  async read(from: number, to: number): Promise<StoredEntry[]> {
    await this.queue;
    if (!this.scanned) for await (const _ of this.scan());
    const count = this.offsets.length - 1;
    if (!(0 <= from && from <= to && to <= count)) return [];
    const begin = this.offsets[from]!;
    const end = this.offsets[to]!;
    if (end === begin) return [];
    const reader = await open(this.path, 'r');
    try {
      const buffer = Buffer.alloc(end - begin);
      const { bytesRead } = await reader.read(buffer, 0, buffer.length, begin);
      const text = buffer.subarray(0, bytesRead);
      const entries: StoredEntry[] = [];
      let lineStart = 0;
      for (let i = from; i < to; i++) {
        const newline = text.indexOf(0x0a, lineStart);
        if (newline < 0) throw new AuditTamperError('AUDIT_ENTRY_MALFORMED', i, `entry ${i} vanished from the file`);
        entries.push(parseLine(text.subarray(lineStart, newline), i));
        lineStart = newline + 1;
      }
      return entries;
    } finally {
      await reader.close();
    }
  }

  async close(): Promise<void> {
    await this.queue;
    this.closed = true;
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }
}

function parseLine(line: Buffer, position: number): StoredEntry {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(line);
  } catch {
    throw new AuditTamperError('AUDIT_ENTRY_MALFORMED', position, `entry line ${position + 1}: not UTF-8`);
  }
  return parseEntryLine(text, position);
}

async function defaultOpenForWrite(path: string): Promise<AppendFileHandle> {
  let created = false;
  try {
    await stat(path);
  } catch {
    created = true;
  }
  // O_RDWR|O_CREAT without O_APPEND: positional writes land where we say, so a failed batch can
  // be truncated away precisely.
  const handle = await open(path, created ? 'w+' : 'r+');
  if (created) {
    // Make the new directory entry durable too (a synced file that vanishes on power loss is no use).
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
  return handle;
}
