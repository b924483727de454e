/**
 * Changes to the deployment's operators, network elements, delivery destinations and operator
 * policies are audit events (issue 7 item 2): at start and on every reload the control role
 * compares the file with the last registry it recorded (`<control.dir>/registry.json`) and appends
 * one `config.*` event per difference — appended first, then the snapshot is replaced, so a crash
 * in between repeats an event rather than losing one.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Deployment } from '../platform/config/types.ts';
import { formatAddress } from '../platform/config/types.ts';
import type { RoleContext } from './context.ts';

interface Appender {
  append(event: { type: string; at: string; actor: string; subject?: string; details: Record<string, unknown> }): Promise<unknown>;
}

type Snapshot = Record<string, Record<string, unknown>>;

/** What the log records of the registry: kind/id → the fields that matter to lawful delivery. */
export function registrySnapshot(d: Deployment): Snapshot {
  const s: Snapshot = {};
  for (const op of d.operators) {
    s[`operator/${op.id}`] = { name: op.name };
    s[`operator-policy/${op.id}`] = { fourEyes: op.policy.fourEyes, officers: [...op.policy.officers].sort() };
    for (const ne of op.elements) s[`element/${ne.id}`] = { operator: op.id, services: [...ne.services].sort(), x1: formatAddress(ne.x1) };
  }
  for (const a of d.agencies) s[`destination/${a.lemf.id}`] = { agency: a.id, hi2: formatAddress(a.lemf.hi2), hi3: formatAddress(a.lemf.hi3) };
  s[`mediation/${d.mediation.id}`] = { x1: formatAddress(d.mediation.x1), x2x3: formatAddress(d.mediation.x2x3) };
  return s;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Appends one event per added, changed or removed registry entry; returns their descriptions. */
export async function auditRegistryChanges(d: Deployment, log: Appender, ctx: Pick<RoleContext, 'id' | 'log'>): Promise<string[]> {
  const path = join(d.control.dir, 'registry.json');
  const before: Snapshot = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Snapshot) : {};
  const after = registrySnapshot(d);
  const changes: string[] = [];
  const at = new Date().toISOString();
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const [kind, id] = key.split('/') as [string, string];
    const was = before[key];
    const now = after[key];
    if (same(was, now)) continue;
    const verb = was === undefined ? 'added' : now === undefined ? 'removed' : 'changed';
    await log.append({ type: `config.${kind}-${verb}`, at, actor: ctx.id, subject: id, details: { ...(was ? { before: was } : {}), ...(now ? { after: now } : {}), file: d.file } });
    changes.push(`${kind} ${id} ${verb}`);
  }
  if (changes.length > 0) {
    mkdirSync(d.control.dir, { recursive: true, mode: 0o700 });
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(after, null, 2)}\n`, { mode: 0o600 });
    const fd = openSync(tmp, 'r');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
    ctx.log.info('registry changes audited', { changes });
  }
  return changes;
}
