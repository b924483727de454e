/**
 * Fail closed when the audit log is unavailable (issue #4). While a warrant is active and the LEMF
 * is receiving, the audit log starts refusing appends (as when its disk fills or its store goes
 * away). Mediation must stop delivering at once (nothing it cannot account for leaves the MDF),
 * raise an alarm, and the warrant desk must refuse a new warrant over HI-1 without storing it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AuditUnavailableError, type AuditEvent } from '../../src/audit/index.ts';
import { demoWarrantDraft } from './in-process/warrant-flow.ts';
import { firstResponse, Hi1ActionRefused } from '../../src/warrants/desk/index.ts';
import { activityFor, eventsOf, lemfRecords, serveWarrant, sleep, startSystem, waitFor, type SystemHarness } from './harness.ts';
import { assertCapturedHi1Valid } from '../helpers/hi1-capture.ts';
import { validatorsSkipReason } from '../helpers/validators.ts';

let h: SystemHarness;
before(async () => {
  h = await startSystem({ name: 'fail-closed', subscribers: 150, seed: 23 });
}, { timeout: 180_000 });
after(async () => {
  await h.close();
});

test('audit log refusing appends: mediation stops delivering, alarm, HI-1 refuses a new warrant and stores nothing', { timeout: 180_000 }, async (t) => {
  h.startTraffic(60_000);
  const { rec } = await serveWarrant(h, 120);
  await activityFor(h, [h.targets.a, h.targets.b], 2500);
  await waitFor('records at the LEMF', () => lemfRecords(h, rec.liid).length > 0);
  assert.equal(h.sys.mediation.stats().failedClosed, false);

  // From now on the audit log refuses every append (the same error its closed store gives).
  const audit = h.sys.audit;
  const realAppend = audit.append.bind(audit);
  const refusedAppends: AuditEvent[] = [];
  audit.append = (event: AuditEvent) => {
    refusedAppends.push(event);
    return Promise.reject(new AuditUnavailableError('audit store unavailable (test)'));
  };
  const failedFrom = Date.now();

  // The target keeps calling, texting and browsing; the MDF's next audit event fails and it closes.
  const rounds = activityFor(h, [h.targets.a, h.targets.b], 4000, 400, 1);
  await waitFor('mediation failed closed', () => h.sys.mediation.stats().failedClosed);
  const alarm = h.sys.alarms.find((a) => a.source === 'mediation' && a.code === 'MDF_AUDIT_UNAVAILABLE');
  assert.ok(alarm, 'MDF_AUDIT_UNAVAILABLE alarm raised');
  const closedAt = Date.parse(alarm.at);
  const deliveredAtClose = h.sys.mediation.stats().delivered;

  // A new warrant over HI-1 while the log is down: refused, nothing stored, nothing provisioned.
  const exchangesBefore = h.sys.provisioning.exchanges;
  const other = h.opA.msisdnOf((h.targets.a.index + 1) % h.opA.size);
  const draft = { ...demoWarrantDraft({ msisdn: { kind: 'e164Number', value: other }, imei: { kind: 'imei', value: h.opB.imeiOf(0) } }, new Date(), new Date(Date.now() + 60_000)), id: randomUUID() };
  let refusal: unknown;
  try {
    firstResponse(await h.desk.client('pk-police').submitWarrant(draft));
  } catch (e) {
    refusal = e;
  }
  assert.ok(refusal instanceof Hi1ActionRefused, `the desk refused the CREATE over HI-1 (got ${String(refusal)})`);
  t.diagnostic(`HI-1 refusal: ${refusal.errorCode} ${refusal.errorDescription}`);
  assert.equal(await h.desk.service.get(draft.id), undefined, 'nothing stored');
  assert.ok(!(await h.desk.service.list()).some((w) => w.warrant.id === draft.id));

  await rounds;
  await sleep(500);
  await h.settle();
  const m = h.sys.mediation.stats();

  // Mediation delivered nothing after it closed, though X2/X3 kept arriving and was refused.
  assert.equal(m.failedClosed, true);
  assert.equal(m.delivered, deliveredAtClose, 'no record queued for the LEMF after failing closed');
  assert.ok((m.refused.MDF_AUDIT_UNAVAILABLE ?? 0) > 0, 'X2/X3 refused with MDF_AUDIT_UNAVAILABLE');
  const records = lemfRecords(h, rec.liid);
  const afterClose = records.filter((r) => r.timeStamp !== undefined && Date.parse(r.timeStamp) > closedAt);
  assert.deepEqual(afterClose.map((r) => `${r.kind} ${r.timeStamp ?? ''}`), [], 'records intercepted after the MDF failed closed');
  // ... and the target was active all along (ground truth).
  assert.ok(eventsOf(h, h.targets.a, closedAt).length > 0, 'the target used the network after the failure');

  // Nothing was provisioned for the refused warrant, and the log itself did not grow.
  assert.equal(h.sys.provisioning.exchanges, exchangesBefore, 'no X1 exchange for the refused warrant');
  assert.ok(!h.sys.provisioning.expectedTasks().some((x) => x.warrantId === draft.id));
  assert.ok(refusedAppends.some((e) => e.actor === 'mdf'), 'mediation tried to audit and was refused');
  const restoredAt = Date.now();
  audit.append = realAppend;
  // (Appends already queued when the log went down may still land; nothing made after it did.)
  await waitFor('mediation resumed once the log accepts events again', () => !h.sys.mediation.stats().failedClosed);
  const logged = (await audit.entries(0)).map((e) => e.event);
  assert.deepEqual(logged.filter((e) => Date.parse(e.at) > failedFrom && Date.parse(e.at) < restoredAt).map((e) => e.type), [], 'entries made while the log refused');
  // The MDF's first event once the log is back records the outage, before anything held back is released.
  const mdfAfter = logged.filter((e) => e.actor === 'mdf' && Date.parse(e.at) >= restoredAt);
  assert.equal(mdfAfter[0]?.type, 'mdf.audit-restored', `first MDF event after the outage: ${mdfAfter.map((e) => e.type).join(', ')}`);
  assert.ok(Number((mdfAfter[0].details as { refusedMeanwhile?: number }).refusedMeanwhile) > 0, 'the outage record counts what was refused meanwhile');

  t.diagnostic(`failed closed ${closedAt - failedFrom} ms after the log went down; delivered ${deliveredAtClose}; refused MDF_AUDIT_UNAVAILABLE ${m.refused.MDF_AUDIT_UNAVAILABLE ?? 0}; records at LEMF ${records.length}`);
});

// Every HI-1 document of this run, requests and responses, against the official TS 103 120 XSDs
// and our extension schema (docs/hi1.md "How it is validated").
test('every HI-1 document exchanged in this run validates (validate-hi1.sh + warranted-hi1-1.xsd)', { skip: validatorsSkipReason }, () => {
  assertCapturedHi1Valid(h.hi1, 12);
});
