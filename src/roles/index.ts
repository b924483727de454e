/** One composition function per role (DESIGN.md "Roles, configuration, processes"). */
import type { Deployment, RoleName } from '../platform/config/types.ts';
import { roleInstances } from '../platform/config/types.ts';
import { startAuditRole } from './audit.ts';
import { startControlRole } from './control.ts';
import { startLemfRole } from './lemf.ts';
import { startMdfRole } from './mdf.ts';
import { startNetworkRole } from './network.ts';
import { startWitnessRole } from './witness.ts';
import type { RoleFactory } from './context.ts';

export type { RoleContext, RunningRole, RoleFactory } from './context.ts';

export const ROLE_FACTORIES: Record<RoleName, RoleFactory> = {
  audit: startAuditRole,
  control: startControlRole,
  mdf: startMdfRole,
  lemf: startLemfRole,
  network: startNetworkRole,
  witness: startWitnessRole,
};

/** The role instance `role` + `id` of the deployment (id optional where the role has one instance). */
export function findInstance(d: Deployment, role: RoleName, id?: string): { role: RoleName; id: string; admin: { host: string; port: number } } {
  const all = roleInstances(d).filter((r) => r.role === role);
  const found = id === undefined ? (all.length === 1 ? all[0] : undefined) : all.find((r) => r.id === id);
  if (!found) {
    const ids = all.map((r) => r.id).join(', ') || 'none';
    throw new Error(id === undefined ? `role ${role} has ${all.length} instances (${ids}): name one with --id` : `no ${role} with id ${id} in the deployment (known: ${ids})`);
  }
  return found;
}
