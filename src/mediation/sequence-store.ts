/**
 * Sequence numbers that survive a restart of the MDF. TS 102 232-1 §6.2.2: when CIN state and history
 * are lost the MF must send a TRI cINReset and restart numbering, which "will cause numerous
 * difficulties for downstream processing; if persistent storage is available, CSPs shall ensure their
 * equipment is designed to avoid a loss of CIN state and history". So the MDF keeps, per sequence
 * number context (§5.2.5 Table 1A: LIID, operator, network element, CIN, payload type) and per Annex J
 * chain (J.1: each Chain has its own sequenceNumber counter), the next number to use.
 *
 * What is stored is the next number after the last record *released to an outbox* (delivery.ts commits
 * after each release, after the outbox write and before the sender can take the records). Numbers the
 * converter gave to records still waiting for their audit batch are not stored: if the process dies,
 * those records are lost with their numbers, and the numbers are used again, so the LEMF sees no gap.
 * A crash between the outbox write and the commit leaves higher numbers in the outbox than in this
 * store: recovery raises every counter to the highest number found in the outboxes + 1 (recover.ts).
 *
 * Files in `<dataDir>/state/`: `sequences.json` (snapshot { format, generation, next }) written
 * atomically, and `sequences.journal`, whose first line names the snapshot generation it continues and
 * whose other lines are the changes of one commit each ({ s: {key: next}, f: [forgotten LIIDs] }),
 * appended and fsynced. A torn last line (crash during the append) is dropped; anything else that
 * does not parse is MDF_STATE_CORRUPT. When the journal passes `compactBytes` a new snapshot is written.
 */
import { closeSync, existsSync, fstatSync, fsync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DataType, type PsPdu } from '../standards/hi2hi3/index.ts';
import { MediationStateError } from './errors.ts';
import { writeFileAtomic } from './state.ts';

const FORMAT = 'warranted-mdf-sequences';

/** IRI/CC: data PDU counters (§5.2.5); J-IRI/J-CC: the Annex J chain of integrity PDUs (J.1). */
export type SequenceKind = 'IRI' | 'CC' | 'J-IRI' | 'J-CC';

/** The key of a counter, from the PSHeader values the LEMF sees (operator and NE as encoded). */
/** A counter of the stand-alone events of a LIID (CIN 0: no call or session). */
export function isStandalone(key: string): boolean {
  return key.split('\u0000')[3] === '0';
}

export function sequenceKey(liid: string, operator: string, ne: string, cin: number, kind: SequenceKind): string {
  return `${liid}\u0000${operator}\u0000${ne}\u0000${cin}\u0000${kind}`;
}

/** The counter a PS-PDU of the MDF was numbered in, or undefined for PDUs outside any (keep-alives). */
export function sequenceKeyOf(pdu: PsPdu): string | undefined {
  const h = pdu.pSHeader;
  const ci = h.communicationIdentifier;
  const at = (kind: SequenceKind) => sequenceKey(h.lawfulInterceptionIdentifier, ci.networkIdentifier.operatorIdentifier, ci.networkIdentifier.networkElementIdentifier ?? '', ci.communicationIdentityNumber ?? 0, kind);
  const p = pdu.payload;
  if (p.kind === 'iRIPayloadSequence') return at('IRI');
  if (p.kind === 'cCPayloadSequence') return at('CC');
  if (p.kind === 'tRIPayload' && p.value.kind === 'integrityCheck') return at(p.value.value.dataType === DataType.cC ? 'J-CC' : 'J-IRI');
  return undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffff_ffff;

/** The counters changed by the records of one group commit, and the LIIDs forgotten meanwhile. */
export interface SequenceChange {
  s: Map<string, number>;
  f: string[];
}

export class SequenceStore {
  private readonly next = new Map<string, number>();
  /** What the files hold: a compaction writes this, never `next` (which runs ahead of the durable records). */
  private readonly persisted = new Map<string, number>();
  private dirty = new Map<string, number>();
  /**
   * The counter set last, not yet in `next`/`dirty`: records of one call come in runs, so a run costs
   * one string comparison per record instead of two Map updates (flushLast moves it into the maps).
   */
  private lastKey: string | undefined;
  private lastNext = 0;
  private forgotten: string[] = [];
  /** Journal lines appended so far, and whether one's fsync is still running off the main thread (commitAsync). */
  private appends = 0;
  private syncing = false;
  private generation = 0;
  private fd: number;
  private journalBytes = 0;
  /** A compaction wrote its snapshot but not yet the journal that continues it. */
  private stale = false;
  private readonly snapshotPath: string;
  private readonly journalPath: string;

  constructor(
    dir: string,
    private readonly compactBytes = 1 << 20,
  ) {
    this.snapshotPath = join(dir, 'sequences.json');
    this.journalPath = join(dir, 'sequences.journal');
    this.loadSnapshot();
    this.fd = this.openJournal();
  }

  private corrupt(file: string, why: string, cause?: unknown): MediationStateError {
    return new MediationStateError('MDF_STATE_CORRUPT', `MDF sequence state ${file} ${why}; the MDF does not start (numbers would repeat)`, {
      ...(cause === undefined ? {} : { cause }),
      details: { file },
    });
  }

  private loadSnapshot(): void {
    if (!existsSync(this.snapshotPath)) return;
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(this.snapshotPath, 'utf8'));
    } catch (cause) {
      throw this.corrupt(this.snapshotPath, 'cannot be read as JSON', cause);
    }
    if (!isObj(doc) || doc.format !== FORMAT || !isCount(doc.generation) || !isObj(doc.next)) throw this.corrupt(this.snapshotPath, `is not a ${FORMAT} snapshot`);
    for (const [k, v] of Object.entries(doc.next)) {
      if (!isCount(v)) throw this.corrupt(this.snapshotPath, `has an invalid counter ${JSON.stringify(v)}`);
      this.next.set(k, v);
      this.persisted.set(k, v);
    }
    this.generation = doc.generation;
  }

  /** Replays the journal of this snapshot generation, cuts a torn last line, returns it open for appends. */
  private openJournal(): number {
    if (!existsSync(this.journalPath)) return this.newJournal();
    const text = readFileSync(this.journalPath, 'utf8');
    const lines = text.split('\n');
    const complete = lines.slice(0, -1); // the part after the last '\n' is a torn append (or empty)
    let header: unknown;
    try {
      header = complete.length > 0 ? JSON.parse(complete[0]!) : undefined;
    } catch (cause) {
      throw this.corrupt(this.journalPath, 'has an unreadable header', cause);
    }
    // No complete header (crash while it was first written) or one of an older generation (crash
    // between a compaction's snapshot and its new journal): everything in it is in the snapshot.
    if (!isObj(header) || header.generation !== this.generation) {
      if (header !== undefined && (!isObj(header) || !isCount(header.generation) || header.generation > this.generation)) throw this.corrupt(this.journalPath, 'does not continue the snapshot');
      return this.newJournal();
    }
    for (let i = 1; i < complete.length; i++) {
      let entry: unknown;
      try {
        entry = JSON.parse(complete[i]!);
      } catch (cause) {
        throw this.corrupt(this.journalPath, `line ${i + 1} cannot be read`, cause);
      }
      if (!isObj(entry) || !isObj(entry.s) || !Array.isArray(entry.f)) throw this.corrupt(this.journalPath, `line ${i + 1} is not a journal entry`);
      for (const [k, v] of Object.entries(entry.s)) {
        if (!isCount(v)) throw this.corrupt(this.journalPath, `line ${i + 1} has an invalid counter`);
        this.next.set(k, v);
        this.persisted.set(k, v);
      }
      for (const liid of entry.f) {
        if (typeof liid !== 'string') continue;
        this.dropLiid(this.next, liid);
        this.dropLiid(this.persisted, liid);
      }
    }
    const fd = openSync(this.journalPath, 'r+');
    const keep = Buffer.byteLength(complete.map((l) => `${l}\n`).join(''), 'utf8');
    if (fstatSync(fd).size !== keep) ftruncateSync(fd, keep);
    this.journalBytes = keep;
    return fd;
  }

  private newJournal(): number {
    const header = `${JSON.stringify({ format: FORMAT, generation: this.generation })}\n`;
    writeFileAtomic(this.journalPath, header);
    this.journalBytes = Buffer.byteLength(header);
    return openSync(this.journalPath, 'r+');
  }

  /**
   * Drops the per-call counters (CIN ≠ 0) of an ended LIID. The stand-alone events' counters (CIN 0:
   * SMS, location, registration) are kept: if the LIID is tasked again — after a fail-safe, or a
   * warrant's next operator — its numbering continues instead of repeating (TS 102 232-1 §5.2.5).
   */
  private dropLiid(m: Map<string, number>, liid: string): void {
    const prefix = `${liid}\u0000`;
    for (const k of m.keys()) if (k.startsWith(prefix) && !isStandalone(k)) m.delete(k);
  }

  /** The next number of a counter, undefined when the store has none. */
  get(key: string): number | undefined {
    if (key === this.lastKey) return this.lastNext;
    return this.next.get(key);
  }

  /** Sets the next number of a counter (records released in order: it only grows). */
  set(key: string, next: number): void {
    if (key !== this.lastKey) {
      this.flushLast();
      this.lastKey = key;
    }
    this.lastNext = next;
  }

  private flushLast(): void {
    if (this.lastKey === undefined) return;
    this.next.set(this.lastKey, this.lastNext);
    this.dirty.set(this.lastKey, this.lastNext);
  }

  /** Raises a counter to at least `next` (recovery from what the outboxes hold). */
  raise(key: string, next: number): void {
    if ((this.get(key) ?? -1) < next) this.set(key, next);
  }

  /** The task of `liid` ended: its counters go (the converter forgets them too). */
  forget(liid: string): void {
    this.flushLast();
    this.lastKey = undefined;
    this.dropLiid(this.next, liid);
    this.dropLiid(this.dirty, liid);
    this.forgotten.push(liid);
  }

  get size(): number {
    this.flushLast();
    return this.next.size;
  }

  /**
   * The changes since the last take, for a later commit: taken when a group commit cuts its records,
   * so that what is written covers those records only — never records appended after the cut, which
   * a crash could lose (their numbers would then be missing at the LEMF).
   */
  take(): SequenceChange {
    this.flushLast();
    const change = { s: this.dirty, f: this.forgotten };
    this.dirty = new Map();
    this.forgotten = [];
    return change;
  }

  /** Appends a change (default: everything since the last take) and fsyncs it. Throws MDF_STATE_WRITE_FAILED. */
  commit(change: SequenceChange = this.take()): void {
    // A compaction closes the journal's descriptor: never while an fsync of commitAsync runs on it
    // (nor can one be pending then: compactions wait for it).
    if (this.stale && !this.syncing) this.renew(change);
    if (change.s.size === 0 && change.f.length === 0) return;
    const start = this.append(change);
    try {
      fsyncSync(this.fd);
    } catch (cause) {
      throw this.unwrite(change, start, this.appends, cause);
    }
    this.written(change);
  }

  /**
   * commit() with the fsync off the main thread (the libuv pool): the line is written at once, in
   * order, and the promise resolves once it is durable. The delivery manager awaits it before it
   * releases the records the change counts, so a counter is still durable before its records leave
   * (docs/mediation.md "Delivery"). Rejects with MDF_STATE_WRITE_FAILED; one at a time.
   */
  async commitAsync(change: SequenceChange = this.take()): Promise<void> {
    if (this.syncing) throw new RangeError('commitAsync while another is running');
    if (this.stale) this.renew(change);
    if (change.s.size === 0 && change.f.length === 0) return;
    const start = this.append(change);
    const mine = this.appends;
    const fd = this.fd;
    this.syncing = true;
    try {
      await new Promise<void>((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
    } catch (cause) {
      throw this.unwrite(change, start, mine, cause);
    } finally {
      this.syncing = false;
    }
    this.written(change);
  }

  /** Starts the journal a compaction could not start; if it still cannot, the change goes back for the next commit. */
  private renew(change: SequenceChange): void {
    try {
      this.renewJournal();
    } catch (e) {
      this.restore(change);
      throw e;
    }
  }

  /** A change not written goes back to be written with the next commit; newer values win (those in `dirty`, and the last counter, which take() writes over it). */
  private restore(change: SequenceChange): void {
    for (const [k, v] of change.s) if (!this.dirty.has(k)) this.dirty.set(k, v);
    this.forgotten.unshift(...change.f);
  }

  /** Writes the change's journal line at the end (page cache; synchronous, so lines keep their order); returns where it starts. */
  private append(change: SequenceChange): number {
    const line = Buffer.from(`${JSON.stringify({ s: Object.fromEntries(change.s), f: change.f })}\n`, 'utf8');
    const start = this.journalBytes;
    try {
      let off = 0;
      while (off < line.length) off += writeSync(this.fd, line, off, line.length - off, start + off);
    } catch (cause) {
      throw this.unwrite(change, start, this.appends, cause);
    }
    this.journalBytes += line.length;
    this.appends++;
    return start;
  }

  /**
   * A line that was not made durable: the journal is cut back to before it (when nothing was appended
   * after it) and its change goes back to be written with the next commit (newer values win).
   */
  private unwrite(change: SequenceChange, start: number, appendsThen: number, cause: unknown): MediationStateError {
    if (this.appends === appendsThen) {
      // The journal may end in a partial line now: cut it so that the next append starts clean.
      try {
        ftruncateSync(this.fd, start);
      } catch {
        /* the next load drops a torn last line anyway */
      }
      this.journalBytes = start;
      this.restore(change);
    }
    // Else a later line (commit() during a commitAsync: close, recovery) was written and fsync'd behind
    // it; those values are newer, and restoring this change's could roll a counter back.
    return new MediationStateError('MDF_STATE_WRITE_FAILED', `cannot append to ${this.journalPath}: ${String(cause)}`, { cause });
  }

  private written(change: SequenceChange): void {
    for (const [k, v] of change.s) this.persisted.set(k, v);
    for (const liid of change.f) this.dropLiid(this.persisted, liid);
    if (this.journalBytes > this.compactBytes && !this.syncing) this.compact();
  }

  /** A new snapshot generation with every counter, then an empty journal continuing it. */
  private compact(): void {
    const generation = this.generation + 1;
    try {
      writeFileAtomic(this.snapshotPath, `${JSON.stringify({ format: FORMAT, generation, next: Object.fromEntries(this.persisted) })}\n`);
    } catch (cause) {
      throw new MediationStateError('MDF_STATE_WRITE_FAILED', `cannot write ${this.snapshotPath}: ${String(cause)}`, { cause });
    }
    // From here the old journal is obsolete (a load ignores it): nothing more may be appended to it.
    this.generation = generation;
    this.stale = true;
    this.renewJournal();
  }

  private renewJournal(): void {
    let fd: number;
    try {
      fd = this.newJournal();
    } catch (cause) {
      throw new MediationStateError('MDF_STATE_WRITE_FAILED', `cannot start a new ${this.journalPath}: ${String(cause)}`, { cause });
    }
    closeSync(this.fd);
    this.fd = fd;
    this.stale = false;
  }

  close(): void {
    try {
      this.commit();
    } finally {
      closeSync(this.fd);
    }
  }
}
