/**
 * Shared set-up of the black-box system tests: the whole demo system (PKI, audit log, LEMF,
 * mediation, two operators' POIs, provisioning) plus the HI-1 warrant desk in a temp directory, the
 * synthetic network driven in real time by the test (bounded: it stops by itself), scripted activity
 * of chosen subscribers, the network's own record of what happened (ground truth), and small readers
 * over what the LEMF store and the audit log hold. Nothing here shortcuts a wire: warrants go over
 * HI-1, tasks over X1, records over X2/X3 and HI2/HI3.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoSystem, type DemoSystem } from './in-process/system.ts';
import { approveAndServe, demoWarrantDraft, openWarrantDesk, type WarrantDeskHandle } from './in-process/warrant-flow.ts';
import { servedMatching, systemClock, type NetworkEvent, type Operator } from '../../src/network/index.ts';
import { elementsFor, type ProvisionTask } from '../../src/provisioning/registry.ts';
import type { AuditEvent } from '../../src/audit/index.ts';
import type { MonitoringRecord } from '../../src/monitoring/index.ts';
import type { TargetIdentifier } from '../../src/standards/identifiers/types.ts';
import type { WarrantRecord } from '../../src/warrants/index.ts';
import { startHi1Capture, type Hi1Capture } from '../helpers/hi1-capture.ts';

import { sleep, waitFor } from '../helpers/wait.ts';

export { sleep };

export { waitFor };

export interface Subscriber {
  operator: Operator;
  index: number;
  msisdn: string;
}

export interface SystemHarness {
  sys: DemoSystem;
  desk: WarrantDeskHandle;
  runDir: string;
  /** Every HI-1 document the desk and its clients emitted (checked with validate-hi1.sh at the end of a test file). */
  hi1: Hi1Capture;
  opA: Operator;
  opB: Operator;
  /** The warrant's MSISDN target (operator A, IRI + content) and IMEI target (operator B, IRI only). */
  targets: { msisdn: TargetIdentifier; imei: TargetIdentifier; a: Subscriber; b: Subscriber };
  /** Every event the network generated since traffic started (the ground truth). */
  events: NetworkEvent[];
  /** Starts the real-time network; it stops by itself after `maxMs`. */
  startTraffic(maxMs: number): void;
  stopTraffic(): Promise<void>;
  /** Stops traffic, waits for the POIs and mediation to hand over what they hold. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

const RATES = { voiceCallsPerMinute: 30, smsPerMinute: 60, dataSessionsPerMinute: 30, locationUpdatesPerMinute: 120 };

export async function startSystem(o: { name: string; subscribers?: number; seed?: number }): Promise<SystemHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), `warranted-system-${o.name}-`));
  const runDir = join(dataDir, 'run');
  const seed = o.seed ?? 11;
  const hi1 = startHi1Capture();
  const sys = await startDemoSystem({ dataDir, runDir, subscribers: o.subscribers ?? 150, seed, rates: RATES, fastTimers: true }).catch((e: unknown) => {
    hi1.stop();
    throw e;
  });
  let desk: WarrantDeskHandle;
  try {
    desk = await openWarrantDesk(runDir, sys.audit, sys.provisioning, sys.creds, sys.warrantSource);
  } catch (e) {
    await sys.stop().catch(() => undefined);
    hi1.stop();
    throw e;
  }
  const [opA, opB] = sys.operators as [Operator, Operator];
  const ia = (seed * 7 + 3) % opA.size;
  const ib = (seed * 11 + 5) % opB.size;
  const events: NetworkEvent[] = [];
  let abort: AbortController | undefined;
  let drive: Promise<void> | undefined;
  let stopTimer: NodeJS.Timeout | undefined;
  const stopTraffic = async () => {
    if (stopTimer) clearTimeout(stopTimer);
    abort?.abort();
    await drive;
  };
  return {
    sys,
    desk,
    runDir,
    hi1,
    opA,
    opB,
    targets: {
      msisdn: { kind: 'e164Number', value: opA.msisdnOf(ia) },
      imei: { kind: 'imei', value: opB.imeiOf(ib) },
      a: { operator: opA, index: ia, msisdn: opA.msisdnOf(ia) },
      b: { operator: opB, index: ib, msisdn: opB.msisdnOf(ib) },
    },
    events,
    startTraffic: (maxMs) => {
      const ac = new AbortController();
      abort = ac;
      stopTimer = setTimeout(() => ac.abort(), maxMs);
      stopTimer.unref();
      drive = (async () => {
        for await (const batch of sys.simulation.run({ clock: systemClock, stepMs: 20, signal: ac.signal })) {
          for (const e of batch) events.push(e);
          for (const n of sys.networks) n.deliver(batch);
        }
      })().catch((e: unknown) => {
        if (!ac.signal.aborted) throw e;
      });
    },
    stopTraffic,
    settle: async () => {
      await stopTraffic();
      for (const n of sys.networks) await n.drain(3000);
      await sys.mediation.flush(5000);
      await sleep(300);
    },
    close: async () => {
      await stopTraffic();
      await desk.close().catch(() => undefined);
      await sys.stop().catch(() => undefined);
      hi1.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Serves the demo warrant (MSISDN with content + IMEI IRI-only, both operators) over HI-1 and waits
 * until provisioning reports every derived task active on the MDF and on every element it needs.
 */
export async function serveWarrant(h: SystemHarness, endInS: number): Promise<{ rec: WarrantRecord; tasks: ProvisionTask[] }> {
  const start = new Date();
  const rec = await approveAndServe(h.desk, demoWarrantDraft({ msisdn: h.targets.msisdn, imei: h.targets.imei }, start, new Date(start.getTime() + endInS * 1000)));
  const due = rec.warrant.targets.length * rec.warrant.operators.length;
  const ours = () => h.sys.provisioning.expectedTasks().filter((t) => t.warrantId === rec.warrant.id);
  await waitFor('every task of the warrant active on the MDF and its network elements', () => {
    const tasks = ours();
    if (tasks.length < due) return false;
    const states = h.sys.provisioning.states();
    return tasks.every((t) =>
      [h.sys.registry.mediation.id, ...elementsFor(h.sys.registry, t).map((e) => e.id)].every((el) => states.some((s) => s.xid === t.xid && s.element === el && s.state === 'active')),
    );
  });
  return { rec, tasks: ours() };
}

/** One round of scripted activity of a subscriber: a short call, an SMS, a data session, a move. */
export function scriptedActivity(h: SystemHarness, who: Subscriber, round: number): void {
  const peer = who.operator.msisdnOf((who.index + 17 + round * 13) % who.operator.size);
  const tryIt = (f: () => unknown) => {
    try {
      f();
    } catch {
      /* the subscriber is busy (already in a call or session): skip this one */
    }
  };
  switch (round % 4) {
    case 0:
      tryIt(() => h.sys.simulation.placeCall(who.msisdn, peer, { durationMs: 1500, ringMs: 200 }));
      break;
    case 1:
      tryIt(() => h.sys.simulation.sendSms(who.msisdn, peer, `round ${round}`));
      break;
    case 2:
      tryIt(() => h.sys.simulation.startDataSession(who.msisdn, ['news.example.pk'], { thinkMs: 100 }));
      break;
    default:
      tryIt(() => h.sys.simulation.moveSubscriber(who.msisdn));
  }
}

/** Runs scripted activity rounds for the given subscribers every `everyMs` until `untilMs` of wall time passed. */
export async function activityFor(h: SystemHarness, who: Subscriber[], durationMs: number, everyMs = 400, firstRound = 0): Promise<number> {
  const until = Date.now() + durationMs;
  let round = firstRound;
  while (Date.now() < until) {
    for (const w of who) scriptedActivity(h, w, round);
    round++;
    await sleep(everyMs);
  }
  return round;
}

/** Network events (ground truth) that concern the subscriber, from `fromMs` on. */
export function eventsOf(h: SystemHarness, who: Subscriber, fromMs = 0): NetworkEvent[] {
  const id: TargetIdentifier = { kind: 'e164Number', value: who.msisdn };
  return h.events.filter((e) => e.timeMs >= fromMs && e.operatorId === who.operator.id && servedMatching(e, id).length > 0);
}

export async function auditEvents(h: SystemHarness): Promise<AuditEvent[]> {
  return (await h.sys.audit.entries(0)).map((e) => e.event);
}

/** Every record the LEMF holds, over every LIID (read as an analyst would, so the read is logged). */
export function lemfRecords(h: SystemHarness, liid?: string): MonitoringRecord[] {
  const store = h.sys.lemf.store.as('system-test');
  return (liid ? [liid] : store.liids()).flatMap((l) => (store.liids().includes(l) ? store.records(l) : []));
}

/** The subscriber's identities as the LEMF writes them (`<kind>:<value>`; IMEI without check digit). */
export function identityTags(who: Subscriber): string[] {
  return [`e164Number:${who.msisdn}`, `imsi:${who.operator.imsiOf(who.index)}`, `imei:${who.operator.imeiOf(who.index).slice(0, 14)}`];
}

/** True when a LEMF record names one of the tags (its declared targets or the identities it carries). */
export function recordNames(r: MonitoringRecord, tags: string[]): boolean {
  const norm = (s: string) => (s.startsWith('imei:') ? s.slice(0, 5 + 14) : s);
  return [...(r.declaredTargets ?? []), ...r.identities].some((x) => tags.includes(norm(x)));
}
