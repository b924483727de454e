/**
 * Exports (issue 10): PCAP of call and IP content (pcap-export.ts), WAV of a call, CSV/JSON of IRI, an HTML case report, each
 * with a SHA-256 manifest. Where approval is configured (`console.exportApproval`, default on) an
 * export waits for a supervisor, and its file is made only then — with the requester's rights, so a
 * record marked privileged meanwhile is still withheld from an analyst's export.
 */
import { createHash, randomUUID } from 'node:crypto';
import { callAudioWav } from '../../monitoring/audio.ts';
import type { ApiHandler, ApiRequest, ConsoleRole } from './contract.ts';
import { ConsoleError } from '../errors.ts';
import { asMonitoringRecord } from '../store/rows.ts';
import type { ConsoleQueryStore, ExportFile, ExportFormat, ExportRow } from '../store/types.ts';
import { bad, intParam, liidParam, objectBody } from './params.ts';
import { timelineRecord } from './redact.ts';
import { pcapOf, type EvidenceReader } from './pcap-export.ts';

const FORMATS: readonly ExportFormat[] = ['pcap', 'wav', 'csv', 'json', 'html'];
/** Records an export holds at most. */
const EXPORT_LIMIT = 100_000;
const EXPORT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ExportOptions {
  exportApproval: boolean;
  /** Reads a record's PDU back from the LEMF's evidence: with it, PCAP exports hold IP content too. */
  evidenceOf?: EvidenceReader;
}

export function exportHandlers(store: ConsoleQueryStore, o: ExportOptions) {
  const find = async (req: ApiRequest): Promise<ExportRow> => {
    const id = req.params.id ?? '';
    if (!EXPORT_ID.test(id)) throw bad('id is not an export id');
    const row = await store.getExport(id);
    // Another user's warrant's export is as absent as one that never existed.
    if (!row || !req.liids.includes(row.liid)) throw new ConsoleError('CONSOLE_NOT_FOUND', 'no such export');
    return row;
  };

  const make = async (row: Pick<ExportRow, 'id' | 'liid' | 'format' | 'cin' | 'requesterRole'>, approvedBy: string | null): Promise<void> => {
    const file = await buildFile(store, o, row.liid, row.format, row.cin, row.requesterRole);
    const manifest = { files: [{ name: file.name, bytes: file.bytes.length, sha256: createHash('sha256').update(file.bytes).digest('hex') }] };
    await store.completeExport(row.id, approvedBy, file, manifest);
  };

  const create: ApiHandler = async (req) => {
    const liid = liidParam(req.params.liid);
    const body = objectBody(req.body);
    const format = body.format as ExportFormat;
    if (!FORMATS.includes(format)) throw bad(`format must be one of ${FORMATS.join(', ')}`);
    const cin = body.cin === undefined ? null : intParam(typeof body.cin === 'number' ? String(body.cin) : typeof body.cin === 'string' ? body.cin : '-', 'cin', 0xffff_ffff);
    if (format === 'wav' && cin === null) throw bad('a WAV export needs the call (cin)');
    const row = { id: randomUUID(), liid, format, cin, status: o.exportApproval ? ('awaiting-approval' as const) : ('ready' as const), requestedBy: req.user.name, requesterRole: req.user.role };
    // The file is built first when no approval is needed: a failure leaves no export behind.
    const file = o.exportApproval ? undefined : await buildFile(store, o, liid, format, cin, req.user.role);
    await store.createExport({ ...row, status: 'awaiting-approval' });
    if (file) await store.completeExport(row.id, null, file, { files: [{ name: file.name, bytes: file.bytes.length, sha256: createHash('sha256').update(file.bytes).digest('hex') }] });
    return { status: 201, json: { id: row.id, status: row.status }, access: [{ liid, what: `export ${format}${cin !== null ? ` cin=${cin}` : ''} ${row.status}` }] };
  };

  const approve: ApiHandler = async (req) => {
    const row = await find(req);
    if (row.status !== 'awaiting-approval') throw bad('this export is not awaiting approval');
    await make(row, req.user.name);
    return { status: 200, json: { id: row.id, status: 'ready' }, access: [{ liid: row.liid, what: `export-approve ${row.format} id=${row.id}` }] };
  };

  const get: ApiHandler = async (req) => {
    const row = await find(req);
    return { status: 200, json: { id: row.id, liid: row.liid, format: row.format, status: row.status, requestedBy: row.requestedBy, approvedBy: row.approvedBy, createdAt: row.createdAt, manifest: row.manifest ?? { files: [] } } };
  };

  const file: ApiHandler = async (req) => {
    const row = await find(req);
    const f = row.status === 'ready' ? await store.exportFile(row.id) : undefined;
    if (!f) throw new ConsoleError('CONSOLE_NOT_FOUND', 'this export is not ready');
    return { status: 200, bytes: f.bytes, contentType: f.contentType, fileName: f.name, access: [{ liid: row.liid, what: `export-download ${row.format} id=${row.id}` }] };
  };

  return { create, approve, get, file };
}

async function buildFile(store: ConsoleQueryStore, o: ExportOptions, liid: string, format: ExportFormat, cin: number | null, role: ConsoleRole): Promise<ExportFile> {
  const show = role === 'supervisor';
  const base = `${liid.replace(/[^A-Za-z0-9.-]/g, '_')}${cin !== null ? `-cin${cin}` : ''}`;
  const cinOpt = cin !== null ? { cin } : {};
  if (format === 'wav' || format === 'pcap') {
    const records = (await store.recordsOf(liid, ['call-content'], { ...cinOpt, limit: EXPORT_LIMIT })).filter((r) => show || !r.privileged);
    // IP content only where the LEMF's evidence can be read back (the store keeps no packet bytes).
    const ip = format === 'pcap' && o.evidenceOf ? (await store.recordsOf(liid, ['data-content'], { ...cinOpt, limit: EXPORT_LIMIT })).filter((r) => (show || !r.privileged) && !r.duplicate) : [];
    // (A WAV never has `ip`: no call content is nothing to export.)
    if (records.length === 0 && ip.length === 0) throw new ConsoleError('CONSOLE_NOT_FOUND', format === 'wav' ? 'no call content to export' : 'no content to export');
    if (format === 'wav') return { name: `${base}.wav`, contentType: 'audio/wav', bytes: callAudioWav(records.map(asMonitoringRecord)) };
    return { name: `${base}.pcap`, contentType: 'application/vnd.tcpdump.pcap', bytes: pcapOf(records, ip, o.evidenceOf) };
  }
  const iri = (await store.recordsOf(liid, ['call-iri', 'sms', 'location', 'registration', 'data-session', 'other'], { ...cinOpt, limit: EXPORT_LIMIT })).map((r) => timelineRecord(r, show));
  if (format === 'json') return { name: `${base}-iri.json`, contentType: 'application/json', bytes: Buffer.from(JSON.stringify(iri, null, 1)) };
  if (format === 'csv') {
    const lines = ['id,timeStamp,kind,direction,iriType,cin,identities,privileged,summary'];
    for (const r of iri) lines.push([r.id, r.timeStamp, r.kind, r.direction ?? '', r.iriType ?? '', r.cin ?? '', r.identities.join(' '), r.privileged, JSON.stringify(r.summary)].map(csvCell).join(','));
    return { name: `${base}-iri.csv`, contentType: 'text/csv', bytes: Buffer.from(`${lines.join('\r\n')}\r\n`) };
  }
  const counts = await store.counts(liid);
  const rows = iri.map((r) => `<tr><td>${r.id}</td><td>${esc(r.timeStamp)}</td><td>${esc(r.kind)}</td><td>${esc(r.direction ?? '')}</td><td>${esc(r.identities.join(' '))}</td><td>${r.privileged ? 'privileged' : esc(JSON.stringify(r.summary))}</td></tr>`);
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Case report ${esc(liid)}</title></head><body><h1>Case report — warrant ${esc(liid)}</h1><p>Records by kind: ${esc(Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', '))}</p><table><thead><tr><th>id</th><th>time</th><th>kind</th><th>direction</th><th>identities</th><th>summary</th></tr></thead><tbody>${rows.join('')}</tbody></table></body></html>`;
  return { name: `${base}-report.html`, contentType: 'text/html; charset=utf-8', bytes: Buffer.from(html) };
}

/** RFC 4180 cell; a leading = + - @ is neutralised so a spreadsheet does not run it as a formula. */
function csvCell(v: unknown): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
