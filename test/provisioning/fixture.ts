/**
 * A small real deployment for the ADMF's tests: demo PKI, an in-process audit log, the real MDF
 * (startMediation) and two synthetic operators' POIs (startOperatorNetwork), all on 127.0.0.1 over
 * X1 with mutual TLS, and two warranted tasks (an MSISDN with content on operator A, an IMEI, IRI
 * only, on operator B). `warranted` is what the warrant service would answer with activeTasks().
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, MemoryAuditStore, createNoteSigner, type AuditEvent, type NoteSigner } from '../../src/audit/index.ts';
import { startMediation, type Mediation } from '../../src/mediation/mdf.ts';
import { NetworkSimulation } from '../../src/network/index.ts';
import { twoOperators } from '../../src/network/test-fixtures.ts';
import { startOperatorNetwork, type OperatorNetwork, type Poi } from '../../src/network/poi/index.ts';
import { ensureDemoPki, type Credentials } from '../../src/platform/pki.ts';
import { Provisioning, type ProvisioningOptions } from '../../src/provisioning/admf.ts';
import type { ProvisionTask, Registry } from '../../src/provisioning/registry.ts';
import { X1Client } from '../../src/wires/x1/index.ts';
import type { Endpoint } from '../../src/wires/transport.ts';
import { TEST_OUTBOX_KEY } from '../helpers/outbox-key.ts';
import { TEST_JOURNAL_KEY } from '../helpers/journal-key.ts';

export const HOST = '127.0.0.1';
export const ADMF = 'admf';
export const MDF = 'mdf';
const POIS = ['opA-ims', 'opA-5gc', 'opB-ims', 'opB-5gc'];

export { waitFor } from '../helpers/wait.ts';

/** Awaits `p`, or fails naming `what` after `ms`: every step of these tests is bounded. */
export async function within<T>(what: string, p: Promise<T>, ms = 20_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Fixture {
  dir: string;
  creds: Map<string, Credentials>;
  audit: AuditLog;
  /** The log's checkpoint key (a witness verifies checkpoints with it). */
  auditSigner: NoteSigner;
  mediation: Mediation;
  networks: OperatorNetwork[];
  simulation: NetworkSimulation;
  /** Runs the simulation for `ms` (simulated time) and hands its events to every POI. */
  traffic(ms: number): void;
  registry: Registry;
  tasks: ProvisionTask[];
  /** What warrantedTasks() answers (tests may change it). */
  warranted: ProvisionTask[];
  alarms: { code: string; detail: string }[];
  /** A new ADMF instance (a restart is a second call); closed by close(). */
  admf(extra?: Partial<ProvisioningOptions>): Provisioning;
  poi(id: string): Poi;
  /** ListAllDetails on an element, asked with the ADMF's certificate from outside the ADMF. */
  list(element: string): Promise<{ listOfXIDs: string[]; listOfDIDs: string[] }>;
  /** An X1 client with the ADMF's certificate (the insider of the tests), closed by close(). */
  insider(element: string): X1Client;
  /** Stops the MDF and starts a new, empty one on the same X1 and X2/X3 ports. */
  restartMediation(): Promise<void>;
  events(from?: number): Promise<AuditEvent[]>;
  close(): Promise<void>;
}

export async function startFixture(o: { name: string; failSafeMs?: number; listen?: boolean }): Promise<Fixture & { listening?: Provisioning }> {
  const dir = mkdtempSync(join(tmpdir(), `warranted-prov-${o.name}-`));
  const creds = await ensureDemoPki(join(dir, 'pki'), [ADMF, MDF, ...POIS]);
  const auditSigner = createNoteSigner('test.invalid/audit', generateKeyPairSync('ed25519').privateKey);
  const audit = await AuditLog.open({ store: new MemoryAuditStore(), signer: auditSigner });
  const alarms: Fixture['alarms'] = [];
  let generation = 0;
  const mdfOptions = (x1Port?: number, x2x3Port?: number) => ({
    identifier: MDF,
    creds: creds.get(MDF)!,
    bindHost: HOST,
    ...(x1Port !== undefined && { x1Port }),
    ...(x2x3Port !== undefined && { x2x3Port }),
    admfIdentifier: ADMF,
    allowedPois: POIS,
    outboxKey: TEST_OUTBOX_KEY,
    dataDir: join(dir, `mdf-${generation++}`),
    audit,
    authorizationCountryCode: 'XX',
    deliveryCountryCode: 'XX',
    keepaliveIdleMs: 1000,
  });
  let mediation = await startMediation(mdfOptions());
  const admfs: Provisioning[] = [];
  const clients: X1Client[] = [];
  const [opA, opB] = twoOperators(60, 8, o.name);
  const simulation = new NetworkSimulation({ operators: [opA, opB], seed: 5, startTimeMs: Date.now() });
  const registry: Registry = {
    operators: [],
    mediation: { id: MDF, x1: mediation.x1Endpoint, x2x3: mediation.x2x3Endpoint },
    // No monitoring centre: nothing here is delivered, the ports only have to be well formed.
    destinations: [{ id: 'agency-1', agencyId: 'agency', hi2: { host: HOST, port: 9 }, hi3: { host: HOST, port: 9 } }],
  };
  const warranted: ProvisionTask[] = [];
  const admf = (extra: Partial<ProvisioningOptions> = {}) => {
    const p = new Provisioning({
      identifier: ADMF,
      creds: creds.get(ADMF)!,
      registry,
      audit,
      dataDir: join(dir, `admf-${admfs.length}`),
      journalKey: TEST_JOURNAL_KEY,
      warrantedTasks: () => Promise.resolve([...warranted]),
      onAlarm: (code, detail) => alarms.push({ code, detail }),
      timeoutMs: 2000,
      ...extra,
    });
    admfs.push(p);
    return p;
  };
  // With `listen`, a first ADMF serves /X1/ADMF and the POIs report to it (ReportNEIssue, §6.5.4).
  const listening = o.listen ? admf() : undefined;
  const admfEndpoint = await listening?.listen({ host: HOST, port: 0 }, [MDF, ...POIS]);
  const networks: OperatorNetwork[] = [];
  for (const op of [opA, opB]) {
    const n = await startOperatorNetwork({
      operator: op, simulation, creds, admfIdentifier: ADMF, host: HOST,
      ...(admfEndpoint && { admfEndpoint }),
      ...(o.failSafeMs !== undefined && { failSafeMs: o.failSafeMs }),
    });
    networks.push(n);
    registry.operators.push({
      id: n.operatorId,
      networkElements: [...n.x1Endpoints].map(([id, x1]) => ({ id, x1, services: id.endsWith('-ims') ? ['voice' as const] : ['sms' as const, 'data' as const, 'location' as const] })),
    });
  }
  const start = new Date(Date.now() - 60_000).toISOString();
  const end = new Date(Date.now() + 3_600_000).toISOString();
  const tasks: ProvisionTask[] = [
    {
      xid: '3f0c5e1a-9d8b-4c7a-8e6f-5a4b3c2d1e0f', liid: 'LIID-PROV-A', warrantId: 'W-PROV-1', warrantHash: 'a'.repeat(64), operatorId: 'opA',
      target: { kind: 'e164Number', value: opA.msisdnOf(3) }, deliveryType: 'X2andX3', services: ['voice', 'sms', 'data', 'location'], start, end, destinationId: 'agency-1',
    },
    {
      xid: '7b1d2e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f', liid: 'LIID-PROV-B', warrantId: 'W-PROV-1', warrantHash: 'a'.repeat(64), operatorId: 'opB',
      target: { kind: 'imei', value: opB.imeiOf(4) }, deliveryType: 'X2Only', services: ['sms', 'data', 'location'], start, end, destinationId: 'agency-1',
    },
  ];
  warranted.push(...tasks);
  const endpointOf = (element: string): Endpoint => (element === MDF ? registry.mediation.x1 : registry.operators.flatMap((op) => op.networkElements).find((ne) => ne.id === element)!.x1);
  const insider = (element: string) => {
    const c = new X1Client({ creds: creds.get(ADMF)!, endpoint: endpointOf(element), admfIdentifier: ADMF, neIdentifier: element, timeoutMs: 2000 });
    clients.push(c);
    return c;
  };
  const fixture: Fixture & { listening?: Provisioning } = {
    dir, creds, audit, auditSigner, networks, simulation, registry, tasks, warranted, alarms, admf, insider,
    traffic: (ms) => {
      for (let t = 0; t < ms; t += 100) {
        const events = simulation.advance(100);
        for (const n of networks) n.deliver(events);
      }
    },
    ...(listening && { listening }),
    get mediation() {
      return mediation;
    },
    poi: (id) => networks.flatMap((n) => n.pois).find((p) => p.identifier === id)!,
    list: async (element) => {
      const c = insider(element);
      try {
        const { listOfXIDs, listOfDIDs } = await c.request({ messageType: 'ListAllDetailsRequest' });
        return { listOfXIDs, listOfDIDs };
      } finally {
        c.close();
      }
    },
    restartMediation: async () => {
      const { x1Endpoint, x2x3Endpoint } = mediation;
      await mediation.stop();
      mediation = await startMediation(mdfOptions(x1Endpoint.port, x2x3Endpoint.port));
    },
    events: async (from = 0) => (await audit.entries(from)).map((e) => e.event),
    close: async () => {
      for (const p of admfs) p.close();
      for (const c of clients) c.close();
      for (const n of networks) await n.stop();
      await mediation.stop();
      await audit.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}

/** X1 request types the ADMF's audited exchanges carried to `element`. */
export function sentTo(events: AuditEvent[], element: string, type: string): number {
  return events.filter((e) => e.type === 'x1.exchange' && e.subject === element && Array.isArray(e.details.requestTypes) && e.details.requestTypes.includes(type)).length;
}
