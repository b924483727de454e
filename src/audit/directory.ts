/**
 * On-disk layout of a log, as the overseer receives it:
 *
 *   <dir>/entries.jsonl                         one entry line per entry (entry.ts)
 *   <dir>/checkpoints/<size:12 digits>-<time>.checkpoint   one signed note per checkpoint
 */
import { mkdir, readdir, readFile, rename, open } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyCheckpoint, type SignedCheckpoint } from './checkpoint.ts';
import { FileAuditStore } from './file-store.ts';
import { AuditLog } from './log.ts';
import type { NoteSigner } from './note.ts';

export const ENTRIES_FILE = 'entries.jsonl';
export const CHECKPOINTS_DIR = 'checkpoints';
const CHECKPOINT_SUFFIX = '.checkpoint';

export interface OpenAuditDirectoryOptions {
  dir: string;
  signer: NoteSigner;
  /** fdatasync each batch (default true). */
  fsync?: boolean;
  maxBatch?: number;
  now?: () => Date;
}

/**
 * Opens (or creates) the log in `dir`, re-verifying the entries file and checking that it
 * reproduces every checkpoint already published there (each must carry the signer's signature).
 */
export async function openAuditDirectory(options: OpenAuditDirectoryOptions): Promise<AuditLog> {
  await mkdir(join(options.dir, CHECKPOINTS_DIR), { recursive: true });
  const notes = await readCheckpointNotes(options.dir);
  const trustedCheckpoints = notes.map((note) => verifyCheckpoint(note, options.signer, options.signer.name));
  const store = new FileAuditStore(join(options.dir, ENTRIES_FILE), { fsync: options.fsync ?? true });
  return AuditLog.open({
    store,
    signer: options.signer,
    trustedCheckpoints,
    ...(options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}

/** Writes the checkpoint note atomically (temp file, fsync, rename); returns its path. */
export async function publishCheckpoint(dir: string, checkpoint: SignedCheckpoint): Promise<string> {
  const folder = join(dir, CHECKPOINTS_DIR);
  await mkdir(folder, { recursive: true });
  const name = `${String(checkpoint.size).padStart(12, '0')}-${checkpoint.timestamp.replaceAll(':', '')}${CHECKPOINT_SUFFIX}`;
  const path = join(folder, name);
  const temp = `${path}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(checkpoint.note, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  return path;
}

/** Every checkpoint note in `dir`/checkpoints, oldest (smallest size) first. */
export async function readCheckpointNotes(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(join(dir, CHECKPOINTS_DIR));
  } catch {
    return [];
  }
  const files = names.filter((name) => name.endsWith(CHECKPOINT_SUFFIX)).sort();
  return Promise.all(files.map((name) => readFile(join(dir, CHECKPOINTS_DIR, name), 'utf8')));
}
