/**
 * The `network` role: one synthetic operator (outside the system, for demos and tests) — its
 * subscribers, traffic generated in real time, and its network elements (POIs) as X1 responders
 * on the deployment's addresses that emit X2/X3 to the MDF for tasked targets only, with the
 * TS 103 221-1 §6.6 fail-safe after TIME_P2 without word from the ADMF.
 *
 * Its admin address also takes the demo's scripted activity (`POST /simulate`) and keeps the
 * network's own ground truth for identities the demo names (`POST /watch`, `GET /ground-truth`):
 * the synthetic network's test oracle, never an interception path (it is the network's knowledge
 * of its own events, read by the demo to judge what the agency received).
 */
import { createOperator, NetworkSimulation, servedMatching, systemClock, type NetworkEvent } from '../network/index.ts';
import { startOperatorNetwork } from '../network/poi/index.ts';
import type { TargetIdentifier } from '../standards/identifiers/types.ts';
import type { Credentials } from '../platform/pki.ts';
import { credentialsOf } from './common.ts';
import type { RoleContext, RunningRole } from './context.ts';
import { startRetainedData, type RetainedDataFeed } from './network-retained-data.ts';
import { retentionAuditor } from './rdhi-retention.ts';
import { startRdhi } from './rdhi-server.ts';

interface Watched {
  label: string;
  id: TargetIdentifier;
  /** kind (and a call's id, method and status): what the demo needs to count calls as an operator's records count them. */
  events: { timeMs: number; category: string; kind: string; callId?: string; sipMethod?: string; sipStatus?: number }[];
}

export async function startNetworkRole(ctx: RoleContext): Promise<RunningRole> {
  const d = ctx.deployment;
  const op = d.operators.find((o) => o.id === ctx.id);
  if (!op?.simulation) throw new Error(`operator ${ctx.id} has no simulation section`);
  const sim = op.simulation;
  const operator = createOperator({ id: op.id, name: op.name, mcc: sim.mcc, mnc: sim.mnc, countryCode: sim.countryCode, msisdnPrefix: sim.msisdnPrefix, subscribers: sim.subscribers, cells: sim.cells, seed: sim.seed, centre: sim.centre });
  const simulation = new NetworkSimulation({ operators: [operator], seed: sim.seed, startTimeMs: Date.now(), rates: sim.rates });
  // The operator's retained data (optional): its store, written from the same event stream the POIs see;
  // retention deletions appended to the transparency log in its RDHI's name before they commit.
  const auditor = retentionAuditor(d, op);
  const retained: RetainedDataFeed | undefined = op.retainedData
    ? await startRetainedData(ctx, operator, op.retainedData, sim.dir, simulation.startTimeMs, auditor?.report).catch(async (e: unknown) => {
        await auditor?.close();
        throw e;
      })
    : undefined;
  // Its RDHI (optional): answers agencies' exact requests under signed production orders (docs/rd.md).
  const rdhi = retained ? await startRdhi(ctx, op, retained.store).catch(async (e: unknown) => {
    await retained.stop();
    await auditor?.close();
    throw e;
  }) : undefined;
  const creds = new Map<string, Credentials>();
  const ports: Record<string, number> = {};
  for (const ne of op.elements) {
    if (!ne.simulated || !ne.tls) continue;
    creds.set(ne.id, credentialsOf(d, ne.tls));
    ports[ne.id] = ne.x1.port;
  }
  const host = op.elements[0]?.x1.host ?? '127.0.0.1';
  const watched: Watched[] = [];
  const observe = (batch: readonly NetworkEvent[]) => {
    for (const e of batch) for (const w of watched) if (e.operatorId === op.id && servedMatching(e, w.id).length > 0) w.events.push({ timeMs: e.timeMs, category: e.category, kind: e.kind, ...(e.kind === 'sip' ? { callId: e.callId, sipMethod: e.sipMethod, ...(e.sipStatus === undefined ? {} : { sipStatus: e.sipStatus }) } : {}) });
  };
  const network = await startOperatorNetwork({
    operator,
    simulation,
    creds,
    admfIdentifier: d.control.admf.id,
    admfEndpoint: d.control.admf.listen,
    host,
    ports,
    failSafeMs: d.timers.x1FailSafeMs,
  });
  // The role drives its own simulation in real time and hands each batch to its POIs.
  const abort = new AbortController();
  const loop = (async () => {
    for await (const batch of simulation.run({ clock: systemClock, stepMs: 20, signal: abort.signal })) {
      observe(batch);
      network.deliver(batch);
      retained?.observe(batch);
    }
  })().catch((e: unknown) => {
    if (!abort.signal.aborted) ctx.alarm('NETWORK_SIMULATION_FAILED', String(e));
  });
  const perElement = (f: (s: ReturnType<typeof network.stats>[number]) => number) => () => network.stats().map((s) => ({ labels: { element: s.identifier }, value: f(s) }));
  ctx.metrics.gauge('warranted_network_events_seen', 'Network events each POI looked at', ['element']).collect(perElement((s) => s.eventsSeen));
  ctx.metrics.gauge('warranted_network_events_matched', 'Events that matched an active task', ['element']).collect(perElement((s) => s.eventsMatched));
  ctx.metrics.gauge('warranted_network_xids', 'XIDs each POI has emitted for', ['element']).collect(perElement((s) => Object.keys(s.byXid).length));

  const simulate = (body: unknown): Promise<unknown> => {
    const b = body as { action?: string; from?: string; to?: string; text?: string; hosts?: string[]; durationMs?: number };
    if (typeof b.from !== 'string') return Promise.reject(new TypeError('from: expected an identity'));
    switch (b.action) {
      case 'call':
        return Promise.resolve({ id: simulation.placeCall(b.from, b.to ?? '', { durationMs: b.durationMs ?? 3000 }) });
      case 'sms':
        return Promise.resolve({ id: simulation.sendSms(b.from, b.to ?? '', b.text ?? '') });
      case 'data':
        return Promise.resolve({ id: simulation.startDataSession(b.from, b.hosts ?? ['www.example.com']) });
      case 'move':
        return Promise.resolve({ id: simulation.moveSubscriber(b.from) });
      default:
        return Promise.reject(new TypeError('action: expected call, sms, data or move'));
    }
  };
  return {
    health: () => Promise.resolve({ healthy: true, checks: Object.fromEntries(network.stats().map((s) => [s.identifier, { ok: true, detail: `${s.eventsMatched} events matched` }])) }),
    routes: {
      'POST /simulate': simulate,
      'POST /watch': (body) => {
        const b = body as { targets?: { label: string; id: TargetIdentifier }[] };
        for (const t of b.targets ?? []) watched.push({ label: t.label, id: t.id, events: [] });
        return Promise.resolve({ watching: watched.length });
      },
      'GET /ground-truth': () => Promise.resolve(watched.map((w) => ({ label: w.label, events: w.events }))),
      'GET /stats': () => Promise.resolve(network.stats()),
      // Everything observed so far written to the operator's store (the demo asks before it compares).
      'POST /retained-data/flush': () => (retained ? retained.flush() : Promise.reject(new TypeError('this operator keeps no retained data'))),
      // Retention deletions so far (category, cut-off, rows, digest; no identities).
      'GET /retained-data/sweeps': () => Promise.resolve(retained?.sweeps ?? []),
    },
    stop: async () => {
      abort.abort();
      await loop;
      await network.drain(2000);
      await network.stop();
      await rdhi?.stop();
      await retained?.stop();
      await auditor?.close();
    },
  };
}
