/**
 * One task as the MDF's guard holds it (TS 103 221-1 Annex C MediationDetails: LIID, HI delivery
 * type, destinations, Start/End time; the warrant binding; Annex C ServiceScoping; the taskedElements
 * extension; the targets). Millions are held at once (issue 8: "4 million citizens at any given
 * time"), so each is one small object of fixed shape (bench/seed-scale-mdf-tables.bench.ts):
 *  - the window as epoch milliseconds, not two Date objects, and with the LIID and warrant binding
 *    shared by the warrant's tasks (WarrantScope);
 *  - the services as a bitmask, not a Set;
 *  - the targets as one key string (the common case) or a small frozen array, not a Set;
 *  - the POIs as one frozen array shared by every task naming the same ones;
 *  - every other string is the X1 TaskDetails' own (strings are immutable: shared, not copied).
 * `start`, `end`, `services` and `targetKeys` are getters on the prototype, for audit and callers.
 */
export type HiDeliveryType = 'HI2Only' | 'HI3Only' | 'HI2andHI3';

/** What a record is about, as the warrant's services name it (docs/mediation.md "The guard"). */
export type RecordService = 'voice' | 'sms' | 'data' | 'location';

export const SERVICE_BITS: Readonly<Record<RecordService, number>> = { voice: 1, sms: 2, data: 4, location: 8 };
/** No ServiceScoping on the task: every service, and unclassified records too. */
export const EVERY_SERVICE = -1;

export interface MediationTaskFields {
  xid: string;
  liid: string;
  hiDelivery: HiDeliveryType;
  /** X1 destinations (DIDs) toward the LEMF: HI2 and HI3 ports. */
  hi2Destination?: string | undefined;
  hi3Destination?: string | undefined;
  startMs: number;
  endMs: number;
  /** From the warrant binding extension (docs/x1.md), carried into the audit trail. */
  warrantId?: string | undefined;
  warrantHash?: string | undefined;
  /** Two-letter codes for the PSHeader (TS 102 232-1 §5.2.2). */
  authorizationCountryCode: string;
  /**
   * Certificate identities of the POIs the ADMF sent this task to (X1 `taskedElements`, docs/x1.md);
   * only they may send records for the XID. Undefined: the ADMF named none (not warranted's ADMF,
   * which always does): any registered POI; empty: none.
   */
  taskedPois?: readonly string[] | undefined;
  /** SERVICE_BITS of the services the warrant covers, or EVERY_SERVICE. */
  serviceMask: number;
  /** The task's targets as comparison keys (targetKeyOf): one string, or a frozen array of several. */
  targets: string | readonly string[];
}

/**
 * What the tasks of one warrant share on this MDF: the ADMF sends one task per target identity
 * (docs/profile.md), each with the warrant's LIID, window and binding (Annex C MediationDetails).
 * MediationTaskTable.put lets tasks with equal values share one (a warrant with three identities
 * keeps these strings and numbers once, not three times).
 */
export class WarrantScope {
  /** MediationTaskTable's count of live tasks with this LIID, kept on the scope it maps the LIID to. */
  liveTasks = 0;

  constructor(
    readonly liid: string,
    readonly warrantId: string | undefined,
    readonly warrantHash: string | undefined,
    readonly startMs: number,
    readonly endMs: number,
  ) {}

  sameAs(o: WarrantScope): boolean {
    return o.liid === this.liid && o.warrantId === this.warrantId && o.warrantHash === this.warrantHash && o.startMs === this.startMs && o.endMs === this.endMs;
  }
}

export class MediationTask implements MediationTaskFields {
  readonly xid: string;
  /** LIID, warrant binding and window, possibly shared with the warrant's other tasks (WarrantScope). */
  private scopeRef: WarrantScope;
  readonly hiDelivery: HiDeliveryType;
  readonly hi2Destination: string | undefined;
  readonly hi3Destination: string | undefined;
  readonly authorizationCountryCode: string;
  readonly taskedPois: readonly string[] | undefined;
  readonly serviceMask: number;
  readonly targets: string | readonly string[];

  constructor(f: MediationTaskFields) {
    this.xid = f.xid;
    this.scopeRef = new WarrantScope(f.liid, f.warrantId, f.warrantHash, f.startMs, f.endMs);
    this.hiDelivery = f.hiDelivery;
    this.hi2Destination = f.hi2Destination;
    this.hi3Destination = f.hi3Destination;
    this.authorizationCountryCode = f.authorizationCountryCode;
    this.taskedPois = f.taskedPois === undefined ? undefined : sharedList(f.taskedPois);
    this.serviceMask = f.serviceMask;
    this.targets = typeof f.targets === 'string' ? f.targets : f.targets.length === 1 ? f.targets[0]! : Object.freeze([...f.targets]);
  }

  get liid(): string {
    return this.scopeRef.liid;
  }

  get warrantId(): string | undefined {
    return this.scopeRef.warrantId;
  }

  get warrantHash(): string | undefined {
    return this.scopeRef.warrantHash;
  }

  get startMs(): number {
    return this.scopeRef.startMs;
  }

  get endMs(): number {
    return this.scopeRef.endMs;
  }

  get scope(): WarrantScope {
    return this.scopeRef;
  }

  /** Takes `s` instead of its own scope when the values are the same (nothing observable changes). */
  shareScope(s: WarrantScope): boolean {
    if (s === this.scopeRef) return true;
    if (!s.sameAs(this.scopeRef)) return false;
    this.scopeRef = s;
    return true;
  }

  get start(): Date {
    return new Date(this.startMs);
  }

  get end(): Date {
    return new Date(this.endMs);
  }

  /** The services the warrant covers; undefined: no scoping, every service. */
  get services(): ReadonlySet<RecordService> | undefined {
    if (this.serviceMask === EVERY_SERVICE) return undefined;
    return new Set((Object.keys(SERVICE_BITS) as RecordService[]).filter((s) => (this.serviceMask & SERVICE_BITS[s]) !== 0));
  }

  get targetKeys(): ReadonlySet<string> {
    return new Set(typeof this.targets === 'string' ? [this.targets] : this.targets);
  }

  covers(service: RecordService | undefined): boolean {
    if (this.serviceMask === EVERY_SERVICE) return true;
    return service !== undefined && (this.serviceMask & SERVICE_BITS[service]) !== 0;
  }

  hasTarget(key: string): boolean {
    return typeof this.targets === 'string' ? this.targets === key : this.targets.includes(key);
  }
}

/** Distinct POI lists shared; beyond it a task keeps its own frozen copy (memory bounded whatever arrives). */
const MAX_SHARED_LISTS = 4096;
const SHARED_LISTS = new Map<string, readonly string[]>();
const EMPTY: readonly string[] = Object.freeze([]);

/** One frozen array per distinct list of strings (thousands of tasks name the same few POIs). */
function sharedList(list: readonly string[]): readonly string[] {
  if (list.length === 0) return EMPTY;
  const key = list.join('\u0000');
  const known = SHARED_LISTS.get(key);
  if (known) return known;
  const copy = Object.isFrozen(list) ? list : Object.freeze([...list]);
  if (SHARED_LISTS.size < MAX_SHARED_LISTS) SHARED_LISTS.set(key, copy);
  return copy;
}
