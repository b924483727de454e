/**
 * The MDF's durable X1 state: the destinations (DIDs) and tasks the ADMF created on it, exactly as
 * the X1 requests carried them (TS 103 221-1 §6.2.1 TaskDetails with Annex C MediationDetails and the
 * warrant binding; §6.3.1 DestinationDetails). An acknowledged X1 change survives a crash of the
 * process or of the machine: the changes of one RequestContainer are appended to the file and fsync'd
 * once, before its ResponseContainer leaves (x1-handler.ts). At start `startMediation` reloads the file
 * (recover.ts) and rewrites it as a snapshot. A file that does not parse, fails a checksum or has the
 * wrong shape is never replaced by an empty state: the MDF refuses to start (MDF_STATE_CORRUPT).
 *
 * File `<dataDir>/state/x1.json`, mode 0600 (it names target identities):
 *  - the snapshot (version 2): a header line { format, version, parts, tasks, destinations }, then
 *    `parts` lines `<sha256> <part JSON>` — the destinations, then the tasks 4,096 at a time —
 *    chained from sha256(header) like the journal below; written atomically (temp file, fsync, rename,
 *    directory fsync) part by part, and read back line by line (state-io.ts), so 4,000,000 tasks never
 *    make one string (V8's limit is about 512 MiB). Version 1 (the whole state inline in line 1,
 *    sha256 over JSON.stringify(state)) is still read, and replaced by the next snapshot;
 *  - then one journal line per RequestContainer that changed something: `<sha256> <change JSON>`,
 *    the sha256 over (previous line's sha256 + change JSON), so a line edited, dropped or moved breaks
 *    the chain. A last line without its newline is a torn append (crash mid-write): dropped. Any other
 *    line that does not verify is MDF_STATE_CORRUPT, as is a snapshot with fewer parts than its header.
 * The journal is folded into a new snapshot at start and once it outgrows the snapshot (state-journal.ts).
 *
 * With a key (the MDF always gives one, derived from `mediation.outboxKey`) every line is sealed:
 * `enc1:` + base64(nonce[12] || AES-256-GCM ciphertext || tag[16]) of the plain line above, so the
 * file names no target identity at rest and a line altered by anyone without the key is
 * MDF_STATE_CORRUPT (GCM tag), before the checksum chain is even read. A plain file from before is
 * read once and sealed by the snapshot written at start; a sealed file without the key is refused.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { DestinationDetails, TaskDetails } from '../standards/x1/index.ts';
import { MediationStateError } from './errors.ts';
import { applyChange, changeProblem, journalLine, parseJournalLine, shapeProblem, sha256, type MdfX1Change } from './state-journal.ts';
import { readFileLines, writeAll, writeFileAtomicParts, type FileLine } from './state-io.ts';

export type { MdfX1Change } from './state-journal.ts';
export const STATE_DIR = 'state';
const X1_FILE = 'x1.json';
const FORMAT = 'warranted-mdf-x1-state';
const VERSION = 2;
/** Tasks per snapshot part (one line): a few MiB of JSON, far below V8's longest string. */
const PART_TASKS = 4096;
/** The journal is folded into a snapshot once it is larger than this and than the snapshot itself. */
const MIN_COMPACT_BYTES = 4 << 20;

export interface MdfX1State {
  destinations: DestinationDetails[];
  tasks: TaskDetails[];
}

export { fsyncDir, writeFileAtomic } from './state-io.ts';

const SEALED = 'enc1:';
const SEAL_AAD = Buffer.from('warranted-mdf-x1-state/v1');

/** The state file's key, separate from the outbox key it is derived from (HMAC-SHA256 domain separation). */
export function stateKeyFrom(outboxKey: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac('sha256', outboxKey).update('warranted/mdf/x1-state-key/v1').digest());
}

/** One sealed line (no newline); exported for tests and tools that must read or forge the file with its key. */
export function seal(key: Uint8Array, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(SEAL_AAD);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return SEALED + Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64');
}

/** The plain line, or undefined when it does not authenticate under `key`. */
export function unseal(key: Uint8Array, line: string): string | undefined {
  const raw = Buffer.from(line.slice(SEALED.length), 'base64');
  if (raw.length < 28) return undefined;
  try {
    const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12)).setAAD(SEAL_AAD);
    d.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class MdfStateStore {
  readonly dir: string;
  readonly path: string;
  /** sha256 of the last line on disk (the chain continues from it); undefined: the next write is a snapshot. */
  private head: string | undefined;
  private snapshotBytes = 0;
  private journalBytes = 0;
  /** Journal lines (complete or torn) the last load found after the snapshot. */
  private loadedLines = 0;

  /**
   * `compactBytes`: the least journal size that is folded into a snapshot (default 4 MiB). `key`
   * (32 bytes, stateKeyFrom): seal every line (see the file comment); absent: plain lines.
   */
  constructor(dataDir: string, private readonly o: { compactBytes?: number; key?: Uint8Array; partTasks?: number } = {}) {
    if (o.key !== undefined && o.key.length !== 32) throw new TypeError('MDF state key must be 32 bytes');
    this.dir = join(dataDir, STATE_DIR);
    this.path = join(this.dir, X1_FILE);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /** True when the file holds journal lines that a snapshot would fold (recover.ts writes it at start). */
  get hasJournal(): boolean {
    return this.loadedLines > 0 || this.journalBytes > 0;
  }

  /** The saved state; empty when the MDF never saved one. Throws MDF_STATE_CORRUPT, never guesses. */
  load(): MdfX1State {
    this.head = undefined;
    if (!existsSync(this.path)) return { destinations: [], tasks: [] };
    const corrupt = (why: string, cause?: unknown) =>
      new MediationStateError('MDF_STATE_CORRUPT', `MDF state file ${this.path} ${why}; the MDF does not start without its tasks (restore the file or remove it deliberately)`, {
        ...(cause === undefined ? {} : { cause }),
        details: { file: this.path },
      });
    const lines = readFileLines(this.path);
    const next = (): FileLine | undefined => {
      try {
        const r = lines.next();
        return r.done ? undefined : r.value;
      } catch (cause) {
        throw corrupt('cannot be read', cause);
      }
    };
    const first = next();
    // Snapshots are renamed into place whole: an empty file is damage, never "no tasks".
    if (!first) throw corrupt('cannot be read as JSON: it is empty');
    const sealed = first.text.startsWith(SEALED);
    const key = this.o.key;
    if (sealed && key === undefined) throw corrupt('is sealed and this MDF has no key for it');
    /** A line as written before sealing; a sealed file must be sealed throughout. */
    const plain = (raw: string, where: string): string => {
      if (!sealed) return raw;
      const p = raw.startsWith(SEALED) && key !== undefined ? unseal(key, raw) : undefined;
      if (p === undefined) throw corrupt(`${where} fails its AES-256-GCM authentication (altered, or another key)`);
      return p;
    };
    let doc: unknown;
    const headerText = plain(first.text, 'line 1');
    try {
      doc = JSON.parse(headerText);
    } catch (cause) {
      throw corrupt('cannot be read as JSON', cause);
    }
    if (!isObj(doc) || doc.format !== FORMAT) throw corrupt(`is not a ${FORMAT} file`);
    if (doc.version !== VERSION && doc.version !== 1) throw corrupt(`has version ${String(doc.version)}, this MDF reads versions 1 and ${VERSION}`);
    const destinations = new Map<string, DestinationDetails>();
    const tasks = new Map<string, TaskDetails>();
    let head: string;
    let lineNo = 1;
    let snapshotBytes = first.bytes;
    if (doc.version === 1) {
      // Version 1: the whole state inline in line 1 (read, never written: the next snapshot is version 2).
      head = sha256(JSON.stringify(doc.state));
      if (typeof doc.sha256 !== 'string' || doc.sha256 !== head) throw corrupt('fails its SHA-256 checksum');
      const problem = shapeProblem(doc.state);
      if (problem) throw corrupt(`is invalid: ${problem}`);
      const state = doc.state as MdfX1State;
      for (const d of state.destinations) destinations.set(d.dId, d);
      for (const t of state.tasks) tasks.set(t.xId, t);
    } else {
      // Version 2: `parts` lines chained from sha256(header), each one part of the state.
      const parts = doc.parts;
      if (!first.complete || typeof parts !== 'number' || !Number.isSafeInteger(parts) || parts < 0) throw corrupt('has no valid snapshot header');
      head = sha256(headerText);
      for (let i = 0; i < parts; i++) {
        const l = next();
        lineNo++;
        if (!l?.complete) throw corrupt(`ends inside its snapshot (part ${i + 1} of ${parts} missing)`);
        const parsed = parseJournalLine(plain(l.text, `line ${lineNo}`), head);
        if (typeof parsed === 'string') throw corrupt(`line ${lineNo} (snapshot part) ${parsed}`);
        const part = parsed.change;
        if (!isObj(part) || !(Array.isArray(part.destinations) || Array.isArray(part.tasks))) throw corrupt(`line ${lineNo} is not a snapshot part`);
        const problem = shapeProblem({ destinations: part.destinations ?? [], tasks: part.tasks ?? [] });
        if (problem) throw corrupt(`line ${lineNo} is invalid: ${problem}`);
        for (const d of (part.destinations ?? []) as DestinationDetails[]) destinations.set(d.dId, d);
        for (const t of (part.tasks ?? []) as TaskDetails[]) tasks.set(t.xId, t);
        head = parsed.sha256;
        snapshotBytes += l.bytes;
      }
    }
    let journalLines = 0;
    let journalBytes = 0;
    let torn = false;
    for (let l = next(); l; l = next()) {
      lineNo++;
      journalLines++;
      journalBytes += l.bytes;
      // A last line without its newline is an append the crash cut short: it was never acknowledged.
      if (!l.complete) {
        torn = true;
        break;
      }
      const where = `line ${lineNo}`;
      const parsed = parseJournalLine(plain(l.text, where), head);
      if (typeof parsed === 'string') throw corrupt(`${where} ${parsed}`);
      const problem = changeProblem(parsed.change);
      if (problem) throw corrupt(`${where} is invalid: ${problem}`);
      applyChange(parsed.change as MdfX1Change, destinations, tasks);
      head = parsed.sha256;
    }
    const out = { destinations: [...destinations.values()], tasks: [...tasks.values()] };
    const problem = shapeProblem(out);
    if (problem) throw corrupt(`is invalid after its journal: ${problem}`);
    this.loadedLines = journalLines;
    // A torn last line must not be followed by further lines; a version 1 file is rewritten as
    // version 2: either way the next write is a snapshot.
    this.head = torn || doc.version === 1 ? undefined : head;
    this.snapshotBytes = snapshotBytes;
    this.journalBytes = journalBytes;
    return out;
  }

  /**
   * Writes the whole state as a new snapshot (folding the journal): a header line, then the
   * destinations and the tasks in parts of `partTasks`, each a line chained like the journal, so
   * no string ever holds the whole state (state-io.ts). Throws MDF_STATE_WRITE_FAILED.
   */
  save(state: MdfX1State): void {
    const key = this.o.key;
    const per = this.o.partTasks ?? PART_TASKS;
    const header = JSON.stringify({ format: FORMAT, version: VERSION, parts: 1 + Math.ceil(state.tasks.length / per), tasks: state.tasks.length, destinations: state.destinations.length });
    let head = sha256(header);
    const line = (plainLine: string): string => `${key === undefined ? plainLine : seal(key, plainLine)}\n`;
    function* parts(): Generator<string> {
      yield line(header);
      const chained = (part: object): string => {
        const j = journalLine(part, head);
        head = j.sha;
        return line(j.line.slice(0, -1));
      };
      yield chained({ destinations: state.destinations });
      for (let i = 0; i < state.tasks.length; i += per) yield chained({ tasks: state.tasks.slice(i, i + per) });
    }
    this.head = undefined;
    let bytes: number;
    try {
      bytes = writeFileAtomicParts(this.path, parts());
    } catch (cause) {
      throw this.writeFailed(cause);
    }
    this.head = head;
    this.snapshotBytes = bytes;
    this.journalBytes = 0;
    this.loadedLines = 0;
  }

  /**
   * Makes one RequestContainer's changes durable: one journal line, one fsync (or a snapshot of
   * `current()` when `change` is undefined or the journal cannot be continued). Throws
   * MDF_STATE_WRITE_FAILED; then nothing of the change is left in the file, or the next write is a
   * snapshot that replaces whatever is.
   */
  record(change: MdfX1Change | undefined, current: () => MdfX1State): void {
    if (change === undefined || this.head === undefined) {
      this.save(current());
      return;
    }
    const { line, sha } = journalLine(change, this.head);
    const bytes = Buffer.from(this.o.key === undefined ? line : `${seal(this.o.key, line.slice(0, -1))}\n`, 'utf8');
    let fd: number;
    try {
      // No O_CREAT: a state file that vanished is a failure to report, not a journal to start headless.
      fd = openSync(this.path, constants.O_WRONLY | constants.O_APPEND);
    } catch (cause) {
      this.head = undefined;
      throw this.writeFailed(cause);
    }
    let size = -1;
    try {
      size = fstatSync(fd).size;
      writeAll(fd, bytes);
      fsyncSync(fd);
    } catch (cause) {
      this.head = undefined;
      // Take the refused change back out of the file; if even that fails, the next write is a snapshot.
      try {
        if (size >= 0) {
          ftruncateSync(fd, size);
          fsyncSync(fd);
        }
      } catch {
        /* the snapshot of the next write replaces the file */
      }
      throw this.writeFailed(cause);
    } finally {
      closeSync(fd);
    }
    this.head = sha;
    this.journalBytes += bytes.length;
    if (this.journalBytes > Math.max(this.o.compactBytes ?? MIN_COMPACT_BYTES, this.snapshotBytes)) {
      try {
        this.save(current());
      } catch {
        // The change is durable in the journal, but whether the rename happened is unknown: the next
        // container writes a snapshot (and is refused if that fails too).
      }
    }
  }

  private writeFailed(cause: unknown): MediationStateError {
    return new MediationStateError('MDF_STATE_WRITE_FAILED', `cannot write the MDF state file ${this.path}: ${String(cause)}`, { cause, details: { file: this.path } });
  }
}
