/**
 * What every role's composition shares: credentials read from the deployment's files, the
 * deployment registry as the ADMF sees it, and the small per-role context (logger, metrics,
 * alarms) that src/platform provides. Each role file builds one process from its section only.
 */
import { readFileSync } from 'node:fs';
import type { Credentials } from '../platform/pki.ts';
import type { Deployment, TlsFiles } from '../platform/config/types.ts';
import type { Registry } from '../provisioning/registry.ts';

/** The credentials of one component: its certificate and key, and the deployment's CA. */
export function credentialsOf(d: Deployment, tls: TlsFiles): Credentials {
  return { certPem: readFileSync(tls.cert, 'utf8'), keyPem: readFileSync(tls.key, 'utf8'), caPem: readFileSync(d.ca, 'utf8') };
}

/** The ADMF's registry (src/provisioning/registry.ts) from the deployment file. */
export function registryOf(d: Deployment): Registry {
  return {
    operators: d.operators.map((op) => ({ id: op.id, networkElements: op.elements.map((ne) => ({ id: ne.id, x1: ne.x1, services: [...ne.services] })) })),
    mediation: { id: d.mediation.id, x1: d.mediation.x1, x2x3: d.mediation.x2x3 },
    destinations: d.agencies.map((a) => ({ id: a.lemf.id, agencyId: a.id, hi2: a.lemf.hi2, hi3: a.lemf.hi3 })),
  };
}

/** The operators' RDHIs (retained data): each appends its rd.* events, in its own name only. */
export function rdhiIdentities(d: Deployment): string[] {
  return d.operators.flatMap((o) => (o.retainedData?.rdhi ? [o.retainedData.rdhi.id] : []));
}

/**
 * Every identity that is part of the system and may append to the audit log: the control role's
 * two, the MDF's, and each operator's RDHI (rd.* and retention events in its own name).
 */
export function systemIdentities(d: Deployment): string[] {
  return [d.control.admf.id, d.control.desk.id, d.mediation.id, ...rdhiIdentities(d)];
}

/** Which operator a POI (network element) belongs to, by the deployment's element lists. */
export function operatorOfElement(d: Deployment): (poi: string) => string {
  const byElement = new Map(d.operators.flatMap((op) => op.elements.map((ne) => [ne.id, op.id] as const)));
  return (poi) => byElement.get(poi) ?? poi;
}
