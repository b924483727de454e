/**
 * The console in real Chromium against a LEMF fed real HI2/HI3 over mutual TLS (ui-harness.ts): an
 * analyst logs in through the login page and reads every page of a warrant — the counts delivered,
 * the timeline (filtered), a call played in a real <audio> element, the SMS thread with the text the
 * sender put on the wire, the cells on the map, browsing, contacts, search, an export whose download
 * has the SHA-256 of its manifest after a supervisor approved it; a supervisor marks a record
 * privileged and the analyst's pages withhold its content; an analyst not assigned gets 403 pages;
 * after retention end the pages say 410; the auditor sees each look in the access log. Every page
 * is screenshotted to the test output (TEST_OUTPUT_DIR, default .data/test-output/console).
 */
import { after, before, test } from 'node:test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { f, LIID_B, SCENARIO_COUNTS } from './store-fixture.ts';
import { chromiumMissing, startUiHarness, type UiHarness } from './ui-harness.ts';

let h: UiHarness | undefined;
let ana: Page;
const shots: string[] = [];
const TOTAL = Object.values(SCENARIO_COUNTS).reduce((a, b) => a + b, 0);
/** The parts of HTMLMediaElement read here (the test project has no DOM types). */
interface MediaElement {
  readyState: number;
  duration: number;
  error: { code: number } | null;
  addEventListener(type: string, f: () => void, o?: { once: boolean }): void;
  play(): Promise<void>;
}

const warrantUrl = (rest = '') => `${h!.url}warrants/${f.LIID}${rest}`;

before(async () => {
  if (chromiumMissing) return;
  h = await startUiHarness();
  ana = (await h.loginAs('ana')).page;
});
after(async () => {
  await h?.close();
  if (shots.length) console.log(`screenshots:\n${shots.join('\n')}`);
});

async function shoot(page: Page, name: string): Promise<void> {
  shots.push(await h!.screenshot(page, name));
}

const opts = { skip: chromiumMissing ?? false, timeout: 60_000 };

test('the warrant list shows the delivered counts; the overview the warrant terms and integrity', opts, async () => {
  const row = ana.getByRole('table', { name: 'Your warrants' }).locator(`tr[data-liid="${f.LIID}"]`);
  await row.waitFor();
  assert.equal(Number(await row.locator('td[data-total]').getAttribute('data-total')), TOTAL);
  assert.match((await row.textContent()) ?? '', /call-content: 10/);
  await shoot(ana, '01-warrants');
  // The server's answer for a page path: the bundle's index.html, under its CSP.
  const page = await ana.request.get(`${h!.url}warrants/${f.LIID}/timeline`);
  assert.equal(page.status(), 200);
  assert.match(page.headers()['content-security-policy'] ?? '', /default-src 'self'.*script-src 'self'/);
  assert.match(await page.text(), /<script type="module" src="\/assets\/main-[A-Z0-9]{8}\.js"><\/script>/);
  await row.getByRole('link', { name: f.LIID }).click();
  await ana.getByRole('heading', { name: 'Evidence integrity' }).waitFor();
  const text = (await ana.locator('main').textContent()) ?? '';
  for (const s of [`e164Number:${f.TARGET_MSISDN}`, 'Judge A. Example', 'Minister B. Example', 'IRI and content', 'demo-national', 'W-2026-0042']) assert.ok(text.includes(s), `overview shows ${s}`);
  // The integrity panel shows the LEMF's own Annex J and sequence numbers for this warrant.
  const api = (await (await ana.request.get(`${h!.url}api/warrants/${f.LIID}`)).json()) as { integrity: { annexJ: { ok: number; failed: number; missing: number }; sequences: { missing: number } } };
  const shown = async (field: string) => Number(((await ana.locator(`dd[data-field="${field}"]`).textContent()) ?? '').split(' ')[0]);
  assert.equal(await shown('annexj-ok'), api.integrity.annexJ.ok);
  assert.equal(await shown('annexj-failed'), api.integrity.annexJ.failed);
  assert.equal(await shown('annexj-missing'), api.integrity.annexJ.missing);
  assert.equal(await shown('seq-missing'), api.integrity.sequences.missing);
  await shoot(ana, '02-overview');
});

test('the timeline shows every delivered record, IRI and CC together, and filters by type', opts, async () => {
  await ana.goto(warrantUrl('/timeline'));
  const total = ana.getByRole('status', { name: 'Timeline total' }).locator('[data-total]');
  assert.equal(Number(await total.getAttribute('data-total')), TOTAL);
  assert.equal(await ana.getByRole('table', { name: 'Timeline' }).locator('tbody tr').count(), TOTAL);
  await shoot(ana, '03-timeline');
  await ana.getByLabel('Type').selectOption('sms');
  await ana.getByRole('button', { name: 'Filter' }).click();
  await ana.locator('[data-total="1"]').waitFor();
  assert.match((await ana.getByRole('table', { name: 'Timeline' }).locator('tbody').textContent()) ?? '', new RegExp(f.SMS_TEXT));
});

test("a call: SIP ladder, and each direction plays in an <audio> element as long as the call's G.711 content", opts, async () => {
  await ana.goto(warrantUrl('/calls'));
  await ana.getByRole('link', { name: `Call ${f.CALL_CIN}` }).click();
  const ladder = ana.getByRole('list', { name: 'SIP ladder' });
  await ladder.getByText('INVITE').waitFor();
  assert.match((await ladder.textContent()) ?? '', /INVITE[\s\S]*200 OK[\s\S]*BYE/);
  const detail = (await (await ana.request.get(`${h!.url}api/warrants/${f.LIID}/calls/${f.CALL_CIN}`)).json()) as { rtpPacketsByDirection: Record<string, number> };
  for (const direction of ['fromTarget', 'toTarget']) {
    const audio = ana.locator(`audio[data-direction="${direction}"]`);
    // The duration the browser decoded from the WAV, against 20 ms of G.711 per RTP packet delivered.
    const duration = await audio.evaluate((el: MediaElement) =>
      el.readyState >= 1 ? el.duration : new Promise<number>((res, rej) => {
        el.addEventListener('loadedmetadata', () => res(el.duration), { once: true });
        el.addEventListener('error', () => rej(new Error(`audio error ${el.error?.code ?? '?'}`)), { once: true });
      }),
    );
    const expected = (detail.rtpPacketsByDirection[direction] ?? 0) * 0.02;
    assert.ok(expected > 0, `packets ${direction}`);
    assert.ok(Math.abs(duration - expected) < 0.005, `${direction}: audio ${duration}s, content ${expected}s`);
    await audio.evaluate((el: MediaElement) => el.play());
  }
  await shoot(ana, '04-call');
});

test('SMS as a conversation with the text that was sent; the map shows the target’s cells', opts, async () => {
  await ana.goto(warrantUrl('/sms'));
  const thread = ana.getByRole('article', { name: /Conversation with/ });
  await thread.waitFor();
  assert.match((await thread.textContent()) ?? '', new RegExp(f.SMS_TEXT));
  await shoot(ana, '05-sms');
  await ana.goto(warrantUrl('/map'));
  const cells = ana.getByRole('table', { name: 'Cells' }).locator('tbody tr');
  await cells.first().waitFor();
  const api = (await (await ana.request.get(`${h!.url}api/warrants/${f.LIID}/locations`)).json()) as { cells: { cellId: string; latitude?: number }[] };
  assert.ok(api.cells.length > 0);
  assert.equal(await cells.count(), api.cells.length);
  for (const c of api.cells) assert.equal(await ana.locator(`tr[data-cell="${c.cellId}"]`).count(), 1);
  // Leaflet drew one marker per located cell (SVG paths), with no tile layer.
  assert.equal(await ana.locator('path.cell-marker').count(), api.cells.filter((c) => typeof c.latitude === 'number').length);
  assert.equal(await ana.locator('.leaflet-tile').count(), 0, 'no map tiles fetched by default');
  await shoot(ana, '06-map');
});

test('browsing, contacts and search show what was delivered', opts, async () => {
  await ana.goto(warrantUrl('/browsing'));
  await ana.getByRole('table', { name: 'DNS queries' }).getByText(f.DNS_NAME).first().waitFor();
  await ana.getByRole('table', { name: 'TLS server names (SNI)' }).getByText(f.SNI).first().waitFor();
  await ana.getByRole('table', { name: 'HTTP hosts' }).getByText(f.HTTP_HOST).first().waitFor();
  await shoot(ana, '07-browsing');
  await ana.goto(warrantUrl('/contacts'));
  await ana.getByRole('table', { name: 'Contacts' }).getByText(f.PEER_MSISDN).first().waitFor();
  await shoot(ana, '08-contacts');
  await ana.goto(`${h!.url}contacts/common?a=${f.LIID}&b=${LIID_B}`);
  await ana.getByRole('table', { name: 'Common contacts' }).getByText(f.PEER_MSISDN).first().waitFor();
  await shoot(ana, '09-common-contacts');
  await ana.goto(`${h!.url}search`);
  await ana.getByLabel('Search text').fill('usual place');
  await ana.getByRole('button', { name: 'Search' }).click();
  await ana.getByRole('table', { name: 'Search results' }).getByText(f.LIID).first().waitFor();
  await shoot(ana, '10-search');
});

test('an export waits for a supervisor, then downloads a file whose SHA-256 is in its manifest', opts, async () => {
  await ana.goto(warrantUrl('/export'));
  await ana.getByLabel('CSV of IRI').check();
  await ana.getByRole('button', { name: 'Request export' }).click();
  const card = ana.getByRole('article', { name: /^Export / });
  await card.locator('[data-status="awaiting-approval"]').waitFor();
  const id = ((await card.getByRole('heading').textContent()) ?? '').replace('Export ', '');
  await shoot(ana, '11-export-awaiting');
  const sup = (await h!.loginAs('sup')).page;
  await sup.goto(warrantUrl('/export'));
  await sup.getByLabel('Export id').fill(id);
  await sup.getByRole('button', { name: 'Open' }).click();
  await sup.getByRole('button', { name: 'Approve export' }).click();
  await sup.locator('[data-status="ready"]').waitFor();
  await ana.getByRole('button', { name: 'Refresh' }).click();
  await card.locator('[data-status="ready"]').waitFor();
  const manifest = await card.getByRole('table', { name: 'Manifest' }).locator('code.sha').allTextContents();
  assert.equal(manifest.length, 1);
  const [download] = await Promise.all([ana.waitForEvent('download'), card.getByRole('button', { name: 'Download' }).click()]);
  const bytes = readFileSync((await download.path()));
  assert.ok(bytes.length > 0);
  assert.equal(createHash('sha256').update(bytes).digest('hex'), manifest[0], 'the file downloaded is the one of the manifest');
  await card.getByText('matches the manifest').waitFor();
  await shoot(ana, '12-export-ready');
});

test("a supervisor marks the SMS privileged: the analyst's pages withhold its text", opts, async () => {
  const sup = (await h!.loginAs('sup')).page;
  await sup.goto(warrantUrl('/timeline'));
  const row = sup.getByRole('table', { name: 'Timeline' }).locator('tr[data-kind="sms"]');
  const id = await row.getAttribute('data-id');
  await row.getByRole('button', { name: `Mark privileged record ${id}` }).click();
  await row.getByLabel('Reason').fill('lawyer–client communication');
  await row.getByRole('button', { name: 'Mark privileged' }).click();
  await sup.locator(`tr.privileged[data-id="${id}"]`).waitFor();
  await shoot(sup, '13-supervisor-privileged');
  await ana.goto(warrantUrl('/sms'));
  const thread = ana.getByRole('article', { name: /Conversation with/ });
  await thread.getByText('privileged — content withheld').waitFor();
  assert.doesNotMatch((await ana.locator('main').textContent()) ?? '', new RegExp(f.SMS_TEXT));
  await ana.goto(warrantUrl('/timeline'));
  await ana.locator(`tr[data-id="${id}"] .withheld`).getByText('privileged — content withheld').waitFor();
  assert.doesNotMatch((await ana.locator('main').textContent()) ?? '', new RegExp(f.SMS_TEXT));
  await shoot(ana, '14-analyst-withheld');
});

test('an analyst not assigned the warrant gets 403 pages and API answers', opts, async () => {
  const other = (await h!.loginAs('other')).page;
  assert.equal(await other.locator(`tr[data-liid="${f.LIID}"]`).count(), 0, 'not in their list');
  for (const tab of ['', '/timeline', '/calls', '/sms']) {
    await other.goto(warrantUrl(tab));
    const alert = other.getByRole('alert');
    await alert.waitFor();
    assert.equal(await alert.getAttribute('data-status'), '403');
    assert.match((await alert.textContent()) ?? '', /Not assigned/);
  }
  assert.equal((await other.request.get(`${h!.url}api/warrants/${f.LIID}/timeline`)).status(), 403);
  await shoot(other, '15-not-assigned-403');
});

test('after retention end the warrant’s pages say 410', opts, async () => {
  h!.fx.lemf.store.setRetention(LIID_B, new Date(Date.now() - 1000));
  for (const tab of ['', '/timeline']) {
    await ana.goto(`${h!.url}warrants/${LIID_B}${tab}`);
    const alert = ana.getByRole('alert');
    await alert.waitFor();
    assert.equal(await alert.getAttribute('data-status'), '410');
    assert.match((await alert.textContent()) ?? '', /Destroyed at retention end/);
  }
  assert.equal((await ana.request.get(`${h!.url}api/warrants/${LIID_B}/sms`)).status(), 410);
  await shoot(ana, '16-retention-410');
});

test("the auditor's access log shows the analyst's looks; the supervisor's users page lists the users", opts, async () => {
  const aud = (await h!.loginAs('aud')).page;
  await aud.getByRole('link', { name: 'Access log' }).click();
  const table = aud.getByRole('table', { name: 'Access log' });
  await table.locator('tbody tr').first().waitFor();
  assert.match((await aud.getByLabel('Latest checkpoint').textContent()) ?? '', /lemf-ag/);
  await shoot(aud, '17-access-log');
  // Page back through the log (newest page first) collecting what it names.
  let text = '';
  for (let i = 0; i < 20; i++) {
    const first = await table.locator('tbody tr td').first().textContent();
    text += (await table.textContent()) ?? '';
    const older = aud.getByRole('button', { name: 'Older entries' });
    if (await older.isDisabled()) break;
    await older.click();
    await aud.getByText(new RegExp(`showing ${Math.max(0, Number(first) - 100)}–`)).waitFor();
  }
  for (const what of ['call-audio cin=1001 fromTarget', 'export-download csv', 'mark privileged', 'console.login', 'console:ana']) assert.ok(text.includes(what), `the log names ${what}`);
  const sup = (await h!.loginAs('sup')).page;
  await sup.getByRole('link', { name: 'Users' }).click();
  for (const name of ['sup', 'ana', 'other', 'aud']) await sup.locator(`tr[data-user="${name}"]`).waitFor();
  await shoot(sup, '18-users');
});

test('an open warrant list counts a record delivered over HI2 while it is open (server-sent events)', opts, async () => {
  await ana.goto(h!.url);
  const cell = ana.locator(`tr[data-liid="${f.LIID}"] td[data-total]`);
  const before = Number(await cell.getAttribute('data-total'));
  await ana.getByRole('status').getByText('Live: new records appear as they arrive.').waitFor();
  // One more SMS event on the wire (its own sequence number in the SMS context).
  await h!.fx.deliver('HI2', [f.iri33128(f.SMS_CIN, 1, f.T0 + 10_000, f.smsEvent)]);
  await ana.locator(`tr.updated[data-liid="${f.LIID}"] td[data-total="${before + 1}"]`).waitFor();
  await shoot(ana, '19-warrants-live');
});
