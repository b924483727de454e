/**
 * The retained-data tests' common ground: a deployment from `warranted init` (which writes each
 * operator's retained data and RDHI: its certificate, answer-signing key, port and orders directory),
 * tuned for a test, and a production order under the shipped Pakistan profile.
 */
import { randomUUID } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { initDeployment } from '../../src/cli/init/init.ts';
import type { ProductionOrder } from '../../src/warrants/index.ts';

const repo = resolve(import.meta.dirname, '../..');

export interface RdDeploymentOptions {
  subscribers: number;
  seed: number;
  /**
   * An agency added to a copy of the pk-peca-2016 profile's designated agencies (the deployment then
   * reads `profiles/` of its own directory), as a deployment edits its copy; absent: the shipped profiles.
   */
  designate?: { id: string; name: string };
  /** Merged into the first operator's `retainedData` as init wrote it (its RDHI kept). */
  retainedData?: Record<string, unknown>;
}

/** `warranted init` into `dir`, then the edits the options ask for; returns the deployment file. */
export async function rdDeployment(dir: string, o: RdDeploymentOptions): Promise<string> {
  const file = await initDeployment({ dir, subscribers: o.subscribers, seed: o.seed, fastTimers: true });
  const doc = parse(readFileSync(file, 'utf8')) as { control: Record<string, unknown>; operators: { retainedData: Record<string, unknown> }[] };
  if (o.designate) {
    cpSync(join(repo, 'profiles'), join(dir, 'profiles'), { recursive: true });
    const peca = join(dir, 'profiles', 'production-orders', 'pk-peca-2016.json');
    const profile = JSON.parse(readFileSync(peca, 'utf8')) as { designatedAgencies: { id: string; name: string }[] };
    profile.designatedAgencies.push(o.designate);
    writeFileSync(peca, JSON.stringify(profile, null, 2));
    doc.control.profilesDir = 'profiles';
  }
  Object.assign(doc.operators[0]!.retainedData, o.retainedData ?? {});
  writeFileSync(file, stringify(doc, { lineWidth: 0 }), { mode: 0o600 });
  return file;
}

/** A Court-warrant order under pk-peca-2016 (PECA 2016 s.33, s.34), valid a day, for what `p` names. */
export function pecaOrder(p: Pick<ProductionOrder, 'reference' | 'agency' | 'identifiers' | 'categories' | 'period' | 'operators'> & Partial<ProductionOrder>): ProductionOrder {
  return {
    id: randomUUID(),
    officer: 'Inspector A. Khan',
    profileId: 'pk-peca-2016',
    authorisation: 'court-warrant',
    purpose: 'criminal-investigation',
    legalBasis: 'PECA 2016 s.33, s.34',
    offence: 'test offence',
    validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    urgent: false,
    ...p,
  };
}
