/**
 * The transparency report computed from a verified log (issue 9 item 6): the story of
 * report-story.ts written through the real AuditLog, verified as `audit verify` verifies it
 * (structure, witness quorum, the law), and its report compared with totals worked out by hand.
 * A log that does not verify gets no report.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENTRIES_FILE, toBase64 } from '../../src/audit/index.ts';
import { AuditError } from '../../src/audit/errors.ts';
import { canonicalJsonBytes } from '../../src/audit/canonical-json.ts';
import {
  computeReport,
  formatReportJson,
  NOT_RECORDED,
  parsePeriod,
  periodFromTo,
  reportFromVerifiedLog,
  resolvePeriod,
  type TransparencyReport,
} from '../../src/audit/report/index.ts';
import { reportVerification } from '../../src/cli/audit/report-command.ts';
import { EXPECTED_2026, reportStory, ROGUE_XID, SPECS, W0, W1, W2, W3, W4, writeReportStory } from './report-story.ts';

async function report(period: string, events = reportStory()): Promise<TransparencyReport> {
  const log = await writeReportStory(events);
  return reportFromVerifiedLog(log.dir, log.keyFile, parsePeriod(period), { verification: reportVerification(log.dir) });
}

const order = (r: TransparencyReport, id: string) => {
  const o = r.orders.find((x) => x.warrantId === id);
  assert.ok(o, `order ${id} is in the report`);
  return o;
};

describe('transparency report from a verified log', () => {
  test('2026: totals, months, agencies and warrants are the sums of the batch counts', async () => {
    const r = await report('2026');
    assert.deepEqual(r.period, { from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
    assert.deepEqual(r.totals, EXPECTED_2026.totals);
    assert.equal(r.recordsByMonth.length, 12, 'every month of the period, zero or not');
    for (const m of r.recordsByMonth) {
      const [iri, content] = EXPECTED_2026.months[m.month] ?? [0, 0];
      assert.deepEqual([m.iriRecords, m.contentRecords, m.records], [iri, content, iri + content], m.month);
    }
    assert.deepEqual(
      r.recordsByAgency.map((a) => [a.agencyId, a.orders, a.iriRecords, a.contentRecords, a.records]),
      Object.entries(EXPECTED_2026.agencies).map(([id, a]) => [id, a.orders, a.iri, a.content, a.iri + a.content]),
    );
    assert.deepEqual(
      r.orders.map((o) => o.warrantId),
      [W1, W2, W3, W4],
      'W0 (December 2025) is not an order of 2026; the others in submission order',
    );
    for (const [id, [iri, content]] of Object.entries(EXPECTED_2026.perWarrant)) {
      const o = order(r, id);
      assert.deepEqual([o.iriRecords, o.contentRecords, o.records], [iri, content, iri + content], id);
    }
    assert.deepEqual(r.refusedByCode, Object.entries(EXPECTED_2026.refused).map(([code, count]) => ({ code, count })));
    assert.deepEqual(r.rogueTasks, [{ at: '2026-05-05T12:00:00.000Z', element: 'op-a-ims', xid: ROGUE_XID }]);
  });

  test('per order: the §2519 and IFTA 2013 fields', async () => {
    const r = await report('2026');
    const w1 = order(r, W1);
    assert.equal(w1.agencyId, 'pk-police');
    assert.equal(w1.kind, 'original');
    assert.equal(w1.decision, 'granted');
    assert.equal(w1.status, 'Expired');
    assert.deepEqual(
      w1.approvals.map((a) => a.role),
      ['minister', 'judge'],
      "IFTA 2013: the Minister's permission, then the Judge's warrant",
    );
    assert.equal(w1.offence, 'kidnapping for ransom');
    assert.equal(w1.interception, 'IRI and content');
    assert.deepEqual(w1.services, ['voice', 'sms']);
    assert.equal(w1.targets, 2);
    assert.deepEqual(w1.targetKinds, { IMEI: 1, MSISDN: 1 });
    assert.equal(w1.orderStart, SPECS.W1.start);
    assert.equal(w1.orderSeconds, 50 * 86_400, 'March 1 to April 20: 50 days');
    assert.equal(w1.extensions, 1, 'W3 renews it');
    assert.equal(w1.tasks, 2, 'one task per target per operator');
    assert.equal(w1.hiDelivery, 'HI2andHI3');
    // The MDF started each task 2 s after the warrant's start and stopped it at the end.
    assert.equal(w1.interceptionStart, new Date(Date.parse(SPECS.W1.start) + 2000).toISOString());
    assert.equal(w1.interceptionEnd, SPECS.W1.end);
    assert.equal(w1.interceptionSeconds, 50 * 86_400 - 2);
    assert.equal(w1.encryption, NOT_RECORDED);

    const w2 = order(r, W2);
    assert.equal(w2.interception, 'IRI only');
    assert.equal(w2.hiDelivery, 'HI2Only');
    assert.deepEqual(w2.targetKinds, { IMSI: 1 });

    const w3 = order(r, W3);
    assert.equal(w3.kind, 'renewal');
    assert.equal(w3.renews, W1);

    const w4 = order(r, W4);
    assert.equal(w4.decision, 'denied');
    assert.equal(w4.grantedAt, null);
    assert.equal(w4.interceptionStart, null, 'never intercepted');
    assert.equal(w4.tasks, 0);

    assert.ok(r.notRecorded.some((n) => n.field === 'encryption' && n.source.includes('§2519(2)(b)(iv)')));
    assert.ok(!r.notRecorded.some((n) => n.field === 'warrant terms'), 'every order here was logged with its terms');
  });

  test('a period ending mid-interception: only its records, the renewal still running at the cut', async () => {
    const r = await report('2026-03..2026-05');
    assert.equal(r.log.cut, '2026-06-01T00:00:00.000Z');
    assert.deepEqual(
      r.recordsByMonth.map((m) => m.month),
      ['2026-03', '2026-04', '2026-05'],
    );
    assert.equal(r.totals.iriRecords, 40 + 85 + 25);
    assert.equal(r.totals.contentRecords, 300 + 200 + 90);
    const w3 = order(r, W3);
    assert.equal(w3.status, 'Active', 'its expiry (June 10) is after the cut');
    assert.equal(w3.runningAtCut, true);
    assert.equal(w3.interceptionEnd, null);
    assert.equal(w3.interceptionSeconds, Math.round((Date.parse('2026-06-01T00:00:00.000Z') - Date.parse(SPECS.W3.start) - 2000) / 1000));
    assert.deepEqual([w3.iriRecords, w3.contentRecords], [10, 90], 'the June batch is outside the period');
  });

  test('December 2025 holds only W0; 2027 holds nothing', async () => {
    const r = await report('2025-12');
    assert.deepEqual(
      r.orders.map((o) => o.warrantId),
      [W0],
    );
    assert.equal(r.totals.records, 7);
    const empty = await report('2027');
    assert.equal(empty.totals.orders, 0);
    assert.equal(empty.totals.records, 0);
    assert.equal(empty.recordsByMonth.length, 12);
  });

  test('the same log and period give the same bytes; keys in the documented order', async () => {
    const log = await writeReportStory();
    const compute = async () => formatReportJson(await reportFromVerifiedLog(log.dir, log.keyFile, parsePeriod('2026'), { verification: reportVerification(log.dir) }));
    const a = await compute();
    assert.equal(await compute(), a);
    const parsed = JSON.parse(a) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ['format', 'period', 'log', 'totals', 'orders', 'recordsByMonth', 'recordsByAgency', 'refusedByCode', 'rogueTasks', 'notRecorded']);
    assert.match(a, /"rootHash": "[0-9a-f]{64}"/);
    assert.equal((parsed.log as { entries: number }).entries, reportStory().length);
  });

  test('a log without warrant terms reports "not recorded" for them and says how many', () => {
    const events = reportStory().map((e) => (e.type === 'warrant.submitted' ? { ...e, details: Object.fromEntries(Object.entries(e.details).filter(([k]) => k !== 'terms')) } : e));
    const r = computeReport(events, parsePeriod('2026'), { entries: events.length, rootHash: '0'.repeat(64) });
    const w1 = order(r, W1);
    for (const field of ['offence', 'legalBasis', 'interception', 'services', 'targets', 'targetKinds', 'operators', 'retentionDays', 'orderStart', 'orderEnd', 'orderSeconds'] as const) {
      assert.equal(w1[field], NOT_RECORDED, field);
    }
    assert.equal(r.totals.targets, NOT_RECORDED, 'a sum over unknown counts is not known');
    assert.equal(w1.records, 565, 'records do not depend on the terms');
    assert.match(r.notRecorded.find((n) => n.field === 'warrant terms')?.reason ?? '', /^4 of 4 orders/);
  });

  test('no target identity and no content in the report', async () => {
    const events = reportStory();
    // An identity tag that an event might carry in details must not travel into the report.
    for (const e of events) if (e.type === 'provisioning.task-activating') e.details.target = 'hmac-sha256:feedface';
    // Nor a target's salted commitment from the warrant's terms (only its kind is counted).
    for (const e of events) {
      if (e.type !== 'warrant.submitted') continue;
      const terms = e.details.terms as { targets: Record<string, unknown>[] };
      terms.targets = terms.targets.map((target) => ({ ...target, commitment: 'commit-v1:deadbeef' }));
    }
    const text = formatReportJson(await report('2026', events));
    assert.doesNotMatch(text, /hmac-sha256|feedface|commit-v1|deadbeef/);
    assert.doesNotMatch(text, /"sha256"|c{64}/, 'batch digests (of content) are not copied');
  });
});

describe('a log that does not verify gets no report', () => {
  const refused = async (p: Promise<unknown>, problem: string): Promise<void> => {
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof AuditError);
      assert.equal(e.code, 'AUDIT_REPORT_UNVERIFIED');
      assert.ok((e.details?.problems as string[]).includes(problem), `problems ${String(e.details?.problems)} include ${problem}`);
      return true;
    });
  };

  test('an entry edited after the fact (a batch count raised, chain not rebuilt)', async () => {
    const log = await writeReportStory();
    const file = join(log.dir, ENTRIES_FILE);
    const lines = readFileSync(file, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.length > 0 && Buffer.from((JSON.parse(l) as { leaf: string }).leaf, 'base64').toString().includes('"count":300'));
    assert.ok(i > 0, 'the story has the 300-record batch');
    const entry = JSON.parse(lines[i]!) as { index: number; leaf: string; prev: string };
    const event = JSON.parse(Buffer.from(entry.leaf, 'base64').toString()) as { details: { count: number } };
    event.details.count = 3;
    lines[i] = `{"index":${entry.index},"leaf":"${toBase64(canonicalJsonBytes(event))}","prev":"${entry.prev}"}`;
    writeFileSync(file, lines.join('\n'));
    await refused(reportFromVerifiedLog(log.dir, log.keyFile, parsePeriod('2026'), { verification: reportVerification(log.dir) }), 'AUDIT_CHAIN_BROKEN');
  });

  test('an unlawful log (content delivered under the IRI-only warrant), even with intact hashes', async () => {
    const events = reportStory();
    events.push({ ...events.find((e) => e.type === 'mdf.delivery-batch' && e.subject === SPECS.W2.liid)!, details: { channel: 'HI3', count: 9, did: 'd', firstAt: Date.parse('2026-04-13T00:00:00Z'), lastAt: Date.parse('2026-04-13T00:00:01Z'), liid: SPECS.W2.liid, sha256: 'c'.repeat(64) } });
    events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const log = await writeReportStory(events);
    await refused(reportFromVerifiedLog(log.dir, log.keyFile, parsePeriod('2026'), { verification: reportVerification(log.dir) }), 'AUDIT_LAW_VIOLATED');
  });

  test('a log whose checkpoint lacks the witness quorum', async () => {
    const { writeStory } = await import('./law-story.ts');
    const log = await writeStory(reportStory(), { cosign: 1 });
    await refused(reportFromVerifiedLog(log.dir, log.keyFile, parsePeriod('2026'), { verification: reportVerification(log.dir) }), 'AUDIT_COSIGNATURES_MISSING');
  });
});

describe('report periods', () => {
  test('years, months, ranges; --from/--to dates include the last day', () => {
    assert.deepEqual(parsePeriod('2026'), { from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
    assert.deepEqual(parsePeriod('2026-02'), { from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' });
    assert.deepEqual(parsePeriod('2026-01..2026-12'), parsePeriod('2026'));
    assert.deepEqual(parsePeriod('2025-11..2026-02'), { from: '2025-11-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' });
    assert.deepEqual(periodFromTo('2026-03-01', '2026-03-31'), { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
    assert.deepEqual(periodFromTo('2026-03-01T06:30Z', '2026-03-02T00:00:00.000Z'), { from: '2026-03-01T06:30:00.000Z', to: '2026-03-02T00:00:00.000Z' });
  });

  test('what is not a period is refused with AUDIT_REPORT_BAD_PERIOD', () => {
    const bad = (f: () => unknown) => assert.throws(f, (e: unknown) => e instanceof AuditError && e.code === 'AUDIT_REPORT_BAD_PERIOD');
    bad(() => parsePeriod('2026-13'));
    bad(() => parsePeriod('26'));
    bad(() => parsePeriod('2026..2025'));
    bad(() => parsePeriod('2026..2027..2028'));
    bad(() => parsePeriod('1900..2026'));
    bad(() => periodFromTo('2026-02-30', '2026-03-01'));
    bad(() => periodFromTo('2026-03-01T10:00:00+01:00', '2026-03-02'));
    bad(() => resolvePeriod({ period: '2026', from: '2026-01-01' }));
    bad(() => resolvePeriod({ from: '2026-01-01' }));
  });
});
