/**
 * Where a restart has to start reading the evidence again to rebuild the Annex J chains
 * (integrity-recovery.ts), so that a LEMF does not re-read months of evidence at every start.
 *
 * The verifier holds a Chain's Data PDUs until a Hash covers them and its Hash PDUs until a Signature
 * does (TS 102 232-1 Annex J.2). This class follows the same PDUs, by evidence position instead of
 * bytes: per evidence file, every PDU before the first one still held has been covered by a check
 * and is never needed again. That position (or the file's end when nothing is held) is written to
 * `<dataDir>/integrity-replay.json` about once a second and at stop; the next start replays each file
 * from there. A position can only be behind the truth (written earlier, or the file unknown to it:
 * replayed from 0), and replaying from an earlier position rebuilds the same chains — so a stale,
 * missing or unreadable file costs time, never a verdict.
 *
 * A check's PDUs are let go whatever its verdict (even when one was missing): the check that named
 * them has been judged, and no later check of the chain names them again. At most `maxHeld` PDUs are
 * followed, dropped in the verifier's own order, so the two hold the same PDUs.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckType, dataTypeOf, dropOldestHeld, integrityChainKey, type PsPdu } from '../standards/hi2hi3/index.ts';
import type { EvidenceRef } from './types.ts';

export const WATERMARK_FILE = 'integrity-replay.json';
const FORMAT = 'warranted-lemf-integrity-replay';

type File = EvidenceRef['file'];
/** `<liid>\0<file>` */
type FileKey = string;
type Held = Map<string, Map<number, { file: FileKey; offset: number }>>;

const fileKey = (liid: string, file: File): FileKey => `${liid}\u0000${file}`;

export class IntegrityWatermark {
  private readonly data: Held = new Map();
  private readonly hashes: Held = new Map();
  private held = 0;
  /** End of the last PDU seen per evidence file (the position when nothing of it is held). */
  private readonly ends = new Map<FileKey, number>();
  private dirty = false;
  private readonly path: string;

  constructor(
    dataDir: string,
    private readonly maxHeld: number,
  ) {
    this.path = join(dataDir, WATERMARK_FILE);
  }

  /** The positions the previous run wrote; empty (replay everything) when absent or unreadable. */
  load(): { positions: Map<FileKey, number>; problem?: string } {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (e) {
      const absent = (e as { code?: string }).code === 'ENOENT';
      return { positions: new Map(), ...(absent ? {} : { problem: `${WATERMARK_FILE}: ${(e as Error).message}` }) };
    }
    const d = doc as { format?: unknown; files?: unknown };
    if (d.format !== FORMAT || !Array.isArray(d.files)) return { positions: new Map(), problem: `${WATERMARK_FILE} is not a ${FORMAT} file` };
    const positions = new Map<FileKey, number>();
    for (const e of d.files as unknown[]) {
      if (!Array.isArray(e)) continue;
      const [liid, file, offset] = e as unknown[];
      if (typeof liid !== 'string' || (file !== 'hi2.ber' && file !== 'hi3.ber') || typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) continue;
      positions.set(fileKey(liid, file), offset);
    }
    return { positions };
  }

  positionOf(positions: Map<FileKey, number>, liid: string, file: File): number {
    return positions.get(fileKey(liid, file)) ?? 0;
  }

  /** A PDU the verifier saw (live or replayed), at `offset` of the LIID's evidence `file`. */
  observe(pdu: PsPdu, liid: string, file: File, offset: number, length: number): void {
    if (offset < 0) return; // not in the evidence (its write failed): nothing to replay
    const f = fileKey(liid, file);
    this.ends.set(f, offset + length);
    this.dirty = true;
    const h = pdu.pSHeader;
    const dt = dataTypeOf(pdu);
    if (dt !== undefined) return this.hold(this.data, integrityChainKey(h, dt), h.sequenceNumber, f, offset);
    const p = pdu.payload;
    if (p.kind !== 'tRIPayload' || p.value.kind !== 'integrityCheck') return;
    const check = p.value.value;
    const key = integrityChainKey(h, check.dataType ?? 0);
    if (check.checkType === CheckType.hash) {
      this.hold(this.hashes, key, h.sequenceNumber, f, offset);
      this.release(this.data, key, check.includedSequenceNumbers);
    } else this.release(this.hashes, key, check.includedSequenceNumbers);
  }

  /** A file read back at start: nothing of it before `end` needs replaying unless still held. */
  replayed(liid: string, file: File, end: number): void {
    const f = fileKey(liid, file);
    this.ends.set(f, Math.max(end, this.ends.get(f) ?? 0));
    this.dirty = true;
  }

  /** A LIID destroyed at the end of its retention: its files start again from 0 if data comes. */
  forget(liid: string): void {
    const prefix = `${liid}\u0000`;
    for (const k of this.ends.keys()) if (k.startsWith(prefix)) this.ends.delete(k);
    for (const store of [this.data, this.hashes])
      for (const [key, m] of store) {
        for (const [seq, r] of m) if (r.file.startsWith(prefix)) {
          m.delete(seq);
          this.held--;
        }
        if (m.size === 0) store.delete(key);
      }
    this.dirty = true;
  }

  /** Writes the positions (temp file + rename: a crash leaves the old or the new one) when they changed. */
  save(force = false): void {
    if (!this.dirty && !force) return;
    const first = new Map<FileKey, number>();
    for (const store of [this.data, this.hashes])
      for (const m of store.values())
        for (const r of m.values()) if (r.offset < (first.get(r.file) ?? Infinity)) first.set(r.file, r.offset);
    const files = [...this.ends].map(([k, end]) => {
      const [liid, file] = k.split('\u0000') as [string, File];
      return [liid, file, Math.min(end, first.get(k) ?? end)];
    });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, files }), { mode: 0o600 });
    renameSync(tmp, this.path);
    this.dirty = false;
  }

  private hold(store: Held, key: string, seq: number, file: FileKey, offset: number): void {
    let m = store.get(key);
    if (!m) store.set(key, (m = new Map<number, { file: FileKey; offset: number }>()));
    if (!m.has(seq)) this.held++;
    m.set(seq, { file, offset });
    // The verifier's bound and order (IntegrityVerifier.dropOldest): data first, first chain, first PDU.
    while (this.held > this.maxHeld) this.dropOldest();
  }

  private dropOldest(): void {
    if (dropOldestHeld([this.data, this.hashes])) this.held--;
  }

  private release(store: Held, key: string, seqs: readonly number[]): void {
    const m = store.get(key);
    if (!m) return;
    for (const s of seqs) if (m.delete(s)) this.held--;
    if (m.size === 0) store.delete(key);
  }
}
