/**
 * The console in real Chromium against a LEMF fed real HI2/HI3 over mutual TLS (ui-harness.ts): an
 * analyst logs in through the login page and reads every page of a warrant — the counts delivered,
 * the timeline (filtered, paged), a call played in a real <audio> element as long as its SIP signalling
 * says, the SMS threads with the texts the synthetic network generated (its POI's xIRI converted as the
 * MDF converts it), in order and direction, the cells' sectors on the map over
 * the configured tile server's tiles, browsing, contacts, search, an export whose download
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
import { f, FULL_CALL_RTP, LIID_B, scenarioCounts } from './store-fixture.ts';
import { chromiumMissing, NETWORK_SMS, startUiHarness, type UiHarness } from './ui-harness.ts';

let h: UiHarness | undefined;
let ana: Page;
const shots: string[] = [];
const COUNTS = scenarioCounts(FULL_CALL_RTP, NETWORK_SMS.messages.length);
/** The SMS the network's events carried, in time order; the first is the one marked privileged below. */
const SMS = [...NETWORK_SMS.messages].sort((a, b) => a.timeMs - b.timeMs);
const TOTAL = Object.values(COUNTS).reduce((a, b) => a + b, 0);
/** One G.711 RTP packet's worth of audio (RFC 3551 §4.2): how far the audio may differ from the SIP duration. */
const PACKETISATION_S = 0.02;
/** The parts of HTMLMediaElement read here (the test project has no DOM types). */
interface MediaElement {
  readyState: number;
  duration: number;
  error: { code: number } | null;
  addEventListener(type: string, f: () => void, o?: { once: boolean }): void;
  play(): Promise<void>;
}
/** The parts of a conversation's elements read here. */
interface DomNode {
  getAttribute(name: string): string | null;
  textContent: string | null;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
}
/** The parts of an element (and an image) read here. */
interface Element {
  getAttribute(name: string): string | null;
  naturalWidth?: number;
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

/** The timeline filtered to SMS records. */
async function smsOnly(page: Page): Promise<void> {
  await page.getByRole('status', { name: 'Timeline total' }).waitFor();
  await page.getByLabel('Type').selectOption('sms');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByRole('table', { name: 'Timeline' }).locator('tr[data-kind="sms"]').first().waitFor();
}

const opts = { skip: chromiumMissing ?? false, timeout: 60_000 };

test('the warrant list shows the delivered counts; the overview the warrant terms and integrity', opts, async () => {
  const row = ana.getByRole('table', { name: 'Your warrants' }).locator(`tr[data-liid="${f.LIID}"]`);
  await row.waitFor();
  assert.equal(Number(await row.locator('td[data-total]').getAttribute('data-total')), TOTAL);
  assert.match((await row.textContent()) ?? '', new RegExp(`call-content: ${COUNTS['call-content']}\\b`));
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

test('the timeline shows every delivered record, IRI and CC together, in pages of 100, and filters by type', opts, async () => {
  await ana.goto(warrantUrl('/timeline'));
  const total = ana.getByRole('status', { name: 'Timeline total' }).locator('[data-total]');
  assert.equal(Number(await total.getAttribute('data-total')), TOTAL);
  await shoot(ana, '03-timeline');
  // Every record once across the pages (keyset cursor), in time order.
  const rows = ana.getByRole('table', { name: 'Timeline' }).locator('tbody tr');
  const seen = new Set<string>();
  for (let p = 1; p <= Math.ceil(TOTAL / 100); p++) {
    await ana.getByRole('status', { name: 'Timeline total' }).getByText(`page ${p},`).waitFor();
    const ids = await rows.evaluateAll((trs: Element[]) => trs.map((tr) => tr.getAttribute('data-id') ?? ''));
    assert.equal(ids.length, Math.min(100, TOTAL - (p - 1) * 100), `rows on page ${p}`);
    for (const id of ids) seen.add(id);
    if (p < Math.ceil(TOTAL / 100)) await ana.getByRole('button', { name: 'Next page' }).click();
  }
  assert.equal(seen.size, TOTAL);
  assert.ok(await ana.getByRole('button', { name: 'Next page' }).isDisabled(), 'no page after the last');
  await ana.getByLabel('Type').selectOption('sms');
  await ana.getByRole('button', { name: 'Filter' }).click();
  await ana.locator(`[data-total="${COUNTS.sms}"]`).waitFor();
  const smsRows = (await ana.getByRole('table', { name: 'Timeline' }).locator('tbody').textContent()) ?? '';
  for (const m of SMS) assert.ok(smsRows.includes(m.text), `the SMS timeline shows "${m.text}"`);
});

test("a call: SIP ladder, answered and duration from the SIP, and each direction plays in an <audio> element as long as the call", opts, async () => {
  await ana.goto(warrantUrl('/calls'));
  await ana.getByRole('link', { name: `Call ${f.CALL_CIN}` }).click();
  const ladder = ana.getByRole('list', { name: 'SIP ladder' });
  await ladder.getByText('INVITE').waitFor();
  assert.match((await ladder.textContent()) ?? '', /INVITE[\s\S]*200 OK[\s\S]*BYE/);
  const detail = (await (await ana.request.get(`${h!.url}api/warrants/${f.LIID}/calls/${f.CALL_CIN}`)).json()) as { answered: boolean; durationSeconds: number; rtpPacketsByDirection: Record<string, number> };
  // The fixture's 200 OK is at T0 + 2 s and its BYE at T0 + 5 s: the SIP says 3 s.
  assert.equal(detail.answered, true);
  assert.equal(detail.durationSeconds, 3);
  const times = ana.locator('dd[data-field="duration"]');
  assert.equal(Number(await times.getAttribute('data-seconds')), detail.durationSeconds);
  assert.match((await times.textContent()) ?? '', /0:03 \(3\.00 s, 200 OK to BYE\)/);
  assert.match((await ana.locator('dd[data-field="answered"]').textContent()) ?? '', /^yes, 2026-11-25 08:00:02Z/);
  for (const direction of ['fromTarget', 'toTarget', 'mixed']) {
    const audio = ana.locator(`audio[data-direction="${direction}"]`);
    // The duration the browser decoded from the WAV.
    const duration = await audio.evaluate((el: MediaElement) =>
      el.readyState >= 1 ? el.duration : new Promise<number>((res, rej) => {
        el.addEventListener('loadedmetadata', () => res(el.duration), { once: true });
        el.addEventListener('error', () => rej(new Error(`audio error ${el.error?.code ?? '?'}`)), { once: true });
      }),
    );
    // Against the SIP: within one packetisation interval (the last packet's 20 ms may end at or
    // before the BYE); and against the content: 20 ms of G.711 per RTP packet delivered each way.
    assert.ok(Math.abs(duration - detail.durationSeconds) <= PACKETISATION_S, `${direction}: audio ${duration}s, SIP 200 OK to BYE ${detail.durationSeconds}s`);
    if (direction !== 'mixed') assert.ok(Math.abs(duration - (detail.rtpPacketsByDirection[direction] ?? 0) * 0.02) < 0.005, `${direction}: audio ${duration}s against its ${detail.rtpPacketsByDirection[direction]} packets`);
    if (direction !== 'mixed') await audio.evaluate((el: MediaElement) => el.play());
  }
  await shoot(ana, '04-call');
});

test('SMS as conversations with exactly the texts the network generated, in order, with direction; the map shows the target’s cells as sectors over the configured tiles', opts, async () => {
  await ana.goto(warrantUrl('/sms'));
  const threads = ana.getByRole('article', { name: /Conversation with/ });
  await threads.first().waitFor();
  // What the page shows, thread by thread: [peer, [direction, text] …].
  const shown = await threads.evaluateAll((articles: DomNode[]) =>
    articles.map((a): [string, [string, string][]] => [a.getAttribute('aria-label') ?? '', Array.from(a.querySelectorAll('li'), (li): [string, string] => [li.getAttribute('class') ?? '', li.querySelector('p')?.textContent ?? ''])]),
  );
  // What the network's events carried: one conversation per peer (first seen first), messages in time order;
  // the page marks what the target sent "out" and what it received "in".
  const expected = new Map<string, [string, string][]>();
  for (const m of SMS) {
    const list = expected.get(m.peer) ?? [];
    list.push([m.direction === 'fromTarget' ? 'out' : 'in', m.text]);
    expected.set(m.peer, list);
  }
  assert.deepEqual(shown, [...expected].map(([peer, list]) => [`Conversation with ${peer}`, list]));
  assert.ok(SMS.some((m) => m.direction === 'fromTarget') && SMS.some((m) => m.direction === 'toTarget'), 'both directions are on the page');
  await shoot(ana, '05-sms');
  const tilesBefore = h!.tiles.requests.length;
  await ana.goto(warrantUrl('/map'));
  const cells = ana.getByRole('table', { name: 'Cells' }).locator('tbody tr');
  await cells.first().waitFor();
  const api = (await (await ana.request.get(`${h!.url}api/warrants/${f.LIID}/locations`)).json()) as { cells: { cellId: string; latitude?: number; azimuth?: number }[] };
  assert.ok(api.cells.length > 0);
  assert.equal(await cells.count(), api.cells.length);
  for (const c of api.cells) assert.equal(await ana.locator(`tr[data-cell="${c.cellId}"]`).count(), 1);
  // The location IRI's CellSiteInformation carries the azimuth (TS 33.128): one wedge per such cell,
  // pointing that way — its middle lies from the site along the azimuth (120°: east and south on screen).
  // The cells: the fixture's location records' (120°) and the target's serving cells its SMS xIRI named.
  const sectored = api.cells.filter((c) => typeof c.latitude === 'number' && c.azimuth !== undefined);
  const smsCells = new Map(SMS.map((m) => [m.cell.id, m.cell.azimuth]));
  const byAzimuth = (a: number, b: number) => a - b;
  assert.deepEqual(sectored.map((c) => c.azimuth!).sort(byAzimuth), [120, ...smsCells.values()].sort(byAzimuth));
  for (const az of new Set(sectored.map((c) => c.azimuth))) assert.equal(await ana.locator(`td[data-azimuth="${az}"]`).count(), sectored.filter((c) => c.azimuth === az).length);
  assert.equal(await ana.locator('path.cell-sector').count(), sectored.length);
  assert.equal(await ana.locator('path.cell-marker').count(), api.cells.filter((c) => typeof c.latitude === 'number' && c.azimuth === undefined).length);
  // Each wedge is drawn with its site marker, in the API's order.
  for (const [i, c] of sectored.entries()) {
    const wedge = (await ana.locator('path.cell-sector').nth(i).boundingBox())!;
    const site = (await ana.locator('path.cell-site').nth(i).boundingBox())!;
    const [wx, wy, sx, sy] = [wedge.x + wedge.width / 2, wedge.y + wedge.height / 2, site.x + site.width / 2, site.y + site.height / 2];
    const bearing = ((Math.atan2(wx - sx, sy - wy) * 180) / Math.PI + 360) % 360;
    const off = Math.abs(((bearing - c.azimuth! + 540) % 360) - 180);
    assert.ok(off < 15, `${c.cellId}: the wedge points at ${bearing.toFixed(1)}°, the azimuth is ${c.azimuth}°`);
  }
  // The configured tile server's tiles, fetched and drawn (the CSP allows its origin in img-src).
  await ana.locator('img.leaflet-tile-loaded').first().waitFor();
  const drawn = await ana.locator('.configured-tiles img.leaflet-tile-loaded').evaluateAll((imgs: Element[]) => imgs.map((i): [number, string] => [i.naturalWidth ?? 0, i.getAttribute('src') ?? '']));
  assert.ok(drawn.length > 0 && drawn.every(([w]) => w === 256), `tiles drawn: ${JSON.stringify(drawn)}`);
  const asked = h!.tiles.requests.slice(tilesBefore);
  for (const [, src] of drawn) assert.ok(asked.some((r) => src === `https://${String(r.headers.host)}${r.path}`), `${src} was requested from the tile server`);
  // What the tile server (another host, as in a deployment) learns is the tile: no console cookie,
  // no Referer (Referrer-Policy: no-referrer).
  for (const r of asked) {
    assert.equal(r.headers.cookie, undefined, 'no cookie sent to the tile server');
    assert.equal(r.headers.referer, undefined, 'no referer sent to the tile server');
  }
  await shoot(ana, '06-map');
  // A console without a tile server (`/api/config` → {"tileUrl": null}, as the server answers then —
  // tested in the server's own tests): this page's answer replaced, nothing is fetched from a tile server.
  const bare = await ana.context().newPage();
  await bare.route('**/api/config', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ tileUrl: null }) }));
  const tilesThen = h!.tiles.requests.length;
  await bare.goto(warrantUrl('/map'));
  await bare.locator('path.cell-sector').first().waitFor();
  assert.equal(await bare.locator('.leaflet-tile').count(), 0, 'no tile layer without a tile URL');
  assert.equal(h!.tiles.requests.length, tilesThen, 'no tile requested');
  await shoot(bare, '06b-map-no-tiles');
  await bare.close();
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
  await ana.getByLabel('Search text').fill(SMS[0]!.text);
  await ana.getByRole('button', { name: 'Search' }).click();
  await ana.getByRole('table', { name: 'Search results' }).getByText(f.LIID).first().waitFor();
  await shoot(ana, '10-search');
});

test('an export waits for a supervisor, then downloads a file whose SHA-256 is in its manifest', opts, async () => {
  await ana.goto(warrantUrl('/export'));
  await ana.getByLabel('PCAP of content').check();
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
  // The console as the lemf role composes it reads IP content back from the evidence: the PCAP holds
  // every call-content and every IP-content record (classic pcap: 24-octet header, 16-octet record headers).
  const counts = await h!.prepared.queryStore.counts(f.LIID);
  let packets = 0;
  for (let at = 24; at + 16 <= bytes.length; packets++) at += 16 + bytes.readUInt32LE(at + 8);
  assert.equal(packets, (counts['call-content'] ?? 0) + (counts['data-content'] ?? 0));
  assert.ok((counts['data-content'] ?? 0) > 0, 'the fixture delivered IP content');
  await card.getByText('matches the manifest').waitFor();
  await shoot(ana, '12-export-ready');
});

test("a supervisor marks an SMS privileged: the analyst's pages withhold its text", opts, async () => {
  const sup = (await h!.loginAs('sup')).page;
  await sup.goto(warrantUrl('/timeline'));
  // The SMS comes after the call's 300 RTP records: the first page of 100 does not hold it.
  await smsOnly(sup);
  // The first SMS in time (SMS[0]): the timeline's order.
  const row = sup.getByRole('table', { name: 'Timeline' }).locator('tr[data-kind="sms"]').first();
  const id = await row.getAttribute('data-id');
  await row.getByRole('button', { name: `Mark privileged record ${id}` }).click();
  await row.getByLabel('Reason').fill('lawyer–client communication');
  await row.getByRole('button', { name: 'Mark privileged' }).click();
  await sup.locator(`tr.privileged[data-id="${id}"]`).waitFor();
  await shoot(sup, '13-supervisor-privileged');
  await ana.goto(warrantUrl('/sms'));
  await ana.locator(`li[data-id="${id}"] .withheld`).getByText('privileged — content withheld').waitFor();
  const smsPage = (await ana.locator('main').textContent()) ?? '';
  assert.ok(!smsPage.includes(SMS[0]!.text), 'the privileged text is not on the SMS page');
  for (const m of SMS.slice(1)) assert.ok(smsPage.includes(m.text), `the others still are: "${m.text}"`);
  await ana.goto(warrantUrl('/timeline'));
  await smsOnly(ana);
  await ana.locator(`tr[data-id="${id}"] .withheld`).getByText('privileged — content withheld').waitFor();
  assert.ok(!((await ana.locator('main').textContent()) ?? '').includes(SMS[0]!.text), 'the privileged text is not in the timeline');
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
  for (const what of ['call-audio cin=1001 fromTarget', 'export-download pcap', 'mark privileged', 'console.login', 'console:ana']) assert.ok(text.includes(what), `the log names ${what}`);
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
  // One more SMS event on the wire (the first of its own CIN: the network's SMS ran on CIN 0).
  await h!.fx.deliver('HI2', [f.iri33128(f.SMS_CIN, 0, f.T0 + 10_000, f.smsEvent)]);
  await ana.locator(`tr.updated[data-liid="${f.LIID}"] td[data-total="${before + 1}"]`).waitFor();
  await shoot(ana, '19-warrants-live');
});
