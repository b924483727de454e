/**
 * Black-box test of the reference LEMF over real mutual-TLS HI2/HI3 connections: an MDF-side
 * sender delivers PS-PDUs built with the codecs; the store's typed records, views, WAV output,
 * sequence and integrity findings, evidence files, access events, restart and purge are checked.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createSecretKey, generateKeyPairSync } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDemoPki, type Credentials } from '../../src/platform/pki.ts';
import { encodePsPdu, makeSignatureCheck } from '../../src/standards/hi2hi3/index.ts';
import { readWav, WAVE_FORMAT_MULAW } from '../../src/standards/payloads/index.ts';
import { encodeBer, integer, sequence } from '../../src/standards/ber/index.ts';
import { Hi2Hi3Sender, MemoryDeliveryQueue } from '../../src/wires/hi2hi3/sender.ts';
import { tlsConnector } from '../../src/wires/transport.ts';
import { startMonitoringCentre, type AccessEvent, type Alarm, type DestructionEvent, type MonitoringCentre } from '../../src/monitoring/index.ts';
import { KEYRING_DIR, openEvidence } from '../../src/monitoring/index.ts';
import { decodeHeader, fileKey, HEADER_BYTES, openChunk } from '../../src/monitoring/at-rest/chunk.ts';
import { Keyring } from '../../src/monitoring/at-rest/keyring.ts';
import { TEST_EVIDENCE_KEY } from '../helpers/evidence-key.ts';
import * as f from './fixtures.ts';

let dir: string;
let creds: Map<string, Credentials>;
let lemf: MonitoringCentre;
const accesses: AccessEvent[] = [];
const alarms: Alarm[] = [];
const destructions: DestructionEvent[] = [];
const sent: { HI2: Uint8Array[]; HI3: Uint8Array[] } = { HI2: [], HI3: [] };
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const fromTargetMedia: Uint8Array[] = [];

const waitFor = async (cond: () => boolean, what: string, ms = 8000): Promise<void> => {
  for (let t = 0; t < ms && !cond(); t += 10) await sleep(10);
  assert.ok(cond(), `timed out waiting for ${what}`);
};

/** Every key the LEMF holds in `data`: its master key, and every data key its keyring still unwraps. */
function keysHeldBy(data: string): Uint8Array[] {
  const ring = new Keyring(data, TEST_EVIDENCE_KEY, true);
  const names = readdirSync(join(data, KEYRING_DIR)).map((n) => n.replace(/\.key$/, ''));
  return [TEST_EVIDENCE_KEY, ...names.map((n) => ring.keyOf(n, false)!.key)];
}

/** The data key in a copy of a wrapped key file (as a backup of `_keys/` would hold it). */
function unwrapCopy(file: string): Uint8Array {
  const tmp = mkdtempSync(join(tmpdir(), 'lemf-keycopy-'));
  mkdirSync(join(tmp, KEYRING_DIR));
  copyFileSync(file, join(tmp, KEYRING_DIR, `${f.LIID}.key`));
  const k = new Keyring(tmp, TEST_EVIDENCE_KEY, true).keyOf(f.LIID, false)!.key;
  rmSync(tmp, { recursive: true, force: true });
  return k;
}

/** Whether the first sealed chunk of `sealed` opens under any of `keys` (as the key of any of the LIID's files, or raw). */
function canOpen(sealed: Buffer, keys: Uint8Array[], name = 'hi2.ber.sealed'): boolean {
  const h = decodeHeader(sealed);
  if (!h) return false;
  const chunk = sealed.subarray(0, HEADER_BYTES + h.plainBytes + 16);
  const files = [name.replace(/\.sealed$/, ''), 'hi2.ber', 'hi3.ber', 'records.jsonl', 'integrity.jsonl'];
  for (const k of keys)
    for (const key of [...files.map((file) => fileKey(k, file)), createSecretKey(k)]) {
      try {
        openChunk(key, chunk, h);
        return true;
      } catch {
        // not this key
      }
    }
  return false;
}

/** Bytes kept under no LIID, read back with the LEMF's key. */
const orphans = (d: '_undecodable' | '_malformed', file: string): Uint8Array => {
  const reader = openEvidence(join(dir, 'data'), TEST_EVIDENCE_KEY);
  try {
    return reader.readOrphans(d, file);
  } finally {
    reader.close();
  }
};

/** Evidence appends are written at the end of the event-loop turn that received them. */
const settled = (): Promise<void> => new Promise((r) => setImmediate(r));

const start = (dataDir: string) =>
  startMonitoringCentre({
    id: 'lemf-ag',
    creds: creds.get('lemf-ag')!,
    host: '127.0.0.1',
    dataDir,
    evidenceKey: TEST_EVIDENCE_KEY,
    integrityPublicKey: publicKey,
    // These scenarios number IRI and CC of a call in one run per (LIID, CIN).
    sequenceContext: 'liid-cin',
    acceptPeers: ['mdf'],
    onAccess: (e) => accesses.push(e),
    onAlarm: (a) => alarms.push(a),
    onDestruction: (e) => destructions.push(e),
  });

async function deliver(channel: 'HI2' | 'HI3', pdus: Uint8Array[], tracked = true): Promise<void> {
  const queue = new MemoryDeliveryQueue();
  for (const p of pdus) queue.push(p);
  const tx = new Hi2Hi3Sender({
    endpoint: channel === 'HI2' ? lemf.hi2Endpoint : lemf.hi3Endpoint,
    connector: tlsConnector(creds.get('mdf')!),
    queue,
    makeTri: (payload, seq) => encodePsPdu({ pSHeader: f.header(0, seq, f.T0), payload: { kind: 'tRIPayload', value: payload } }),
  });
  tx.start();
  assert.ok(await tx.flush(8000), 'sender queue drained');
  await tx.stop();
  if (tracked) sent[channel].push(...pdus);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lemf-'));
  creds = await ensureDemoPki(join(dir, 'pki'), ['mdf', 'lemf-ag', 'intruder']);
  lemf = await start(join(dir, 'data'));

  // ---- HI2: call signalling, SMS, location (with a skipped sequence number), PDU session ----
  const hi2 = [
    f.sipIri(0, f.T0, f.INVITE, f.IRIType.iRIBegin),
    f.sipIri(1, f.T0 + 2000, f.OK_200, f.IRIType.iRIContinue),
    f.sipIri(12, f.T0 + 5000, f.BYE, f.IRIType.iRIEnd),
    f.iri33128(f.SMS_CIN, 0, f.T0 + 6000, f.smsEvent),
    f.iri33128(f.LOCATION_CIN, 0, f.T0 + 7000, f.locationEvent),
    f.iri33128(f.LOCATION_CIN, 2, f.T0 + 8000, f.locationEvent), // seq 1 never sent: a gap
    f.iri33128(f.DATA_CIN, 3, f.T0 + 9000, f.sessionEvent, f.IRIType.iRIBegin, 'opA-upf'),
  ];
  await deliver('HI2', hi2);

  // ---- HI3: RTP both directions (seq 2..11), a duplicate, IP content with Annex J checks ----
  const rtp: Uint8Array[] = [];
  for (let i = 0; i < 5; i++) {
    const media = f.toneFrame(i, 440);
    fromTargetMedia.push(media);
    rtp.push(f.rtpCc(2 + 2 * i, f.T0 + 2000 + 20 * i, f.PayloadDirection.fromTarget, 0x1111, i, media));
    rtp.push(f.rtpCc(3 + 2 * i, f.T0 + 2000 + 20 * i, f.PayloadDirection.toTarget, 0x2222, 100 + i, f.toneFrame(i, 300)));
  }
  const data = [f.ipcc(f.DATA_CIN, 0, f.T0 + 9100, f.dnsPacket()), f.ipcc(f.DATA_CIN, 1, f.T0 + 9200, f.tlsPacket()), f.ipcc(f.DATA_CIN, 2, f.T0 + 9300, f.httpPacket())];
  const hash = f.integrityPdu(f.DATA_CIN, 0, f.T0 + 9400, f.hashOver(f.DataType.cC, data.map((bytes, i) => ({ sequenceNumber: i, bytes }))));
  const signature = f.integrityPdu(f.DATA_CIN, 1, f.T0 + 9500, makeSignatureCheck(f.DataType.cC, [{ sequenceNumber: 0, bytes: hash }], privateKey));
  // A PDU altered after its hash was taken: the LEMF must see the mismatch.
  const original = f.ipcc(f.TAMPER_CIN, 0, f.T0 + 9600, f.dnsPacket('bank.example.org'));
  const tampered = f.ipcc(f.TAMPER_CIN, 0, f.T0 + 9600, f.dnsPacket('evil.example.org'));
  const tamperedHash = f.integrityPdu(f.TAMPER_CIN, 0, f.T0 + 9700, f.hashOver(f.DataType.cC, [{ sequenceNumber: 0, bytes: original }]));
  await deliver('HI3', [...rtp, rtp[0]!, ...data, hash, signature, tampered, tamperedHash]);
  await waitFor(() => lemf.stats().pdus.HI3 === sent.HI3.length && lemf.stats().pdus.HI2 === sent.HI2.length, 'all PDUs stored');
});

after(async () => {
  await lemf.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('every PDU becomes a typed record of the right kind', () => {
  const counts = lemf.store.countsByKind(f.LIID);
  assert.deepEqual(counts, { 'call-iri': 3, 'call-content': 11, sms: 1, location: 2, registration: 0, 'data-session': 1, 'data-content': 4, other: 0 });
  const invite = lemf.store.records(f.LIID, { kind: 'call-iri', limit: 1 })[0]!;
  assert.equal(invite.summary.kind, 'call-iri');
  if (invite.summary.kind !== 'call-iri') return;
  assert.equal(invite.summary.sip?.method, 'INVITE');
  assert.equal(invite.summary.sip?.callId, 'a84b4c76e66710@pc33.opA.example');
  assert.equal(invite.iriType, 'BEGIN');
  assert.equal(invite.operator, 'opA');
  assert.equal(invite.networkElement, 'opA-ims');
  assert.equal(invite.cin, f.CALL_CIN);
  assert.equal(invite.timeStamp, new Date(f.T0).toISOString());
  assert.deepEqual(invite.identities, [`e164Number:${f.TARGET_MSISDN}`, `e164Number:${f.PEER_MSISDN}`]);
  const rtp = lemf.store.records(f.LIID, { kind: 'call-content', limit: 1 })[0]!;
  assert.ok(rtp.summary.kind === 'call-content' && rtp.summary.ssrc === 0x1111 && rtp.summary.payloadType === 0 && rtp.summary.rtpSequence === 0);
  assert.equal(rtp.direction, 'fromTarget');
  const session = lemf.store.records(f.LIID, { kind: 'data-session' })[0]!;
  assert.ok(session.summary.kind === 'data-session');
  assert.deepEqual(session.summary.kind === 'data-session' && session.summary.ueIp, [f.UE_IP]);
  assert.equal(session.summary.kind === 'data-session' && session.summary.dnn, 'internet');
});

test('SMS text, location and browsing views', () => {
  const sms = lemf.store.smsList(f.LIID);
  assert.equal(sms.length, 1);
  assert.equal(sms[0]!.text, f.SMS_TEXT);
  assert.equal(sms[0]!.originator, f.TARGET_MSISDN);
  assert.equal(sms[0]!.recipient, f.PEER_MSISDN);
  const smsRecord = lemf.store.records(f.LIID, { kind: 'sms' })[0]!;
  assert.deepEqual(smsRecord.declaredTargets, [`e164Number:${f.TARGET_MSISDN}`]);
  assert.ok(smsRecord.identities.includes(`imsi:${f.TARGET_IMSI}`));
  const locations = lemf.store.locations(f.LIID);
  assert.equal(locations.length, 2);
  assert.deepEqual({ ...locations[0], at: undefined }, { cellId: '234-15-0003e8002', tac: '000003', rat: 'nR', latitude: 51.5101, longitude: -0.134, source: 'cell-site', azimuth: 120, kind: 'location', event: 'locationUpdate', at: undefined });
  const browsing = lemf.store.browsing(f.LIID);
  assert.deepEqual(
    browsing.map((b) => [b.type, b.name, b.path]),
    [['dns', f.DNS_NAME, undefined], ['tls-sni', f.SNI, undefined], ['http', f.HTTP_HOST, '/basket?item=42'], ['dns', 'evil.example.org', undefined]],
  );
  assert.equal(browsing[0]!.at, new Date(f.T0 + 9100).toISOString());
});

test('every record concerns the target: no party outside the call or SMS peers', () => {
  const allowed = new Set([`e164Number:${f.TARGET_MSISDN}`, `imsi:${f.TARGET_IMSI}`, `e164Number:${f.PEER_MSISDN}`]);
  for (const r of lemf.store.records(f.LIID)) {
    for (const id of r.identities) assert.ok(allowed.has(id), `unexpected identity ${id} in a ${r.kind} record`);
    if (r.identities.length > 0) assert.ok(r.identities.some((id) => id.includes(f.TARGET_MSISDN) || id.includes(f.TARGET_IMSI)), `${r.kind} record names no target`);
  }
});

test('calls are grouped by CIN and the audio is rebuilt as µ-law WAV', () => {
  const calls = lemf.store.calls(f.LIID);
  assert.equal(calls.length, 1);
  const call = calls[0]!;
  assert.equal(call.cin, f.CALL_CIN);
  assert.deepEqual(call.sipEvents.map((e) => e.method ?? e.status), ['INVITE', 200, 'BYE']);
  assert.equal(call.rtpPackets, 10, 'the duplicate RTP PDU is not counted twice');
  assert.deepEqual(call.rtpPacketsByDirection, { fromTarget: 5, toTarget: 5 });
  assert.ok(call.answered && call.ended);

  const wav = lemf.store.callAudioWav(f.LIID, f.CALL_CIN, { direction: 'fromTarget' });
  assert.equal(Buffer.from(wav.subarray(0, 4)).toString('latin1'), 'RIFF');
  assert.equal(Buffer.from(wav.subarray(8, 12)).toString('latin1'), 'WAVE');
  const info = readWav(wav);
  assert.equal(info.formatCode, WAVE_FORMAT_MULAW);
  assert.equal(info.formatCode, 7);
  assert.equal(info.channels, 1);
  assert.equal(info.sampleRate, 8000);
  assert.equal(info.data.length, 5 * 160);
  assert.deepEqual(info.data, new Uint8Array(Buffer.concat(fromTargetMedia)), 'from-target audio is the G.711 codes sent, in order');

  const mixed = readWav(lemf.store.callAudioWav(f.LIID, f.CALL_CIN));
  assert.equal(mixed.data.length, 5 * 160, 'both directions on one timeline');
  assert.notDeepEqual(mixed.data, info.data, 'the mix differs from one side');
  assert.throws(() => lemf.store.callAudioWav(f.LIID, 999), { code: 'MONITORING_UNKNOWN_CALL' });
});

test('sequence gaps and duplicates per (LIID, CIN)', () => {
  const gaps = lemf.store.gaps();
  const location = gaps.find((g) => g.cin === f.LOCATION_CIN)!;
  assert.deepEqual(location.missing, [[1, 1]]);
  assert.equal(location.missingCount, 1);
  const call = gaps.find((g) => g.cin === f.CALL_CIN)!;
  assert.deepEqual(call.missing, [], 'IRI on HI2 and CC on HI3 share the CIN numbering: together they are complete');
  assert.deepEqual(call.duplicates, [2]);
  assert.equal(call.duplicateCount, 1);
  const data = gaps.find((g) => g.cin === f.DATA_CIN);
  assert.equal(data, undefined, 'CIN 2001 (IRI seq 3, CC seq 0..2) is complete; integrity PDUs are numbered apart');
  assert.equal(lemf.stats().duplicates, 1);
  assert.equal(lemf.stats().missing, 1);
  assert.ok(alarms.some((a) => a.code === 'MONITORING_DUPLICATE_PDU'));
});

test('Annex J: hash and signature verify; a tampered PDU fails', () => {
  const integrity = lemf.store.integrity();
  assert.equal(integrity.ok, 2);
  assert.equal(integrity.failed, 1);
  const failed = integrity.verdicts.find((v) => !v.ok)!;
  assert.equal(failed.cin, f.TAMPER_CIN);
  assert.equal(failed.error, 'HI2HI3_INTEGRITY_MISMATCH');
  assert.deepEqual(integrity.verdicts.filter((v) => v.ok).map((v) => v.checkType), [1, 2]);
  assert.ok(alarms.some((a) => a.code === 'MONITORING_INTEGRITY_FAILED' && a.liid === f.LIID));
});

test('evidence files hold the received bytes, byte for byte, sealed at rest', async () => {
  await settled();
  const liidDir = join(dir, 'data', f.LIID);
  const reader = openEvidence(join(dir, 'data'), TEST_EVIDENCE_KEY);
  assert.deepEqual(reader.readChannel(f.LIID, 'HI2'), new Uint8Array(Buffer.concat(sent.HI2)));
  assert.deepEqual(reader.readChannel(f.LIID, 'HI3'), new Uint8Array(Buffer.concat(sent.HI3)));
  reader.close();
  // On disk: no plain file, nothing of the SMS text, owner-only.
  assert.deepEqual(readdirSync(liidDir).sort(), ['hi2.ber.sealed', 'hi3.ber.sealed', 'integrity.jsonl.sealed', 'records.jsonl.sealed']);
  for (const name of readdirSync(liidDir)) {
    const bytes = readFileSync(join(liidDir, name));
    assert.equal(bytes.indexOf(Buffer.from(f.SMS_TEXT, 'utf8')), -1, `${name} holds no SMS text in clear`);
    assert.equal(bytes.indexOf(Buffer.from(sent.HI2[3]!)), -1, `${name} holds no PDU in clear`);
    assert.equal(statSync(join(liidDir, name)).mode & 0o077, 0, `${name} is owner-only`);
  }
  const r = lemf.store.records(f.LIID, { kind: 'sms' })[0]!;
  assert.deepEqual(new Uint8Array(lemf.store.evidenceOf(r)), new Uint8Array(sent.HI2[3]!));
  assert.deepEqual(lemf.store.evidence(f.LIID, 'HI3'), new Uint8Array(Buffer.concat(sent.HI3)));
});

test('every access to stored content is an access event', () => {
  accesses.length = 0;
  const analyst = lemf.store.as('analyst-7');
  analyst.smsList(f.LIID);
  analyst.records(f.LIID, { kind: 'location' });
  analyst.callAudioWav(f.LIID, f.CALL_CIN);
  analyst.evidenceOf(lemf.store.as('analyst-7').records(f.LIID, { kind: 'sms' })[0]!);
  assert.deepEqual(
    accesses.map((a) => [a.who, a.liid, a.what]),
    [
      ['analyst-7', f.LIID, 'sms'],
      ['analyst-7', f.LIID, 'records kind=location'],
      ['analyst-7', f.LIID, `call-audio cin=${f.CALL_CIN} mixed`],
      ['analyst-7', f.LIID, 'records kind=sms'],
      ['analyst-7', f.LIID, `evidence hi2.ber offset=${lemf.store.as('x').records(f.LIID, { kind: 'sms' })[0]!.evidence.offset}`],
    ],
  );
  assert.ok(accesses.every((a) => !Number.isNaN(Date.parse(a.at))));
  lemf.store.browsing(f.LIID);
  assert.equal(accesses.at(-1)?.who, 'lemf-ag', 'direct reads are attributed to the LEMF itself');
  assert.throws(() => analyst.records('LIID-NOPE'), { code: 'MONITORING_UNKNOWN_LIID' });
  assert.equal(accesses.at(-1)?.what, 'records refused: MONITORING_UNKNOWN_LIID');
});

test('undecodable PDUs are kept and alarmed, malformed streams and unknown peers are counted', async () => {
  const bad = encodeBer(sequence([integer(5)]));
  const good = f.iri33128(f.SMS_CIN + 10, 0, f.T0 + 10_000, f.smsEvent);
  const ccOnHi2 = f.pdu(f.header(1, 0, f.T0, 'opA-upf', 'LIID-T-2'), { kind: 'cCPayloadSequence', value: [{ cCContents: { kind: 'iPCC', value: { iPCCContents: { kind: 'iPPackets', value: f.dnsPacket() } } } }] });
  await deliver('HI2', [bad, good, ccOnHi2], false);
  sent.HI2.push(good);
  await waitFor(() => lemf.stats().undecodable === 1 && lemf.stats().pdus.HI2 === sent.HI2.length + 1, 'undecodable PDU handled, stream kept');
  assert.equal(lemf.stats().wrongChannel, 1);
  assert.ok(alarms.some((a) => a.code === 'MONITORING_WRONG_CHANNEL' && a.liid === 'LIID-T-2'));
  assert.deepEqual(lemf.store.liids().sort(), [f.LIID, 'LIID-T-2']);
  await settled();
  assert.deepEqual(orphans('_undecodable', 'hi2.ber'), bad);
  assert.ok(alarms.some((a) => a.code === 'MONITORING_UNDECODABLE_PDU' && a.peer === 'mdf'));

  const raw = await tlsConnector(creds.get('mdf')!)(lemf.hi3Endpoint);
  raw.write(Uint8Array.of(0x30, 0xff, 0x00, 0x00)); // X.690 §8.1.3.5 c): length octet 0xFF is reserved
  await waitFor(() => lemf.stats().malformedStreams === 1, 'malformed stream counted');
  raw.destroy();
  await settled();
  assert.deepEqual(orphans('_malformed', 'hi3.bin'), Uint8Array.of(0x30, 0xff, 0x00, 0x00));
  assert.ok(alarms.some((a) => a.code === 'MONITORING_MALFORMED_STREAM' && a.channel === 'HI3'));

  const half = f.ipcc(f.DATA_CIN, 9, f.T0, f.dnsPacket());
  const cut = await tlsConnector(creds.get('mdf')!)(lemf.hi3Endpoint);
  cut.write(half.subarray(0, 30));
  await sleep(50);
  cut.end();
  await waitFor(() => lemf.stats().truncatedStreams === 1, 'truncated stream counted');
  assert.equal(lemf.stats().pdus.HI3, sent.HI3.length, 'the partial PDU is not indexed');
  assert.ok(alarms.some((a) => a.code === 'MONITORING_TRUNCATED_STREAM'));
  await settled();
  assert.deepEqual(orphans('_malformed', 'hi3.bin'), new Uint8Array(Buffer.concat([Uint8Array.of(0x30, 0xff, 0x00, 0x00), half.subarray(0, 30)])));

  const intruder = await tlsConnector(creds.get('intruder')!)(lemf.hi2Endpoint).catch(() => undefined);
  await waitFor(() => lemf.stats().refusedPeers === 1, 'refused peer counted');
  intruder?.destroy();
  assert.ok(alarms.some((a) => a.code === 'MONITORING_PEER_REFUSED' && a.peer === 'intruder'));
});

test('the index survives a restart', async () => {
  const before = { counts: lemf.store.countsByKind(f.LIID), gaps: lemf.store.gaps(), integrity: lemf.store.integrity() };
  await lemf.stop();
  lemf = await start(join(dir, 'data'));
  assert.deepEqual(lemf.store.countsByKind(f.LIID), before.counts);
  assert.deepEqual(lemf.store.gaps(), before.gaps);
  assert.deepEqual(lemf.store.integrity(), before.integrity);
  assert.equal(lemf.store.smsList(f.LIID)[0]?.text, f.SMS_TEXT);
  assert.equal(readWav(lemf.store.callAudioWav(f.LIID, f.CALL_CIN, { direction: 'fromTarget' })).data.length, 800);
});

test("retention: access ends when it ends, purge shreds the LIID's key and destroys the data with a destruction event", () => {
  const until = new Date(Date.now() - 1000);
  const data = join(dir, 'data');
  // A copy of the evidence taken before the purge (a backup), and, apart, of its wrapped key.
  const backup = mkdtempSync(join(tmpdir(), 'lemf-backup-'));
  cpSync(join(data, f.LIID), join(backup, f.LIID), { recursive: true });
  cpSync(join(data, KEYRING_DIR, `${f.LIID}.key`), join(backup, 'key-copy'));
  const hi2Sealed = readFileSync(join(backup, f.LIID, 'hi2.ber.sealed'));
  const hi2Sha = createHash('sha256').update(hi2Sealed).digest('hex');
  assert.ok(canOpen(hi2Sealed, keysHeldBy(data)), 'before the purge the LEMF opens its evidence');
  lemf.store.setRetention(f.LIID, until);
  assert.throws(() => lemf.store.records(f.LIID), { code: 'MONITORING_RETENTION_ENDED' });
  assert.equal(accesses.at(-1)?.what, 'records refused: MONITORING_RETENTION_ENDED');
  const events = lemf.store.purgeExpired(new Date());
  assert.equal(events.length, 1);
  assert.equal(destructions.length, 1);
  const e = destructions[0]!;
  assert.equal(e.liid, f.LIID);
  assert.equal(e.retentionEnd, until.toISOString());
  assert.ok(e.records > 20);
  assert.equal(e.files.find((x) => x.name === 'hi2.ber.sealed')?.sha256, hi2Sha, 'the digest of the sealed file as destroyed');
  assert.match(e.dataKey?.id ?? '', /^[0-9a-f]{32}$/);
  assert.equal(e.dataKey?.sha256, createHash('sha256').update(readFileSync(join(backup, 'key-copy'))).digest('hex'));
  assert.ok(!existsSync(join(dir, 'data', f.LIID)));
  assert.ok(!existsSync(join(data, KEYRING_DIR, `${f.LIID}.key`)), 'the wrapped data key is gone');
  // Crypto-shredding: nothing the LEMF still holds (its master key, every wrapped key left) opens the copy.
  assert.ok(!canOpen(hi2Sealed, keysHeldBy(data)), 'the backup of the evidence is unreadable after the purge');
  for (const name of readdirSync(join(backup, f.LIID))) assert.ok(!canOpen(readFileSync(join(backup, f.LIID, name)), keysHeldBy(data), name), `${name} unreadable`);
  // Said in docs/operator-guide.md: a copy of the wrapped key itself, kept from before, still opens it.
  assert.ok(canOpen(hi2Sealed, [...keysHeldBy(data), unwrapCopy(join(backup, 'key-copy'))]));
  rmSync(backup, { recursive: true, force: true });
  assert.ok(!lemf.store.liids().includes(f.LIID));
  assert.throws(() => lemf.store.records(f.LIID), { code: 'MONITORING_UNKNOWN_LIID' });
  assert.ok(lemf.store.gaps().every((g) => g.liid !== f.LIID));
  assert.deepEqual(lemf.store.purgeExpired(new Date()), [], 'nothing left to destroy');
});
