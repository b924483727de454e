/**
 * All POIs of one synthetic operator: an IMS POI (`<op>-ims`: SIP and RTP of calls) and a 5GC POI
 * (`<op>-5gc`: AMF, SMSF, SMF and UPF events), each an X1 responder with its own certificate
 * (docs/profile.md "Identities"). Events reach them from the simulation: either the network drives
 * the simulation itself from an injected clock (`drive`), or a caller that shares one simulation
 * between several operators fans each batch out with `deliver` (see `driveNetworks`).
 */
import type { Credentials } from '../../platform/pki.ts';
import type { Endpoint } from '../../wires/transport.ts';
import type { X1ServerExchange } from '../../wires/x1/index.ts';
import type { NetworkEvent, NetworkElementType } from '../events.ts';
import type { Clock, NetworkSimulation } from '../generator.ts';
import type { Operator } from '../subscribers.ts';
import { PoiConfigError } from './errors.ts';
import { Poi, type PoiStats } from './poi.ts';

/** The POIs of an operator and the network elements each one sees. */
export const POI_LAYOUT: readonly { suffix: string; elements: readonly NetworkElementType[] }[] = [
  { suffix: 'ims', elements: ['ims'] },
  { suffix: '5gc', elements: ['amf', 'smsf', 'smf', 'upf'] },
];

export interface OperatorNetworkOptions {
  operator: Operator;
  simulation: NetworkSimulation;
  /** Credentials per POI identifier (`<op>-ims`, `<op>-5gc`). */
  creds: ReadonlyMap<string, Credentials> | Readonly<Record<string, Credentials>>;
  admfIdentifier: string;
  /** The ADMF's /X1/ADMF address, for issue reports (optional). */
  admfEndpoint?: Endpoint;
  /** Host the X1 servers bind (127.0.0.1 in tests). */
  host: string;
  /** Fixed X1 ports per POI identifier (default: any free port). */
  ports?: Readonly<Record<string, number>>;
  /** Drive the simulation from this clock (only when this network is its sole consumer). */
  drive?: { clock: Clock; stepMs?: number };
  keepaliveIntervalMs?: number;
  /** TS 103 221-1 §6.6.2 TIME_P2 of every POI (see PoiOptions.failSafeMs; default 1 hour, 0 disables). */
  failSafeMs?: number;
  onX1Exchange?: (ex: X1ServerExchange) => void;
  onPdu?: (bytes: Uint8Array, xid: string, poi: string) => void;
}

export interface OperatorNetwork {
  readonly operatorId: string;
  readonly pois: readonly Poi[];
  /** X1 /X1/NE address per POI identifier. */
  readonly x1Endpoints: ReadonlyMap<string, Endpoint>;
  deliver(events: readonly NetworkEvent[]): void;
  stats(): PoiStats[];
  drain(timeoutMs?: number): Promise<boolean>;
  stop(): Promise<void>;
}

const isMap = (c: OperatorNetworkOptions['creds']): c is ReadonlyMap<string, Credentials> => c instanceof Map;

export async function startOperatorNetwork(o: OperatorNetworkOptions): Promise<OperatorNetwork> {
  const credsOf = (id: string): Credentials => {
    const c: Credentials | undefined = isMap(o.creds) ? o.creds.get(id) : (o.creds as Readonly<Record<string, Credentials | undefined>>)[id];
    if (!c) throw new PoiConfigError('POI_NO_CREDENTIALS', `no credentials for POI ${id}`);
    return c;
  };
  if (!o.simulation.operators.includes(o.operator)) throw new PoiConfigError('POI_UNKNOWN_OPERATOR', `operator ${o.operator.id} is not in the simulation`);
  const pois: Poi[] = [];
  try {
    for (const { suffix, elements } of POI_LAYOUT) {
      const identifier = `${o.operator.id}-${suffix}`;
      pois.push(
        await Poi.start({
          identifier,
          operatorId: o.operator.id,
          elements,
          creds: credsOf(identifier),
          bind: { host: o.host, port: o.ports?.[identifier] ?? 0 },
          admfIdentifier: o.admfIdentifier,
          ...(o.admfEndpoint && { admfEndpoint: o.admfEndpoint }),
          ...(o.keepaliveIntervalMs !== undefined && { keepaliveIntervalMs: o.keepaliveIntervalMs }),
          ...(o.failSafeMs !== undefined && { failSafeMs: o.failSafeMs }),
          ...(o.onX1Exchange && { onX1Exchange: o.onX1Exchange }),
          ...(o.onPdu && { onPdu: (bytes: Uint8Array, xid: string) => o.onPdu?.(bytes, xid, identifier) }),
        }),
      );
    }
  } catch (e) {
    await Promise.all(pois.map((p) => p.stop()));
    throw e;
  }
  const deliver = (events: readonly NetworkEvent[]) => {
    for (const p of pois) p.handle(events);
  };
  const abort = new AbortController();
  let loop: Promise<void> | undefined;
  if (o.drive) {
    const drive = o.drive;
    loop = (async () => {
      try {
        for await (const batch of o.simulation.run({ clock: drive.clock, stepMs: drive.stepMs ?? 20, signal: abort.signal })) deliver(batch);
      } catch (e) {
        if (!abort.signal.aborted) throw e;
      }
    })();
  }
  return {
    operatorId: o.operator.id,
    pois,
    x1Endpoints: new Map(pois.map((p) => [p.identifier, p.x1Endpoint])),
    deliver,
    stats: () => pois.map((p) => p.stats()),
    drain: async (timeoutMs) => (await Promise.all(pois.map((p) => p.drain(timeoutMs)))).every(Boolean),
    stop: async () => {
      abort.abort();
      await loop?.catch(() => undefined);
      await Promise.all(pois.map((p) => p.stop()));
    },
  };
}

/** Ticks one simulation from `clock` and hands every batch to all the operator networks sharing it. */
export async function driveNetworks(
  simulation: NetworkSimulation,
  networks: readonly OperatorNetwork[],
  o: { clock: Clock; stepMs?: number; signal?: AbortSignal },
): Promise<void> {
  try {
    for await (const batch of simulation.run({ clock: o.clock, stepMs: o.stepMs ?? 20, ...(o.signal && { signal: o.signal }) })) {
      for (const n of networks) n.deliver(batch);
    }
  } catch (e) {
    if (!o.signal?.aborted) throw e;
  }
}
