/**
 * The HTML transparency report in a real browser: Debian's headless `chromium`, driven by
 * playwright-core, with JavaScript disabled and every network request recorded. The page must
 * load from its one file, and its tables and charts — read back from the DOM, bars measured as
 * rendered — must show the totals of the canonical JSON. A full-page screenshot goes to the test's
 * output directory (TEST_OUTPUT_DIR, default .data/test-output/report-html) and its path is printed.
 *
 * Without chromium (a user's own clone) the test is skipped, saying why; CI installs it (.ci/run).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Locator } from 'playwright-core';
import { formatReportJson, parsePeriod, renderReportHtml, reportFromVerifiedLog, type TransparencyReport } from '../../src/audit/report/index.ts';
import { reportVerification } from '../../src/cli/audit/report-command.ts';
import { EXPECTED_2026, writeReportStory } from './report-story.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT_DIR = resolve(process.env.TEST_OUTPUT_DIR ?? join(import.meta.dirname, '../../.data/test-output/report-html'));

const number = (text: string | null): number => Number((text ?? '').replace(/,/g, '').trim());

async function box(locator: Locator): Promise<{ width: number; height: number }> {
  const b = await locator.boundingBox();
  assert.ok(b, 'the element is rendered');
  return b;
}

test('the HTML report in headless Chromium shows the totals of the JSON', { timeout: 180_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) {
    const reason = `chromium not found at ${CHROMIUM} (install the Debian package "chromium", as .ci/run does, or set CHROMIUM_PATH): the HTML report was not rendered`;
    console.log(`SKIPPED: ${reason}`);
    t.skip(reason);
    return;
  }
  const log = await writeReportStory();
  const report = await reportFromVerifiedLog(log.dir, log.keyFile, parsePeriod('2026'), { verification: reportVerification(log.dir) });
  mkdirSync(OUT_DIR, { recursive: true });
  const htmlFile = join(OUT_DIR, 'transparency-report.html');
  writeFileSync(htmlFile, renderReportHtml(report));
  writeFileSync(join(OUT_DIR, 'transparency-report.json'), formatReportJson(report));
  const json = JSON.parse(readFileSync(join(OUT_DIR, 'transparency-report.json'), 'utf8')) as TransparencyReport;
  assert.deepEqual(json.totals, EXPECTED_2026.totals, 'the JSON the page is checked against has the story totals');

  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, timeout: 60_000 });
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(htmlFile).href;
    await page.goto(url, { waitUntil: 'load' });
    assert.deepEqual(requests, [url], 'the page loads nothing but itself');

    // Totals table.
    for (const [field, value] of Object.entries(json.totals)) {
      assert.equal(number(await page.locator(`#totals td[data-field="${field}"]`).textContent()), value, `totals.${field}`);
    }

    // Records per month: one bar per month, its numbers and its label those of the JSON.
    const months = page.locator('#chart-month g.bar');
    assert.equal(await months.count(), json.recordsByMonth.length);
    let perRecordPx: number | undefined;
    let tallest = { month: '', height: -1 };
    let monthSum = 0;
    for (let i = 0; i < json.recordsByMonth.length; i++) {
      const m = json.recordsByMonth[i]!;
      const bar = months.nth(i);
      assert.equal(await bar.getAttribute('data-month'), m.month);
      assert.equal(Number(await bar.getAttribute('data-iri')), m.iriRecords, `${m.month} IRI`);
      assert.equal(Number(await bar.getAttribute('data-content')), m.contentRecords, `${m.month} content`);
      assert.equal(number(await bar.locator('text.value').textContent()), m.records, `${m.month} label`);
      monthSum += Number(await bar.getAttribute('data-records'));
      // Bars as Chromium lays them out: height proportional to the records they stand for.
      const height = (await box(bar.locator('rect.iri'))).height + (await box(bar.locator('rect.content'))).height;
      if (m.records > 0) {
        perRecordPx ??= height / m.records;
        assert.ok(Math.abs(height - perRecordPx * m.records) < 1, `${m.month}: ${height}px for ${m.records} records`);
      } else assert.ok(height < 0.5, `${m.month}: no records, no bar`);
      if (height > tallest.height) tallest = { month: m.month, height };
    }
    const busiest = [...json.recordsByMonth].sort((a, b) => b.records - a.records)[0]!;
    assert.equal(tallest.month, busiest.month, 'the tallest bar is the busiest month');
    assert.equal(monthSum, json.totals.records, 'the month chart adds up to the total');

    // Records per agency: bar lengths proportional, labels and numbers from the JSON.
    const agencies = page.locator('#chart-agency g.bar');
    assert.equal(await agencies.count(), json.recordsByAgency.length);
    const widths: number[] = [];
    for (let i = 0; i < json.recordsByAgency.length; i++) {
      const a = json.recordsByAgency[i]!;
      const bar = agencies.nth(i);
      assert.equal(await bar.getAttribute('data-agency'), a.agencyId);
      assert.equal(number(await bar.locator('text.value').textContent()), a.records, `${a.agencyId} label`);
      widths.push((await box(bar.locator('rect.iri'))).width + (await box(bar.locator('rect.content'))).width);
    }
    const [first, second] = [json.recordsByAgency[0]!, json.recordsByAgency[1]!];
    assert.ok(Math.abs(widths[0]! / widths[1]! - first.records / second.records) < 0.01, `agency bars ${widths.join(' / ')} px for ${first.records} / ${second.records} records`);

    // The per-order tables: one row per order, the record counts of the JSON.
    const rows = page.locator('#orders-us tbody tr');
    assert.equal(await rows.count(), json.orders.length);
    for (const o of json.orders) {
      const row = page.locator(`#orders-us tr[data-warrant="${o.warrantId}"]`);
      assert.equal(number(await row.locator('td.iri').textContent()), o.iriRecords, `${o.warrantId} IRI`);
      assert.equal(number(await row.locator('td.content').textContent()), o.contentRecords, `${o.warrantId} content`);
      assert.equal(number(await row.locator('td.records').textContent()), o.records, `${o.warrantId} all`);
    }
    assert.equal(await page.locator('#orders-ifta tbody tr').count(), json.orders.length);
    assert.equal(number(await page.locator('#refused tbody tr').filter({ hasText: 'MDF_UNKNOWN_XID' }).locator('td.count').textContent()), 3);
    assert.equal(await page.locator('#rogue tbody tr').count(), json.rogueTasks.length);
    assert.ok((await page.locator('#not-recorded').textContent())?.includes('encryption'));

    const png = join(OUT_DIR, 'transparency-report.png');
    await page.screenshot({ path: png, fullPage: true });
    const bytes = readFileSync(png);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    console.log(`screenshot: ${png} (${statSync(png).size} bytes); page: ${htmlFile}`);
    t.diagnostic(`screenshot: ${png}`);
  } finally {
    await browser?.close();
  }
});
