/**
 * A real reference LEMF fed real HI2/HI3 PS-PDUs (built with the project's codecs, test/monitoring
 * fixtures) over mutual TLS, whose `onRecords` feeds a console query store: the shared set-up of the
 * console store and API tests.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDemoPki, type Credentials } from '../../src/platform/pki.ts';
import { encodePsPdu } from '../../src/standards/hi2hi3/index.ts';
import { Hi2Hi3Sender, MemoryDeliveryQueue } from '../../src/wires/hi2hi3/sender.ts';
import { tlsConnector } from '../../src/wires/transport.ts';
import { startMonitoringCentre, type MonitoringCentre, type MonitoringRecord } from '../../src/monitoring/index.ts';
import { TEST_EVIDENCE_KEY } from '../helpers/evidence-key.ts';
import * as f from '../monitoring/fixtures.ts';

export { f };
export const LIID_B = 'LIID-T-2';

export interface LemfFixture {
  dir: string;
  lemf: MonitoringCentre;
  creds: Map<string, Credentials>;
  deliver(channel: 'HI2' | 'HI3', pdus: Uint8Array[]): Promise<void>;
  close(): Promise<void>;
}

/** Starts a LEMF whose stored records go to `onRecords`. */
export async function startLemf(onRecords: (records: readonly MonitoringRecord[]) => void): Promise<LemfFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'console-lemf-'));
  const creds = await ensureDemoPki(join(dir, 'pki'), ['mdf', 'lemf-ag']);
  const lemf = await startMonitoringCentre({
    id: 'lemf-ag',
    creds: creds.get('lemf-ag')!,
    host: '127.0.0.1',
    dataDir: join(dir, 'data'),
    evidenceKey: TEST_EVIDENCE_KEY,
    sequenceContext: 'liid-cin',
    acceptPeers: ['mdf'],
    onRecords,
  });
  let sent = 0;
  const deliver = async (channel: 'HI2' | 'HI3', pdus: Uint8Array[]): Promise<void> => {
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
    sent += pdus.length;
    for (let t = 0; t < 8000 && lemf.stats().pdus.HI2 + lemf.stats().pdus.HI3 < sent; t += 10) await sleep(10);
    assert.equal(lemf.stats().pdus.HI2 + lemf.stats().pdus.HI3, sent, 'every PDU received');
  };
  return {
    dir,
    lemf,
    creds,
    deliver,
    close: async () => {
      await lemf.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * RTP packets per direction of a call whose audio lasts as its SIP signalling says: 20 ms of G.711
 * each (the default packetisation of RFC 3551 §4.2) from the 200 OK (T0 + 2 s) to the BYE (T0 + 5 s).
 */
export const FULL_CALL_RTP = 150;

/**
 * The scenario of test/monitoring/lemf.test.ts: a call with G.711 both ways, an SMS, locations, a data
 * session with DNS, TLS SNI and HTTP. `rtpPerDirection` (default 5, 100 ms of audio) RTP packets each
 * way from the 200 OK on; FULL_CALL_RTP fills the call to its BYE. `sms`: HI2 PS-PDUs delivered in
 * place of the hand-written SMS (f.smsEvent), e.g. the network's own (sms-from-network.ts).
 */
export async function deliverScenario(fx: LemfFixture, o: { rtpPerDirection?: number; sms?: Uint8Array[] } = {}): Promise<void> {
  const n = o.rtpPerDirection ?? 5;
  await fx.deliver('HI2', [
    f.sipIri(0, f.T0, f.INVITE, f.IRIType.iRIBegin),
    f.sipIri(1, f.T0 + 2000, f.OK_200, f.IRIType.iRIContinue),
    // The call's sequence numbers (LIID, CIN) run through the RTP of HI3 (2 … 2n + 1) to the BYE.
    f.sipIri(2 + 2 * n, f.T0 + 5000, f.BYE, f.IRIType.iRIEnd),
    ...(o.sms ?? [f.iri33128(f.SMS_CIN, 0, f.T0 + 6000, f.smsEvent)]),
    f.iri33128(f.LOCATION_CIN, 0, f.T0 + 7000, f.locationEvent),
    f.iri33128(f.LOCATION_CIN, 1, f.T0 + 8000, f.locationEvent),
    f.iri33128(f.DATA_CIN, 3, f.T0 + 9000, f.sessionEvent, f.IRIType.iRIBegin, 'opA-upf'),
  ]);
  const rtp: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    rtp.push(f.rtpCc(2 + 2 * i, f.T0 + 2000 + 20 * i, f.PayloadDirection.fromTarget, 0x1111, i, f.toneFrame(i, 440)));
    rtp.push(f.rtpCc(3 + 2 * i, f.T0 + 2000 + 20 * i, f.PayloadDirection.toTarget, 0x2222, 100 + i, f.toneFrame(i, 300)));
  }
  await fx.deliver('HI3', [...rtp, f.ipcc(f.DATA_CIN, 0, f.T0 + 9100, f.dnsPacket()), f.ipcc(f.DATA_CIN, 1, f.T0 + 9200, f.tlsPacket()), f.ipcc(f.DATA_CIN, 2, f.T0 + 9300, f.httpPacket())]);
  // A second warrant naming the same peer (common contacts).
  await fx.deliver('HI2', [f.pdu(f.header(f.CALL_CIN, 0, f.T0 + 100, 'opA-ims', LIID_B), { kind: 'iRIPayloadSequence', value: [{ iRIType: f.IRIType.iRIBegin, timeStamp: new Date(f.T0 + 100), iRIContents: { kind: 'iPMMIRI', value: { iPMMIRIContents: { kind: 'sIPMessage', value: { iPSourceAddress: { iPType: 0, iPValue: { kind: 'iPTextAddress', value: '100.64.0.9' } }, iPDestinationAddress: { iPType: 0, iPValue: { kind: 'iPTextAddress', value: '100.67.255.254' } }, sIPContent: f.INVITE } } } } }] })]);
}

/** Records the LEMF holds for the scenario's first LIID, by kind (with the default 5 RTP packets each way). */
export const SCENARIO_COUNTS = { 'call-iri': 3, 'call-content': 10, sms: 1, location: 2, registration: 0, 'data-session': 1, 'data-content': 3, other: 0 };
/** The same with `rtpPerDirection` packets each way and `sms` SMS records in place of the one. */
export const scenarioCounts = (rtpPerDirection: number, sms = SCENARIO_COUNTS.sms): typeof SCENARIO_COUNTS => ({ ...SCENARIO_COUNTS, 'call-content': 2 * rtpPerDirection, sms });
