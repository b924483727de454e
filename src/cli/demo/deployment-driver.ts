/**
 * Drives a running deployment from the outside, as its users would: warrants over HI-1 (the agency
 * asks, the minister and the judge sign, the operators' compliance officers confirm), the synthetic
 * networks' scripted activity and ground truth over their admin addresses, and the roles' state
 * from `warranted status` and /metrics. Used by the demo and by the deployment fault tests.
 */
import { createHash, randomUUID } from 'node:crypto';
import { signApproval, signStatement, type WarrantDraft } from '../../warrants/index.ts';
import { firstResponse, type Hi1Exchange } from '../../warrants/desk/index.ts';
import { createOperator, type Operator } from '../../network/index.ts';
import type { TargetIdentifier } from '../../standards/identifiers/types.ts';
import type { Deployment, RoleName } from '../../platform/config/types.ts';
import { status } from '../../platform/supervisor/control.ts';
import { openParties, type Parties } from './parties.ts';
import { adminJson, metric, scrape } from './admin-client.ts';

export interface WarrantTarget {
  id: TargetIdentifier;
  content: boolean;
}

export interface WarrantSpec {
  agencyId: string;
  targets: WarrantTarget[];
  operators: string[];
  start: Date;
  end: Date;
}

/** The synthetic operators of the deployment, rebuilt locally from the same configuration (same identities). */
export function syntheticOperators(d: Deployment): Operator[] {
  return d.operators.flatMap((op) => {
    const s = op.simulation;
    return s ? [createOperator({ id: op.id, name: op.name, mcc: s.mcc, mnc: s.mnc, countryCode: s.countryCode, msisdnPrefix: s.msisdnPrefix, subscribers: s.subscribers, cells: s.cells, seed: s.seed, centre: s.centre })] : [];
  });
}

const SERVICES = ['voice', 'sms', 'data', 'location'] as const;
const wholeSeconds = (t: Date) => new Date(Math.floor(t.getTime() / 1000) * 1000).toISOString();

export function warrantDraft(d: Deployment, w: WarrantSpec): WarrantDraft & { id: string } {
  const agency = d.agencies.find((a) => a.id === w.agencyId);
  if (!agency) throw new Error(`no agency ${w.agencyId} in the deployment`);
  const id = randomUUID();
  return {
    id,
    reference: `DEMO-${w.start.toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${id.slice(0, 8)}`,
    agency: { id: agency.id, name: agency.name },
    officer: 'Inspector A. Khan (demo)',
    legalBasis: 'Investigation for Fair Trial Act 2013, s. 10-11',
    offence: 'demonstration offence (synthetic data)',
    targets: w.targets.map((t) => t.id),
    categories: { content: w.targets.some((t) => t.content), services: [...SERVICES] },
    targetCategories: w.targets.map((t) => ({ target: t.id, categories: { content: t.content, services: [...SERVICES] } })),
    operators: w.operators,
    // HI-1 times carry whole seconds.
    start: wholeSeconds(w.start),
    end: wholeSeconds(w.end),
    delivery: { destinationId: agency.lemf.id, address: agency.lemf.id },
    retentionDays: 30,
    emergency: false,
    profileId: 'pk-ifta-2013',
  };
}

/** Throws unless the desk's first answer is a success (the desk carries refusals inside HI-1). */
export function expectOk(x: Hi1Exchange, what: string): void {
  const r = firstResponse(x);
  if (r.verb === 'ErrorInformation') throw new Error(`${what} refused by the warrant desk: ${r.error.errorCode} ${r.error.errorDescription}`);
}

export class DeploymentDriver {
  readonly parties: Parties;
  constructor(readonly d: Deployment) {
    this.parties = openParties(d);
  }

  /**
   * The legal path over HI-1: the agency's CREATE; the minister then the judge sign the canonical
   * bytes they fetched from the desk (pk-ifta-2013 requires both, in that order); every named
   * operator's compliance officer(s) confirm.
   */
  async submitAndApprove(w: WarrantSpec): Promise<{ id: string; draft: WarrantDraft & { id: string } }> {
    const draft = warrantDraft(this.d, w);
    expectOk(await this.parties.client(w.agencyId).submitWarrant(draft), 'CREATE');
    for (const role of ['minister', 'judge'] as const) {
      const who = this.d.control.authorities.find((a) => a.role === role)!.id;
      const c = this.parties.client(who);
      const canonical = await c.canonicalBytes(draft.id);
      expectOk(await c.approve(draft.id, [signApproval(canonical, this.parties.signer(who), new Date())]), `approval by ${who}`);
    }
    for (const opId of w.operators) {
      const op = this.d.operators.find((o) => o.id === opId)!;
      for (const officer of op.policy.officers.slice(0, op.policy.fourEyes ? 2 : 1)) {
        const c = this.parties.client(officer);
        const hash = createHash('sha256').update(await c.canonicalBytes(draft.id)).digest('hex');
        expectOk(await c.statement(draft.id, signStatement('operator-confirmation', hash, opId, this.parties.signer(officer), new Date())), `confirmation by ${officer}`);
      }
    }
    return { id: draft.id, draft };
  }

  /** Revocation signed by the judge (pk-ifta-2013 revocationRoles). */
  async revoke(warrantId: string): Promise<void> {
    const judge = this.d.control.authorities.find((a) => a.role === 'judge')!.id;
    const c = this.parties.client(judge);
    const hash = createHash('sha256').update(await c.canonicalBytes(warrantId)).digest('hex');
    expectOk(await c.revoke(warrantId, signStatement('revocation', hash, 'no longer necessary and proportionate', this.parties.signer(judge), new Date())), 'revocation');
  }

  admin(role: RoleName, id?: string) {
    const d = this.d;
    switch (role) {
      case 'audit': return d.audit.admin;
      case 'control': return d.control.admin;
      case 'mdf': return d.mediation.admin;
      case 'lemf': return d.agencies.find((a) => a.lemf.id === id)!.lemf.admin;
      case 'network': return d.operators.find((o) => o.id === id)!.simulation!.admin;
      case 'witness': return d.witnesses.find((w) => w.id === id)!.admin;
    }
  }

  /** X1 task×element pairs the ADMF holds as active (control's metric). */
  async activePairs(): Promise<number> {
    return metric(await scrape(this.d.control.admin), 'warranted_provisioning_element_tasks', 'state="active"');
  }

  simulate(operatorId: string, body: Record<string, unknown>): Promise<unknown> {
    return adminJson(this.admin('network', operatorId), 'POST', '/simulate', body);
  }

  watch(operatorId: string, targets: { label: string; id: TargetIdentifier }[]): Promise<unknown> {
    return adminJson(this.admin('network', operatorId), 'POST', '/watch', { targets });
  }

  /** The watched targets' events (kind, and a call's id, SIP method and status: src/roles/network.ts). */
  /** Makes the operator's network write what it observed so far to its retained-data store, and waits for it. */
  flushRetainedData(operatorId: string): Promise<{ ok: boolean; queued: number }> {
    return adminJson(this.admin('network', operatorId), 'POST', '/retained-data/flush');
  }

  groundTruth(operatorId: string): Promise<{ label: string; events: { timeMs: number; category: string; kind?: string; callId?: string; sipMethod?: string; sipStatus?: number }[] }[]> {
    return adminJson(this.admin('network', operatorId), 'GET', '/ground-truth');
  }

  /** The live pid and health of one role (from the supervisor's state, health checked live). */
  async role(role: RoleName, id: string): Promise<{ pid: number | null; healthy: boolean; restarts: number }> {
    const r = (await status({ dataDir: this.d.dataDir })).rows.find((x) => x.role === role && x.id === id);
    return r ? { pid: r.pid, healthy: r.healthy, restarts: r.restarts } : { pid: null, healthy: false, restarts: 0 };
  }

  close(): void {
    this.parties.close();
  }
}
