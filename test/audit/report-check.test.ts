/**
 * `checkReportFile` (what `audit verify --report FILE` runs): a published report, in any of its
 * three forms, is recomputed from the verified log for the period and log prefix it states, and
 * every difference is named field by field. A report made before the log grew still matches; one
 * whose numbers, visible page or history were changed does not.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditError } from '../../src/audit/errors.ts';
import { openAuditDirectory, publishCheckpoint } from '../../src/audit/index.ts';
import { formatReportCsv, formatReportJson, parsePeriod, renderReportHtml, reportFromVerifiedLog, type TransparencyReport } from '../../src/audit/report/index.ts';
import { checkReportFile, reportVerification } from '../../src/cli/audit/report-command.ts';
import type { WrittenLog } from './law-story.ts';
import { reportStory, SPECS, W1, writeReportStory } from './report-story.ts';

async function published(): Promise<{ log: WrittenLog; report: TransparencyReport; file: (name: string, text: string) => string }> {
  const log = await writeReportStory();
  const report = await reportFromVerifiedLog(log.dir, log.keyFile, parsePeriod('2026'), { verification: reportVerification(log.dir) });
  const file = (name: string, text: string): string => {
    const path = join(log.dir, name);
    writeFileSync(path, text);
    return path;
  };
  return { log, report, file };
}

describe('checkReportFile', () => {
  test('the report as published matches, in JSON, CSV and HTML', async () => {
    const { log, report, file } = await published();
    assert.deepEqual(await checkReportFile(log.dir, log.keyFile, file('r.json', formatReportJson(report))), []);
    assert.deepEqual(await checkReportFile(log.dir, log.keyFile, file('r.csv', formatReportCsv(report))), []);
    assert.deepEqual(await checkReportFile(log.dir, log.keyFile, file('r.html', renderReportHtml(report))), []);
  });

  test('a changed total and a changed per-warrant count are named, with both values', async () => {
    const { log, report, file } = await published();
    const edited = structuredClone(report);
    edited.totals.records += 1;
    edited.orders.find((o) => o.warrantId === W1)!.contentRecords = 499;
    const differences = await checkReportFile(log.dir, log.keyFile, file('r.json', formatReportJson(edited)));
    assert.deepEqual(differences, ['totals.records: the report says 796, the log gives 795', `orders[warrantId=${W1}].contentRecords: the report says 499, the log gives 500`]);
  });

  test('a CSV cell changed, a row dropped, a row added', async () => {
    const { log, report, file } = await published();
    let csv = formatReportCsv(report);
    csv = csv.replace('2026-04,85,200,285', '2026-04,80,200,280');
    csv = csv.replace(/MDF_TASK_ENDED,2\r\n/, '');
    csv = csv.replace('# rogueTasks\r\nat,element,xid\r\n', '# rogueTasks\r\nat,element,xid\r\n2026-07-01T00:00:00.000Z,op-b-5gc,made-up\r\n');
    const differences = await checkReportFile(log.dir, log.keyFile, file('r.csv', csv));
    assert.deepEqual(differences, [
      'recordsByMonth[month=2026-04].iriRecords: the report says 80, the log gives 85',
      'recordsByMonth[month=2026-04].records: the report says 280, the log gives 285',
      'refusedByCode[code=MDF_TASK_ENDED]: in the log but missing from the report',
      'rogueTasks[at=2026-07-01T00:00:00.000Z,element=op-b-5gc,xid=made-up]: in the report (row 1) but not in the log',
    ]);
  });

  test('an HTML page whose visible number was edited, its embedded data left intact', async () => {
    const { log, report, file } = await published();
    const html = renderReportHtml(report).replace('data-field="records">795<', 'data-field="records">705<');
    assert.notEqual(html, renderReportHtml(report), 'the test edits the page');
    const differences = await checkReportFile(log.dir, log.keyFile, file('r.html', html));
    assert.equal(differences.length, 1);
    assert.match(differences[0]!, /^html: the page does not show what the log gives/);
  });

  test('a report of another history (its root) and of another period are named', async () => {
    const { log, report, file } = await published();
    const other = structuredClone(report);
    other.log.rootHash = '0'.repeat(64);
    assert.deepEqual(await checkReportFile(log.dir, log.keyFile, file('r.json', formatReportJson(other))), [`log.rootHash: the report says "${'0'.repeat(64)}", the log gives "${report.log.rootHash}"`]);
    const march = structuredClone(report);
    march.period = parsePeriod('2026-03');
    const differences = await checkReportFile(log.dir, log.keyFile, file('m.json', formatReportJson(march)));
    assert.ok(differences.includes('totals.records: the report says 795, the log gives 340'), differences.join('\n'));
  });

  test('a report made before the log grew still matches: it is recomputed over the entries it states', async () => {
    const { log, report, file } = await published();
    const path = file('r.json', formatReportJson(report));
    // The log grows: refused records after W3 ended, a new checkpoint cosigned by both witnesses.
    const opened = await openAuditDirectory({ dir: log.dir, signer: log.signer, fsync: false });
    const oldSize = opened.size;
    await opened.append({ type: 'mdf.record-refused', at: '2026-06-15T12:00:00.000Z', actor: 'mdf', subject: SPECS.W3.xids[0], details: { code: 'MDF_TASK_ENDED', poi: 'op-a-ims', count: 4 } });
    const checkpoint = opened.checkpoint();
    let note = checkpoint.note;
    for (const w of log.witnesses) note = w.witness.cosign(note, opened.consistencyProof(oldSize).path);
    await publishCheckpoint(log.dir, { ...checkpoint, note });
    await opened.close();
    assert.deepEqual(await checkReportFile(log.dir, log.keyFile, path), []);
    // A report of the whole grown log differs from the old one exactly where the new entry counts.
    const grown = await reportFromVerifiedLog(log.dir, log.keyFile, parsePeriod('2026'), { verification: reportVerification(log.dir) });
    assert.equal(grown.log.entries, reportStory().length + 1);
    assert.equal(grown.totals.refusedRecords, report.totals.refusedRecords + 4);
    assert.equal(grown.totals.records, report.totals.records);
  });

  test('a log that no longer verifies: AUDIT_REPORT_UNVERIFIED, not a list of differences', async () => {
    const { log, report, file } = await published();
    const path = file('r.json', formatReportJson(report));
    const entries = join(log.dir, 'entries.jsonl');
    const lines = readFileSync(entries, 'utf8').split('\n');
    lines.splice(10, 1);
    writeFileSync(entries, lines.join('\n'));
    await assert.rejects(checkReportFile(log.dir, log.keyFile, path), (e: unknown) => e instanceof AuditError && e.code === 'AUDIT_REPORT_UNVERIFIED');
  });

  test('a file that is not a report: AUDIT_REPORT_UNREADABLE', async () => {
    const { log, file } = await published();
    await assert.rejects(checkReportFile(log.dir, log.keyFile, file('x.txt', 'hello')), (e: unknown) => e instanceof AuditError && e.code === 'AUDIT_REPORT_UNREADABLE');
    await assert.rejects(checkReportFile(log.dir, log.keyFile, join(log.dir, 'missing.json')), (e: unknown) => e instanceof AuditError && e.code === 'AUDIT_REPORT_UNREADABLE');
  });
});
