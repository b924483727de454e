/**
 * The console's query store: a SQL copy of the LEMF's records (one row per MonitoringRecord) with the
 * indexes the console's views need. The LEMF's evidence files and `records.jsonl` stay the source of
 * truth; this store is fed as records are stored (`ingest`), can be rebuilt from them (`rebuild`) and
 * loses a LIID's rows when the LEMF destroys it at the end of retention (`destroy`).
 */
import type { Channel, Direction, EvidenceRef, LocationSummary, MonitoringRecord, RecordKind, RecordSummary } from '../../monitoring/types.ts';
import type { ConsoleRole } from '../api/contract.ts';

/** Sent to subscribers after each committed batch, per LIID (H4's server-sent `records` event). */
export interface RecordsNotification {
  liid: string;
  /** Rows newly inserted by this batch (repeats of rows already held are not counted). */
  count: number;
  kinds: Partial<Record<RecordKind, number>>;
}

/** One row of the timeline, IRI and CC together. `summary` is reduced to `{ kind }` when withheld. */
export interface TimelineRecord {
  id: number;
  kind: RecordKind;
  channel: Channel;
  timeStamp: string;
  direction: Direction | null;
  iriType: string | null;
  cin: number | null;
  identities: string[];
  summary: RecordSummary | { kind: RecordKind; withheld: true };
  privileged: boolean;
}

export interface TimelineQuery {
  kinds?: readonly RecordKind[];
  /** `<TS 103 280 kind>:<value>`: records naming it (identities or declared targets). */
  target?: string;
  direction?: Direction;
  /** Microseconds since the epoch, inclusive. */
  fromUs?: bigint;
  /** Microseconds since the epoch, exclusive. */
  toUs?: bigint;
  /** Keyset position: rows strictly after (atUs, id). */
  after?: { atUs: bigint; id: number };
  limit: number;
}

export interface TimelinePage {
  /** Full rows (content included); the handler withholds privileged content by role. */
  records: StoredRecord[];
  /** Position of the last row when more may follow. */
  next?: { atUs: bigint; id: number };
  /** Rows matching the filters (whole warrant, not just this page). */
  total: number;
}

/** A record as the store holds it. */
export interface StoredRecord {
  liid: string;
  id: number;
  kind: RecordKind;
  channel: Channel;
  timeStamp: string;
  atUs: bigint;
  direction: Direction | null;
  iriType: string | null;
  cin: number | null;
  identities: string[];
  declaredTargets: string[];
  summary: RecordSummary;
  evidence: EvidenceRef;
  duplicate: boolean;
  privileged: boolean;
}

export interface VideoStream {
  ssrc: number;
  payloadType: number;
  direction: string;
  packets: number;
  firstAt: string;
  lastAt: string;
  durationSeconds: number;
}

export interface SipLadderStep {
  id: number;
  at: string;
  iriType: string | null;
  method?: string;
  status?: number;
  reason?: string;
  from?: string;
  to?: string;
  cseq?: string;
  sourceIp?: string;
  destinationIp?: string;
}

export interface CallView {
  cin: number | null;
  callId?: string;
  from?: string;
  to?: string;
  firstAt?: string;
  lastAt?: string;
  answered: boolean;
  ended: boolean;
  /** From the 200 answering the INVITE to the BYE (or the last record), else 0. */
  durationSeconds: number;
  rtpPackets: number;
  rtpPacketsByDirection: Record<string, number>;
  /** RTP streams whose payload type is not G.711 (RFC 3551 PT 0/8): video and other media. */
  videoStreams: VideoStream[];
  /** True when any of the call's records is marked privileged. */
  privileged: boolean;
}

export interface CallDetail extends CallView {
  ladder: SipLadderStep[];
}

export interface SmsMessage {
  id: number;
  at: string;
  direction: string;
  text?: string;
  privileged: boolean;
}

export interface SmsThread {
  peer: string;
  messages: SmsMessage[];
}

export interface LocationPoint extends LocationSummary {
  id: number;
  at: string;
  kind: RecordKind;
  privileged: boolean;
}

export interface CellView {
  cellId: string;
  latitude?: number;
  longitude?: number;
  firstAt: string;
  lastAt: string;
  count: number;
}

export interface BrowsingItem {
  id: number;
  at: string;
  cin: number | null;
  name: string;
  src?: string;
  dst?: string;
  path?: string;
  method?: string;
  privileged: boolean;
}

export interface DataSessionView {
  cin: number | null;
  bytesUp: number;
  bytesDown: number;
  packets: number;
  firstAt: string;
  lastAt: string;
}

export interface BrowsingView {
  dns: BrowsingItem[];
  sni: BrowsingItem[];
  http: BrowsingItem[];
  sessions: DataSessionView[];
}

export interface ContactView {
  identity: string;
  /** Distinct calls (CINs) naming the identity. */
  calls: number;
  sms: number;
  firstAt: string;
  lastAt: string;
}

export interface SearchHit {
  liid: string;
  id: number;
  kind: RecordKind;
  timeStamp: string;
  /** The searchable text of the record (identities, SIP, SMS text, names), to cut a snippet from. */
  text: string;
  privileged: boolean;
}

export type ExportFormat = 'pcap' | 'wav' | 'csv' | 'json' | 'html';
export type ExportStatus = 'ready' | 'awaiting-approval';

export interface ManifestFile {
  name: string;
  bytes: number;
  sha256: string;
}

export interface ExportRow {
  id: string;
  liid: string;
  format: ExportFormat;
  cin: number | null;
  status: ExportStatus;
  requestedBy: string;
  requesterRole: ConsoleRole;
  approvedBy: string | null;
  createdAt: string;
  manifest: { files: ManifestFile[] } | null;
}

export interface ExportFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

/** Where `rebuild` reads records from: the LEMF's own index (MonitoringStore satisfies it). */
export interface RecordSource {
  liids(): string[];
  records(liid: string): MonitoringRecord[];
}

export interface RebuildReport {
  liids: number;
  records: number;
  /** Rows that were missing from the store and were inserted. */
  inserted: number;
  /** Rows deleted because the source holds no record of that id (ids beyond its last one). */
  beyond: number;
  /** LIIDs whose rows were dropped because the source no longer holds them (destroyed). */
  dropped: string[];
}

/** A record marked privileged (minimisation), by whom and why. */
export interface PrivilegedMark {
  liid: string;
  id: number;
  by: string;
  reason: string;
}

export interface ConsoleQueryStore {
  /** Queues records for insertion (never throws; batched, idempotent by (liid, id)). */
  ingest(records: readonly MonitoringRecord[]): void;
  /** Resolves when everything queued so far is committed (rejects if the last batch failed). */
  flush(): Promise<void>;
  /** Called after each committed batch; returns the unsubscribe function. */
  subscribe(cb: (n: RecordsNotification) => void): () => void;
  /** Re-ingests every record the source holds; drops LIIDs it no longer holds. */
  rebuild(source: RecordSource): Promise<RebuildReport>;
  /** Deletes every row of a LIID (retention end); returns how many records were deleted. */
  destroy(liid: string): Promise<number>;

  liids(): Promise<string[]>;
  counts(liid: string): Promise<Record<RecordKind, number>>;
  timeline(liid: string, q: TimelineQuery): Promise<TimelinePage>;
  record(liid: string, id: number): Promise<StoredRecord | undefined>;
  /** Records of a kind (optionally one CIN), in time order, bounded by `limit`. */
  recordsOf(liid: string, kinds: readonly RecordKind[], o?: { cin?: number; limit?: number }): Promise<StoredRecord[]>;
  calls(liid: string): Promise<CallView[]>;
  call(liid: string, cin: number): Promise<CallDetail | undefined>;
  smsThreads(liid: string): Promise<SmsThread[]>;
  locations(liid: string): Promise<{ points: LocationPoint[]; cells: CellView[] }>;
  browsing(liid: string): Promise<BrowsingView>;
  contacts(liid: string): Promise<ContactView[]>;
  /** Literal, case-insensitive substring search over the given LIIDs only. */
  search(liids: readonly string[], q: string, limit: number): Promise<SearchHit[]>;

  setPrivileged(liid: string, id: number, privileged: boolean, by: string, reason: string): Promise<boolean>;
  /**
   * Makes the store's privileged marks exactly `marks` (at the console's start, from the access log:
   * src/console/server/privileged-marks.ts). A mark may name a record not (yet) in the store.
   */
  replacePrivileged(marks: readonly PrivilegedMark[]): Promise<void>;

  createExport(row: Omit<ExportRow, 'approvedBy' | 'createdAt' | 'manifest'>): Promise<void>;
  getExport(id: string): Promise<ExportRow | undefined>;
  /** Marks an export ready with its file and manifest (at approval, or at once). */
  completeExport(id: string, approvedBy: string | null, file: ExportFile, manifest: { files: ManifestFile[] }): Promise<void>;
  exportFile(id: string): Promise<ExportFile | undefined>;

  /** The received bytes of a record's PDU, when the store was opened with an evidence reader. */
  evidenceOf(record: Pick<StoredRecord, 'liid' | 'evidence'>): Uint8Array | undefined;

  close(): Promise<void>;
}

export interface ConsoleStoreOptions {
  /** Reads a record's PDU bytes from the LEMF's evidence (MonitoringStore.evidenceOf); needed for PCAP exports of IP content. */
  evidence?: (record: Pick<MonitoringRecord, 'liid' | 'evidence'>) => Uint8Array;
  /** Records per INSERT statement (default 500). */
  batchRows?: number;
  /** Called when a batch cannot be committed (it is retried with the next one; `rebuild` repairs). */
  onError?: (e: Error) => void;
}
