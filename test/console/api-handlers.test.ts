/**
 * The console's data handlers over the embedded query store, fed by a real LEMF over mutual TLS:
 * views, paging, audio, minimisation, exports with their manifest, and bad input (malformed ids,
 * SQL/HTML injection, oversized queries) answered with CONSOLE_BAD_REQUEST or nothing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { consoleApiRoutes, type EvidenceReader } from '../../src/console/api/index.ts';
import type { ApiRequest, ApiResponse, ConsoleRole } from '../../src/console/api/contract.ts';
import { ConsoleError } from '../../src/console/errors.ts';
import { openEmbeddedConsoleStore, type ConsoleQueryStore } from '../../src/console/store/index.ts';
import { readWav } from '../../src/standards/payloads/index.ts';
import { readPcap } from '../../src/standards/pcap/pcap.ts';
import { cellLocation } from '../../src/network/poi/xiri.ts';
import { decodeXIRIPayload, encodeIRIPayload, encodeXIRIPayload, xiriToIri, XIRI_PAYLOAD_OID } from '../../src/standards/ts33128/index.ts';
import { deliverScenario, f, LIID_B, startLemf, type LemfFixture } from './store-fixture.ts';

const execFileP = promisify(execFile);
let fx: LemfFixture | undefined;
let store: ConsoleQueryStore;
let routes: ReturnType<typeof consoleApiRoutes>;

before(async () => {
  store = await openEmbeddedConsoleStore();
  fx = await startLemf((records) => store.ingest(records));
  await deliverScenario(fx);
  await store.flush();
  routes = consoleApiRoutes(store, { exportApproval: true });
});
after(async () => {
  await fx?.close();
  await store?.close();
});

type Json = Record<string, unknown> & { [k: string]: unknown };

async function call(method: 'GET' | 'POST', path: string, o: { params?: Record<string, string>; query?: string; body?: unknown; role?: ConsoleRole; liids?: string[] } = {}): Promise<ApiResponse> {
  const route = routes.find((r) => r.method === method && r.path === path);
  assert.ok(route, `${method} ${path} is a route`);
  const req: ApiRequest = { user: { name: o.role ?? 'analyst', role: o.role ?? 'analyst' }, liids: o.liids ?? [f.LIID, LIID_B], params: o.params ?? { liid: f.LIID }, query: new URLSearchParams(o.query ?? ''), ...(o.body !== undefined ? { body: o.body } : {}) };
  return route.handler(req);
}
const json = (r: ApiResponse): Json => {
  assert.ok('json' in r);
  return r.json as Json;
};
const refused = async (p: Promise<unknown>, code: string): Promise<void> => {
  await assert.rejects(p, (e: unknown) => e instanceof ConsoleError && e.code === code);
};

test('timeline pages with an opaque cursor to the end, every record once, and names what was seen', async () => {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 10; i++) {
    const r = await call('GET', '/api/warrants/:liid/timeline', { query: `limit=8${cursor ? `&cursor=${cursor}` : ''}` });
    const page = json(r) as { records: { id: number; summary: Record<string, unknown> }[]; next?: string; total: number };
    assert.equal(page.total, 20);
    ids.push(...page.records.map((x) => x.id));
    assert.deepEqual(r.access?.[0]?.records, page.records.map((x) => x.id));
    for (const x of page.records) assert.equal(x.summary.media, undefined, 'no RTP media in the timeline');
    cursor = page.next;
    if (!cursor) break;
  }
  assert.deepEqual(ids.sort((a, b) => a - b), [...Array(20).keys()]);
  const sms = json(await call('GET', '/api/warrants/:liid/timeline', { query: 'kind=sms,location' })) as { total: number };
  assert.equal(sms.total, 3);
});

test('bad input is a clear 400: malformed ids, cursors, times, enums, limits, injection attempts', async () => {
  const bad = 'CONSOLE_BAD_REQUEST';
  await refused(call('GET', '/api/warrants/:liid/timeline', { params: { liid: "x' OR '1'='1" } }), bad);
  await refused(call('GET', '/api/warrants/:liid/timeline', { params: { liid: 'LIID-*' } }), bad);
  for (const query of ['limit=1001', 'limit=0', 'limit=1e3', 'kind=sms;DROP TABLE console_records', 'direction=up', 'from=yesterday', 'cursor=%27%3B--', 'cursor=MTIz', 'target=%3Cscript%3E'])
    await refused(call('GET', '/api/warrants/:liid/timeline', { query }), bad);
  await refused(call('GET', '/api/warrants/:liid/calls/:cin', { params: { liid: f.LIID, cin: '1;DROP' } }), bad);
  await refused(call('GET', '/api/warrants/:liid/calls/:cin/audio.wav', { params: { liid: f.LIID, cin: String(f.CALL_CIN) }, query: 'direction=both' }), bad);
  await refused(call('GET', '/api/search', { query: `q=${'a'.repeat(201)}` }), bad);
  await refused(call('GET', '/api/search', { query: 'q=' }), bad);
  await refused(call('GET', '/api/exports/:id', { params: { id: '../../etc/passwd' } }), bad);
  for (const q of ["' OR 1=1 --", '%', '_', '<script>alert(1)</script>', '\\'])
    assert.deepEqual(json(await call('GET', '/api/search', { query: new URLSearchParams({ q }).toString() })).hits, [], q);
  // The store still holds every row.
  assert.equal((json(await call('GET', '/api/warrants/:liid/timeline')) as { total: number }).total, 20);
});

test('calls with the SIP ladder, audio as WAV of the call length, SMS thread, locations, browsing', async () => {
  const calls = json(await call('GET', '/api/warrants/:liid/calls')) as unknown as { cin: number; answered: boolean; durationSeconds: number }[];
  assert.deepEqual(calls.map((c) => [c.cin, c.answered, c.durationSeconds]), [[f.CALL_CIN, true, 3]]);
  const detail = json(await call('GET', '/api/warrants/:liid/calls/:cin', { params: { liid: f.LIID, cin: String(f.CALL_CIN) } })) as { ladder: { method?: string; status?: number }[] };
  assert.deepEqual(detail.ladder.map((s) => s.method ?? s.status), ['INVITE', 200, 'BYE']);
  const wav = await call('GET', '/api/warrants/:liid/calls/:cin/audio.wav', { params: { liid: f.LIID, cin: String(f.CALL_CIN) }, query: 'direction=fromTarget' });
  assert.ok('bytes' in wav);
  assert.equal(wav.contentType, 'audio/wav');
  assert.equal(readWav(wav.bytes).data.length, 5 * 160, 'five 20 ms G.711 frames');
  assert.deepEqual(wav.access, [{ liid: f.LIID, what: `call-audio cin=${f.CALL_CIN} fromTarget` }]);
  await refused(call('GET', '/api/warrants/:liid/calls/:cin/audio.wav', { params: { liid: f.LIID, cin: '77' } }), 'CONSOLE_NOT_FOUND');
  const sms = json(await call('GET', '/api/warrants/:liid/sms')) as { threads: { peer: string; messages: { text?: string }[] }[] };
  assert.deepEqual(sms.threads.map((t) => [t.peer, t.messages.map((m) => m.text)]), [[f.PEER_MSISDN, [f.SMS_TEXT]]]);
  const loc = json(await call('GET', '/api/warrants/:liid/locations')) as { cells: { cellId: string; count: number; azimuth?: number }[] };
  // The sector's azimuth as the location IRI's CellSiteInformation carried it (TS 33.128).
  assert.deepEqual(loc.cells.map((c) => [c.cellId, c.count, c.azimuth]), [['234-15-0003e8002', 2, 120]]);
  const b = json(await call('GET', '/api/warrants/:liid/browsing')) as { sni: { name: string }[] };
  assert.deepEqual(b.sni.map((x) => x.name), [f.SNI]);
});

test('common contacts need both warrants assigned', async () => {
  const common = json(await call('GET', '/api/contacts/common', { query: `a=${f.LIID}&b=${LIID_B}` })) as unknown as { identity: string }[];
  assert.deepEqual(common.map((c) => c.identity), [`e164Number:${f.PEER_MSISDN}`]);
  await refused(call('GET', '/api/contacts/common', { query: `a=${f.LIID}&b=${LIID_B}`, liids: [f.LIID] }), 'CONSOLE_FORBIDDEN');
});

test('a privileged record: analysts get no content anywhere, the supervisor still does', async () => {
  const smsId = (json(await call('GET', '/api/warrants/:liid/timeline', { query: 'kind=sms' })) as { records: { id: number }[] }).records[0]!.id;
  const rtpId = (json(await call('GET', '/api/warrants/:liid/timeline', { query: 'kind=call-content&limit=1' })) as { records: { id: number }[] }).records[0]!.id;
  for (const id of [smsId, rtpId]) {
    const r = await call('POST', '/api/warrants/:liid/records/:id/privileged', { params: { liid: f.LIID, id: String(id) }, body: { privileged: true, reason: 'lawyer-client' }, role: 'supervisor' });
    assert.equal(json(r).privileged, true);
  }
  await refused(call('POST', '/api/warrants/:liid/records/:id/privileged', { params: { liid: f.LIID, id: '9999' }, body: { privileged: true, reason: 'x' }, role: 'supervisor' }), 'CONSOLE_NOT_FOUND');
  await refused(call('POST', '/api/warrants/:liid/records/:id/privileged', { params: { liid: f.LIID, id: String(smsId) }, body: { privileged: 'yes' }, role: 'supervisor' }), 'CONSOLE_BAD_REQUEST');
  const seen = async (role: ConsoleRole) => ({
    timeline: JSON.stringify(json(await call('GET', '/api/warrants/:liid/timeline', { query: 'kind=sms', role }))),
    sms: JSON.stringify(json(await call('GET', '/api/warrants/:liid/sms', { role }))),
    search: (json(await call('GET', '/api/search', { query: 'q=usual', role })).hits as unknown[]).length,
  });
  const analyst = await seen('analyst');
  assert.ok(!analyst.timeline.includes('usual place') && analyst.timeline.includes('"withheld":true'));
  assert.ok(!analyst.sms.includes('usual place'));
  assert.equal(analyst.search, 0);
  await refused(call('GET', '/api/warrants/:liid/calls/:cin/audio.wav', { params: { liid: f.LIID, cin: String(f.CALL_CIN) } }), 'CONSOLE_FORBIDDEN');
  const supervisor = await seen('supervisor');
  assert.ok(supervisor.timeline.includes(f.SMS_TEXT) && supervisor.sms.includes(f.SMS_TEXT));
  assert.equal(supervisor.search, 1);
  // Unmarked again: the analyst reads it.
  await call('POST', '/api/warrants/:liid/records/:id/privileged', { params: { liid: f.LIID, id: String(smsId) }, body: { privileged: false, reason: 'reviewed' }, role: 'supervisor' });
  await call('POST', '/api/warrants/:liid/records/:id/privileged', { params: { liid: f.LIID, id: String(rtpId) }, body: { privileged: false, reason: 'reviewed' }, role: 'supervisor' });
  assert.ok(JSON.stringify(json(await call('GET', '/api/warrants/:liid/sms'))).includes(f.SMS_TEXT));
});

test('exports wait for a supervisor, then download with bytes matching the SHA-256 manifest', async () => {
  const created = json(await call('POST', '/api/warrants/:liid/exports', { body: { format: 'pcap', cin: f.CALL_CIN } })) as { id: string; status: string };
  assert.equal(created.status, 'awaiting-approval');
  await refused(call('GET', '/api/exports/:id/file', { params: { id: created.id } }), 'CONSOLE_NOT_FOUND');
  await refused(call('POST', '/api/exports/:id/approve', { params: { id: created.id }, role: 'supervisor', liids: [LIID_B] }), 'CONSOLE_NOT_FOUND');
  assert.equal(json(await call('POST', '/api/exports/:id/approve', { params: { id: created.id }, role: 'supervisor' })).status, 'ready');
  const meta = json(await call('GET', '/api/exports/:id', { params: { id: created.id } })) as { manifest: { files: { name: string; bytes: number; sha256: string }[] } };
  const file = await call('GET', '/api/exports/:id/file', { params: { id: created.id } });
  assert.ok('bytes' in file);
  assert.equal(meta.manifest.files[0]!.sha256, createHash('sha256').update(file.bytes).digest('hex'));
  assert.equal(meta.manifest.files[0]!.bytes, file.bytes.length);
  assert.equal(readPcap(file.bytes).records.length, 10, 'ten RTP packets');
  await refused(call('GET', '/api/exports/:id', { params: { id: created.id }, liids: [LIID_B] }), 'CONSOLE_NOT_FOUND');
  await refused(call('POST', '/api/warrants/:liid/exports', { body: { format: 'exe' } }), 'CONSOLE_BAD_REQUEST');
  await refused(call('POST', '/api/warrants/:liid/exports', { body: { format: 'wav' } }), 'CONSOLE_BAD_REQUEST');
  const immediate = consoleApiRoutes(store, { exportApproval: false }).find((r) => r.path === '/api/warrants/:liid/exports')!;
  const csv = (await immediate.handler({ user: { name: 'a', role: 'analyst' }, liids: [f.LIID], params: { liid: f.LIID }, query: new URLSearchParams(), body: { format: 'csv' } })) as { json: { id: string; status: string } };
  assert.equal(csv.json.status, 'ready');
  const csvFile = await call('GET', '/api/exports/:id/file', { params: { id: csv.json.id } });
  assert.ok('bytes' in csvFile);
  const text = Buffer.from(csvFile.bytes).toString('utf8');
  assert.ok(text.startsWith('id,timeStamp,kind') && text.includes('usual place'));
  assert.equal(text.split('\r\n').length - 2, 7, 'the seven IRI records (3 SIP, 1 SMS, 2 locations, 1 session)');
});

test("a privileged location record's cell is not on an analyst's map; the supervisor's map keeps it", async () => {
  const ids = (json(await call('GET', '/api/warrants/:liid/timeline', { query: 'kind=location' })) as { records: { id: number }[] }).records.map((r) => r.id);
  assert.equal(ids.length, 2);
  const mark = (id: number, privileged: boolean) => call('POST', '/api/warrants/:liid/records/:id/privileged', { params: { liid: f.LIID, id: String(id) }, body: { privileged, reason: 'test' }, role: 'supervisor' });
  const cells = async (role: ConsoleRole) => (json(await call('GET', '/api/warrants/:liid/locations', { role })) as { cells: { cellId: string; count: number }[] }).cells.map((c) => [c.cellId, c.count]);
  await mark(ids[0]!, true);
  assert.deepEqual(await cells('analyst'), [['234-15-0003e8002', 1]], 'the other record still names it');
  await mark(ids[1]!, true);
  assert.deepEqual(await cells('analyst'), []);
  assert.deepEqual(await cells('supervisor'), [['234-15-0003e8002', 2]]);
  for (const id of ids) await mark(id, false);
  assert.deepEqual(await cells('analyst'), [['234-15-0003e8002', 2]]);
});

const tsharkMissing = existsSync('/usr/bin/tshark') ? undefined : 'tshark not found at /usr/bin/tshark (Debian package "tshark"): the PCAP is checked with readPcap only';

test('a PCAP export holds the IP content (iPCC) as delivered, read back from the LEMF evidence, with the call content; tshark reads it', async () => {
  const evidenceOf: EvidenceReader = (r) => fx!.lemf.store.evidenceOf(r);
  const create = (o: Parameters<typeof consoleApiRoutes>[1], role: ConsoleRole = 'analyst') =>
    consoleApiRoutes(store, o).find((r) => r.path === '/api/warrants/:liid/exports')!.handler({ user: { name: role, role }, liids: [f.LIID], params: { liid: f.LIID }, query: new URLSearchParams(), body: { format: 'pcap' } });
  const fileOf = async (r: ApiResponse) => {
    const file = await call('GET', '/api/exports/:id/file', { params: { id: (json(r) as { id: string }).id } });
    assert.ok('bytes' in file);
    return file.bytes;
  };
  const bytes = await fileOf(await create({ exportApproval: false, evidenceOf }));
  const pcap = readPcap(bytes);
  assert.equal(pcap.linkType, 101);
  assert.equal(pcap.records.length, 10 + 3, 'ten RTP packets and the three IP packets');
  const ip = pcap.records.filter((r) => !Buffer.from(r.data.subarray(12, 16)).equals(Buffer.from([192, 0, 2, 1])) && !Buffer.from(r.data.subarray(12, 16)).equals(Buffer.from([192, 0, 2, 2])));
  // Byte for byte the packets the sender put in iPCC, in time order, at their PDUs' times.
  assert.deepEqual(ip.map((r) => Buffer.from(r.data).toString('hex')), [f.dnsPacket(), f.tlsPacket(), f.httpPacket()].map((p) => Buffer.from(p).toString('hex')));
  assert.deepEqual(ip.map((r) => r.seconds * 1000 + r.nanoseconds / 1e6), [f.T0 + 9100, f.T0 + 9200, f.T0 + 9300]);
  // Without the evidence reader (call content only), as before.
  assert.equal(readPcap(await fileOf(await create({ exportApproval: false }))).records.length, 10);
  // A privileged IP record is left out of an analyst's PCAP, kept in a supervisor's.
  const dnsId = (json(await call('GET', '/api/warrants/:liid/timeline', { query: 'kind=data-content&limit=1' })) as { records: { id: number }[] }).records[0]!.id;
  await call('POST', '/api/warrants/:liid/records/:id/privileged', { params: { liid: f.LIID, id: String(dnsId) }, body: { privileged: true, reason: 'test' }, role: 'supervisor' });
  assert.equal(readPcap(await fileOf(await create({ exportApproval: false, evidenceOf }))).records.length, 12);
  assert.equal(readPcap(await fileOf(await create({ exportApproval: false, evidenceOf }, 'supervisor'))).records.length, 13);
  await call('POST', '/api/warrants/:liid/records/:id/privileged', { params: { liid: f.LIID, id: String(dnsId) }, body: { privileged: false, reason: 'reviewed' }, role: 'supervisor' });
  // Evidence that is not the record's PDU (here: the SMS's) fails the export; no packet is made up.
  const sms = fx!.lemf.store.records(f.LIID).find((r) => r.kind === 'sms')!;
  await refused(create({ exportApproval: false, evidenceOf: () => fx!.lemf.store.evidenceOf(sms) }), 'CONSOLE_INTERNAL');
  if (tsharkMissing) {
    console.log(`skipped the tshark check: ${tsharkMissing}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'console-pcap-'));
  try {
    const path = join(dir, 'export.pcap');
    writeFileSync(path, bytes);
    const { stdout, stderr } = await execFileP('/usr/bin/tshark', ['-n', '-r', path, '-T', 'fields', '-E', 'separator=|', '-e', 'ip.src', '-e', 'udp.srcport', '-e', 'dns.qry.name', '-e', 'tls.handshake.extensions_server_name', '-e', 'http.host'], { timeout: 60_000 });
    assert.doesNotMatch(stderr, /damaged|corrupt|cut short/i);
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 13, 'tshark reads every packet');
    assert.ok(lines.some((l) => l.includes(`|${f.DNS_NAME}|`)), 'tshark decodes the DNS query');
    assert.ok(lines.some((l) => l.includes(`|${f.SNI}|`)), 'tshark decodes the TLS server name');
    assert.ok(lines.some((l) => l.endsWith(`|${f.HTTP_HOST}`)), 'tshark decodes the HTTP host');
    assert.equal(lines.filter((l) => /^192\.0\.2\.[12]\|4000[02]\|/.test(l)).length, 10, 'the RTP packets in UDP');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the synthetic network's location xIRI, converted as the MDF converts it and delivered over HI2, gives the console its cells' sectors", async () => {
  const liid = 'LIID-T-3';
  // Two sectors of one site, as src/network/cells.ts makes them (three per site, 120° apart).
  const cell = (sector: number) => ({ index: sector, id: `234-15-${(0x3e8010 + sector).toString(16)}`, rat: 'NR' as const, mcc: '234', mnc: '15', tac: 3, cellIdentity: 0x3e8010 + sector, siteId: 7, sector, latitude: 51.52, longitude: -0.1, azimuthDeg: (35.6 + sector * 120) % 360 });
  const pdus = [0, 1].map((sector, i) => {
    const at = f.T0 + 20_000 + i * 1000;
    const xiri = encodeXIRIPayload({ xIRIPayloadOID: XIRI_PAYLOAD_OID, event: { kind: 'locationUpdate', value: { sUPI: { kind: 'iMSI', value: f.TARGET_IMSI }, location: cellLocation(cell(sector), new Date(at)) } } });
    const iri = encodeIRIPayload(xiriToIri(decodeXIRIPayload(xiri), [{ identifier: { kind: 'sUPI', value: { kind: 'iMSI', value: f.TARGET_IMSI } }, provenance: 'matchedOn' }]));
    return f.pdu(f.header(f.LOCATION_CIN, i, at, 'opA-amf', liid), { kind: 'iRIPayloadSequence', value: [{ iRIType: f.IRIType.iRIReport, timeStamp: new Date(at), iRIContents: { kind: 'threeGPP33128DefinedIRI', value: iri } }] });
  });
  await fx!.deliver('HI2', pdus);
  await store.flush();
  const loc = json(await call('GET', '/api/warrants/:liid/locations', { params: { liid }, liids: [liid] })) as { cells: { cellId: string; azimuth?: number; latitude?: number }[] };
  // The network rounds the azimuth to the whole degree CellSiteInformation carries (INTEGER (0..359)).
  assert.deepEqual(loc.cells.map((c) => [c.cellId, c.latitude, c.azimuth]), [['234-15-0003e8010', 51.52, 36], ['234-15-0003e8011', 51.52, 156]]);
});
