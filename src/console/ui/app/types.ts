/**
 * The shapes the console API answers with (docs/console.md, console-shared.md "The HTTP API"), as
 * far as the UI reads them. Written out here rather than imported from the server's modules: the
 * UI is a browser bundle and must not pull Node code in; anything unknown is shown as is.
 */
export type Role = 'analyst' | 'supervisor' | 'auditor';

export interface User {
  name: string;
  role: Role;
}

export interface Me {
  user: User;
  csrf: string;
  liids?: string[];
}

export interface Signer {
  role: string;
  name: string;
  signedAt: string;
}

export interface Warrant {
  liid: string;
  warrantId?: string;
  status: string;
  window: { start: string; end: string } | null;
  scope: { targets: string[]; services: string[]; content: boolean };
  profile?: string;
  signers: Signer[];
  counts: Record<string, number>;
  retentionEnd?: string;
  destroyed: boolean;
}

export interface Integrity {
  annexJ: { ok: number; failed: number; missing: number; verdicts: unknown[] };
  sequences: { contexts: number; missing: number; duplicates: number; gaps: { cin: number | null; missing: [number, number][] }[] };
}

export interface WarrantDetail extends Warrant {
  integrity?: Integrity;
}

export type Summary = { kind: string; withheld?: boolean } & Record<string, unknown>;

export interface TimelineRecord {
  id: number;
  kind: string;
  channel: string;
  timeStamp: string;
  direction: string | null;
  iriType: string | null;
  cin: number | null;
  identities: string[];
  summary: Summary;
  privileged: boolean;
}

export interface TimelinePage {
  records: TimelineRecord[];
  next?: string;
  total: number;
}

export interface VideoStream {
  ssrc: number;
  payloadType: number;
  direction?: string;
  packets: number;
  durationSeconds?: number;
}

export interface LadderStep {
  id: number;
  at: string;
  iriType: string | null;
  method?: string;
  status?: number;
  reason?: string;
  from?: string;
  to?: string;
}

export interface Call {
  cin: number | null;
  callId?: string;
  from?: string;
  to?: string;
  firstAt?: string;
  lastAt?: string;
  answered: boolean;
  ended?: boolean;
  durationSeconds: number;
  rtpPackets?: number;
  rtpPacketsByDirection?: Record<string, number>;
  videoStreams?: VideoStream[];
  privileged?: boolean;
  ladder?: LadderStep[];
}

export interface SmsMessage {
  id: number;
  at: string;
  direction: string;
  text?: string;
  privileged?: boolean;
}

export interface SmsThread {
  peer: string;
  messages: SmsMessage[];
}

export interface LocationPoint {
  at: string;
  cellId?: string;
  tac?: string;
  rat?: string;
  latitude?: number;
  longitude?: number;
  source?: string;
  azimuth?: number;
}

export interface Cell {
  cellId: string;
  latitude?: number;
  longitude?: number;
  /** Antenna azimuth of the cell's sector, degrees from north (TS 33.128 CellSiteInformation), when sent. */
  azimuth?: number;
  firstAt: string;
  lastAt: string;
  count: number;
}

export interface Locations {
  points: LocationPoint[];
  cells: Cell[];
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
  privileged?: boolean;
}

export interface DataSession {
  cin: number | null;
  bytesUp: number;
  bytesDown: number;
  packets?: number;
  firstAt?: string;
  lastAt?: string;
}

export interface Browsing {
  dns: BrowsingItem[];
  sni: BrowsingItem[];
  http: BrowsingItem[];
  sessions: DataSession[];
}

export interface Contact {
  identity: string;
  calls: number;
  sms: number;
  firstAt: string;
  lastAt: string;
}

export interface CommonContact {
  identity: string;
  a: Partial<Contact>;
  b: Partial<Contact>;
}

export interface SearchHit {
  liid: string;
  id: number;
  kind: string;
  timeStamp: string;
  snippet: string;
}

export interface ExportView {
  id: string;
  status: string;
  format?: string;
  manifest?: { files: { name: string; bytes: number; sha256: string }[] };
}

export interface ConsoleUserRow {
  name: string;
  role: Role;
  liids: string[];
  /** Production orders whose retained data the user may ask for (Retained data). */
  orders?: string[];
  locked?: boolean;
}

export interface AccessLogPage {
  size: number;
  from: number;
  entries: unknown[];
  checkpoint?: unknown;
}
