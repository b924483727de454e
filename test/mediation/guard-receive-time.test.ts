/**
 * The MDF takes a record's receive time once per chunk read from the POI's connection (mdf.ts, the
 * receiver's onData), not once per record. The guard's window (TS 103 221-1 Annex C StartTime) must
 * still follow the clock from chunk to chunk: records received before the task's start are refused
 * MDF_TASK_NOT_STARTED; the same POI's later records, once the clock has passed the start, go through.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startMediation } from '../../src/mediation/mdf.ts';
import { PayloadDirection, PayloadFormat, PduType, X2X3_VERSION, type X2X3Pdu } from '../../src/standards/x2x3/index.ts';
import { ipv4UdpPacket, rtpPacket } from '../../src/standards/x2x3/x2x3.fixtures.ts';
import { freePort, HOST, IDS, provisionTask, sendFromPoi, mdfTestPki } from './restart-helpers.ts';
import { TEST_OUTBOX_KEY } from '../helpers/outbox-key.ts';

const pki = mdfTestPki('mdf-receive-time-');

/** IPv4 content stamped at `ms` (the POI's interception time, inside the window for both batches). */
function packet(xid: string, n: number, ms: number): X2X3Pdu {
  return {
    version: X2X3_VERSION, pduType: PduType.X3, payloadFormat: PayloadFormat.Ipv4Packet, payloadDirection: PayloadDirection.FromTarget, xid, correlationId: 1n,
    attributes: [
      { kind: 'sequenceNumber', value: n },
      { kind: 'timestamp', value: { seconds: Math.floor(ms / 1000), nanoseconds: (ms % 1000) * 1_000_000 } },
      { kind: 'matchedTargetIdentifier', value: '<e164Number>447700900123</e164Number>' },
    ],
    payload: ipv4UdpPacket(rtpPacket(n)),
  };
}

test('the receive time follows the clock from chunk to chunk: refused before the start time, accepted after it', { timeout: 120_000 }, async () => {
  let offsetMs = 0;
  const mdf = await startMediation({
    outboxKey: TEST_OUTBOX_KEY,
    identifier: IDS.mdf, creds: pki.creds.get(IDS.mdf)!, bindHost: HOST, admfIdentifier: IDS.admf, allowedPois: [IDS.poi],
    dataDir: join(pki.root, 'mdf'), audit: { append: () => Promise.resolve() },
    authorizationCountryCode: 'XX', deliveryCountryCode: 'XX',
    now: () => new Date(Date.now() + offsetMs),
  });
  try {
    const lemf = { hi2: { host: HOST, port: await freePort() }, hi3: { host: HOST, port: await freePort() } };
    const start = Date.now() + 600_000;
    const task = await provisionTask(pki.creds.get(IDS.admf)!, mdf.x1Endpoint, lemf, { start: new Date(start), end: new Date(start + 3_600_000) });
    const stamped = start + 1000;
    const early = Array.from({ length: 20 }, (_, i) => packet(task.xid, i, stamped));
    await sendFromPoi(pki.creds.get(IDS.poi)!, mdf.x2x3Endpoint, early, () => Promise.resolve(mdf.stats().received >= 20));
    assert.deepEqual(mdf.stats().refused, { MDF_TASK_NOT_STARTED: 20 });

    offsetMs = 660_000; // the MDF's clock is now past the task's start
    const late = Array.from({ length: 20 }, (_, i) => packet(task.xid, 20 + i, stamped));
    await sendFromPoi(pki.creds.get(IDS.poi)!, mdf.x2x3Endpoint, late, () => Promise.resolve(mdf.stats().received >= 40));
    assert.deepEqual(mdf.stats().refused, { MDF_TASK_NOT_STARTED: 20 }, 'the later chunks were received after the start');
  } finally {
    await mdf.stop();
  }
});
