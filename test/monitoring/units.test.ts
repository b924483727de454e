/**
 * Unit checks of the LEMF's pure parts: the sequence range set, the record decoder on every kind of
 * payload (and a bounded fuzz: whatever decodes as a PS-PDU must index without a throw), call audio
 * placement (reordering, loss, A-law), LIID directory names, and the error catalogue.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodePsPdu, PsPduDecodeError } from '../../src/standards/hi2hi3/index.ts';
import { samples } from '../../src/standards/hi2hi3/test-fixtures.ts';
import { encodeAlaw } from '../../src/standards/payloads/index.ts';
import { encodeCCPayload, CC_PAYLOAD_OID } from '../../src/standards/ts33128/index.ts';
import { callAudioCodes, decodeRecords, ERROR_CODES, liidDirName, liidFromDirName, RangeSet, SequenceTracker, sequenceContextKey, type MonitoringRecord } from '../../src/monitoring/index.ts';
import * as f from './fixtures.ts';

test('RangeSet keeps disjoint ranges and reports what is missing', () => {
  const s = new RangeSet();
  for (const n of [0, 1, 5, 3, 2, 9, 7]) assert.ok(s.add(n));
  assert.equal(s.add(3), false);
  assert.equal(s.size, 7);
  assert.equal(s.max, 9);
  assert.deepEqual(s.missing(), [[4, 4], [6, 6], [8, 8]]);
  s.add(4);
  s.add(6);
  s.add(8);
  assert.deepEqual(s.missing(), []);
  const t = new SequenceTracker();
  const ctx = (cin: number) => ({ liid: 'L', cin, key: `L/${cin}` });
  assert.equal(t.observe(ctx(1), 0), false);
  assert.equal(t.observe(ctx(1), 0), true);
  assert.equal(t.observe(ctx(2), 4), false);
  assert.deepEqual(t.report().map((r) => [r.cin, r.missing, r.duplicateCount]), [[1, [], 1], [2, [[0, 3]], 0]]);
});

test('sequence contexts: the profile counts IRI and CC of a CIN together, TS 102 232-1 Table 1A apart', () => {
  const h = (payloadKind: string) => ({ liid: 'L', operator: 'opA', networkElement: 'ne', cin: 7, deliveryCountryCode: 'GB', payloadKind });
  for (const [mode, duplicate] of [['liid-cin', true], ['ts102232', false]] as const) {
    const t = new SequenceTracker();
    t.observe({ liid: 'L', cin: 7, key: sequenceContextKey(mode, h('iRIPayloadSequence'), 0) }, 0);
    assert.equal(t.observe({ liid: 'L', cin: 7, key: sequenceContextKey(mode, h('cCPayloadSequence'), 0) }, 0), duplicate, mode);
  }
  assert.notEqual(sequenceContextKey('liid-cin', h('x'), 0), sequenceContextKey('liid-cin', h('x'), 1), 'a cINReset opens a new context');
});

test('decodeRecords: every sample PS-PDU gives records without throwing', () => {
  for (const s of samples) {
    const records = decodeRecords(s.pdu);
    assert.ok(records.length >= 1, s.name);
    for (const r of records) assert.equal(r.liid, s.pdu.pSHeader.lawfulInterceptionIdentifier);
  }
});

test('decodeRecords: 33.128 CC carrying an IP packet is data content', () => {
  const cc = encodeCCPayload({ cCPayloadOID: CC_PAYLOAD_OID, pDU: { kind: 'uPFCCPDU', value: f.dnsPacket('cc.example.org') } });
  const r = decodeRecords(decodePsPdu(f.pdu(f.header(5, 0, f.T0), { kind: 'cCPayloadSequence', value: [{ cCContents: { kind: 'threeGPP33128DefinedCC', value: cc } }] })))[0]!;
  assert.equal(r.kind, 'data-content');
  assert.deepEqual(r.summary.kind === 'data-content' && r.summary.dnsQueries, ['cc.example.org']);
});

test('decodeRecords: registration with location, bad 33.128 payload as other', () => {
  const reg = decodeRecords(decodePsPdu(f.iri33128(9, 0, f.T0, {
    kind: 'deregistration',
    value: { deregistrationDirection: 'uEInitiated', accessType: 'threeGPPAccess', sUPI: { kind: 'iMSI', value: f.TARGET_IMSI }, pEI: { kind: 'iMEI', value: '35209900176148' } },
  })))[0]!;
  assert.equal(reg.kind, 'registration');
  assert.ok(reg.identities.includes('imei:35209900176148'));
  const bad = decodeRecords(decodePsPdu(f.pdu(f.header(9, 1, f.T0), { kind: 'iRIPayloadSequence', value: [{ iRIContents: { kind: 'threeGPP33128DefinedIRI', value: Uint8Array.of(0x30, 0x00) } }] })))[0]!;
  assert.equal(bad.kind, 'other');
  assert.ok(bad.summary.kind === 'other' && bad.summary.detail?.startsWith('TS33128_'));
});

test('bounded fuzz: mutated PS-PDUs either fail decodePsPdu with its typed error or index cleanly', () => {
  let seed = 0x2545f491;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 0x1000000;
  const valid = [f.sipIri(0, f.T0, f.INVITE, f.IRIType.iRIBegin), f.rtpCc(1, f.T0, 0, 1, 1, f.toneFrame(0, 440)), f.iri33128(2, 0, f.T0, f.smsEvent), f.iri33128(3, 0, f.T0, f.locationEvent), f.iri33128(4, 0, f.T0, f.sessionEvent), f.ipcc(5, 0, f.T0, f.httpPacket()), f.ipcc(5, 1, f.T0, f.tlsPacket())];
  let indexed = 0;
  for (let i = 0; i < 3000; i++) {
    const base = valid[i % valid.length]!;
    const bytes = i % 10 === 9 ? Uint8Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256)) : base.slice();
    for (let m = 0; m < 1 + Math.floor(rand() * 4) && i % 10 !== 9; m++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
    let pdu;
    try {
      pdu = decodePsPdu(bytes);
    } catch (e) {
      assert.ok(e instanceof PsPduDecodeError, `decodePsPdu threw ${String(e)}`);
      continue;
    }
    const records = decodeRecords(pdu);
    assert.ok(records.length >= 1);
    JSON.stringify(records);
    indexed++;
  }
  assert.ok(indexed > 100, `only ${indexed} mutations decoded`);
});

function rtpRecord(id: number, atMs: number, direction: 'fromTarget' | 'toTarget', ssrc: number, rtpTimestamp: number, media: Uint8Array, payloadType = 0): MonitoringRecord {
  return {
    id, liid: 'L', channel: 'HI3', cin: 1, sequenceNumber: id, element: 0, timeStamp: new Date(atMs).toISOString(), receivedAt: new Date(atMs).toISOString(),
    operator: 'op', peer: 'mdf', kind: 'call-content', direction, identities: [], inSequence: true,
    evidence: { file: 'hi3.ber', offset: 0, length: 0 },
    summary: { kind: 'call-content', ssrc, rtpSequence: id, rtpTimestamp, payloadType, media: Buffer.from(media).toString('base64') },
  };
}

test('call audio: packets placed by RTP timestamp, lost ones leave silence, streams offset by time', () => {
  const a = f.toneFrame(0, 440);
  const b = f.toneFrame(1, 440);
  const c = f.toneFrame(2, 440);
  // Out of order, packet 1 of 0..3 lost, timestamps wrapping past 2^32.
  const base = 0xffffff00;
  const codes = callAudioCodes([rtpRecord(0, 0, 'fromTarget', 7, base, a), rtpRecord(1, 60, 'fromTarget', 7, (base + 480) >>> 0, c), rtpRecord(2, 40, 'fromTarget', 7, (base + 320) >>> 0, b)], { direction: 'fromTarget' });
  assert.equal(codes.length, 640);
  assert.deepEqual(codes.subarray(0, 160), a);
  assert.ok(codes.subarray(160, 320).every((x) => x === 0xff), 'lost packet is silence');
  assert.deepEqual(codes.subarray(320, 480), b);
  assert.deepEqual(codes.subarray(480, 640), c);
  // The other side starts 100 ms later (800 samples), in A-law: converted to µ-law.
  const other = callAudioCodes([rtpRecord(0, 0, 'fromTarget', 7, 0, a), rtpRecord(1, 100, 'toTarget', 9, 12345, encodeAlaw(new Array<number>(160).fill(1000)), 8)]);
  assert.equal(other.length, 960);
  assert.ok(other.subarray(800).every((x) => x === other[800] && x !== 0xff));
});

test('LIID directory names are safe and reversible', () => {
  for (const liid of ['LIID-T-1', '../etc', 'a/b', 'x y', '~7e', '.hidden', 'Ünïcode']) {
    const name = liidDirName(liid);
    assert.ok(!name.includes('/') && name !== '..' && !name.startsWith('.'), name);
    assert.equal(liidFromDirName(name), liid);
  }
  assert.equal(liidDirName('LIID-T-1'), 'LIID-T-1');
});

test('every error code is documented in docs/errors/monitoring.md', () => {
  const doc = readFileSync(new URL('../../docs/errors/monitoring.md', import.meta.url), 'utf8');
  for (const e of ERROR_CODES) assert.ok(doc.includes(`| ${e.code} |`), e.code);
});
