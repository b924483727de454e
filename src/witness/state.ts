/**
 * What a witness keeps on disk (its whole memory: a witness that forgets can be forked):
 *
 *   <dir>/state/<log>.checkpoint          the latest checkpoint it cosigned for that log, as the log
 *                                         signed it; replaced atomically (temp, fsync, rename, fsync dir)
 *   <dir>/evidence/<log>/<kind>-<size>-<sha256 of the note, 16 hex>/
 *       submitted.checkpoint              the offending checkpoint note, as received
 *       proof.txt                         the request lines before it (old size, proof)
 *       cosigned.checkpoint               the witness's own latest at that moment
 *       reason.txt                        what was wrong, in one line
 *
 * `<log>` is the origin made safe for a file name plus a hash of it (two origins never share a
 * file). Evidence is never overwritten: a folder that exists already holds the same note. Each
 * record is written in a temp folder and renamed into place, so it is whole or absent.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDirectory } from '../platform/durable-fs.ts';

export function logFileKey(origin: string): string {
  const safe = origin.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
  return `${safe}-${createHash('sha256').update(origin, 'utf8').digest('hex').slice(0, 12)}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}


/** Creates `path` with `text` (fails if it exists), fsync'd. */
async function writeNew(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface ForkEvidence {
  kind: 'fork' | 'inconsistent' | 'rollback';
  reason: string;
  submittedNote: string;
  /** old size and proof lines as received. */
  requestHead: string;
  /** The witness's latest cosigned checkpoint note when the offending one arrived. */
  latestNote: string;
  size: number;
}

export class WitnessStateStore {
  private readonly stateDir: string;
  private readonly evidenceDir: string;

  constructor(dir: string) {
    this.stateDir = join(dir, 'state');
    this.evidenceDir = join(dir, 'evidence');
  }

  async init(): Promise<void> {
    await mkdir(this.stateDir, { recursive: true, mode: 0o700 });
    await mkdir(this.evidenceDir, { recursive: true, mode: 0o700 });
    // A temp file left by a crash before its rename never became the state: drop it.
    for (const name of await readdir(this.stateDir)) if (name.includes('.tmp-')) await unlink(join(this.stateDir, name));
  }

  /** The stored latest note for the log, or undefined when it never cosigned one. */
  async load(origin: string): Promise<string | undefined> {
    try {
      return await readFile(join(this.stateDir, `${logFileKey(origin)}.checkpoint`), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Replaces the log's latest note durably: after this resolves, a crash cannot bring back the old one. */
  async save(origin: string, note: string): Promise<void> {
    const path = join(this.stateDir, `${logFileKey(origin)}.checkpoint`);
    const temp = `${path}.tmp-${process.pid}`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(note, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    await syncDirectory(this.stateDir);
  }

  /**
   * Keeps fork evidence; returns its folder, and whether it is new (the same offending note sent
   * again finds its folder already there: nothing is rewritten).
   */
  async keepEvidence(origin: string, evidence: ForkEvidence): Promise<{ path: string; created: boolean }> {
    const logDir = join(this.evidenceDir, logFileKey(origin));
    await mkdir(logDir, { recursive: true, mode: 0o700 });
    const digest = createHash('sha256').update(evidence.submittedNote, 'utf8').digest('hex').slice(0, 16);
    const path = join(logDir, `${evidence.kind}-${evidence.size}-${digest}`);
    if (await exists(path)) return { path, created: false };
    // Written whole in a temp folder, then renamed: a crash never leaves a half-kept record.
    const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    await mkdir(temp, { mode: 0o700 });
    await writeNew(join(temp, 'submitted.checkpoint'), evidence.submittedNote);
    await writeNew(join(temp, 'proof.txt'), evidence.requestHead);
    await writeNew(join(temp, 'cosigned.checkpoint'), evidence.latestNote);
    await writeNew(join(temp, 'reason.txt'), `${evidence.reason}\n`);
    await syncDirectory(temp);
    try {
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTEMPTY') return { path, created: false };
      throw error;
    }
    await syncDirectory(logDir);
    return { path, created: true };
  }
}
