/**
 * Backpressure before refusal (issue 8 item 3): when the records the MDF has read but not yet made
 * durable and audited pass PAUSE_ABOVE (the audit log here answers nothing), the MDF stops reading
 * the POI's X2/X3 socket — TCP flow control holds the POI back — and refuses nothing; once the log
 * answers, reading resumes and every record is received. A real POI over mutual TLS on 127.0.0.1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startMediation, type MediationAlarm } from '../../src/mediation/mdf.ts';
import { PAUSE_ABOVE, RESUME_BELOW } from '../../src/mediation/delivery.ts';
import { X2X3Sender } from '../../src/wires/x2x3/sender.ts';
import { tlsConnector } from '../../src/wires/transport.ts';
import { callPdus, freePort, HOST, IDS, provisionTask, sleep, waitFor, mdfTestPki } from './restart-helpers.ts';
import { TEST_OUTBOX_KEY } from '../helpers/outbox-key.ts';

const pki = mdfTestPki('mdf-backpressure-');

test('an audit log that does not answer: X2/X3 reading pauses above the bound, nothing is refused, all is received once it answers', { timeout: 180_000 }, async (t) => {
  // The delivery-batch appends wait on this gate: records are durable but unaudited, so unreleased.
  let open: () => void = () => undefined;
  const gate = new Promise<void>((r) => (open = r));
  let gateOpen = false;
  const alarms: MediationAlarm[] = [];
  const mdf = await startMediation({
    outboxKey: TEST_OUTBOX_KEY,
    identifier: IDS.mdf, creds: pki.creds.get(IDS.mdf)!, bindHost: HOST, admfIdentifier: IDS.admf, allowedPois: [IDS.poi],
    dataDir: join(pki.root, 'mdf'),
    audit: { append: (e) => (e.type === 'mdf.delivery-batch' && !gateOpen ? gate : Promise.resolve()) },
    authorizationCountryCode: 'XX', deliveryCountryCode: 'XX', onAlarm: (a) => alarms.push(a),
  });
  const poi = new X2X3Sender({ endpoint: mdf.x2x3Endpoint, connector: tlsConnector(pki.creds.get(IDS.poi)!) });
  try {
    // The LEMF is offline (nothing listens): released records wait in the outbox, which never pauses anything.
    const lemf = { hi2: { host: HOST, port: await freePort() }, hi3: { host: HOST, port: await freePort() } };
    const task = await provisionTask(pki.creds.get(IDS.admf)!, mdf.x1Endpoint, lemf, { start: new Date(Date.now() - 60_000), end: new Date(Date.now() + 3_600_000) });
    const pdus = callPdus(task.xid, PAUSE_ABOVE, 0); // twice PAUSE_ABOVE: an X2 and an X3 PDU each
    poi.start();
    await waitFor('the POI to connect to the MDF', () => poi.connected);
    for (const p of pdus) assert.ok(poi.send(p), 'the POI queued the PDU');

    await waitFor('X2/X3 reading to pause', () => mdf.stats().paused, 60_000);
    // Paused: the count stops. A chunk being handled is finished, and the bound is checked every
    // 256 records, so it may pass PAUSE_ABOVE by a chunk's records — never by the rest of the stream.
    await sleep(500);
    const atPause = mdf.stats();
    await sleep(1000);
    const later = mdf.stats();
    t.diagnostic(`paused at ${atPause.received} received of ${pdus.length} sent, ${atPause.heldBack} held back (bound ${PAUSE_ABOVE})`);
    assert.equal(later.received, atPause.received, 'nothing more is read while paused');
    assert.ok(atPause.received > PAUSE_ABOVE, `${atPause.received} received: the pause came only past the bound`);
    assert.ok(atPause.received < PAUSE_ABOVE + 2000, `${atPause.received} received: reading stopped near the bound ${PAUSE_ABOVE}`);
    assert.ok(atPause.received < pdus.length, 'the rest waits at the POI (TCP flow control)');
    assert.ok(atPause.heldBack >= atPause.received, `${atPause.heldBack} held back: everything read (and the Annex J PDUs over it) is unreleased`);
    assert.deepEqual(atPause.refused, {}, 'backpressure refuses nothing');
    assert.ok(alarms.some((a) => a.code === 'MDF_BACKPRESSURE'), 'MDF_BACKPRESSURE alarmed');

    // The log answers: the held batches are audited, released, and reading resumes below RESUME_BELOW.
    gateOpen = true;
    open();
    await waitFor('every PDU to be received', () => mdf.stats().received === pdus.length, 60_000);
    await waitFor('everything to be durable and audited', () => mdf.stats().heldBack === 0, 30_000);
    const end = mdf.stats();
    assert.equal(end.paused, false);
    assert.deepEqual(end.refused, {}, 'nothing refused at any point');
    assert.equal(end.delivered, pdus.length, 'every record released to the sender (the LEMF is offline: queued in the outbox)');
    const cleared = alarms.findIndex((a) => a.code === 'MDF_BACKPRESSURE_CLEARED');
    assert.ok(cleared > alarms.findIndex((a) => a.code === 'MDF_BACKPRESSURE'), `MDF_BACKPRESSURE_CLEARED after MDF_BACKPRESSURE (resumes below ${RESUME_BELOW})`);
  } finally {
    open();
    await poi.stop();
    await mdf.stop();
  }
});
