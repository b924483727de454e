/**
 * The MDF's durable X1 state: the destinations (DIDs) and tasks the ADMF created on it, exactly as
 * the X1 requests carried them (TS 103 221-1 §6.2.1 TaskDetails with Annex C MediationDetails and the
 * warrant binding; §6.3.1 DestinationDetails). The file is rewritten atomically (temp file, fsync,
 * rename, directory fsync) before the X1 response leaves, so an acknowledged ActivateTask or
 * CreateDestination survives a crash of the process or of the machine; at start `startMediation`
 * reloads it (recover.ts). A file that does not parse, fails its checksum or has the wrong shape is
 * never replaced by an empty state: the MDF refuses to start (MDF_STATE_CORRUPT).
 *
 * File: `<dataDir>/state/x1.json` = { format, version, sha256, state: { destinations, tasks } }, where
 * sha256 is over JSON.stringify(state). It names target identities, so it is created mode 0600.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DestinationDetails, TaskDetails } from '../standards/x1/index.ts';
import { MediationStateError } from './errors.ts';

export const STATE_DIR = 'state';
const X1_FILE = 'x1.json';
const FORMAT = 'warranted-mdf-x1-state';
const VERSION = 1;

export interface MdfX1State {
  destinations: DestinationDetails[];
  tasks: TaskDetails[];
}

/** fsync of a directory, so a rename in it is durable (POSIX: the entry lives in the directory). */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces `path` with `data` so that a crash leaves either the old or the new file, never a mix. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
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
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const DELIVERY_TYPES = ['X2Only', 'X3Only', 'X2andX3'];

/** Shape checks of what the guard relies on; the X1 task table and mediationTaskOf check the rest on reload. */
function shapeProblem(state: unknown): string | undefined {
  if (!isObj(state) || !Array.isArray(state.destinations) || !Array.isArray(state.tasks)) return 'state must have destinations and tasks arrays';
  for (const [i, d] of state.destinations.entries()) {
    if (!isObj(d) || !isStr(d.dId) || !DELIVERY_TYPES.includes(d.deliveryType as string) || !isObj(d.deliveryAddress)) return `destinations[${i}] is not a DestinationDetails`;
  }
  for (const [i, t] of state.tasks.entries()) {
    if (!isObj(t) || !isStr(t.xId) || !Array.isArray(t.targetIdentifiers) || !Array.isArray(t.listOfDIDs) || !DELIVERY_TYPES.includes(t.deliveryType as string)) {
      return `tasks[${i}] is not a TaskDetails`;
    }
    if (!Array.isArray(t.listOfMediationDetails) || !isObj(t.listOfMediationDetails[0]) || !isObj(t.warrantBinding)) return `tasks[${i}] lacks MediationDetails or its warrant binding`;
  }
  return undefined;
}

export class MdfStateStore {
  readonly dir: string;
  readonly path: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, STATE_DIR);
    this.path = join(this.dir, X1_FILE);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /** The saved state; empty when the MDF never saved one. Throws MDF_STATE_CORRUPT, never guesses. */
  load(): MdfX1State {
    if (!existsSync(this.path)) return { destinations: [], tasks: [] };
    const corrupt = (why: string, cause?: unknown) =>
      new MediationStateError('MDF_STATE_CORRUPT', `MDF state file ${this.path} ${why}; the MDF does not start without its tasks (restore the file or remove it deliberately)`, {
        ...(cause === undefined ? {} : { cause }),
        details: { file: this.path },
      });
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (cause) {
      throw corrupt('cannot be read as JSON', cause);
    }
    if (!isObj(doc) || doc.format !== FORMAT) throw corrupt(`is not a ${FORMAT} file`);
    if (doc.version !== VERSION) throw corrupt(`has version ${String(doc.version)}, this MDF reads version ${VERSION}`);
    if (typeof doc.sha256 !== 'string' || doc.sha256 !== sha256(JSON.stringify(doc.state))) throw corrupt('fails its SHA-256 checksum');
    const problem = shapeProblem(doc.state);
    if (problem) throw corrupt(`is invalid: ${problem}`);
    return doc.state as MdfX1State;
  }

  /** Writes the whole state durably (before the X1 response is sent). Throws MDF_STATE_WRITE_FAILED. */
  save(state: MdfX1State): void {
    const body = { destinations: state.destinations, tasks: state.tasks };
    const text = JSON.stringify({ format: FORMAT, version: VERSION, sha256: sha256(JSON.stringify(body)), state: body });
    try {
      writeFileAtomic(this.path, `${text}\n`);
    } catch (cause) {
      throw new MediationStateError('MDF_STATE_WRITE_FAILED', `cannot write the MDF state file ${this.path}: ${String(cause)}`, { cause, details: { file: this.path } });
    }
  }
}
