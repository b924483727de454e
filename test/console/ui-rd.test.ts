/**
 * The Retained data page in real Chromium (playwright-core, as ui-console.test.ts) against a real
 * RDHI (rd-fixture.ts: the operator's handler over TS 102 657 BER inside mutual TLS on 127.0.0.1,
 * judging a judge-signed production order, its store filled by the synthetic network) and the console
 * as the lemf role composes it (prepareConsole with `retainedData`: the agency's client certificate,
 * the RDHI's endpoint and answer key, the order as the desk lists it). An analyst opens the page from
 * the navigation, picks the order, asks for the subscriber, calls, SMS, the location history and the
 * equipment, and sees exactly the records the store holds (the subscriber's name, N calls, M SMS, the
 * cells on the map); a category outside the order shows the RDHI's refusal (403); the access log holds
 * each request and view; an auditor has no link and gets a 403 page. Screenshots to the test output.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { deskOrderSource } from '../../src/console/rd/orders.ts';
import { prepareConsole, type PreparedConsole, type RunningConsole } from '../../src/console/server/start-console.ts';
import { MonitoringStore } from '../../src/monitoring/store.ts';
import { ensureDemoPki } from '../../src/platform/pki.ts';
import { TEST_EVIDENCE_KEY } from '../helpers/evidence-key.ts';
import { startRdFixture, type RdFixture } from './rd-fixture.ts';
import { CHROMIUM, chromiumMissing, OUT_DIR, PASSWORD } from './ui-harness.ts';

let dir: string;
let fx: RdFixture;
let lemf: MonitoringStore;
let prepared: PreparedConsole;
let running: RunningConsole;
let browser: Browser;
let page: Page;
const shots: string[] = [];
const opts = { skip: chromiumMissing ?? false, timeout: 120_000 };

before(async () => {
  if (chromiumMissing) return;
  dir = mkdtempSync(join(tmpdir(), 'console-ui-rd-'));
  const launching = chromium.launch({ executablePath: CHROMIUM, headless: true, timeout: 60_000, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  launching.catch(() => undefined);
  const pki = await ensureDemoPki(join(dir, 'pki'), ['lemf-ag', 'rdhi-opA', 'agency-a']);
  fx = await startRdFixture(dir, pki, 'agency-a');
  const logKeyPem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const consoleDir = join(dir, 'console');
  prepared = await prepareConsole({
    lemfId: 'lemf-ag',
    dir: consoleDir,
    listen: { host: '127.0.0.1', port: 0 },
    creds: pki.get('lemf-ag')!,
    logKeyPem,
    evidenceKey: TEST_EVIDENCE_KEY,
    exportApproval: true,
    retainedData: {
      creds: pki.get('agency-a')!,
      agencyId: 'agency-a',
      countryCode: 'PK',
      operators: [{ id: 'opA', endpoint: fx.rdhi.endpoint, publicKey: fx.operatorKey.publicKey }],
      orders: deskOrderSource(() => Promise.resolve([fx.deskOrder])),
    },
    onAlarm: () => undefined,
  });
  lemf = new MonitoringStore({ dataDir: consoleDir, evidenceKey: TEST_EVIDENCE_KEY, defaultAccessor: 'lemf-ag' });
  running = await prepared.start(lemf, { source: { terms: () => Promise.resolve(undefined) } });
  await running.users.add('ana', 'analyst', PASSWORD, []);
  await running.users.add('sup', 'supervisor', PASSWORD, []);
  await running.users.add('aud', 'auditor', PASSWORD, []);
  browser = await launching;
  mkdirSync(OUT_DIR, { recursive: true });
  page = await loginAs('ana');
});
after(async () => {
  await browser?.close().catch(() => undefined);
  await prepared?.close();
  lemf?.close();
  await fx?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (shots.length) console.log(`screenshots:\n${shots.join('\n')}`);
});

async function loginAs(name: string): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1360, height: 900 } });
  const p = await context.newPage();
  p.setDefaultTimeout(30_000);
  await p.goto(running.server.url);
  await p.getByLabel('Name').fill(name);
  await p.getByLabel('Password').fill(PASSWORD);
  await p.getByRole('button', { name: 'Log in' }).click();
  await p.getByRole('heading', { name: 'Warrants', level: 1 }).waitFor();
  return p;
}

async function shoot(p: Page, name: string): Promise<void> {
  const path = join(OUT_DIR, `${name}.png`);
  await p.screenshot({ path, fullPage: true });
  shots.push(path);
}

/** Picks the category and asks; resolves once the answer for it is on the page. */
async function request(category: string): Promise<void> {
  await page.getByLabel('Category').selectOption(category);
  await page.getByRole('button', { name: 'Request' }).click();
  await page.getByRole('heading', { name: `${category} from opA` }).waitFor();
}

const id = () => ({ kind: 'msisdn' as const, value: fx.msisdn });
const whole = () => ({ start: new Date(fx.order.period.start), end: new Date(fx.order.period.end) });

test('need to know: nothing until a supervisor assigns the order on the Users page', opts, async () => {
  await page.getByRole('link', { name: 'Retained data' }).click();
  await page.getByRole('status').filter({ hasText: 'No production order is assigned to you' }).waitFor();
  const sup = await loginAs('sup');
  await sup.getByRole('link', { name: 'Users' }).click();
  await sup.getByRole('textbox', { name: 'Production orders of ana' }).fill(fx.order.id);
  const saved = sup.waitForResponse((r) => r.url().endsWith('/api/users/ana/orders'));
  await sup.getByRole('form', { name: 'Production orders of ana' }).getByRole('button', { name: 'Save' }).click();
  assert.equal((await saved).status(), 200);
  assert.deepEqual(running.users.get('ana')?.orders, [fx.order.id]);
  await shoot(sup, 'rd-00-users-orders');
  await page.reload();
});

test('the analyst asks under the order and sees exactly what the store holds', opts, async () => {
  await page.getByRole('heading', { name: 'Retained data', level: 1 }).waitFor();
  // The order as the desk lists it, its identifier and the operator preselected.
  assert.match(await page.getByLabel('Production order').inputValue(), new RegExp(fx.order.id));
  assert.match((await page.getByLabel('Identifier').locator('option').allTextContents()).join(), new RegExp(fx.msisdn));

  await request('subscriber');
  const s = (await fx.store.subscriberData(id(), whole()))[0]!;
  assert.equal(await page.locator('dd[data-name]').count(), 1);
  assert.equal(await page.locator('dd[data-name]').textContent(), `${s.givenName} ${s.familyName}`);
  await shoot(page, 'rd-01-subscriber');

  await request('calls');
  const calls = await fx.store.calls(id(), whole());
  assert.ok(calls.length > 0);
  assert.equal(await page.getByRole('table', { name: 'Calls' }).locator('tbody tr').count(), calls.length);
  const others = (await page.getByRole('table', { name: 'Calls' }).locator('tbody tr td:nth-child(3)').allTextContents()).sort();
  assert.deepEqual(others, calls.map((c) => c.otherParty).sort());
  const out = await page.getByRole('table', { name: 'Calls' }).locator('tbody tr[data-direction="outgoing"]').count();
  assert.equal(out, calls.filter((c) => c.direction === 'originating').length);
  await shoot(page, 'rd-02-calls');

  await request('sms');
  const sms = await fx.store.sms(id(), whole());
  assert.equal(await page.getByRole('table', { name: 'SMS' }).locator('tbody tr').count(), sms.length);
  assert.deepEqual((await page.getByRole('table', { name: 'SMS' }).locator('tbody tr td:nth-child(3)').allTextContents()).sort(), sms.map((m) => m.otherParty).sort());
  await shoot(page, 'rd-03-sms');

  await request('location');
  const positions = await fx.store.locationHistory(id(), whole());
  assert.ok(positions.length > 0);
  await page.getByRole('region', { name: 'Map of cells and track' }).waitFor();
  // One marker per cell the records name (no azimuth in TS 102 657 GSMLocation: circles).
  assert.equal(await page.locator('path.cell-marker').count(), new Set(positions.map((p) => p.cellId)).size);
  assert.match((await page.getByText(/positions from/).textContent()) ?? '', new RegExp(`^${positions.length} positions`));
  const rows = page.getByRole('table', { name: 'Positions' }).locator('tbody tr');
  assert.equal(await rows.count(), positions.length);
  assert.deepEqual(await rows.locator('td:nth-child(2)').allTextContents(), [...positions].sort((a, b) => a.atMs - b.atMs).map((p) => p.cellId));
  await shoot(page, 'rd-04-location');

  await request('equipment');
  const devices = await fx.store.equipment(id(), whole());
  assert.equal(await page.getByRole('table', { name: 'Equipment' }).locator('tbody tr').count(), devices.length);
  assert.deepEqual((await page.getByRole('table', { name: 'Equipment' }).locator('tbody tr td:first-child').allTextContents()).sort(), devices.map((d) => d.imei).sort());
});

test("a category outside the order shows the operator's refusal (403) and discloses nothing", opts, async () => {
  await page.getByLabel('Category').selectOption({ label: 'location' });
  // The order does not list dataSessions: the page offers only the order's categories.
  assert.ok(!(await page.getByLabel('Category').locator('option').allTextContents()).includes('dataSessions'));
  // Asked anyway (as a modified page could): the RDHI judges and refuses.
  const answer = await page.evaluate(
    async (body) => {
      const me = (await (await fetch('/api/me')).json()) as { csrf: string };
      const r = await fetch('/api/rd/requests', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf }, body: JSON.stringify(body) });
      return { status: r.status, json: (await r.json()) as { result: { id: string; outcome: string; refusal?: { value: number } } } };
    },
    { orderId: fx.order.id, operator: 'opA', category: 'dataSessions', identifier: id(), period: fx.order.period },
  );
  assert.equal(answer.status, 201);
  assert.equal(answer.json.result.outcome, 'refused');
  assert.equal(answer.json.result.refusal?.value, 403);
  await page.goto(`${running.server.url}retained-data/${answer.json.result.id}`);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /Refused by opA: 403 Forbidden/);
  assert.equal(await page.locator('dd[data-records]').getAttribute('data-records'), '0');
  await shoot(page, 'rd-05-refused');
  // Every request, the refusal and every view on the access log, by the analyst.
  const log = (await prepared.accessLog.entries(0, prepared.accessLog.size)).map((e) => e.event).filter((e) => e.type.startsWith('console.rd-'));
  const count = (t: string) => log.filter((e) => e.type === t).length;
  assert.equal(count('console.rd-request'), 6);
  assert.equal(count('console.rd-disclosed'), 5);
  assert.equal(count('console.rd-refused'), 1);
  assert.equal(count('console.rd-view'), 5 + 1); // five answers shown as they came, the refusal's page read back once
  assert.ok(log.every((e) => e.details.user === 'ana'));
  const assignment = (await prepared.accessLog.entries(0, prepared.accessLog.size)).map((e) => e.event).find((e) => e.type === 'console.order-assignment-changed');
  assert.deepEqual(assignment?.details, { user: 'ana', before: [], after: [fx.order.id] });
});

test('an auditor has no Retained data link and the page answers 403', opts, async () => {
  const p = await loginAs('aud');
  assert.equal(await p.getByRole('link', { name: 'Retained data' }).count(), 0);
  await p.goto(`${running.server.url}retained-data`);
  const alert = p.getByRole('alert').first();
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /Forbidden: your role may not do this/);
  await shoot(p, 'rd-06-auditor');
});
