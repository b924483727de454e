/**
 * The LEMF's per-LIID store: an in-memory index of typed records over the raw evidence files, the
 * sequence and integrity findings, and the agency's own rules on stored content: every read through
 * this API is an access event (DESIGN.md: "every access is itself an audit event"), nothing is read
 * once a LIID's retention has ended, and `purgeExpired` destroys it then, with a destruction event.
 */
import { RetentionBook } from './at-rest/retention-book.ts';
import { callAudioWav, type CallAudioOptions } from './audio.ts';
import { MonitoringError } from './errors.ts';
import { EvidenceFiles, liidFromDirName, type MALFORMED_DIR, type UNDECODABLE_DIR } from './evidence.ts';
import { RangeSet, SequenceTracker, type SequenceContext } from './sequence.ts';
import type { AccessEvent, Alarm, Channel, DestructionEvent, EvidenceRef, IntegrityOutcome, IntegritySummary, IntegrityVerdictEntry, MonitoringRecord, RecordFilter, RecordKind, SequenceReport } from './types.ts';
import {
  browsingEntries,
  countByKind,
  filterRecords,
  groupCalls,
  locationEntries,
  smsEntries,
  type BrowsingEntry,
  type CallSummary,
  type LocationEntry,
  type SmsEntry,
} from './views.ts';

/** What an analyst (or the console on their behalf) may ask of the store. */
export interface StoreReader {
  liids(): string[];
  records(liid: string, filter?: RecordFilter): MonitoringRecord[];
  countsByKind(liid: string): Record<RecordKind, number>;
  calls(liid: string): CallSummary[];
  callAudioWav(liid: string, cin: number, options?: CallAudioOptions): Uint8Array;
  smsList(liid: string): SmsEntry[];
  locations(liid: string): LocationEntry[];
  browsing(liid: string): BrowsingEntry[];
  /** The raw evidence file of a channel, byte for byte as received. */
  evidence(liid: string, channel: Channel): Uint8Array;
  /** The received bytes of one record's PDU, read back from the evidence file. */
  evidenceOf(record: Pick<MonitoringRecord, 'liid' | 'evidence'>): Uint8Array;
  integrity(): IntegritySummary;
  gaps(): SequenceReport[];
}

export interface MonitoringStoreOptions {
  dataDir: string;
  /**
   * The LEMF's master key (32 octets, `agencies[].lemf.evidenceKey`): every file that holds content
   * or target identities is sealed under per-LIID data keys it wraps (evidence.ts, at-rest/).
   */
  evidenceKey: Uint8Array;
  /** Offline readers (tools, the demo's verdict): nothing on disk is created, cut or changed. */
  readOnly?: boolean;
  /** Identity recorded for reads made directly on the store rather than through `as(who)`. */
  defaultAccessor: string;
  onAccess?: (event: AccessEvent) => void;
  onDestruction?: (event: DestructionEvent) => void;
  onAlarm?: (alarm: Alarm) => void;
  /**
   * Called with the records of each PDU once they are indexed and their line is queued for
   * `records.jsonl` (not for records read back at start): the console's query store ingests from it.
   */
  onRecords?: (records: readonly MonitoringRecord[]) => void;
  now?: () => Date;
}

const MAX_VERDICTS_LISTED = 10_000;
/** Newest data records indexed for the original of a resent PDU (acknowledgement windows are far smaller). */
const RESEND_INDEXED = 200_000;

export class MonitoringStore implements StoreReader {
  private readonly files: EvidenceFiles;
  private readonly byLiid = new Map<string, MonitoringRecord[]>();
  private readonly sequences = new SequenceTracker();
  private readonly verdicts: IntegrityVerdictEntry[] = [];
  private integrityOk = 0;
  private integrityFailed = 0;
  private integrityMissing = 0;
  private duplicateCount = 0;
  /** The newest data records by sequence context and number, for isResend (bounded: RESEND_INDEXED, oldest evicted first). */
  private readonly recent = new Map<string, MonitoringRecord>();
  /** The connection (of this process) each record arrived on; records reloaded at start have none. */
  private readonly arrivedOn = new WeakMap<MonitoringRecord, number>();
  /** IntegrityCheck PDUs stored, per chain (their own numbering, Annex J.1). */
  private readonly checksSeen = new Map<string, RangeSet>();
  private readonly retention: RetentionBook;
  private readonly now: () => Date;

  constructor(private readonly o: MonitoringStoreOptions) {
    this.now = o.now ?? (() => new Date());
    if (!(o.evidenceKey instanceof Uint8Array) || o.evidenceKey.length !== 32) throw new MonitoringError('MONITORING_EVIDENCE_KEY', 'the LEMF evidence key must be 32 octets (an AES-256 key)');
    this.retention = new RetentionBook(o.dataDir, o.evidenceKey, o.readOnly === true, (detail) => this.alarm('MONITORING_BAD_INDEX_LINE', detail));
    this.files = new EvidenceFiles(o.dataDir, {
      key: o.evidenceKey,
      ...(o.readOnly ? { readOnly: true } : {}),
      onTornTail: (dir, file, _bytes, detail) => this.alarm('MONITORING_TRUNCATED_STREAM', `${file}: ${detail}`, liidFromDirName(dir)),
      onWriteError: (e) => this.alarm('MONITORING_EVIDENCE_WRITE_FAILED', `evidence not written (kept pending, not acknowledged): ${e.message}`),
    });
    this.reload();
  }

  // ---- ingestion (used by the monitoring centre) ----

  /** Appends a received PDU to the LIID's evidence file (before it is interpreted). */
  keepPdu(liid: string, file: EvidenceRef['file'], bytes: Uint8Array): EvidenceRef {
    return this.files.appendPdu(liid, file, bytes);
  }

  /** Keeps bytes that belong to no LIID (undecodable PDUs, remains of broken streams). */
  keepOrphan(dir: typeof UNDECODABLE_DIR | typeof MALFORMED_DIR, file: string, bytes: Uint8Array): EvidenceRef {
    return this.files.appendOrphan(dir, file, bytes);
  }

  /** Indexes the records of one PDU whose bytes are already in the evidence file. */
  add(records: MonitoringRecord[], sequence: (SequenceContext & { sequenceNumber: number }) | undefined, persist = true, connection = 0): boolean {
    let duplicate = false;
    if (sequence) duplicate = this.sequences.observe(sequence, sequence.sequenceNumber);
    if (duplicate) this.duplicateCount++;
    for (const r of records) {
      if (duplicate) r.duplicate = true;
      let list = this.byLiid.get(r.liid);
      if (!list) this.byLiid.set(r.liid, (list = []));
      r.id = list.length;
      list.push(r);
      if (!duplicate && r.element === 0 && r.sequenceContext !== undefined && r.sequenceNumber !== undefined) this.remember(r.sequenceContext, r.sequenceNumber, r);
      if (connection !== 0) this.arrivedOn.set(r, connection);
      if (persist) this.persist(r.liid, 'records.jsonl', r);
    }
    if (persist && records.length > 0) this.o.onRecords?.(records);
    return duplicate;
  }

  /**
   * §6.3.3 NOTE 2: after a reconnect the MDF resends what was not acknowledged. A data PDU whose
   * sequence context and number are already stored, with the same bytes, is such a resend; the same
   * number with other bytes is a real duplicate (stored and alarmed by the caller). Only the newest
   * records are indexed (RESEND_INDEXED): resends are of what the last acknowledgement did not cover.
   */
  isResend(liid: string, key: string, sequenceNumber: number, bytes: Uint8Array, connection: number): boolean {
    if (!this.sequences.has(key, sequenceNumber)) return false;
    const r = this.recent.get(`${key}#${sequenceNumber}`);
    if (r === undefined || r.liid !== liid) return false;
    if (connection !== 0 && this.arrivedOn.get(r) === connection) return false;
    return Buffer.from(this.files.read(liid, r.evidence)).equals(bytes);
  }

  private remember(key: string, sequenceNumber: number, r: MonitoringRecord): void {
    this.recent.set(`${key}#${sequenceNumber}`, r);
    if (this.recent.size > RESEND_INDEXED) this.recent.delete(this.recent.keys().next().value!);
  }

  /** Records that an IntegrityCheck PDU of `chain` numbered `sequenceNumber` is stored; false if it was before. */
  firstCheck(chain: string, sequenceNumber: number): boolean {
    let seen = this.checksSeen.get(chain);
    if (!seen) this.checksSeen.set(chain, (seen = new RangeSet()));
    return seen.add(sequenceNumber);
  }

  /** Makes everything stored so far durable (fsync'd): the LEMF acknowledges only after this. */
  sync(): Promise<void> {
    return this.files.sync();
  }

  addVerdict(v: IntegrityVerdictEntry, persist = true): void {
    v.outcome ??= outcomeOf(v);
    if (v.chain !== undefined && v.checkSequenceNumber !== undefined && !persist) this.firstCheck(v.chain, v.checkSequenceNumber);
    if (v.outcome === 'verified') this.integrityOk++;
    else if (v.outcome === 'missing') this.integrityMissing++;
    else this.integrityFailed++;
    if (this.verdicts.length < MAX_VERDICTS_LISTED) this.verdicts.push(v);
    if (persist) this.persist(v.liid, 'integrity.jsonl', v);
  }

  private persist(liid: string, file: 'records.jsonl' | 'integrity.jsonl', value: unknown): void {
    try {
      this.files.appendLine(liid, file, value);
    } catch (e) {
      this.alarm('MONITORING_EVIDENCE_WRITE_FAILED', `${file}: ${(e as Error).message}`, liid);
    }
  }

  private alarm(code: Alarm['code'], detail: string, liid?: string): void {
    this.o.onAlarm?.({ code, detail, at: this.now().toISOString(), ...(liid !== undefined ? { liid } : {}) });
  }

  /** Reads the index back from disk (records.jsonl, integrity.jsonl, the retention table). */
  private reload(): void {
    this.retention.load();
    for (const dir of this.files.removeShredded()) this.alarm('MONITORING_PURGE_COMPLETED', `${dir}: sealed files whose data key was destroyed (a purge cut by a crash after its event was logged): removed`, liidFromDirName(dir));
    for (const liid of this.files.liids()) {
      for (const [i, line] of this.files.readLines(liid, 'records.jsonl').entries()) {
        try {
          const r = JSON.parse(line) as MonitoringRecord;
          if (r.liid !== liid || typeof r.sequenceNumber !== 'number' || typeof r.kind !== 'string') throw new Error('not a record of this LIID');
          const key = r.sequenceContext ?? JSON.stringify([liid, r.cin ?? null]);
          this.add([r], r.element === 0 && r.inSequence ? { liid, cin: r.cin, key, sequenceNumber: r.sequenceNumber } : undefined, false);
        } catch (e) {
          this.alarm('MONITORING_BAD_INDEX_LINE', `records.jsonl line ${i + 1}: ${(e as Error).message}`, liid);
        }
      }
      for (const [i, line] of this.files.readLines(liid, 'integrity.jsonl').entries()) {
        try {
          this.addVerdict(JSON.parse(line) as IntegrityVerdictEntry, false);
        } catch (e) {
          this.alarm('MONITORING_BAD_INDEX_LINE', `integrity.jsonl line ${i + 1}: ${(e as Error).message}`, liid);
        }
      }
    }
  }

  // ---- access (every read of content is an access event) ----

  /** A reader whose every access is attributed to `who`. */
  as(who: string): StoreReader {
    return {
      liids: () => this.liids(),
      records: (liid, filter) => this.recordsAs(who, liid, filter),
      countsByKind: (liid) => countByKind(this.open(who, liid, 'counts')),
      calls: (liid) => groupCalls(this.open(who, liid, 'calls')),
      callAudioWav: (liid, cin, options) => this.audioAs(who, liid, cin, options),
      smsList: (liid) => smsEntries(this.open(who, liid, 'sms')),
      locations: (liid) => locationEntries(this.open(who, liid, 'locations')),
      browsing: (liid) => browsingEntries(this.open(who, liid, 'browsing')),
      evidence: (liid, channel) => this.evidenceAs(who, liid, channel),
      evidenceOf: (record) => {
        const ref = record.evidence;
        this.open(who, record.liid, `evidence ${ref.file} offset=${ref.offset}`);
        return this.files.read(record.liid, ref);
      },
      integrity: () => this.integrity(),
      gaps: () => this.gaps(),
    };
  }

  private open(who: string, liid: string, what: string): MonitoringRecord[] {
    const at = this.now();
    const list = this.byLiid.get(liid);
    let refusal: MonitoringError | undefined;
    if (!list) refusal = new MonitoringError('MONITORING_UNKNOWN_LIID', 'no records are held for this LIID');
    else {
      const until = this.retention.get(liid);
      if (until && at.getTime() >= until.getTime()) refusal = new MonitoringError('MONITORING_RETENTION_ENDED', `retention ended at ${until.toISOString()}`);
    }
    this.o.onAccess?.({ who, liid, what: refusal ? `${what} refused: ${refusal.code}` : what, at: at.toISOString() });
    if (refusal) throw refusal;
    return list!;
  }

  private recordsAs(who: string, liid: string, filter?: RecordFilter): MonitoringRecord[] {
    const detail = filter ? Object.entries(filter).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : v instanceof Date ? v.toISOString() : String(v)}`).join(' ') : '';
    return filterRecords(this.open(who, liid, detail ? `records ${detail}` : 'records'), filter).map((r) => structuredClone(r));
  }

  private audioAs(who: string, liid: string, cin: number, options?: CallAudioOptions): Uint8Array {
    const direction = options?.direction ?? 'mixed';
    const call = filterRecords(this.open(who, liid, `call-audio cin=${cin} ${direction}`), { kind: 'call-content', cin });
    if (call.length === 0) throw new MonitoringError('MONITORING_UNKNOWN_CALL', `no call content for CIN ${cin}`);
    return callAudioWav(call, options);
  }

  private evidenceAs(who: string, liid: string, channel: Channel): Uint8Array {
    this.open(who, liid, `evidence ${channel}`);
    return this.files.readFile(liid, channel === 'HI2' ? 'hi2.ber' : 'hi3.ber');
  }

  private get direct(): StoreReader {
    return this.as(this.o.defaultAccessor);
  }

  liids(): string[] {
    return [...this.byLiid.keys()];
  }
  records(liid: string, filter?: RecordFilter): MonitoringRecord[] {
    return this.direct.records(liid, filter);
  }
  countsByKind(liid: string): Record<RecordKind, number> {
    return this.direct.countsByKind(liid);
  }
  calls(liid: string): CallSummary[] {
    return this.direct.calls(liid);
  }
  callAudioWav(liid: string, cin: number, options?: CallAudioOptions): Uint8Array {
    return this.direct.callAudioWav(liid, cin, options);
  }
  smsList(liid: string): SmsEntry[] {
    return this.direct.smsList(liid);
  }
  locations(liid: string): LocationEntry[] {
    return this.direct.locations(liid);
  }
  browsing(liid: string): BrowsingEntry[] {
    return this.direct.browsing(liid);
  }
  evidence(liid: string, channel: Channel): Uint8Array {
    return this.direct.evidence(liid, channel);
  }
  evidenceOf(record: Pick<MonitoringRecord, 'liid' | 'evidence'>): Uint8Array {
    return this.direct.evidenceOf(record);
  }

  /** Annex J verdicts (no content, so no access event). */
  integrity(): IntegritySummary {
    return { ok: this.integrityOk, failed: this.integrityFailed, missing: this.integrityMissing, verdicts: this.verdicts.map((v) => ({ ...v })) };
  }

  /** (LIID, CIN) streams with missing or repeated sequence numbers. */
  gaps(): SequenceReport[] {
    return this.sequences.report().filter((s) => s.missingCount > 0 || s.duplicateCount > 0);
  }

  /** Every (LIID, CIN) stream seen, with or without findings. */
  sequenceReport(): SequenceReport[] {
    return this.sequences.report();
  }

  get counts(): { records: number; duplicates: number; missing: number; integrityOk: number; integrityFailed: number; integrityMissing: number } {
    let records = 0;
    for (const l of this.byLiid.values()) records += l.length;
    const missing = this.sequences.report().reduce((n, s) => n + s.missingCount, 0);
    return { records, duplicates: this.duplicateCount, missing, integrityOk: this.integrityOk, integrityFailed: this.integrityFailed, integrityMissing: this.integrityMissing };
  }

  /**
   * For the LEMF's own start (integrity-recovery.ts): the evidence files and the LIIDs whose retention
   * has not ended. Not an analyst's read: nothing leaves the process; each replay is an access event.
   */
  evidenceForRecovery(): { files: EvidenceFiles; liids: string[]; accessed: (liid: string, what: string) => void } {
    const at = this.now();
    const open = (liid: string) => !this.retention.ended(liid, at);
    return {
      files: this.files,
      liids: this.files.liids().filter(open),
      accessed: (liid, what) => this.o.onAccess?.({ who: this.o.defaultAccessor, liid, what, at: this.now().toISOString() }),
    };
  }

  // ---- retention ----

  setRetention(liid: string, until: Date): void {
    this.writable();
    this.retention.set(liid, until);
  }

  retentionOf(liid: string): Date | undefined {
    return this.retention.get(liid);
  }

  private writable(): void {
    if (this.o.readOnly) throw new MonitoringError('MONITORING_BAD_OPTION', 'a read-only store changes nothing (retention, destruction, evidence)');
  }

  /**
   * Destroys every LIID whose retention end has passed: its data key first (crypto-shredding, so
   * every copy of its sealed files, backups included, stays unreadable), then its index, findings
   * and evidence files. Each destruction is reported with the SHA-256 of every file destroyed and
   * the destroyed key's id. The retention entry is kept, so data that still arrives for the LIID
   * (under a new data key) is destroyed at the next purge.
   */
  purgeExpired(now: Date = this.now()): DestructionEvent[] {
    this.writable();
    const events: DestructionEvent[] = [];
    for (const [liid, until] of this.retention.entries()) {
      if (now.getTime() < until.getTime()) continue;
      const records = this.byLiid.get(liid)?.length ?? 0;
      const { files, key } = this.files.inventory(liid);
      if (records === 0 && files.length === 0 && !key) continue;
      const event: DestructionEvent = {
        liid,
        at: now.toISOString(),
        retentionEnd: until.toISOString(),
        records,
        evidenceBytes: files.reduce((n, f) => n + f.bytes, 0),
        files,
        ...(key ? { dataKey: key } : {}),
      };
      // Logged first, destroyed after: a crash in between repeats the destruction (and its event) at
      // the next purge; never a destruction without its record. A callback that throws stops it.
      this.o.onDestruction?.(event);
      this.files.destroy(liid);
      this.byLiid.delete(liid);
      this.sequences.forget(liid);
      for (let i = this.verdicts.length - 1; i >= 0; i--) if (this.verdicts[i]!.liid === liid) this.verdicts.splice(i, 1);
      events.push(event);
    }
    return events;
  }

  close(): void {
    this.files.close();
  }
}

/** Lines written before `outcome` existed: a check naming a PDU never received is a loss, not a failure. */
function outcomeOf(v: IntegrityVerdictEntry): IntegrityOutcome {
  if (v.ok) return 'verified';
  return v.error === 'HI2HI3_INTEGRITY_MISSING_PDU' ? 'missing' : 'failed';
}
