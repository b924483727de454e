/**
 * The report's three forms: JSON (canonical) and CSV give the report back exactly (round trips,
 * with text that needs quoting and escaping), the HTML is self-contained and embeds the canonical
 * JSON, and files that are not reports are refused with AUDIT_REPORT_UNREADABLE.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditError } from '../../src/audit/errors.ts';
import {
  computeReport,
  embeddedReportJson,
  formatReportCsv,
  formatReportJson,
  parsePeriod,
  parseReportCsv,
  parseReportJson,
  parseReportText,
  renderReportHtml,
  type TransparencyReport,
} from '../../src/audit/report/index.ts';
import { reportStory, W1, W2 } from './report-story.ts';

/** The story's 2026 report, with texts that CSV must quote or escape and values of every type. */
function awkwardReport(): TransparencyReport {
  const events = reportStory().map((e) => {
    if (e.type !== 'warrant.submitted') return e;
    const terms = { ...(e.details.terms as Record<string, unknown>) };
    if (e.subject === W1) {
      terms.offence = 'kidnapping, "for ransom";\r\nsecond line # not a section';
      terms.services = ['voice;sms', 'back\\slash', ''];
    }
    if (e.subject === W2) {
      terms.legalBasis = '# looks like a section marker </script><b>';
      terms.operators = [];
    }
    return { ...e, details: { ...e.details, terms } };
  });
  return computeReport(events, parsePeriod('2026'), { entries: events.length, rootHash: 'ab'.repeat(32) });
}

const unreadable = (f: () => unknown): void => {
  assert.throws(f, (e: unknown) => e instanceof AuditError && e.code === 'AUDIT_REPORT_UNREADABLE');
};

describe('report forms', () => {
  test('JSON round trip: same report, same bytes', () => {
    const r = awkwardReport();
    const json = formatReportJson(r);
    assert.deepEqual(parseReportJson(json), r);
    assert.equal(formatReportJson(parseReportJson(json)), json);
    assert.ok(json.endsWith('}\n'));
  });

  test('CSV round trip: every field comes back, quoting and escaping included', () => {
    const r = awkwardReport();
    const csv = formatReportCsv(r);
    const back = parseReportCsv(csv);
    assert.deepEqual(back, r);
    assert.equal(formatReportJson(back), formatReportJson(r));
    assert.equal(formatReportCsv(back), csv);
    // What the round trip had to survive:
    const w1 = back.orders.find((o) => o.warrantId === W1)!;
    assert.equal(w1.offence, 'kidnapping, "for ransom";\r\nsecond line # not a section');
    assert.deepEqual(w1.services, ['voice;sms', 'back\\slash', '']);
    assert.deepEqual(back.orders.find((o) => o.warrantId === W2)!.operators, []);
    assert.ok(back.orders.some((o) => o.renews === null) && back.orders.some((o) => o.grantedAt === null), 'nulls survive');
  });

  test('CSV layout: one table per section, RFC 4180 line ends, header = the JSON fields', () => {
    const csv = formatReportCsv(awkwardReport());
    const lines = csv.split('\r\n');
    assert.equal(lines[0], '# warranted-transparency-report/v1');
    const sections = lines.filter((l) => /^# [a-zA-Z]+$/.test(l)).map((l) => l.slice(2));
    assert.deepEqual(sections, ['period', 'log', 'totals', 'orders', 'recordsByMonth', 'recordsByAgency', 'refusedByCode', 'rogueTasks', 'notRecorded']);
    assert.equal(lines[lines.indexOf('# recordsByMonth') + 1], 'month,iriRecords,contentRecords,records');
    assert.equal(lines[lines.indexOf('# recordsByMonth') + 4], '2026-03,40,300,340');
    assert.ok(!/[^\r]\n/.test(csv.replace(/"[^"]*"/g, '')), 'outside quoted cells every line ends in CRLF');
  });

  test('CSV, JSON and HTML that are not reports are refused', () => {
    const csv = formatReportCsv(awkwardReport());
    unreadable(() => parseReportCsv(csv.replace('# warranted-transparency-report/v1', '# something else')));
    unreadable(() => parseReportCsv(csv.replace('month,iriRecords,contentRecords,records', 'month,iri,content,records')));
    unreadable(() => parseReportCsv(csv.replace('2026-03,40,300,340', '2026-03,forty,300,340')));
    unreadable(() => parseReportCsv(csv.replace('# rogueTasks\r\n', '')));
    unreadable(() => parseReportCsv(csv.replace('2026-03,40,300,340', '2026-03,40,300')));
    const json = JSON.parse(formatReportJson(awkwardReport())) as { totals: Record<string, unknown> };
    json.totals.records = '795';
    unreadable(() => parseReportJson(JSON.stringify(json)));
    unreadable(() => parseReportJson('{"format":"warranted-transparency-report/v1"'));
    unreadable(() => parseReportText('<!doctype html><html><body>no data</body></html>'));
    unreadable(() => parseReportText('hello'));
  });

  test('HTML: self-contained (no URL, no script to run) and embedding the canonical JSON', () => {
    const r = awkwardReport();
    const html = renderReportHtml(r);
    assert.doesNotMatch(html, /https?:\/\//, 'no external URL');
    assert.doesNotMatch(html, /\b(src|href)=/i, 'nothing fetched or linked');
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(scripts, ['<script type="application/json" id="report-json">'], 'one data block, never executed');
    assert.equal(embeddedReportJson(html)?.includes('</'), false, 'no string can close the data block');
    assert.equal(formatReportJson(parseReportText(html).report), formatReportJson(r));
    assert.match(html, /<svg id="chart-month"/);
    assert.match(html, /<svg id="chart-agency"/);
    assert.match(html, /<style>/);
    // The awkward text is escaped, not markup.
    assert.ok(html.includes('kidnapping, &quot;for ransom&quot;'));
  });
});
