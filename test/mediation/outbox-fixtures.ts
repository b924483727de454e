/** Shared by the outbox tests and their child processes: records whose octets follow from their position. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KEY = new Uint8Array(32).map((_, i) => i * 7 + 1);

/** 20..319 octets: the position (f64 LE), then a pattern of the position; `at` = position + 1e12. */
export function recordFor(position: number, size?: number): Buffer {
  const len = size ?? 20 + ((position * 7919) % 300);
  const b = Buffer.allocUnsafe(len);
  b.writeDoubleLE(position, 0);
  for (let i = 8; i < len; i++) b[i] = (position + i) & 0xff;
  return b;
}
export const atFor = (position: number): number => position + 1e12;

/** Whether `bytes` is exactly the record of `position` (any size). */
export function isRecordOf(position: number, bytes: Uint8Array): boolean {
  if (bytes.length < 8 || Buffer.from(bytes.buffer, bytes.byteOffset, 8).readDoubleLE(0) !== position) return false;
  for (let i = 8; i < bytes.length; i++) if (bytes[i] !== ((position + i) & 0xff)) return false;
  return true;
}

export function tempDir(prefix: string): { root: string; dir: string; done: () => void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  return { root, dir: join(root, 'outbox'), done: () => rmSync(root, { recursive: true, force: true }) };
}

export const segmentFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.seg')).sort();
