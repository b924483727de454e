/**
 * Handlers of the data views (console-shared.md "Data (H5)"). Each validates its parameters, asks the
 * query store, withholds privileged content from whoever may not see it (redact.ts), and returns the
 * `access` records naming what the caller saw, for the server's access log.
 */
import { callAudioWav, type AudioDirection } from '../../monitoring/audio.ts';
import type { ApiHandler, ApiRequest } from './contract.ts';
import { ConsoleError } from '../errors.ts';
import { asMonitoringRecord } from '../store/rows.ts';
import type { CellView, ConsoleQueryStore, ContactView, LocationPoint } from '../store/types.ts';
import { bad, cursorParam, directionParam, encodeCursor, identityParam, intParam, kindsParam, limitParam, liidParam, objectBody, timeParam } from './params.ts';
import { seesPrivileged, timelineRecord } from './redact.ts';

const AUDIO_DIRECTIONS: readonly AudioDirection[] = ['fromTarget', 'toTarget', 'mixed'];
const MAX_QUERY = 200;
const SNIPPET = 40;

/** Record ids named in an access record (the server digests longer lists). */
const ids = (list: readonly { id: number }[]): number[] => list.map((r) => r.id);

export function viewHandlers(store: ConsoleQueryStore) {
  const timeline: ApiHandler = async (req) => {
    const liid = liidParam(req.params.liid);
    const q = req.query;
    const kinds = kindsParam(q);
    const target = identityParam(q, 'target');
    const direction = directionParam(q);
    const fromUs = timeParam(q, 'from');
    const toUs = timeParam(q, 'to');
    const after = cursorParam(q);
    const limit = limitParam(q, 100);
    const page = await store.timeline(liid, { limit, ...(kinds ? { kinds } : {}), ...(target ? { target } : {}), ...(direction ? { direction } : {}), ...(fromUs !== undefined ? { fromUs } : {}), ...(toUs !== undefined ? { toUs } : {}), ...(after ? { after } : {}) });
    const show = seesPrivileged(req);
    const filter = [...q.entries()].filter(([k]) => ['kind', 'target', 'direction', 'from', 'to'].includes(k)).map(([k, v]) => `${k}=${v}`);
    return {
      status: 200,
      json: { records: page.records.map((r) => timelineRecord(r, show)), ...(page.next ? { next: encodeCursor(page.next) } : {}), total: page.total },
      access: [{ liid, what: ['timeline', ...filter].join(' '), records: ids(page.records) }],
    };
  };

  const calls: ApiHandler = async (req) => {
    const liid = liidParam(req.params.liid);
    const show = seesPrivileged(req);
    const list = (await store.calls(liid)).map((c) => (c.privileged && !show ? { cin: c.cin, firstAt: c.firstAt, lastAt: c.lastAt, privileged: true, answered: c.answered, ended: c.ended, durationSeconds: c.durationSeconds, rtpPackets: c.rtpPackets, rtpPacketsByDirection: c.rtpPacketsByDirection, videoStreams: [] } : c));
    return { status: 200, json: list, access: [{ liid, what: 'calls' }] };
  };

  const call: ApiHandler = async (req) => {
    const liid = liidParam(req.params.liid);
    const cin = intParam(req.params.cin, 'cin', 0xffff_ffff);
    const c = await store.call(liid, cin);
    if (!c) throw new ConsoleError('CONSOLE_NOT_FOUND', 'no such call');
    if (c.privileged && !seesPrivileged(req)) return { status: 200, json: { cin: c.cin, firstAt: c.firstAt, lastAt: c.lastAt, privileged: true, ladder: [] }, access: [{ liid, what: `call cin=${cin} withheld` }] };
    return { status: 200, json: c, access: [{ liid, what: `call cin=${cin}`, records: ids(c.ladder) }] };
  };

  const audio: ApiHandler = async (req) => {
    const liid = liidParam(req.params.liid);
    const cin = intParam(req.params.cin, 'cin', 0xffff_ffff);
    const direction = (req.query.get('direction') ?? 'mixed') as AudioDirection;
    if (!AUDIO_DIRECTIONS.includes(direction)) throw bad(`direction must be one of ${AUDIO_DIRECTIONS.join(', ')}`);
    const records = await store.recordsOf(liid, ['call-content'], { cin });
    if (records.length === 0) throw new ConsoleError('CONSOLE_NOT_FOUND', 'no call content for this CIN');
    const call = await store.call(liid, cin);
    if ((call?.privileged === true || records.some((r) => r.privileged)) && !seesPrivileged(req)) throw new ConsoleError('CONSOLE_FORBIDDEN', 'this call is marked privileged: its audio is withheld');
    const bytes = callAudioWav(records.map(asMonitoringRecord), { direction });
    return { status: 200, bytes, contentType: 'audio/wav', fileName: `call-${cin}-${direction}.wav`, access: [{ liid, what: `call-audio cin=${cin} ${direction}` }] };
  };

  const sms: ApiHandler = async (req) => {
    const liid = liidParam(req.params.liid);
    const show = seesPrivileged(req);
    const threads = (await store.smsThreads(liid)).map((t) => ({
      peer: t.peer,
      messages: t.messages.map((m) => (m.privileged && !show ? { id: m.id, at: m.at, direction: m.direction, privileged: true } : m)),
    }));
    return { status: 200, json: { threads }, access: [{ liid, what: 'sms', records: ids(threads.flatMap((t) => t.messages)) }] };
  };

  const locations: ApiHandler = async (req) => {
    const liid = liidParam(req.params.liid);
    const show = seesPrivileged(req);
    const view = await store.locations(liid);
    const points = view.points.map((p) => (p.privileged && !show ? { id: p.id, at: p.at, kind: p.kind, privileged: true } : p));
    return { status: 200, json: { points, cells: cellsOf(view.points.filter((p) => show || !p.privileged)) }, access: [{ liid, what: 'locations' }] };
  };

  const browsing: ApiHandler = async (req) => {
    const liid = liidParam(req.params.liid);
    const show = seesPrivileged(req);
    const view = await store.browsing(liid);
    const keep = <T extends { privileged: boolean }>(list: T[]): T[] => list.filter((x) => show || !x.privileged);
    return { status: 200, json: { dns: keep(view.dns), sni: keep(view.sni), http: keep(view.http), sessions: view.sessions }, access: [{ liid, what: 'browsing' }] };
  };

  const contacts: ApiHandler = async (req) => {
    const liid = liidParam(req.params.liid);
    return { status: 200, json: await store.contacts(liid), access: [{ liid, what: 'contacts' }] };
  };

  const commonContacts: ApiHandler = async (req) => {
    const a = liidParam(req.query.get('a') ?? undefined, 'a');
    const b = liidParam(req.query.get('b') ?? undefined, 'b');
    if (a === b) throw bad('a and b must be two different warrants');
    if (!req.liids.includes(a) || !req.liids.includes(b)) throw new ConsoleError('CONSOLE_FORBIDDEN', 'both warrants must be assigned to you');
    const inB = new Map<string, ContactView>((await store.contacts(b)).map((c) => [c.identity, c]));
    const common = (await store.contacts(a)).filter((c) => inB.has(c.identity)).map(({ identity, ...ca }) => ({ identity, a: ca, b: omitIdentity(inB.get(identity)!) }));
    return { status: 200, json: common, access: [{ liid: a, what: `common-contacts with ${b}` }, { liid: b, what: `common-contacts with ${a}` }] };
  };

  const search: ApiHandler = async (req) => {
    const q = req.query.get('q') ?? '';
    if (q.length < 1 || q.length > MAX_QUERY) throw bad(`q must be 1..${MAX_QUERY} characters`);
    const limit = limitParam(req.query, 100);
    const show = seesPrivileged(req);
    // Privileged records are not searched for those who may not see them: a hit would disclose content.
    const hits = (await store.search(req.liids, q, limit)).filter((h) => show || !h.privileged).map((h) => ({ liid: h.liid, id: h.id, kind: h.kind, timeStamp: h.timeStamp, snippet: snippet(h.text, q) }));
    return { status: 200, json: { hits }, access: req.liids.map((liid) => ({ liid, what: `search ${JSON.stringify(q)}`, records: ids(hits.filter((h) => h.liid === liid)) })) };
  };

  const privileged: ApiHandler = async (req: ApiRequest) => {
    const liid = liidParam(req.params.liid);
    const id = intParam(req.params.id, 'id', 0x7fff_ffff);
    const body = objectBody(req.body);
    if (typeof body.privileged !== 'boolean') throw bad('privileged must be true or false');
    const reason = body.reason;
    if (typeof reason !== 'string' || reason.trim().length === 0 || reason.length > 500) throw bad('reason must be 1..500 characters');
    if (!(await store.setPrivileged(liid, id, body.privileged, req.user.name, reason))) throw new ConsoleError('CONSOLE_NOT_FOUND', 'no such record');
    return { status: 200, json: { liid, id, privileged: body.privileged }, access: [{ liid, what: `${body.privileged ? 'mark' : 'unmark'} privileged id=${id} reason=${JSON.stringify(reason)}`, records: [id] }] };
  };

  return { timeline, calls, call, audio, sms, locations, browsing, contacts, commonContacts, search, privileged };
}

/**
 * The cells of the points the caller may see (a privileged record's cell is not shown to whoever may
 * not see the record), in order of first appearance (points come in time order), with the sector azimuth the cell site sent
 * (TS 33.128 CellSiteInformation; the latest one given, as an operator may re-point an antenna).
 */
export function cellsOf(points: readonly LocationPoint[]): CellView[] {
  const cells = new Map<string, CellView & { azimuth?: number }>();
  for (const p of points) {
    if (p.cellId === undefined) continue;
    let c = cells.get(p.cellId);
    if (!c) {
      c = { cellId: p.cellId, firstAt: p.at, lastAt: p.at, count: 0 };
      cells.set(p.cellId, c);
    }
    if (p.latitude !== undefined && p.longitude !== undefined && c.latitude === undefined) Object.assign(c, { latitude: p.latitude, longitude: p.longitude });
    if (p.azimuth !== undefined) c.azimuth = p.azimuth;
    c.lastAt = p.at; // the store gives points in time order
    c.count++;
  }
  return [...cells.values()];
}

function omitIdentity(c: ContactView): Omit<ContactView, 'identity'> {
  const { identity: _identity, ...rest } = c;
  return rest;
}

/** Up to SNIPPET characters either side of the first match (the stored text is lower-case). */
function snippet(text: string, q: string): string {
  const at = text.indexOf(q.toLowerCase());
  if (at < 0) return text.slice(0, 2 * SNIPPET);
  return text.slice(Math.max(0, at - SNIPPET), at + q.length + SNIPPET);
}
