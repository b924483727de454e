/**
 * What the console's browser tests run against: a real reference LEMF fed real HI2/HI3 PS-PDUs over
 * mutual TLS (store-fixture.ts: a call with G.711 both ways, locations, a data session with DNS, TLS
 * SNI and HTTP; a second warrant naming the same peer; and SMS the synthetic network generated, its
 * POI's xIRI converted by the MDF's converter, sms-from-network.ts), its records ingested into the
 * console's query store, and the console as the lemf role composes it (prepareConsole: its query
 * store and data routes, the bundled UI), users of every role and a fixed warrant source for the terms.
 * The call carries RTP from its 200 OK to its BYE (FULL_CALL_RTP), so its audio lasts as its SIP says;
 * `console.tileUrl` names a tile server on 127.0.0.1 started here (ui-tiles.ts).
 * Headless Debian Chromium (playwright-core) with the flags that work on this machine.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { prepareConsole, type PreparedConsole, type RunningConsole } from '../../src/console/server/start-console.ts';
import { unknownTerms, type WarrantSource, type WarrantTerms } from '../../src/console/warrants/catalog.ts';
import { ensureDemoPki } from '../../src/platform/pki.ts';
import { TEST_EVIDENCE_KEY } from '../helpers/evidence-key.ts';
import { deliverScenario, f, FULL_CALL_RTP, LIID_B, startLemf, type LemfFixture } from './store-fixture.ts';
import { networkSms } from './sms-from-network.ts';
import { startTileServer, TILE_HOST_RULE, type TileServer } from './ui-tiles.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const OUT_DIR = resolve(process.env.TEST_OUTPUT_DIR ?? join(import.meta.dirname, '../../.data/test-output/console'));
export const PASSWORD = 'a long test password';
export const chromiumMissing = existsSync(CHROMIUM) ? undefined : `chromium not found at ${CHROMIUM} (install the Debian package "chromium", as .ci/run does, or set CHROMIUM_PATH)`;

const DAY = 86_400_000;
/** The warrant's SMS: six of distinct text the network generated for its target from T0 + 6 s on (deterministic). */
export const NETWORK_SMS = networkSms({ liid: f.LIID, count: 6, startTimeMs: f.T0 + 6000 });
export const TERMS: WarrantTerms = {
  ...unknownTerms(f.LIID),
  warrantId: 'W-2026-0042',
  status: 'active',
  window: { start: new Date(f.T0 - DAY).toISOString(), end: new Date(Date.now() + 30 * DAY).toISOString() },
  // The fixture's caller and the network subscriber whose SMS the task matched on.
  scope: { targets: [`e164Number:${f.TARGET_MSISDN}`, `e164Number:${NETWORK_SMS.target.msisdn}`], services: ['voice', 'sms', 'data', 'location'], content: true },
  profile: 'demo-national',
  signers: [
    { role: 'judge', name: 'Judge A. Example', signedAt: new Date(f.T0 - DAY).toISOString() },
    { role: 'minister', name: 'Minister B. Example', signedAt: new Date(f.T0 - DAY + 3_600_000).toISOString() },
  ],
};

export interface UiHarness {
  url: string;
  fx: LemfFixture;
  prepared: PreparedConsole;
  running: RunningConsole;
  /** The tile server `console.tileUrl` names, with the requests it got. */
  tiles: TileServer;
  browser: Browser;
  /** A fresh browser context logged in as `name` through the login page. */
  loginAs(name: string): Promise<{ context: BrowserContext; page: Page }>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startUiHarness(): Promise<UiHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'console-ui-'));
  const pki = await ensureDemoPki(join(dir, 'pki'), ['lemf-ag', 'tiles']);
  const creds = pki.get('lemf-ag')!;
  const tiles = await startTileServer(pki.get('tiles')!);
  const logKeyPem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const prepared = await prepareConsole({ lemfId: 'lemf-ag', dir: join(dir, 'console'), listen: { host: '127.0.0.1', port: 0 }, creds, logKeyPem, evidenceKey: TEST_EVIDENCE_KEY, exportApproval: true, tileUrl: tiles.template, onAlarm: () => undefined });
  // Chromium starts while the LEMF is fed (the machine is shared: every second counts).
  const launching = chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required', TILE_HOST_RULE],
  });
  launching.catch(() => undefined);
  const fx = await startLemf((records) => prepared.onRecords(records));
  await deliverScenario(fx, { rtpPerDirection: FULL_CALL_RTP, sms: NETWORK_SMS.pdus });
  const source: WarrantSource = { terms: (liid) => Promise.resolve(liid === f.LIID ? TERMS : undefined) };
  // As the lemf role starts it: the data routes over the console's own query store.
  const running = await prepared.start(fx.lemf.store, { source });
  await prepared.queryStore.flush();
  await running.users.add('sup', 'supervisor', PASSWORD, [f.LIID, LIID_B]);
  await running.users.add('ana', 'analyst', PASSWORD, [f.LIID, LIID_B]);
  await running.users.add('other', 'analyst', PASSWORD, [LIID_B]);
  await running.users.add('aud', 'auditor', PASSWORD, []);
  const browser = await launching;
  mkdirSync(OUT_DIR, { recursive: true });
  const url = running.server.url;
  return {
    url,
    fx,
    prepared,
    running,
    tiles,
    browser,
    async loginAs(name) {
      // The console's certificate is from the deployment's own CA, which this browser does not know.
      const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1360, height: 900 }, acceptDownloads: true });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(url);
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Warrants', level: 1 }).waitFor();
      return { context, page };
    },
    async screenshot(page, name) {
      const path = join(OUT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await prepared.close();
      await fx.close();
      await tiles.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
