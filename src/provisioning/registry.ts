/**
 * The ADMF's registry: which operators exist, their network elements (X1 endpoints and what they
 * can see), the mediation function, and the agencies' monitoring-centre destinations. Loaded from
 * configuration; nothing is provisioned to an element or destination that is not registered here.
 */
import { stableUuid } from '../platform/ids.ts';
import type { TargetIdentifier } from '../standards/identifiers/types.ts';
import type { Endpoint } from '../wires/transport.ts';

export type ServiceCategory = 'voice' | 'sms' | 'data' | 'location';

export interface NetworkElementEntry {
  /** X1 neIdentifier = certificate identity, e.g. "opA-ims". */
  id: string;
  x1: Endpoint;
  /** Services this NE can intercept: a task is sent only to NEs that serve one of its services. */
  services: ServiceCategory[];
}

export interface OperatorEntry {
  id: string;
  networkElements: NetworkElementEntry[];
}

export interface MediationEntry {
  id: string;
  x1: Endpoint;
  /** Where POIs send X2/X3 (the ingest destination created on every NE). */
  x2x3: Endpoint;
}

export interface AgencyDestinationEntry {
  /** The warrant's delivery destination id. */
  id: string;
  agencyId: string;
  hi2: Endpoint;
  hi3: Endpoint;
}

export interface Registry {
  operators: OperatorEntry[];
  mediation: MediationEntry;
  destinations: AgencyDestinationEntry[];
}

/** A task to provision: structurally the warrant core's DerivedTask (one target, one operator). */
export interface ProvisionTask {
  xid: string;
  liid: string;
  warrantId: string;
  warrantHash: string;
  operatorId: string;
  target: TargetIdentifier;
  deliveryType: 'X2Only' | 'X2andX3';
  services: ServiceCategory[];
  start: string;
  end: string;
  destinationId: string;
}

/**
 * A task whose warrant was Active and has stopped (expired, lapsed, revoked, suspended):
 * structurally the warrant core's EndedTask. `reason` and `at` are the stopping transition's.
 */
export interface EndedTask {
  task: ProvisionTask;
  state: string;
  reason: string;
  at: string;
}

/** Deterministic UUID (v4 layout) for a destination, so re-provisioning reuses the same DID. */
export function stableDid(...parts: string[]): string {
  return stableUuid('warranted-did-v1', ...parts);
}

/** NEs of the operator that serve at least one of the task's services. */
export function elementsFor(reg: Registry, task: ProvisionTask): NetworkElementEntry[] {
  const op = reg.operators.find((o) => o.id === task.operatorId);
  if (!op) return [];
  return op.networkElements.filter((ne) => ne.services.some((s) => task.services.includes(s)));
}

/** An X1 responder the ADMF tasks: the MDF or one operator's network element. */
export interface ElementRef {
  id: string;
  x1: Endpoint;
  mdf: boolean;
}

/** The MDF first (it must know an XID before any POI is tasked with it), then every network element. */
export function allElements(reg: Registry): ElementRef[] {
  return [
    { id: reg.mediation.id, x1: reg.mediation.x1, mdf: true },
    ...reg.operators.flatMap((op) => op.networkElements.map((ne) => ({ id: ne.id, x1: ne.x1, mdf: false }))),
  ];
}
