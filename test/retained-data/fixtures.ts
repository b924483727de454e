/**
 * Shared by the retained-data tests: two synthetic operators with busy traffic, run for a stretch
 * of simulated time, each operator's events recorded into its own store exactly as the network
 * role does it (OperatorRecorder → store.write per batch), and the network's own events kept as
 * the ground truth to compare the store's answers with.
 */
import { createOperator, NetworkSimulation, type NetworkEvent, type Operator, type ServedSubscriber } from '../../src/network/index.ts';
import { OperatorRecorder, subscriberRecords } from '../../src/network/records.ts';
import type { RetainedDataStore } from '../../src/retained-data/store.ts';

export interface Traffic {
  sim: NetworkSimulation;
  operators: Operator[];
  events: NetworkEvent[];
  startMs: number;
  endMs: number;
}

export function twoOperators(subscribers = 30): Operator[] {
  return [
    createOperator({ id: 'opA', name: 'Alpha', mcc: '234', mnc: '15', countryCode: '44', msisdnPrefix: '7700', subscribers, cells: 12, seed: 'rd', imeiBlock: 1, ipv4Pool: '100.64.0.0/16', cgnatPool: '192.0.2.0/26' }),
    createOperator({ id: 'opB', name: 'Beta', mcc: '234', mnc: '20', countryCode: '44', msisdnPrefix: '7911', subscribers, cells: 12, seed: 'rd', imeiBlock: 2, ipv4Pool: '100.65.0.0/16', cgnatPool: '198.51.100.0/26' }),
  ];
}

/** Runs `minutes` of busy simulated traffic in `stepMs` ticks, writing each operator's records to its store. */
export async function runTraffic(stores: Map<string, RetainedDataStore>, minutes = 12, stepMs = 5000, subscribers = 30): Promise<Traffic> {
  const operators = twoOperators(subscribers);
  const sim = new NetworkSimulation({
    operators, seed: 7, rtp: false,
    rates: { voiceCallsPerMinute: 40, videoCallsPerMinute: 4, smsPerMinute: 60, dataSessionsPerMinute: 30, locationUpdatesPerMinute: 30, reRegistrationsPerMinute: 4 },
  });
  const recorders = operators.map((op) => new OperatorRecorder(op.id));
  for (const op of operators) await stores.get(op.id)!.write(subscriberRecords(op, sim.startTimeMs));
  const events: NetworkEvent[] = [];
  const endMs = sim.startTimeMs + minutes * 60_000;
  while (sim.nowMs < endMs) {
    const batch = sim.advance(stepMs);
    events.push(...batch);
    for (const [i, op] of operators.entries()) await stores.get(op.id)!.write(recorders[i]!.add(batch));
  }
  return { sim, operators, events, startMs: sim.startTimeMs, endMs };
}

export type IdKind = 'msisdn' | 'imsi' | 'imei';
export const holds = (s: ServedSubscriber, kind: IdKind, value: string): boolean => s[kind] === value;

/** Records keep whole milliseconds. */
export const ms = (t: number): number => Math.floor(t);

/** The events of `operatorId` in which the subscriber with that identity was served, in [start, end]. */
export function servedEvents(t: Traffic, operatorId: string, kind: IdKind, value: string, start: number, end: number): NetworkEvent[] {
  return t.events.filter((e) => e.operatorId === operatorId && Math.floor(e.timeMs) >= start && Math.floor(e.timeMs) <= end && e.served.some((s) => holds(s, kind, value)));
}

/** The subscriber indexes of `op` ordered by how many events served them (busiest first). */
export function busiest(t: Traffic, op: Operator, n: number): number[] {
  const counts = new Map<number, number>();
  for (const e of t.events) if (e.operatorId === op.id) for (const s of e.served) counts.set(s.index, (counts.get(s.index) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, n).map(([i]) => i);
}
