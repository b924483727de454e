/**
 * An in-process assembly of the system for the system tests and one bench — not the demo and not a
 * deployment (those are built from the deployment file by src/roles/, each role its own process).
 * It assembles, in one process, the LIMS
 * (warrant desk, provisioning, mediation, audit log) and, outside it, two synthetic operators'
 * networks and an agency's monitoring centre. Every component listens on 127.0.0.1 with its own
 * certificate from the demo CA; they talk only over the standard wires (X1, X2/X3, HI2/HI3).
 */
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDemoPki, type Credentials } from '../../../src/platform/pki.ts';
import { createNoteSigner, openAuditDirectory, type AuditLog } from '../../../src/audit/index.ts';
import { startMediation, type Mediation, type MediationAlarm } from '../../../src/mediation/mdf.ts';
import { Provisioning } from '../../../src/provisioning/admf.ts';
import type { ProvisionTask, Registry } from '../../../src/provisioning/registry.ts';
import { createOperator, NetworkSimulation, type Operator, type TrafficRates } from '../../../src/network/index.ts';
import { startOperatorNetwork, type OperatorNetwork } from '../../../src/network/poi/index.ts';
import { startMonitoringCentre, type MonitoringCentre } from '../../../src/monitoring/index.ts';
import { HI1_IDENTITIES } from './warrant-flow.ts';
import { HOST, ADMF, MDF, AGENCY, OPERATORS } from './constants.ts';
import { TEST_OUTBOX_KEY } from '../../helpers/outbox-key.ts';
import { TEST_EVIDENCE_KEY } from '../../helpers/evidence-key.ts';
import { TEST_JOURNAL_KEY } from '../../helpers/journal-key.ts';

export { HOST, ADMF, MDF, AGENCY, OPERATORS } from './constants.ts';

export interface DemoSystemOptions {
  dataDir: string;
  runDir: string;
  subscribers: number;
  seed: number;
  rates?: Partial<TrafficRates>;
  /** Keepalive/hash timers, shorter in tests. */
  fastTimers?: boolean;
  onAlarm?: (source: string, code: string, detail: string) => void;
}

export interface DemoSystem {
  creds: Map<string, Credentials>;
  audit: AuditLog;
  auditKey: KeyObject;
  integrityKey: KeyObject;
  lemf: MonitoringCentre;
  mediation: Mediation;
  provisioning: Provisioning;
  operators: Operator[];
  simulation: NetworkSimulation;
  networks: OperatorNetwork[];
  registry: Registry;
  /** What must run now, for the ADMF's reconciliation: set by whoever opens the warrant service. */
  warrantSource: { activeTasks: () => Promise<ProvisionTask[]> };
  alarms: { source: string; code: string; detail: string; at: string }[];
  stop(): Promise<void>;
}

export function poiIds(opId: string): string[] {
  return [`${opId}-ims`, `${opId}-5gc`];
}

export async function startDemoSystem(o: DemoSystemOptions): Promise<DemoSystem> {
  const alarms: DemoSystem['alarms'] = [];
  const alarm = (source: string, code: string, detail: string) => {
    alarms.push({ source, code, detail, at: new Date().toISOString() });
    o.onAlarm?.(source, code, detail);
  };
  const ids = [ADMF, MDF, AGENCY.lemf, ...HI1_IDENTITIES, ...OPERATORS.flatMap((op) => poiIds(op.id))];
  const creds = await ensureDemoPki(join(o.dataDir, 'pki'), ids);
  const cred = (id: string) => creds.get(id)!;
  mkdirSync(o.runDir, { recursive: true });

  const auditKey = generateKeyPairSync('ed25519').privateKey;
  const audit = await openAuditDirectory({ dir: join(o.runDir, 'audit'), signer: createNoteSigner('warranted.demo/audit', auditKey), fsync: false });

  // The MDF signs its Annex J hash chains; the agency holds the matching public key.
  const integrityKey = generateKeyPairSync('ed25519').privateKey;
  const lemf = await startMonitoringCentre({
    id: AGENCY.lemf,
    creds: cred(AGENCY.lemf),
    host: HOST,
    dataDir: join(o.runDir, 'lemf'),
    evidenceKey: TEST_EVIDENCE_KEY,
    acceptPeers: [MDF],
    sequenceContext: 'ts102232',
    integrityPublicKey: createPublicKey(integrityKey),
    onAlarm: (a) => alarm('lemf', a.code, a.detail),
    // The agency's own access log: every read of intercepted content, and every destruction at the
    // end of retention, is a line here (the monitoring centre is outside the system's audit log).
    onAccess: (e) => appendFileSync(join(o.runDir, 'lemf-access.jsonl'), `${JSON.stringify({ event: 'access', ...e })}\n`),
    onDestruction: (e) => appendFileSync(join(o.runDir, 'lemf-access.jsonl'), `${JSON.stringify({ event: 'destruction', ...e })}\n`),
  });

  const mediation = await startMediation({
    outboxKey: TEST_OUTBOX_KEY,
    identifier: MDF,
    creds: cred(MDF),
    bindHost: HOST,
    admfIdentifier: ADMF,
    allowedPois: OPERATORS.flatMap((op) => poiIds(op.id)),
    dataDir: join(o.runDir, 'mdf'),
    audit,
    authorizationCountryCode: 'PK',
    deliveryCountryCode: 'PK',
    operatorOf: (poi) => OPERATORS.find((op) => poi.startsWith(`${op.id}-`))?.id ?? poi,
    integrityKey,
    keepaliveIdleMs: o.fastTimers ? 1000 : 10_000,
    hashIntervalMs: o.fastTimers ? 500 : 2000,
    onAlarm: (a: MediationAlarm) => alarm('mediation', a.code, a.detail),
  });

  const registry: Registry = {
    operators: [],
    mediation: { id: MDF, x1: mediation.x1Endpoint, x2x3: mediation.x2x3Endpoint },
    destinations: [{ id: AGENCY.destinationId, agencyId: AGENCY.id, hi2: lemf.hi2Endpoint, hi3: lemf.hi3Endpoint }],
  };
  const warrantSource: DemoSystem['warrantSource'] = { activeTasks: () => Promise.resolve([]) };
  const provisioning = new Provisioning({ warrantedTasks: () => warrantSource.activeTasks(), identifier: ADMF, creds: cred(ADMF), registry, audit, dataDir: join(o.runDir, 'admf'), journalKey: TEST_JOURNAL_KEY, onAlarm: (c, d) => alarm('provisioning', c, d) });
  // The ADMF's /X1/ADMF responder, where network elements report issues (TS 103 221-1 §6.5).
  const admfEndpoint = await provisioning.listen({ host: HOST, port: 0 }, [MDF, ...OPERATORS.flatMap((op) => poiIds(op.id))]);

  const operators = OPERATORS.map((op, i) =>
    createOperator({ id: op.id, name: op.name, mcc: op.mcc, mnc: op.mnc, countryCode: '92', msisdnPrefix: op.msisdnPrefix, subscribers: o.subscribers, cells: 24, seed: o.seed + i, centre: op.centre }),
  );
  const simulation = new NetworkSimulation({ operators, seed: o.seed, startTimeMs: Date.now(), ...(o.rates ? { rates: o.rates } : {}) });
  const networks: OperatorNetwork[] = [];
  for (const op of operators) {
    const n = await startOperatorNetwork({ operator: op, simulation, creds, admfIdentifier: ADMF, admfEndpoint, host: HOST });
    networks.push(n);
    registry.operators.push({
      id: n.operatorId,
      networkElements: [...n.x1Endpoints].map(([id, x1]) => ({ id, x1, services: id.endsWith('-ims') ? ['voice' as const] : ['sms' as const, 'data' as const, 'location' as const] })),
    });
  }

  return {
    creds,
    audit,
    auditKey,
    integrityKey,
    lemf,
    mediation,
    provisioning,
    operators,
    simulation,
    networks,
    registry,
    warrantSource,
    alarms,
    stop: async () => {
      provisioning.close();
      for (const n of networks) await n.stop();
      await mediation.stop();
      await lemf.stop();
      await audit.close();
    },
  };
}
