/**
 * A real operator RDHI for the console's retained-data tests: the retained-data store filled by the
 * synthetic network (test/retained-data/fixtures.ts), the RDHI's handler (src/retained-data/rdhi)
 * behind the RD wire server on 127.0.0.1 with mutual TLS, judging orders exactly as the network role's
 * RDHI does — rdhiOrderAuthority over the signed bundle file in its ordersDir, with the judge's public
 * key and the production-order profile — and signing every answer. The order is a real production
 * order: its canonical text signed by a judge's Ed25519 key (signOrderApproval), granted to the
 * agency whose client certificate the console holds. The recorder keeps the RDHI's rd.* events.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Credentials } from '../../src/platform/pki.ts';
import { rdhiHandler, type RdhiRecorder } from '../../src/retained-data/rdhi/handler.ts';
import { RetainedDataStore } from '../../src/retained-data/store.ts';
import { rawEd25519Base64 } from '../../src/roles/authorities.ts';
import { rdhiOrderAuthority, rdhiOrderFile } from '../../src/roles/rdhi-orders.ts';
import { defaultKeyId, KeyRegistry, loadOrderProfiles, orderCanonicalText, signOrderApproval, systemClock, type OrderBundle, type OrderSignature, type ProductionOrder, type ProductionOrderProfile } from '../../src/warrants/index.ts';
import { sha256Hex } from '../../src/warrants/canonical.ts';
import { startRdServer, type RdServer } from '../../src/wires/rd/index.ts';
import { tlsListener } from '../../src/wires/transport.ts';
import { ConsoleAccessLog } from '../../src/console/access-log/access-log.ts';
import { RdEvidenceStore } from '../../src/console/rd/evidence.ts';
import { deskOrderSource, type DeskOrderLike } from '../../src/console/rd/orders.ts';
import { RdRequester, type RdOperatorEndpoint } from '../../src/console/rd/requester.ts';
import { startConsoleServer } from '../../src/console/server/server.ts';
import { minimalUi } from '../../src/console/server/ui.ts';
import { UserStore } from '../../src/console/users/user-store.ts';
import { WarrantCatalog } from '../../src/console/warrants/catalog.ts';
import { MonitoringStore } from '../../src/monitoring/store.ts';
import { TEST_EVIDENCE_KEY } from '../helpers/evidence-key.ts';
import type { Harness } from './server-helpers.ts';
import { busiest, runTraffic, type Traffic } from '../retained-data/fixtures.ts';
import { pecaOrder } from '../helpers/rd-deployment.ts';

const repo = resolve(import.meta.dirname, '../..');

export interface RdFixture {
  store: RetainedDataStore;
  traffic: Traffic;
  rdhi: RdServer;
  /** The RDHI's answer-signing key pair (the console holds the public half). */
  operatorKey: { publicKey: KeyObject; privateKey: KeyObject };
  /** The RDHI's audit events (rd.request, rd.refused, rd.disclosed), in order. */
  events: { type: string; d: Record<string, unknown> }[];
  msisdn: string;
  order: ProductionOrder;
  /** The judge's key registry and the profiles the RDHI trusts, and the judge's signature over a canonical text. */
  keys: KeyRegistry;
  profiles: Map<string, ProductionOrderProfile>;
  judgeSign(canonical: string): OrderSignature;
  /** The order as the desk gives it (DeskOrder of src/warrants/desk/order-client.ts). */
  deskOrder: DeskOrderLike;
  /** Every order issued, as the desk lists them (the first is `order`). */
  deskOrders: DeskOrderLike[];
  /** Issues another judge-signed order (the first's terms, `over` on top), served to the RDHI and listed. */
  issue(over: Partial<ProductionOrder>): ProductionOrder;
  close(): Promise<void>;
}

/** `dir` holds the PKI (`pki/`, with `rdhi-opA` and the agency's certificate) and gets `profiles/` and `orders/`. */
export async function startRdFixture(dir: string, creds: Map<string, Credentials>, agency: string): Promise<RdFixture> {
  const store = await RetainedDataStore.open('opA', { kind: 'embedded' });
  const other = await RetainedDataStore.open('opB', { kind: 'embedded' });
  const traffic = await runTraffic(new Map([['opA', store], ['opB', other]]), 6);
  await other.close();
  const op = traffic.operators[0]!;
  const msisdn = op.subscriber(busiest(traffic, op, 1)[0]!).msisdn;

  // The production-order profile (PECA 2016) with this test's agency and operator added.
  const profiles = join(dir, 'profiles');
  cpSync(join(repo, 'profiles', 'production-orders'), profiles, { recursive: true });
  const peca = join(profiles, 'pk-peca-2016.json');
  const p = JSON.parse(readFileSync(peca, 'utf8')) as { designatedAgencies: { id: string; name: string }[]; operators: string[] };
  p.designatedAgencies.push({ id: agency, name: 'Test agency' });
  p.operators.push('opA');
  writeFileSync(peca, JSON.stringify(p, null, 2));

  // The judge's key, trusted by the RDHI as the network role's RDHI trusts the deployment's authorities.
  const judge = generateKeyPairSync('ed25519');
  const raw = rawEd25519Base64(judge.publicKey.export({ format: 'pem', type: 'spki' }).toString());
  const keys = new KeyRegistry({ clock: systemClock });
  await keys.registerAuthority({ id: 'judge-1', role: 'judge', name: 'Judge One' });
  await keys.addKey('judge-1', { publicKey: raw, validFrom: '1970-01-01T00:00:00.000Z' });

  const judgeSign = (text: string) => signOrderApproval(text, { authorityId: 'judge-1', keyId: defaultKeyId(raw), role: 'judge', privateKey: createPrivateKey(judge.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()) }, new Date());
  const ordersDir = join(dir, 'orders');
  mkdirSync(ordersDir, { recursive: true });
  const deskOrders: DeskOrderLike[] = [];
  /** A judge-signed order served to the RDHI (its ordersDir) and listed by the "desk" (deskOrders). */
  const issue = (over: Partial<ProductionOrder>): ProductionOrder => {
    const order = pecaOrder({
      reference: `PO-CONSOLE-${deskOrders.length + 1}`,
      agency: { id: agency, name: 'Test agency' },
      identifiers: [{ kind: 'msisdn', value: msisdn }],
      categories: ['calls'],
      period: { start: new Date(traffic.startMs).toISOString(), end: new Date(traffic.endMs).toISOString() },
      operators: ['opA'],
      validUntil: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      ...over,
    });
    const canonical = orderCanonicalText(order);
    const bundle: OrderBundle = { canonical, signatures: [judgeSign(canonical)], revocations: [] };
    // The salt only feeds the commitment in rd.disclosed (src/roles/rdhi-orders.ts); any 32 bytes do here.
    writeFileSync(join(ordersDir, `${order.id}.json`), JSON.stringify(rdhiOrderFile(bundle, new Uint8Array(32).fill(7))));
    deskOrders.push({ state: 'Active', hash: sha256Hex(canonical), canonical, bundle });
    return JSON.parse(canonical) as ProductionOrder;
  };
  // No dataSessions: a request for them is outside the order (403 from the RDHI).
  const order = issue({ categories: ['subscriber', 'equipment', 'calls', 'sms', 'location'] });

  const orderProfiles = loadOrderProfiles(profiles);
  const events: RdFixture['events'] = [];
  const recorder: RdhiRecorder = {
    request: (d) => (events.push({ type: 'rd.request', d: { ...d } }), Promise.resolve()),
    refused: (d) => (events.push({ type: 'rd.refused', d: { ...d } }), Promise.resolve()),
    disclosed: (d) => (events.push({ type: 'rd.disclosed', d: { ...d } }), Promise.resolve()),
  };
  const operatorKey = generateKeyPairSync('ed25519');
  const rdhi = await startRdServer({
    listener: tlsListener(creds.get('rdhi-opA')!),
    bind: { host: '127.0.0.1', port: 0 },
    cspId: 'opA',
    countryCode: 'PK',
    handler: rdhiHandler({ cspId: 'opA', store, authority: rdhiOrderAuthority({ ordersDir, keys: { current: () => Promise.resolve(keys) }, profiles: orderProfiles }), recorder, signingKey: operatorKey.privateKey }),
  });
  return {
    store,
    traffic,
    rdhi,
    operatorKey,
    events,
    msisdn,
    order,
    keys,
    profiles: orderProfiles,
    judgeSign,
    issue,
    deskOrders,
    deskOrder: deskOrders[0]!,
    async close() {
      await rdhi.close();
      await store.close();
    },
  };
}

/**
 * The console as the lemf role starts it for retained data, on the server-test harness's pieces: a
 * real HTTPS server, user store and access log on disk, and the RD routes with the agency's client
 * certificate, the RDHI's endpoint and public key, the order from the desk's `listOrders` shape.
 */
export async function startRdConsole(dir: string, creds: Map<string, Credentials>, agency: string, f: RdFixture, extra: RdOperatorEndpoint[] = []): Promise<Harness> {
  const logKeyPem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const alarms: string[] = [];
  const onAlarm = (code: string) => alarms.push(code);
  const lemfDir = join(dir, 'lemf');
  const lemf = new MonitoringStore({ dataDir: lemfDir, evidenceKey: TEST_EVIDENCE_KEY, defaultAccessor: 'lemf-ag' });
  const accessLog = await ConsoleAccessLog.open({ dir: lemfDir, lemfId: 'lemf-ag', signingKeyPem: logKeyPem, onAlarm, checkpointDelayMs: 60_000 });
  const users = UserStore.open(lemfDir, TEST_EVIDENCE_KEY);
  const warrants = new WarrantCatalog({ counts: () => Promise.resolve({}), retentionOf: (l) => lemf.retentionOf(l), integrity: () => lemf.integrity(), gaps: () => lemf.gaps() });
  const requester = new RdRequester({
    creds: creds.get(agency)!,
    agencyId: agency,
    countryCode: 'PK',
    operators: [{ id: 'opA', endpoint: f.rdhi.endpoint, publicKey: f.operatorKey.publicKey }, ...extra],
    timeoutMs: 20_000,
  });
  const server = await startConsoleServer({
    creds: creds.get('lemf-ag')!,
    host: '127.0.0.1',
    port: 0,
    users,
    accessLog,
    warrants,
    onAlarm,
    ui: () => Promise.resolve(minimalUi()),
    retainedData: { requester, evidence: new RdEvidenceStore(lemfDir, TEST_EVIDENCE_KEY), orders: deskOrderSource(() => Promise.resolve(f.deskOrders)) },
  });
  return {
    dir,
    server,
    users,
    accessLog,
    lemf,
    caPem: creds.get('lemf-ag')!.caPem,
    logKeyPem,
    alarms,
    async close() {
      await server.close();
      await accessLog.close();
      lemf.close();
    },
  };
}
