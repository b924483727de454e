/**
 * What the agency's warrants say, asked of the warrant desk over HI-1 (ETSI TS 103 120) with the
 * agency's own client certificate — the channel the agency already uses to submit them (the desk
 * shows an agency only its own objects, src/warrants/desk/actions.ts). Why the desk and not a copy
 * kept by the agency: the desk holds the warrant's current state (approved, active, expired,
 * revoked) and its approvals as signed, so the console shows what the system enforces, not what
 * the agency once sent.
 *
 * One LIST of Authorisation and one of LITask objects (§6.4.8) per refresh (at most every `ttlMs`),
 * then a GET (§6.4.7) only of objects whose generation changed. LITask.Reference is the LIID
 * (TS 103 280 §6.1), its TargetIdentifier the target (§8.2.6.2); the Authorisation gives status
 * (Table 7.6), timespan, approvals (ApprovalDetails: approver role and name, timestamp) and the
 * national parameters (profile, services, content authorised: src/warrants/desk/mapping.ts).
 * When the desk cannot be reached, the last answer stands (a LIID never heard of is `unknown`).
 */
import type { AuthorisationObject, DictionaryEntry, Hi1Object, ListRequest, ListResponseRecord, LITaskObject } from '../../standards/hi1/index.ts';
import { decodeWarrantParameters } from '../../warrants/desk/index.ts';
import type { WarrantSource, WarrantTerms } from './catalog.ts';

/** The two HI-1 actions the source uses (Hi1Client satisfies it). */
export interface Hi1Reader {
  list(req?: ListRequest): Promise<ListResponseRecord[]>;
  get(id: string): Promise<Hi1Object>;
}

export interface Hi1WarrantSourceOptions {
  client: Hi1Reader;
  /** Refresh at most this often (default 5000 ms). */
  ttlMs?: number;
  onError?: (e: Error) => void;
  now?: () => number;
}

const objectType = (value: string): DictionaryEntry => ({ owner: 'ETSI', name: 'ObjectType', value });

interface Cached<T> {
  generation: number;
  object: T;
}

export class Hi1WarrantSource implements WarrantSource {
  private readonly authorisations = new Map<string, Cached<AuthorisationObject>>();
  private readonly tasks = new Map<string, Cached<LITaskObject>>();
  private byLiid = new Map<string, WarrantTerms>();
  private fetchedAt = -Infinity;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly o: Hi1WarrantSourceOptions) {}

  async terms(liid: string): Promise<WarrantTerms | undefined> {
    await this.refresh();
    const t = this.byLiid.get(liid);
    return t && structuredClone(t);
  }

  private refresh(): Promise<void> {
    const now = this.o.now?.() ?? Date.now();
    if (now - this.fetchedAt < (this.o.ttlMs ?? 5000)) return Promise.resolve();
    this.refreshing ??= this.fetch()
      .then(() => void (this.fetchedAt = this.o.now?.() ?? Date.now()))
      .catch((e: unknown) => this.o.onError?.(e as Error))
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async fetch(): Promise<void> {
    const [auths, tasks] = await Promise.all([this.o.client.list({ objectType: objectType('Authorisation') }), this.o.client.list({ objectType: objectType('LITask') })]);
    await this.update(auths, this.authorisations, 'Authorisation');
    await this.update(tasks, this.tasks, 'LITask');
    const next = new Map<string, WarrantTerms>();
    for (const { object: task } of this.tasks.values()) {
      const liid = task.reference;
      const warrantId = task.associatedObjects?.[0];
      if (liid === undefined || warrantId === undefined) continue;
      const terms = next.get(liid) ?? termsOf(liid, warrantId, this.authorisations.get(warrantId)?.object);
      for (const v of task.targetIdentifier?.targetIdentifierValues ?? []) {
        const target = `${v.formatName}:${v.value}`;
        if (!terms.scope.targets.includes(target)) terms.scope.targets.push(target);
      }
      next.set(liid, terms);
    }
    this.byLiid = next;
  }

  private async update<T extends Hi1Object>(records: readonly ListResponseRecord[], cache: Map<string, Cached<T>>, type: string): Promise<void> {
    const listed = new Set<string>();
    for (const r of records) {
      listed.add(r.identifier);
      if (cache.get(r.identifier)?.generation === r.generation) continue;
      const object = await this.o.client.get(r.identifier);
      if (object.objectType === type) cache.set(r.identifier, { generation: r.generation, object: object as T });
    }
    for (const id of cache.keys()) if (!listed.has(id)) cache.delete(id);
  }
}

function termsOf(liid: string, warrantId: string, a: AuthorisationObject | undefined): WarrantTerms {
  const t: WarrantTerms = { liid, warrantId, status: (a?.authorisationStatus?.value ?? 'unknown').toLowerCase(), window: null, scope: { targets: [], services: [], content: false }, signers: [] };
  if (!a) return t;
  const span = a.authorisationTimespan;
  if (span?.startTime && span.endTime) t.window = { start: span.startTime, end: span.endTime };
  try {
    const p = decodeWarrantParameters(a.nationalAuthorisationParameters);
    t.profile = p.profileId;
    t.scope.services = [...p.categories.services];
    t.scope.content = p.categories.content;
    t.retentionDays = p.retentionDays;
  } catch {
    // Parameters of another form: scope unknown beyond the targets (shown as such).
  }
  t.signers = (a.authorisationApprovalDetails ?? []).map((d) => ({ role: d.approverDetails?.approverRole ?? '', name: d.approverDetails?.approverName ?? '', signedAt: d.approvalTimestamp ?? '' }));
  return t;
}
