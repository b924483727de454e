/**
 * A rogue task on a network element is found by reconciliation (issue #4; the Athens-affair
 * pattern). An insider holding the ADMF's credentials activates a task directly on an operator's
 * POI over X1 (TS 103 221-1 ActivateTask, a made-up XID, no warrant) for a subscriber nobody has a
 * warrant for. The POI obeys and emits X2 for it; mediation must drop every such PDU (no live task
 * for the XID) with an alarm, nothing about the subscriber may reach the LEMF, and the ADMF's
 * reconciliation (ListAllDetails against the warrants) must report the task, alarm, audit it and
 * deactivate it on the POI, leaving the warranted tasks alone.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { X1Client } from '../../src/wires/x1/index.ts';
import { ADMF } from './in-process/system.ts';
import { activityFor, auditEvents, eventsOf, identityTags, lemfRecords, recordNames, serveWarrant, sleep, startSystem, waitFor, type Subscriber, type SystemHarness } from './harness.ts';
import { assertCapturedHi1Valid } from '../helpers/hi1-capture.ts';
import { validatorsSkipReason } from '../helpers/validators.ts';

let h: SystemHarness;
before(async () => {
  h = await startSystem({ name: 'rogue', subscribers: 150, seed: 31 });
}, { timeout: 180_000 });
after(async () => {
  await h.close();
});

test('a task activated on a POI behind the ADMF is dropped by mediation and removed by reconciliation', { timeout: 180_000 }, async (t) => {
  h.startTraffic(60_000);
  const { rec, tasks } = await serveWarrant(h, 120);
  const poiId = `${h.opB.id}-5gc`;
  const endpoint = h.sys.networks.find((n) => n.operatorId === h.opB.id)!.x1Endpoints.get(poiId)!;
  const victimIndex = (h.targets.b.index + 29) % h.opB.size;
  const victim: Subscriber = { operator: h.opB, index: victimIndex, msisdn: h.opB.msisdnOf(victimIndex) };
  assert.notEqual(victim.msisdn, h.targets.b.msisdn);

  // The insider: the ADMF's certificate, straight to the POI's /X1/NE, no warrant, no provisioning.
  const insider = new X1Client({ creds: h.sys.creds.get(ADMF)!, endpoint, admfIdentifier: ADMF, neIdentifier: poiId });
  const rogueXid = randomUUID();
  const poiStats = () => h.sys.networks.flatMap((n) => n.stats()).find((s) => s.identifier === poiId)!;
  const emitted = () => {
    const c = poiStats().byXid[rogueXid];
    return c ? c.x2 + c.x3 : 0;
  };
  try {
    const listed = await insider.request({ messageType: 'ListAllDetailsRequest' });
    const did = listed.listOfDIDs[0];
    assert.ok(did, 'the POI has the MDF ingest destination the ADMF created');
    await insider.request({ messageType: 'ActivateTaskRequest', taskDetails: { xId: rogueXid, targetIdentifiers: [{ kind: 'e164Number', value: victim.msisdn }], deliveryType: 'X2andX3', listOfDIDs: [did] } });
    assert.ok((await insider.request({ messageType: 'ListAllDetailsRequest' })).listOfXIDs.includes(rogueXid), 'the POI runs the rogue task');

    // The victim texts, browses and moves; the POI emits X2/X3 for the rogue XID.
    await activityFor(h, [victim, h.targets.b], 3000, 300, 1);
    await waitFor('the POI emitting for the rogue XID and mediation refusing it', () => emitted() > 0 && (h.sys.mediation.stats().refused.MDF_UNKNOWN_XID ?? 0) > 0);

    // Reconciliation finds it, alarms, audits and deactivates it.
    const reconciledAt = Date.now();
    const report = await h.sys.provisioning.reconcile();
    assert.deepEqual(report.rogue, [{ element: poiId, xid: rogueXid }]);
    assert.deepEqual(report.missing, []);
    assert.deepEqual(report.unreachable, []);
    const listedAfter = await insider.request({ messageType: 'ListAllDetailsRequest' });
    assert.ok(!listedAfter.listOfXIDs.includes(rogueXid), 'ListAllDetails no longer lists the rogue task');
    const warranted = tasks.filter((x) => x.operatorId === h.opB.id).map((x) => x.xid);
    assert.equal(warranted.length, 2);
    assert.ok(warranted.every((x) => listedAfter.listOfXIDs.includes(x)), 'the warranted tasks stay');
    const emittedAtReconcile = emitted();

    // The victim keeps using the network: the POI emits nothing more for the XID.
    await activityFor(h, [victim], 1500, 300, 5);
    await h.settle();
    await sleep(1200); // the MDF audits refusals once per second
    assert.equal(emitted(), emittedAtReconcile, 'no PDU for the rogue XID after its deactivation');
    assert.ok(eventsOf(h, victim, reconciledAt).length > 0, 'the victim used the network after reconciliation');
    assert.ok(eventsOf(h, victim).some((e) => e.element !== 'ims'), 'the victim had events the 5GC POI sees');

    // Mediation dropped every PDU of the rogue XID, with an alarm and an audit trail.
    const m = h.sys.mediation.stats();
    assert.equal(m.refused.MDF_UNKNOWN_XID, emittedAtReconcile, 'every rogue PDU refused as MDF_UNKNOWN_XID');
    assert.ok(h.sys.alarms.some((a) => a.source === 'mediation' && a.code === 'MDF_UNKNOWN_XID'));
    assert.ok(h.sys.alarms.some((a) => a.source === 'provisioning' && a.code === 'PROVISIONING_ROGUE_TASK' && a.detail.includes(rogueXid)));
    assert.ok(!m.destinations.some((d) => d.queued > 0));

    // Nothing about the victim at the LEMF, in any LIID; the only LIID is the warrant's.
    assert.deepEqual(h.sys.lemf.store.as('system-test').liids(), [rec.liid]);
    // (A warranted target's own call or SMS with the victim names the victim as the other party:
    // that is the target's communication, lawfully delivered, so records naming a target are set apart.)
    const tags = identityTags(victim);
    const targetTags = [...identityTags(h.targets.a), ...identityTags(h.targets.b)];
    const leaked = lemfRecords(h).filter((r) => recordNames(r, tags) && !recordNames(r, targetTags));
    assert.deepEqual(leaked.map((r) => `${r.kind} ${r.timeStamp ?? ''}`), [], 'records naming the victim reached the LEMF');
    assert.ok(lemfRecords(h, rec.liid).length > 0, 'the warranted target is still delivered');

    // The audit log: the refusals (counted), the rogue task found, its X1 deactivation.
    const events = await auditEvents(h);
    const refusedEvents = events.filter((e) => e.type === 'mdf.record-refused' && e.subject === rogueXid);
    assert.ok(refusedEvents.length > 0 && refusedEvents.every((e) => e.details.code === 'MDF_UNKNOWN_XID' && e.details.poi === poiId));
    assert.equal(
      refusedEvents.reduce((n, e) => n + Number(e.details.count), 0),
      emittedAtReconcile,
      'the audited refusal counts add up to what the POI emitted',
    );
    const found = events.find((e) => e.type === 'provisioning.rogue-task' && e.subject === rogueXid);
    assert.ok(found, 'provisioning.rogue-task audited');
    assert.equal(found.details.element, poiId);
    const deactivation = events.filter(
      (e) => e.type === 'x1.exchange' && e.subject === poiId && Array.isArray(e.details.requestTypes) && e.details.requestTypes.includes('DeactivateTaskRequest') && Date.parse(e.at) >= Date.parse(found.at),
    );
    assert.equal(deactivation.length, 1, 'one audited DeactivateTask to the POI');
    assert.equal(deactivation[0]!.details.error, null);
    // The insider's own exchanges never went through the ADMF: no x1.exchange audits an ActivateTask for it.
    assert.equal(events.filter((e) => e.type === 'provisioning.task-activating' && e.subject === rogueXid).length, 0);

    t.diagnostic(`rogue XID: ${emittedAtReconcile} PDUs emitted by ${poiId}, all refused; reconciliation ${Date.parse(found.at) - reconciledAt} ms after it started`);
  } finally {
    insider.close();
  }
});

// Every HI-1 document of this run, requests and responses, against the official TS 103 120 XSDs
// and our extension schema (docs/hi1.md "How it is validated").
test('every HI-1 document exchanged in this run validates (validate-hi1.sh + warranted-hi1-1.xsd)', { skip: validatorsSkipReason }, () => {
  assertCapturedHi1Valid(h.hi1, 12);
});
