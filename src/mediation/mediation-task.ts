/**
 * One task as the MDF's guard holds it (TS 103 221-1 Annex C MediationDetails: LIID, HI delivery
 * type, destinations, Start/End time; the warrant binding; Annex C ServiceScoping; the taskedElements
 * extension; the targets). Millions are held at once (issue 8: "4 million citizens at any given
 * time"), so each is one small object of fixed shape (bench/seed-scale-mdf-tables.bench.ts):
 *  - the window as epoch milliseconds, not two Date objects, and with the LIID and warrant binding
 *    shared by the warrant's tasks (WarrantScope);
 *  - what every task of one agency's destinations has in common (HI delivery type, HI2/HI3 DIDs,
 *    country, tasked POIs, services as a bitmask) as one shared DeliveryProfile, not five fields per
 *    task (each field is 8 bytes: node 20 runs without pointer compression);
 *  - the targets as one packed key string (the common case; packedTargetKey: an all-digit identity
 *    as BCD, 24–32 bytes instead of 40) or a small frozen array, not a Set;
 *  - every other string is the X1 TaskDetails' own (strings are immutable: shared, not copied).
 * `start`, `end`, `services`, `targets` and `targetKeys` are getters on the prototype, for audit and callers.
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

/**
 * What the tasks sent to one agency's destinations share on this MDF (Annex C MediationDetails HI
 * delivery type and DIDs; the PSHeader's country, TS 102 232-1 §5.2.2; the taskedElements extension;
 * Annex C ServiceScoping): one frozen object per distinct combination (deliveryProfile), referenced by
 * every such task. Immutable, so sharing it changes nothing a task answers.
 */
export interface DeliveryProfile {
  readonly hiDelivery: HiDeliveryType;
  readonly hi2Destination: string | undefined;
  readonly hi3Destination: string | undefined;
  readonly authorizationCountryCode: string;
  readonly taskedPois: readonly string[] | undefined;
  readonly serviceMask: number;
}

export class MediationTask implements MediationTaskFields {
  readonly xid: string;
  /** LIID, warrant binding and window, possibly shared with the warrant's other tasks (WarrantScope). */
  private scopeRef: WarrantScope;
  /** HI delivery, destinations, country, POIs, services: shared with tasks that have the same (deliveryProfile). */
  readonly delivery: DeliveryProfile;
  /** packedTargetKey of each target: one string, or a frozen array of several. */
  private readonly keys: string | readonly string[];

  constructor(f: MediationTaskFields) {
    this.xid = f.xid;
    this.scopeRef = new WarrantScope(f.liid, f.warrantId, f.warrantHash, f.startMs, f.endMs);
    this.delivery = deliveryProfile(f);
    const targets = typeof f.targets === 'string' ? [f.targets] : f.targets;
    this.keys = targets.length === 1 ? packedTargetKey(targets[0]!) : Object.freeze(targets.map(packedTargetKey));
  }

  get hiDelivery(): HiDeliveryType {
    return this.delivery.hiDelivery;
  }

  get hi2Destination(): string | undefined {
    return this.delivery.hi2Destination;
  }

  get hi3Destination(): string | undefined {
    return this.delivery.hi3Destination;
  }

  get authorizationCountryCode(): string {
    return this.delivery.authorizationCountryCode;
  }

  get taskedPois(): readonly string[] | undefined {
    return this.delivery.taskedPois;
  }

  get serviceMask(): number {
    return this.delivery.serviceMask;
  }

  /** The task's targets as comparison keys (targetKeyOf), unpacked: one string, or a frozen array of several. */
  get targets(): string | readonly string[] {
    return typeof this.keys === 'string' ? unpackedTargetKey(this.keys) : Object.freeze(this.keys.map(unpackedTargetKey));
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
    const mask = this.delivery.serviceMask;
    if (mask === EVERY_SERVICE) return undefined;
    return new Set((Object.keys(SERVICE_BITS) as RecordService[]).filter((s) => (mask & SERVICE_BITS[s]) !== 0));
  }

  get targetKeys(): ReadonlySet<string> {
    const t = this.targets;
    return new Set(typeof t === 'string' ? [t] : t);
  }

  covers(service: RecordService | undefined): boolean {
    const mask = this.delivery.serviceMask;
    if (mask === EVERY_SERVICE) return true;
    return service !== undefined && (mask & SERVICE_BITS[service]) !== 0;
  }

  /** Whether `key` (a comparison key, targetKeyOf) is one of the task's targets. */
  hasTarget(key: string): boolean {
    return this.hasPackedTarget(packedTargetKey(key));
  }

  /** hasTarget for a key already packed (packedTargetKey): the guard's per-record form. */
  hasPackedTarget(packed: string): boolean {
    return typeof this.keys === 'string' ? this.keys === packed : this.keys.includes(packed);
  }
}

/**
 * Target kinds whose comparison key is "<kind>:<digits>" (targetKeyOf: E.164, IMSI, IMEI by TAC+SNR):
 * packed as BCD. A packed key starts with a control character (1–6), which no kind name does, so a
 * packed key never equals an unpacked one and packing stays one-to-one.
 */
const PACKED_KINDS = ['e164Number', 'imsi', 'imei'] as const;
const DIGITS_KEY = /^(e164Number|imsi|imei):([0-9]{1,40})$/;

/** A comparison key in the form the guard keeps: an all-digit identity as one char per two digits. */
export function packedTargetKey(key: string): string {
  const m = DIGITS_KEY.exec(key);
  if (!m) return key;
  const digits = m[2]!;
  const codes = [PACKED_KINDS.indexOf(m[1] as (typeof PACKED_KINDS)[number]) * 2 + (digits.length & 1) + 1];
  for (let i = 0; i + 1 < digits.length; i += 2) codes.push((digits.charCodeAt(i) - 48) * 10 + digits.charCodeAt(i + 1) - 48);
  if (digits.length & 1) codes.push(digits.charCodeAt(digits.length - 1) - 48);
  // fromCharCode of codes < 256: one flat one-byte string of 1 + ceil(digits / 2) characters.
  return String.fromCharCode(...codes);
}

/** The inverse of packedTargetKey. */
export function unpackedTargetKey(packed: string): string {
  const head = packed.charCodeAt(0);
  if (!(head >= 1 && head <= 2 * PACKED_KINDS.length)) return packed;
  const odd = (head - 1) & 1;
  let digits = '';
  const pairs = packed.length - 1 - odd;
  for (let i = 1; i <= pairs; i++) digits += packed.charCodeAt(i).toString().padStart(2, '0');
  if (odd) digits += String(packed.charCodeAt(packed.length - 1));
  return `${PACKED_KINDS[(head - 1) >> 1]!}:${digits}`;
}

/** Distinct delivery profiles shared; beyond it a task keeps its own (memory bounded whatever arrives). */
const MAX_SHARED_PROFILES = 4096;
const SHARED_PROFILES = new Map<string, DeliveryProfile>();

function deliveryProfile(f: MediationTaskFields): DeliveryProfile {
  const pois = f.taskedPois === undefined ? undefined : sharedList(f.taskedPois);
  // JSON: one key per distinct profile whatever the strings hold (a collision would hand a task another's POIs).
  const key = JSON.stringify([f.hiDelivery, f.hi2Destination ?? null, f.hi3Destination ?? null, f.authorizationCountryCode, f.serviceMask, pois ?? null]);
  const known = SHARED_PROFILES.get(key);
  if (known) return known;
  const p: DeliveryProfile = Object.freeze({
    hiDelivery: f.hiDelivery, hi2Destination: f.hi2Destination, hi3Destination: f.hi3Destination,
    authorizationCountryCode: f.authorizationCountryCode, taskedPois: pois, serviceMask: f.serviceMask,
  });
  if (SHARED_PROFILES.size < MAX_SHARED_PROFILES) SHARED_PROFILES.set(key, p);
  return p;
}

/** Distinct POI lists shared; beyond it a task keeps its own frozen copy (memory bounded whatever arrives). */
const MAX_SHARED_LISTS = 4096;
const SHARED_LISTS = new Map<string, readonly string[]>();
const EMPTY: readonly string[] = Object.freeze([]);

/** One frozen array per distinct list of strings (thousands of tasks name the same few POIs). */
function sharedList(list: readonly string[]): readonly string[] {
  if (list.length === 0) return EMPTY;
  const key = JSON.stringify(list);
  const known = SHARED_LISTS.get(key);
  if (known) return known;
  const copy = Object.isFrozen(list) ? list : Object.freeze([...list]);
  if (SHARED_LISTS.size < MAX_SHARED_LISTS) SHARED_LISTS.set(key, copy);
  return copy;
}
