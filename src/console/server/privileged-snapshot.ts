/**
 * A sealed snapshot of the privileged marks in force after the access log's first N entries, so a
 * start replays only the entries since (privileged-marks.ts replays the whole log otherwise: its
 * time grows with every look ever logged). The log stays the authority; the snapshot is a cache of it:
 *
 * - `_console/privileged.aead`, AES-256-GCM under a key derived (HKDF, own label) from the LEMF's
 *   evidence key, mode 0600, replaced atomically — it cannot be forged without that key.
 * - It names N and the leaf hash of entry N-1: a snapshot of another log, of a log that is now
 *   shorter, or one that does not open is not used (alarm CONSOLE_INTERNAL) and the whole log is
 *   replayed. An older genuine snapshot gives the same marks (the entries after it are replayed).
 * - A snapshot that cannot be written costs only time at the next start (alarm, no refusal).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { syncDirectory } from '../../platform/durable-fs.ts';
import { deriveKey, openValue, sealValue } from '../../platform/sealed.ts';
import type { ConsoleAccessLog } from '../access-log/access-log.ts';
import type { PrivilegedMark } from '../store/types.ts';
import { marksFromLog } from './privileged-marks.ts';

export const MARKS_FILE = join('_console', 'privileged.aead');
const LABEL = 'warranted console privileged marks v1';
const AAD = Buffer.from(LABEL, 'utf8');

interface Snapshot {
  size: number;
  /** Leaf hash of entry size-1 (null for an empty log): binds the snapshot to this log. */
  leafHash: string | null;
  marks: PrivilegedMark[];
}

export class MarksSnapshot {
  private readonly key: Buffer;
  private readonly file: string;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    dir: string,
    evidenceKey: Uint8Array,
    private readonly onAlarm: (code: string, detail: string) => void = () => undefined,
  ) {
    this.key = deriveKey(evidenceKey, LABEL);
    this.file = join(dir, MARKS_FILE);
  }

  /** The marks in force after the whole log (`from`: the first entry replayed), and the snapshot advanced to it. */
  current(log: ConsoleAccessLog): Promise<{ marks: PrivilegedMark[]; from: number }> {
    const next = this.chain.then(async () => {
      const size = log.size;
      const snap = await this.usable(log, size);
      const from = snap?.size ?? 0;
      const marks = await marksFromLog(log, from, snap?.marks ?? [], size);
      if (size > from || !snap) await this.save({ size, leafHash: await leafHash(log, size), marks }).catch((e: unknown) => this.onAlarm('CONSOLE_INTERNAL', `privileged-mark snapshot not written (the next start replays more of the log): ${(e as Error).message}`));
      return { marks, from };
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async usable(log: ConsoleAccessLog, size: number): Promise<Snapshot | undefined> {
    if (!existsSync(this.file)) return undefined;
    const plain = openValue(this.key, AAD, await readFile(this.file));
    let snap: Snapshot | undefined;
    try {
      snap = plain ? (JSON.parse(plain.toString('utf8')) as Snapshot) : undefined;
    } catch {
      snap = undefined;
    }
    const fits = snap !== undefined && Number.isSafeInteger(snap.size) && snap.size >= 0 && snap.size <= size && Array.isArray(snap.marks) && snap.leafHash === (await leafHash(log, snap.size));
    if (fits) return snap;
    this.onAlarm('CONSOLE_INTERNAL', `${MARKS_FILE} does not open under the key or is not of this access log: the whole log is replayed`);
    return undefined;
  }

  private async save(s: Snapshot): Promise<void> {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(sealValue(this.key, AAD, Buffer.from(JSON.stringify(s), 'utf8')));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.file);
    await syncDirectory(dirname(this.file));
  }
}

async function leafHash(log: ConsoleAccessLog, size: number): Promise<string | null> {
  if (size === 0) return null;
  return (await log.entries(size - 1, size))[0]?.leafHash ?? null;
}
