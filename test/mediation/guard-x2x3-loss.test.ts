/**
 * X2/X3 loss is reported, not hidden (issue 8 item 4; TS 103 221-2 §4.2.2, §5.3.9, Annex A.1.8): a POI
 * over real mutual TLS on 127.0.0.1 skips Sequence Numbers; the MDF alarms the gap, audits it with the
 * missing ranges and counts, and still delivers the records that did arrive (none is refused).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startMediation, type MediationAlarm } from '../../src/mediation/mdf.ts';
import { PayloadDirection, PayloadFormat, PduType, X2X3_VERSION, type X2X3Pdu } from '../../src/standards/x2x3/index.ts';
import { rtpPacket } from '../../src/standards/x2x3/x2x3.fixtures.ts';
import { freePort, HOST, IDS, provisionTask, sendFromPoi, waitFor, mdfTestPki } from './restart-helpers.ts';
import { TEST_OUTBOX_KEY } from '../helpers/outbox-key.ts';

const pki = mdfTestPki('mdf-x2x3-loss-');

function rtp(xid: string, sequenceNumber: number, correlationId: bigint): X2X3Pdu {
  const ms = Date.now();
  return {
    version: X2X3_VERSION, pduType: PduType.X3, payloadFormat: PayloadFormat.RtpPacket, payloadDirection: PayloadDirection.FromTarget, xid, correlationId,
    attributes: [
      { kind: 'sequenceNumber', value: sequenceNumber },
      { kind: 'timestamp', value: { seconds: Math.floor(ms / 1000), nanoseconds: (ms % 1000) * 1_000_000 } },
      { kind: 'matchedTargetIdentifier', value: '<e164Number>447700900123</e164Number>' },
    ],
    payload: rtpPacket(sequenceNumber),
  };
}

test('a POI that skips sequence numbers: the gap is alarmed, audited with its range and counted; the rest is delivered', { timeout: 120_000 }, async () => {
  const audit: { type: string; subject?: string; details: Record<string, unknown> }[] = [];
  const alarms: MediationAlarm[] = [];
  const mdf = await startMediation({
    outboxKey: TEST_OUTBOX_KEY,
    identifier: IDS.mdf, creds: pki.creds.get(IDS.mdf)!, bindHost: HOST, admfIdentifier: IDS.admf, allowedPois: [IDS.poi],
    dataDir: join(pki.root, 'mdf'), audit: { append: (e) => Promise.resolve(audit.push(e)) },
    authorizationCountryCode: 'XX', deliveryCountryCode: 'XX', onAlarm: (a) => alarms.push(a),
  });
  try {
    const lemf = { hi2: { host: HOST, port: await freePort() }, hi3: { host: HOST, port: await freePort() } };
    const task = await provisionTask(pki.creds.get(IDS.admf)!, mdf.x1Endpoint, lemf, { start: new Date(Date.now() - 60_000), end: new Date(Date.now() + 3_600_000) });
    // Call 7: 0-2, then 5-6 (3 and 4 lost), then 10 (7-9 lost). Call 8: 0-3, a duplicate 3, in order otherwise.
    const pdus = [0, 1, 2, 5, 6, 10].map((n) => rtp(task.xid, n, 7n)).concat([0, 1, 2, 3, 3].map((n) => rtp(task.xid, n, 8n)));
    await sendFromPoi(pki.creds.get(IDS.poi)!, mdf.x2x3Endpoint, pdus, () => Promise.resolve(mdf.stats().received >= pdus.length));

    assert.deepEqual(mdf.stats().refused, {}, 'loss is reported; the records that arrived are not refused');
    const gap = alarms.filter((a) => a.code === 'MDF_X2X3_SEQUENCE_GAP');
    assert.equal(gap.length, 1, 'one alarm per POI and XID per period');
    assert.equal(gap[0]!.xid, task.xid);
    assert.equal(gap[0]!.poi, IDS.poi);
    assert.match(gap[0]!.detail, /numbers 3-4/);
    await waitFor('the loss to be audited', () => audit.some((e) => e.type === 'mdf.x2x3-loss'), 5000);
    const loss = audit.filter((e) => e.type === 'mdf.x2x3-loss');
    assert.equal(loss.length, 1);
    assert.equal(loss[0]!.subject, task.xid);
    assert.deepEqual(
      { poi: loss[0]!.details.poi, lost: loss[0]!.details.lost, gaps: loss[0]!.details.gaps, duplicates: loss[0]!.details.duplicates, missing: loss[0]!.details.missing },
      { poi: IDS.poi, lost: 5, gaps: 2, duplicates: 1, missing: [{ stream: '7/X3', from: 3, to: 4 }, { stream: '7/X3', from: 7, to: 9 }] },
    );
  } finally {
    await mdf.stop();
  }
});
