/**
 * The console's views as SQL over console_records: calls (TS 102 232-1 §5.2.4: one CIN per call; SIP
 * ladder from the iPMMIRI records of TS 102 232-5, RTP statistics aggregated in SQL), SMS threads,
 * locations and cells, browsing and data sessions, contacts, and literal substring search. Every value
 * from a request reaches SQL as a parameter; nothing is spliced into statement text.
 */
import type { RecordKind, RecordSummary } from '../../monitoring/types.ts';
import type { SqlConnection } from './driver.ts';
import { fromRow, microsToIso, RECORD_FROM, RECORD_SELECT, type RecordRow } from './rows.ts';
import type { BrowsingItem, BrowsingView, CallDetail, CallView, CellView, ContactView, DataSessionView, LocationPoint, SearchHit, SipLadderStep, SmsThread, StoredRecord, VideoStream } from './types.ts';

/** RFC 3551 Table 4: PCMU and PCMA; any other payload type in a call is listed as a video/media stream. */
const G711 = new Set([0, 8]);
/** Rows any one view returns at most (a view of a warrant with millions of records stays bounded). */
const VIEW_LIMIT = 20_000;

async function rows(db: SqlConnection, where: string, params: unknown[]): Promise<StoredRecord[]> {
  const r = await db.query<RecordRow>(`SELECT ${RECORD_SELECT} FROM ${RECORD_FROM} WHERE ${where} ORDER BY r.at_us, r.id LIMIT ${VIEW_LIMIT}`, params);
  return r.rows.map(fromRow);
}

interface MediaRow {
  cin: string | null;
  direction: string | null;
  ssrc: string | null;
  pt: number | null;
  packets: string;
  first_us: string;
  last_us: string;
}

async function media(db: SqlConnection, liid: string, cin?: number): Promise<MediaRow[]> {
  const params: unknown[] = [liid];
  const byCin = cin === undefined ? '' : ` AND cin = $${params.push(cin)}`;
  const r = await db.query<MediaRow>(
    `SELECT cin::text AS cin, direction, summary->>'ssrc' AS ssrc, (summary->>'payloadType')::int AS pt, count(*)::text AS packets,
            min(at_us)::text AS first_us, max(at_us)::text AS last_us
       FROM console_records WHERE liid = $1 AND kind = 'call-content' AND NOT duplicate${byCin}
      GROUP BY cin, direction, summary->>'ssrc', (summary->>'payloadType')::int`,
    params,
  );
  return r.rows;
}

function step(r: StoredRecord): SipLadderStep {
  const s = r.summary.kind === 'call-iri' ? r.summary : undefined;
  const sip = s?.sip;
  return {
    id: r.id,
    at: r.timeStamp,
    iriType: r.iriType,
    ...(sip?.method !== undefined ? { method: sip.method } : {}),
    ...(sip?.status !== undefined ? { status: sip.status } : {}),
    ...(sip?.reason !== undefined ? { reason: sip.reason } : {}),
    ...(sip?.from !== undefined ? { from: sip.from } : {}),
    ...(sip?.to !== undefined ? { to: sip.to } : {}),
    ...(sip?.cseq !== undefined ? { cseq: sip.cseq } : {}),
    ...(s?.sourceIp !== undefined ? { sourceIp: s.sourceIp } : {}),
    ...(s?.destinationIp !== undefined ? { destinationIp: s.destinationIp } : {}),
  };
}

function buildCalls(sip: StoredRecord[], mediaRows: MediaRow[], privilegedCins: Set<number | null>): CallDetail[] {
  const calls = new Map<number | null, CallDetail & { firstUs?: bigint; lastUs?: bigint; answeredUs?: bigint; endedUs?: bigint }>();
  const get = (cin: number | null) => {
    let c = calls.get(cin);
    if (!c) calls.set(cin, (c = { cin, answered: false, ended: false, durationSeconds: 0, rtpPackets: 0, rtpPacketsByDirection: {}, videoStreams: [], privileged: privilegedCins.has(cin), ladder: [] }));
    return c;
  };
  const span = (c: { firstUs?: bigint; lastUs?: bigint }, first: bigint, last: bigint) => {
    if (c.firstUs === undefined || first < c.firstUs) c.firstUs = first;
    if (c.lastUs === undefined || last > c.lastUs) c.lastUs = last;
  };
  for (const r of sip) {
    if (r.duplicate || r.summary.kind !== 'call-iri') continue;
    const c = get(r.cin);
    span(c, r.atUs, r.atUs);
    const s = step(r);
    c.ladder.push(s);
    if (s.method === 'INVITE' || c.callId === undefined) {
      const callId = r.summary.sip?.callId;
      if (callId !== undefined) c.callId = callId;
      if (s.from !== undefined && (s.method === 'INVITE' || c.from === undefined)) c.from = s.from;
      if (s.to !== undefined && (s.method === 'INVITE' || c.to === undefined)) c.to = s.to;
    }
    if (s.status === 200 && s.cseq?.endsWith('INVITE') === true && !c.answered) {
      c.answered = true;
      c.answeredUs = r.atUs;
    }
    if (s.method === 'BYE' || s.method === 'CANCEL' || r.iriType === 'END') {
      c.ended = true;
      c.endedUs ??= r.atUs;
    }
  }
  for (const m of mediaRows) {
    const c = get(m.cin === null ? null : Number(m.cin));
    const packets = Number(m.packets);
    const first = BigInt(m.first_us);
    const last = BigInt(m.last_us);
    span(c, first, last);
    c.rtpPackets += packets;
    const d = m.direction ?? 'unknown';
    c.rtpPacketsByDirection[d] = (c.rtpPacketsByDirection[d] ?? 0) + packets;
    if (m.pt !== null && !G711.has(m.pt)) {
      const v: VideoStream = { ssrc: Number(m.ssrc ?? 0), payloadType: m.pt, direction: d, packets, firstAt: microsToIso(first), lastAt: microsToIso(last), durationSeconds: Number(last - first) / 1e6 };
      c.videoStreams.push(v);
    }
  }
  const out: CallDetail[] = [];
  for (const c of calls.values()) {
    if (c.firstUs !== undefined) c.firstAt = microsToIso(c.firstUs);
    if (c.lastUs !== undefined) c.lastAt = microsToIso(c.lastUs);
    // Answered (200 to the INVITE) until the BYE, else until the last record of the call.
    if (c.answeredUs !== undefined) c.durationSeconds = Number((c.endedUs ?? c.lastUs ?? c.answeredUs) - c.answeredUs) / 1e6;
    const { firstUs: _f, lastUs: _l, answeredUs: _a, endedUs: _e, ...view } = c;
    out.push(view);
  }
  return out.sort((a, b) => (a.firstAt ?? '').localeCompare(b.firstAt ?? ''));
}

async function privilegedCins(db: SqlConnection, liid: string): Promise<Set<number | null>> {
  const r = await db.query<{ cin: string | null }>('SELECT DISTINCT r.cin::text AS cin FROM console_privileged p JOIN console_records r ON r.liid = p.liid AND r.id = p.id WHERE p.liid = $1', [liid]);
  return new Set(r.rows.map((x) => (x.cin === null ? null : Number(x.cin))));
}

export async function callViews(db: SqlConnection, liid: string): Promise<CallView[]> {
  const sip = await rows(db, "r.liid = $1 AND r.kind = 'call-iri'", [liid]);
  return buildCalls(sip, await media(db, liid), await privilegedCins(db, liid)).map(({ ladder: _ladder, ...c }) => c);
}

export async function callDetail(db: SqlConnection, liid: string, cin: number): Promise<CallDetail | undefined> {
  const sip = await rows(db, "r.liid = $1 AND r.kind = 'call-iri' AND r.cin = $2", [liid, cin]);
  const m = await media(db, liid, cin);
  if (sip.length === 0 && m.length === 0) return undefined;
  return buildCalls(sip, m, await privilegedCins(db, liid)).find((c) => c.cin === cin);
}

export async function smsThreads(db: SqlConnection, liid: string): Promise<SmsThread[]> {
  const threads = new Map<string, SmsThread>();
  for (const r of await rows(db, "r.liid = $1 AND r.kind = 'sms' AND NOT r.duplicate", [liid])) {
    const s = r.summary;
    if (s.kind !== 'sms') continue;
    const direction = s.smsDirection ?? r.direction ?? 'indeterminate';
    const peer = (direction === 'toTarget' ? s.originator : s.recipient) ?? 'unknown';
    let t = threads.get(peer);
    if (!t) threads.set(peer, (t = { peer, messages: [] }));
    t.messages.push({ id: r.id, at: r.timeStamp, direction, ...(s.text !== undefined ? { text: s.text } : {}), privileged: r.privileged });
  }
  return [...threads.values()];
}

export async function locationView(db: SqlConnection, liid: string): Promise<{ points: LocationPoint[]; cells: CellView[] }> {
  const points: LocationPoint[] = [];
  const cells = new Map<string, CellView>();
  for (const r of await rows(db, "r.liid = $1 AND NOT r.duplicate AND r.summary->'location' IS NOT NULL", [liid])) {
    const loc = (r.summary as Extract<RecordSummary, { location?: unknown }>).location;
    if (!loc) continue;
    points.push({ id: r.id, at: r.timeStamp, kind: r.kind, privileged: r.privileged, ...loc });
    if (loc.cellId === undefined) continue;
    const c = cells.get(loc.cellId);
    if (!c) cells.set(loc.cellId, { cellId: loc.cellId, ...(loc.latitude !== undefined ? { latitude: loc.latitude } : {}), ...(loc.longitude !== undefined ? { longitude: loc.longitude } : {}), firstAt: r.timeStamp, lastAt: r.timeStamp, count: 1 });
    else {
      c.lastAt = r.timeStamp;
      c.count++;
    }
  }
  return { points, cells: [...cells.values()] };
}

export async function browsingView(db: SqlConnection, liid: string): Promise<BrowsingView> {
  const view: BrowsingView = { dns: [], sni: [], http: [], sessions: [] };
  const named = await rows(db, "r.liid = $1 AND r.kind = 'data-content' AND NOT r.duplicate AND (r.summary ? 'dnsQueries' OR r.summary ? 'sni' OR r.summary ? 'httpHost')", [liid]);
  for (const r of named) {
    const s = r.summary;
    if (s.kind !== 'data-content') continue;
    const base = { id: r.id, at: r.timeStamp, cin: r.cin, privileged: r.privileged, ...(s.src !== undefined ? { src: s.src } : {}), ...(s.dst !== undefined ? { dst: s.dst } : {}) };
    // DNS responses repeat their question: list the question once, from the query.
    if (s.dnsAnswers === undefined) for (const q of s.dnsQueries ?? []) view.dns.push({ ...base, name: q });
    if (s.sni !== undefined) view.sni.push({ ...base, name: s.sni });
    if (s.httpHost !== undefined) view.http.push({ ...base, name: s.httpHost, ...(s.httpPath !== undefined ? { path: s.httpPath } : {}), ...(s.httpMethod !== undefined ? { method: s.httpMethod } : {}) } satisfies BrowsingItem);
  }
  const r = await db.query<{ cin: string | null; up: string; down: string; packets: string; first_us: string; last_us: string }>(
    `SELECT cin::text AS cin,
            coalesce(sum((summary->>'length')::bigint) FILTER (WHERE direction = 'fromTarget'), 0)::text AS up,
            coalesce(sum((summary->>'length')::bigint) FILTER (WHERE direction IS DISTINCT FROM 'fromTarget'), 0)::text AS down,
            count(*)::text AS packets, min(at_us)::text AS first_us, max(at_us)::text AS last_us
       FROM console_records WHERE liid = $1 AND kind = 'data-content' AND NOT duplicate GROUP BY cin ORDER BY min(at_us)`,
    [liid],
  );
  view.sessions = r.rows.map(
    (x): DataSessionView => ({ cin: x.cin === null ? null : Number(x.cin), bytesUp: Number(x.up), bytesDown: Number(x.down), packets: Number(x.packets), firstAt: microsToIso(BigInt(x.first_us)), lastAt: microsToIso(BigInt(x.last_us)) }),
  );
  return view;
}

/**
 * Who the target communicated with: identities named by its calls and SMS, less the target's own
 * (its declared target identities and those its location, registration and session records name).
 * Privileged records are left out: their parties are content withheld from analysts.
 */
export async function contactViews(db: SqlConnection, liid: string): Promise<ContactView[]> {
  const r = await db.query<{ identity: string; calls: string; sms: string; first_us: string; last_us: string }>(
    `WITH own AS (
       SELECT unnest(identities || declared_targets) AS identity FROM console_records WHERE liid = $1 AND kind IN ('location', 'registration', 'data-session')
       UNION SELECT unnest(declared_targets) FROM console_records WHERE liid = $1
     ), named AS (
       SELECT unnest(r.identities) AS identity, r.kind, r.cin, r.at_us FROM console_records r
        WHERE r.liid = $1 AND r.kind IN ('call-iri', 'sms') AND NOT r.duplicate
          AND NOT EXISTS (SELECT 1 FROM console_privileged p WHERE p.liid = r.liid AND p.id = r.id)
     )
     SELECT identity, count(DISTINCT cin) FILTER (WHERE kind = 'call-iri')::text AS calls, count(*) FILTER (WHERE kind = 'sms')::text AS sms,
            min(at_us)::text AS first_us, max(at_us)::text AS last_us
       FROM named WHERE identity NOT IN (SELECT identity FROM own WHERE identity IS NOT NULL)
      GROUP BY identity ORDER BY count(*) DESC, identity LIMIT 1000`,
    [liid],
  );
  return r.rows.map((x) => ({ identity: x.identity, calls: Number(x.calls), sms: Number(x.sms), firstAt: microsToIso(BigInt(x.first_us)), lastAt: microsToIso(BigInt(x.last_us)) }));
}

/** LIKE pattern matching `q` literally: its own %, _ and \ are escaped (the statement says ESCAPE '\'). */
export function literalPattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function searchRecords(db: SqlConnection, liids: readonly string[], q: string, limit: number): Promise<SearchHit[]> {
  if (liids.length === 0) return [];
  const r = await db.query<{ liid: string; id: number; kind: string; time_stamp: string; search: string; privileged: boolean }>(
    `SELECT r.liid, r.id, r.kind, r.time_stamp, r.search, (p.id IS NOT NULL) AS privileged
       FROM console_records r LEFT JOIN console_privileged p ON p.liid = r.liid AND p.id = r.id
      WHERE r.liid = ANY($1::text[]) AND r.search LIKE $2 ESCAPE '\\'
      ORDER BY r.at_us DESC, r.id DESC LIMIT $3`,
    [liids, literalPattern(q), limit],
  );
  return r.rows.map((x) => ({ liid: x.liid, id: x.id, kind: x.kind as RecordKind, timeStamp: x.time_stamp, text: x.search, privileged: x.privileged }));
}
