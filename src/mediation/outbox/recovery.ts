/**
 * Opening an outbox directory: create it (0700) or recover it. Reads the cursors file and the
 * final segment's chunk headers only — never the backlog — and fails closed (MDF_STATE_CORRUPT)
 * on anything that does not add up, rather than starting empty over it.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CURSORS_FILE, newCursors, readCursors, writeCursorsSync, type Cursors } from './cursors.ts';
import { corrupt, failed } from './errors.ts';
import { ChunkReader, recoverFinal, SegmentSet, type Segment } from './segments.ts';
import { MediationRefusal } from '../errors.ts';

export interface Opened {
  dirFd: number;
  set: SegmentSet;
  /** The segment commits append to, and its write descriptor (none before the first commit). */
  active: { seg: Segment; fd: number } | undefined;
  cursors: Cursors;
  /** Position after the last durable record. */
  end: number;
}

export function openOutboxDir(dir: string, key: Uint8Array): Opened {
  if (key.length !== 32) throw new RangeError('the outbox key must be 32 octets (AES-256)');
  let dirFd: number;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    dirFd = openSync(dir, 'r');
  } catch (cause) {
    throw failed(dir, 'cannot create or open the directory', cause);
  }
  try {
    return recover(dir, key, dirFd);
  } catch (e) {
    closeSync(dirFd);
    if (e instanceof MediationRefusal) throw e;
    throw failed(dir, 'cannot be read', e);
  }
}

function recover(dir: string, key: Uint8Array, dirFd: number): Opened {
  rmSync(join(dir, 'cursors.tmp'), { force: true }); // a cursors write that did not reach its rename
  const found = SegmentSet.scan(dir);
  let cursors: Cursors;
  if (existsSync(join(dir, CURSORS_FILE))) cursors = readCursors(dir, key);
  else if (found.length) throw corrupt(dir, `${found.length} segment files but no cursors file`);
  else {
    cursors = newCursors();
    writeCursorsSync(dir, cursors, key, dirFd);
  }
  const set = new SegmentSet(dir, key, cursors.outboxId);
  for (const f of found) set.add(f.first, f.bytes);
  if (found.length === 0) {
    if (cursors.released !== 0) throw corrupt(dir, `the cursors name ${cursors.released} released records but no segment holds them`);
    return { dirFd, set, active: undefined, cursors, end: 0 };
  }
  const seg = set.list.at(-1)!;
  const fd = openSync(seg.path, 'r+');
  try {
    const { end, last } = recoverFinal(set, seg, fd);
    if (last) {
      // The newest durable chunk carries the cursors as of its commit (they may be newer than the file).
      cursors = { ...cursors, confirmed: Math.max(cursors.confirmed, last.confirmed), released: Math.max(cursors.released, last.released) };
    }
    if (found[0]!.first > cursors.confirmed) throw corrupt(dir, `the oldest segment starts at ${found[0]!.first}, after the confirmed cursor ${cursors.confirmed}: unconfirmed records are missing`);
    if (end < cursors.released) throw corrupt(dir, `the segments end at position ${end}, before the released cursor ${cursors.released}`);
    // Authenticate where delivery will start, so a wrong or damaged start fails at open.
    if (cursors.confirmed < end) new ChunkReader(set).chunkAt(cursors.confirmed);
    return { dirFd, set, active: { seg, fd }, cursors, end };
  } catch (e) {
    closeSync(fd);
    set.closeAll();
    throw e;
  }
}
