/**
 * The MDF records X1 TaskStatus (TS 103 221-1 §6.4.2: amountOfX2Data, amountOfX3Data,
 * timeOfLastIntercept) for the records it delivers, adding up a run of one XID and PDU type per chunk
 * (mdf.ts) rather than one call per record. GetTaskDetails must still count every delivered record of
 * each type, interleaved or not, and no refused one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startMediation } from '../../src/mediation/mdf.ts';
import { PayloadDirection, PayloadFormat, PduType, X2X3_VERSION, type X2X3Pdu } from '../../src/standards/x2x3/index.ts';
import { ipv4UdpPacket, rtpPacket } from '../../src/standards/x2x3/x2x3.fixtures.ts';
import { callPdus, freePort, HOST, IDS, provisionTask, sendFromPoi, x1Client, mdfTestPki } from './restart-helpers.ts';
import { TEST_OUTBOX_KEY } from '../helpers/outbox-key.ts';

const pki = mdfTestPki('mdf-x1-counts-');

/** X3 content whose Matched Target Identifier is not the task's: refused MDF_TARGET_MISMATCH-style, never counted. */
function otherTarget(xid: string, n: number): X2X3Pdu {
  return {
    version: X2X3_VERSION, pduType: PduType.X3, payloadFormat: PayloadFormat.Ipv4Packet, payloadDirection: PayloadDirection.FromTarget, xid, correlationId: 9n,
    attributes: [{ kind: 'sequenceNumber', value: n }, { kind: 'matchedTargetIdentifier', value: '<e164Number>447700900999</e164Number>' }],
    payload: ipv4UdpPacket(rtpPacket(n)),
  };
}

test('GetTaskDetails counts every delivered X2 and X3 record (runs added up per chunk) and no refused one', { timeout: 120_000 }, async () => {
  const mdf = await startMediation({
    outboxKey: TEST_OUTBOX_KEY,
    identifier: IDS.mdf, creds: pki.creds.get(IDS.mdf)!, bindHost: HOST, admfIdentifier: IDS.admf, allowedPois: [IDS.poi],
    dataDir: join(pki.root, 'mdf'), audit: { append: () => Promise.resolve() },
    authorizationCountryCode: 'XX', deliveryCountryCode: 'XX',
  });
  const x1 = x1Client(pki.creds.get(IDS.admf)!, mdf.x1Endpoint);
  try {
    const lemf = { hi2: { host: HOST, port: await freePort() }, hi3: { host: HOST, port: await freePort() } };
    const task = await provisionTask(pki.creds.get(IDS.admf)!, mdf.x1Endpoint, lemf, { start: new Date(Date.now() - 1000), end: new Date(Date.now() + 3_600_000) });
    const status = async () => (await x1.request({ messageType: 'GetTaskDetailsRequest', xId: task.xid })).taskResponseDetails.taskStatus;
    const before = await status();
    assert.equal(before.amountOfX2Data ?? 0, 0);
    assert.equal(before.amountOfX3Data ?? 0, 0);

    // X2 and X3 alternate (runs of one), then a run of X3 only, then refused records in between.
    const t0 = Date.now();
    const first = callPdus(task.xid, 40, 0);
    const refused = Array.from({ length: 15 }, (_, i) => otherTarget(task.xid, i));
    const third = callPdus(task.xid, 25, 40).filter((p) => p.pduType === PduType.X3);
    const all = [...first, ...refused, ...third];
    await sendFromPoi(pki.creds.get(IDS.poi)!, mdf.x2x3Endpoint, all, () => Promise.resolve(mdf.stats().received >= all.length));
    const refusedCount = Object.values(mdf.stats().refused).reduce((a, b) => a + b, 0);
    assert.equal(refusedCount, 15, JSON.stringify(mdf.stats().refused));
    const s = await status();
    assert.equal(s.amountOfX2Data, 40);
    assert.equal(s.amountOfX3Data, 65);
    assert.ok(s.timeOfLastIntercept !== undefined, 'a time of last intercept');
    const last = Date.parse(s.timeOfLastIntercept.replace(/(\.\d{3})\d*Z$/, '$1Z'));
    assert.ok(last >= t0 - 1000 && last <= Date.now() + 1000, s.timeOfLastIntercept);
  } finally {
    x1.close();
    await mdf.stop();
  }
});
